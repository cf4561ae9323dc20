import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Field, FileField, SelectField, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { QualificationSchema } from "~/modules/agencies/qualifications.schema";
import { submitQualification } from "~/modules/agencies/qualifications.server";
import { listItemOptions } from "~/modules/catalogue/catalogue.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { MAX_UPLOAD_BYTES } from "~/server/files.server";
import { requireOrgKind } from "~/web/guards.server";
import { FormTooLargeError, readMultipartForm } from "~/web/upload.server";

export const meta = titleMeta("qualUpload.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOrgKind(context, request, "agency");
  const items = await listItemOptions(context.db);
  // Items that legally require a qualification first.
  items.sort((a, b) => Number(!!b.requiredQualificationZh) - Number(!!a.requiredQualificationZh));
  return { items };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  let form: FormData;
  try {
    form = await readMultipartForm(request);
  } catch (e) {
    if (e instanceof FormTooLargeError) return data({ fieldErrors: { document: ["errors.file.tooLarge"] }, values: {} }, { status: 413 });
    throw e;
  }
  const sent = form.get("document");
  if (sent && typeof sent !== "string" && sent.size > MAX_UPLOAD_BYTES)
    return data({ fieldErrors: { document: ["errors.file.tooLarge"] }, values: {} }, { status: 413 });
  const parsed = parseForm(QualificationSchema, form);
  if (!parsed.ok) return invalid(parsed);
  const file = form.get("document");
  const upload = file && typeof file !== "string" ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null;
  try {
    await submitQualification(context.db, context.files, viewer, parsed.data, upload);
    return redirect("/agency");
  } catch (e) {
    return domainErrorResponse(e, parsed.data);
  }
}

export default function QualificationNew() {
  const { items } = useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  return (
    <div className="narrow">
      <h1>{t("qualUpload.title")}</h1>
      <p className="lead">{t("qualUpload.lead")}</p>
      <ValidatedForm schema={QualificationSchema} encType="multipart/form-data">
        <SelectField name="serviceItemId" label={t("qualUpload.item")} required defaultValue="">
          <option value="">{t("agencies.filter.anyItem")}</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {en ? i.nameEn : i.nameZh}
              {i.requiredQualificationZh
                ? ` — ${t("qualUpload.required", { qualification: (en ? i.requiredQualificationEn : i.requiredQualificationZh) ?? "" })}`
                : ""}
            </option>
          ))}
        </SelectField>
        <Field name="qualType" label={t("qualUpload.type")} required />
        <Field name="level" label={t("qualUpload.level")} />
        <Field name="certificateNo" label={t("qualUpload.number")} required />
        <Field name="issuer" label={t("qualUpload.issuer")} required />
        <div className="two-col-tight">
          <Field name="validFrom" type="date" label={t("qualUpload.validFrom")} required />
          <Field name="validTo" type="date" label={t("qualUpload.validTo")} required />
        </div>
        <FileField name="document" label={t("qualUpload.document")} accept="application/pdf,image/jpeg,image/png" />
        <SubmitButton>{t("qualUpload.submit")}</SubmitButton>
      </ValidatedForm>
    </div>
  );
}
