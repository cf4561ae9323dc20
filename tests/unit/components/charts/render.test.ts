import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, StackedBar } from "~/components/charts/bar-chart";
import { integerBinLabel } from "~/components/charts/bins";
import { ChartFigure } from "~/components/charts/figure";
import { Histogram } from "~/components/charts/histogram";
import { LineChart } from "~/components/charts/line-chart";

const MONTHS = ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"];
const yuan = (fen: number) => `¥${(fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The first (wide) SVG of a rendered chart. */
function wideSvg(html: string): string {
  const m = /<svg[^>]*data-variant="wide"[\s\S]*?<\/svg>/.exec(html);
  if (!m) throw new Error("no wide svg");
  return m[0];
}
const count = (s: string, needle: string) => s.split(needle).length - 1;
const tbodyRows = (html: string) => count(/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "", "<tr");

function expectAccessibleSvg(html: string, title: string) {
  const svg = wideSvg(html);
  expect(svg).toContain('role="img"');
  const labelledBy = /aria-labelledby="([^"]+)"/.exec(svg)?.[1];
  expect(labelledBy).toBeTruthy();
  for (const id of labelledBy!.split(" ")) expect(svg).toMatch(new RegExp(`<(title|desc) id="${id}">`));
  expect(svg).toContain(`>${title}</title>`);
  expect(svg).toMatch(/viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"/);
  expect(svg).toContain('width="100%"');
  expect(html).not.toMatch(/NaN|Infinity|undefined/);
  expect(html).toContain("<details");
  expect(html).toContain("数据表 / Data table");
}

describe("rendered charts", () => {
  it("BarChart: grouped vertical bars, table rows, legend, no NaN", () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, {
        title: "项目数（按月）",
        description: "南京与苏州每月新发布的项目数。",
        categories: MONTHS,
        series: [
          { name: "南京市", values: [12, 18, 25, 30, 22, 17, 40, 38, 29, 31, 26, 44] },
          { name: "苏州市", values: [8, 11, 14, null, 19, 23, 20, 26, 33, 28, 30, 35] },
        ],
        csvHref: "/stats/projects.csv",
      }),
    );
    expectAccessibleSvg(html, "项目数（按月）");
    const svg = wideSvg(html);
    expect(count(svg, 'class="chart-bar"')).toBe(23);
    expect(svg).toContain("<desc");
    expect(svg).toContain("十二月");
    expect(count(svg, '<g class="chart-legend"')).toBe(1);
    expect(tbodyRows(html)).toBe(12);
    expect(html).toContain('<td class="num">—</td>');
    expect(html).toContain('href="/stats/projects.csv"');
    expect(html).toContain("<figcaption");
    // The narrow drawing is there too, with its own ids.
    expect(count(html, "<svg")).toBe(2);
    expect(html).toMatch(/data-variant="narrow"[^>]*aria-labelledby="[^"]*-narrow-title/);
  });

  it("BarChart: horizontal money bars with a formatter and long names", () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, {
        title: "成交金额",
        orientation: "horizontal",
        categories: ["环境影响评价", "工程造价咨询", "安全评价与检测检验服务（含职业卫生）安全评价与检测检验服务"],
        series: [{ name: "金额", values: [123_450_000, 98_700_000, -4_560_000] }],
        format: yuan,
        narrowWidth: 0,
      }),
    );
    expectAccessibleSvg(html, "成交金额");
    expect(count(html, "<svg")).toBe(1);
    const svg = wideSvg(html);
    expect(count(svg, 'class="chart-bar"')).toBe(3);
    expect(svg).toContain("¥1,234,500.00");
    expect(svg).toContain("¥-45,600.00");
    expect(svg).toContain("…");
    expect(tbodyRows(html)).toBe(3);
    expect(html).toContain("安全评价与检测检验服务（含职业卫生）安全评价与检测检验服务</th>");
  });

  it("StackedBar: one rect per value and a total per stack", () => {
    const html = renderToStaticMarkup(
      createElement(StackedBar, {
        title: "投诉（按状态）",
        categories: MONTHS.slice(0, 3),
        series: [
          { name: "已受理", values: [5, 7, 3] },
          { name: "处理中", values: [2, 3, 4] },
          { name: "已办结", values: [10, 12, null] },
        ],
      }),
    );
    expectAccessibleSvg(html, "投诉（按状态）");
    const svg = wideSvg(html);
    expect(count(svg, 'class="chart-bar"')).toBe(8);
    expect(svg).toContain(">17</text>");
    expect(svg).toContain(">22</text>");
    expect(svg).toContain(">7</text>");
    expect(tbodyRows(html)).toBe(3);
  });

  it("LineChart: points, gaps, last value labels", () => {
    const html = renderToStaticMarkup(
      createElement(LineChart, {
        title: "每月成交金额",
        x: ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"],
        xFormat: (x: string) => MONTHS[Number(x.slice(5)) - 1]!,
        series: [
          { name: "南京市", values: [100, 200, null, 400, 500] },
          { name: "苏州市", values: [50, null, 70, null, undefined] },
        ],
      }),
    );
    expectAccessibleSvg(html, "每月成交金额");
    const svg = wideSvg(html);
    expect(count(svg, 'class="chart-point"')).toBe(6);
    expect(count(svg, 'class="chart-line"')).toBe(2);
    // 南京 breaks at March: two runs.
    expect(/<path class="chart-line" d="([^"]+)"/.exec(svg)![1]!.match(/M/g)).toHaveLength(2);
    expect(svg).toContain("南京市 500");
    expect(svg).toContain("苏州市 70");
    expect(svg).toContain("五月");
    expect(tbodyRows(html)).toBe(5);
    expect(html).toContain('<th scope="row">三月</th>');
  });

  it("Histogram: one bar per bin, counts, range rows", () => {
    const html = renderToStaticMarkup(
      createElement(Histogram, {
        title: "公告至成交天数",
        bins: [
          { from: 5, to: 10, count: 12 },
          { from: 0, to: 5, count: 3 },
          { from: 10, to: 15, count: 40 },
          { from: 15, to: 20, count: 0 },
        ],
        binLabel: (b) => `${integerBinLabel(b)} 天`,
        xAxisLabel: "天数",
      }),
    );
    expectAccessibleSvg(html, "公告至成交天数");
    const svg = wideSvg(html);
    expect(count(svg, 'class="chart-bar"')).toBe(4);
    expect(svg).toContain(">40</text>");
    expect(svg).toContain("0–4 天: 3");
    expect(tbodyRows(html)).toBe(4);
    expect(html.indexOf("0–4 天</th>")).toBeLessThan(html.indexOf("5–9 天</th>"));
  });

  it("shows the empty state instead of a chart when there is no data", () => {
    const empties = [
      createElement(BarChart, { title: "空", categories: [], series: [] }),
      createElement(BarChart, { title: "空", categories: ["甲"], series: [{ name: "s", values: [null] }], emptyLabel: "暂无数据" }),
      createElement(StackedBar, { title: "空", categories: ["甲"], series: [] }),
      createElement(LineChart, { title: "空", x: [], series: [{ name: "s", values: [] }] }),
      createElement(Histogram, { title: "空", bins: [] }),
      createElement(ChartFigure, { title: "空", table: null }),
    ];
    for (const el of empties) {
      const html = renderToStaticMarkup(el);
      expect(html).toContain('class="empty-state chart-empty"');
      expect(html).toMatch(/暂无数据/);
      expect(html).not.toContain("<svg");
      expect(html).not.toContain("<details");
      expect(html).toContain("<figcaption");
    }
  });

  it("renders an all-zero series as data, not as the empty state", () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, { title: "零", categories: ["甲", "乙"], series: [{ name: "s", values: [0, 0] }] }),
    );
    expectAccessibleSvg(html, "零");
    expect(count(wideSvg(html), 'class="chart-bar"')).toBe(2);
  });
});
