import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents, verifyAuditChain } from "~/modules/audit/audit.server";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid } from "~/modules/procurement/bids.server";
import { terminateContract } from "~/modules/procurement/contracts.server";
import { beijingDate } from "~/lib/beijing-calendar";
import { applyForRepair, decideApplication, listAgencyApplications } from "~/modules/trust/applications.server";
import {
  fileComplaint,
  listOwnComplaints,
  listPublicComplaints,
  regulatorComplaints,
  decideComplaint,
} from "~/modules/trust/complaints.server";
import { getCreditReport, publishFormula, recomputeDueCreditScores } from "~/modules/trust/credit.server";
import { DEFAULT_CREDIT_PARAMS } from "~/modules/trust/credit.schema";
import { getReviewState, listAgencyReviews, rateContract, replyToReview, submitReview } from "~/modules/trust/reviews.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError, expectRaised } from "../../support/errors";
import { world } from "../../support/world";

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let owner: Viewer;
let regJs: Viewer; // province, every item
let regNj: Viewer; // Nanjing, environmental items
let regSz: Viewer; // Suzhou: not competent for Nanjing projects
const DAY = 86_400_000;
const good = {
  overall: 5,
  body: "报告质量高，提前交付，沟通顺畅。",
  ratings: { quality: 5, timeliness: 5, fees: 4, attitude: 5, compliance: 5 },
};
const bad = {
  overall: 1,
  body: "严重超期且多次催促无回复，成果错误较多。",
  ratings: { quality: 1, timeliness: 1, fees: 2, attitude: 1, compliance: 2 },
};
const ofOwner = { overall: 4, body: "", ratings: { clarity: 4, cooperation: 4, payment: 5, integrity: 5 } };

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  owner = await w.owner("信用测试新港开发有限公司");
  regJs = await w.regulator("江苏省测试中介监管处", "320000", "all");
  regNj = await w.regulator("南京市测试生态环境局", "320100", ["eia-form", "eia-report"]);
  regSz = await w.regulator("苏州市测试生态环境局", "320500", ["eia-form"]);
});
afterAll(async () => {
  await h?.close();
});

async function score(agency: Viewer) {
  return (await getCreditReport(h.db, agency.org!.id))!;
}

