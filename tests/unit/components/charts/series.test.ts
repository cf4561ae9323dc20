import { describe, expect, it } from "vitest";
import { stackSeries } from "~/components/charts/series";

describe("stacks", () => {
  it("stacks positives up and negatives down from zero", () => {
    const s = stackSeries(
      [
        [3, -2, null],
        [4, -1, 5],
      ],
      3,
    );
    expect(s[0]).toEqual([
      { y0: 0, y1: 3 },
      { y0: 0, y1: -2 },
      { y0: 0, y1: 0 },
    ]);
    expect(s[1]).toEqual([
      { y0: 3, y1: 7 },
      { y0: -2, y1: -3 },
      { y0: 0, y1: 5 },
    ]);
  });
});
