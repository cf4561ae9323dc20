import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain, listAuditEvents } from "~/modules/audit/audit.server";
import { DomainError } from "~/modules/errors";
import { getViewer, signUp } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { listOpenedBids, submitBid, withdrawBid } from "~/modules/procurement/bids.server";
import { decideDelivery, signContract, submitDelivery } from "~/modules/procurement/contracts.server";
import { getProjectView } from "~/modules/procurement/project-view.server";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { createProject, publishProject, reviseProject } from "~/modules/procurement/projects.server";
import { completeSelection, finalizeDueAwards, getDrawInputs, openDueProjects } from "~/modules/procurement/selection.server";
import { checkDraw } from "~/modules/procurement/verify";
import { addWorkdays, beijingDate } from "~/lib/beijing-calendar";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError, expectRaised } from "../../support/errors";
import { signUpInput } from "../../support/fixtures";

let h: DatabaseHandle;
let owner: Viewer;
let department: Viewer;
const agencies: Viewer[] = [];
let eiaFormId: number;
let surveyId: number;

function projectInput(over: Record<string, unknown> = {}) {
  const deadline = new Date(Date.now() + 20 * 86_400_000);
  const local = new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
  return ProjectSchema.parse({
    title: "测试项目环境影响报告表编制",
    serviceItemId: String(eiaFormId),
    regionCode: "320100",
    description: "新建厂房项目，需编制环境影响报告表并配合报批。",
    deliverables: "环境影响报告表及批复",
    priceCeiling: "50000",
    selectionMethod: "lowestPrice",
    bidDeadline: local,
    expectedDays: "20",
    ...over,
  });
}

/** Moves a project's deadline into the past, as time passing would. */
async function passDeadline(projectId: string) {
  await sql`update projects set published_at = now() - interval '10 days', bid_deadline = now() - interval '1 second' where id = ${projectId}`.execute(
    h.db,
  );
}

async function newPublished(over: Record<string, unknown> = {}, who: Viewer = owner) {
  const { id } = await createProject(h.db, who, projectInput(over));
  await publishProject(h.db, who, id, crypto.randomUUID());
  return id;
}

beforeAll(async () => {
  h = await createTestDatabase();
  const items = await h.db.selectFrom("serviceItems").select(["id", "code"]).execute();
  eiaFormId = items.find((i) => i.code === "eia-form")!.id;
  surveyId = items.find((i) => i.code === "topographic-survey")!.id;
  owner = (await getViewer(
    h.db,
    (await signUp(h.db, signUpInput({ kind: "owner", ownerType: "enterprise", orgName: "测试业主开发有限公司" }))).userId,
  ))!;
  department = (await getViewer(
    h.db,
    (await signUp(h.db, signUpInput({ kind: "owner", ownerType: "department", orgName: "测试区交通运输局" }))).userId,
  ))!;
  for (let i = 0; i < 5; i++)
    agencies.push((await getViewer(h.db, (await signUp(h.db, signUpInput({ orgName: `测试环评机构${i}有限公司` }))).userId))!);
});
afterAll(async () => {
  await h?.close();
});

