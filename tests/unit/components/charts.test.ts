import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, ChartFigure, Histogram, LineChart, StackedBar } from "~/components/charts";
import {
  bandScale,
  barLayout,
  binEdges,
  binLabel,
  binValues,
  chartCsv,
  contrastRatio,
  decimalsOf,
  dodge,
  fittingTicks,
  formatNumber,
  histogramLayout,
  integerBinLabel,
  linearScale,
  lineLayout,
  linePath,
  markerPath,
  MARKERS,
  niceStep,
  niceTicks,
  normalizeBins,
  PALETTE,
  pointScale,
  segments,
  seriesTable,
  stackSeries,
  textWidth,
  tickFormatter,
  truncateLabel,
  wrapLabel,
} from "~/components/charts.rules";

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

describe("nice ticks", () => {
  it("steps are 1, 2 or 5 × 10^n", () => {
    expect([0.7, 1, 1.4, 2, 2.1, 4.9, 5, 5.1, 9.9, 12, 0.0016, 246.8].map(niceStep)).toEqual([1, 1, 2, 2, 5, 5, 5, 10, 10, 20, 0.002, 500]);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(Number.NaN)).toBe(1);
  });

  it("covers common ranges", () => {
    expect(niceTicks(0, 7).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 1234).ticks).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0, 100).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.001, 0.009).ticks).toEqual([0, 0.002, 0.004, 0.006, 0.008, 0.01]);
    expect(niceTicks(0.001, 0.009, { includeZero: false }).ticks).toEqual([0, 0.002, 0.004, 0.006, 0.008, 0.01]);
    expect(niceTicks(101, 109, { includeZero: false }).ticks).toEqual([100, 102, 104, 106, 108, 110]);
    expect(niceTicks(0, 215_000_000).ticks).toEqual([0, 50_000_000, 100_000_000, 150_000_000, 200_000_000, 250_000_000]);
  });

  it("handles negatives with zero inside the domain", () => {
    expect(niceTicks(-37, 120).ticks).toEqual([-50, 0, 50, 100, 150]);
    expect(niceTicks(-120, -5).ticks).toEqual([-150, -100, -50, 0]);
    expect(niceTicks(-0.3, 0.2).ticks).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2]);
    expect(niceTicks(-120, -5, { includeZero: false }).ticks).toEqual([-150, -100, -50, 0]);
    expect(niceTicks(-95, -62, { includeZero: false }).ticks).toEqual([-100, -90, -80, -70, -60]);
  });

  it("handles a single value, all zeros and junk", () => {
    expect(niceTicks(42, 42).ticks).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(42, 42, { includeZero: false }).ticks).toEqual([36, 38, 40, 42, 44, 46, 48]);
    expect(niceTicks(-3, -3).ticks).toEqual([-3, -2, -1, 0]);
    expect(niceTicks(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0, { integer: true }).ticks).toEqual([0, 1]);
    expect(niceTicks(Number.NaN, Number.POSITIVE_INFINITY).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(7, 0).ticks).toEqual([0, 2, 4, 6, 8]);
  });

  it("keeps counts whole", () => {
    expect(niceTicks(0, 3, { integer: true }).ticks).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 1, { integer: true }).ticks).toEqual([0, 1]);
  });

  it("always covers the data with clean numbers and few ticks", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let i = 0; i < 500; i++) {
      const mag = 10 ** Math.round(rnd() * 8);
      const a = rnd() * mag;
      const b = rnd() * mag;
      const s = niceTicks(a, b);
      expect(s.min).toBeLessThanOrEqual(Math.min(a, b, 0));
      expect(s.max).toBeGreaterThanOrEqual(Math.max(a, b, 0));
      expect(s.ticks.length).toBeGreaterThanOrEqual(2);
      expect(s.ticks.length).toBeLessThanOrEqual(8);
      const m = s.step / 10 ** Math.floor(Math.log10(s.step) + 1e-9);
      expect([1, 2, 5]).toContain(Math.round(m));
      // No floating-point noise: every tick is exact at the step's decimals.
      for (const t of s.ticks) expect(Number(t.toFixed(decimalsOf(s.step)))).toBe(t);
    }
  });

  it("formats ticks with the decimals the step needs", () => {
    expect(niceTicks(0.001, 0.009).ticks.map(tickFormatter(0.002))).toEqual(["0.000", "0.002", "0.004", "0.006", "0.008", "0.010"]);
    expect(niceTicks(0, 1234).ticks.map(tickFormatter(500))).toEqual(["0", "500", "1,000", "1,500"]);
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatNumber(0.00345)).toBe("0.00345");
    expect(formatNumber(-8.25)).toBe("-8.25");
  });

  it("drops intervals or every other label when labels would collide", () => {
    const wide = fittingTicks(0, 215, 600, (ls) => Math.max(...ls.map((l) => textWidth(l))) + 12, undefined);
    expect(wide.scale.ticks).toEqual([0, 50, 100, 150, 200, 250]);
    expect(wide.labels).toEqual(["0", "50", "100", "150", "200", "250"]);
    const narrow = fittingTicks(0, 215, 60, () => 40, undefined);
    expect(narrow.labels.filter(Boolean).length).toBeLessThan(narrow.scale.ticks.length);
    expect(narrow.scale.max).toBeLessThanOrEqual(400);
  });
});

