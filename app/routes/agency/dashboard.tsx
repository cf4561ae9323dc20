import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FeeText } from "~/components/fee";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { getAgencyDashboard } from "~/modules/agencies/profile.server";
import { listNotifications } from "~/modules/agencies/qualifications.server";
import { beijingDate } from "~/lib/beijing-calendar";
import { listAgencyBids } from "~/modules/procurement/bids.server";
import { agencyNextAction } from "~/modules/procurement/projects.rules";
import { requireOrgKind } from "~/web/guards.server";
import { PendingReviews } from "~/components/pending-reviews";
import { GradeBadge } from "~/components/trust";
import { getCreditReport } from "~/modules/trust/credit.server";
import { pendingReviews } from "~/modules/trust/reviews.server";

export const meta = titleMeta("dashboard.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  const [dash, notifications, bids, credit, reviewsDue] = await Promise.all([
    getAgencyDashboard(context.db, viewer, beijingDate(new Date())),
    listNotifications(context.db, viewer.org.id),
    listAgencyBids(context.db, viewer),
    getCreditReport(context.db, viewer.org.id),
    pendingReviews(context.db, viewer),
  ]);
  return {
    orgId: viewer.org.id,
    orgName: viewer.org.name,
    ...dash,
    notifications,
    bids,
    credit: credit ? { grade: credit.grade, scoreCenti: credit.scoreCenti } : null,
    reviewsDue,
  };
}

