import { csvLine } from "~/lib/csv";
import type { DashboardData } from "./dashboard.server";

/** One of the dashboard's series as CSV (UTF-8 with BOM), the numbers behind the charts. */
export function dashboardCsv(d: DashboardData, series: string): string | null {
  const rows: unknown[][] = [];
  if (series === "monthly") {
    rows.push(["month", "projects_published", "awards", "award_value_yuan"]);
    d.months.forEach((m, i) => rows.push([m, d.published[i], d.awards[i], (d.awardFen[i]! / 100).toFixed(2)]));
  } else if (series === "noticeToAward") {
    rows.push(["days_from", "days_to", "awards"]);
    for (const b of d.noticeToAward) rows.push([b.from, b.to ?? "", b.count]);
  } else if (series === "complaints") {
    rows.push(["status", "complaints"]);
    for (const c of d.complaints) rows.push([c.status, c.count]);
  } else if (series === "sanctions") {
    rows.push(["type", "in_force"]);
    for (const s of d.sanctions) rows.push([s.type, s.count]);
  } else return null;
  return `\uFEFF${rows.map(csvLine).join("")}`;
}