describe("scales", () => {
  it("maps linearly, also onto an inverted range (SVG y grows downwards)", () => {
    const x = linearScale([0, 100], [50, 550]);
    expect([x(0), x(50), x(100), x(-10)]).toEqual([50, 300, 550, 0]);
    const y = linearScale([-50, 150], [300, 100]);
    expect([y(-50), y(0), y(150)]).toEqual([300, 250, 100]);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it("splits a range into padded bands and even points", () => {
    const b = bandScale(4, [0, 400], 0.2, 0.1);
    expect(b.step).toBeCloseTo(100);
    expect(b.bandwidth).toBeCloseTo(80);
    expect(b.start(0)).toBeCloseTo(10);
    expect(b.start(3) + b.bandwidth).toBeCloseTo(390);
    expect(b.center(1)).toBeCloseTo(150);
    expect(bandScale(0, [0, 100]).bandwidth).toBe(0);
    const p = pointScale(5, [0, 100]);
    expect([0, 1, 4].map(p)).toEqual([0, 25, 100]);
    expect(pointScale(1, [0, 100])(0)).toBe(50);
  });
});

describe("bins", () => {
  it("builds nice edges and counts half-open bins, the last one closed", () => {
    const days = [0, 1, 4, 5, 9, 10, 3.5];
    const edges = binEdges(days, { width: 5 });
    expect(edges).toEqual([0, 5, 10]);
    expect(binValues(days, edges).map((b) => b.count)).toEqual([4, 3]);
    expect(binEdges([3, 47], { count: 5 })).toEqual([0, 10, 20, 30, 40, 50]);
    expect(binEdges([0.5, 2.2], { count: 10, integer: true })).toEqual([0, 1, 2, 3]);
    expect(binEdges([])).toEqual([]);
    expect(binValues([-1, 11, Number.NaN], [0, 5, 10]).map((b) => b.count)).toEqual([0, 0]);
  });

  it("sorts and cleans pre-binned data, and labels bins", () => {
    const bins = normalizeBins([
      { from: 10, to: 20, count: 3 },
      { from: 0, to: 10, count: 1 },
      { from: 5, to: 5, count: 9 },
      { from: 20, to: 30, count: Number.NaN },
      { from: 30, to: 40, count: -1 },
    ]);
    expect(bins).toEqual([
      { from: 0, to: 10, count: 1 },
      { from: 10, to: 20, count: 3 },
    ]);
    expect(binLabel(bins[0]!)).toBe("0–10");
    expect(binLabel({ from: 0, to: 10, count: 1, label: "十天内" })).toBe("十天内");
    expect(integerBinLabel({ from: 0, to: 5, count: 0 })).toBe("0–4");
    expect(integerBinLabel({ from: 7, to: 8, count: 0 })).toBe("7");
  });
});

describe("paths and markers", () => {
  it("draws a line with a gap for missing points", () => {
    expect(linePath([{ x: 0, y: 0 }, { x: 10, y: 5 }, null, { x: 20, y: 10 }, { x: 30, y: 15 }])).toBe("M0,0L10,5M20,10L30,15");
    expect(linePath([{ x: 1 / 3, y: 2 / 3 }, { x: -0.001, y: 1e3 }])).toBe("M0.33,0.67L0,1000");
    expect(linePath([null, { x: 5, y: 5 }, null])).toBe("M5,5");
    expect(linePath([])).toBe("");
    expect(segments([{ x: 0, y: 0 }, { x: Number.NaN, y: 1 }, { x: 2, y: 2 }])).toEqual([[{ x: 0, y: 0 }], [{ x: 2, y: 2 }]]);
  });

  it("gives every marker shape a closed path", () => {
    for (const m of MARKERS) expect(markerPath(m, 10, 10, 3)).toMatch(/^M[\d.,\-hvLa Z]+Z$/);
  });
});

describe("labels", () => {
  it("measures CJK at one em and Latin narrower", () => {
    expect(textWidth("环境影响评价", 12)).toBe(72);
    expect(textWidth("abc", 12)).toBeLessThan(textWidth("一二三", 12));
    expect(textWidth("𠀀", 12)).toBe(12);
  });

  it("truncates long Chinese names with an ellipsis, within the width", () => {
    const name = "安全评价与检测检验服务（含职业卫生）";
    const cut = truncateLabel(name, 100);
    expect(cut.endsWith("…")).toBe(true);
    expect(textWidth(cut)).toBeLessThanOrEqual(100);
    expect(cut).toBe("安全评价与检测…");
    expect(truncateLabel("测绘", 100)).toBe("测绘");
    expect(truncateLabel("𠀀𠀁𠀂𠀃", 30)).toBe("𠀀…");
  });

  it("wraps into balanced lines and keeps closing punctuation with its word", () => {
    expect(wrapLabel("环境影响评价", 60)).toEqual(["环境影", "响评价"]);
    expect(wrapLabel("测绘", 60)).toEqual(["测绘"]);
    const long = wrapLabel("安全评价与检测检验服务（含职业卫生）", 60);
    expect(long).toHaveLength(2);
    expect(long[1]!.endsWith("…")).toBe(true);
    for (const l of long) expect(textWidth(l)).toBeLessThanOrEqual(60);
    expect(wrapLabel("工程造价，咨询", 50)[1]).not.toMatch(/^，/);
    expect(wrapLabel("Environmental impact assessment", 120)).toEqual(["Environmental", "impact assessment"]);
  });

  it("moves end labels apart", () => {
    expect(dodge([100, 104, 200], 15, 0, 300)).toEqual([100, 115, 200]);
    expect(dodge([104, 100], 15, 0, 300)).toEqual([115, 100]);
    expect(dodge([295, 298], 15, 0, 300)).toEqual([285, 300]);
  });
});

describe("stacks, tables, palette", () => {
  it("stacks positives up and negatives down from zero", () => {
    const s = stackSeries([[3, -2, null], [4, -1, 5]], 3);
    expect(s[0]).toEqual([{ y0: 0, y1: 3 }, { y0: 0, y1: -2 }, { y0: 0, y1: 0 }]);
    expect(s[1]).toEqual([{ y0: 3, y1: 7 }, { y0: -2, y1: -3 }, { y0: 0, y1: 5 }]);
  });

  it("builds the table and its CSV from the same rows", () => {
    const t = seriesTable("类别", ["环境影响评价", "测绘"], [{ name: "金额", values: [100, null] }, { name: "项目数", values: [3, Number.NaN] }]);
    expect(t).toEqual({ head: ["类别", "金额", "项目数"], rows: [{ label: "环境影响评价", values: [100, 3] }, { label: "测绘", values: [null, null] }] });
    expect(chartCsv(t)).toBe("类别,金额,项目数\r\n环境影响评价,100,3\r\n测绘,,\r\n");
  });

  it("uses colours with 3:1 contrast against white", () => {
    for (const c of PALETTE) expect(contrastRatio(c, "#ffffff")).toBeGreaterThanOrEqual(3);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });
});

describe("layouts", () => {
  it("puts negative bars below the zero line and positive ones above", () => {
    const l = barLayout({ categories: ["甲", "乙"], series: [{ name: "变化", values: [10, -5] }] });
    const [pos, neg] = l.bars;
    expect(pos!.y + pos!.height).toBeCloseTo(l.zero, 1);
    expect(neg!.y).toBeCloseTo(l.zero, 1);
    expect(neg!.height).toBeCloseTo(pos!.height / 2, 0);
    expect(l.valueLabels.map((v) => v.text)).toEqual(["10", "-5"]);
  });

  it("lays out horizontal bars from the left with truncated category names", () => {
    const l = barLayout({ orientation: "horizontal", categories: ["安全评价与检测检验服务（含职业卫生）安全评价与检测检验服务", "测绘"], series: [{ name: "金额", values: [5, 10] }] });
    expect(l.bars[0]!.x).toBeCloseTo(l.zero, 1);
    expect(l.bars[1]!.width).toBeCloseTo(2 * l.bars[0]!.width, 0);
    expect(l.categoryLabels[0]!.text.endsWith("…")).toBe(true);
    expect(l.categoryLabels[0]!.full).toContain("含职业卫生");
    expect(l.categoryLabels[1]!.full).toBeUndefined();
    for (const c of l.categoryLabels) expect(textWidth(c.text)).toBeLessThanOrEqual(l.plot.x);
  });

  it("keeps every number finite whatever the data", () => {
    const cases = [
      barLayout({ categories: ["a"], series: [{ name: "s", values: [0] }] }),
      barLayout({ categories: ["a", "b"], series: [{ name: "s", values: [Number.NaN, null] }], orientation: "horizontal" }),
      barLayout({ categories: MONTHS, series: [{ name: "s", values: MONTHS.map(() => 0) }], stacked: true, width: 200 }),
      lineLayout({ x: ["2026-01"], series: [{ name: "s", values: [5] }] }),
      lineLayout({ x: ["a", "b", "c"], series: [{ name: "s", values: [null, null, null] }] }),
      histogramLayout({ bins: [{ from: 0, to: 1, count: 0 }] }),
      histogramLayout({ bins: [] }),
    ];
    for (const c of cases) expect(JSON.stringify(c)).not.toMatch(/NaN|null|Infinity/);
  });

  it("labels the last value of each line and thins period labels, always keeping the latest", () => {
    const days = Array.from({ length: 90 }, (_, i) => `2026-${String(1 + Math.floor(i / 30)).padStart(2, "0")}-${String(1 + (i % 30)).padStart(2, "0")}`);
    const l = lineLayout({ x: days, series: [{ name: "成交", values: days.map((_, i) => (i === 89 ? null : i)) }] });
    expect(l.xLabels.length).toBeLessThan(20);
    expect(l.xLabels[l.xLabels.length - 1]!.text).toBe("2026-03-30");
    expect(l.lastLabels).toHaveLength(1);
    expect(l.lastLabels[0]!.text).toBe("88");
    // Beyond the marker limit only the lone and last points keep a marker.
    expect(l.lines[0]!.markers.map((m) => m.index)).toEqual([88]);
  });
});

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
    expect(count(svg, "<g class=\"chart-legend\"")).toBe(1);
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
    expect(html).toContain("<th scope=\"row\">三月</th>");
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
    const html = renderToStaticMarkup(createElement(BarChart, { title: "零", categories: ["甲", "乙"], series: [{ name: "s", values: [0, 0] }] }));
    expectAccessibleSvg(html, "零");
    expect(count(wideSvg(html), 'class="chart-bar"')).toBe(2);
  });
});
