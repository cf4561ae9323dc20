import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { projectAuditTrail } from "~/modules/audit/project-audit.server";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid } from "~/modules/procurement/bids.server";
import { fileObjection } from "~/modules/procurement/objections.server";
import { openDueProjects } from "~/modules/procurement/selection.server";
import { beijingDate } from "~/lib/beijing-calendar";
import { previousQuarter, quarterOf } from "~/modules/oversight/assessments.rules";
import { assessmentCandidates, listAgencyAssessments, publishAssessment } from "~/modules/oversight/assessments.server";
import {
  activateCase,
  concludeCase,
  finishCase,
  getCase,
  listPublicCases,
  openCase,
  postCaseMessage,
} from "~/modules/oversight/cases.server";
import { dashboardData, refreshDashboardMonths, officeScope, PUBLIC_SCOPE } from "~/modules/oversight/dashboard.server";
import { listOfficeHits, refreshFlagHits, riskQueue, saveFlagSetting } from "~/modules/oversight/flags.server";
import { rankRisks, type FlagCode, type FlagHit } from "~/modules/oversight/flags.rules";
import { drawInspection } from "~/modules/oversight/inspections.rules";
import { drawInspectionTargets, getInspection, planInspection, recordInspectionResult } from "~/modules/oversight/inspections.server";
import { getCreditReport } from "~/modules/trust/credit.server";
import { issueSanction } from "~/modules/trust/sanctions.server";
import { SanctionSchema } from "~/modules/trust/trust.schema";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError } from "../../support/errors";
import { world } from "../../support/world";

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let owner: Viewer;
let regJs: Viewer; // province, every item: competent
let regSh: Viewer; // Shanghai: not competent for Nanjing
let colluderA: Viewer;
let colluderB: Viewer;
let rigged: string;

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  owner = await w.owner("监督测试业主有限公司");
  regJs = await w.regulator("江苏省监督测试处", "320000", "all");
  regSh = await w.regulator("上海市监督测试处", "310000", "all");
  colluderA = await w.agency("串标测试甲咨询有限公司");
  colluderB = await w.agency("串标测试乙咨询有限公司");
  // Two agencies with the same phone bid exactly the same price.
  await h.db
    .updateTable("organizations")
    .set({ contactPhone: "025-66668888", address: "南京市鼓楼区某路 8 号" })
    .where("id", "in", [colluderA.org!.id, colluderB.org!.id])
    .execute();
  rigged = await w.project(owner);
  await submitBid(h.db, colluderA, rigged, { price: 41_000_00, committedDays: 10, proposal: null });
  await submitBid(h.db, colluderB, rigged, { price: 41_000_00, committedDays: 10, proposal: null });
  await w.passDeadline(rigged);
  await openDueProjects(h.db);
  await refreshFlagHits(h.db);
});
afterAll(async () => {
  await h?.close();
});

