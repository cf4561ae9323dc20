import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCreditCode } from "#db/seed/demo";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid } from "~/modules/procurement/bids.server";
import { abandonAward } from "~/modules/procurement/contracts.server";
import { openDueProjects } from "~/modules/procurement/selection.server";
import { beijingDate, addCalendarDays } from "~/lib/beijing-calendar";
import { applyForRepair, decideApplication, listAgencyApplications } from "~/modules/trust/applications.server";
import { getCreditReport } from "~/modules/trust/credit.server";
import { DEFAULT_EXCLUSION_RULES } from "~/modules/trust/exclusions.schema";
import { eligibleAgenciesSql, listEligibilityChecks, previewEligibility } from "~/modules/trust/exclusions.server";
import { publishRuleSet } from "~/modules/trust/rules.server";
import {
  importReciprocal,
  issueSanction,
  listAgencySanctions,
  listProposals,
  listPublicSanctions,
  liftSanction,
} from "~/modules/trust/sanctions.server";
import { SanctionSchema, type SanctionInput } from "~/modules/trust/trust.schema";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError } from "../../support/errors";
import { world } from "../../support/world";

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let owner: Viewer;
let regJs: Viewer;
let regNj: Viewer;
let njProject: string; // 南京 (320100), eia-form, lowest price
let szProject: string; // 苏州 (320500), eia-form
const today = () => beijingDate(new Date());
const bid = (a: Viewer, projectId: string, yuan = 30_000) =>
  submitBid(h.db, a, projectId, { price: yuan * 100, committedDays: 10, proposal: null });

function sanction(agency: Viewer, over: Record<string, unknown> = {}): SanctionInput {
  return SanctionSchema.parse({
    agencyId: agency.org!.id,
    type: "blacklist",
    grounds: "出具虚假报告，情节严重。",
    legalBasis: "《江苏省行政审批中介服务管理办法》第三十条",
    decisionRef: `苏中介罚〔2026〕${Math.floor(Math.random() * 1e6)}号`,
    scopeRegions: [],
    scopeItems: [],
    startsOn: today(),
    endsOn: addCalendarDays(today(), 30),
    affiliates: "",
    ...over,
  });
}

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  owner = await w.owner("排除测试业主有限公司");
  regJs = await w.regulator("江苏省排除测试监管处", "320000", "all");
  regNj = await w.regulator("南京市排除测试局", "320100", ["eia-form"]);
  njProject = await w.project(owner, { regionCode: "320102" });
  szProject = await w.project(owner, { regionCode: "320505" });
});
afterAll(async () => {
  await h?.close();
});

