import { BarChart } from "./bar-chart";
import { Histogram } from "./histogram";
import { LineChart } from "./line-chart";
import { useT } from "~/lib/i18n-react";
import type { DashboardData } from "~/modules/oversight/dashboard.server";

/** The dashboard's charts, each with its table and CSV; used by the regulator's dashboard and /stats. */
export function DashboardCharts({ d, csvBase }: { d: DashboardData; csvBase: string }) {
  const t = useT();
  const month = (m: string) => t("dash.month", { y: m.slice(0, 4), m: String(Number(m.slice(5))) });
  const yuan = (fen: number) => t.money(fen);
  return (
    <div className="dash-grid">
      <LineChart
        title={t("dash.volumes")}
        description={t("dash.volumes.desc")}
        x={d.months}
        xFormat={month}
        series={[
          { name: t("dash.series.published"), values: d.published },
          { name: t("dash.series.awards"), values: d.awards },
        ]}
        valueAxisLabel={t("dash.axis.projects")}
        csvHref={`${csvBase}?series=monthly`}
        csvLabel={t("dash.csv")}
        tableLabel={t("dash.table")}
        emptyLabel={t("dash.empty")}
        categoryHeader={t("dash.col.month")}
      />
      <BarChart
        title={t("dash.awardValue")}
        description={t("dash.awardValue.desc")}
        categories={d.months.map(month)}
        series={[{ name: t("dash.series.awardValue"), values: d.awardFen }]}
        format={yuan}
        tickFormat={(v) => t("dash.tenThousand", { n: (v / 1_000_000).toLocaleString(t.locale) })}
        valueAxisLabel={t("dash.axis.tenThousandYuan")}
        csvHref={`${csvBase}?series=monthly`}
        csvLabel={t("dash.csv")}
        tableLabel={t("dash.table")}
        emptyLabel={t("dash.empty")}
        categoryHeader={t("dash.col.month")}
      />
      <Histogram
        title={t("dash.noticeToAward")}
        description={t("dash.noticeToAward.desc")}
        bins={d.noticeToAward.map((b) => ({
          from: b.from,
          to: b.to ?? b.from + 30,
          count: b.count,
          label: b.to == null ? `${b.from}+` : `${b.from}–${b.to}`,
        }))}
        edgeFormat={(v) => (v > (d.noticeToAward.at(-1)?.from ?? 0) ? "" : String(v))}
        valueAxisLabel={t("dash.axis.awards")}
        xAxisLabel={t("dash.axis.days")}
        csvHref={`${csvBase}?series=noticeToAward`}
        csvLabel={t("dash.csv")}
        tableLabel={t("dash.table")}
        emptyLabel={t("dash.empty")}
        rangeHeader={t("dash.col.days")}
        countHeader={t("dash.col.count")}
      />
      <BarChart
        title={t("dash.complaints")}
        description={t("dash.complaints.desc", { overdue: d.overdueComplaints })}
        categories={d.complaints.map((c) => t(`complaint.status.${c.status}`))}
        series={[{ name: t("dash.col.count"), values: d.complaints.map((c) => c.count) }]}
        orientation="horizontal"
        csvHref={`${csvBase}?series=complaints`}
        csvLabel={t("dash.csv")}
        tableLabel={t("dash.table")}
        emptyLabel={t("dash.empty")}
        categoryHeader={t("dash.col.state")}
      />
      <BarChart
        title={t("dash.sanctions")}
        description={t("dash.sanctions.desc")}
        categories={d.sanctions.map((s) => t(`sanction.type.${s.type}`))}
        series={[{ name: t("dash.col.count"), values: d.sanctions.map((s) => s.count) }]}
        orientation="horizontal"
        csvHref={`${csvBase}?series=sanctions`}
        csvLabel={t("dash.csv")}
        tableLabel={t("dash.table")}
        emptyLabel={t("dash.empty")}
        categoryHeader={t("dash.col.type")}
      />
    </div>
  );
}

/** The headline figures above the charts. */
export function DashboardHeadline({ d }: { d: DashboardData }) {
  const t = useT();
  const items = [
    { label: t("dash.h.open"), value: t.number(d.headline.open) },
    { label: t("dash.h.awards12"), value: t.number(d.awards.reduce((a, b) => a + b, 0)) },
    { label: t("dash.h.value12"), value: t.money(d.awardFen.reduce((a, b) => a + b, 0)) },
    { label: t("dash.h.savings"), value: d.savings.pct == null ? "—" : `${d.savings.pct}%` },
    { label: t("dash.h.overdue"), value: t.number(d.overdue.contracts) },
    { label: t("dash.h.agencies"), value: t.number(d.headline.agencies) },
  ];
  return (
    <dl className="stats" data-testid="headline">
      {items.map((i) => (
        <div key={i.label} className="stat">
          <dt>{i.label}</dt>
          <dd>{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}
