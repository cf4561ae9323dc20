import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { listOfficeCases } from "~/modules/oversight/cases.server";
import { requireOrgKind } from "~/web/guards.server";

export const meta = titleMeta("case.office");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  return { cases: await listOfficeCases(context.db, viewer) };
}

export default function OfficeCases() {
  const { cases } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("case.office")}</h1>
      <p className="lead">{t("case.officeLead")}</p>
      <p className="cta-row">
        <Link to="/regulator/cases/new?origin=initiative" className="button button-primary">
          {t("case.new")}
        </Link>
        <Link to="/regulator/risk" className="button">
          {t("risk.title")}
        </Link>
      </p>
      {cases.length === 0 ? (
        <p className="empty-state">{t("case.none")}</p>
      ) : (
        <TableWrap label={t("case.office")}>
          <table className="table" data-testid="cases">
            <thead>
              <tr>
                <th scope="col">{t("case.col.title")}</th>
                <th scope="col">{t("case.col.subject")}</th>
                <th scope="col">{t("case.col.origin")}</th>
                <th scope="col">{t("case.col.status")}</th>
                <th scope="col">{t("case.col.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/cases/${c.id}`}>{c.title}</Link>
                  </th>
                  <td>{c.projectTitle ?? c.agencyName ?? c.ownerName}</td>
                  <td>
                    {t(`case.origin.${c.origin}`)}
                    {c.flag && ` · ${t(`flag.${c.flag}.name`)}`}
                  </td>
                  <td>
                    <span className="badge badge-muted">{t(`case.status.${c.status}`)}</span>
                  </td>
                  <td>{t.dateTime(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
