import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FileField, SelectField, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { beijingDate } from "~/lib/beijing-calendar";
import { groupRegions, listItemOptions, listRegionOptions } from "~/modules/catalogue/catalogue.server";
import { withUploadedDocument } from "~/modules/procurement/attachments.server";
import { SANCTION_TYPES } from "~/modules/trust/credit.schema";
import { findSanctionTarget, issueSanction } from "~/modules/trust/sanctions.server";
import { SANCTION_FORM_ARRAYS, SanctionSchema } from "~/modules/trust/trust.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readFormWithUpload } from "~/web/upload.server";

export const meta = titleMeta("sanction.new");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOrgKind(context, request, "regulator");
  const url = new URL(request.url);
  const target = await findSanctionTarget(context.db, {
    agencyId: url.searchParams.get("agency"),
    creditCode: url.searchParams.get("code"),
  });
  const [items, regions] = await Promise.all([listItemOptions(context.db), listRegionOptions(context.db)]);
  return {
    target,
    searched: url.searchParams.has("code") || url.searchParams.has("agency"),
    complaintId: url.searchParams.get("complaint") ?? "",
    proposalId: url.searchParams.get("proposal") ?? "",
    caseId: url.searchParams.get("case") ?? "",
    type: url.searchParams.get("type") ?? "",
    items: items.map((i) => ({ id: i.id, nameZh: i.nameZh, nameEn: i.nameEn })),
    regions: groupRegions(regions),
    today: beijingDate(new Date()),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const read = await readFormWithUpload(request);
  if ("tooLarge" in read) return data({ fieldErrors: { document: ["errors.file.tooLarge"] } as FieldErrors, values: {} }, { status: 413 });
  const parsed = parseForm(SanctionSchema, read.form, SANCTION_FORM_ARRAYS);
  if (!parsed.ok) return invalid(parsed);
  try {
    const r = await withUploadedDocument(context.db, context.files, viewer, read.upload, (fileId) =>
      issueSanction(context.db, viewer, parsed.data, fileId),
    );
    return redirect(`/sanctions/${r.id}`);
  } catch (e) {
    return domainErrorResponse(e, Object.fromEntries([...read.form].filter(([, v]) => typeof v === "string")));
  }
}

export default function NewSanction() {
  const { target, searched, complaintId, proposalId, caseId, type, items, regions, today } = useLoaderData<typeof loader>();
  useActionData<typeof action>();
  const t = useT();
  const en = t.locale === "en";
  return (
    <div className="narrow">
      <h1>{t("sanction.new")}</h1>
      <p className="lead">{t("sanction.newLead")}</p>
      {!target ? (
        <Form method="get" className="form">
          {searched && (
            <p className="alert alert-error" role="alert">
              {t("sanction.targetNotFound")}
            </p>
          )}
          <div className="field">
            <label htmlFor="target-code">{t("sanction.targetCode")}</label>
            <input id="target-code" name="code" required maxLength={18} />
          </div>
          <button type="submit" className="button">
            {t("sanction.findTarget")}
          </button>
        </Form>
      ) : (
        <>
          <p>
            {t("sanction.target")}：<Link to={`/agencies/${target.id}`}>{target.name}</Link> <code>{target.creditCode}</code>
          </p>
          <ValidatedForm schema={SanctionSchema} arrays={[...SANCTION_FORM_ARRAYS]} encType="multipart/form-data">
            <input type="hidden" name="agencyId" value={target.id} />
            <input type="hidden" name="complaintId" value={complaintId} />
            <input type="hidden" name="proposalId" value={proposalId} />
            <input type="hidden" name="caseId" value={caseId} />
            <SelectField name="type" label={t("blacklist.col.type")} required defaultValue={type}>
              <option value="">{t("sanction.pickType")}</option>
              {SANCTION_TYPES.map((s) => (
                <option key={s} value={s}>
                  {t(`sanction.type.${s}`)}
                </option>
              ))}
            </SelectField>
            <TextAreaField name="grounds" label={t("sanction.grounds")} rows={4} />
            <Field name="legalBasis" label={t("sanction.legalBasis")} required hint={t("sanction.legalBasis.hint")} />
            <Field name="decisionRef" label={t("sanction.decisionRef")} required hint={t("sanction.decisionRef.hint")} />
            <div className="two-col-tight">
              <Field name="startsOn" type="date" label={t("sanction.startsOn")} required defaultValue={today} />
              <Field name="endsOn" type="date" label={t("sanction.endsOn")} hint={t("sanction.endsOn.hint")} />
            </div>
            <SelectField name="scopeRegions" label={t("sanction.scopeRegions")} multiple size={8} hint={t("sanction.scopeRegions.hint")}>
              {regions.map((g) => (
                <optgroup key={g.province.code} label={g.province.name}>
                  <option value={g.province.code}>{g.province.name}</option>
                  {g.cities.map((c) => (
                    <option key={c.code} value={c.code}>
                      {g.province.name} · {c.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </SelectField>
            <SelectField name="scopeItems" label={t("sanction.scopeItems")} multiple size={8} hint={t("sanction.scopeItems.hint")}>
              {items.map((i) => (
                <option key={i.id} value={i.id}>
                  {en ? i.nameEn : i.nameZh}
                </option>
              ))}
            </SelectField>
            <TextAreaField
              name="affiliates"
              label={t("sanction.affiliates")}
              hint={t("sanction.affiliates.hint")}
              required={false}
              rows={3}
            />
            <FileField name="document" label={t("sanction.document")} accept="application/pdf,image/jpeg,image/png" required={false} />
            <SubmitButton>{t("sanction.issue")}</SubmitButton>
          </ValidatedForm>
        </>
      )}
    </div>
  );
}
