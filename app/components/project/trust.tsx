import { Form, Link } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { Stars } from "~/components/trust";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { AGENCY_DIMENSIONS, OWNER_DIMENSIONS } from "~/modules/trust/reviews.rules";

type Reason = { code: string; rule?: string; params?: Record<string, string> };

/** Before an agency bids: whether it may, why not in plain words, and what would repair it. */
export function EligibilityNotice({ e }: { e: { eligible: boolean; reasons: Reason[]; ruleVersion: number | null } | null }) {
  const t = useT();
  if (!e) return null;
  if (e.eligible) return <p className="small muted" data-testid="eligibility">{t("eligibility.ok", { version: e.ruleVersion ?? "" })}</p>;
  return (
    <div className="alert alert-error" role="status" data-testid="eligibility">
      <p><strong>{t("eligibility.no")}</strong></p>
      <ul>
        {e.reasons.map((r, i) => (
          <li key={i}>
            {t(`errors.eligibility.${r.code}`, r.params)}
            <br />
            <span className="small">{t(`eligibility.repair.${r.code}`, r.params)}</span>
          </li>
        ))}
      </ul>
      <p className="small">{t("eligibility.rules", { version: e.ruleVersion ?? "" })} <Link to="/credit">{t("credit.how")}</Link></p>
    </div>
  );
}

interface ReviewView {
  id: string;
  direction: "ofAgency" | "ofOwner";
  overall: number | null;
  ratings: Record<string, number>;
  body: string;
  visibleFrom: Date | string;
  reply: string | null;
  removedAt: Date | string | null;
  removedReason: string | null;
}

export interface ProjectTrustView {
  reviews: {
    ended: boolean;
    direction: "ofAgency" | "ofOwner" | null;
    own: ReviewView | null;
    otherSubmitted: boolean;
    mayReview: boolean;
    closesAt: Date | string | null;
    visible: ReviewView[];
    mayReply: boolean;
  } | null;
  ratings: { id: string; score: number; comment: string; createdAt: Date | string; regulatorName: string }[];
  mayRate: boolean;
  complaints: { id: string; subjectType: string; agencyName: string | null; status: string; provisions: string; createdAt: Date | string; decisionReason: string | null }[];
  mayComplain: boolean;
  checks: { id: number; agencyName: string; gate: string; eligible: boolean; ruleVersion: number; reasons: string[]; checkedAt: Date | string }[];
}

function Msg({ errors, name }: { errors: FieldErrors; name: string }) {
  const t = useT();
  const e = errors[name]?.[0];
  return e ? <p className="field-error" id={`${name}-error`}>{t(e)}</p> : null;
}

function ReviewForm({ direction, errors, values }: { direction: "ofAgency" | "ofOwner"; errors: FieldErrors; values: Record<string, unknown> }) {
  const t = useT();
  const dims = direction === "ofAgency" ? AGENCY_DIMENSIONS : OWNER_DIMENSIONS;
  return (
    <Form method="post" className="form card" data-testid="review-form">
      <input type="hidden" name="intent" value="review" />
      <h3 className="h3">{t(direction === "ofAgency" ? "review.writeOfAgency" : "review.writeOfOwner")}</h3>
      <fieldset className={`field radio-group${errors.overall ? " field-invalid" : ""}`}>
        <legend>{t("review.overall")}</legend>
        {[5, 4, 3, 2, 1].map((n) => (
          <label key={n} className="radio">
            <input type="radio" name="overall" value={n} required defaultChecked={String(values.overall ?? "") === String(n)} /> {t("review.stars", { n })}
          </label>
        ))}
        <Msg errors={errors} name="overall" />
      </fieldset>
      <div className="two-col-tight">
        {dims.map((d) => (
          <div key={d} className={`field${errors[d] ? " field-invalid" : ""}`}>
            <label htmlFor={`dim-${d}`}>{t(`review.dim.${d}`)}</label>
            <select id={`dim-${d}`} name={d} required defaultValue={String(values[d] ?? "")}>
              <option value="" disabled>{t("review.pick")}</option>
              {[5, 4, 3, 2, 1].map((n) => <option key={n} value={n}>{t("review.stars", { n })}</option>)}
            </select>
            <Msg errors={errors} name={d} />
          </div>
        ))}
      </div>
      <div className={`field${errors.body ? " field-invalid" : ""}`}>
        <label htmlFor="review-body">{t("review.body")}</label>
        <textarea id="review-body" name="body" rows={3} maxLength={2000} aria-describedby="review-body-hint" defaultValue={String(values.body ?? "")} aria-invalid={errors.body ? true : undefined} />
        <p id="review-body-hint" className="hint">{t("review.body.hint")}</p>
        <Msg errors={errors} name="body" />
      </div>
      <button type="submit" className="button button-primary">{t("review.submit")}</button>
    </Form>
  );
}

