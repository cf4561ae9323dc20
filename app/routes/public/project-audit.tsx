import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { projectAuditTrail } from "~/modules/audit/project-audit.server";
import { notFound } from "~/web/guards.server";

export const meta = titleMeta("audit.project");

export async function loader({ params, context }: LoaderFunctionArgs) {
  const trail = await projectAuditTrail(context.db, context.viewer, params.id ?? "");
  if (!trail) notFound();
  return trail;
}

export default function ProjectAudit() {
  const { project, events } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article>
      <p className="muted small">
        <Link to={`/projects/${project.id}`}>{project.title}</Link>
      </p>
      <h1>{t("audit.project")}</h1>
      <p className="lead">
        {t("audit.projectLead")} <a href={`/projects/${project.id}/audit.json`}>{t("audit.json")}</a>
      </p>
      <TableWrap label={t("audit.project")}>
        <table className="table small" data-testid="project-audit">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("eligibility.col.time")}</th>
              <th scope="col">{t("audit.col.action")}</th>
              <th scope="col">{t("audit.col.hash")}</th>
              <th scope="col">{t("audit.col.check")}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{e.id}</td>
                <td>{t.dateTime(e.occurredAt)}</td>
                <td>
                  <code>{e.action}</code>
                  {!e.body && <span className="sub">{t("audit.withheld")}</span>}
                </td>
                <td>
                  <code className="hash">{e.hash.slice(0, 16)}…</code>
                  <span className="sub">← {e.prevHash.slice(0, 12)}…</span>
                </td>
                <td>{e.ok ? <span className="check-ok">✔</span> : <span className="check-bad">✘</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </article>
  );
}
