import { describe, expect, it } from "vitest";
import { dodge, textWidth, truncateLabel, wrapLabel } from "~/components/charts/text";

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
