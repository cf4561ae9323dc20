import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { DEDUCTION_KINDS } from "~/modules/trust/credit.schema";
import { listFormulaVersions } from "~/modules/trust/credit.server";
import { listRuleSets } from "~/modules/trust/rules.server";

export const meta = titleMeta("credit.how");

export async function loader({ context }: LoaderFunctionArgs) {
  const now = new Date();
  const [formulas, ruleSets] = await Promise.all([listFormulaVersions(context.db), listRuleSets(context.db)]);
  const inForce = <T extends { effectiveFrom: Date }>(rows: T[]) => rows.find((r) => r.effectiveFrom <= now) ?? null;
  return { formulas, ruleSets, formula: inForce(formulas), rules: inForce(ruleSets) };
}

export default function CreditHow() {
  const { formulas, ruleSets, formula, rules } = useLoaderData<typeof loader>();
  const t = useT();
  const p = formula?.params;
  return (
    <article>
      <h1>{t("credit.how")}</h1>
      <p className="lead">{t("credit.howLead")}</p>
      {p && formula && (
        <section className="section" aria-labelledby="formula">
          <h2 id="formula">{t("credit.formulaInForce", { version: formula.version, date: t.date(formula.effectiveFrom) })}</h2>
          <p data-testid="formula-text">
            {t("credit.formulaText", { reviews: p.weights.reviews, department: p.weights.department, delivery: p.weights.delivery })}
          </p>
          <ul>
            <li>
              {t("credit.explain.reviews", { prior: p.reviews.priorMean, weight: p.reviews.priorWeight, halfLife: p.reviews.halfLifeDays })}
            </li>
            <li>{t("credit.explain.department", { prior: p.department.priorMean, weight: p.department.priorWeight })}</li>
            <li>{t("credit.explain.delivery", { prior: (p.delivery.priorOnTime * 100).toFixed(0), weight: p.delivery.priorWeight })}</li>
            <li>{t("credit.explain.repair")}</li>
            <li>{t("credit.explain.grades", { A: p.grades.A, B: p.grades.B, C: p.grades.C })}</li>
          </ul>
          <TableWrap label={t("formula.deductions")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("credit.col.event")}</th>
                  <th scope="col">{t("credit.col.minus")}</th>
                  <th scope="col">{t("credit.col.period")}</th>
                </tr>
              </thead>
              <tbody>
                {DEDUCTION_KINDS.map((k) => (
                  <tr key={k}>
                    <th scope="row">
                      {t(`credit.kind.${k}`)}
                      {k === "lateDelivery" && (
                        <span className="sub">{t("credit.lateThreshold", { days: p.lateDeliveryMinWorkdays })}</span>
                      )}
                    </th>
                    <td>{p.deductions[k].points}</td>
                    <td>{t("credit.months", { months: p.deductions[k].months })}</td>
                  </tr>
                ))}
                {(["reward", "redlist"] as const).map((k) => (
                  <tr key={k}>
                    <th scope="row">{t(`credit.kind.${k}`)}</th>
                    <td>+{p.rewards[k].points}</td>
                    <td>{t("credit.months", { months: p.rewards[k].months })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p className="small muted">{t("credit.rewardCap", { cap: p.rewards.cap })}</p>
        </section>
      )}
      {rules && (
        <section className="section" aria-labelledby="rules">
          <h2 id="rules">{t("rules.inForce", { version: rules.version, date: t.date(rules.effectiveFrom) })}</h2>
          <ul data-testid="rules-text">
            {rules.rules.sanction.enabled && (
              <li>{t("rules.explain.sanction", { types: rules.rules.sanction.types.map((s) => t(`sanction.type.${s}`)).join("、") })}</li>
            )}
            {rules.rules.creditGrade.enabled && (
              <li>
                {t("rules.explain.creditGrade", {
                  grades: rules.rules.creditGrade.grades.join("、"),
                  methods: rules.rules.creditGrade.methods.map((m) => t(`method.${m}`)).join("、"),
                })}
              </li>
            )}
            {rules.rules.qualification.enabled && <li>{t("rules.explain.qualification")}</li>}
            {rules.rules.conflictOfInterest.enabled && <li>{t("rules.explain.conflictOfInterest")}</li>}
            {rules.rules.abandonedAwards.enabled && (
              <li>
                {t("rules.explain.abandonedAwards", {
                  count: rules.rules.abandonedAwards.count,
                  months: rules.rules.abandonedAwards.months,
                })}
              </li>
            )}
          </ul>
          <p className="small muted">{t("rules.explain.gates")}</p>
        </section>
      )}
      <section className="section" aria-labelledby="versions">
        <h2 id="versions">{t("credit.versions")}</h2>
        <ul className="plain-list">
          {formulas.map((f) => (
            <li key={`f${f.version}`}>
              {t("credit.versionLine", { what: t("formula.short"), version: f.version, date: t.date(f.effectiveFrom) })} — {f.note}
            </li>
          ))}
          {ruleSets.map((r) => (
            <li key={`r${r.version}`}>
              {t("credit.versionLine", { what: t("rules.short"), version: r.version, date: t.date(r.effectiveFrom) })} — {r.note}
            </li>
          ))}
        </ul>
        <p>
          <Link to="/reviews/how">{t("reviews.how")}</Link> · <Link to="/blacklist">{t("blacklist.title")}</Link>
        </p>
      </section>
    </article>
  );
}