describe("reviews", () => {
  it("stay hidden until both are in, then appear together; one each, never edited, one reply", async () => {
    const a = await w.agency();
    const id = await w.completedContract(owner, a);
    const before = await score(a);
    const first = await submitReview(h.db, owner, id, good);
    expect(first.visibleFrom.getTime()).toBeGreaterThan(Date.now() + 13 * DAY);
    expect((await getReviewState(h.db, null, id))!.visible).toEqual([]);
    expect((await listAgencyReviews(h.db, a.org!.id)).reviews).toEqual([]);
    // The owner sees its own review (hidden), the agency sees that one is in but not what it says.
    const ownerState = (await getReviewState(h.db, owner, id))!;
    expect(ownerState.own?.overall).toBe(5);
    expect(ownerState.mayReview).toBe(false);
    const agencyState = (await getReviewState(h.db, a, id))!;
    expect(agencyState).toMatchObject({ otherSubmitted: true, mayReview: true, direction: "ofOwner", visible: [] });
    expect(JSON.stringify(agencyState)).not.toContain("提前交付");
    await expectDomainError(submitReview(h.db, owner, id, good), "errors.review.duplicate");
    await expectDomainError(submitReview(h.db, await w.agency(), id, ofOwner), "errors.review.notParty");

    await submitReview(h.db, a, id, ofOwner);
    const shown = (await getReviewState(h.db, null, id))!.visible;
    expect(shown.map((r) => r.direction).sort()).toEqual(["ofAgency", "ofOwner"]);
    expect(new Set(shown.map((r) => r.visibleFrom.getTime())).size).toBe(1); // together
    const listed = await listAgencyReviews(h.db, a.org!.id);
    expect(listed.summary).toMatchObject({ count: 1, average: 5 });
    // The score moved with the review, in the same transaction.
    const after = await score(a);
    expect(after.breakdown.parts.reviews.count).toBe(1);
    expect(after.scoreCenti).toBeGreaterThan(before.scoreCenti);

    // The database refuses edits and deletions.
    await expectRaised(
      sql`update reviews set overall = 1 where contract_id = (select id from contracts where project_id = ${id})`.execute(h.db),
      "review_frozen",
    );
    await expectRaised(
      sql`delete from reviews where contract_id = (select id from contracts where project_id = ${id})`.execute(h.db),
      "review_kept",
    );

    const ownerReview = shown.find((r) => r.direction === "ofAgency")!;
    await expectDomainError(replyToReview(h.db, owner, ownerReview.id, "谢谢"), "errors.notFound");
    await replyToReview(h.db, a, ownerReview.id, "感谢业主的认可，我们会继续保持。");
    await expectDomainError(replyToReview(h.db, a, ownerReview.id, "再次回复"), "errors.review.replyState", "reply");
    expect((await listAgencyReviews(h.db, a.org!.id)).reviews[0]!.reply).toBe("感谢业主的认可，我们会继续保持。");
    const actions = (await listAuditEvents(h.db, "project", id)).map((e) => e.action);
    expect(actions.filter((x) => x === "review.submitted")).toHaveLength(2);
    expect(actions).toContain("review.replied");
  });

  it("open only after completion or termination, and close 30 days later; a lone review appears after 14 days", async () => {
    const a = await w.agency();
    const id = await w.signedContract(owner, a, 30_000_00);
    await expectDomainError(submitReview(h.db, owner, id, good), "errors.review.notEnded");
    await terminateContract(h.db, owner, id, "业主项目取消，双方协商终止。");
    expect(await h.db.selectFrom("projects").select(["status", "statusReason"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({
      status: "cancelled",
      statusReason: "contractTerminated",
    });
    await expectDomainError(submitReview(h.db, owner, id, bad, new Date(Date.now() + 31 * DAY)), "errors.review.closed");
    await submitReview(h.db, owner, id, { ...good, overall: 3 });
    expect((await getReviewState(h.db, null, id))!.visible).toHaveLength(0);
    expect((await getReviewState(h.db, null, id, new Date(Date.now() + 15 * DAY)))!.visible).toHaveLength(1);
    // The agency cannot write after the owner's review has appeared.
    await expectDomainError(submitReview(h.db, a, id, ofOwner, new Date(Date.now() + 15 * DAY)), "errors.review.closed");
  });

  it("take the department's rating from the competent office only, once", async () => {
    const a = await w.agency();
    const id = await w.completedContract(owner, a);
    await expectDomainError(rateContract(h.db, regSz, id, { score: 2, comment: "不在辖区" }), "errors.trust.notCompetent");
    await expectDomainError(rateContract(h.db, owner, id, { score: 2, comment: "业主不能" }), "errors.forbidden");
    const before = await score(a);
    await rateContract(h.db, regNj, id, { score: 1, comment: "成果质量不符合技术导则要求。" });
    await expectDomainError(rateContract(h.db, regNj, id, { score: 5, comment: "改主意" }), "errors.review.duplicate");
    const after = await score(a);
    expect(after.breakdown.parts.department.count).toBe(1);
    expect(after.scoreCenti).toBeLessThan(before.scoreCenti);
  });

  it("of two submissions at once by the same party, keep one", async () => {
    const a = await w.agency();
    const id = await w.completedContract(owner, a);
    const results = await Promise.allSettled([submitReview(h.db, owner, id, good), submitReview(h.db, owner, id, bad)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      await h.db
        .selectFrom("reviews")
        .select("id")
        .where("reviewerOrgId", "=", owner.org!.id)
        .where("subjectOrgId", "=", a.org!.id)
        .execute(),
    ).toHaveLength(1);
  });
});

describe("complaints", () => {
  let bidderA: Viewer;
  let bidderB: Viewer;
  let outsider: Viewer;
  let projectId: string;
  beforeAll(async () => {
    bidderA = await w.agency("投诉测试甲机构有限公司");
    bidderB = await w.agency("投诉测试乙机构有限公司");
    outsider = await w.agency("投诉测试旁观机构有限公司");
    projectId = await w.project(owner);
    await submitBid(h.db, bidderA, projectId, { price: 30_000_00, committedDays: 10, proposal: null });
    await submitBid(h.db, bidderB, projectId, { price: 31_000_00, committedDays: 10, proposal: null });
  });
  const input = (over: Record<string, unknown> = {}) => ({
    subjectType: "agency" as const,
    projectId,
    agencyId: bidderA.org!.id as string | null,
    facts: "报价明显低于成本，疑似以不正当手段承揽业务，影响公平竞争。",
    provisions: "《江苏省行政审批中介服务管理办法》",
    ...over,
  });

  it("are admissible only from a party, about a participant, within the window, once — each refusal explained", async () => {
    await expectDomainError(fileComplaint(h.db, outsider, input()), "errors.complaint.notParty");
    await expectDomainError(
      fileComplaint(h.db, owner, input({ agencyId: outsider.org!.id })),
      "errors.complaint.agencyNotInvolved",
      "agencyId",
    );
    await expectDomainError(fileComplaint(h.db, bidderA, input()), "errors.complaint.self");
    await expectDomainError(fileComplaint(h.db, regNj, input()), "errors.complaint.regulator");
    await expectDomainError(fileComplaint(h.db, owner, input(), new Date(Date.now() + 400 * DAY)), "errors.complaint.outOfWindow");
    await expectDomainError(fileComplaint(h.db, outsider, input({ subjectType: "project", agencyId: null })), "errors.complaint.notParty");
    await expectDomainError(fileComplaint(h.db, owner, input({ subjectType: "project", agencyId: null })), "errors.complaint.self");

    const filed = await fileComplaint(h.db, owner, input());
    expect(filed.dueAt.getTime()).toBeGreaterThan(Date.now() + 14 * DAY); // 15 working days
    await expectDomainError(fileComplaint(h.db, owner, input()), "errors.complaint.alreadyPending");
    // Another bidder may complain about the same agency; a bidder may complain about the owner's project.
    await fileComplaint(h.db, bidderB, input());
    await fileComplaint(
      h.db,
      bidderB,
      input({ subjectType: "project", agencyId: null, facts: "答疑截止后仍修改了评审办法，未重新公告，对报名机构不公平。" }),
    );
    expect(await listOwnComplaints(h.db, bidderB)).toHaveLength(2);
  });

  it("go to the competent regulator, are decided once, and an upheld one costs the agency credit", async () => {
    const queue = await regulatorComplaints(h.db, regNj);
    const mine = queue.filter((c) => c.projectId === projectId && c.subjectType === "agency");
    expect(mine.length).toBe(2);
    expect(mine[0]).toMatchObject({ overdue: false, complainantName: expect.any(String) });
    expect(await regulatorComplaints(h.db, regSz)).toHaveLength(0);
    const target = mine.find((c) => c.complainantName === owner.org!.name)!;
    await expectDomainError(decideComplaint(h.db, regSz, target.id, "uphold", "查实"), "errors.trust.notCompetent");
    const before = await score(bidderA);
    // Two regulators decide at once: one decision stands.
    const results = await Promise.allSettled([
      decideComplaint(h.db, regNj, target.id, "uphold", "经调查，报价低于成本且无合理说明，投诉属实。"),
      decideComplaint(h.db, regJs, target.id, "dismiss", "证据不足。"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const decided = await h.db.selectFrom("complaints").selectAll().where("id", "=", target.id).executeTakeFirstOrThrow();
    const events = await h.db
      .selectFrom("breachEvents")
      .selectAll()
      .where("agencyId", "=", bidderA.org!.id)
      .where("kind", "=", "upheldComplaint")
      .execute();
    expect(events).toHaveLength(decided.status === "upheld" ? 1 : 0);
    if (decided.status === "upheld") {
      const after = await score(bidderA);
      expect(Math.abs(after.scoreCenti - (before.scoreCenti - 500))).toBeLessThanOrEqual(1);
      expect(after.breakdown.deductions[0]).toMatchObject({ kind: "upheldComplaint", state: "active", points: 5, projectId });
    }
    // The public register: outcome and reasons, never the complainant nor the facts.
    const pub = (await listPublicComplaints(h.db, { agencyId: bidderA.org!.id })).find((c) => c.id === target.id)!;
    expect(pub.status).toBe(decided.status);
    expect(pub.decisionReason).toBe(decided.decisionReason);
    expect(JSON.stringify(pub)).not.toContain("报价明显低于成本");
    expect("facts" in pub).toBe(false);
    const byBidder = (await listPublicComplaints(h.db, { projectId })).filter((c) => c.id !== target.id);
    expect(byBidder.length).toBe(2);
    expect(JSON.stringify(byBidder)).not.toContain(bidderB.org!.name);
  });
});

describe("repair and appeal", () => {
  it("corrects a wrong event, removes a review only for a listed reason, and publishes each decision", async () => {
    const a = await w.agency();
    const id = await w.completedContract(owner, a);
    await submitReview(h.db, owner, id, bad);
    await submitReview(h.db, a, id, ofOwner);
    const review = (await listAgencyReviews(h.db, a.org!.id)).reviews[0]!;
    const withReview = await score(a);
    await applyForRepair(h.db, a, {
      kind: "appealReview",
      targetId: review.id,
      reasonCode: "abusive",
      grounds: "评价中含有对我方员工的人身攻击言论，与服务无关。",
    });
    await expectDomainError(
      applyForRepair(h.db, a, { kind: "appealReview", targetId: review.id, reasonCode: "abusive", grounds: "重复提交同一申诉申请内容。" }),
      "errors.application.pending",
    );
    const app = (await listAgencyApplications(h.db, a.org!.id))[0]!;
    await expectDomainError(decideApplication(h.db, regSz, app.id, "grant", "同意"), "errors.trust.notCompetent");
    await decideApplication(h.db, regNj, app.id, "grant", "评价含辱骂性语言，按规定移除。");
    await expectDomainError(decideApplication(h.db, regNj, app.id, "refuse", "改判"), "errors.application.decided");
    const removed = (await listAgencyReviews(h.db, a.org!.id)).reviews[0]!;
    expect(removed).toMatchObject({ removedReason: "abusive", overall: null, body: "" });
    expect((await score(a)).scoreCenti).toBeGreaterThan(withReview.scoreCenti);
    expect((await listAgencyApplications(h.db, a.org!.id))[0]).toMatchObject({
      status: "granted",
      decisionReason: "评价含辱骂性语言，按规定移除。",
    });

    // A late-delivery event recorded in error is voided; the deduction goes with it.
    const late = await h.db
      .insertInto("breachEvents")
      .values({ agencyId: a.org!.id, projectId: id, kind: "abandonedAward", details: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { rescore } = await import("~/modules/trust/credit.server");
    await h.db.transaction().execute((trx) => rescore(trx, [a.org!.id]));
    const penalised = await score(a);
    await applyForRepair(h.db, a, { kind: "correctEvent", targetId: late.id, grounds: "本机构未放弃中选，系系统误记，附业主确认函。" });
    const app2 = (await listAgencyApplications(h.db, a.org!.id)).find((x) => x.kind === "correctEvent")!;
    await decideApplication(h.db, regNj, app2.id, "grant", "经核实为误记，予以更正。");
    expect(Math.abs((await score(a)).scoreCenti - (penalised.scoreCenti + 500))).toBeLessThanOrEqual(1);
    expect(await h.db.selectFrom("breachEvents").select("voidedAt").where("id", "=", late.id).executeTakeFirstOrThrow()).toMatchObject({
      voidedAt: expect.any(Date),
    });
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });
});

describe("the credit formula", () => {
  it("is versioned: a new version in force rescores every agency, and only a regulator administrator publishes one", async () => {
    const a = await w.agency();
    await expectDomainError(
      publishFormula(h.db, a, { effectiveFrom: beijingDate(new Date()), note: "试图修改", params: DEFAULT_CREDIT_PARAMS }),
      "errors.forbidden",
    );
    await expectDomainError(
      publishFormula(h.db, regJs, { effectiveFrom: "2020-01-01", note: "倒签", params: DEFAULT_CREDIT_PARAMS }),
      "errors.credit.effectivePast",
      "effectiveFrom",
    );
    const params = { ...DEFAULT_CREDIT_PARAMS, delivery: { ...DEFAULT_CREDIT_PARAMS.delivery, priorOnTime: 0.5 } };
    const { version } = await publishFormula(h.db, regJs, { effectiveFrom: beijingDate(new Date()), note: "按期履约先验下调", params });
    expect(version).toBe(2);
    const rescored = await recomputeDueCreditScores(h.db);
    expect(rescored).toBeGreaterThanOrEqual(1);
    const r = await score(a);
    expect(r.formulaVersion).toBe(2);
    expect(r.scoreCenti).toBe(7000); // 37.5 + 22.5 + 20 × 0.5
    expect(await recomputeDueCreditScores(h.db)).toBe(0); // nothing due twice
  });
});
