import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";

type Reason = { code: string; rule?: string; params?: Record<string, string> };

/** Before an agency bids: whether it may, why not in plain words, and what would repair it. */
export function EligibilityNotice({ e }: { e: { eligible: boolean; reasons: Reason[]; ruleVersion: number | null } | null }) {
  const t = useT();
  if (!e) return null;
  if (e.eligible)
    return (
      <p className="small muted" data-testid="eligibility">
        {t("eligibility.ok", { version: e.ruleVersion ?? "" })}
      </p>
    );
  return (
    <div className="alert alert-error" role="status" data-testid="eligibility">
      <p>
        <strong>{t("eligibility.no")}</strong>
      </p>
      <ul>
        {e.reasons.map((r, i) => (
          <li key={i}>
            {t(`errors.eligibility.${r.code}`, r.params)}
            <br />
            <span className="small">{t(`eligibility.repair.${r.code}`, r.params)}</span>
          </li>
        ))}
      </ul>
      <p className="small">
        {t("eligibility.rules", { version: e.ruleVersion ?? "" })} <Link to="/credit">{t("credit.how")}</Link>
      </p>
    </div>
  );
}
