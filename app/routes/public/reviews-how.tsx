import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { REVEAL_DAYS, REVIEW_REMOVAL_REASONS, REVIEW_WINDOW_DAYS } from "~/modules/trust/reviews.rules";

export const meta = titleMeta("reviews.how");

export default function ReviewsHow() {
  const t = useT();
  return (
    <article className="narrow">
      <h1>{t("reviews.how")}</h1>
      <p className="lead">{t("reviews.howLead")}</p>
      <ol>
        <li>{t("reviews.how.who")}</li>
        <li>{t("reviews.how.window", { days: REVIEW_WINDOW_DAYS })}</li>
        <li>{t("reviews.how.blind", { days: REVEAL_DAYS })}</li>
        <li>{t("reviews.how.text")}</li>
        <li>{t("reviews.how.noEdits")}</li>
        <li>{t("reviews.how.reply")}</li>
        <li>{t("reviews.how.department")}</li>
        <li>{t("reviews.how.credit")}</li>
      </ol>
      <h2>{t("reviews.how.removal")}</h2>
      <p>{t("reviews.how.removalLead")}</p>
      <ul>
        {REVIEW_REMOVAL_REASONS.map((r) => (
          <li key={r}>{t(`review.removal.${r}`)}</li>
        ))}
      </ul>
      <p>{t("reviews.how.neverHidden")}</p>
      <p>
        <Link to="/credit">{t("credit.how")}</Link>
      </p>
    </article>
  );
}
