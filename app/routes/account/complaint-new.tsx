import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FileField, RadioGroup, SelectField, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { withUploadedDocument } from "~/modules/procurement/attachments.server";
import { fileComplaint, getComplaintContext } from "~/modules/trust/complaints.server";
import { ComplaintSchema } from "~/modules/trust/trust.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgMember, notFound } from "~/web/guards.server";
import { readFormWithUpload } from "~/web/upload.server";

export const meta = titleMeta("complaint.new");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgMember(context, request);
  const url = new URL(request.url);
  const projectId = url.searchParams.get("project") ?? "";
  const ctx = await getComplaintContext(context.db, viewer, projectId);
  if (!ctx) notFound();
  return { ctx, agencyId: url.searchParams.get("agency") ?? "", isRegulator: viewer.org.kind === "regulator" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgMember(context, request);
  const read = await readFormWithUpload(request);
  if ("tooLarge" in read) return data({ fieldErrors: { document: ["errors.file.tooLarge"] } as FieldErrors, values: {} }, { status: 413 });
  const parsed = parseForm(ComplaintSchema, read.form);
  if (!parsed.ok) return invalid(parsed);
  try {
    await withUploadedDocument(context.db, context.files, viewer, read.upload, (fileId) =>
      fileComplaint(context.db, viewer, parsed.data, new Date(), fileId, context.limits),
    );
    return redirect("/account/complaints?filed=1");
  } catch (e) {
    return domainErrorResponse(e, parsed.data);
  }
}

export default function NewComplaint() {
  const { ctx, agencyId, isRegulator } = useLoaderData<typeof loader>();
  useActionData<typeof action>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("complaint.new")}</h1>
      <p className="lead">{t("complaint.newLead", { days: ctx.decisionWorkdays })}</p>
      <p>
        {t("complaint.matter")}：<Link to={`/projects/${ctx.project.id}`}>{ctx.project.title}</Link>
        {ctx.windowEnds && <span className="muted small"> · {t("complaint.windowEnds", { date: t.date(ctx.windowEnds) })}</span>}
      </p>
      {isRegulator ? (
        <p className="alert alert-error">{t("errors.complaint.regulator")}</p>
      ) : (
        <ValidatedForm schema={ComplaintSchema} encType="multipart/form-data">
          <input type="hidden" name="projectId" value={ctx.project.id} />
          <RadioGroup
            name="subjectType"
            legend={t("complaint.subjectType")}
            defaultValue={agencyId ? "agency" : "project"}
            options={[
              { value: "agency", label: t("complaint.subject.agency") },
              { value: "project", label: t("complaint.subject.project") },
            ]}
          />
          <SelectField name="agencyId" label={t("complaint.agency")} defaultValue={agencyId}>
            <option value="">{t("complaint.agencyNone")}</option>
            {ctx.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </SelectField>
          <TextAreaField name="facts" label={t("complaint.facts")} hint={t("complaint.facts.hint")} rows={6} />
          <TextAreaField name="provisions" label={t("complaint.provisions")} hint={t("complaint.provisions.hint")} rows={2} />
          <FileField name="document" label={t("complaint.evidence")} accept="application/pdf,image/jpeg,image/png" required={false} />
          <p className="small muted">{t("complaint.admissibility")}</p>
          <SubmitButton>{t("complaint.submit")}</SubmitButton>
        </ValidatedForm>
      )}
    </div>
  );
}
