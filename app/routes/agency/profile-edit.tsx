import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CheckboxField, Field, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { AgencyDetailsSchema } from "~/modules/agencies/profile.schema";
import { getAgencyDashboard, updateAgencyDetails } from "~/modules/agencies/profile.server";
import { beijingDate } from "~/lib/beijing-calendar";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("profileEdit.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  const { org } = await getAgencyDashboard(context.db, viewer, beijingDate(new Date()));
  return { org };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  const parsed = parseForm(AgencyDetailsSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed);
  try {
    await updateAgencyDetails(context.db, viewer, parsed.data);
    return data({ saved: true as const });
  } catch (e) {
    return domainErrorResponse(e, parsed.data);
  }
}

export default function ProfileEdit() {
  const { org } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("profileEdit.title")}</h1>
      {actionData && "saved" in actionData && (
        <p className="alert alert-success" role="status">
          {t("profileEdit.saved")}
        </p>
      )}
      <ValidatedForm schema={AgencyDetailsSchema}>
        <Field name="legalRepresentative" label={t("signup.legalRepresentative")} required defaultValue={org.legalRepresentative ?? ""} />
        <Field name="address" label={t("signup.address")} required defaultValue={org.address ?? ""} />
        <TextAreaField
          name="businessScope"
          label={t("signup.businessScope")}
          hint={t("signup.businessScope.hint")}
          defaultValue={org.businessScope ?? ""}
        />
        <Field name="contactPerson" label={t("signup.contactPerson")} defaultValue={org.contactPerson ?? ""} />
        <Field name="contactPhone" type="tel" label={t("signup.contactPhone")} required defaultValue={org.contactPhone ?? ""} />
        <Field name="contactEmail" type="email" label={t("signup.contactEmail")} defaultValue={org.contactEmail ?? ""} />
        <CheckboxField
          name="contactPublic"
          label={t("signup.contactPublic")}
          hint={t("signup.contactPublic.hint")}
          defaultChecked={org.contactPublic}
        />
        <SubmitButton>{t("common.save")}</SubmitButton>
      </ValidatedForm>
    </div>
  );
}
