import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectoryQuerySchema, type DirectoryQuery } from "~/modules/agencies/directory.schema";
import { searchAgencies } from "~/modules/agencies/directory.server";
import { getPublicProfile } from "~/modules/agencies/profile.server";
import {
  listAgencyQualifications,
  notifyExpiringQualifications,
  regulatorQueue,
  reviewQualification,
  submitQualification,
} from "~/modules/agencies/qualifications.server";
import { addDays } from "~/modules/agencies/qualifications.rules";
import { beijingDate } from "~/lib/beijing-calendar";
import { ServiceListingSchema } from "~/modules/agencies/services.schema";
import { listServiceVersions, saveServiceListing } from "~/modules/agencies/services.server";
import { createRegulatorOffice, getViewer, acceptInvitation, signUp } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import type { DatabaseHandle } from "~/server/db.server";
import { FileStore } from "~/server/files.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError } from "../../support/errors";
import { signUpInput } from "../../support/fixtures";

let h: DatabaseHandle;
let files: FileStore;
let uploadDir: string;
const today = beijingDate(new Date());
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PDF = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n");

let items: Record<string, { id: number; code: string; statutoryDays: number | null }>;
let agencyA: Viewer; // 南京, environmental work
let agencyB: Viewer; // 苏州, surveying
let agencyC: Viewer; // 北京, surveying, fee high
let regJs: Viewer; // 江苏 province regulator for topographic survey
let regBj: Viewer; // 北京 regulator for topographic survey

async function makeAgency(name: string, regionCode: string, scope: string): Promise<Viewer> {
  const { userId } = await signUp(h.db, {
    ...signUpInput({ orgName: name, regionCode }),
    agency: {
      legalRepresentative: "法人",
      address: "某路 1 号",
      businessScope: scope,
      contactPerson: "私人联系人",
      contactPhone: "13800000000",
      contactEmail: "private@example.cn",
      contactPublic: false,
    },
  });
  return (await getViewer(h.db, userId))!;
}

