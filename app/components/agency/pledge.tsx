import { useT } from "~/lib/i18n-react";

/** The credit pledge the agency signed, in the reader's language. */
export function AgencyPledge({ pledge, signedAt }: { pledge: { zh: string; en: string } | null; signedAt: Date | string | null }) {
  const t = useT();
  const en = t.locale === "en";
  return (
    <section className="section" aria-labelledby="pledges">
      <h2 id="pledges">{t("profile.pledges")}</h2>
      {pledge && signedAt ? (
        <blockquote className="pledge">
          <p className="small muted">{t("profile.creditPledge", { date: t.date(signedAt) })}</p>
          <p lang={en ? "en" : "zh-CN"}>{en ? pledge.en : pledge.zh}</p>
        </blockquote>
      ) : (
        <p className="empty-state">{t("profile.noPledge")}</p>
      )}
    </section>
  );
}
