import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formToObject, parseForm, type FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { beijingDate } from "~/lib/beijing-calendar";
import { SELECTION_METHODS } from "~/modules/procurement/projects.rules";
import { DEDUCTION_KINDS, FormulaVersionSchema, NEGATIVE_SANCTION_TYPES, flattenParams, unflattenParams } from "~/modules/trust/credit.schema";
import { formulaInForce, publishFormula } from "~/modules/trust/credit.server";
import { CREDIT_GRADES, RULE_FORM_ARRAYS, RuleSetFormSchema } from "~/modules/trust/exclusions.schema";
import { publishRuleSet, ruleSetInForce } from "~/modules/trust/rules.server";
import { domainErrorResponse } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("rules.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const [rules, formula] = await Promise.all([ruleSetInForce(context.db), formulaInForce(context.db)]);
  return { rules, formula: { version: formula.version, flat: flattenParams(formula.params) }, isAdmin: viewer.role === "admin", today: beijingDate(new Date()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const form = await readForm(request);
  const intent = form.get("intent");
  try {
    if (intent === "rules") {
      const parsed = parseForm(RuleSetFormSchema, form, RULE_FORM_ARRAYS);
      if (!parsed.ok) return data({ form: "rules", fieldErrors: parsed.fieldErrors }, { status: 400 });
      const r = await publishRuleSet(context.db, viewer, parsed.data);
      return redirect(`/regulator/rules?rules=${r.version}`);
    }
    if (intent === "formula") {
      const raw = formToObject(form);
      const params = unflattenParams(Object.fromEntries(Object.entries(raw).filter(([k]) => k.startsWith("p.")).map(([k, v]) => [k.slice(2), v])));
      const parsed = FormulaVersionSchema.safeParse({ effectiveFrom: raw.effectiveFrom, note: raw.note, params });
      if (!parsed.success) {
        const fieldErrors: FieldErrors = {};
        for (const issue of parsed.error.issues) {
          const name = issue.path[0] === "params" ? `p.${issue.path.slice(1).join(".")}` : String(issue.path[0] ?? "_form");
          (fieldErrors[name] ??= []).push(issue.message);
        }
        return data({ form: "formula", fieldErrors }, { status: 400 });
      }
      const r = await publishFormula(context.db, viewer, parsed.data);
      return redirect(`/regulator/rules?formula=${r.version}`);
    }
    throw new Response("Bad request", { status: 400 });
  } catch (e) {
    const r = domainErrorResponse(e);
    return data({ form: String(intent), fieldErrors: r.data.fieldErrors }, { status: r.init?.status ?? 400 });
  }
}

function Check({ name, value, label, checked }: { name: string; value?: string; label: string; checked: boolean }) {
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} value={value ?? "on"} defaultChecked={checked} /> {label}
    </label>
  );
}

