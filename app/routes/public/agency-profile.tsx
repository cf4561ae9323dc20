import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FeeText, RegionsText } from "~/components/fee";
import { TableWrap } from "~/components/table-wrap";
import { translate } from "~/i18n";
import { useT } from "~/lib/i18n-react";
import { PLEDGES } from "~/modules/agencies/pledge";
import { getPublicProfile } from "~/modules/agencies/profile.server";
import { beijingDate } from "~/modules/agencies/regions.rules";
import { regionNames } from "~/modules/catalogue/catalogue.server";
import type { RootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [{ title: `${data?.profile.name ?? translate(locale, "errors.notFound")} · ${translate(locale, "app.name")}` }];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const profile = await getPublicProfile(context.db, params.id ?? "", beijingDate(new Date()));
  if (!profile) throw new Response("Not Found", { status: 404 });
  const names = await regionNames(context.db, [...profile.services.flatMap((s) => s.regions), ...profile.versions.flatMap((v) => v.regions)]);
  return { profile, names };
}

function EmptySection({ id, title }: { id: string; title: string }) {
  const t = useT();
  return (
    <section className="card record-card" aria-labelledby={id}>
      <h2 id={id} className="h3">{title}</h2>
      <p className="muted">{t("profile.noRecords")}</p>
    </section>
  );
}

