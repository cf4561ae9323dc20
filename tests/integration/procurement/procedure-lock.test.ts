import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/modules/audit/audit.server";
import type { Viewer } from "~/modules/identity/viewer";
import { loadFlagDataset } from "~/modules/oversight/flags.server";
import { evaluateFlags } from "~/modules/oversight/flags.rules";
import { CANCEL_GROUNDS, CANCELLABLE_STAGES } from "~/modules/procurement/amendments.rules";
import { submitBid, withdrawBid } from "~/modules/procurement/bids.server";
import { getProjectPage } from "~/modules/procurement/project-view.server";
import { PROJECT_STATES } from "~/modules/procurement/projects.rules";
import { CancelProjectSchema, ProjectSchema } from "~/modules/procurement/projects.schema";
import { cancelProject, copyAsDraft, publishProject, reviseProject } from "~/modules/procurement/projects.server";
import { openDueProjects } from "~/modules/procurement/selection.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError, expectRaised } from "../../support/errors";
import { world } from "../../support/world";

// The procedure is locked once published (issue 19, item 4): a change is a public amendment notice that
// keeps the version it replaced; the method cannot change once a bid exists; a cancellation needs a ground
// from the fixed list, ends an award consistently, is a public notice and a red flag; a copy names its source.
let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let owner: Viewer;
let agencies: Viewer[];

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  owner = await w.owner("程序锁定测试业主有限公司");
  agencies = [];
  for (let i = 0; i < 3; i++) agencies.push(await w.agency(`程序锁定测试机构${i}有限公司`));
});
afterAll(async () => {
  await h?.close();
});

const inputOf = async (over: Record<string, unknown> = {}) =>
  ProjectSchema.parse({
    title: "信用测试项目环境影响报告表编制",
    serviceItemId: String(await w.itemId("eia-form")),
    regionCode: "320100",
    description: "新建厂房项目，需编制环境影响报告表并配合报批。",
    deliverables: "环境影响报告表及批复",
    priceCeiling: "50000",
    selectionMethod: "lowestPrice",
    bidDeadline: new Date(Date.now() + 20 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 16),
    expectedDays: "20",
    ...over,
  });
const bid = (a: Viewer, id: string, price = 40_000_00) => submitBid(h.db, a, id, { price, committedDays: 10, proposal: null });
const deadlineOf = async (id: string) =>
  (await h.db.selectFrom("projects").select("bidDeadline").where("id", "=", id).executeTakeFirstOrThrow()).bidDeadline!;
/** The deadline field as the form sends it (Beijing local time) for the deadline now stored. */
const sameDeadline = async (id: string) => new Date((await deadlineOf(id)).getTime() + 8 * 3600_000).toISOString().slice(0, 16);

