import { Link } from "@remix-run/react";
import { SelectField, SubmitButton, TextAreaField, useActionErrors, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { Stars } from "~/components/trust";
import { useT } from "~/lib/i18n-react";
import { DepartmentRatingSchema, ReplySchema, TerminateSchema } from "~/modules/trust/trust.schema";
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
  complaints: {
    id: string;
    subjectType: string;
    agencyName: string | null;
    status: string;
    provisions: string;
    createdAt: Date | string;
    decisionReason: string | null;
  }[];
  mayComplain: boolean;
  checks: {
    id: number;
    agencyName: string;
    gate: string;
    eligible: boolean;
    ruleVersion: number;
    reasons: string[];
    checkedAt: Date | string;
  }[];
}

interface TrustAudience {
  trust: ProjectTrustView;
  isOwner: boolean;
  contractOpen: boolean;
}

/**
 * The scopes of the forms with fields this section shows the viewer: the owner's termination of an open
 * contract, a party's review and the agency's reply once it ended, a competent regulator's rating.
 */
export function trustForms({ trust, isOwner, contractOpen }: TrustAudience): string[] {
  const r = trust.reviews;
  return [
    ...(isOwner && contractOpen ? ["terminate"] : []),
    ...(r?.ended && r.mayReview && r.direction ? ["review"] : []),
    ...(r?.ended && r.mayReply ? ["reply"] : []),
    ...(trust.mayRate ? ["rate"] : []),
  ];
}

/** Reviews, department ratings, termination, complaints and (for regulators) the eligibility answers. */
export function ProjectTrustSection({ trust, isOwner, contractOpen, projectId }: TrustAudience & { projectId: string }) {
  const t = useT();
  const r = trust.reviews;
  const forms = trustForms({ trust, isOwner, contractOpen });
  // A refused termination opens its fold again, to show why.
  const terminateRefused = !!useActionErrors("terminate");
  return (
    <section className="section" aria-labelledby="trust">
      <h2 id="trust">{t("project.trust")}</h2>
      {forms.includes("terminate") && (
        <details className="card" open={terminateRefused || undefined}>
          <summary>{t("contract.terminate")}</summary>
          <ValidatedForm schema={TerminateSchema} intent="terminate" scope="terminate">
            <TextAreaField name="reason" label={t("contract.terminationReason")} rows={2} maxLength={2000} />
            <SubmitButton className="button">{t("contract.terminateConfirm")}</SubmitButton>
          </ValidatedForm>
        </details>
      )}
      {r && r.ended && (
        <>
          <h3 className="h3">{t("review.title")}</h3>
          {r.visible.length > 0 ? (
            <ul className="plain-list reviews" data-testid="reviews">
              {r.visible.map((x) => (
                <ReviewItem key={x.id} r={x} />
              ))}
            </ul>
          ) : (
            <p className="muted">{t("review.noneVisible")}</p>
          )}
          {r.own && new Date(r.own.visibleFrom) > new Date() && (
            <p className="alert alert-success" data-testid="review-pending">
              {t("review.ownHidden", { date: t.date(r.own.visibleFrom) })}
            </p>
          )}
          {forms.includes("review") && r.direction && (
            <>
              <p className="small muted">
                {t(r.otherSubmitted ? "review.otherIn" : "review.blind", { date: r.closesAt ? t.date(r.closesAt) : "" })}{" "}
                <Link to="/reviews/how">{t("reviews.how")}</Link>
              </p>
              <ReviewForm direction={r.direction} />
            </>
          )}
          {forms.includes("reply") && (
            <ValidatedForm schema={ReplySchema} intent="reply" scope="reply">
              <input type="hidden" name="reviewId" value={r.visible.find((x) => x.direction === "ofAgency")?.id ?? ""} />
              <TextAreaField name="reply" label={t("review.reply")} rows={2} maxLength={2000} />
              <SubmitButton className="button">{t("review.replySubmit")}</SubmitButton>
            </ValidatedForm>
          )}
        </>
      )}
      {(trust.ratings.length > 0 || trust.mayRate) && (
        <>
          <h3 className="h3">{t("profile.deptAssessment")}</h3>
          <ul className="plain-list">
            {trust.ratings.map((d) => (
              <li key={d.id}>
                <Stars value={d.score} /> {d.regulatorName} · {t.date(d.createdAt)}
                <p>{d.comment}</p>
              </li>
            ))}
          </ul>
          {forms.includes("rate") && (
            <ValidatedForm schema={DepartmentRatingSchema} intent="rate" scope="rate" className="form card">
              <SelectField name="score" label={t("review.deptScore")} required defaultValue="">
                <option value="" disabled>
                  {t("review.pick")}
                </option>
                {[5, 4, 3, 2, 1].map((n) => (
                  <option key={n} value={n}>
                    {t("review.stars", { n })}
                  </option>
                ))}
              </SelectField>
              <TextAreaField name="comment" label={t("review.deptComment")} rows={2} maxLength={2000} />
              <SubmitButton>{t("review.deptSubmit")}</SubmitButton>
            </ValidatedForm>
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
              {t.date(c.createdAt)} ·{" "}
              {c.subjectType === "agency" ? t("complaint.aboutAgency", { name: c.agencyName ?? "" }) : t("complaint.aboutProject")} ·{" "}
              {c.provisions} ·{" "}
              <span className={`badge ${c.status === "upheld" ? "badge-warn" : "badge-muted"}`}>{t(`complaint.status.${c.status}`)}</span>
              {c.decisionReason && <> · {c.decisionReason}</>}
            </li>
          ))}
        </ul>
      )}
      {trust.mayComplain && (
        <p>
          <Link to={`/complaints/new?project=${projectId}`}>{t("complaint.fileLink")}</Link>
        </p>
      )}
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
