import { describe, expect, it } from "vitest";
import { contrastRatio, PALETTE } from "~/components/charts/palette";

describe("palette", () => {
  it("uses colours with 3:1 contrast against white", () => {
    for (const c of PALETTE) expect(contrastRatio(c, "#ffffff")).toBeGreaterThanOrEqual(3);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });
});
