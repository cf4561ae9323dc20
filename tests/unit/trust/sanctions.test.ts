import { describe, expect, it } from "vitest";
import { lastDay, RESTRICTING_TYPES, sanctionPeriod, sanctionState } from "~/modules/trust/sanctions.rules";
import { csvCell, csvLine, parseCsv } from "~/lib/csv";

describe("sanction periods in Beijing days", () => {
  it("runs from the start of the first Beijing day to the end of the last one", () => {
    const p = sanctionPeriod("2026-12-01", "2026-12-31");
    expect(p.startsAt.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(p.endsAt?.toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(lastDay(p.endsAt)).toBe("2026-12-31");
  });

  it("handles a one-day period, month and leap-year ends, and no end", () => {
    const one = sanctionPeriod("2026-03-15", "2026-03-15");
    expect(one.endsAt!.getTime() - one.startsAt.getTime()).toBe(86_400_000);
    expect(lastDay(one.endsAt)).toBe("2026-03-15");
    expect(sanctionPeriod("2028-02-01", "2028-02-29").endsAt?.toISOString()).toBe("2028-02-29T16:00:00.000Z");
    expect(lastDay(sanctionPeriod("2026-01-01", "2026-02-28").endsAt)).toBe("2026-02-28");
    const open = sanctionPeriod("2026-01-01", null);
    expect(open).toEqual({ startsAt: new Date("2025-12-31T16:00:00.000Z"), endsAt: null });
    expect(lastDay(null)).toBeNull();
  });

  it("gives the last day of any exclusive end as the Beijing day just before it", () => {
    expect(lastDay(new Date("2026-12-31T16:00:00.001Z"))).toBe("2027-01-01");
    expect(lastDay(new Date("2026-12-31T15:59:59.999Z"))).toBe("2026-12-31");
  });

  it("lists the restricting types", () => {
    expect(RESTRICTING_TYPES).toEqual(["suspension", "blacklist", "removal", "ban"]);
  });
});

describe("sanctionState", () => {
  const { startsAt, endsAt } = sanctionPeriod("2026-04-01", "2026-06-30");
  const s = { startsAt, endsAt, liftedAt: null };
  it("is scheduled, then in force, then ended, at the exact boundaries", () => {
    expect(sanctionState(s, new Date(startsAt.getTime() - 1))).toBe("scheduled");
    expect(sanctionState(s, startsAt)).toBe("inForce");
    expect(sanctionState(s, new Date(endsAt!.getTime() - 1))).toBe("inForce");
    expect(sanctionState(s, endsAt!)).toBe("ended");
    expect(sanctionState({ ...s, endsAt: null }, new Date("2099-01-01T00:00:00Z"))).toBe("inForce");
  });
  it("is lifted from liftedAt, even before it started or after it ended", () => {
    const liftedAt = new Date("2026-05-10T00:00:00.000Z");
    expect(sanctionState({ ...s, liftedAt }, new Date(liftedAt.getTime() - 1))).toBe("inForce");
    expect(sanctionState({ ...s, liftedAt }, liftedAt)).toBe("lifted");
    expect(sanctionState({ ...s, liftedAt }, new Date("2027-01-01T00:00:00Z"))).toBe("lifted");
    const early = new Date("2026-03-01T00:00:00.000Z");
    expect(sanctionState({ ...s, liftedAt: early }, new Date("2026-03-02T00:00:00Z"))).toBe("lifted");
  });
});

describe("CSV (RFC 4180)", () => {
  it("parses plain rows with LF or CRLF, dropping blank lines", () => {
    expect(parseCsv("a,b,c\nd,e,f\n")).toEqual([
      ["a", "b", "c"],
      ["d", "e", "f"],
    ]);
    expect(parseCsv("a,b\r\nc,d\r\n\r\n\n  ,  \r\ne,f")).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
    ]);
    expect(parseCsv("a\rb")).toEqual([["a"], ["b"]]);
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\n\r\n")).toEqual([]);
  });

  it("handles quoted fields with commas, doubled quotes and line breaks", () => {
    expect(parseCsv('"南京某某, 有限公司","他说""好""",x\r\n"多行\r\n文本",""\n')).toEqual([
      ["南京某某, 有限公司", '他说"好"', "x"],
      ["多行\r\n文本", ""],
    ]);
    expect(parseCsv('"only"')).toEqual([["only"]]);
    expect(parseCsv('a,""')).toEqual([["a", ""]]);
  });

  it("keeps empty fields and trailing commas", () => {
    expect(parseCsv("a,,c\n,b,\n")).toEqual([
      ["a", "", "c"],
      ["", "b", ""],
    ]);
    expect(parseCsv("a,")).toEqual([["a", ""]]);
  });

  it("ignores a leading BOM", () => {
    expect(parseCsv("\uFEFFcredit_code,name\r\n91320100MA0000001X,某公司\r\n")).toEqual([
      ["credit_code", "name"],
      ["91320100MA0000001X", "某公司"],
    ]);
  });

  it("csvCell quotes only when needed", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("南京")).toBe("南京");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(new Date("2026-12-31T16:00:00Z"))).toBe("2026-12-31T16:00:00.000Z");
  });

  it("csvCell keeps formula-looking cells from being read as formulas", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+86 25 1234")).toBe("'+86 25 1234");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell(-5)).toBe("'-5");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("1-2")).toBe("1-2");
  });

  it("csvLine joins cells and ends with CRLF", () => {
    expect(csvLine(["a", "b,c", null, 3])).toBe('a,"b,c",,3\r\n');
    expect(csvLine([])).toBe("\r\n");
  });

  it("round-trips tricky values", () => {
    const rows = [
      ["91320100MA0000001X", "南京某某, 有限公司", '引号"内"', "多行\n文本", "crlf\r\n行", " 前后空格 ", ""],
      ["x", "", "y,", '"', '""', "，中文逗号", "末尾"],
    ];
    const text = `\uFEFF${rows.map(csvLine).join("")}`;
    expect(parseCsv(text)).toEqual(rows);
    // Formula-looking values come back with their apostrophe, never as formulas.
    expect(parseCsv(csvLine(["=cmd", "-1", "ok"]))).toEqual([["'=cmd", "'-1", "ok"]]);
  });
});
