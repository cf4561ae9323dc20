import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid, withdrawBid } from "~/modules/procurement/bids.server";
import { abandonAward } from "~/modules/procurement/contracts.server";
import { askQuestion, answerQuestion } from "~/modules/procurement/questions.server";
import { openDueProjects } from "~/modules/procurement/selection.server";
import { decideComplaint, fileComplaint } from "~/modules/trust/complaints.server";
import { activateCase, dropCase, finishCase, openCase } from "~/modules/oversight/cases.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError } from "../../support/errors";
import { world } from "../../support/world";

// A repeated state change answers 409 with the state it found, never 404; a duplicate always gets the
// same status and message, whether it came after the first or raced it.
let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let owner: Viewer;
let regulator: Viewer;

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  owner = await w.owner("重复操作测试业主有限公司");
  regulator = await w.regulator("江苏省重复操作测试监管处", "320000", "all");
});
afterAll(async () => {
  await h?.close();
});

const bid = (a: Viewer, projectId: string, yuan = 30_000) =>
  submitBid(h.db, a, projectId, { price: yuan * 100, committedDays: 10, proposal: null });

describe("repeats answer alike", () => {
  it("a second abandon of an award is 409 with the state found (annulled), not 404; a stranger's is still 404", async () => {
    const winner = await w.agency("重复放弃测试机构有限公司");
    const stranger = await w.agency("未中标测试机构有限公司");
    const id = await w.project(owner);
    await bid(winner, id);
    await w.passDeadline(id);
    await openDueProjects(h.db);
    await abandonAward(h.db, winner, id);
    for (let i = 0; i < 2; i++) {
      const e = await expectDomainError(abandonAward(h.db, winner, id), "errors.award.notActive");
      expect(e.status).toBe(409);
      expect(e.params).toEqual({ state: "@award.status.annulled" });
    }
    const e = await expectDomainError(abandonAward(h.db, stranger, id), "errors.notFound");
    expect(e.status).toBe(404);
    // Exactly one effect: one breach on record.
    const breaches = await h.db
      .selectFrom("breachEvents")
      .select("id")
      .where("projectId", "=", id)
      .where("kind", "=", "abandonedAward")
      .execute();
    expect(breaches).toHaveLength(1);
  });

  it("a duplicate complaint is 409 'already pending' every time, one after the other or in parallel", async () => {
    const a = await w.agency("重复投诉对象机构有限公司");
    const b = await w.agency("重复投诉并发机构有限公司");
    const id = await w.project(owner);
    await bid(a, id);
    await bid(b, id, 31_000);
    const input = (over: Record<string, unknown> = {}) => ({
      subjectType: "agency" as const,
      projectId: id,
      agencyId: a.org!.id as string | null,
      facts: "报价明显低于成本，疑似以不正当手段承揽业务，影响公平竞争。",
      provisions: "《江苏省行政审批中介服务管理办法》",
      ...over,
    });
    await fileComplaint(h.db, owner, input());
    for (let i = 0; i < 2; i++) {
      const e = await expectDomainError(fileComplaint(h.db, owner, input()), "errors.complaint.alreadyPending");
      expect([e.status, e.code, e.params]).toEqual([409, "duplicate", { state: "pending" }]);
    }
    // In parallel: one is filed, every other answer is the same 409.
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => fileComplaint(h.db, b, input())));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refusals = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as { status: number; key: string }] : []));
    expect(new Set(refusals.map((r) => `${r.status} ${r.key}`))).toEqual(new Set(["409 errors.complaint.alreadyPending"]));
  });

  // Every refusal of a batch is the one same 409 (status, key, params).
  const sameRefusals = (outcomes: PromiseSettledResult<unknown>[]) =>
    new Set(
      outcomes.flatMap((o) =>
        o.status === "rejected"
          ? [
              JSON.stringify(
                (({ status, key, params }) => [status, key, params])(o.reason as { status: number; key: string; params: unknown }),
              ),
            ]
          : [],
      ),
    );

  it("a second withdrawal of a bid is 409 with the state found (withdrawn); parallel withdrawals: one succeeds, the rest the same 409", async () => {
    const a = await w.agency("重复撤回测试机构有限公司");
    const stranger = await w.agency("未报价测试机构有限公司");
    const id = await w.project(owner);
    await bid(a, id);
    await withdrawBid(h.db, a, id);
    for (let i = 0; i < 2; i++) {
      const e = await expectDomainError(withdrawBid(h.db, a, id), "errors.bid.notLive");
      expect([e.status, e.params]).toEqual([409, { state: "@bid.status.withdrawn" }]);
    }
    // An agency that never bid: nothing to withdraw, 404.
    expect((await expectDomainError(withdrawBid(h.db, stranger, id), "errors.notFound")).status).toBe(404);
    // In parallel.
    await bid(a, id, 29_000);
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => withdrawBid(h.db, a, id)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(sameRefusals(outcomes)).toEqual(new Set([JSON.stringify([409, "errors.bid.notLive", { state: "@bid.status.withdrawn" }])]));
  });

  it("a second answer to a question is 409 (answered) and never overwrites the published answer, one after the other or in parallel", async () => {
    const a = await w.agency("重复答疑测试机构有限公司");
    const id = await w.project(owner);
    const ask = async (text: string) => {
      await askQuestion(h.db, a, id, text);
      return (await h.db.selectFrom("projectQuestions").select("id").where("question", "=", text).executeTakeFirstOrThrow()).id;
    };
    const q1 = await ask("服务期限是否包含专家评审时间？");
    await answerQuestion(h.db, owner, q1, "包含。");
    const e = await expectDomainError(answerQuestion(h.db, owner, q1, "不包含。"), "errors.question.answered");
    expect([e.status, e.params]).toEqual([409, { state: "@question.status.answered" }]);
    const row = await h.db.selectFrom("projectQuestions").select("answer").where("id", "=", q1).executeTakeFirstOrThrow();
    expect(row.answer).toBe("包含。");

    const q2 = await ask("是否需要现场踏勘？");
    const outcomes = await Promise.allSettled(["需要。", "不需要。", "视情况而定。"].map((x) => answerQuestion(h.db, owner, q2, x)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(sameRefusals(outcomes)).toEqual(
      new Set([JSON.stringify([409, "errors.question.answered", { state: "@question.status.answered" }])]),
    );
    const answers = await h.db
      .selectFrom("auditEvents")
      .select("id")
      .where("action", "=", "project.questionAnswered")
      .where("subjectId", "=", id)
      .execute();
    expect(answers).toHaveLength(2);
  });

  it("a second decision on a complaint is 409 with the state found; two regulators at once: one decides, the other gets the same 409", async () => {
    const a = await w.agency("重复裁决对象机构有限公司");
    const id = await w.project(owner);
    await bid(a, id);
    const input = {
      subjectType: "agency" as const,
      projectId: id,
      agencyId: a.org!.id as string | null,
      facts: "报价明显低于成本，疑似以不正当手段承揽业务，影响公平竞争。",
      provisions: "《江苏省行政审批中介服务管理办法》",
    };
    const { id: c1 } = await fileComplaint(h.db, owner, input);
    await decideComplaint(h.db, regulator, c1, "dismiss", "经调查投诉不属实。");
    for (const decision of ["dismiss", "uphold"] as const) {
      const e = await expectDomainError(decideComplaint(h.db, regulator, c1, decision, "再次处理。"), "errors.complaint.decided");
      expect([e.status, e.params]).toEqual([409, { state: "@complaint.status.dismissed" }]);
    }
    const id2 = await w.project(owner);
    await bid(a, id2);
    const { id: c2 } = await fileComplaint(h.db, owner, { ...input, projectId: id2 });
    const outcomes = await Promise.allSettled([
      decideComplaint(h.db, regulator, c2, "dismiss", "经调查投诉不属实。"),
      decideComplaint(h.db, regulator, c2, "dismiss", "经调查投诉不属实。"),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(sameRefusals(outcomes)).toEqual(
      new Set([JSON.stringify([409, "errors.complaint.decided", { state: "@complaint.status.dismissed" }])]),
    );
  });

  it("a repeated move of a monitoring case is 409 with the state found, never 404; two offices' clerks at once: one moves it, the other the same 409", async () => {
    const a = await w.agency("重复监督对象机构有限公司");
    const input = {
      origin: "initiative" as const,
      agencyId: a.org!.id,
      title: "重复操作监督案件",
      grounds: "机构承诺与实际服务不符，需核实。",
    };
    const c = await openCase(h.db, regulator, input);
    await activateCase(h.db, regulator, c.id);
    const again = await expectDomainError(activateCase(h.db, regulator, c.id), "errors.case.state");
    expect([again.status, again.params]).toEqual([409, { state: "@case.status.active" }]);
    // A draft dropped is closed: dropping, finishing or activating it again finds it closed.
    const dropped = await openCase(h.db, regulator, { ...input, title: "撤销的监督案件" });
    await dropCase(h.db, regulator, dropped.id);
    for (const move of [dropCase, finishCase, activateCase]) {
      const e = await expectDomainError(move(h.db, regulator, dropped.id), "errors.case.state");
      expect([e.status, e.params]).toEqual([409, { state: "@case.status.closed" }]);
    }
    const c2 = await openCase(h.db, regulator, { ...input, title: "并发重复监督案件" });
    const outcomes = await Promise.allSettled([activateCase(h.db, regulator, c2.id), activateCase(h.db, regulator, c2.id)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(sameRefusals(outcomes)).toEqual(new Set([JSON.stringify([409, "errors.case.state", { state: "@case.status.active" }])]));
  });
});
