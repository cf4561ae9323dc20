import { describe, expect, it } from "vitest";
import {
  bandScale,
  decimalsOf,
  fittingTicks,
  formatNumber,
  linearScale,
  niceStep,
  niceTicks,
  pointScale,
  tickFormatter,
} from "~/components/charts/scale";
import { textWidth } from "~/components/charts/text";

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
