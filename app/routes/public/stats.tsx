import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DashboardCharts, DashboardHeadline } from "~/components/charts/dashboard";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { listInspections } from "~/modules/oversight/inspections.server";
import { PUBLIC_SCOPE, dashboardData } from "~/modules/oversight/dashboard.server";

export const meta = titleMeta("stats.title");

export async function loader({ context }: LoaderFunctionArgs) {
  const [d, inspections] = await Promise.all([dashboardData(context.db, PUBLIC_SCOPE), listInspections(context.db)]);
  return { d, inspections: inspections.slice(0, 10) };
}

/** 一公开: the marketplace's figures for everyone, with the numbers behind every chart. */
export default function Stats() {
  const { d, inspections } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("stats.title")}</h1>
      <p className="lead">{t("stats.lead")}</p>
      <DashboardHeadline d={d} />
      <DashboardCharts d={d} csvBase="/stats.csv" />
      <section className="section" aria-labelledby="stats-inspections">
        <h2 id="stats-inspections">{t("inspection.public")}</h2>
        {inspections.length === 0 ? (
          <p className="empty-state">{t("inspection.none")}</p>
        ) : (
          <ul className="plain-list">
            {inspections.map((i) => (
              <li key={i.id}>
                <Link to={`/inspections/${i.id}`}>{i.title}</Link> · {i.officeName} · {t(`inspection.status.${i.status}`)} ·{" "}
                {t("inspection.sampleOf", { k: i.sampleSize, n: i.populationSize })}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/cases">{t("case.publicList")}</Link> · <Link to="/blacklist">{t("blacklist.title")}</Link> ·{" "}
          <Link to="/complaints">{t("complaints.title")}</Link>
        </p>
      </section>
    </>
  );
}
