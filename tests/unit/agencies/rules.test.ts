import { describe, expect, it } from "vitest";
import { fenToYuanInput, parsePercentToBp, parseYuanToFen } from "~/lib/money";
import { directorySearchParams, DirectoryQuerySchema } from "~/modules/agencies/directory.schema";
import { escapeLike } from "~/modules/agencies/directory.server";
import { profileCompleteness } from "~/modules/agencies/profile.rules";
import { addDays, countsAsVerified, qualificationState } from "~/modules/agencies/qualifications.rules";
import { regionAncestors, regionContains, regionPrefix } from "~/modules/agencies/regions.rules";
import { beijingDate } from "~/lib/beijing-calendar";
import { ServiceListingSchema } from "~/modules/agencies/services.schema";
import { assertListingAllowed, listingChanged } from "~/modules/agencies/services.rules";
import { DomainError } from "~/modules/errors";
import { sniffMime } from "~/server/files.server";

describe("money", () => {
  it("parses yuan to integer fen without floating point", () => {
    expect(parseYuanToFen("0.1")).toEqual({ ok: true, fen: 10 });
    expect(parseYuanToFen("¥12,345.67")).toEqual({ ok: true, fen: 1_234_567 });
    expect(parseYuanToFen("￥ 1 000")).toEqual({ ok: true, fen: 100_000 });
    expect(parseYuanToFen("0.29")).toEqual({ ok: true, fen: 29 }); // 0.29 * 100 in floating point is 28.999…
    expect(parseYuanToFen("-5")).toEqual({ ok: false, problem: "negative" });
    expect(parseYuanToFen("1.005")).toEqual({ ok: false, problem: "decimals" });
    expect(parseYuanToFen("1e5")).toEqual({ ok: false, problem: "format" });
    expect(parseYuanToFen("99999999999999")).toEqual({ ok: false, problem: "tooLarge" });
    expect(parseYuanToFen("10000000000.01")).toEqual({ ok: false, problem: "tooLarge" });
    expect(fenToYuanInput(1_234_505)).toBe("12345.05");
    expect(fenToYuanInput(500)).toBe("5");
  });
  it("parses percentages to basis points", () => {
    expect(parsePercentToBp("0.5")).toBe(50);
    expect(parsePercentToBp("1.25%")).toBe(125);
    expect(parsePercentToBp("abc")).toBeNull();
    expect(parsePercentToBp("0.125")).toBeNull();
  });
});

describe("regions (GB/T 2260 nesting)", () => {
  it("knows what contains what", () => {
    expect(regionAncestors("320115")).toEqual(["320115", "320100", "320000"]);
    expect(regionAncestors("320000")).toEqual(["320000"]);
    expect(regionContains("320000", "320115")).toBe(true);
    expect(regionContains("320100", "320115")).toBe(true);
    expect(regionContains("320100", "320200")).toBe(false);
    expect(regionContains("320115", "320115")).toBe(true);
    expect(regionPrefix("320000")).toBe("32");
    expect(regionPrefix("320100")).toBe("3201");
  });
  it("takes today's date in Beijing", () => {
    expect(beijingDate(new Date("2026-11-30T15:59:59Z"))).toBe("2026-11-30");
    expect(beijingDate(new Date("2026-11-30T16:00:00Z"))).toBe("2026-12-01");
  });
});

