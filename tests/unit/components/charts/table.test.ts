import { describe, expect, it } from "vitest";
import { chartCsv, seriesTable } from "~/components/charts/table";

describe("tables", () => {
  it("builds the table and its CSV from the same rows", () => {
    const t = seriesTable(
      "类别",
      ["环境影响评价", "测绘"],
      [
        { name: "金额", values: [100, null] },
        { name: "项目数", values: [3, Number.NaN] },
      ],
    );
    expect(t).toEqual({
      head: ["类别", "金额", "项目数"],
      rows: [
        { label: "环境影响评价", values: [100, 3] },
        { label: "测绘", values: [null, null] },
      ],
    });
    expect(chartCsv(t)).toBe("类别,金额,项目数\r\n环境影响评价,100,3\r\n测绘,,\r\n");
  });
});