describe("amendment notices", () => {
  it("record what changed and the version replaced, publicly, and every bidder is told", async () => {
    const id = await w.project(owner);
    await bid(agencies[0]!, id);
    await bid(agencies[1]!, id);
    await withdrawBid(h.db, agencies[1]!, id);
    const before = await deadlineOf(id);
    const r = await reviseProject(
      h.db,
      owner,
      id,
      await inputOf({ priceCeiling: "45000", description: "更正后的项目说明，增加现场踏勘要求。", bidDeadline: await sameDeadline(id) }),
    );
    expect(r.changes.map((c) => c.field)).toEqual(["description", "priceCeilingFen"]);
    expect(r.changes.find((c) => c.field === "priceCeilingFen")).toEqual({ field: "priceCeilingFen", before: 50_000_00, after: 45_000_00 });
    expect(r.voided).toBe(1);
    const page = (await getProjectPage(h.db, null, id))!;
    expect(page.notices.amendments).toHaveLength(1);
    const a = page.notices.amendments[0]!;
    expect(a.revision).toBe(1);
    expect(a.previous).toMatchObject({ priceCeilingFen: 50_000_00, description: "新建厂房项目，需编制环境影响报告表并配合报批。" });
    expect(new Date(a.deadlineBefore!).getTime()).toBe(before.getTime());
    // The one whose bid was voided must confirm again; the one who had withdrawn is told of the change.
    const kinds = await h.db
      .selectFrom("notifications")
      .select(["orgId", "kind"])
      .where("subjectId", "=", id)
      .where("kind", "in", ["bid.voided", "project.amended"])
      .orderBy("kind")
      .execute();
    expect(kinds).toEqual([
      { orgId: agencies[0]!.org!.id, kind: "bid.voided" },
      { orgId: agencies[1]!.org!.id, kind: "project.amended" },
    ]);
    const audit = (await listAuditEvents(h.db, "project", id)).find((e) => (e.data as { amendmentId?: string }).amendmentId);
    expect(audit?.data).toMatchObject({ amendmentId: r.amendmentId, changed: ["description", "priceCeilingFen"], revision: 1 });
  });

  it("an amendment that changes nothing is refused and writes nothing", async () => {
    const id = await w.project(owner);
    await bid(agencies[0]!, id);
    // The form shows minutes: a deadline with seconds, sent back as the form shows it, has not changed.
    await sql`update projects set bid_deadline = date_trunc('minute', bid_deadline) + interval '17 seconds' where id = ${id}`.execute(h.db);
    await expectDomainError(
      reviseProject(h.db, owner, id, await inputOf({ bidDeadline: await sameDeadline(id) })),
      "errors.amendment.nothing",
    );
    expect(await h.db.selectFrom("projectAmendments").select("id").where("projectId", "=", id).execute()).toEqual([]);
    expect((await h.db.selectFrom("bids").select("status").where("projectId", "=", id).executeTakeFirstOrThrow()).status).toBe("submitted");
  });

  it("the method cannot change after publication, with or without bids, and the refusal is the same either way", async () => {
    // The same refusal with no bid and with one withdrawn: it tells the owner nothing about the bids.
    const none = await w.project(owner);
    const withdrawn = await w.project(owner);
    await bid(agencies[2]!, withdrawn);
    await withdrawBid(h.db, agencies[2]!, withdrawn);
    for (const id of [none, withdrawn]) {
      const e = await expectDomainError(
        reviseProject(h.db, owner, id, await inputOf({ selectionMethod: "randomDraw", bidDeadline: await sameDeadline(id) })),
        "errors.amendment.methodLocked",
      );
      expect([e.status, e.field, e.params]).toEqual([409, "selectionMethod", {}]);
    }
    // Other terms still change through a notice, and the notice says nothing of how many bids it voided.
    await reviseProject(h.db, owner, withdrawn, await inputOf({ expectedDays: "25", bidDeadline: await sameDeadline(withdrawn) }));
    const page = (await getProjectPage(h.db, null, withdrawn))!;
    expect(Object.keys(page.notices.amendments[0]!).sort()).toEqual(
      ["amendedAt", "changes", "deadlineAfter", "deadlineBefore", "id", "previous", "revision"].sort(),
    );
  });

  it("keeps the longest bidding period from the publication: at the limit accepted, one minute past refused", async () => {
    const id = await w.project(owner);
    // Published at a whole minute a day ago; the default policy allows 90 calendar days from then.
    await sql`update projects set published_at = date_trunc('minute', now()) - interval '1 day' where id = ${id}`.execute(h.db);
    const published = (await h.db.selectFrom("projects").select("publishedAt").where("id", "=", id).executeTakeFirstOrThrow()).publishedAt!;
    const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
    const limit = new Date(published.getTime() + 90 * 86_400_000);
    const e = await expectDomainError(
      reviseProject(h.db, owner, id, await inputOf({ expectedDays: "26", bidDeadline: local(new Date(limit.getTime() + 60_000)) })),
      "errors.project.deadlineTooFar",
    );
    expect([e.field, e.params]).toEqual(["bidDeadline", { days: 90 }]);
    const r = await reviseProject(h.db, owner, id, await inputOf({ expectedDays: "26", bidDeadline: local(limit) }));
    expect(r.deadline.getTime()).toBe(limit.getTime());
  });

  it("an insider cannot rewrite or remove a notice: the database refuses", async () => {
    const id = await w.project(owner);
    await reviseProject(h.db, owner, id, await inputOf({ expectedDays: "30", bidDeadline: await sameDeadline(id) }));
    await expectRaised(
      sql`update project_amendments set changes = '[]'::jsonb where project_id = ${id}`.execute(h.db),
      "notices_append_only",
    );
    await expectRaised(sql`delete from project_amendments where project_id = ${id}`.execute(h.db), "notices_append_only");
  });
});

