import { FeeText, RegionsText } from "~/components/fee";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import type { AgencyProfile } from "./types";

/** The published fee standards per service item, and every earlier version of them. */
export function AgencyFees({ profile: p, names }: { profile: AgencyProfile; names: Record<string, string> }) {
  const t = useT();
  const en = t.locale === "en";
  return (
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
                  <td>
                    <FeeText fee={s} />
                  </td>
                  <td>{t("services.days", { days: s.committedDays })}</td>
                  <td>
                    <RegionsText regions={s.regions} names={names} />
                  </td>
                  <td>
                    {s.requiredQualificationZh ? (
                      s.verified ? (
                        <span className="badge badge-ok" data-testid="verified-badge">
                          {t("agencies.verified")}
                        </span>
                      ) : (
                        <span className="badge badge-muted">{t("agencies.notVerified")}</span>
                      )
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
                {t.dateTime(v.createdAt)} · {t("profile.fees.version", { version: v.version })} · <FeeText fee={v} /> ·{" "}
                {t("services.days", { days: v.committedDays })} · <RegionsText regions={v.regions} names={names} />
                {!v.active && <> · {t("profile.fees.withdrawn")}</>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
