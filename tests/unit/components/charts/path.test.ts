import { describe, expect, it } from "vitest";
import { linePath, markerPath, MARKERS, segments } from "~/components/charts/path";

describe("paths and markers", () => {
  it("draws a line with a gap for missing points", () => {
    expect(linePath([{ x: 0, y: 0 }, { x: 10, y: 5 }, null, { x: 20, y: 10 }, { x: 30, y: 15 }])).toBe("M0,0L10,5M20,10L30,15");
    expect(
      linePath([
        { x: 1 / 3, y: 2 / 3 },
        { x: -0.001, y: 1e3 },
      ]),
    ).toBe("M0.33,0.67L0,1000");
    expect(linePath([null, { x: 5, y: 5 }, null])).toBe("M5,5");
    expect(linePath([])).toBe("");
    expect(
      segments([
        { x: 0, y: 0 },
        { x: Number.NaN, y: 1 },
        { x: 2, y: 2 },
      ]),
    ).toEqual([[{ x: 0, y: 0 }], [{ x: 2, y: 2 }]]);
  });

  it("gives every marker shape a closed path", () => {
    for (const m of MARKERS) expect(markerPath(m, 10, 10, 3)).toMatch(/^M[\d.,\-hvLa Z]+Z$/);
  });
});
