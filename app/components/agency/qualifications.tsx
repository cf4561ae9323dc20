import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import type { AgencyProfile } from "./types";

export function AgencyQualifications({ profile: p }: { profile: AgencyProfile }) {
  const t = useT();
  const en = t.locale === "en";
  return (
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
                    <span className={`badge ${q.state === "verified" || q.state === "expiringSoon" ? "badge-ok" : "badge-muted"}`}>
                      {t(`qual.state.${q.state}`)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
