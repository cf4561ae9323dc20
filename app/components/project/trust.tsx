import { Form, Link } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { Stars } from "~/components/trust";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { FieldMessage } from "./field-message";
import { ReviewForm, ReviewItem, type ReviewView } from "./reviews";

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
              <FieldMessage errors={errors} name="reason" />
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
                <FieldMessage errors={errors} name="reply" />
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
                <FieldMessage errors={errors} name="score" />
              </div>
              <div className={`field${errors.comment ? " field-invalid" : ""}`}>
                <label htmlFor="rate-comment">{t("review.deptComment")}</label>
                <textarea id="rate-comment" name="comment" rows={2} required maxLength={2000} />
                <FieldMessage errors={errors} name="comment" />
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
