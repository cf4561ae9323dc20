import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { CheckboxField, Field, RadioGroup, SelectField, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { fenToYuanInput } from "~/lib/money";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { SERVICE_LISTING_ARRAYS, ServiceListingSchema } from "~/modules/agencies/services.schema";
import { getServiceListing, saveServiceListing } from "~/modules/agencies/services.server";
import { groupRegions, listItemOptions, listRegionOptions } from "~/modules/catalogue/catalogue.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind, notFound } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("service.title.edit");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  const itemId = params.itemId === "new" ? null : Number(params.itemId);
  // Item ids are int4: anything else (1e20, -1, 1.5) names no item and never reaches the database.
  if (itemId !== null && !(Number.isInteger(itemId) && itemId > 0 && itemId <= 2_147_483_647)) notFound();
  const [items, regionOptions, listing] = await Promise.all([
    listItemOptions(context.db),
    listRegionOptions(context.db),
    itemId ? getServiceListing(context.db, viewer.org.id, itemId) : Promise.resolve(undefined),
  ]);
  if (itemId && !items.some((i) => i.id === itemId)) notFound();
  return { itemId, items, regions: groupRegions(regionOptions), listing: listing ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  const form = await readForm(request);
  const parsed = parseForm(ServiceListingSchema, form, SERVICE_LISTING_ARRAYS);
  if (!parsed.ok) return invalid(parsed);
  try {
    const saved = await saveServiceListing(context.db, viewer, parsed.data);
    return redirect(`/agency/services/${parsed.data.serviceItemId}?${saved.changed ? `saved=${saved.version}` : "unchanged=1"}`);
  } catch (e) {
    return domainErrorResponse(e, Object.fromEntries(form));
  }
}

export default function ServiceEdit() {
  const { itemId, items, regions, listing } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const en = t.locale === "en";
  const current = listing;
  return (
    <div className="narrow">
      <h1>{t(itemId ? "service.title.edit" : "service.title.new")}</h1>
      {params.get("saved") && (
        <p className="alert alert-success" role="status">
          {t("service.saved", { version: params.get("saved")! })}
        </p>
      )}
      {params.get("unchanged") && (
        <p className="alert alert-success" role="status">
          {t("service.unchanged")}
        </p>
      )}
      <ValidatedForm schema={ServiceListingSchema} arrays={SERVICE_LISTING_ARRAYS} key={`${itemId}-${current?.version ?? 0}`}>
        {itemId ? (
          <>
            <input type="hidden" name="serviceItemId" value={itemId} />
            <p>
              <strong>{t("service.item")}：</strong>
              {(() => {
                const i = items.find((x) => x.id === itemId)!;
                return `${en ? i.nameEn : i.nameZh}${i.statutoryDays ? ` (${t("service.item.statutory", { days: i.statutoryDays })})` : ""}`;
              })()}
            </p>
          </>
        ) : (
          <SelectField name="serviceItemId" label={t("service.item")} required defaultValue="">
            <option value="">{t("agencies.filter.anyItem")}</option>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {en ? i.nameEn : i.nameZh}
                {i.statutoryDays ? ` (${t("service.item.statutory", { days: i.statutoryDays })})` : ""}
              </option>
            ))}
          </SelectField>
        )}
        <RadioGroup
          name="feeMode"
          legend={t("service.feeMode")}
          defaultValue={current?.feeMode ?? "range"}
          options={[
            { value: "fixed", label: t("service.feeMode.fixed") },
            { value: "range", label: t("service.feeMode.range") },
            { value: "rate", label: t("service.feeMode.rate") },
          ]}
        />
        <div className="two-col-tight">
          <Field
            name="feeMin"
            label={t("service.feeMin")}
            inputMode="decimal"
            defaultValue={current?.feeMinFen != null ? fenToYuanInput(current.feeMinFen) : ""}
          />
          <Field
            name="feeMax"
            label={t("service.feeMax")}
            inputMode="decimal"
            defaultValue={current?.feeMaxFen != null && current.feeMode === "range" ? fenToYuanInput(current.feeMaxFen) : ""}
          />
        </div>
        <div className="two-col-tight">
          <Field
            name="feeRate"
            label={t("service.feeRate")}
            inputMode="decimal"
            defaultValue={current?.feeRateBp != null ? (current.feeRateBp / 100).toString() : ""}
          />
          <Field name="feeBasis" label={t("service.feeBasis")} hint={t("service.feeBasis.hint")} defaultValue={current?.feeBasis ?? ""} />
        </div>
        <Field
          name="committedDays"
          type="number"
          label={t("service.committedDays")}
          required
          defaultValue={current ? String(current.committedDays) : ""}
          inputMode="numeric"
        />
        <TextAreaField name="pledge" label={t("service.pledge")} defaultValue={current?.pledge ?? ""} rows={3} />
        <SelectField name="regions" label={t("service.regions")} multiple size={8} defaultValue={current?.regions ?? []}>
          {regions.map((g) => (
            <optgroup key={g.province.code} label={g.province.name}>
              <option value={g.province.code}>{t("signup.region.wholeProvince", { name: g.province.name })}</option>
              {g.cities.map((c) => (
                <option key={c.code} value={c.code}>
                  {g.province.name} · {c.name}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <p className="hint">{t("service.regions.hint")}</p>
        <CheckboxField name="active" label={t("service.active")} defaultChecked={current ? current.active : true} />
        <SubmitButton>{t("service.submit")}</SubmitButton>
      </ValidatedForm>
    </div>
  );
}
