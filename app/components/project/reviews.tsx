import { Form } from "@remix-run/react";
import { Stars } from "~/components/trust";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { AGENCY_DIMENSIONS, OWNER_DIMENSIONS } from "~/modules/trust/reviews.rules";
import { FieldMessage } from "./field-message";

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

export function ReviewForm({ direction, errors, values }: { direction: "ofAgency" | "ofOwner"; errors: FieldErrors; values: Record<string, unknown> }) {
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
        <FieldMessage errors={errors} name="overall" />
      </fieldset>
      <div className="two-col-tight">
        {dims.map((d) => (
          <div key={d} className={`field${errors[d] ? " field-invalid" : ""}`}>
            <label htmlFor={`dim-${d}`}>{t(`review.dim.${d}`)}</label>
            <select id={`dim-${d}`} name={d} required defaultValue={String(values[d] ?? "")}>
              <option value="" disabled>{t("review.pick")}</option>
              {[5, 4, 3, 2, 1].map((n) => <option key={n} value={n}>{t("review.stars", { n })}</option>)}
            </select>
            <FieldMessage errors={errors} name={d} />
          </div>
        ))}
      </div>
      <div className={`field${errors.body ? " field-invalid" : ""}`}>
        <label htmlFor="review-body">{t("review.body")}</label>
        <textarea id="review-body" name="body" rows={3} maxLength={2000} aria-describedby="review-body-hint" defaultValue={String(values.body ?? "")} aria-invalid={errors.body ? true : undefined} />
        <p id="review-body-hint" className="hint">{t("review.body.hint")}</p>
        <FieldMessage errors={errors} name="body" />
      </div>
      <button type="submit" className="button button-primary">{t("review.submit")}</button>
    </Form>
  );
}

export function ReviewItem({ r }: { r: ReviewView }) {
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
