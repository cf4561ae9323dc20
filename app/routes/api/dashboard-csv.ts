import type { LoaderFunctionArgs } from "@remix-run/node";
import { dashboardCsv } from "~/modules/oversight/dashboard.csv";
import { PUBLIC_SCOPE, dashboardData, officeScope } from "~/modules/oversight/dashboard.server";
import { requireOrgKind } from "~/web/guards.server";

/** The numbers behind a dashboard chart: the office's (/regulator/dashboard.csv) or the public's (/stats.csv). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const isOffice = url.pathname.startsWith("/regulator/");
  const scope = isOffice ? await officeScope(context.db, requireOrgKind(context, request, "regulator")) : PUBLIC_SCOPE;
  const series = url.searchParams.get("series") ?? "";
  const body = dashboardCsv(await dashboardData(context.db, scope), series);
  if (!body) return new Response("Unknown series", { status: 400 });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${series}.csv"`,
      "Cache-Control": isOffice ? "private, no-store" : "public, max-age=300",
    },
  });
}
