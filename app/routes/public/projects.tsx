import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { listPublicProjects } from "~/modules/procurement/projects.server";

export const meta = titleMeta("projects.title");

export async function loader({ context }: LoaderFunctionArgs) {
  return { projects: await listPublicProjects(context.db) };
}

export default function Projects() {
  const { projects } = useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  return (
    <>
      <h1>{t("projects.title")}</h1>
      <p className="lead">{t("projects.lead")}</p>
      {projects.length === 0 ? (
        <p className="empty-state">{t("projects.empty")}</p>
      ) : (
        <TableWrap label={t("projects.title")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("projects.col.title")}</th>
                <th scope="col">{t("projects.col.item")}</th>
                <th scope="col">{t("projects.col.owner")}</th>
                <th scope="col">{t("projects.col.ceiling")}</th>
                <th scope="col">{t("projects.col.method")}</th>
                <th scope="col">{t("projects.col.deadline")}</th>
                <th scope="col">{t("projects.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/projects/${p.id}`}>{p.title}</Link>
                    {p.governmentFunded && <span className="badge badge-muted">{t("projects.governmentFunded")}</span>}
                  </th>
                  <td>{en ? p.itemNameEn : p.itemNameZh}</td>
                  <td>{p.ownerName}</td>
                  <td>{p.priceCeilingFen != null ? t.money(p.priceCeilingFen) : "—"}</td>
                  <td>{t(`method.${p.selectionMethod}`)}</td>
                  <td>{p.bidDeadline ? t.dateTime(p.bidDeadline) : "—"}</td>
                  <td>
                    <span className="badge badge-muted">{t(`project.state.${p.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
