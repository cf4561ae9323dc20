import { useActionData } from "@remix-run/react";
import { useT } from "~/lib/i18n-react";
import type { TermField, TermProblem } from "~/modules/procurement/terms.rules";

/** The restrictive terms a refused save or publish named (the action's answer), else those of the stored draft. */
export function useTermProblems(stored: readonly TermProblem[]): readonly TermProblem[] {
  const answer = useActionData<{ details?: { termProblems?: TermProblem[] } | null } | undefined>();
  return answer?.details?.termProblems ?? stored;
}

/** Every restrictive term of one field, each with its rule, version and basis: shown right under the field. */
export function TermProblems({ field, problems }: { field: TermField; problems: readonly TermProblem[] }) {
  const t = useT();
  const mine = problems.filter((p) => p.field === field);
  if (!mine.length) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid={`term-problems-${field}`}>
      <p>{t("terms.problems.title")}</p>
      <ul>
        {mine.map((p, i) => (
          <li key={`${p.ruleId}-${i}`}>
            <strong>{t(p.messageKey)}</strong>：「{p.excerpt}」
            <br />
            <span className="muted">
              {t("terms.problems.rule", { rule: p.ruleId, version: p.version })} · {t("terms.problems.basis")}：
              {p.basis.map((b) => `${b.key}：${b.text}`).join("；")}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
