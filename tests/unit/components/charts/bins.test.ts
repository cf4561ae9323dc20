import { describe, expect, it } from "vitest";
import { binEdges, binLabel, binValues, integerBinLabel, normalizeBins } from "~/components/charts/bins";

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