describe("sanctions and the exclusion engine", () => {
  it("one region's blacklist refuses a bid there with the reason, not where its scope does not reach, and stores every answer", async () => {
    const a = await w.agency("黑名单测试机构有限公司");
    const s = await issueSanction(h.db, regJs, sanction(a, { scopeRegions: "320100" }));
    const refused = await expectDomainError(bid(a, njProject), "errors.eligibility.sanctioned");
    expect(refused.params).toMatchObject({
      type: "@sanction.type.blacklist",
      until: addCalendarDays(today(), 30),
      issuer: regJs.org!.name,
    });
    await bid(a, szProject); // 苏州 is outside the scope
    const preview = await previewEligibility(h.db, a.org!.id, njProject);
    expect(preview).toMatchObject({ eligible: false, ruleVersion: 1, records: { sanctionIds: [s.id] } });
    expect(preview.reasons[0]).toMatchObject({ code: "sanctioned", rule: "sanction" });
    const checks = await listEligibilityChecks(h.db, njProject, a.org!.id);
    expect(checks[0]).toMatchObject({
      gate: "bid",
      eligible: false,
      ruleVersion: 1,
      reasons: ["sanctioned"],
      records: { sanctionIds: [s.id] },
    });
    expect((await listEligibilityChecks(h.db, szProject, a.org!.id))[0]).toMatchObject({ gate: "bid", eligible: true, reasons: [] });
    // Public: on the blacklist page (searchable by credit code) and on the agency's profile; its score pays.
    const code = (await h.db.selectFrom("organizations").select("creditCode").where("id", "=", a.org!.id).executeTakeFirstOrThrow())
      .creditCode!;
    expect((await listPublicSanctions(h.db, { q: code, state: "inForce" })).map((x) => x.id)).toEqual([s.id]);
    expect((await listAgencySanctions(h.db, a.org!.id))[0]).toMatchObject({ id: s.id, state: "inForce", relation: "subject" });
    expect((await getCreditReport(h.db, a.org!.id))!.breakdown.deductions[0]).toMatchObject({
      kind: "blacklist",
      points: 30,
      state: "active",
    });
  });

  it("counts a sanction by its dates at the moment of the check: an ended or lifted one no longer excludes", async () => {
    const a = await w.agency();
    await issueSanction(h.db, regJs, sanction(a, { startsOn: addCalendarDays(today(), -60), endsOn: addCalendarDays(today(), -1) }));
    await bid(a, njProject); // ended yesterday
    const b = await w.agency();
    const s = await issueSanction(h.db, regJs, sanction(b, { type: "suspension" }));
    await expectDomainError(bid(b, njProject), "errors.eligibility.sanctioned");
    // Tomorrow-dated checks see the same in force; after the end date it is gone.
    expect((await previewEligibility(h.db, b.org!.id, njProject, new Date(Date.now() + 29 * 86_400_000))).eligible).toBe(false);
    expect((await previewEligibility(h.db, b.org!.id, njProject, new Date(Date.now() + 32 * 86_400_000))).eligible).toBe(true);
    await expectDomainError(liftSanction(h.db, regNj, s.id, "越权解除"), "errors.sanction.notIssuer");
    await liftSanction(h.db, regJs, s.id, "已整改到位，提前解除。");
    await bid(b, njProject);
    expect((await listPublicSanctions(h.db, { state: "all", q: "提前" })).length).toBe(0); // grounds are not searched; names and codes are
  });

  it("reaches affiliates by credit code, item scopes only their items, and warnings do not exclude", async () => {
    const parent = await w.agency("控股测试机构有限公司");
    const childCode = demoCreditCode("320100", 700_000 + Math.floor(Math.random() * 99_999));
    const child = await w.agency("被控股测试机构有限公司", "320100", { creditCode: childCode });
    await issueSanction(h.db, regJs, sanction(parent, { affiliates: `${childCode} controlled 被控股测试机构有限公司` }));
    await expectDomainError(bid(child, njProject), "errors.eligibility.sanctioned");
    expect((await listAgencySanctions(h.db, child.org!.id))[0]).toMatchObject({ relation: "controlled" });
    // The child's own score is not docked for the parent's sanction (it is excluded, not scored).
    expect((await getCreditReport(h.db, child.org!.id))!.breakdown.deductions).toEqual([]);

    const surveyor = await w.agency();
    await issueSanction(
      h.db,
      regJs,
      sanction(surveyor, { type: "ban", scopeItems: [String(await w.itemId("topographic-survey"))], endsOn: "" }),
    );
    await bid(surveyor, njProject); // eia-form is outside the ban's items
    const warned = await w.agency();
    await issueSanction(h.db, regJs, sanction(warned, { type: "warning" }));
    await bid(warned, njProject);
  });

  it("agrees between its SQL form (every agency at once) and its code form (the reasons)", async () => {
    const sqlIds = new Set((await eligibleAgenciesSql(njProject).execute(h.db)).rows.map((r) => r.agencyId));
    const agencies = await h.db.selectFrom("organizations").select("id").where("kind", "=", "agency").execute();
    expect(agencies.length).toBeGreaterThan(5);
    for (const a of agencies) {
      const e = await previewEligibility(h.db, a.id, njProject);
      expect(sqlIds.has(a.id), `agency ${a.id}: ${JSON.stringify(e.reasons)}`).toBe(e.eligible);
    }
    // And for a project whose owner shares a legal representative with one agency (conflict of interest).
    const twin = await w.agency(undefined, "320100", { legalRepresentative: "业主法人" });
    const ids = new Set((await eligibleAgenciesSql(njProject).execute(h.db)).rows.map((r) => r.agencyId));
    expect(ids.has(twin.org!.id)).toBe(false);
    expect((await previewEligibility(h.db, twin.org!.id, njProject)).reasons.map((r) => r.code)).toEqual(["conflictOfInterest"]);
  });

  it("re-checks at the opening: a bid made before a blacklisting is invalid after it, and the answer is stored", async () => {
    const a = await w.agency();
    const b = await w.agency();
    const id = await w.project(owner);
    await bid(a, id, 31_000);
    await bid(b, id, 32_000);
    await issueSanction(h.db, regJs, sanction(a));
    await w.passDeadline(id);
    await openDueProjects(h.db);
    const bids = await h.db.selectFrom("bids").select(["agencyId", "status", "statusReason"]).where("projectId", "=", id).execute();
    expect(bids.find((x) => x.agencyId === a.org!.id)).toMatchObject({ status: "invalid", statusReason: "sanctioned" });
    const award = await h.db.selectFrom("awards").select("agencyOrgId").where("projectId", "=", id).executeTakeFirstOrThrow();
    expect(award.agencyOrgId).toBe(b.org!.id);
    const gates = (await listEligibilityChecks(h.db, id)).map((c) => `${c.gate}:${c.eligible}`);
    expect(gates).toEqual(expect.arrayContaining(["bid:true", "opening:false", "opening:true"]));
  });

  it("keeps grade D out of random draws and credit-preferred selection only", async () => {
    const d = await w.agency();
    await sql`update credit_scores set grade = 'D', score_centi = 5500 where agency_id = ${d.org!.id}`.execute(h.db);
    const draw = await w.project(owner, { selectionMethod: "randomDraw" });
    const e = await expectDomainError(bid(d, draw), "errors.eligibility.creditGrade");
    expect(e.params).toMatchObject({ grade: "D", score: "55.00", method: "@method.randomDraw" });
    await bid(d, njProject);
  });

  it("proposes a suspension after three abandoned awards in 12 months; the regulator decides it", async () => {
    const quitter = await w.agency("频繁放弃测试机构有限公司");
    for (let i = 0; i < 3; i++) {
      const id = await w.project(owner);
      await bid(quitter, id);
      await w.passDeadline(id);
      await openDueProjects(h.db);
      await abandonAward(h.db, quitter, id);
    }
    const proposals = (await listProposals(h.db, regJs)).filter((p) => p.agencyId === quitter.org!.id);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]!.records).toMatchObject({ count: 3, months: 12 });
    expect((await getCreditReport(h.db, quitter.org!.id))!.breakdown.deductions.filter((x) => x.kind === "abandonedAward")).toHaveLength(3);
    await issueSanction(h.db, regJs, sanction(quitter, { type: "suspension", proposalId: proposals[0]!.id }));
    expect(await listProposals(h.db, regJs)).toEqual([]);
    await expectDomainError(
      issueSanction(h.db, regJs, sanction(quitter, { type: "suspension", proposalId: proposals[0]!.id })),
      "errors.sanction.proposal",
    );
    await expectDomainError(bid(quitter, njProject), "errors.eligibility.sanctioned");
  });

  it("lifts early on a granted repair application, with the decision public", async () => {
    const a = await w.agency();
    const s = await issueSanction(h.db, regJs, sanction(a, { type: "suspension" }));
    await expectDomainError(bid(a, njProject), "errors.eligibility.sanctioned");
    await applyForRepair(h.db, a, { kind: "liftSanction", targetId: s.id, grounds: "已完成整改，补正全部报告并向业主致歉，附整改报告。" });
    const app = (await listAgencyApplications(h.db, a.org!.id))[0]!;
    await expectDomainError(decideApplication(h.db, regNj, app.id, "grant", "同意"), "errors.trust.notCompetent");
    await decideApplication(h.db, regJs, app.id, "grant", "整改到位，同意提前解除。");
    await bid(a, njProject);
    expect((await listAgencySanctions(h.db, a.org!.id))[0]).toMatchObject({ state: "lifted", liftedReason: "整改到位，同意提前解除。" });
    expect((await getCreditReport(h.db, a.org!.id))!.breakdown.deductions[0]).toMatchObject({ state: "lifted", points: 0 });
  });

  it("imports a reciprocal list all or nothing, skips what it already has, and covers an agency that joins later", async () => {
    const code1 = demoCreditCode("320200", 800_000 + Math.floor(Math.random() * 99_999));
    const code2 = demoCreditCode("320200", 900_000 + Math.floor(Math.random() * 99_999));
    const header = "credit_code,name,type,starts_on,ends_on,authority,decision_ref,grounds,legal_basis,regions";
    const bad = `${header}\n${code1},无锡甲咨询有限公司,blacklist,2026-01-01,,无锡市市场监管局,锡市监罚〔2026〕1号,虚假宣传,,\n123,无锡乙咨询有限公司,blacklist,2026-01-01,,无锡市市场监管局,锡市监罚〔2026〕2号,虚假宣传,,\n`;
    const refused = await importReciprocal(h.db, regJs, bad);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errors[0]).toMatchObject({ line: 3, column: "credit_code", key: "errors.uscc.invalid" });
    expect(await h.db.selectFrom("sanctionSubjects").select("creditCode").where("creditCode", "=", code1).execute()).toEqual([]);
    const good = `${header}\n${code1},无锡甲咨询有限公司,blacklist,2026-01-01,,无锡市市场监管局,锡市监罚〔2026〕1号,"虚假宣传，情节严重",,\n${code2},无锡乙咨询有限公司,suspension,2026-01-01,${addCalendarDays(today(), 10)},无锡市市场监管局,锡市监罚〔2026〕2号,未按承诺时限,,320000\n`;
    expect(await importReciprocal(h.db, regJs, good)).toMatchObject({ ok: true, imported: 2, skipped: 0, onPlatform: 0 });
    expect(await importReciprocal(h.db, regJs, good)).toMatchObject({ ok: true, imported: 0, skipped: 2 });
    const later = await w.agency("无锡甲咨询有限公司", "320200", { creditCode: code1 });
    await expectDomainError(bid(later, njProject), "errors.eligibility.sanctioned");
    const listed = (await listPublicSanctions(h.db, { q: code1 }))[0]!;
    expect(listed).toMatchObject({ source: "reciprocal", externalAuthority: "无锡市市场监管局", grounds: "虚假宣传，情节严重" });
  });

  it("follows a new rule version from its date, and the stored answers name the version used", async () => {
    const d = await w.agency();
    await sql`update credit_scores set grade = 'D' where agency_id = ${d.org!.id}`.execute(h.db);
    const draw = await w.project(owner, { selectionMethod: "randomDraw" });
    await expectDomainError(bid(d, draw), "errors.eligibility.creditGrade");
    await expectDomainError(
      publishRuleSet(h.db, d, { effectiveFrom: today(), note: "试图修改", rules: DEFAULT_EXCLUSION_RULES }),
      "errors.forbidden",
    );
    const { version } = await publishRuleSet(h.db, regJs, {
      effectiveFrom: today(),
      note: "试行：信用等级不再限制随机抽取",
      rules: { ...DEFAULT_EXCLUSION_RULES, creditGrade: { ...DEFAULT_EXCLUSION_RULES.creditGrade, methods: ["creditPreferred"] } },
    });
    await bid(d, draw);
    const checks = await listEligibilityChecks(h.db, draw, d.org!.id);
    expect(checks.map((c) => [c.eligible, c.ruleVersion])).toEqual([
      [true, version],
      [false, 1],
    ]);
    // A version dated tomorrow is not yet in force.
    await publishRuleSet(h.db, regJs, {
      effectiveFrom: addCalendarDays(today(), 1),
      note: "明日恢复默认规则",
      rules: DEFAULT_EXCLUSION_RULES,
    });
    expect((await previewEligibility(h.db, d.org!.id, draw)).ruleVersion).toBe(version);
  });
});
