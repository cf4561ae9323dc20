import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { listOwnComplaints } from "~/modules/trust/complaints.server";
import { requireOrgMember } from "~/web/guards.server";

export const meta = titleMeta("complaints.mine");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgMember(context, request);
  return { rows: await listOwnComplaints(context.db, viewer) };
}

export default function MyComplaints() {
  const { rows } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("complaints.mine")}</h1>
      {params.get("filed") && (
        <p className="alert alert-success" role="status">
          {t("complaint.filedNotice")}
        </p>
      )}
      <p className="lead">{t("complaints.mineLead")}</p>
      {rows.length === 0 ? (
        <p className="empty-state">{t("complaints.mineEmpty")}</p>
      ) : (
        <ul className="queue" data-testid="my-complaints">
          {rows.map((c) => (
            <li key={c.id} className="card">
              <h2 className="h3">
                <Link to={`/projects/${c.projectId}`}>{c.title}</Link>
              </h2>
              <p className="muted small">
                {c.subjectType === "agency"
                  ? t("complaint.aboutAgency", { name: c.agencyName ?? "" })
                  : t("complaint.aboutProjectOf", { name: c.ownerName })}{" "}
                · {t.date(c.createdAt)}
              </p>
              <p className="prewrap">{c.facts}</p>
              <p>
                <strong>{t("complaint.provisions")}：</strong>
                {c.provisions}
              </p>
              <p>
                <span className={`badge ${c.status === "upheld" ? "badge-warn" : "badge-muted"}`}>{t(`complaint.status.${c.status}`)}</span>
                {c.overdue && <span className="badge badge-warn">{t("complaint.overdue")}</span>}{" "}
                {c.status === "pending"
                  ? t("complaint.dueOn", { date: t.date(c.dueAt) })
                  : `${c.decidedByName ?? ""}：${c.decisionReason ?? ""}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