describe("posting and publishing", () => {
  it("refuses restrictive terms, a direct pick of government-funded work, and a short bidding period", async () => {
    await expectDomainError(
      createProject(h.db, owner, projectInput({ description: "要求投标机构必须为本地注册企业，具备丰富经验。" })),
      "errors.project.restrict.region",
      "description",
    );
    await expectDomainError(
      createProject(h.db, owner, projectInput({ description: "仅限国有企业参加，需具备丰富经验。" })),
      "errors.project.restrict.ownership",
    );
    const { id } = await createProject(h.db, department, projectInput({ selectionMethod: "direct", governmentFunded: "on" }));
    await expectDomainError(
      publishProject(h.db, department, id, crypto.randomUUID()),
      "errors.project.directGovernment",
      "selectionMethod",
    );
    const soon = new Date(Date.now() + 3600_000 + 8 * 3600_000).toISOString().slice(0, 16);
    const { id: id2 } = await createProject(h.db, owner, projectInput({ bidDeadline: soon }));
    await expectDomainError(publishProject(h.db, owner, id2, crypto.randomUUID()), "errors.project.deadlineTooSoon", "bidDeadline");
    await expectDomainError(publishProject(h.db, agencies[0]!, id2, crypto.randomUUID()), "errors.forbidden");
  });

  it("publishes once for a retried request, with a commitment and the policy version kept", async () => {
    const { id } = await createProject(h.db, owner, projectInput());
    const key = crypto.randomUUID();
    const results = await Promise.all([publishProject(h.db, owner, id, key), publishProject(h.db, owner, id, key)]);
    expect(results.map((r) => r.alreadyPublished).sort()).toEqual([false, true]);
    const p = await h.db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(p.status).toBe("bidding");
    expect(p.drawCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(p.policyId).not.toBeNull();
    expect((await listAuditEvents(h.db, "project", id)).map((e) => e.action)).toEqual(["project.drafted", "project.bidding"]);
  });
});

describe("bids", () => {
  it("are sealed until the deadline — to the owner, the public and the queries", async () => {
    const id = await newPublished();
    await submitBid(h.db, agencies[0]!, id, { price: 40_000_00, committedDays: 15, proposal: null });
    expect(await listOpenedBids(h.db, id)).toEqual([]);
    const ownerView = await getProjectView(h.db, owner, id);
    expect(ownerView!.openedBids).toEqual([]);
    // Not even how many (招标投标法 第二十二条).
    expect(ownerView).not.toHaveProperty("liveBidCount");
    expect(JSON.stringify(ownerView)).not.toContain("4000000");
    const otherAgency = await getProjectView(h.db, agencies[1]!, id);
    expect(otherAgency!.ownBid).toBeNull();
  });

  it("checks the price against ceiling and floor, and eligibility", async () => {
    const id = await newPublished({ priceFloor: "10000" });
    await expectDomainError(
      submitBid(h.db, agencies[0]!, id, { price: 50_000_01, committedDays: 10, proposal: null }),
      "errors.bid.aboveCeiling",
      "price",
    );
    await expectDomainError(
      submitBid(h.db, agencies[0]!, id, { price: 9_999_99, committedDays: 10, proposal: null }),
      "errors.bid.belowFloor",
      "price",
    );
    await expectDomainError(submitBid(h.db, owner, id, { price: 20_000_00, committedDays: 10, proposal: null }), "errors.forbidden");
    // topographic survey legally requires a qualification the test agencies lack
    const survey = await newPublished({ serviceItemId: String(surveyId), title: "测试项目地形图测绘" });
    await expectDomainError(
      submitBid(h.db, agencies[0]!, survey, { price: 20_000_00, committedDays: 10, proposal: null }),
      "errors.eligibility.qualificationMissing",
    );
  });

  it("keep one live bid per agency under 50 concurrent submissions, and revise in place", async () => {
    const id = await newPublished();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => submitBid(h.db, agencies[0]!, id, { price: 30_000_00 + i, committedDays: 10, proposal: null })),
    );
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThan(0);
    const live = await h.db.selectFrom("bids").selectAll().where("projectId", "=", id).where("status", "=", "submitted").execute();
    expect(live).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as DomainError).key).toBe("errors.bid.duplicate");
    await withdrawBid(h.db, agencies[0]!, id);
    expect(await h.db.selectFrom("bids").select("id").where("projectId", "=", id).where("status", "=", "submitted").execute()).toHaveLength(
      0,
    );
  });

  it("are refused by the database at and after the deadline, with a clear message", async () => {
    const id = await newPublished();
    await submitBid(h.db, agencies[1]!, id, { price: 30_000_00, committedDays: 10, proposal: null });
    await sql`update projects set published_at = now() - interval '10 days', bid_deadline = now() + interval '1 millisecond' where id = ${id}`.execute(
      h.db,
    );
    await new Promise((r) => setTimeout(r, 5));
    await expectDomainError(submitBid(h.db, agencies[2]!, id, { price: 30_000_00, committedDays: 10, proposal: null }), "errors.bid.late");
    await expectDomainError(submitBid(h.db, agencies[1]!, id, { price: 29_000_00, committedDays: 10, proposal: null }), "errors.bid.late");
    // even a write that skips the application is refused by the trigger
    await expectRaised(sql`update bids set price_fen = 1 where project_id = ${id}`.execute(h.db), "bid_deadline_passed");
  });

  it("are voided by a change after publication and the deadline keeps the minimum period", async () => {
    const id = await newPublished();
    await submitBid(h.db, agencies[3]!, id, { price: 30_000_00, committedDays: 10, proposal: null });
    const soon = new Date(Date.now() + 3600_000 + 8 * 3600_000).toISOString().slice(0, 16);
    const r = await reviseProject(
      h.db,
      owner,
      id,
      projectInput({ bidDeadline: soon, description: "变更后的服务内容说明，增加现场踏勘要求。" }),
    );
    expect(r.voided).toBe(1);
    expect(r.deadline.getTime()).toBeGreaterThan(Date.now() + 86_400_000);
    const bid = await h.db.selectFrom("bids").selectAll().where("projectId", "=", id).executeTakeFirstOrThrow();
    expect(bid.status).toBe("voided");
    const note = await h.db
      .selectFrom("notifications")
      .selectAll()
      .where("orgId", "=", agencies[3]!.org!.id)
      .where("kind", "=", "bid.voided")
      .execute();
    expect(note).toHaveLength(1);
  });
});