describe("qualification state", () => {
  const v = (validFrom: string, validTo: string, status = "verified") => ({ status, validFrom, validTo });
  it("is computed from the dates on the day asked", () => {
    expect(qualificationState(v("2026-01-01", "2026-12-31"), "2026-11-30")).toBe("verified"); // 31 days left
    expect(qualificationState(v("2026-01-01", "2026-12-31"), "2026-12-01")).toBe("expiringSoon");
    expect(qualificationState(v("2026-01-01", "2026-12-31"), "2026-12-31")).toBe("expiringSoon");
    expect(qualificationState(v("2026-01-01", "2026-12-31"), "2027-01-01")).toBe("expired");
    expect(qualificationState(v("2026-01-01", "2027-12-31"), "2026-11-30")).toBe("verified");
    expect(qualificationState(v("2027-01-01", "2027-12-31"), "2026-11-30")).toBe("notYetValid");
    expect(qualificationState(v("2026-01-01", "2027-12-31", "pending"), "2026-11-30")).toBe("pending");
    expect(qualificationState(v("2026-01-01", "2027-12-31", "rejected"), "2026-11-30")).toBe("rejected");
    expect(countsAsVerified("expiringSoon")).toBe(true);
    expect(countsAsVerified("expired")).toBe(false);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});

describe("service listing rules", () => {
  const base = ServiceListingSchema.parse({
    serviceItemId: "3",
    feeMode: "range",
    feeMin: "100",
    feeMax: "200",
    committedDays: "30",
    pledge: "按时完成",
    regions: ["320100", "110000", "320100"],
    active: "on",
  });
  it("normalises regions and refuses days above the statutory limit", () => {
    expect(base.regions).toEqual(["110000", "320100"]);
    expect(() => assertListingAllowed(base, { id: 3, statutoryDays: 30 })).not.toThrow();
    expect(() => assertListingAllowed(base, { id: 3, statutoryDays: null })).not.toThrow();
    try {
      assertListingAllowed(base, { id: 3, statutoryDays: 29 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).params).toEqual({ days: 29 });
    }
  });
  it("sees a change only when something changed", () => {
    expect(listingChanged(base, { ...base, regions: ["320100", "110000"] })).toBe(false);
    expect(listingChanged(base, { ...base, committedDays: 29 })).toBe(true);
    expect(listingChanged(base, { ...base, active: false })).toBe(true);
  });
  it("requires what each fee mode needs", () => {
    const r = ServiceListingSchema.safeParse({ serviceItemId: "3", feeMode: "rate", committedDays: "3", pledge: "按时完成" });
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))).toEqual({
      feeRate: "errors.fee.rate",
      feeBasis: "errors.fee.basis",
    });
    const range = ServiceListingSchema.safeParse({
      serviceItemId: "3",
      feeMode: "range",
      feeMin: "300",
      feeMax: "200",
      committedDays: "3",
      pledge: "按时完成",
    });
    expect(range.error!.issues[0]).toMatchObject({ path: ["feeMax"], message: "errors.money.range" });
  });
});

describe("profile completeness", () => {
  it("names what is missing", () => {
    const facts = {
      legalRepresentative: "王",
      address: "路",
      businessScope: "测绘",
      contactPhone: null,
      pledgeSignedAt: new Date(),
      activeServices: 0,
      itemsNeedingQualification: 1,
      itemsWithVerifiedQualification: 0,
    };
    expect(profileCompleteness(facts)).toEqual({ percent: 40, missing: ["contact", "services", "qualifications"] });
    expect(profileCompleteness({ ...facts, contactPhone: "1", activeServices: 2, itemsWithVerifiedQualification: 1 })).toEqual({
      percent: 100,
      missing: [],
    });
  });
});

describe("directory query", () => {
  it("round-trips through the URL and escapes LIKE wildcards", () => {
    const q = DirectoryQuerySchema.parse({
      q: " 环境 ",
      item: "3",
      region: "320100",
      verified: "1",
      feeMin: "1000",
      feeMax: "2000.5",
      sort: "price",
      page: "2",
    });
    expect(q).toMatchObject({ q: "环境", item: 3, feeMin: 100_000, feeMax: 200_050, verified: true, page: 2 });
    expect(directorySearchParams(q)).toBe(
      "?q=%E7%8E%AF%E5%A2%83&item=3&region=320100&verified=1&feeMin=1000&feeMax=2000.5&sort=price&page=2",
    );
    expect(directorySearchParams(q, { page: 3 })).toContain("page=3");
    expect(DirectoryQuerySchema.parse({}).sort).toBe("newest");
    expect(DirectoryQuerySchema.parse({ q: "x" }).sort).toBe("relevance");
    expect(escapeLike("100%_\\")).toBe("100\\%\\_\\\\");
  });
});

describe("uploads", () => {
  it("are typed by their content, not their name", () => {
    expect(sniffMime(new TextEncoder().encode("%PDF-1.7"))).toBe("application/pdf");
    expect(sniffMime(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffMime(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
    expect(sniffMime(new TextEncoder().encode("<svg onload=alert(1)>"))).toBeNull();
    expect(sniffMime(new TextEncoder().encode("GIF89a"))).toBeNull();
  });
});
