import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Checkbox, Field, FieldError, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { beijingDate } from "~/lib/beijing-calendar";
import { SELECTION_METHODS } from "~/modules/procurement/projects.rules";
import { DEDUCTION_KINDS, FormulaFormSchema, NEGATIVE_SANCTION_TYPES, flattenParams } from "~/modules/trust/credit.schema";
import { formulaInForce, publishFormula } from "~/modules/trust/credit.server";
import { CREDIT_GRADES, RULE_FORM_ARRAYS, RuleSetFormSchema } from "~/modules/trust/exclusions.schema";
import { publishRuleSet, ruleSetInForce } from "~/modules/trust/rules.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind, badRequest } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("rules.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const [rules, formula] = await Promise.all([ruleSetInForce(context.db), formulaInForce(context.db)]);
  return {
    rules,
    formula: { version: formula.version, flat: flattenParams(formula.params) },
    isAdmin: viewer.role === "admin",
    today: beijingDate(new Date()),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const form = await readForm(request);
  const intent = String(form.get("intent"));
  try {
    if (intent === "rules") {
      const parsed = parseForm(RuleSetFormSchema, form, RULE_FORM_ARRAYS);
      if (!parsed.ok) return invalid(parsed, { scope: intent });
      const r = await publishRuleSet(context.db, viewer, parsed.data);
      return redirect(`/regulator/rules?rules=${r.version}`);
    }
    if (intent === "formula") {
      const parsed = parseForm(FormulaFormSchema, form);
      if (!parsed.ok) return invalid(parsed, { scope: intent });
      const r = await publishFormula(context.db, viewer, parsed.data);
      return redirect(`/regulator/rules?formula=${r.version}`);
    }
    badRequest();
  } catch (e) {
    return domainErrorResponse(e, {}, intent);
  }
}

