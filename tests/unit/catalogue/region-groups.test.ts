import { describe, expect, it } from "vitest";
import { groupRegions, type RegionOption } from "~/modules/catalogue/catalogue.server";

const r = (code: string, name: string, level: number, parentCode: string | null): RegionOption => ({ code, name, level, parentCode });

describe("region choices on forms", () => {
  const options = [
    r("110000", "北京市", 1, null),
    r("320000", "江苏省", 1, null),
    r("320100", "南京市", 2, "320000"),
    r("320113", "栖霞区", 3, "320100"),
    r("320200", "无锡市", 2, "320000"),
  ];
  it("put a kept district under its province, named with its city, in code order", () => {
    const js = groupRegions(options).find((g) => g.province.code === "320000")!;
    expect(js.cities.map((c) => [c.code, c.name])).toEqual([
      ["320100", "南京市"],
      ["320113", "南京市 · 栖霞区"],
      ["320200", "无锡市"],
    ]);
  });
  it("without a kept district, offer provinces and cities only", () => {
    const groups = groupRegions(options.filter((o) => o.level <= 2));
    expect(groups.map((g) => [g.province.code, g.cities.map((c) => c.code)])).toEqual([
      ["110000", []],
      ["320000", ["320100", "320200"]],
    ]);
  });
});
