import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { listAllPublicCases } from "~/modules/oversight/cases.server";

export const meta = titleMeta("case.public");

export async function loader({ context }: LoaderFunctionArgs) {
  return { cases: await listAllPublicCases(context.db) };
}

export default function PublicCases() {
  const { cases } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("case.public")}</h1>
      <p className="lead">{t("case.publicLead")}</p>
      {cases.length === 0 ? (
        <p className="empty-state">{t("case.none")}</p>
      ) : (
        <TableWrap label={t("case.public")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("case.col.title")}</th>
                <th scope="col">{t("case.office")}</th>
                <th scope="col">{t("case.col.status")}</th>
                <th scope="col">{t("case.conclusion")}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/cases/${c.id}`}>{c.title}</Link>
                  </th>
                  <td>{c.regulatorName}</td>
                  <td>
                    <span className="badge badge-muted">{t(`case.status.${c.status}`)}</span>
                  </td>
                  <td>{c.violation ? t(`case.violation.${c.violation}`) : c.conclusion ? t("case.noViolation") : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