export default function Rules() {
  const { rules, formula, isAdmin, today } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const r = rules.rules;
  const num = (path: string, label: string) => (
    <Field key={path} name={`p.${path}`} label={label} inputMode="decimal" defaultValue={formula.flat[path]} required />
  );
  return (
    <>
      <h1>{t("rules.title")}</h1>
      <p className="lead">
        {t("rules.lead")} <Link to="/credit">{t("credit.publicPage")}</Link>
      </p>
      {params.get("rules") && (
        <p className="alert alert-success" role="status">
          {t("rules.saved", { version: params.get("rules")! })}
        </p>
      )}
      {params.get("formula") && (
        <p className="alert alert-success" role="status">
          {t("formula.saved", { version: params.get("formula")! })}
        </p>
      )}
      {!isAdmin && <p className="alert alert-error">{t("rules.adminOnly")}</p>}

      <section className="section" aria-labelledby="rules-h">
        <h2 id="rules-h">{t("rules.exclusion", { version: rules.version })}</h2>
        <ValidatedForm schema={RuleSetFormSchema} arrays={RULE_FORM_ARRAYS} intent="rules" scope="rules" className="form card">
          <fieldset className="field">
            <legend>{t("rules.sanction")}</legend>
            <Checkbox name="sanctionEnabled" label={t("rules.enabled")} defaultChecked={r.sanction.enabled} />
            <div className="check-row">
              {NEGATIVE_SANCTION_TYPES.map((s) => (
                <Checkbox
                  key={s}
                  name="sanctionTypes"
                  value={s}
                  label={t(`sanction.type.${s}`)}
                  defaultChecked={r.sanction.types.includes(s)}
                />
              ))}
            </div>
            <FieldError name="sanctionTypes" />
          </fieldset>
          <fieldset className="field">
            <legend>{t("rules.creditGrade")}</legend>
            <Checkbox name="creditGradeEnabled" label={t("rules.enabled")} defaultChecked={r.creditGrade.enabled} />
            <p className="hint">{t("rules.creditGrade.grades")}</p>
            <div className="check-row">
              {CREDIT_GRADES.map((g) => (
                <Checkbox key={g} name="creditGrades" value={g} label={g} defaultChecked={r.creditGrade.grades.includes(g)} />
              ))}
            </div>
            <FieldError name="creditGrades" />
            <p className="hint">{t("rules.creditGrade.methods")}</p>
            <div className="check-row">
              {SELECTION_METHODS.map((m) => (
                <Checkbox
                  key={m}
                  name="creditGradeMethods"
                  value={m}
                  label={t(`method.${m}`)}
                  defaultChecked={r.creditGrade.methods.includes(m)}
                />
              ))}
            </div>
            <FieldError name="creditGradeMethods" />
          </fieldset>
          <fieldset className="field">
            <legend>{t("rules.other")}</legend>
            <Checkbox name="qualificationEnabled" label={t("rules.qualification")} defaultChecked={r.qualification.enabled} />
            <Checkbox
              name="conflictOfInterestEnabled"
              label={t("rules.conflictOfInterest")}
              defaultChecked={r.conflictOfInterest.enabled}
            />
          </fieldset>
          <fieldset className="field">
            <legend>{t("rules.abandonedAwards")}</legend>
            <Checkbox name="abandonedAwardsEnabled" label={t("rules.enabled")} defaultChecked={r.abandonedAwards.enabled} />
            <div className="two-col-tight">
              <Field
                name="abandonedAwardsCount"
                label={t("rules.abandonedAwards.count")}
                inputMode="numeric"
                defaultValue={String(r.abandonedAwards.count)}
              />
              <Field
                name="abandonedAwardsMonths"
                label={t("rules.abandonedAwards.months")}
                inputMode="numeric"
                defaultValue={String(r.abandonedAwards.months)}
              />
            </div>
          </fieldset>
          <div className="two-col-tight">
            <Field name="effectiveFrom" type="date" label={t("rules.effectiveFrom")} defaultValue={today} required />
            <Field name="note" label={t("rules.note")} required maxLength={1000} />
          </div>
          <SubmitButton disabled={!isAdmin}>{t("rules.publish")}</SubmitButton>
        </ValidatedForm>
      </section>

      <section className="section" aria-labelledby="formula-h">
        <h2 id="formula-h">{t("formula.title", { version: formula.version })}</h2>
        <ValidatedForm schema={FormulaFormSchema} intent="formula" scope="formula" className="form card">
          <fieldset className="field">
            <legend>{t("formula.weights")}</legend>
            <div className="two-col-tight">
              {(["reviews", "department", "delivery"] as const).map((k) => num(`weights.${k}`, t(`credit.part.${k}`)))}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t("formula.smoothing")}</legend>
            <div className="two-col-tight">
              {num("reviews.priorMean", t("formula.reviews.priorMean"))}
              {num("reviews.priorWeight", t("formula.reviews.priorWeight"))}
              {num("reviews.halfLifeDays", t("formula.reviews.halfLifeDays"))}
              {num("department.priorMean", t("formula.department.priorMean"))}
              {num("department.priorWeight", t("formula.department.priorWeight"))}
              {num("department.halfLifeDays", t("formula.department.halfLifeDays"))}
              {num("delivery.priorOnTime", t("formula.delivery.priorOnTime"))}
              {num("delivery.priorWeight", t("formula.delivery.priorWeight"))}
              {num("delivery.halfLifeDays", t("formula.delivery.halfLifeDays"))}
              {num("lateDeliveryMinWorkdays", t("formula.lateDeliveryMinWorkdays"))}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t("formula.deductions")}</legend>
            <div className="two-col-tight">
              {DEDUCTION_KINDS.flatMap((k) => [
                num(`deductions.${k}.points`, t("formula.points", { kind: t(`credit.kind.${k}`) })),
                num(`deductions.${k}.months`, t("formula.months", { kind: t(`credit.kind.${k}`) })),
              ])}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t("formula.rewards")}</legend>
            <div className="two-col-tight">
              {(["reward", "redlist"] as const).flatMap((k) => [
                num(`rewards.${k}.points`, t("formula.points", { kind: t(`credit.kind.${k}`) })),
                num(`rewards.${k}.months`, t("formula.months", { kind: t(`credit.kind.${k}`) })),
              ])}
              {num("rewards.cap", t("formula.rewardCap"))}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t("formula.grades")}</legend>
            <div className="two-col-tight">
              {(["A", "B", "C"] as const).map((g) => num(`grades.${g}`, t("formula.gradeMin", { grade: g })))}
            </div>
          </fieldset>
          <div className="two-col-tight">
            <Field name="effectiveFrom" type="date" label={t("rules.effectiveFrom")} defaultValue={today} required />
            <Field name="note" label={t("rules.note")} required maxLength={1000} />
          </div>
          <SubmitButton disabled={!isAdmin}>{t("formula.publish")}</SubmitButton>
        </ValidatedForm>
      </section>
    </>
  );
}
