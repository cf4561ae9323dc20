import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Field, SelectField, SubmitButton, ValidatedForm } from "~/components/form";
import { RegionSelect } from "~/components/region-select";
import { parseForm } from "~/lib/forms";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { groupRegions, listRegionOptions, listServiceItems } from "~/modules/catalogue/catalogue.server";
import { CreateRegulatorSchema } from "~/modules/identity/accounts.schema";
import { createRegulatorOffice, listRegulatorOffices, mayManageRegulators } from "~/modules/identity/accounts.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { forbidden, requireViewer } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("regulators.title");

const ARRAYS = ["serviceItemIds"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  if (!mayManageRegulators(viewer)) forbidden();
  const [offices, regionOptions, items] = await Promise.all([
    listRegulatorOffices(context.db),
    listRegionOptions(context.db),
    listServiceItems(context.db),
  ]);
  return { offices, regions: groupRegions(regionOptions), items: items.map((i) => ({ id: i.id, nameZh: i.nameZh, nameEn: i.nameEn })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  if (!mayManageRegulators(viewer)) forbidden();
  const parsed = parseForm(CreateRegulatorSchema, await readForm(request), ARRAYS);
  if (!parsed.ok) return invalid(parsed);
  try {
    const { token } = await createRegulatorOffice(context.db, viewer, parsed.data);
    return data({ created: { email: parsed.data.adminEmail, link: `${new URL(request.url).origin}/invite/${token}` } });
  } catch (e) {
    return domainErrorResponse(e, parsed.data);
  }
}

export default function RegulatorOffices() {
  const { offices, regions, items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const created = actionData && "created" in actionData ? actionData.created : null;
  return (
    <>
      <h1>{t("regulators.title")}</h1>
      <p className="lead">{t("regulators.lead")}</p>
      <TableWrap label={t("regulators.title")}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("regulators.col.name")}</th>
              <th scope="col">{t("regulators.col.region")}</th>
              <th scope="col">{t("regulators.col.items")}</th>
              <th scope="col">{t("regulators.col.members")}</th>
            </tr>
          </thead>
          <tbody>
            {offices.map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{o.regionName}</td>
                <td>{o.itemCount}</td>
                <td>{o.memberCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <section className="section narrow" aria-labelledby="create-heading">
        <h2 id="create-heading">{t("regulators.create")}</h2>
        {created && (
          <div className="alert alert-success" role="status">
            <p>{t("regulators.created", { email: created.email })}</p>
            <p>
              <code className="copyable" data-testid="invitation-link">
                {created.link}
              </code>
            </p>
          </div>
        )}
        <ValidatedForm schema={CreateRegulatorSchema} arrays={ARRAYS}>
          <Field name="officeName" label={t("regulators.officeName")} required />
          <RegionSelect name="regionCode" label={t("regulators.region")} groups={regions} />
          <SelectField name="serviceItemIds" label={t("regulators.items")} multiple size={10} required>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {t.locale === "en" ? i.nameEn : i.nameZh}
              </option>
            ))}
          </SelectField>
          <Field name="adminEmail" type="email" label={t("regulators.adminEmail")} required />
          <SubmitButton>{t("regulators.submit")}</SubmitButton>
        </ValidatedForm>
      </section>
    </>
  );
}
