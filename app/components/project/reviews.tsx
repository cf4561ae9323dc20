import { RadioGroup, SelectField, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { Stars } from "~/components/trust";
import { useT } from "~/lib/i18n-react";
import { AGENCY_DIMENSIONS, OWNER_DIMENSIONS } from "~/modules/trust/reviews.rules";
import { AgencyReviewSchema, OwnerReviewSchema } from "~/modules/trust/trust.schema";

export interface ReviewView {
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

/** A party's review of the other: of the agency on the agency's dimensions, of the owner on the owner's. */
export function ReviewForm({ direction }: { direction: "ofAgency" | "ofOwner" }) {
  const t = useT();
  const [dims, schema] = direction === "ofAgency" ? [AGENCY_DIMENSIONS, AgencyReviewSchema] : [OWNER_DIMENSIONS, OwnerReviewSchema];
  const stars = [5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t("review.stars", { n }) }));
  return (
    <ValidatedForm schema={schema} intent="review" scope="review" className="form card" data-testid="review-form">
      <h3 className="h3">{t(direction === "ofAgency" ? "review.writeOfAgency" : "review.writeOfOwner")}</h3>
      <RadioGroup name="overall" legend={t("review.overall")} options={stars} />
      <div className="two-col-tight">
        {dims.map((d) => (
          <SelectField key={d} name={d} label={t(`review.dim.${d}`)} required defaultValue="">
            <option value="" disabled>
              {t("review.pick")}
            </option>
            {stars.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </SelectField>
        ))}
      </div>
      <TextAreaField name="body" label={t("review.body")} hint={t("review.body.hint")} rows={3} maxLength={2000} required={false} />
      <SubmitButton>{t("review.submit")}</SubmitButton>
    </ValidatedForm>
  );
}

export function ReviewItem({ r }: { r: ReviewView }) {
  const t = useT();
  return (
    <li data-testid={`review-${r.direction}`}>
      <p>
        <strong>{t(r.direction === "ofAgency" ? "review.ofAgency" : "review.ofOwner")}</strong>{" "}
        {r.overall != null ? (
          <Stars value={r.overall} />
        ) : (
          <span className="badge badge-muted">{t("review.removed", { reason: t(`review.removal.${r.removedReason}`) })}</span>
        )}
        <span className="muted small"> · {t.date(r.visibleFrom)}</span>
      </p>
      {r.overall != null && (
        <p className="small muted">
          {Object.entries(r.ratings)
            .map(([k, v]) => `${t(`review.dim.${k}`)} ${v}`)
            .join(" · ")}
        </p>
      )}
      {r.body && <p className="prewrap">{r.body}</p>}
      {r.reply && (
        <p className="reply small">
          <strong>{t("review.agencyReply")}：</strong>
          {r.reply}
        </p>
      )}
    </li>
  );
}
