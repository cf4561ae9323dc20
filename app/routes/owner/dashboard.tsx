import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { ownerNextAction } from "~/modules/procurement/projects.rules";
import { listOwnerProjects } from "~/modules/procurement/projects.server";
import { requireOrgKind } from "~/web/guards.server";
import { PendingReviews } from "~/components/pending-reviews";
import { pendingReviews } from "~/modules/trust/reviews.server";

export const meta = titleMeta("owner.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "owner");
  const [projects, reviewsDue] = await Promise.all([listOwnerProjects(context.db, viewer), pendingReviews(context.db, viewer)]);
  return { orgName: viewer.org.name, projects, reviewsDue };
}

export default function OwnerDashboard() {
  const { orgName, projects, reviewsDue } = useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  return (
    <>
      <div className="results-head">
        <h1>
          {t("owner.title")} <span className="sub-heading">{orgName}</span>
        </h1>
        <Link to="/owner/projects/new" className="button button-primary">
          {t("owner.new")}
        </Link>
      </div>
      <PendingReviews rows={reviewsDue} />
      {projects.length === 0 ? (
        <p className="empty-state">{t("owner.noProjects")}</p>
      ) : (
        <TableWrap label={t("owner.title")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("projects.col.title")}</th>
                <th scope="col">{t("projects.col.item")}</th>
                <th scope="col">{t("projects.col.method")}</th>
                <th scope="col">{t("projects.col.deadline")}</th>
                <th scope="col">{t("owner.col.bids")}</th>
                <th scope="col">{t("projects.col.status")}</th>
                <th scope="col">{t("next.title")}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={p.status === "draft" ? `/owner/projects/${p.id}` : `/projects/${p.id}`}>{p.title}</Link>
                  </th>
                  <td>{en ? p.itemNameEn : p.itemNameZh}</td>
                  <td>{t(`method.${p.selectionMethod}`)}</td>
                  <td>{p.bidDeadline ? t.dateTime(p.bidDeadline) : "—"}</td>
                  <td>{p.bidCount ?? "—"}</td>
                  <td>
                    <span className="badge badge-muted">{t(`project.state.${p.status}`)}</span>
                  </td>
                  <td>
                    {(() => {
                      const next = ownerNextAction(p.status, p.selectionMethod);
                      return next ? (
                        <Link to={p.status === "draft" ? `/owner/projects/${p.id}` : `/projects/${p.id}`}>{t(`next.owner.${next}`)}</Link>
                      ) : (
                        "—"
                      );
                    })()}
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
