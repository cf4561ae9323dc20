import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Field, SelectField, SubmitButton, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { PeriodText, SanctionBadge, SanctionStateBadge } from "~/components/trust";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { BlacklistQuerySchema, blacklistSearch } from "~/modules/trust/blacklist.schema";
import { SANCTION_TYPES } from "~/modules/trust/credit.schema";
import { listPublicSanctions } from "~/modules/trust/sanctions.server";

export const meta = titleMeta("blacklist.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseForm(BlacklistQuerySchema, url.searchParams);
  const query = parsed.ok ? parsed.data : { state: "inForce" as const, page: 1 };
  const rows = await listPublicSanctions(context.db, query);
  return { query, raw: Object.fromEntries(url.searchParams), fieldErrors: parsed.ok ? {} : parsed.fieldErrors, rows };
}

export default function Blacklist() {
  const { query, raw, fieldErrors, rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("blacklist.title")}</h1>
      <p className="lead">{t("blacklist.lead")}</p>
      <ValidatedForm
        schema={BlacklistQuerySchema}
        method="get"
        errors={fieldErrors}
        values={raw}
        className="filters"
        role="search"
        aria-label={t("blacklist.title")}
      >
        <Field name="q" type="search" label={t("blacklist.filter.q")} defaultValue="" maxLength={100} />
        <SelectField name="type" label={t("blacklist.filter.type")} defaultValue="">
          <option value="">{t("blacklist.filter.anyType")}</option>
          {SANCTION_TYPES.map((s) => (
            <option key={s} value={s}>
              {t(`sanction.type.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField name="state" label={t("blacklist.filter.state")} defaultValue="inForce">
          <option value="inForce">{t("blacklist.filter.inForce")}</option>
          <option value="all">{t("blacklist.filter.all")}</option>
        </SelectField>
        <div className="filters-actions">
          <SubmitButton>{t("agencies.filter.submit")}</SubmitButton>
          <a href={`/blacklist.csv${blacklistSearch({ ...query, page: undefined })}`} className="button button-ghost" download>
            {t("blacklist.csv")}
          </a>
        </div>
      </ValidatedForm>
      <section className="section" aria-labelledby="bl-results">
        <h2 id="bl-results" className="h3">
          {t("blacklist.results", { count: rows.length })}
        </h2>
        {rows.length === 0 ? (
          <p className="empty-state">{t("blacklist.empty")}</p>
        ) : (
          <TableWrap label={t("blacklist.title")}>
            <table className="table" data-testid="blacklist">
              <thead>
                <tr>
                  <th scope="col">{t("blacklist.col.subject")}</th>
                  <th scope="col">{t("blacklist.col.type")}</th>
                  <th scope="col">{t("blacklist.col.scope")}</th>
                  <th scope="col">{t("blacklist.col.period")}</th>
                  <th scope="col">{t("blacklist.col.issuer")}</th>
                  <th scope="col">{t("blacklist.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => {
                  const subject = s.subjects.find((x) => x.relation === "subject");
                  const affiliates = s.subjects.filter((x) => x.relation !== "subject");
                  return (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to={`/sanctions/${s.id}`}>{s.subjectName}</Link>
                        {subject && (
                          <span className="sub">
                            <code>{subject.creditCode}</code>
                          </span>
                        )}
                        {affiliates.length > 0 && (
                          <span className="sub">{t("sanction.affiliatesCount", { count: affiliates.length })}</span>
                        )}
                      </th>
                      <td>
                        <SanctionBadge type={s.type} />
                      </td>
                      <td>
                        {s.scopeRegions.length === 0
                          ? t("sanction.scope.allRegions")
                          : t("sanction.scope.regions", { count: s.scopeRegions.length })}
                        {" · "}
                        {s.scopeItems.length === 0
                          ? t("sanction.scope.allItems")
                          : t("sanction.scope.items", { count: s.scopeItems.length })}
                      </td>
                      <td>
                        <PeriodText startsAt={s.startsAt} endsAt={s.endsAt} />
                      </td>
                      <td>
                        {s.source === "reciprocal" ? s.externalAuthority : s.issuerName}
                        {s.source === "reciprocal" && <span className="sub">{t("sanction.reciprocal")}</span>}
                      </td>
                      <td>
                        <SanctionStateBadge state={s.state} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
        {(query.page > 1 || rows.length === 50) && (
          <nav aria-label={t("agencies.pagination")} className="pagination">
            {query.page > 1 && (
              <Link to={`/blacklist${blacklistSearch(query, query.page - 1)}`} rel="prev">
                {t("agencies.prev")}
              </Link>
            )}
            <span>{t("blacklist.page", { page: query.page })}</span>
            {rows.length === 50 && (
              <Link to={`/blacklist${blacklistSearch(query, query.page + 1)}`} rel="next">
                {t("agencies.next")}
              </Link>
            )}
          </nav>
        )}
      </section>
    </>
  );
}
