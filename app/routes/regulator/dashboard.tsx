import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DashboardCharts, DashboardHeadline } from "~/components/charts/dashboard";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { dashboardData, officeScope } from "~/modules/oversight/dashboard.server";
import { requireOrgKind } from "~/web/guards.server";

export const meta = titleMeta("dash.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  return { office: viewer.org.name, d: await dashboardData(context.db, await officeScope(context.db, viewer)) };
}

export default function Dashboard() {
  const { office, d } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("dash.title")}</h1>
      <p className="lead">
        {t("dash.lead", { office })} <Link to="/regulator/risk">{t("risk.title")}</Link>
      </p>
      <DashboardHeadline d={d} />
      <p className="small muted">
        {t("dash.savingsNote", { ceiling: t.money(d.savings.ceilingFen), awarded: t.money(d.savings.awardedFen), n: d.savings.awards })}
      </p>
      <DashboardCharts d={d} csvBase="/regulator/dashboard.csv" />
    </>
  );
}
