import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";

/** A credit grade with its score; the grade's colour says it, the text says it too. */
export function GradeBadge({ grade, scoreCenti, link }: { grade: string; scoreCenti: number; link?: string }) {
  const t = useT();
  const cls = grade === "A" || grade === "B" ? "badge-ok" : grade === "C" ? "badge-muted" : "badge-warn";
  const body = (
    <span className={`badge ${cls}`} data-testid="credit-grade">
      {t("credit.gradeScore", { grade, score: (scoreCenti / 100).toFixed(2) })}
    </span>
  );
  return link ? <Link to={link}>{body}</Link> : body;
}

const NEGATIVE_STRONG = new Set(["suspension", "blacklist", "removal", "ban"]);

export function SanctionBadge({ type }: { type: string }) {
  const t = useT();
  const cls = type === "reward" || type === "redlist" ? "badge-ok" : NEGATIVE_STRONG.has(type) ? "badge-warn" : "badge-muted";
  return <span className={`badge ${cls}`}>{t(`sanction.type.${type}`)}</span>;
}

export function SanctionStateBadge({ state }: { state: string }) {
  const t = useT();
  return <span className={`badge ${state === "inForce" ? "badge-warn" : "badge-muted"}`}>{t(`sanction.state.${state}`)}</span>;
}

/** "★★★★☆ 4" with a text alternative. */
export function Stars({ value }: { value: number }) {
  const t = useT();
  return (
    <span className="stars" role="img" aria-label={t("review.starsLabel", { n: value })}>
      <span aria-hidden="true">
        {"★".repeat(value)}
        {"☆".repeat(5 - value)}
      </span>
    </span>
  );
}

/** The last day a period covers, in Beijing (periods end at the start of the next day). */
export function PeriodText({ startsAt, endsAt }: { startsAt: Date | string; endsAt: Date | string | null }) {
  const t = useT();
  const last = endsAt ? new Date(new Date(endsAt).getTime() - 1) : null;
  return (
    <>
      {t.date(startsAt)} – {last ? t.date(last) : t("sanction.indefinite")}
    </>
  );
}