export default function AgencyProfile() {
  const { profile: p, names } = useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  const pledge = p.pledgeVersion ? PLEDGES[p.pledgeVersion] : null;
  return (
    <article className="profile">
      <header className="profile-head">
        <h1>{p.name}</h1>
        <p className="muted">
          {t("profile.creditCode")} <code>{p.creditCode}</code> · {p.parentRegionName ? `${p.parentRegionName} ` : ""}
          {p.regionName} · {t("profile.registered")} {t.date(p.createdAt)}
        </p>
      </header>

      <section className="section" aria-labelledby="basic">
        <h2 id="basic">{t("profile.basic")}</h2>
        <dl className="facts">
          <dt>{t("profile.name")}</dt>
          <dd>{p.name}</dd>
          <dt>{t("profile.legalRepresentative")}</dt>
          <dd>{p.legalRepresentative ?? "—"}</dd>
          <dt>{t("profile.address")}</dt>
          <dd>{p.address ?? "—"}</dd>
          <dt>{t("profile.contact")}</dt>
          <dd>
            {p.contact ? [p.contact.person, p.contact.phone, p.contact.email].filter(Boolean).join(" · ") : <span className="muted">{t("profile.contact.private")}</span>}
          </dd>
          <dt>{t("profile.businessScope")}</dt>
          <dd>{p.businessScope ?? "—"}</dd>
        </dl>
      </section>

      <section className="section" aria-labelledby="fees">
        <h2 id="fees">{t("profile.fees")}</h2>
        {p.services.length === 0 ? (
          <p className="empty-state">{t("profile.fees.none")}</p>
        ) : (
          <TableWrap label={t("profile.fees")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("profile.col.item")}</th>
                  <th scope="col">{t("profile.col.fee")}</th>
                  <th scope="col">{t("profile.col.days")}</th>
                  <th scope="col">{t("profile.col.regions")}</th>
                  <th scope="col">{t("profile.col.qualification")}</th>
                  <th scope="col">{t("profile.col.pledge")}</th>
                </tr>
              </thead>
              <tbody>
                {p.services.map((s) => (
                  <tr key={s.id} data-item={s.itemCode}>
                    <th scope="row">
                      {en ? s.itemNameEn : s.itemNameZh}
                      <span className="sub">{t("profile.fees.version", { version: s.version })}</span>
                    </th>
                    <td><FeeText fee={s} /></td>
                    <td>{t("services.days", { days: s.committedDays })}</td>
                    <td><RegionsText regions={s.regions} names={names} /></td>
                    <td>
                      {s.requiredQualificationZh ? (
                        s.verified ? <span className="badge badge-ok" data-testid="verified-badge">{t("agencies.verified")}</span> : <span className="badge badge-muted">{t("agencies.notVerified")}</span>
                      ) : (
                        <span className="muted small">{t("agencies.noQualificationNeeded")}</span>
                      )}
                    </td>
                    <td>{s.pledge}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {p.versions.some((v) => v.version > 1 || !v.active) && (
          <details className="history">
            <summary>{t("profile.fees.history")}</summary>
            <ul className="plain-list">
              {p.versions.map((v) => (
                <li key={`${v.agencyServiceId}-${v.version}`}>
                  {t.dateTime(v.createdAt)} · {t("profile.fees.version", { version: v.version })} · <FeeText fee={v} /> · {t("services.days", { days: v.committedDays })} ·{" "}
                  <RegionsText regions={v.regions} names={names} />
                  {!v.active && <> · {t("profile.fees.withdrawn")}</>}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section className="section" aria-labelledby="quals">
        <h2 id="quals">{t("profile.qualifications")}</h2>
        {p.qualifications.length === 0 ? (
          <p className="empty-state">{t("profile.qualifications.none")}</p>
        ) : (
          <TableWrap label={t("profile.qualifications")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("profile.col.item")}</th>
                  <th scope="col">{t("profile.col.type")}</th>
                  <th scope="col">{t("profile.col.number")}</th>
                  <th scope="col">{t("profile.col.issuer")}</th>
                  <th scope="col">{t("profile.col.validity")}</th>
                  <th scope="col">{t("profile.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {p.qualifications.map((q) => (
                  <tr key={q.id}>
                    <td>{en ? q.itemNameEn : q.itemNameZh}</td>
                    <td>
                      {q.qualType}
                      {q.level ? ` · ${q.level}` : ""}
                    </td>
                    <td>{q.certificateNo}</td>
                    <td>{q.issuer}</td>
                    <td>
                      {q.validFrom} – {q.validTo}
                    </td>
                    <td>
                      <span className={`badge ${q.state === "verified" || q.state === "expiringSoon" ? "badge-ok" : "badge-muted"}`}>{t(`qual.state.${q.state}`)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section className="section" aria-labelledby="practice">
        <h2 id="practice">{t("profile.practice")}</h2>
        {p.awards.length === 0 ? (
          <p className="empty-state">{t("profile.practice.none")}</p>
        ) : (
          <TableWrap label={t("profile.practice")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("profile.practice.col.project")}</th>
                  <th scope="col">{t("profile.col.item")}</th>
                  <th scope="col">{t("profile.practice.col.owner")}</th>
                  <th scope="col">{t("profile.practice.col.price")}</th>
                  <th scope="col">{t("profile.col.date")}</th>
                </tr>
              </thead>
              <tbody>
                {p.awards.map((a) => (
                  <tr key={a.id}>
                    <td>{a.title}</td>
                    <td>{en ? a.itemNameEn : a.itemNameZh}</td>
                    <td>{a.ownerName}</td>
                    <td>{t.money(a.priceFen)}</td>
                    <td>{t.date(a.awardedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <div className="section">
        <div className="records-grid">
          <EmptySection id="integrity" title={t("profile.integrity")} />
          <EmptySection id="reviews" title={t("profile.reviews")} />
          <EmptySection id="dept" title={t("profile.deptAssessment")} />
          <EmptySection id="complaints" title={t("profile.complaints")} />
          <EmptySection id="penalties" title={t("profile.penalties")} />
          <EmptySection id="rewards" title={t("profile.rewards")} />
        </div>
        <p className="small muted">{t("profile.pending")}</p>
      </div>

      <section className="section" aria-labelledby="pledges">
        <h2 id="pledges">{t("profile.pledges")}</h2>
        {pledge && p.pledgeSignedAt ? (
          <blockquote className="pledge">
            <p className="small muted">{t("profile.creditPledge", { date: t.date(p.pledgeSignedAt) })}</p>
            <p lang={en ? "en" : "zh-CN"}>{en ? pledge.en : pledge.zh}</p>
          </blockquote>
        ) : (
          <p className="empty-state">{t("profile.noPledge")}</p>
        )}
      </section>
    </article>
  );
}
