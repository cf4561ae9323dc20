import { Link, useSearchParams } from "@remix-run/react";
import { ActionAlert, IntentButton } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import type { ProjectView } from "./types";

// The notices the page's actions redirect back with (`?bid=2`, `?signed=1`).
const NOTICES = [
  "bid",
  "withdrawn",
  "asked",
  "answered",
  "awarded",
  "signed",
  "delivered",
  "accepted",
  "returned",
  "abandoned",
  "published",
  "objected",
  "objectionAnswered",
  "escalated",
  "reviewed",
  "replied",
  "rated",
  "terminated",
  "milestones",
  "milestoneAccepted",
  "paidOffline",
  "refundOrdered",
  "paid",
];

/**
 * The title and state, the owner's way to start a failed project again, and what the last form did (a
 * refusal, unless it belongs to one of the `claimed` forms, which shows its own).
 */
export function ProjectHeader({ view, claimed }: { view: ProjectView; claimed: readonly string[] }) {
  const t = useT();
  const [params] = useSearchParams();
  const p = view.project;
  const notices = NOTICES.filter((k) => params.get(k));
  return (
    <>
      <header className="profile-head">
        <p className="muted small">
          <Link to="/projects">{t("projects.title")}</Link> · <span className="badge badge-muted">{t(`project.state.${p.status}`)}</span>
          {p.governmentFunded && <span className="badge badge-muted">{t("projects.governmentFunded")}</span>}
        </p>
        <h1>{p.title}</h1>
        {p.status === "failed" && p.statusReason && (
          <p className="alert alert-error">{t("project.failed", { reason: t(`project.failReason.${p.statusReason}`) })}</p>
        )}
        {view.isOwner && (p.status === "failed" || p.status === "cancelled") && (
          <IntentButton intent="copy">{t("project.republish")}</IntentButton>
        )}
      </header>
      {notices.map((k) => (
        <p key={k} className="alert alert-success" role="status">
          {t(`project.notice.${k}`, { version: params.get(k) ?? "" })}
        </p>
      ))}
      <ActionAlert except={claimed} />
    </>
  );
}