function ReviewItem({ r }: { r: ReviewView }) {
  const t = useT();
  return (
    <li data-testid={`review-${r.direction}`}>
      <p>
        <strong>{t(r.direction === "ofAgency" ? "review.ofAgency" : "review.ofOwner")}</strong>{" "}
        {r.overall != null ? <Stars value={r.overall} /> : <span className="badge badge-muted">{t("review.removed", { reason: t(`review.removal.${r.removedReason}`) })}</span>}
        <span className="muted small"> · {t.date(r.visibleFrom)}</span>
      </p>
      {r.overall != null && (
        <p className="small muted">{Object.entries(r.ratings).map(([k, v]) => `${t(`review.dim.${k}`)} ${v}`).join(" · ")}</p>
      )}
      {r.body && <p className="prewrap">{r.body}</p>}
      {r.reply && <p className="reply small"><strong>{t("review.agencyReply")}：</strong>{r.reply}</p>}
    </li>
  );
}

/** Reviews, department ratings, termination, complaints and (for regulators) the eligibility answers. */
export function ProjectTrustSection({ trust, errors, values, isOwner, contractOpen, projectId }: { trust: ProjectTrustView; errors: FieldErrors; values: Record<string, unknown>; isOwner: boolean; contractOpen: boolean; projectId: string }) {
  const t = useT();
  const r = trust.reviews;
  return (
    <section className="section" aria-labelledby="trust">
      <h2 id="trust">{t("project.trust")}</h2>
      {isOwner && contractOpen && (
        <details className="card">
          <summary>{t("contract.terminate")}</summary>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="terminate" />
            <div className={`field${errors.reason ? " field-invalid" : ""}`}>
              <label htmlFor="terminate-reason">{t("contract.terminationReason")}</label>
              <textarea id="terminate-reason" name="reason" rows={2} required minLength={5} maxLength={2000} />
              <Msg errors={errors} name="reason" />
            </div>
            <button type="submit" className="button">{t("contract.terminateConfirm")}</button>
          </Form>
        </details>
      )}
      {r && r.ended && (
        <>
          <h3 className="h3">{t("review.title")}</h3>
          {r.visible.length > 0 ? (
            <ul className="plain-list reviews" data-testid="reviews">{r.visible.map((x) => <ReviewItem key={x.id} r={x} />)}</ul>
          ) : (
            <p className="muted">{t("review.noneVisible")}</p>
          )}
          {r.own && new Date(r.own.visibleFrom) > new Date() && (
            <p className="alert alert-success" data-testid="review-pending">{t("review.ownHidden", { date: t.date(r.own.visibleFrom) })}</p>
          )}
          {r.mayReview && r.direction && (
            <>
              <p className="small muted">{t(r.otherSubmitted ? "review.otherIn" : "review.blind", { date: r.closesAt ? t.date(r.closesAt) : "" })} <Link to="/reviews/how">{t("reviews.how")}</Link></p>
              <ReviewForm direction={r.direction} errors={errors} values={values} />
            </>
          )}
          {r.mayReply && (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="reply" />
              <input type="hidden" name="reviewId" value={r.visible.find((x) => x.direction === "ofAgency")?.id ?? ""} />
              <div className={`field${errors.reply ? " field-invalid" : ""}`}>
                <label htmlFor="reply">{t("review.reply")}</label>
                <textarea id="reply" name="reply" rows={2} required maxLength={2000} />
                <Msg errors={errors} name="reply" />
              </div>
              <button type="submit" className="button">{t("review.replySubmit")}</button>
            </Form>
          )}
        </>
      )}
      {(trust.ratings.length > 0 || trust.mayRate) && (
        <>
          <h3 className="h3">{t("profile.deptAssessment")}</h3>
          <ul className="plain-list">
            {trust.ratings.map((d) => <li key={d.id}><Stars value={d.score} /> {d.regulatorName} · {t.date(d.createdAt)}<p>{d.comment}</p></li>)}
          </ul>
          {trust.mayRate && (
            <Form method="post" className="form card">
              <input type="hidden" name="intent" value="rate" />
              <div className={`field${errors.score ? " field-invalid" : ""}`}>
                <label htmlFor="rate-score">{t("review.deptScore")}</label>
                <select id="rate-score" name="score" required defaultValue="">
                  <option value="" disabled>{t("review.pick")}</option>
                  {[5, 4, 3, 2, 1].map((n) => <option key={n} value={n}>{t("review.stars", { n })}</option>)}
                </select>
                <Msg errors={errors} name="score" />
              </div>
              <div className={`field${errors.comment ? " field-invalid" : ""}`}>
                <label htmlFor="rate-comment">{t("review.deptComment")}</label>
                <textarea id="rate-comment" name="comment" rows={2} required maxLength={2000} />
                <Msg errors={errors} name="comment" />
              </div>
              <button type="submit" className="button button-primary">{t("review.deptSubmit")}</button>
            </Form>
          )}
        </>
      )}
      <h3 className="h3">{t("profile.complaints")}</h3>
      {trust.complaints.length === 0 ? (
        <p className="muted">{t("profile.noRecords")}</p>
      ) : (
        <ul className="plain-list small" data-testid="project-complaints">
          {trust.complaints.map((c) => (
            <li key={c.id}>
              {t.date(c.createdAt)} · {c.subjectType === "agency" ? t("complaint.aboutAgency", { name: c.agencyName ?? "" }) : t("complaint.aboutProject")} · {c.provisions} ·{" "}
              <span className={`badge ${c.status === "upheld" ? "badge-warn" : "badge-muted"}`}>{t(`complaint.status.${c.status}`)}</span>
              {c.decisionReason && <> · {c.decisionReason}</>}
            </li>
          ))}
        </ul>
      )}
      {trust.mayComplain && <p><Link to={`/complaints/new?project=${projectId}`}>{t("complaint.fileLink")}</Link></p>}
      {trust.checks.length > 0 && (
        <details>
          <summary>{t("eligibility.checks", { count: trust.checks.length })}</summary>
          <TableWrap label={t("eligibility.checksTitle")}>
            <table className="table small" data-testid="eligibility-checks">
              <thead>
                <tr>
                  <th scope="col">{t("eligibility.col.time")}</th>
                  <th scope="col">{t("eligibility.col.agency")}</th>
                  <th scope="col">{t("eligibility.col.gate")}</th>
                  <th scope="col">{t("eligibility.col.answer")}</th>
                  <th scope="col">{t("eligibility.col.version")}</th>
                </tr>
              </thead>
              <tbody>
                {trust.checks.map((c) => (
                  <tr key={c.id}>
                    <td>{t.dateTime(c.checkedAt)}</td>
                    <td>{c.agencyName}</td>
                    <td>{t(`eligibility.gate.${c.gate}`)}</td>
                    <td>{c.eligible ? t("eligibility.yes") : c.reasons.map((x) => t(`eligibility.reason.${x}`)).join("、")}</td>
                    <td>{c.ruleVersion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
      )}
    </section>
  );
}
