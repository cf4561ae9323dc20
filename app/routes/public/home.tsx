import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { translate } from "~/i18n";
import { useT } from "~/lib/i18n-react";
import { getHomeCounts } from "~/modules/stats/home.server";
import type { RootData } from "~/lib/root-data";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [{ title: translate(locale, "home.title") }, { name: "description", content: translate(locale, "home.lead") }];
};

export async function loader({ context }: LoaderFunctionArgs) {
  return { counts: await getHomeCounts(context.db) };
}

export default function Home() {
  const { counts } = useLoaderData<typeof loader>();
  const t = useT();
  const figures = [
    { key: "agencies", value: counts.agencies, label: t("home.count.agencies") },
    { key: "openProjects", value: counts.openProjects, label: t("home.count.openProjects") },
    { key: "awardsThisMonth", value: counts.awardsThisMonth, label: t("home.count.awardsThisMonth") },
    { key: "serviceItems", value: counts.serviceItems, label: t("home.count.serviceItems") },
  ];
  const audiences = ["agency", "owner", "regulator", "public"] as const;
  return (
    <>
      <section className="hero">
        <h1>{t("app.fullName")}</h1>
        <p className="tagline">{t("app.tagline")}</p>
        <p className="lead">{t("home.lead")}</p>
        <p className="cta-row">
          <Link to="/signup" className="button button-primary button-large">
            {t("home.cta.signup")}
          </Link>
          <Link to="/services" className="button button-large">
            {t("home.cta.services")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="counts-heading" className="section">
        <h2 id="counts-heading">{t("home.counts")}</h2>
        <dl className="stats">
          {figures.map((f) => (
            <div key={f.key} className="stat" data-stat={f.key}>
              <dt>{f.label}</dt>
              <dd>{t.number(f.value)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="how-heading" className="section">
        <h2 id="how-heading">{t("home.how")}</h2>
        <ul className="cards">
          {audiences.map((a) => (
            <li key={a} className="card">
              <h3>{t(`home.how.${a}.title`)}</h3>
              <p>{t(`home.how.${a}.body`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
