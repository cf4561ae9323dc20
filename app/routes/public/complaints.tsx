import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { complaintCounts, listPublicComplaints } from "~/modules/trust/complaints.server";
import { COMPLAINT_STATUSES, PublicComplaintsQuerySchema } from "~/modules/trust/trust.schema";

export const meta = titleMeta("complaints.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = PublicComplaintsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [rows, counts] = await Promise.all([listPublicComplaints(context.db, q), complaintCounts(context.db)]);
  return { rows, counts, q };
}

export default function Complaints() {
  const { rows, counts, q } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("complaints.title")}</h1>
      <p className="lead">{t("complaints.lead")}</p>
      <p>
        {t("complaints.counts", {
          total: counts.total,
          pending: counts.pending,
          upheld: counts.upheld,
          dismissed: counts.dismissed,
          overdue: counts.overdue,
        })}
      </p>
      <nav className="tabs" aria-label={t("complaints.filter")}>
        {(["", ...COMPLAINT_STATUSES] as const).map((s) => (
          <Link
            key={s}
            to={s ? `/complaints?status=${s}` : "/complaints"}
            className="tab"
            aria-current={(q.status ?? "") === s ? "page" : undefined}
          >
            {t(s ? `complaint.status.${s}` : "complaints.all")}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="empty-state">{t("complaints.empty")}</p>
      ) : (
        <TableWrap label={t("complaints.title")}>
          <table className="table" data-testid="complaints">
            <thead>
              <tr>
                <th scope="col">{t("complaints.col.subject")}</th>
                <th scope="col">{t("complaints.col.project")}</th>
                <th scope="col">{t("complaints.col.provisions")}</th>
                <th scope="col">{t("complaints.col.filed")}</th>
                <th scope="col">{t("complaints.col.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.subjectType === "agency" ? (
                      <Link to={`/agencies/${c.agencyId}`}>{c.agencyName}</Link>
                    ) : (
                      <>
                        {c.ownerName}
                        <span className="sub">{t("complaint.aboutProject")}</span>
                      </>
                    )}
                  </th>
                  <td>
                    <Link to={`/projects/${c.projectId}`}>{c.title}</Link>
                  </td>
                  <td>{c.provisions}</td>
                  <td>{t.date(c.createdAt)}</td>
                  <td>
                    <span className={`badge ${c.status === "upheld" ? "badge-warn" : "badge-muted"}`}>
                      {t(`complaint.status.${c.status}`)}
                    </span>
                    {c.overdue && <span className="badge badge-warn">{t("complaint.overdue")}</span>}
                    {c.status === "pending" ? (
                      <span className="sub">{t("complaint.dueOn", { date: t.date(c.dueAt) })}</span>
                    ) : (
                      <span className="sub">
                        {c.decidedByName} · {t.date(c.decidedAt!)}：{c.decisionReason}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p className="small muted">{t("complaints.privacy")}</p>
    </>
  );
}
