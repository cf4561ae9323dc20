import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import type { AgencyProfile } from "./types";

/** The projects the agency has won on the marketplace. */
export function AgencyPractice({ profile: p }: { profile: AgencyProfile }) {
  const t = useT();
  const en = t.locale === "en";
  return (
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
  );
}
