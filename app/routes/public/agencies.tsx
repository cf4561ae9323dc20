import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FeeText } from "~/components/fee";
import { Checkbox, Field, SelectField, SubmitButton, ValidatedForm } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { parseForm } from "~/lib/forms";
import { groupRegions, listItemOptions, listRegionOptions, regionNames } from "~/modules/catalogue/catalogue.server";
import { DIRECTORY_GRADES, DIRECTORY_SORTS, DirectoryQuerySchema, directorySearchParams } from "~/modules/agencies/directory.schema";
import { GradeBadge } from "~/components/trust";
import { searchAgencies } from "~/modules/agencies/directory.server";
import { beijingDate } from "~/lib/beijing-calendar";

export const meta = titleMeta("agencies.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseForm(DirectoryQuerySchema, url.searchParams);
  const [items, regionOptions] = await Promise.all([listItemOptions(context.db), listRegionOptions(context.db)]);
  const query = parsed.ok ? parsed.data : null;
  const page = query ? await searchAgencies(context.db, query, beijingDate(new Date())) : null;
  const names = query?.region ? await regionNames(context.db, [query.region]) : {};
  return {
    query,
    raw: Object.fromEntries(url.searchParams),
    fieldErrors: parsed.ok ? {} : parsed.fieldErrors,
    page,
    items: items.map((i) => ({ id: i.id, nameZh: i.nameZh, nameEn: i.nameEn })),
    regions: groupRegions(regionOptions),
    regionName: query?.region ? (names[query.region] ?? query.region) : null,
  };
}

export default function Agencies() {
  const { query, raw, fieldErrors, page, items, regions, regionName } = useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  return (
    <>
      <h1>{t("agencies.title")}</h1>
      <p className="lead">{t("agencies.lead")}</p>
      <ValidatedForm
        schema={DirectoryQuerySchema}
        method="get"
        errors={fieldErrors}
        values={raw}
        className="filters"
        role="search"
        aria-label={t("agencies.title")}
      >
        <Field name="q" type="search" label={t("agencies.filter.q")} defaultValue="" maxLength={100} />
        <SelectField name="item" label={t("agencies.filter.item")} defaultValue="">
          <option value="">{t("agencies.filter.anyItem")}</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {en ? i.nameEn : i.nameZh}
            </option>
          ))}
        </SelectField>
        <SelectField name="region" label={t("agencies.filter.region")} defaultValue="">
          <option value="">{t("agencies.filter.anyRegion")}</option>
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
        <Field name="feeMin" label={t("agencies.filter.feeMin")} inputMode="decimal" defaultValue="" />
        <Field name="feeMax" label={t("agencies.filter.feeMax")} inputMode="decimal" defaultValue="" />
        <SelectField name="grade" label={t("agencies.filter.grade")} defaultValue="">
          <option value="">{t("agencies.filter.anyGrade")}</option>
          {DIRECTORY_GRADES.map((g) => (
            <option key={g} value={g}>
              {t(`agencies.filter.grade.${g}`)}
            </option>
          ))}
        </SelectField>
        <SelectField name="sort" label={t("agencies.filter.sort")} defaultValue="">
          <option value="">{t(query?.q ? "agencies.sort.relevance" : "agencies.sort.newest")}</option>
          {DIRECTORY_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`agencies.sort.${s}`)}
            </option>
          ))}
        </SelectField>
        <Checkbox name="verified" value="1" label={t("agencies.filter.verified")} className="filters-wide" />
        <div className="filters-actions">
          <SubmitButton>{t("agencies.filter.submit")}</SubmitButton>
          <Link to="/agencies" className="button button-ghost">
            {t("agencies.filter.reset")}
          </Link>
        </div>
      </ValidatedForm>

      {page && query && (
        <section aria-labelledby="results-heading" className="section">
          <div className="results-head">
            <h2 id="results-heading" aria-live="polite">
              {t("agencies.results", { total: page.totalCapped ? `${t.number(page.total)}+` : t.number(page.total) })}
            </h2>
            <a href={`/api/agencies${directorySearchParams(query)}`} className="small">
              {t("agencies.json")}
            </a>
          </div>
          {page.results.length === 0 ? (
            <p className="muted">{t("agencies.empty")}</p>
          ) : (
            <ol className="results">
              {page.results.map((a) => {
                const why: string[] = [];
                if (a.nameMatch) why.push(t("agencies.why.name", { q: query.q ?? "" }));
                else if (a.scopeMatch) why.push(t("agencies.why.scope", { q: query.q ?? "" }));
                if (a.service && query.item)
                  why.push(t("agencies.why.service", { item: en ? a.service.itemNameEn : a.service.itemNameZh }));
                if (a.service && (query.feeMin != null || query.feeMax != null)) why.push(t("agencies.why.fee"));
                if (a.service && regionName) why.push(t("agencies.why.region", { region: regionName }));
                if (a.credit && query.grade) why.push(t("agencies.why.grade", { grade: a.credit.grade }));
                return (
                  <li key={a.id} className="result card">
                    <h3>
                      <Link to={`/agencies/${a.id}`}>{a.name}</Link>
                    </h3>
                    <p className="muted small">
                      {a.credit && (
                        <>
                          <GradeBadge grade={a.credit.grade} scoreCenti={a.credit.scoreCenti} /> ·{" "}
                        </>
                      )}
                      {a.regionName} · {t("agencies.services", { count: a.serviceCount })} · {t("profile.registered")} {t.date(a.createdAt)}
                    </p>
                    {a.service && (
                      <p className="result-service">
                        <strong>{en ? a.service.itemNameEn : a.service.itemNameZh}</strong> · <FeeText fee={a.service} /> ·{" "}
                        {t("fee.days", { days: a.service.committedDays })}{" "}
                        {a.service.requiresQualification ? (
                          a.service.verified ? (
                            <span className="badge badge-ok">{t("agencies.verified")}</span>
                          ) : (
                            <span className="badge badge-muted">{t("agencies.notVerified")}</span>
                          )
                        ) : (
                          <span className="badge badge-muted">{t("agencies.noQualificationNeeded")}</span>
                        )}
                      </p>
                    )}
                    {a.businessScope && <p className="scope">{a.businessScope}</p>}
                    {why.length > 0 && (
                      <p className="why small">
                        <span className="muted">{t("agencies.why")}：</span>
                        {why.join("；")}
                      </p>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          {page.pages > 1 && (
            <nav aria-label={t("agencies.pagination")} className="pagination">
              {page.page > 1 && (
                <Link to={`/agencies${directorySearchParams(query, { page: page.page - 1 })}`} rel="prev">
                  {t("agencies.prev")}
                </Link>
              )}
              <span>{t("agencies.page", { page: page.page, pages: page.pages })}</span>
              {page.page < page.pages && (
                <Link to={`/agencies${directorySearchParams(query, { page: page.page + 1 })}`} rel="next">
                  {t("agencies.next")}
                </Link>
              )}
            </nav>
          )}
        </section>
      )}
    </>
  );
}