describe("red flags and the risk queue", () => {
  it("pick out identical prices and shared details, for the competent office only, with explanations", async () => {
    const hits = await listOfficeHits(h.db, regJs, { projectId: rigged });
    expect(hits.map((x) => x.flag).sort()).toEqual(expect.arrayContaining(["R028", "R044"]));
    const r044 = hits.find((x) => x.flag === "R044")!;
    expect(String((r044.facts as { shared: string }).shared).split(",")).toEqual(expect.arrayContaining(["address", "phone"]));
    expect(r044.agencyIds.sort()).toEqual([colluderA.org!.id, colluderB.org!.id].sort());
    expect(await listOfficeHits(h.db, regSh, { projectId: rigged })).toEqual([]);
    const queue = await riskQueue(h.db, regJs);
    const row = queue.rows.find((r) => r.subjectType === "project" && r.subjectId === rigged)!;
    expect(row.flags).toEqual(expect.arrayContaining(["R028", "R044"]));
    expect(row.valueFen).toBe(41_000_00);
    expect(queue.rows.some((r) => r.subjectType === "agency" && r.subjectId === colluderB.org!.id)).toBe(true);
    expect((await riskQueue(h.db, regSh)).rows.some((r) => r.subjectId === rigged)).toBe(false);
    // The database ranks exactly as the published formula (rankRisks) does on the same hits.
    const all = await listOfficeHits(h.db, regJs);
    const values = new Map<string, number>();
    for (const p of await sql<{
      id: string;
      v: number;
    }>`select p.id, coalesce(a.price_fen, p.price_ceiling_fen, 0)::float8 as v from projects p left join awards a on a.project_id = p.id and a.status <> 'annulled'`
      .execute(h.db)
      .then((r) => r.rows))
      values.set(p.id, Number(p.v));
    const expected = rankRisks(
      all.map((x) => ({
        flag: x.flag as FlagCode,
        subjectType: x.subjectType as FlagHit["subjectType"],
        subjectId: x.subjectId,
        projectIds: x.projectIds,
        agencyIds: x.agencyIds,
        valueFen: x.valueFen,
        facts: x.facts as FlagHit["facts"],
      })),
      (id) => values.get(id) ?? 0,
    );
    const full = await riskQueue(h.db, regJs, 1000);
    expect(full.rows.map((r) => [r.subjectType, r.subjectId, r.hits, [...r.flags].sort(), r.valueFen])).toEqual(
      expected.map((r) => [r.subjectType, r.subjectId, r.hits, [...r.flags].sort(), r.valueFen]),
    );
    expect(Object.values(full.counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(all.length);
    // The queue the refresh stored for the office (what the console reads) is the live ranking's head.
    const key = (r: (typeof full.rows)[number]) => [
      r.subjectType,
      r.subjectId,
      r.hits,
      [...r.flags].sort(),
      r.valueFen,
      Math.round(r.score),
    ];
    expect(
      await h.db.selectFrom("riskQueueOffices").select("officeId").where("officeId", "=", regJs.org!.id).executeTakeFirst(),
    ).toBeDefined();
    const stored = await riskQueue(h.db, regJs, 50);
    expect(stored.rows.map(key)).toEqual(full.rows.slice(0, 50).map(key));
    expect(stored.counts).toEqual(full.counts);
    // And the office's hits of one flag, from the stored scope, are the live scope's.
    const r028 = await listOfficeHits(h.db, regJs, { flag: "R028" });
    expect(r028.map((x) => x.id).sort()).toEqual(
      all
        .filter((x) => x.flag === "R028")
        .map((x) => x.id)
        .sort(),
    );
    expect((await listOfficeHits(h.db, regSh, { flag: "R028" })).some((x) => x.projectIds.includes(rigged))).toBe(false);
  });

  it("follow a threshold a regulator administrator tunes, audited; others may not", async () => {
    await expectDomainError(saveFlagSetting(h.db, colluderA, "R028", { enabled: false, params: { minSame: 2 } }), "errors.forbidden");
    await expectDomainError(saveFlagSetting(h.db, regJs, "R028", { enabled: true, params: {} }), "errors.flag.param", "minSame");
    await saveFlagSetting(h.db, regJs, "R028", { enabled: true, params: { minSame: 3 } });
    expect((await listOfficeHits(h.db, regJs, { projectId: rigged, flag: "R028" })).length).toBe(0);
    await saveFlagSetting(h.db, regJs, "R028", { enabled: true, params: { minSame: 2 } });
    expect((await listOfficeHits(h.db, regJs, { projectId: rigged, flag: "R028" })).length).toBe(1);
    expect((await listAuditEvents(h.db, "redFlag", "R028")).map((e) => e.action)).toEqual(["flag.tuned", "flag.tuned"]);
  });

  it("refresh once when two instances run the job at the same moment", async () => {
    const results = await Promise.all([refreshFlagHits(h.db), refreshFlagHits(h.db)]);
    expect(results.filter((r) => r !== null).length).toBeGreaterThanOrEqual(1);
    const n = await h.db
      .selectFrom("redFlagHits")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("flag", "=", "R044")
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });
});

describe("monitoring cases", () => {
  it("go draft → active (public, parties told) → addressed with a credit event → completed, with a public dialogue", async () => {
    const c = await openCase(h.db, regJs, {
      origin: "flag",
      flag: "R044",
      projectId: rigged,
      agencyId: colluderA.org!.id,
      title: "疑似串通报价监督",
      grounds: "两家报价机构共用地址和电话且报价完全相同。",
    });
    await expectDomainError(
      openCase(h.db, regSh, { origin: "initiative", projectId: rigged, title: "越权立案", grounds: "不在辖区内的项目立案尝试。" }),
      "errors.trust.notCompetent",
    );
    expect(await getCase(h.db, null, c.id)).toBeNull(); // a draft is the office's
    await activateCase(h.db, regJs, c.id);
    const pub = (await getCase(h.db, null, c.id))!;
    expect(pub.case.status).toBe("active");
    expect(
      await h.db.selectFrom("notifications").select("orgId").where("kind", "=", "case.opened").where("subjectId", "=", c.id).execute(),
    ).toEqual(expect.arrayContaining([{ orgId: owner.org!.id }]));
    await postCaseMessage(h.db, regJs, c.id, "请业主说明两家机构的报价文件来源。");
    await postCaseMessage(h.db, owner, c.id, "两家报价文件均通过平台提交，我方不知情。");
    await expectDomainError(postCaseMessage(h.db, await w.agency(), c.id, "我不是当事方"), "errors.case.notParty");
    expect((await getCase(h.db, null, c.id))!.messages.map((m) => m.authorName)).toEqual([regJs.org!.name, owner.org!.name]);
    await expectDomainError(finishCase(h.db, regJs, c.id), "errors.case.state");
    const before = (await getCreditReport(h.db, colluderA.org!.id))!.scoreCenti;
    const [r1, r2] = await Promise.allSettled([
      concludeCase(h.db, regJs, c.id, {
        finding: "violation",
        violation: "collusion",
        conclusion: "经核查，两家机构由同一人实际控制，构成串通报价。",
        followUp: "creditEvent",
      }),
      concludeCase(h.db, regJs, c.id, { finding: "none", conclusion: "未发现违规事实，予以结案。", followUp: "none" }),
    ]);
    expect([r1, r2].filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const done = (await getCase(h.db, null, c.id))!.case;
    if (done.status === "addressed") {
      expect(done).toMatchObject({ violation: "collusion", followUp: "creditEvent" });
      const after = await getCreditReport(h.db, colluderA.org!.id);
      expect(after!.scoreCenti).toBeLessThan(before);
      expect(after!.breakdown.deductions.some((d) => d.kind === "monitoringFinding" && d.state === "active")).toBe(true);
      await finishCase(h.db, regJs, c.id);
      expect((await getCase(h.db, null, c.id))!.case.status).toBe("completed");
    }
    expect((await listPublicCases(h.db, { agencyId: colluderA.org!.id })).some((x) => x.id === c.id)).toBe(true);
    expect((await listAuditEvents(h.db, "case", c.id)).map((e) => e.action).slice(0, 2)).toEqual(["case.opened", "case.active"]);
  });

  it("link a sanction issued as the follow-up, and refuse a link the conclusion did not call for", async () => {
    const c = await openCase(h.db, regJs, {
      origin: "initiative",
      agencyId: colluderB.org!.id,
      title: "同址机构监督",
      grounds: "与另一报价机构共用地址和电话，需核实关联关系。",
    });
    await activateCase(h.db, regJs, c.id);
    const warning = (caseId: string) =>
      SanctionSchema.parse({
        agencyId: colluderB.org!.id,
        type: "warning",
        grounds: "与关联机构串通报价。",
        legalBasis: "《江苏省行政审批中介服务管理办法》",
        decisionRef: `苏监〔2026〕${Math.floor(Math.random() * 1e6)}号`,
        startsOn: beijingDate(new Date()),
        endsOn: "",
        affiliates: "",
        caseId,
      });
    await expectDomainError(issueSanction(h.db, regJs, warning(c.id)), "errors.case.sanctionLink");
    await concludeCase(h.db, regJs, c.id, {
      finding: "violation",
      violation: "collusion",
      conclusion: "查实串通报价，予以警示告诫。",
      followUp: "sanction",
    });
    const s = await issueSanction(h.db, regJs, warning(c.id));
    expect((await getCase(h.db, null, c.id))!.case.sanctionId).toBe(s.id);
    expect(await h.db.selectFrom("sanctions").select("caseId").where("id", "=", s.id).executeTakeFirstOrThrow()).toEqual({ caseId: c.id });
  });
});

describe("random inspections", () => {
  it("fix the population and commit first, then draw targets and inspectors verifiably, once, and publish results", async () => {
    for (let i = 0; i < 4; i++) await w.agency();
    const plan = await planInspection(h.db, regJs, {
      title: "2026 年第四季度环评机构双随机抽查",
      sampleSize: 3,
      inspectorsPerTarget: 1,
      regionCode: "320100",
    });
    const before = (await getInspection(h.db, null, plan.id))!;
    expect(before.inspection.secret).toBeNull();
    expect(before.inspection.populationSize).toBeGreaterThanOrEqual(3);
    await expectDomainError(
      planInspection(h.db, regJs, { title: "抽查过多", sampleSize: 500, inspectorsPerTarget: 1, regionCode: "320100" }),
      "errors.inspection.sampleTooLarge",
      "sampleSize",
    );
    await expectDomainError(drawInspectionTargets(h.db, regSh, plan.id), "errors.notFound");
    const drawn = await drawInspectionTargets(h.db, regJs, plan.id);
    await expectDomainError(drawInspectionTargets(h.db, regJs, plan.id), "errors.inspection.state");
    const after = (await getInspection(h.db, null, plan.id))!;
    const row = await h.db.selectFrom("inspections").selectAll().where("id", "=", plan.id).executeTakeFirstOrThrow();
    // Anyone can check: the commitment matches the revealed secret, and re-running the draw gives the targets.
    expect(createHash("sha256").update(Buffer.from(after.inspection.secret!, "hex")).digest("hex")).toBe(after.inspection.commitment);
    expect(drawInspection(after.inspection.secret!, row.population as string[], row.inspectorPool as string[], 3, 1)).toEqual(drawn);
    expect(after.targets).toHaveLength(3);
    expect(new Set(after.targets.map((t) => t.agencyId)).size).toBe(3);
    for (const t of after.targets)
      await recordInspectionResult(h.db, regJs, plan.id, {
        agencyId: t.agencyId,
        outcome: "compliant",
        findings: "资料齐全，未发现问题。",
      });
    await expectDomainError(
      recordInspectionResult(h.db, regJs, plan.id, { agencyId: owner.org!.id, outcome: "compliant", findings: "非抽查对象" }),
      "errors.inspection.state",
    );
    expect((await getInspection(h.db, null, plan.id))!.inspection.status).toBe("completed");
  });
});

describe("graded assessments", () => {
  it("are computed from the quarter's record, adjusted with a reason, published once, and count in credit", async () => {
    const a = await w.agency();
    await w.completedContract(owner, a);
    const quarter = quarterOf(beijingDate(new Date()));
    await expectDomainError(
      publishAssessment(h.db, regJs, { agencyId: a.org!.id, quarter, adjustment: 0 }),
      "errors.assessment.open",
      "quarter",
    );
    // Move the record into the last quarter, as time passing would.
    const last = previousQuarter(quarter);
    const { quarterRange } = await import("~/modules/oversight/assessments.rules");
    const mid = new Date((quarterRange(last).from.getTime() + quarterRange(last).to.getTime()) / 2);
    await sql`update contracts set created_at = ${mid}, completed_at = ${mid} where agency_id = ${a.org!.id}`.execute(h.db);
    await sql`update bids set submitted_at = ${mid} where agency_id = ${a.org!.id}`.execute(h.db);
    const candidates = await assessmentCandidates(h.db, regJs, last);
    const mine = candidates.find((c) => c.id === a.org!.id)!;
    expect(mine.preview).toMatchObject({
      efficiency: 100,
      fees: 100,
      quality: 75,
      integrity: 100,
      satisfaction: 75,
      total: 90,
      grade: "excellent",
    });
    expect((await assessmentCandidates(h.db, regSh, last)).some((c) => c.id === a.org!.id)).toBe(false);
    await expectDomainError(
      publishAssessment(h.db, regSh, { agencyId: a.org!.id, quarter: last, adjustment: 0 }),
      "errors.trust.notCompetent",
    );
    const dept = (await getCreditReport(h.db, a.org!.id))!.breakdown.parts.department.count;
    const r = await publishAssessment(h.db, regJs, {
      agencyId: a.org!.id,
      quarter: last,
      adjustment: -5,
      adjustmentReason: "抽查发现档案管理不规范",
    });
    expect(r).toMatchObject({ total: 85, grade: "good" });
    await expectDomainError(
      publishAssessment(h.db, regJs, { agencyId: a.org!.id, quarter: last, adjustment: 0 }),
      "errors.assessment.duplicate",
    );
    expect((await listAgencyAssessments(h.db, a.org!.id))[0]).toMatchObject({ quarter: last, total: 85, adjustment: -5 });
    expect((await getCreditReport(h.db, a.org!.id))!.breakdown.parts.department.count).toBe(dept + 1);
  });
});

describe("the dashboard and the audit trail", () => {
  it("counts the office's projects, awards and complaints, and the public sees the platform's", async () => {
    const scope = await officeScope(h.db, regJs);
    const d = await dashboardData(h.db, scope);
    expect(d.months).toHaveLength(12);
    const since = new Date(`${d.months[0]}-01T00:00:00+08:00`);
    const published = await h.db
      .selectFrom("projects")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("publishedAt", ">=", since)
      .executeTakeFirstOrThrow();
    expect(d.published.reduce((a, b) => a + b, 0)).toBe(Number(published.n));
    expect(d.awards.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(d.noticeToAward.reduce((a, b) => a + b.count, 0)).toBe(d.awards.reduce((a, b) => a + b, 0));
    const far = await dashboardData(h.db, await officeScope(h.db, regSh));
    expect(far.published.reduce((a, b) => a + b, 0)).toBe(0);
    const all = await dashboardData(h.db, PUBLIC_SCOPE);
    expect(all.published.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(d.published.reduce((a, b) => a + b, 0));
    // The rollup (past months, every region level) gives what the source tables give.
    await refreshDashboardMonths(h.db);
    for (const s of [scope, PUBLIC_SCOPE, await officeScope(h.db, regSh)]) {
      const { asOf: _a, ...rolled } = await dashboardData(h.db, s);
      const { asOf: _b, ...live } = await dashboardData(h.db, s, new Date(), { live: true });
      expect(rolled).toEqual(live);
    }
    expect(
      Number((await sql<{ n: number }>`select count(*)::int as n from dashboard_months where region_key = ''`.execute(h.db)).rows[0]!.n),
    ).toBeGreaterThan(0);
  });

  it("counts the whole platform's overdue contracts and complaints without the join, as many as through it", async () => {
    const a = await w.agency();
    const id = await w.completedContract(owner, a);
    await sql`update contracts set status = 'signed', due_on = current_date - 30 where project_id = ${id}`.execute(h.db);
    await sql`insert into complaints (subject_type, project_id, complainant_org_id, complainant_user_id, provisions, facts, due_at)
              values ('project', ${id}, ${owner.org!.id}, ${owner.userId}, '第十二条', '评审过程不公开，开标记录与评审报告均未在平台公示，无法核实中选结果。', now() - interval '1 day')`.execute(
      h.db,
    );
    const all = await dashboardData(h.db, PUBLIC_SCOPE);
    // Every service item and every region: the same platform, counted through the join to projects.
    const items = (await h.db.selectFrom("serviceItems").select("id").execute()).map((i) => i.id);
    const joined = await dashboardData(h.db, { regionPrefix: "", itemIds: items });
    expect(all.overdue.contracts).toBeGreaterThanOrEqual(1);
    expect(all.complaints.find((c) => c.status === "pending")!.count).toBeGreaterThanOrEqual(1);
    expect(all.overdueComplaints).toBeGreaterThanOrEqual(1);
    expect({ overdue: all.overdue, complaints: all.complaints, overdueComplaints: all.overdueComplaints }).toEqual({
      overdue: joined.overdue,
      complaints: joined.complaints,
      overdueComplaints: joined.overdueComplaints,
    });
  });

  it("lets anyone check a project's events, withholding the bodies that would name an objector", async () => {
    const a = await w.agency();
    const b = await w.agency();
    const id = await w.project(owner);
    await submitBid(h.db, a, id, { price: 30_000_00, committedDays: 10, proposal: null });
    await submitBid(h.db, b, id, { price: 35_000_00, committedDays: 10, proposal: null });
    await w.passDeadline(id);
    await openDueProjects(h.db);
    await fileObjection(h.db, b, id, "中选机构资质证书已过有效期，请核实。");
    const pub = (await projectAuditTrail(h.db, null, id))!;
    expect(pub.events.every((e) => e.ok)).toBe(true);
    const objection = pub.events.find((e) => e.action === "objection.filed")!;
    expect(objection.body).toBeNull();
    expect(JSON.stringify(pub)).not.toContain(b.org!.id);
    const reg = (await projectAuditTrail(h.db, regJs, id))!;
    expect(reg.events.find((e) => e.action === "objection.filed")!.body).not.toBeNull();
    // The body published is exactly what was hashed.
    const first = pub.events[0]!;
    const { chainHash } = await import("~/modules/audit/audit.rules");
    expect(chainHash(first.prevHash, first.body as never)).toBe(first.hash);
  });
});
