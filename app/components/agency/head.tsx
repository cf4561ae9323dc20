import { Link } from "@remix-run/react";
import { GradeBadge } from "~/components/trust";
import { useT } from "~/lib/i18n-react";
import type { AgencyProfile, AgencyTrustRecord } from "./types";

/** Name, credit code and region, the credit grade (and whether a restricting sanction is in force), a regulator's way to sanction. */
export function AgencyHead({
  profile: p,
  credit,
  restricted,
  isRegulator,
}: {
  profile: AgencyProfile;
  credit: AgencyTrustRecord["credit"];
  restricted: boolean;
  isRegulator: boolean;
}) {
  const t = useT();
  return (
    <header className="profile-head">
      <h1>{p.name}</h1>
      <p className="muted">
        {t("profile.creditCode")} <code>{p.creditCode}</code> · {p.parentRegionName ? `${p.parentRegionName} ` : ""}
        {p.regionName} · {t("profile.registered")} {t.date(p.createdAt)}
      </p>
      {credit && (
        <p>
          {t("credit.title")}：<GradeBadge grade={credit.grade} scoreCenti={credit.scoreCenti} link={`/agencies/${p.id}/credit`} />{" "}
          <Link to={`/agencies/${p.id}/credit`} className="small">
            {t("credit.breakdownLink")}
          </Link>
          {restricted && <span className="badge badge-warn">{t("profile.sanctionInForce")}</span>}
        </p>
      )}
      {isRegulator && (
        <p className="cta-row">
          <Link to={`/regulator/sanctions/new?agency=${p.id}`} className="button">
            {t("sanction.fromProfile")}
          </Link>
        </p>
      )}
    </header>
  );
}