export default function Dashboard() {
  const { orgId, orgName, completeness, services, qualifications, notifications, bids, credit, reviewsDue } =
    useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  return (
    <>
      <h1>
        {t("dashboard.title")} <span className="sub-heading">{orgName}</span>
      </h1>
      <p className="cta-row">
        <Link to={`/agencies/${orgId}`} className="button">
          {t("dashboard.viewProfile")}
        </Link>
        <Link to="/agency/profile" className="button">
          {t("dashboard.editProfile")}
        </Link>
        <Link to="/agency/credit" className="button">
          {t("credit.mine")}
        </Link>
        <Link to="/agency/payouts" className="button">
          {t("payout.title")}
        </Link>
      </p>
      {credit && (
        <p>
          {t("credit.title")}：<GradeBadge grade={credit.grade} scoreCenti={credit.scoreCenti} link="/agency/credit" />
        </p>
      )}
      <PendingReviews rows={reviewsDue} />
      <section className="section card" aria-labelledby="completeness">
        <h2 id="completeness">{t("dashboard.completeness", { percent: completeness.percent })}</h2>
        <progress max={100} value={completeness.percent} aria-labelledby="completeness" className="progress" />
        {completeness.missing.length > 0 && (
          <ul className="plain-list">
            {completeness.missing.map((m) => (
              <li key={m}>{t(`dashboard.missing.${m}`)}</li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="mybids">
        <h2 id="mybids">{t("dashboard.bids")}</h2>
        {bids.length === 0 ? (
          <p className="muted">{t("dashboard.bids.none")}</p>
        ) : (
          <TableWrap label={t("dashboard.bids")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.col.project")}</th>
                  <th scope="col">{t("dashboard.col.price")}</th>
                  <th scope="col">{t("dashboard.col.status")}</th>
                  <th scope="col">{t("dashboard.col.deadline")}</th>
                  <th scope="col">{t("next.title")}</th>
                </tr>
              </thead>
              <tbody>
                {bids.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link to={`/projects/${b.projectId}`}>{b.title}</Link>
                    </td>
                    <td>{t.money(b.priceFen)}</td>
                    <td>
                      {t(`bid.status.${b.status}`)}
                      {b.awardId && <span className="badge badge-ok">{t("dashboard.won")}</span>}
                    </td>
                    <td>
                      {b.bidDeadline ? t.dateTime(b.bidDeadline) : "—"} · {t(`project.state.${b.projectStatus}`)}
                    </td>
                    <td>
                      {(() => {
                        const next = agencyNextAction(b.status, b.projectStatus, !!b.awardId);
                        return next ? <Link to={`/projects/${b.projectId}`}>{t(`next.agency.${next}`)}</Link> : "—";
                      })()}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section className="section" aria-labelledby="svc">
        <div className="results-head">
          <h2 id="svc">{t("dashboard.services")}</h2>
          <Link to="/agency/services/new" className="button button-primary">
            {t("dashboard.addService")}
          </Link>
        </div>
        {services.length === 0 ? (
          <p className="empty-state">{t("profile.fees.none")}</p>
        ) : (
          <TableWrap label={t("dashboard.services")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("profile.col.item")}</th>
                  <th scope="col">{t("profile.col.fee")}</th>
                  <th scope="col">{t("profile.col.days")}</th>
                  <th scope="col">{t("dashboard.col.status")}</th>
                  <th scope="col">{t("profile.col.qualification")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("dashboard.edit")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {services.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {en ? s.itemNameEn : s.itemNameZh}
                      <span className="sub">{t("profile.fees.version", { version: s.version })}</span>
                    </th>
                    <td>
                      <FeeText fee={s} />
                    </td>
                    <td>{t("services.days", { days: s.committedDays })}</td>
                    <td>{s.active ? t("dashboard.active") : t("dashboard.inactive")}</td>
                    <td>
                      {s.requiredQualificationZh ? (
                        s.verified ? (
                          <span className="badge badge-ok">{t("agencies.verified")}</span>
                        ) : (
                          <span className="badge badge-muted">{t("agencies.notVerified")}</span>
                        )
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>
                      <Link
                        to={`/agency/services/${s.serviceItemId}`}
                        aria-label={`${t("dashboard.edit")} ${en ? s.itemNameEn : s.itemNameZh}`}
                      >
                        {t("dashboard.edit")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section className="section" aria-labelledby="quals">
        <div className="results-head">
          <h2 id="quals">{t("dashboard.qualifications")}</h2>
          <Link to="/agency/qualifications/new" className="button button-primary">
            {t("dashboard.addQualification")}
          </Link>
        </div>
        {qualifications.length === 0 ? (
          <p className="empty-state">{t("profile.qualifications.none")}</p>
        ) : (
          <TableWrap label={t("dashboard.qualifications")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("profile.col.item")}</th>
                  <th scope="col">{t("profile.col.type")}</th>
                  <th scope="col">{t("profile.col.number")}</th>
                  <th scope="col">{t("profile.col.validity")}</th>
                  <th scope="col">{t("profile.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {qualifications.map((q) => (
                  <tr key={q.id}>
                    <td>{en ? q.itemNameEn : q.itemNameZh}</td>
                    <td>{q.qualType}</td>
                    <td>{q.documentFileId ? <a href={`/files/${q.documentFileId}`}>{q.certificateNo}</a> : q.certificateNo}</td>
                    <td>
                      {q.validFrom} – {q.validTo}
                    </td>
                    <td>
                      <span
                        className={`badge ${q.state === "verified" ? "badge-ok" : q.state === "expiringSoon" || q.state === "rejected" || q.state === "expired" ? "badge-warn" : "badge-muted"}`}
                      >
                        {t(`qual.state.${q.state}`)}
                      </span>
                      {q.state === "rejected" && q.reviewReason && <span className="sub">{q.reviewReason}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section className="section" aria-labelledby="notes">
        <h2 id="notes">{t("dashboard.notifications")}</h2>
        {notifications.length === 0 ? (
          <p className="muted">{t("dashboard.notifications.none")}</p>
        ) : (
          <ul className="plain-list notifications">
            {notifications.map((n) => (
              <li key={n.id}>
                <span className="muted small">{t.dateTime(n.createdAt)}</span> {t(`notify.${n.kind}`, n.params as Record<string, string>)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
