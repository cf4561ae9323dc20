import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type React from "react";
import { FeeText, RegionsText } from "~/components/fee";
import { TableWrap } from "~/components/table-wrap";
import { translate } from "~/i18n";
import { useT } from "~/lib/i18n-react";
import { PLEDGES } from "~/modules/agencies/pledge";
import { getPublicProfile } from "~/modules/agencies/profile.server";
import { beijingDate } from "~/lib/beijing-calendar";
import { regionNames } from "~/modules/catalogue/catalogue.server";
import { getPublicTrustRecord } from "~/modules/trust/trust-views.server";
import { RESTRICTING_TYPES } from "~/modules/trust/sanctions.rules";
import { GradeBadge, PeriodText, SanctionBadge, SanctionStateBadge, Stars } from "~/components/trust";
import type { RootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [{ title: `${data?.profile.name ?? translate(locale, "errors.notFound")} · ${translate(locale, "app.name")}` }];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const profile = await getPublicProfile(context.db, params.id ?? "", beijingDate(new Date()));
  if (!profile) throw new Response("Not Found", { status: 404 });
  const [names, trust] = await Promise.all([
    regionNames(context.db, [...profile.services.flatMap((s) => s.regions), ...profile.versions.flatMap((v) => v.regions)]),
    getPublicTrustRecord(context.db, profile.id),
  ]);
  return { profile, names, trust, isRegulator: context.viewer?.org?.kind === "regulator" };
}

function RecordCard({ id, title, count, children }: { id: string; title: string; count: number; children: React.ReactNode }) {
  const t = useT();
  return (
    <section className="card record-card" aria-labelledby={id} data-testid={`record-${id}`}>
      <h2 id={id} className="h3">{title}</h2>
      {count === 0 ? <p className="muted">{t("profile.noRecords")}</p> : children}
    </section>
  );
}

