import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";

/** Contracts whose review the organisation still owes, with the last day to write it. */
export function PendingReviews({ rows }: { rows: { projectId: string; title: string; closesAt: Date | string }[] }) {
  const t = useT();
  if (rows.length === 0) return null;
  return (
    <section className="section card" aria-labelledby="pending-reviews" data-testid="pending-reviews">
      <h2 id="pending-reviews" className="h3">
        {t("review.pendingTitle")}
      </h2>
      <ul className="plain-list">
        {rows.map((r) => (
          <li key={r.projectId}>
            <Link to={`/projects/${r.projectId}#trust`}>{r.title}</Link> · {t("review.closesOn", { date: t.date(r.closesAt) })}
          </li>
        ))}
      </ul>
    </section>
  );
}