export default function Rules() {
  const { rules, formula, isAdmin, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = rules.rules;
  const errorsFor = (f: string) => (actionData && actionData.form === f ? (actionData.fieldErrors as FieldErrors) : {});
  const re = errorsFor("rules");
  const fe = errorsFor("formula");
  const msg = (errs: FieldErrors, name: string) => errs[name]?.[0] && <p className="field-error">{t(errs[name]![0]!)}</p>;
  const num = (path: string, label: string) => (
    <div className={`field${fe[`p.${path}`] ? " field-invalid" : ""}`} key={path}>
      <label htmlFor={`p-${path}`}>{label}</label>
      <input id={`p-${path}`} name={`p.${path}`} inputMode="decimal" defaultValue={formula.flat[path]} required aria-invalid={fe[`p.${path}`] ? true : undefined} />
      {msg(fe, `p.${path}`)}
    </div>
  );
  return (
    <>
      <h1>{t("rules.title")}</h1>
      <p className="lead">{t("rules.lead")} <Link to="/credit">{t("credit.publicPage")}</Link></p>
      {params.get("rules") && <p className="alert alert-success" role="status">{t("rules.saved", { version: params.get("rules")! })}</p>}
      {params.get("formula") && <p className="alert alert-success" role="status">{t("formula.saved", { version: params.get("formula")! })}</p>}
      {!isAdmin && <p className="alert alert-error">{t("rules.adminOnly")}</p>}

      <section className="section" aria-labelledby="rules-h">
        <h2 id="rules-h">{t("rules.exclusion", { version: rules.version })}</h2>
        <Form method="post" className="form card">
          <input type="hidden" name="intent" value="rules" />
          {re._form && <p className="alert alert-error" role="alert">{t(re._form[0]!)}</p>}
          <fieldset className="field">
            <legend>{t("rules.sanction")}</legend>
            <Check name="sanctionEnabled" label={t("rules.enabled")} checked={r.sanction.enabled} />
            <div className="check-row">{NEGATIVE_SANCTION_TYPES.map((s) => <Check key={s} name="sanctionTypes" value={s} label={t(`sanction.type.${s}`)} checked={r.sanction.types.includes(s)} />)}</div>
            {msg(re, "sanctionTypes")}
          </fieldset>
          <fieldset className="field">
            <legend>{t("rules.creditGrade")}</legend>
            <Check name="creditGradeEnabled" label={t("rules.enabled")} checked={r.creditGrade.enabled} />
            <p className="hint">{t("rules.creditGrade.grades")}</p>
            <div className="check-row">{CREDIT_GRADES.map((g) => <Check key={g} name="creditGrades" value={g} label={g} checked={r.creditGrade.grades.includes(g)} />)}</div>
            {msg(re, "creditGrades")}
            <p className="hint">{t("rules.creditGrade.methods")}</p>
            <div className="check-row">{SELECTION_METHODS.map((m) => <Check key={m} name="creditGradeMethods" value={m} label={t(`method.${m}`)} checked={r.creditGrade.methods.includes(m)} />)}</div>
            {msg(re, "creditGradeMethods")}
          </fieldset>
          <fieldset className="field">
            <legend>{t("rules.other")}</legend>
            <Check name="qualificationEnabled" label={t("rules.qualification")} checked={r.qualification.enabled} />
            <Check name="conflictOfInterestEnabled" label={t("rules.conflictOfInterest")} checked={r.conflictOfInterest.enabled} />
          </fieldset>
          <fieldset className="field">
            <legend>{t("rules.abandonedAwards")}</legend>
            <Check name="abandonedAwardsEnabled" label={t("rules.enabled")} checked={r.abandonedAwards.enabled} />
            <div className="two-col-tight">
              <div className={`field${re.abandonedAwardsCount ? " field-invalid" : ""}`}>
                <label htmlFor="aa-count">{t("rules.abandonedAwards.count")}</label>
                <input id="aa-count" name="abandonedAwardsCount" inputMode="numeric" defaultValue={r.abandonedAwards.count} />
                {msg(re, "abandonedAwardsCount")}
              </div>
              <div className={`field${re.abandonedAwardsMonths ? " field-invalid" : ""}`}>
                <label htmlFor="aa-months">{t("rules.abandonedAwards.months")}</label>
                <input id="aa-months" name="abandonedAwardsMonths" inputMode="numeric" defaultValue={r.abandonedAwards.months} />
                {msg(re, "abandonedAwardsMonths")}
              </div>
            </div>
          </fieldset>
          <div className="two-col-tight">
            <div className={`field${re.effectiveFrom ? " field-invalid" : ""}`}>
              <label htmlFor="r-from">{t("rules.effectiveFrom")}</label>
              <input id="r-from" name="effectiveFrom" type="date" defaultValue={today} required />
              {msg(re, "effectiveFrom")}
            </div>
            <div className={`field${re.note ? " field-invalid" : ""}`}>
              <label htmlFor="r-note">{t("rules.note")}</label>
              <input id="r-note" name="note" required minLength={2} maxLength={1000} />
              {msg(re, "note")}
            </div>
          </div>
          <button type="submit" className="button button-primary" disabled={!isAdmin}>{t("rules.publish")}</button>
        </Form>
      </section>

      <section className="section" aria-labelledby="formula-h">
        <h2 id="formula-h">{t("formula.title", { version: formula.version })}</h2>
        <Form method="post" className="form card">
          <input type="hidden" name="intent" value="formula" />
          {fe._form && <p className="alert alert-error" role="alert">{t(fe._form[0]!)}</p>}
          <fieldset className="field">
            <legend>{t("formula.weights")}</legend>
            <div className="two-col-tight">{(["reviews", "department", "delivery"] as const).map((k) => num(`weights.${k}`, t(`credit.part.${k}`)))}</div>
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
              {DEDUCTION_KINDS.flatMap((k) => [num(`deductions.${k}.points`, t("formula.points", { kind: t(`credit.kind.${k}`) })), num(`deductions.${k}.months`, t("formula.months", { kind: t(`credit.kind.${k}`) }))])}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t("formula.rewards")}</legend>
            <div className="two-col-tight">
              {(["reward", "redlist"] as const).flatMap((k) => [num(`rewards.${k}.points`, t("formula.points", { kind: t(`credit.kind.${k}`) })), num(`rewards.${k}.months`, t("formula.months", { kind: t(`credit.kind.${k}`) }))])}
              {num("rewards.cap", t("formula.rewardCap"))}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t("formula.grades")}</legend>
            <div className="two-col-tight">{(["A", "B", "C"] as const).map((g) => num(`grades.${g}`, t("formula.gradeMin", { grade: g })))}</div>
          </fieldset>
          <div className="two-col-tight">
            <div className={`field${fe.effectiveFrom ? " field-invalid" : ""}`}>
              <label htmlFor="f-from">{t("rules.effectiveFrom")}</label>
              <input id="f-from" name="effectiveFrom" type="date" defaultValue={today} required />
              {msg(fe, "effectiveFrom")}
            </div>
            <div className={`field${fe.note ? " field-invalid" : ""}`}>
              <label htmlFor="f-note">{t("rules.note")}</label>
              <input id="f-note" name="note" required minLength={2} maxLength={1000} />
              {msg(fe, "note")}
            </div>
          </div>
          <button type="submit" className="button button-primary" disabled={!isAdmin}>{t("formula.publish")}</button>
        </Form>
      </section>
    </>
  );
}
