import { describe, expect, it } from "vitest";
import { barLayout } from "~/components/charts/bar-layout";
import { histogramLayout } from "~/components/charts/histogram-layout";
import { lineLayout } from "~/components/charts/line-layout";
import { textWidth } from "~/components/charts/text";

const MONTHS = ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"];

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
    const l = barLayout({
      orientation: "horizontal",
      categories: ["安全评价与检测检验服务（含职业卫生）安全评价与检测检验服务", "测绘"],
      series: [{ name: "金额", values: [5, 10] }],
    });
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
    const days = Array.from(
      { length: 90 },
      (_, i) => `2026-${String(1 + Math.floor(i / 30)).padStart(2, "0")}-${String(1 + (i % 30)).padStart(2, "0")}`,
    );
    const l = lineLayout({ x: days, series: [{ name: "成交", values: days.map((_, i) => (i === 89 ? null : i)) }] });
    expect(l.xLabels.length).toBeLessThan(20);
    expect(l.xLabels[l.xLabels.length - 1]!.text).toBe("2026-03-30");
    expect(l.lastLabels).toHaveLength(1);
    expect(l.lastLabels[0]!.text).toBe("88");
    // Beyond the marker limit only the lone and last points keep a marker.
    expect(l.lines[0]!.markers.map((m) => m.index)).toEqual([88]);
  });
});
