import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CheckboxField, Field, SelectField, SubmitButton, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { parseForm } from "~/lib/forms";
import { fenToYuanInput } from "~/lib/money";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { PolicySchema } from "~/modules/procurement/policy.schema";
import { getPolicyFor, listPolicyVersions, savePolicy } from "~/modules/procurement/policy.server";
import { SELECTION_METHODS } from "~/modules/procurement/projects.rules";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("policy.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const [current, versions] = await Promise.all([
    getPolicyFor(context.db, viewer.org.regionCode),
    listPolicyVersions(context.db, viewer.org.regionCode),
  ]);
  return { current, versions, isAdmin: viewer.role === "admin" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const parsed = parseForm(PolicySchema, await readForm(request), ["allowedMethods"]);
  if (!parsed.ok) return invalid(parsed);
  try {
    const saved = await savePolicy(context.db, viewer, parsed.data);
    return data({ saved: saved.version });
  } catch (e) {
    return domainErrorResponse(e);
  }
}

export default function PolicyPage() {
  const { current: c, versions, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("policy.title")}</h1>
      <p className="lead">{t("policy.lead")}</p>
      {actionData && "saved" in actionData && (
        <p className="alert alert-success" role="status">
          {t("policy.saved", { version: actionData.saved })}
        </p>
      )}
      <p className="muted">{t("policy.current", { version: c.version, region: c.regionCode ?? t("policy.national") })}</p>
      {isAdmin && (
        <ValidatedForm schema={PolicySchema} arrays={["allowedMethods"]} className="form narrow">
          <fieldset className="field">
            <legend>{t("policy.methods")}</legend>
            {SELECTION_METHODS.map((m) => (
              <CheckboxField
                key={m}
                name="allowedMethods"
                label={t(`method.${m}`)}
                defaultChecked={c.allowedMethods.includes(m)}
                value={m}
              />
            ))}
          </fieldset>
          <div className="two-col-tight">
            <Field
              name="minBidsGovernment"
              type="number"
              label={t("policy.minBidsGovernment")}
              required
              defaultValue={String(c.minBidsGovernment)}
            />
            <Field name="minBidsOther" type="number" label={t("policy.minBidsOther")} required defaultValue={String(c.minBidsOther)} />
            <Field
              name="minBiddingWorkdays"
              type="number"
              label={t("policy.minBiddingWorkdays")}
              required
              defaultValue={String(c.minBiddingWorkdays)}
            />
            <Field
              name="publicityWorkdays"
              type="number"
              label={t("policy.publicityWorkdays")}
              required
              defaultValue={String(c.publicityWorkdays)}
            />
            <Field
              name="objectionAnswerWorkdays"
              type="number"
              label={t("policy.objectionAnswerWorkdays")}
              required
              defaultValue={String(c.objectionAnswerWorkdays)}
            />
            <Field
              name="signingWorkdays"
              type="number"
              label={t("policy.signingWorkdays")}
              required
              defaultValue={String(c.signingWorkdays)}
            />
            <Field
              name="directCeiling"
              label={t("policy.directCeiling")}
              required
              inputMode="decimal"
              defaultValue={fenToYuanInput(c.directCeilingFen)}
            />
            <Field
              name="abnormallyLowPct"
              type="number"
              label={t("policy.abnormallyLowPct")}
              required
              defaultValue={String(c.abnormallyLowPct)}
            />
            <Field
              name="abnormallyLowCeilingPct"
              type="number"
              label={t("policy.abnormallyLowCeilingPct")}
              required
              defaultValue={String(c.abnormallyLowCeilingPct)}
            />
            <Field
              name="maxBiddingDays"
              type="number"
              label={t("policy.maxBiddingDays")}
              required
              defaultValue={String(c.maxBiddingDays)}
            />
            <Field
              name="directFloorPct"
              type="number"
              label={t("policy.directFloorPct")}
              required
              defaultValue={String(c.directFloorPct)}
            />
            <Field
              name="complaintWindowDays"
              type="number"
              label={t("policy.complaintWindowDays")}
              required
              defaultValue={String(c.complaintWindowDays)}
            />
            <Field
              name="complaintDecisionWorkdays"
              type="number"
              label={t("policy.complaintDecisionWorkdays")}
              required
              defaultValue={String(c.complaintDecisionWorkdays)}
            />
          </div>
          <fieldset className="field">
            <legend>{t("share.policy.legend")}</legend>
            <p className="hint">{t("share.policy.hint")}</p>
            <div className="two-col-tight">
              <SelectField name="drawRandomness" label={t("share.policy.drawRandomness")} defaultValue={c.drawRandomness}>
                <option value="beacon">{t("share.policy.beacon")}</option>
                <option value="regulatorShare">{t("share.policy.regulatorShare")}</option>
              </SelectField>
              <Field
                name="shareRevealWorkdays"
                type="number"
                label={t("share.policy.revealWorkdays")}
                required
                defaultValue={String(c.shareRevealWorkdays)}
              />
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t("policy.minBidsByMethod")}</legend>
            <p className="hint">{t("policy.minBidsByMethod.hint")}</p>
            <div className="two-col-tight">
              {SELECTION_METHODS.map((m) => (
                <Field
                  key={m}
                  name={`minBids_${m}`}
                  type="number"
                  label={t(`method.${m}`)}
                  defaultValue={String((c.minBidsByMethod as Record<string, number>)[m] ?? "")}
                />
              ))}
            </div>
          </fieldset>
          <SubmitButton>{t("policy.save")}</SubmitButton>
        </ValidatedForm>
      )}
      <section className="section" aria-labelledby="versions">
        <h2 id="versions">{t("policy.versions")}</h2>
        <TableWrap label={t("policy.versions")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("profile.col.version")}</th>
                <th scope="col">{t("policy.effectiveFrom")}</th>
                <th scope="col">{t("policy.methods")}</th>
                <th scope="col">{t("policy.minBiddingWorkdays")}</th>
                <th scope="col">{t("policy.directCeiling")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td>{v.version}</td>
                  <td>{t.dateTime(v.effectiveFrom)}</td>
                  <td>{v.allowedMethods.map((m) => t(`method.${m}`)).join("、")}</td>
                  <td>{v.minBiddingWorkdays}</td>
                  <td>{t.money(v.directCeilingFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>
  );
}