export default function AgencyProfile() {
  const { profile: p, names, trust, isRegulator } = useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  const pledge = p.pledgeVersion ? PLEDGES[p.pledgeVersion] : null;
  return (
    <article className="profile">
      <header className="profile-head">
        <h1>{p.name}</h1>
        <p className="muted">
          {t("profile.creditCode")} <code>{p.creditCode}</code> · {p.parentRegionName ? `${p.parentRegionName} ` : ""}
          {p.regionName} · {t("profile.registered")} {t.date(p.createdAt)}
        </p>
        {trust.credit && (
          <p>
            {t("credit.title")}：<GradeBadge grade={trust.credit.grade} scoreCenti={trust.credit.scoreCenti} link={`/agencies/${p.id}/credit`} />{" "}
            <Link to={`/agencies/${p.id}/credit`} className="small">{t("credit.breakdownLink")}</Link>
            {trust.penalties.some((s) => s.state === "inForce" && RESTRICTING_TYPES.includes(s.type as never)) && <span className="badge badge-warn">{t("profile.sanctionInForce")}</span>}
          </p>
        )}
        {isRegulator && (
          <p className="cta-row">
            <Link to={`/regulator/sanctions/new?agency=${p.id}`} className="button">{t("sanction.fromProfile")}</Link>
          </p>
        )}
      </header>

      <section className="section" aria-labelledby="basic">
        <h2 id="basic">{t("profile.basic")}</h2>
        <dl className="facts">
          <dt>{t("profile.name")}</dt>
          <dd>{p.name}</dd>
          <dt>{t("profile.legalRepresentative")}</dt>
          <dd>{p.legalRepresentative ?? "—"}</dd>
          <dt>{t("profile.address")}</dt>
          <dd>{p.address ?? "—"}</dd>
          <dt>{t("profile.contact")}</dt>
          <dd>
            {p.contact ? [p.contact.person, p.contact.phone, p.contact.email].filter(Boolean).join(" · ") : <span className="muted">{t("profile.contact.private")}</span>}
          </dd>
          <dt>{t("profile.businessScope")}</dt>
          <dd>{p.businessScope ?? "—"}</dd>
        </dl>
      </section>

      <section className="section" aria-labelledby="fees">
        <h2 id="fees">{t("profile.fees")}</h2>
        {p.services.length === 0 ? (
          <p className="empty-state">{t("profile.fees.none")}</p>
        ) : (
          <TableWrap label={t("profile.fees")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("profile.col.item")}</th>
                  <th scope="col">{t("profile.col.fee")}</th>
                  <th scope="col">{t("profile.col.days")}</th>
                  <th scope="col">{t("profile.col.regions")}</th>
                  <th scope="col">{t("profile.col.qualification")}</th>
                  <th scope="col">{t("profile.col.pledge")}</th>
                </tr>
              </thead>
              <tbody>
                {p.services.map((s) => (
                  <tr key={s.id} data-item={s.itemCode}>
                    <th scope="row">
                      {en ? s.itemNameEn : s.itemNameZh}
                      <span className="sub">{t("profile.fees.version", { version: s.version })}</span>
                    </th>
                    <td><FeeText fee={s} /></td>
                    <td>{t("services.days", { days: s.committedDays })}</td>
                    <td><RegionsText regions={s.regions} names={names} /></td>
                    <td>
                      {s.requiredQualificationZh ? (
                        s.verified ? <span className="badge badge-ok" data-testid="verified-badge">{t("agencies.verified")}</span> : <span className="badge badge-muted">{t("agencies.notVerified")}</span>
                      ) : (
                        <span className="muted small">{t("agencies.noQualificationNeeded")}</span>
                      )}
                    </td>
                    <td>{s.pledge}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {p.versions.some((v) => v.version > 1 || !v.active) && (
          <details className="history">
            <summary>{t("profile.fees.history")}</summary>
            <ul className="plain-list">
              {p.versions.map((v) => (
                <li key={`${v.agencyServiceId}-${v.version}`}>
                  {t.dateTime(v.createdAt)} · {t("profile.fees.version", { version: v.version })} · <FeeText fee={v} /> · {t("services.days", { days: v.committedDays })} ·{" "}
                  <RegionsText regions={v.regions} names={names} />
                  {!v.active && <> · {t("profile.fees.withdrawn")}</>}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section className="section" aria-labelledby="quals">
        <h2 id="quals">{t("profile.qualifications")}</h2>
        {p.qualifications.length === 0 ? (
          <p className="empty-state">{t("profile.qualifications.none")}</p>
        ) : (
          <TableWrap label={t("profile.qualifications")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("profile.col.item")}</th>
                  <th scope="col">{t("profile.col.type")}</th>
                  <th scope="col">{t("profile.col.number")}</th>
                  <th scope="col">{t("profile.col.issuer")}</th>
                  <th scope="col">{t("profile.col.validity")}</th>
                  <th scope="col">{t("profile.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {p.qualifications.map((q) => (
                  <tr key={q.id}>
                    <td>{en ? q.itemNameEn : q.itemNameZh}</td>
                    <td>
                      {q.qualType}
                      {q.level ? ` · ${q.level}` : ""}
                    </td>
                    <td>{q.certificateNo}</td>
                    <td>{q.issuer}</td>
                    <td>
                      {q.validFrom} – {q.validTo}
                    </td>
                    <td>
                      <span className={`badge ${q.state === "verified" || q.state === "expiringSoon" ? "badge-ok" : "badge-muted"}`}>{t(`qual.state.${q.state}`)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section className="section" aria-labelledby="practice">
        <h2 id="practice">{t("profile.practice")}</h2>
        {p.awards.length === 0 ? (
          <p className="empty-state">{t("profile.practice.none")}</p>
        ) : (
          <TableWrap label={t("profile.practice")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("profile.practice.col.project")}</th>
                  <th scope="col">{t("profile.col.item")}</th>
                  <th scope="col">{t("profile.practice.col.owner")}</th>
                  <th scope="col">{t("profile.practice.col.price")}</th>
                  <th scope="col">{t("profile.col.date")}</th>
                </tr>
              </thead>
              <tbody>
                {p.awards.map((a) => (
                  <tr key={a.id}>
                    <td>{a.title}</td>
                    <td>{en ? a.itemNameEn : a.itemNameZh}</td>
                    <td>{a.ownerName}</td>
                    <td>{t.money(a.priceFen)}</td>
                    <td>{t.date(a.awardedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <div className="section">
        <div className="records-grid">
          <RecordCard id="integrity" title={t("profile.integrity")} count={trust.credit?.breakdown.deductions.filter((d) => d.source === "event").length ?? 0}>
            <ul className="plain-list small">
              {trust.credit?.breakdown.deductions.filter((d) => d.source === "event").map((d) => (
                <li key={d.id}>
                  {t.date(d.from)} · {t(`credit.kind.${d.kind}`)} · <span className={`badge ${d.state === "active" ? "badge-warn" : "badge-muted"}`}>{t(`credit.state.${d.state}`)}</span>
                  {d.projectId && <> · <Link to={`/projects/${d.projectId}`}>{t("credit.source.project")}</Link></>}
                </li>
              ))}
            </ul>
          </RecordCard>
          <RecordCard id="reviews" title={t("profile.reviews")} count={trust.reviews.reviews.length}>
            <p className="small">
              {trust.reviews.summary.average != null && t("review.summary", { avg: trust.reviews.summary.average.toFixed(2), count: trust.reviews.summary.count })} <Link to="/reviews/how">{t("reviews.how")}</Link>
            </p>
            <ul className="plain-list small reviews" data-testid="reviews">
              {trust.reviews.reviews.slice(0, 10).map((r) => (
                <li key={r.id}>
                  {r.overall != null ? <Stars value={r.overall} /> : <span className="badge badge-muted">{t("review.removed", { reason: t(`review.removal.${r.removedReason}`) })}</span>} <span className="muted small">{r.reviewerName} · {t.date(r.visibleFrom)} · <Link to={`/projects/${r.projectId}`}>{r.title}</Link></span>
                  {r.body && <p className="prewrap">{r.body}</p>}
                  {r.reply && <p className="reply small"><strong>{t("review.agencyReply")}：</strong>{r.reply}</p>}
                </li>
              ))}
            </ul>
          </RecordCard>
          <RecordCard id="dept" title={t("profile.deptAssessment")} count={trust.departmentRatings.length}>
            <ul className="plain-list small">
              {trust.departmentRatings.map((d) => (
                <li key={d.id}><Stars value={d.score} /> {d.regulatorName} · {t.date(d.createdAt)} · <Link to={`/projects/${d.projectId}`}>{d.title}</Link><p>{d.comment}</p></li>
              ))}
            </ul>
          </RecordCard>
          <RecordCard id="complaints" title={t("profile.complaints")} count={trust.complaints.length}>
            <ul className="plain-list small">
              {trust.complaints.map((c) => (
                <li key={c.id}>
                  {t.date(c.createdAt)} · <Link to={`/projects/${c.projectId}`}>{c.title}</Link> · <span className={`badge ${c.status === "upheld" ? "badge-warn" : "badge-muted"}`}>{t(`complaint.status.${c.status}`)}</span>
                  {c.decisionReason && <p>{c.decisionReason}</p>}
                </li>
              ))}
            </ul>
          </RecordCard>
          <RecordCard id="penalties" title={t("profile.penalties")} count={trust.penalties.length}>
            <ul className="plain-list small" data-testid="sanctions">
              {trust.penalties.map((s) => (
                <li key={s.id}>
                  <SanctionBadge type={s.type} /> <SanctionStateBadge state={s.state} /> <Link to={`/sanctions/${s.id}`}>{s.decisionRef}</Link> · <PeriodText startsAt={s.startsAt} endsAt={s.endsAt} />
                  {s.relation !== "subject" && <> · {t(`sanction.relation.${s.relation}`)}：{s.subjectName}</>}
                  <p>{s.issuerName}：{s.grounds}</p>
                </li>
              ))}
            </ul>
          </RecordCard>
          <RecordCard id="rewards" title={t("profile.rewards")} count={trust.rewards.length}>
            <ul className="plain-list small">
              {trust.rewards.map((s) => (
                <li key={s.id}><SanctionBadge type={s.type} /> <Link to={`/sanctions/${s.id}`}>{s.decisionRef}</Link> · <PeriodText startsAt={s.startsAt} endsAt={s.endsAt} /><p>{s.issuerName}：{s.grounds}</p></li>
              ))}
            </ul>
          </RecordCard>
          <RecordCard id="assessments" title={t("profile.assessments")} count={trust.assessments.length}>
            <ul className="plain-list small">
              {trust.assessments.map((a) => (
                <li key={a.id}>
                  {a.quarter} · {a.officeName} · <strong>{a.total}</strong> {t(`assessment.grade.${a.grade}`)}
                  <p className="muted">{(["efficiency", "fees", "quality", "integrity", "satisfaction"] as const).map((d) => `${t(`assessment.dim.${d}`)} ${a[d]}`).join(" · ")}{a.adjustment ? ` · ${t("assessment.adjustment")} ${a.adjustment}：${a.adjustmentReason}` : ""}</p>
                </li>
              ))}
            </ul>
          </RecordCard>
          <RecordCard id="cases" title={t("case.public")} count={trust.cases.length}>
            <ul className="plain-list small">
              {trust.cases.map((c) => (
                <li key={c.id}>
                  <Link to={`/cases/${c.id}`}>{c.title}</Link> · {c.regulatorName} · <span className="badge badge-muted">{t(`case.status.${c.status}`)}</span>
                  {c.violation && <> · {t(`case.violation.${c.violation}`)}</>}
                </li>
              ))}
            </ul>
          </RecordCard>
          <RecordCard id="repair" title={t("profile.repair")} count={trust.applications.length}>
            <ul className="plain-list small">
              {trust.applications.map((a) => (
                <li key={a.id}>
                  {t.date(a.createdAt)} · {t(`application.kind.${a.kind}`)} · <span className="badge badge-muted">{t(`application.status.${a.status}`)}</span>
                  {a.decisionReason && <p>{a.decidedByName}：{a.decisionReason}</p>}
                </li>
              ))}
            </ul>
          </RecordCard>
        </div>
      </div>

      <section className="section" aria-labelledby="pledges">
        <h2 id="pledges">{t("profile.pledges")}</h2>
        {pledge && p.pledgeSignedAt ? (
          <blockquote className="pledge">
            <p className="small muted">{t("profile.creditPledge", { date: t.date(p.pledgeSignedAt) })}</p>
            <p lang={en ? "en" : "zh-CN"}>{en ? pledge.en : pledge.zh}</p>
          </blockquote>
        ) : (
          <p className="empty-state">{t("profile.noPledge")}</p>
        )}
      </section>
    </article>
  );
}
