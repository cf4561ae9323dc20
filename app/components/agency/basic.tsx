import { useT } from "~/lib/i18n-react";
import type { AgencyProfile } from "./types";

/** The registered facts: legal representative, address, contact (when public), business scope. */
export function AgencyBasics({ profile: p }: { profile: AgencyProfile }) {
  const t = useT();
  return (
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
          {p.contact ? (
            [p.contact.person, p.contact.phone, p.contact.email].filter(Boolean).join(" · ")
          ) : (
            <span className="muted">{t("profile.contact.private")}</span>
          )}
        </dd>
        <dt>{t("profile.businessScope")}</dt>
        <dd>{p.businessScope ?? "—"}</dd>
      </dl>
    </section>
  );
}