async function makeRegulator(name: string, regionCode: string, itemIds: number[], email: string): Promise<Viewer> {
  const row = await h.db
    .insertInto("users")
    .values({ email: `admin-${email}`, name: "平台管理员", passwordHash: "x", isSiteAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  const admin = (await getViewer(h.db, row.id))!;
  const { token } = await createRegulatorOffice(h.db, admin, { officeName: name, regionCode, serviceItemIds: itemIds, adminEmail: email });
  const { userId } = await acceptInvitation(h.db, token, {
    userName: "审核员",
    password: "regulator pass",
    passwordConfirm: "regulator pass",
  });
  return (await getViewer(h.db, userId))!;
}

function listing(over: Record<string, unknown>) {
  return ServiceListingSchema.parse({
    feeMode: "range",
    feeMin: "10000",
    feeMax: "50000",
    committedDays: "10",
    pledge: "按时完成，不超标收费",
    regions: [],
    active: "on",
    ...over,
  });
}

function q(over: Record<string, unknown> = {}): DirectoryQuery {
  return DirectoryQuerySchema.parse(over);
}

beforeAll(async () => {
  h = await createTestDatabase();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-uploads-"));
  files = new FileStore(uploadDir);
  const rows = await h.db.selectFrom("serviceItems").select(["id", "code", "statutoryDays"]).execute();
  items = Object.fromEntries(rows.map((r) => [r.code, r]));
  agencyA = await makeAgency("南京清源环境咨询有限公司", "320102", "环境影响评价、水土保持");
  agencyB = await makeAgency("苏州精测地理信息有限公司", "320505", "工程测量、地形图测绘");
  agencyC = await makeAgency("北京远景测绘有限公司", "110105", "测绘、地理信息、环境监测");
  regJs = await makeRegulator("江苏省自然资源厅", "320000", [items["topographic-survey"]!.id], "js@gov.cn");
  regBj = await makeRegulator("北京市规划和自然资源委员会", "110000", [items["topographic-survey"]!.id], "bj@gov.cn");
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

describe("service listings", () => {
  it("versions every change and keeps the history", async () => {
    const first = await saveServiceListing(
      h.db,
      agencyA,
      listing({ serviceItemId: items["eia-report"]!.id, feeMin: "80000", feeMax: "400000", committedDays: "45" }),
    );
    expect(first).toMatchObject({ version: 1, changed: true });
    const again = await saveServiceListing(
      h.db,
      agencyA,
      listing({ serviceItemId: items["eia-report"]!.id, feeMin: "80000", feeMax: "400000", committedDays: "45" }),
    );
    expect(again).toMatchObject({ version: 1, changed: false });
    const second = await saveServiceListing(
      h.db,
      agencyA,
      listing({ serviceItemId: items["eia-report"]!.id, feeMin: "70000", feeMax: "400000", committedDays: "40", regions: ["320000"] }),
    );
    expect(second).toMatchObject({ id: first.id, version: 2, changed: true });
    const versions = await listServiceVersions(h.db, agencyA.org!.id);
    expect(versions.map((v) => [v.version, v.feeMinFen, v.committedDays, v.regions])).toEqual([
      [2, 7_000_000, 40, ["320000"]],
      [1, 8_000_000, 45, []],
    ]);
  });

  it("refuses a committed time above the statutory limit", async () => {
    const used = ["eia-report", "eia-form", "topographic-survey", "real-estate-survey"];
    const item = Object.entries(items).find(([code, i]) => i.statutoryDays && !used.includes(code))![1];
    await expectDomainError(
      saveServiceListing(h.db, agencyA, listing({ serviceItemId: item.id, committedDays: String(item.statutoryDays! + 1) })),
      "errors.days.aboveStatutory",
    );
    const ok = await saveServiceListing(h.db, agencyA, listing({ serviceItemId: item.id, committedDays: String(item.statutoryDays!) }));
    expect(ok.version).toBe(1);
  });

  it("refuses unknown regions and non-agencies", async () => {
    await expectDomainError(
      saveServiceListing(h.db, agencyA, listing({ serviceItemId: items["eia-form"]!.id, regions: ["999900"] })),
      "errors.region.unknown",
    );
    await expectDomainError(saveServiceListing(h.db, regJs, listing({ serviceItemId: items["eia-form"]!.id })), "errors.forbidden");
  });

  it("parses fees exactly into fen and rates into basis points", () => {
    expect(listing({ serviceItemId: 1, feeMode: "fixed", feeMin: "12,000.05" })).toMatchObject({
      feeMinFen: 1_200_005,
      feeMaxFen: 1_200_005,
      feeRateBp: null,
    });
    expect(listing({ serviceItemId: 1, feeMode: "rate", feeRate: "0.5%", feeBasis: "按总投资", feeMin: "1" })).toMatchObject({
      feeMinFen: null,
      feeMaxFen: null,
      feeRateBp: 50,
    });
    const bad = ServiceListingSchema.safeParse({
      serviceItemId: 1,
      feeMode: "range",
      feeMin: "-1",
      feeMax: "1.234",
      committedDays: "0",
      pledge: "x",
    });
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path[0], i.message]));
    expect(messages).toMatchObject({
      feeMin: "errors.money.negative",
      feeMax: "errors.money.decimals",
      committedDays: "errors.days.invalid",
      pledge: "errors.tooShort",
    });
  });
});

describe("qualifications", () => {
  it("refuses a wrong file type or a missing file and leaves no file behind", async () => {
    const input = {
      serviceItemId: items["topographic-survey"]!.id,
      qualType: "测绘资质证书",
      level: "乙级",
      certificateNo: "乙测资字 1",
      issuer: "江苏省自然资源厅",
      validFrom: addDays(today, -10),
      validTo: addDays(today, 300),
    };
    await expectDomainError(
      submitQualification(h.db, files, agencyB, input, {
        bytes: new TextEncoder().encode("<html><script>alert(1)</script>"),
        name: "cert.pdf",
      }),
      "errors.file.type",
    );
    await expectDomainError(submitQualification(h.db, files, agencyB, input, null), "errors.file.missing");
    await expectDomainError(
      submitQualification(h.db, files, agencyB, input, { bytes: new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25), name: "big.pdf" }),
      "errors.file.tooLarge",
    );
    expect(fs.readdirSync(uploadDir)).toEqual([]);
    // the database refusing the record (unknown item) removes the file it had written
    await expectDomainError(
      submitQualification(h.db, files, agencyB, { ...input, serviceItemId: 999999 }, { bytes: PNG, name: "a.png" }),
      "errors.serviceItem",
    );
    expect(fs.readdirSync(uploadDir).flatMap((d) => fs.readdirSync(path.join(uploadDir, d)))).toEqual([]);
  });

  it("is reviewed only by a regulator who supervises the item in the agency's region, once", async () => {
    const input = {
      serviceItemId: items["topographic-survey"]!.id,
      qualType: "测绘资质证书",
      level: "乙级",
      certificateNo: "乙测资字 32500999",
      issuer: "江苏省自然资源厅",
      validFrom: addDays(today, -10),
      validTo: addDays(today, 300),
    };
    const { id } = await submitQualification(h.db, files, agencyB, input, { bytes: PDF, name: "证书.pdf" });
    expect((await regulatorQueue(h.db, regJs)).map((r) => r.id)).toContain(id);
    expect((await regulatorQueue(h.db, regBj)).map((r) => r.id)).not.toContain(id);
    await expectDomainError(reviewQualification(h.db, regBj, id, { decision: "verify" }), "errors.forbidden");

    const before = await searchAgencies(h.db, q({ item: items["topographic-survey"]!.id, verified: "1" }), today);
    expect(before.results.map((r) => r.name)).not.toContain("苏州精测地理信息有限公司");

    const results = await Promise.allSettled([
      reviewQualification(h.db, regJs, id, { decision: "verify" }),
      reviewQualification(h.db, regJs, id, { decision: "reject", reason: "证书模糊" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const state = (await listAgencyQualifications(h.db, agencyB.org!.id, today)).find((x) => x.id === id)!;
    expect(["verified", "rejected"]).toContain(state.state);
    if (state.state === "rejected") {
      // make the verified path deterministic for what follows
      await h.db.updateTable("qualifications").set({ status: "verified", reviewReason: null }).where("id", "=", id).execute();
    }
  });

  it("counts a verified certificate only while it is valid, by the Beijing calendar", async () => {
    await saveServiceListing(
      h.db,
      agencyB,
      listing({ serviceItemId: items["topographic-survey"]!.id, feeMin: "20000", feeMax: "60000", regions: ["320500"] }),
    );
    const verified = await searchAgencies(h.db, q({ item: items["topographic-survey"]!.id, verified: "1" }), today);
    expect(verified.results.map((r) => r.name)).toContain("苏州精测地理信息有限公司");
    expect(verified.results.find((r) => r.name === "苏州精测地理信息有限公司")!.service!.verified).toBe(true);
    // the day after valid_to the badge is gone, with no job having run
    const later = addDays(today, 301);
    const expired = await searchAgencies(h.db, q({ item: items["topographic-survey"]!.id, verified: "1" }), later);
    expect(expired.results.map((r) => r.name)).not.toContain("苏州精测地理信息有限公司");
    const states = await listAgencyQualifications(h.db, agencyB.org!.id, later);
    expect(states.some((s) => s.state === "expired")).toBe(true);
  });

  it("tells the agency once, 30 days ahead", async () => {
    const at = addDays(today, 300 - 30);
    expect(await notifyExpiringQualifications(h.db, addDays(at, -1))).toBe(0);
    expect(await notifyExpiringQualifications(h.db, at)).toBe(1);
    expect(await notifyExpiringQualifications(h.db, at)).toBe(0);
    const notes = await h.db
      .selectFrom("notifications")
      .selectAll()
      .where("orgId", "=", agencyB.org!.id)
      .where("kind", "=", "qualification.expiring")
      .execute();
    expect(notes).toHaveLength(1);
  });

  it("requires a reason to reject", async () => {
    const { ReviewSchema } = await import("~/modules/agencies/qualifications.schema");
    expect(ReviewSchema.safeParse({ decision: "reject" }).error?.issues[0]?.message).toBe("errors.reason");
  });
});

describe("the directory", () => {
  beforeAll(async () => {
    await saveServiceListing(h.db, agencyC, listing({ serviceItemId: items["topographic-survey"]!.id, feeMode: "fixed", feeMin: "90000" }));
    await saveServiceListing(
      h.db,
      agencyC,
      listing({ serviceItemId: items["real-estate-survey"]!.id, feeMode: "rate", feeRate: "1", feeBasis: "按建筑面积", feeMin: "" }),
    );
  });

  it("finds Chinese substrings in the name and the business scope and says which", async () => {
    const r = await searchAgencies(h.db, q({ q: "测绘" }), today);
    const names = r.results.map((x) => x.name);
    expect(names).toContain("北京远景测绘有限公司");
    expect(names).toContain("苏州精测地理信息有限公司"); // scope only: 地形图测绘
    const byName = r.results.find((x) => x.name === "北京远景测绘有限公司")!;
    const byScope = r.results.find((x) => x.name === "苏州精测地理信息有限公司")!;
    expect([byName.nameMatch, byScope.nameMatch, byScope.scopeMatch]).toEqual([true, false, true]);
    expect(names.indexOf("北京远景测绘有限公司")).toBeLessThan(names.indexOf("苏州精测地理信息有限公司")); // relevance: name first
    expect((await searchAgencies(h.db, q({ q: "100%_测绘" }), today)).total).toBe(0); // LIKE wildcards are literal
  });

  it("filters by item and by region served, counting listings for a whole province or everywhere", async () => {
    const item = items["topographic-survey"]!.id;
    const suzhou = await searchAgencies(h.db, q({ item, region: "320500" }), today);
    expect(suzhou.results.map((x) => x.name).sort()).toEqual(["北京远景测绘有限公司", "苏州精测地理信息有限公司"].sort()); // C serves everywhere
    const nanjing = await searchAgencies(h.db, q({ item, region: "320100" }), today);
    expect(nanjing.results.map((x) => x.name)).toEqual(["北京远景测绘有限公司"]);
    const eia = await searchAgencies(h.db, q({ item: items["eia-report"]!.id, region: "320115" }), today); // 江宁区 is inside 江苏省
    expect(eia.results.map((x) => x.name)).toEqual(["南京清源环境咨询有限公司"]);
    expect((await searchAgencies(h.db, q({ item: items["eia-report"]!.id, region: "110105" }), today)).total).toBe(0);
  });

  it("filters by fee range (overlap) and leaves out rate-based fees", async () => {
    const item = items["topographic-survey"]!.id;
    expect((await searchAgencies(h.db, q({ item, feeMax: "50000" }), today)).results.map((x) => x.name)).toEqual([
      "苏州精测地理信息有限公司",
    ]);
    expect((await searchAgencies(h.db, q({ item, feeMin: "70000" }), today)).results.map((x) => x.name)).toEqual(["北京远景测绘有限公司"]);
    expect((await searchAgencies(h.db, q({ item: items["real-estate-survey"]!.id, feeMin: "1" }), today)).total).toBe(0);
    expect((await searchAgencies(h.db, q({ item: items["real-estate-survey"]!.id }), today)).total).toBe(1);
  });

  it("sorts by price and by newest, and pages", async () => {
    const item = items["topographic-survey"]!.id;
    const byPrice = await searchAgencies(h.db, q({ item, sort: "price" }), today);
    expect(byPrice.results.map((x) => x.service!.feeMinFen)).toEqual([2_000_000, 9_000_000]);
    const newest = await searchAgencies(h.db, q({}), today);
    const times = newest.results.map((x) => x.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(newest.total).toBe(3);
    const page2 = await searchAgencies(h.db, q({ page: "2" }), today);
    expect(page2.results).toEqual([]);
    expect(page2.pages).toBe(1);
  });

  it("validates the query: wrong fee order, bad region, huge page", () => {
    const r = DirectoryQuerySchema.safeParse({ feeMin: "500", feeMax: "100", region: "abc", page: "99999" });
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))).toMatchObject({ region: "errors.region.invalid" });
    expect(DirectoryQuerySchema.safeParse({ feeMin: "500", feeMax: "100" }).error?.issues[0]?.message).toBe("errors.money.range");
  });
});

describe("the public profile", () => {
  it("keeps personal contact data private unless published, and hides rejected certificates", async () => {
    const p = await getPublicProfile(h.db, agencyA.org!.id, today);
    expect(p!.contact).toBeNull();
    expect(JSON.stringify(p)).not.toContain("private@example.cn");
    expect(JSON.stringify(p)).not.toContain("13800000000");
    expect(p!.pledgeVersion).toBe("2026-11");
    expect(p!.services.map((s) => s.itemCode)).toContain("eia-report");
    await h.db.updateTable("organizations").set({ contactPublic: true }).where("id", "=", agencyA.org!.id).execute();
    expect((await getPublicProfile(h.db, agencyA.org!.id, today))!.contact).toMatchObject({ phone: "13800000000" });

    const { id } = await submitQualification(
      h.db,
      files,
      agencyB,
      {
        serviceItemId: items["topographic-survey"]!.id,
        qualType: "测绘资质证书",
        level: null,
        certificateNo: "REJECT-ME",
        issuer: "某厅",
        validFrom: today,
        validTo: addDays(today, 10),
      },
      { bytes: PNG, name: "x.png" },
    );
    await reviewQualification(h.db, regJs, id, { decision: "reject", reason: "与原件不符" });
    const pb = await getPublicProfile(h.db, agencyB.org!.id, today);
    expect(JSON.stringify(pb)).not.toContain("REJECT-ME");
    expect(JSON.stringify(pb)).not.toContain("与原件不符");
    expect(await getPublicProfile(h.db, regJs.org!.id, today)).toBeNull(); // not an agency
  });
});
