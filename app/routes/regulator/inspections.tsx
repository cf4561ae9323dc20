import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, SelectField, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { listItemOptions } from "~/modules/catalogue/catalogue.server";
import { listInspections, planInspection } from "~/modules/oversight/inspections.server";
import { InspectionSchema } from "~/modules/oversight/oversight.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("inspection.office");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const [rows, items] = await Promise.all([listInspections(context.db, { officeId: viewer.org.id }), listItemOptions(context.db)]);
  return { rows, items: items.map((i) => ({ id: i.id, nameZh: i.nameZh, nameEn: i.nameEn })), region: viewer.org.regionCode };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const parsed = parseForm(InspectionSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed);
  try {
    const r = await planInspection(context.db, viewer, parsed.data);
    return redirect(`/inspections/${r.id}`);
  } catch (e) {
    return domainErrorResponse(e, parsed.data);
  }
}

export default function Inspections() {
  const { rows, items, region } = useLoaderData<typeof loader>();
  useActionData<typeof action>();
  const t = useT();
  const en = t.locale === "en";
  return (
    <>
      <h1>{t("inspection.office")}</h1>
      <p className="lead">{t("inspection.lead")}</p>
      <div className="two-col">
        <section aria-labelledby="plan-h">
          <h2 id="plan-h" className="h3">
            {t("inspection.plan")}
          </h2>
          <ValidatedForm schema={InspectionSchema}>
            <Field name="title" label={t("inspection.title")} required />
            <SelectField name="itemId" label={t("inspection.item")}>
              <option value="">{t("agencies.filter.anyItem")}</option>
              {items.map((i) => (
                <option key={i.id} value={i.id}>
                  {en ? i.nameEn : i.nameZh}
                </option>
              ))}
            </SelectField>
            <Field
              name="regionCode"
              label={t("inspection.region")}
              hint={t("inspection.region.hint")}
              defaultValue={region}
              inputMode="numeric"
            />
            <Field name="activeSinceDays" label={t("inspection.activeSince")} hint={t("inspection.activeSince.hint")} inputMode="numeric" />
            <Field name="sampleSize" label={t("inspection.sampleSize")} required inputMode="numeric" defaultValue="5" />
            <Field name="inspectorsPerTarget" label={t("inspection.inspectorsPerTarget")} required inputMode="numeric" defaultValue="2" />
            <SubmitButton>{t("inspection.planSubmit")}</SubmitButton>
          </ValidatedForm>
        </section>
        <section aria-labelledby="list-h">
          <h2 id="list-h" className="h3">
            {t("inspection.list")}
          </h2>
          {rows.length === 0 ? (
            <p className="empty-state">{t("inspection.none")}</p>
          ) : (
            <ul className="plain-list">
              {rows.map((i) => (
                <li key={i.id}>
                  <Link to={`/inspections/${i.id}`}>{i.title}</Link> · {t(`inspection.status.${i.status}`)} ·{" "}
                  {t("inspection.sampleOf", { k: i.sampleSize, n: i.populationSize })}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