describe("opening, selection and award", () => {
  it("fails a government-funded project with fewer than three valid bids, publicly", async () => {
    const id = await newPublished({ governmentFunded: "on" }, department);
    await submitBid(h.db, agencies[0]!, id, { price: 30_000_00, committedDays: 10, proposal: null });
    await submitBid(h.db, agencies[1]!, id, { price: 31_000_00, committedDays: 10, proposal: null });
    await passDeadline(id);
    expect(await openDueProjects(h.db)).toBeGreaterThanOrEqual(1);
    const p = await h.db.selectFrom("projects").select(["status", "statusReason"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(p).toEqual({ status: "failed", statusReason: "tooFewBids" });
    expect((await listOpenedBids(h.db, id)).map((b) => b.priceFen).sort()).toEqual([30_000_00, 31_000_00]);
  });

  it("awards the lowest price at the deadline with nobody visiting, verifiably, and runs to completion", async () => {
    const id = await newPublished();
    const prices = [45_000_00, 38_500_00, 41_000_00];
    for (let i = 0; i < 3; i++) await submitBid(h.db, agencies[i]!, id, { price: prices[i]!, committedDays: 10, proposal: null });
    await passDeadline(id);
    await openDueProjects(h.db);
    expect(await openDueProjects(h.db)).toBe(0); // nothing opens twice
    const view = await getProjectView(h.db, null, id);
    expect(view!.project.status).toBe("awarded");
    expect(view!.award).toMatchObject({ priceFen: 38_500_00, agencyOrgId: agencies[1]!.org!.id, status: "publicity" });
    expect(view!.openedBids).toHaveLength(3);
    expect(view!.selection!.secret).toMatch(/^[0-9a-f]{64}$/);

    const inputs = (await getDrawInputs(h.db, id))!;
    expect(checkDraw(inputs)).toMatchObject({ commitmentMatches: true, seedMatches: true, outcomeMatches: true });
    expect(checkDraw({ ...inputs, secret: "0".repeat(64) }).commitmentMatches).toBe(false);
    const forged = { ...inputs, bids: inputs.bids.map((b) => (b.id === inputs.outcome.winnerBidId ? { ...b, priceFen: 99_000_00 } : b)) };
    expect(checkDraw(forged).outcomeMatches).toBe(false);

    // publicity ends → final; contract; delivery; acceptance
    await sql`update awards set publicity_ends_at = now() - interval '1 second' where project_id = ${id}`.execute(h.db);
    expect(await finalizeDueAwards(h.db)).toBe(1);
    await expectDomainError(signContract(h.db, owner, id, "2999-01-01"), "errors.contract.future", "signedOn");
    const today = beijingDate(new Date());
    await signContract(h.db, owner, id, today);
    const contract = await h.db.selectFrom("contracts").selectAll().where("projectId", "=", id).executeTakeFirstOrThrow();
    expect(contract).toMatchObject({ amountFen: 38_500_00, committedDays: 10, dueOn: addWorkdays(today, 10) });
    await submitDelivery(h.db, agencies[1]!, id, "环境影响报告表（报批稿）");
    await decideDelivery(h.db, owner, id, "return", "缺少监测数据附件");
    await submitDelivery(h.db, agencies[1]!, id, "补充监测数据后的报批稿");
    const done = await decideDelivery(h.db, owner, id, "accept", null);
    expect(done.lateWorkdays).toBe(0);
    const actions = (await listAuditEvents(h.db, "project", id)).map((e) => e.action);
    expect(actions).toEqual([
      "project.drafted",
      "project.bidding",
      "project.selecting",
      "project.awarded",
      "award.final",
      "project.contracted",
      "project.delivered",
      "project.contracted",
      "project.delivered",
      "project.completed",
    ]);
  });

  it("gives one outcome to two concurrent owner selections (credit-preferred pick)", async () => {
    const id = await newPublished({ selectionMethod: "creditPreferred" });
    for (let i = 0; i < 4; i++) await submitBid(h.db, agencies[i]!, id, { price: 40_000_00 + i * 1000, committedDays: 10, proposal: null });
    await passDeadline(id);
    await openDueProjects(h.db);
    const view = await getProjectView(h.db, owner, id);
    expect(view!.project.status).toBe("selecting");
    const short = view!.selection!.outcome.shortList!.shortListBidIds;
    expect(short).toHaveLength(3);
    await expectDomainError(completeSelection(h.db, owner, id, { bidId: short[0]!, reason: "" }), "errors.selection.reasonRequired");
    const results = await Promise.allSettled([
      completeSelection(h.db, owner, id, { bidId: short[0]!, reason: "方案更完整" }),
      completeSelection(h.db, owner, id, { bidId: short[1]!, reason: "报价更低" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const awards = await h.db.selectFrom("awards").select("id").where("projectId", "=", id).execute();
    expect(awards).toHaveLength(1);
  });

  it("leaves the audit chain intact", async () => {
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });
});

describe("a burst of bids", () => {
  it("keeps every one of 200 concurrent bids from 200 agencies, and none after the deadline", async () => {
    const id = await newPublished();
    const rows = Array.from({ length: 200 }, (_, i) => ({
      kind: "agency",
      name: `并发测试机构${i}有限公司`,
      creditCode: null as string | null,
      regionCode: "320100",
      legalRepresentative: `法人${i}`,
    }));
    const { usccCheckChar } = await import("~/modules/identity/uscc");
    rows.forEach((r, i) => {
      const body = `91320100MB${String(i).padStart(7, "0")}`;
      r.creditCode = body + usccCheckChar(body);
    });
    const orgs = await h.db
      .insertInto("organizations")
      .values(rows as never)
      .returning(["id", "kind", "name", "regionCode"])
      .execute();
    const viewers: Viewer[] = orgs.map((o) => ({
      userId: "00000000-0000-0000-0000-000000000000",
      name: "x",
      email: "x@x.cn",
      locale: "zh-CN",
      isSiteAdmin: false,
      role: "admin",
      org: { id: o.id, kind: "agency", name: o.name, ownerType: null, regionCode: o.regionCode },
    }));
    const results = await Promise.allSettled(
      viewers.map((v, i) => submitBid(h.db, v, id, { price: 20_000_00 + i * 100, committedDays: 10, proposal: null })),
    );
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const live = await h.db
      .selectFrom("bids")
      .select((e) => e.fn.countAll<number>().as("n"))
      .where("projectId", "=", id)
      .where("status", "=", "submitted")
      .executeTakeFirstOrThrow();
    expect(live.n).toBe(200);
    await passDeadline(id);
    const late = await Promise.allSettled(
      viewers.slice(0, 20).map((v) => submitBid(h.db, v, id, { price: 19_000_00, committedDays: 10, proposal: null })),
    );
    expect(late.every((r) => r.status === "rejected" && (r.reason as DomainError).key === "errors.bid.late")).toBe(true);
    const after = await h.db
      .selectFrom("bids")
      .select((e) => e.fn.max("priceFen").as("max"))
      .where("projectId", "=", id)
      .executeTakeFirstOrThrow();
    expect(Number(after.max)).toBe(20_000_00 + 199 * 100); // no price moved after the deadline
  });
});

describe("objections", () => {
  it("hold the award during publicity, go to the regulator when disputed, and one decision stands", async () => {
    const { answerObjection, decideObjection, escalateObjection, fileObjection, escalateOverdueObjections } =
      await import("~/modules/procurement/objections.server");
    const { createRegulatorOffice, acceptInvitation } = await import("~/modules/identity/accounts.server");
    const id = await newPublished();
    for (let i = 0; i < 3; i++)
      await submitBid(h.db, agencies[i]!, id, { price: [41_000_00, 39_000_00, 40_000_00][i]!, committedDays: 10, proposal: null });
    await passDeadline(id);
    await openDueProjects(h.db);
    const award = await h.db.selectFrom("awards").selectAll().where("projectId", "=", id).executeTakeFirstOrThrow();
    expect(award.agencyOrgId).toBe(agencies[1]!.org!.id);
    await expectDomainError(fileObjection(h.db, agencies[1]!, id, "中选机构自己不能提出异议的测试"), "errors.objection.notBidder");
    await expectDomainError(fileObjection(h.db, agencies[4]!, id, "没有报名的机构不能提出异议的测试"), "errors.objection.notBidder");
    const { id: objectionId } = await fileObjection(h.db, agencies[0]!, id, "中选机构的报价低于成本，且承诺时限不合理。");

    // publicity over, but the objection is pending: the award stays in publicity
    await sql`update awards set publicity_ends_at = now() - interval '1 second' where id = ${award.id}`.execute(h.db);
    expect(await finalizeDueAwards(h.db)).toBe(0);

    await answerObjection(h.db, owner, objectionId, "经复核，中选报价有成本测算依据，异议不成立。");
    await escalateObjection(h.db, agencies[0]!, objectionId);
    expect(await escalateOverdueObjections(h.db)).toBe(0);

    const row = await h.db
      .insertInto("users")
      .values({ email: `site-${Date.now()}@x.cn`, name: "管理员", passwordHash: "x", isSiteAdmin: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    const admin = (await getViewer(h.db, row.id))!;
    const { token } = await createRegulatorOffice(h.db, admin, {
      officeName: "南京市环评监管处",
      regionCode: "320100",
      serviceItemIds: [eiaFormId],
      adminEmail: `reg-${Date.now()}@gov.cn`,
    });
    const reg = (await getViewer(
      h.db,
      (await acceptInvitation(h.db, token, { userName: "处长", password: "regulator pass", passwordConfirm: "regulator pass" })).userId,
    ))!;
    const results = await Promise.allSettled([
      decideObjection(h.db, reg, objectionId, "uphold", "中选报价明显低于成本"),
      decideObjection(h.db, reg, objectionId, "dismiss", "理由不充分"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const after = await h.db.selectFrom("objections").select("status").where("id", "=", objectionId).executeTakeFirstOrThrow();
    const project = await h.db.selectFrom("projects").select(["status", "statusReason"]).where("id", "=", id).executeTakeFirstOrThrow();
    const awardAfter = await h.db.selectFrom("awards").select("status").where("id", "=", award.id).executeTakeFirstOrThrow();
    if (after.status === "upheld") {
      expect(project).toEqual({ status: "failed", statusReason: "objectionUpheld" });
      expect(awardAfter.status).toBe("annulled");
    } else {
      expect(after.status).toBe("dismissed");
      expect(await finalizeDueAwards(h.db)).toBe(1);
    }
  });
});

describe("after an award", () => {
  it("records a late signing once, and lets a failed project be published again", async () => {
    const { recordLateSignings } = await import("~/modules/procurement/contracts.server");
    const { copyAsDraft } = await import("~/modules/procurement/projects.server");
    const id = await newPublished();
    await submitBid(h.db, agencies[2]!, id, { price: 33_000_00, committedDays: 10, proposal: null });
    await passDeadline(id);
    await openDueProjects(h.db);
    await sql`update awards set publicity_ends_at = now() - interval '1 second' where project_id = ${id}`.execute(h.db);
    await finalizeDueAwards(h.db);
    expect(await recordLateSignings(h.db)).toBe(0); // within the signing period
    const later = new Date(Date.now() + 30 * 86_400_000);
    // Two sweeps at once (two instances): the project's late signing is recorded once.
    await Promise.all([recordLateSignings(h.db, later), recordLateSignings(h.db, later)]);
    expect(await recordLateSignings(h.db, later)).toBe(0);
    const breaches = await h.db.selectFrom("breachEvents").selectAll().where("projectId", "=", id).execute();
    expect(breaches.map((x) => [x.kind, x.agencyId])).toEqual([["lateSigning", agencies[2]!.org!.id]]);

    const failed = await newPublished({ governmentFunded: "on" }, department);
    await passDeadline(failed);
    await openDueProjects(h.db);
    await expectDomainError(copyAsDraft(h.db, department, id), "errors.notFound");
    const { id: draft } = await copyAsDraft(h.db, department, failed);
    const copy = await h.db.selectFrom("projects").selectAll().where("id", "=", draft).executeTakeFirstOrThrow();
    expect(copy).toMatchObject({ status: "draft", governmentFunded: true, publishKey: null, drawCommitment: null });
  });
});

describe("direct selection", () => {
  it("shows the owner the eligible listed agencies, stores that list with the choice, and contracts on the listing's days", async () => {
    const { saveServiceListing } = await import("~/modules/agencies/services.server");
    const { ServiceListingSchema } = await import("~/modules/agencies/services.schema");
    for (const [i, a] of [agencies[3]!, agencies[4]!].entries()) {
      await saveServiceListing(
        h.db,
        a,
        ServiceListingSchema.parse({
          serviceItemId: String(eiaFormId),
          feeMode: "fixed",
          feeMin: String(20000 + i * 1000),
          committedDays: String(12 + i),
          pledge: "按时完成",
          active: "on",
        }),
      );
    }
    const id = await newPublished({ selectionMethod: "direct", priceCeiling: "30000" });
    const view = await getProjectView(h.db, owner, id);
    expect(view!.project.status).toBe("selecting");
    expect(view!.directShortlist.map((a) => a.agencyId)).toEqual([agencies[3]!.org!.id, agencies[4]!.org!.id]);
    await expectDomainError(
      completeSelection(h.db, owner, id, { agencyId: agencies[0]!.org!.id, priceFen: 20_000_00 }),
      "errors.selection.notShown",
    );
    await expectDomainError(
      completeSelection(h.db, owner, id, { agencyId: agencies[4]!.org!.id, priceFen: 30_000_01 }),
      "errors.bid.aboveCeiling",
    );
    await completeSelection(h.db, owner, id, { agencyId: agencies[4]!.org!.id, priceFen: 21_000_00, reason: "熟悉本地项目" });
    const sel = await h.db.selectFrom("selections").select("outcome").where("projectId", "=", id).executeTakeFirstOrThrow();
    expect((sel.outcome as { direct: { shownAgencyIds: string[]; chosenAgencyId: string; reason: string } }).direct).toEqual({
      shownAgencyIds: [agencies[3]!.org!.id, agencies[4]!.org!.id],
      chosenAgencyId: agencies[4]!.org!.id,
      reason: "熟悉本地项目",
    });
    await sql`update awards set publicity_ends_at = now() - interval '1 second' where project_id = ${id}`.execute(h.db);
    await finalizeDueAwards(h.db);
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { FileStore } = await import("~/server/files.server");
    const { storeDocument } = await import("~/modules/procurement/attachments.server");
    const { getDocumentForViewer } = await import("~/modules/agencies/qualifications.server");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-doc-"));
    const docId = await storeDocument(h.db, new FileStore(dir), owner, { bytes: new TextEncoder().encode("%PDF-1.4\n"), name: "合同.pdf" });
    await signContract(h.db, owner, id, beijingDate(new Date()), new Date(), docId);
    const contract = await h.db.selectFrom("contracts").selectAll().where("projectId", "=", id).executeTakeFirstOrThrow();
    expect(contract).toMatchObject({ amountFen: 21_000_00, committedDays: 13, documentFileId: docId });
    // The contract document is for the parties, not the public or another agency.
    expect(await getDocumentForViewer(h.db, agencies[4]!, docId)).not.toBeNull();
    expect(await getDocumentForViewer(h.db, agencies[3]!, docId)).toBeNull();
    expect(await getDocumentForViewer(h.db, null, docId)).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is refused for government-funded work and above the ceiling", async () => {
    const { id } = await createProject(h.db, owner, projectInput({ selectionMethod: "direct", priceCeiling: "200000" }));
    await expectDomainError(publishProject(h.db, owner, id, crypto.randomUUID()), "errors.project.directCeiling", "selectionMethod");
  });
});

describe("notice documents", () => {
  it("are public once published unless confidential, and leave no file behind when refused", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { FileStore } = await import("~/server/files.server");
    const { addAttachment, listAttachments } = await import("~/modules/procurement/attachments.server");
    const { getDocumentForViewer } = await import("~/modules/agencies/qualifications.server");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-att-"));
    const files = new FileStore(dir);
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
    const { id } = await createProject(h.db, owner, projectInput());
    await addAttachment(h.db, files, owner, id, { title: "项目平面图", confidential: false }, { bytes: pdf, name: "plan.pdf" });
    await addAttachment(h.db, files, owner, id, { title: "内部预算测算", confidential: true }, { bytes: pdf, name: "budget.pdf" });
    await expectDomainError(
      addAttachment(
        h.db,
        files,
        owner,
        id,
        { title: "脚本", confidential: false },
        { bytes: new TextEncoder().encode("<script>"), name: "x.pdf" },
      ),
      "errors.file.type",
    );
    await expectDomainError(
      addAttachment(h.db, files, agencies[0]!, id, { title: "冒充", confidential: false }, { bytes: pdf, name: "x.pdf" }),
      "errors.forbidden",
    );
    expect((await listAttachments(h.db, null, id)).map((a) => a.title)).toEqual([]); // draft: nothing public
    await publishProject(h.db, owner, id, crypto.randomUUID());
    const pub = await listAttachments(h.db, null, id);
    expect(pub.map((a) => a.title)).toEqual(["项目平面图"]);
    expect((await listAttachments(h.db, owner, id)).map((a) => a.title)).toEqual(["项目平面图", "内部预算测算"]);
    const all = await listAttachments(h.db, owner, id);
    expect(await getDocumentForViewer(h.db, null, pub[0]!.fileId)).not.toBeNull();
    expect(await getDocumentForViewer(h.db, agencies[0]!, all[1]!.fileId)).toBeNull();
    expect(await getDocumentForViewer(h.db, owner, all[1]!.fileId)).not.toBeNull();
    await expectDomainError(
      addAttachment(h.db, files, owner, id, { title: "发布后", confidential: false }, { bytes: pdf, name: "late.pdf" }),
      "errors.project.state",
    );
    const stored = fs.readdirSync(dir).flatMap((d) => fs.readdirSync(path.join(dir, d)));
    expect(stored).toHaveLength(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("scored selection", () => {
  it("needs a proposal from bidders, the evaluator's declaration, and awards the highest total", async () => {
    const id = await newPublished({ selectionMethod: "scored", priceWeight: "40", technicalWeight: "50", creditWeight: "10" });
    await expectDomainError(
      submitBid(h.db, agencies[0]!, id, { price: 40_000_00, committedDays: 10, proposal: null }),
      "errors.bid.proposal",
      "proposal",
    );
    const prices = [40_000_00, 36_000_00, 45_000_00];
    for (let i = 0; i < 3; i++)
      await submitBid(h.db, agencies[i]!, id, { price: prices[i]!, committedDays: 10, proposal: `技术方案 ${i}` });
    await passDeadline(id);
    await openDueProjects(h.db);
    const bids = await listOpenedBids(h.db, id);
    const byAgency = (i: number) => bids.find((b) => b.agencyId === agencies[i]!.org!.id)!.id;
    const technicalScores = { [byAgency(0)]: [70], [byAgency(1)]: [60], [byAgency(2)]: [98] };
    await expectDomainError(completeSelection(h.db, owner, id, { technicalScores }), "errors.selection.declaration");
    await completeSelection(h.db, owner, id, { technicalScores, declaredNoConflict: true });
    const award = await h.db.selectFrom("awards").selectAll().where("projectId", "=", id).executeTakeFirstOrThrow();
    // price: 40 × lowest/price; technical: 50 × score/100; credit: 10 × 80/100 (the default)
    // agency 2: 40×36/45 + 49 + 8 = 89; agency 1: 40 + 30 + 8 = 78; agency 0: 36 + 35 + 8 = 79
    expect(award.agencyOrgId).toBe(agencies[2]!.org!.id);
    const audit = (await listAuditEvents(h.db, "project", id)).map((e) => e.action);
    expect(audit).toContain("selection.declaredNoConflict");
  });
});