describe("cancellation", () => {
  it("needs a ground from the fixed list and an explanation of at least 10 characters", () => {
    const ok = { ground: "fundingUnavailable", explanation: "年度预算调整，资金未落实。" };
    expect(CancelProjectSchema.safeParse(ok).success).toBe(true);
    for (const g of CANCEL_GROUNDS) expect(CancelProjectSchema.safeParse({ ...ok, ground: g }).success).toBe(true);
    expect(CancelProjectSchema.safeParse({ ...ok, ground: "ownerPrefersAnother" }).success).toBe(false);
    expect(CancelProjectSchema.safeParse({ ...ok, explanation: "一二三四五六七八九十" }).success).toBe(true);
    expect(CancelProjectSchema.safeParse({ ...ok, explanation: "一二三四五六七八九" }).success).toBe(false);
  });

  it("is allowed from exactly the published, bidding, selecting and awarded stages", async () => {
    expect([...CANCELLABLE_STAGES]).toEqual(["published", "bidding", "selecting", "awarded"]);
    const ground = { ground: "requirementWithdrawn" as const, explanation: "建设项目已终止，不再需要该服务。" };
    for (const state of PROJECT_STATES) {
      const id = await w.project(owner, { title: `取消状态表测试项目（${state}）` });
      // Put the row in each state as the lifecycle would have (the transition table is tested elsewhere).
      await sql`update projects set status = ${state}, published_at = case when ${state} = 'draft' then null else published_at end where id = ${id}`.execute(
        h.db,
      );
      const attempt = cancelProject(h.db, owner, id, ground);
      if ((CANCELLABLE_STAGES as readonly string[]).includes(state)) await attempt;
      else {
        const e = await expectDomainError(attempt, "errors.project.notCancellable");
        expect([e.status, e.params]).toEqual([409, { state: `@project.state.${state}` }]);
      }
    }
  });

  it("after the award ends the award with the project, is a public notice, tells the bidders and raises a red flag", async () => {
    const id = await w.project(owner, { title: "中选后取消测试项目" });
    await bid(agencies[0]!, id, 38_000_00);
    await bid(agencies[1]!, id, 42_000_00);
    await w.passDeadline(id);
    await openDueProjects(h.db);
    const award = await h.db
      .selectFrom("awards")
      .select(["id", "status", "agencyOrgId"])
      .where("projectId", "=", id)
      .executeTakeFirstOrThrow();
    expect(award.status).toBe("publicity");
    await cancelProject(h.db, owner, id, { ground: "fundingUnavailable", explanation: "年度预算调整，资金未落实。" });
    const after = await h.db.selectFrom("awards").select(["status", "annulledReason"]).where("id", "=", award.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: "annulled", annulledReason: "projectCancelled:fundingUnavailable" });
    const p = await h.db.selectFrom("projects").select(["status", "statusReason"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(p).toEqual({ status: "cancelled", statusReason: "fundingUnavailable" });
    const page = (await getProjectPage(h.db, null, id))!;
    expect(page.notices.cancellation).toMatchObject({
      ground: "fundingUnavailable",
      stage: "awarded",
      explanation: "年度预算调整，资金未落实。",
    });
    const told = await h.db
      .selectFrom("notifications")
      .select("orgId")
      .where("subjectId", "=", id)
      .where("kind", "=", "project.cancelled")
      .execute();
    expect(told.map((n) => n.orgId).sort()).toEqual([agencies[0]!.org!.id, agencies[1]!.org!.id].sort());
    const hits = evaluateFlags(await loadFlagDataset(h.db)).filter((x) => x.flag === "cancelledAfterAward" && x.subjectId === id);
    expect(hits).toEqual([expect.objectContaining({ agencyIds: [award.agencyOrgId], valueFen: 38_000_00 })]);
    // A second cancellation finds it cancelled; the notice cannot be rewritten.
    const again = await expectDomainError(
      cancelProject(h.db, owner, id, { ground: "forceMajeure", explanation: "再次取消的尝试说明。" }),
      "errors.project.notCancellable",
    );
    expect(again.params).toEqual({ state: "@project.state.cancelled" });
    await expectRaised(
      sql`update project_cancellations set ground = 'forceMajeure' where project_id = ${id}`.execute(h.db),
      "notices_append_only",
    );
  });

  it("before the award raises no red flag; a copy published again names its predecessor, both ways", async () => {
    const id = await w.project(owner, { title: "报价中取消后重新发布的项目" });
    await cancelProject(h.db, owner, id, { ground: "documentsDefective", explanation: "公告中服务范围表述有误，需更正后重新发布。" });
    expect(evaluateFlags(await loadFlagDataset(h.db)).filter((x) => x.flag === "cancelledAfterAward" && x.subjectId === id)).toEqual([]);
    const copy = await copyAsDraft(h.db, owner, id);
    // A draft copy is the owner's business: not shown on the old project's page yet.
    expect((await getProjectPage(h.db, null, id))!.notices.successors).toEqual([]);
    await sql`update projects set bid_deadline = now() + interval '20 days' where id = ${copy.id}`.execute(h.db);
    await publishProject(h.db, owner, copy.id, crypto.randomUUID());
    expect((await getProjectPage(h.db, null, id))!.notices.successors.map((s) => s.id)).toEqual([copy.id]);
    expect((await getProjectPage(h.db, null, copy.id))!.notices.predecessor).toMatchObject({ id, status: "cancelled" });
  });
});
