import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import type { ProjectView } from "./types";

/** The procurement notice: who buys what, where, at what ceiling, how the agency is chosen, by when. */
export function ProjectNotice({ view }: { view: ProjectView }) {
  const t = useT();
  const en = t.locale === "en";
  const p = view.project;
  return (
    <section className="section" aria-labelledby="notice">
      <h2 id="notice">{t("project.notice")}</h2>
      <dl className="facts">
        <dt>{t("project.owner")}</dt>
        <dd>{p.ownerName}</dd>
        <dt>{t("project.item")}</dt>
        <dd>{en ? p.itemNameEn : p.itemNameZh}</dd>
        <dt>{t("project.region")}</dt>
        <dd>{p.regionName}</dd>
        <dt>{t("project.ceiling")}</dt>
        <dd>{p.priceCeilingFen != null ? t.money(p.priceCeilingFen) : "—"}</dd>
        {p.priceFloorFen != null && (
          <>
            <dt>{t("project.floor")}</dt>
            <dd>{t.money(p.priceFloorFen)}</dd>
          </>
        )}
        <dt>{t("project.funding")}</dt>
        <dd>{t(p.governmentFunded ? "project.funding.government" : "project.funding.owner")}</dd>
        <dt>{t("project.method")}</dt>
        <dd>
          {t(`method.${p.selectionMethod}`)}
          {p.selectionMethod === "scored" && (
            <span className="sub">
              {t("project.weights", { price: p.priceWeight ?? 0, technical: p.technicalWeight ?? 0, credit: p.creditWeight ?? 0 })}
            </span>
          )}
        </dd>
        <dt>{t("project.deadline")}</dt>
        <dd data-testid="deadline">{p.bidDeadline ? t.dateTime(p.bidDeadline) : "—"}</dd>
        <dt>{t("project.expectedDays")}</dt>
        <dd>{p.expectedDays ? t("services.days", { days: p.expectedDays }) : "—"}</dd>
        {p.publishedAt && (
          <>
            <dt>{t("project.publishedAt")}</dt>
            <dd>{t.dateTime(p.publishedAt)}</dd>
          </>
        )}
        {p.drawCommitment && (
          <>
            <dt>{t("project.commitment")}</dt>
            <dd>
              <code className="hash" data-testid="commitment">
                {p.drawCommitment}
              </code>
              <span className="sub">{t("project.commitment.hint")}</span>
            </dd>
          </>
        )}
      </dl>
      <h3>{t("project.description")}</h3>
      <p className="prewrap">{p.description}</p>
      <h3>{t("project.deliverables")}</h3>
      <p className="prewrap">{p.deliverables}</p>
      {view.attachments.length > 0 && (
        <>
          <h3>{t("attachments.title")}</h3>
          <ul className="plain-list" data-testid="attachments">
            {view.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/files/${a.fileId}`}>{a.title}</a>{" "}
                {a.confidential && <span className="badge badge-muted">{t("attachments.confidential")}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {view.isOwner && ["draft", "bidding"].includes(p.status) && (
        <p>
          <Link to={`/owner/projects/${p.id}`} className="button">
            {t("owner.edit")}
          </Link>
        </p>
      )}
    </section>
  );
}
