import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Field, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { caseSubjectNames, openCase } from "~/modules/oversight/cases.server";
import { CaseSchema } from "~/modules/oversight/oversight.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("case.new");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOrgKind(context, request, "regulator");
  const q = new URL(request.url).searchParams;
  const pre = {
    origin: q.get("origin") ?? "initiative",
    flag: q.get("flag") ?? "",
    complaintId: q.get("complaint") ?? "",
    projectId: q.get("project") ?? "",
    agencyId: q.get("agency") ?? "",
    ownerOrgId: q.get("owner") ?? "",
  };
  return { pre, names: await caseSubjectNames(context.db, pre) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const parsed = parseForm(CaseSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed);
  try {
    const c = await openCase(context.db, viewer, parsed.data);
    return redirect(`/cases/${c.id}`);
  } catch (e) {
    return domainErrorResponse(e, parsed.data);
  }
}

export default function NewCase() {
  const { pre, names } = useLoaderData<typeof loader>();
  useActionData<typeof action>();
  const t = useT();
  const subject = [
    names.project && t("case.subject.project", { name: names.project }),
    names.agency && t("case.subject.agency", { name: names.agency }),
    names.owner && t("case.subject.owner", { name: names.owner }),
  ]
    .filter(Boolean)
    .join("；");
  return (
    <div className="narrow">
      <h1>{t("case.new")}</h1>
      <p className="lead">{t("case.newLead")}</p>
      <p>
        {t("case.col.origin")}：{t(`case.origin.${pre.origin}`)}
        {pre.flag && ` · ${t(`flag.${pre.flag}.name`)}`}
      </p>
      {subject ? <p>{subject}</p> : <p className="alert alert-error">{t("errors.case.subject")}</p>}
      <ValidatedForm schema={CaseSchema}>
        {Object.entries(pre).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <Field name="title" label={t("case.title")} required defaultValue={names.project ?? names.agency ?? names.owner ?? ""} />
        <TextAreaField
          name="grounds"
          label={t("case.grounds")}
          hint={t("case.grounds.hint")}
          rows={5}
          defaultValue={pre.flag ? t(`flag.${pre.flag}.formula`) : ""}
        />
        <SubmitButton>{t("case.create")}</SubmitButton>
      </ValidatedForm>
    </div>
  );
}
