import { Link } from "@remix-run/react";
import type React from "react";
import { PeriodText, SanctionBadge, SanctionStateBadge, Stars } from "~/components/trust";
import { useT } from "~/lib/i18n-react";
import type { AgencyTrustRecord } from "./types";

function RecordCard({ id, title, count, children }: { id: string; title: string; count: number; children: React.ReactNode }) {
  const t = useT();
  return (
    <section className="card record-card" aria-labelledby={id} data-testid={`record-${id}`}>
      <h2 id={id} className="h3">
        {title}
      </h2>
      {count === 0 ? <p className="muted">{t("profile.noRecords")}</p> : children}
    </section>
  );
}

/** The public trust record, one card per kind: integrity events, reviews, ratings, complaints, sanctions, rewards, assessments, cases, repair. */
export function AgencyRecords({ trust }: { trust: AgencyTrustRecord }) {
  const t = useT();
  return (
    <div className="section">
      <div className="records-grid">
        <RecordCard
          id="integrity"
          title={t("profile.integrity")}
          count={trust.credit?.breakdown.deductions.filter((d) => d.source === "event").length ?? 0}
        >
          <ul className="plain-list small">
            {trust.credit?.breakdown.deductions
              .filter((d) => d.source === "event")
              .map((d) => (
                <li key={d.id}>
                  {t.date(d.from)} · {t(`credit.kind.${d.kind}`)} ·{" "}
                  <span className={`badge ${d.state === "active" ? "badge-warn" : "badge-muted"}`}>{t(`credit.state.${d.state}`)}</span>
                  {d.projectId && (
                    <>
                      {" "}
                      · <Link to={`/projects/${d.projectId}`}>{t("credit.source.project")}</Link>
                    </>
                  )}
                </li>
              ))}
          </ul>
        </RecordCard>
        <RecordCard id="reviews" title={t("profile.reviews")} count={trust.reviews.reviews.length}>
          <p className="small">
            {trust.reviews.summary.average != null &&
              t("review.summary", { avg: trust.reviews.summary.average.toFixed(2), count: trust.reviews.summary.count })}{" "}
            <Link to="/reviews/how">{t("reviews.how")}</Link>
          </p>
          <ul className="plain-list small reviews" data-testid="reviews">
            {trust.reviews.reviews.slice(0, 10).map((r) => (
              <li key={r.id}>
                {r.overall != null ? (
                  <Stars value={r.overall} />
                ) : (
                  <span className="badge badge-muted">{t("review.removed", { reason: t(`review.removal.${r.removedReason}`) })}</span>
                )}{" "}
                <span className="muted small">
                  {r.reviewerName} · {t.date(r.visibleFrom)} · <Link to={`/projects/${r.projectId}`}>{r.title}</Link>
                </span>
                {r.body && <p className="prewrap">{r.body}</p>}
                {r.reply && (
                  <p className="reply small">
                    <strong>{t("review.agencyReply")}：</strong>
                    {r.reply}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </RecordCard>
        <RecordCard id="dept" title={t("profile.deptAssessment")} count={trust.departmentRatings.length}>
          <ul className="plain-list small">
            {trust.departmentRatings.map((d) => (
              <li key={d.id}>
                <Stars value={d.score} /> {d.regulatorName} · {t.date(d.createdAt)} · <Link to={`/projects/${d.projectId}`}>{d.title}</Link>
                <p>{d.comment}</p>
              </li>
            ))}
          </ul>
        </RecordCard>
        <RecordCard id="complaints" title={t("profile.complaints")} count={trust.complaints.length}>
          <ul className="plain-list small">
            {trust.complaints.map((c) => (
              <li key={c.id}>
                {t.date(c.createdAt)} · <Link to={`/projects/${c.projectId}`}>{c.title}</Link> ·{" "}
                <span className={`badge ${c.status === "upheld" ? "badge-warn" : "badge-muted"}`}>{t(`complaint.status.${c.status}`)}</span>
                {c.decisionReason && <p>{c.decisionReason}</p>}
              </li>
            ))}
          </ul>
        </RecordCard>
        <RecordCard id="penalties" title={t("profile.penalties")} count={trust.penalties.length}>
          <ul className="plain-list small" data-testid="sanctions">
            {trust.penalties.map((s) => (
              <li key={s.id}>
                <SanctionBadge type={s.type} /> <SanctionStateBadge state={s.state} />{" "}
                <Link to={`/sanctions/${s.id}`}>{s.decisionRef}</Link> · <PeriodText startsAt={s.startsAt} endsAt={s.endsAt} />
                {s.relation !== "subject" && (
                  <>
                    {" "}
                    · {t(`sanction.relation.${s.relation}`)}：{s.subjectName}
                  </>
                )}
                <p>
                  {s.issuerName}：{s.grounds}
                </p>
              </li>
            ))}
          </ul>
        </RecordCard>
        <RecordCard id="rewards" title={t("profile.rewards")} count={trust.rewards.length}>
          <ul className="plain-list small">
            {trust.rewards.map((s) => (
              <li key={s.id}>
                <SanctionBadge type={s.type} /> <Link to={`/sanctions/${s.id}`}>{s.decisionRef}</Link> ·{" "}
                <PeriodText startsAt={s.startsAt} endsAt={s.endsAt} />
                <p>
                  {s.issuerName}：{s.grounds}
                </p>
              </li>
            ))}
          </ul>
        </RecordCard>
        <RecordCard id="assessments" title={t("profile.assessments")} count={trust.assessments.length}>
          <ul className="plain-list small">
            {trust.assessments.map((a) => (
              <li key={a.id}>
                {a.quarter} · {a.officeName} · <strong>{a.total}</strong> {t(`assessment.grade.${a.grade}`)}
                <p className="muted">
                  {(["efficiency", "fees", "quality", "integrity", "satisfaction"] as const)
                    .map((d) => `${t(`assessment.dim.${d}`)} ${a[d]}`)
                    .join(" · ")}
                  {a.adjustment ? ` · ${t("assessment.adjustment")} ${a.adjustment}：${a.adjustmentReason}` : ""}
                </p>
              </li>
            ))}
          </ul>
        </RecordCard>
        <RecordCard id="cases" title={t("case.public")} count={trust.cases.length}>
          <ul className="plain-list small">
            {trust.cases.map((c) => (
              <li key={c.id}>
                <Link to={`/cases/${c.id}`}>{c.title}</Link> · {c.regulatorName} ·{" "}
                <span className="badge badge-muted">{t(`case.status.${c.status}`)}</span>
                {c.violation && <> · {t(`case.violation.${c.violation}`)}</>}
              </li>
            ))}
          </ul>
        </RecordCard>
        <RecordCard id="repair" title={t("profile.repair")} count={trust.applications.length}>
          <ul className="plain-list small">
            {trust.applications.map((a) => (
              <li key={a.id}>
                {t.date(a.createdAt)} · {t(`application.kind.${a.kind}`)} ·{" "}
                <span className="badge badge-muted">{t(`application.status.${a.status}`)}</span>
                {a.decisionReason && (
                  <p>
                    {a.decidedByName}：{a.decisionReason}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </RecordCard>
      </div>
    </div>
  );
}
