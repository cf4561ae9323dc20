import { sql } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents, verifyAuditChain } from "~/modules/audit/audit.server";
import { DomainError } from "~/modules/errors";
import { acceptInvitation, getViewer, inviteMember, signUp } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { usccCheckChar } from "~/modules/identity/uscc";
import { activateCase, concludeCase, finishCase, openCase } from "~/modules/oversight/cases.server";
import { CaseSchema, ConclusionSchema } from "~/modules/oversight/oversight.schema";
import {
  acceptDeliveryAndRelease,
  connectPayoutAccount,
  getPayoutAccount,
  handleStripeEvent,
  recordOfflinePayment,
  startFunding,
  terminateAndRefund,
} from "~/modules/payments/payments.server";
import { BID_RECEIPT_GRACE_MS, submitBid, withdrawBid } from "~/modules/procurement/bids.server";
import { signContract, submitDelivery } from "~/modules/procurement/contracts.server";
import { answerObjection, escalateObjection, escalateOverdueObjections, fileObjection } from "~/modules/procurement/objections.server";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { createProject, publishProject } from "~/modules/procurement/projects.server";
import { completeSelection, finalizeDueAwards, getDrawInputs, getSelection, openDueProjects } from "~/modules/procurement/selection.server";
import { checkDraw } from "~/modules/procurement/verify";
import { beijingDate, addCalendarDays } from "~/lib/beijing-calendar";
import { decideComplaint, fileComplaint } from "~/modules/trust/complaints.server";
import { issueSanction, liftSanction } from "~/modules/trust/sanctions.server";
import { SanctionSchema } from "~/modules/trust/trust.schema";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { signUpInput } from "../../support/fixtures";
import { testStripe } from "../../support/stripe";
import { expectDomainError } from "../../support/errors";
import { world } from "../../support/world";
import { AUDIT_CHAIN_LOCK, controlClient, LOCK_WAITERS, onPostgres, sleep, waitForAdvisoryWaiters, waitUntil } from "./pg-control";

/*
 * Races: the same action twice at once (a double click, a retried request, two instances running a
 * job), and actions that meet at a boundary (the bid deadline, the end of publicity). Each must leave
 * exactly one outcome in the database; the loser gets a clean DomainError; the audit chain still
 * verifies. On PostgreSQL the pool has 20 connections, so the calls really run in parallel; the
 * cases that stop a transaction at a chosen point (advisory locks held from a second connection)
 * run only there. On PGlite the same-action cases still run (writers are serialised there).
 */

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let control: pg.Client | null = null;
let owner: Viewer;
let regJs: Viewer;
const agencies: Viewer[] = [];
const STALL = 4242; // the advisory lock the test triggers below wait on

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  owner = await w.owner("并发测试业主有限公司");
  regJs = await w.regulator("江苏省并发测试监管处", "320000", "all");
  for (let i = 0; i < 6; i++) agencies.push(await w.agency(`并发测试机构${i}有限公司`));
  if (onPostgres) {
    control = await controlClient(h.db);
    // Test-only triggers that stop a bid write (after the deadline trigger, which fires first by name)
    // until the control connection lets go of the STALL lock: a bid "started before, committed after".
    await sql`create function test_stall() returns trigger language plpgsql as $$ begin perform pg_advisory_xact_lock_shared(${sql.lit(STALL)}); return new; end $$`.execute(
      h.db,
    );
    await sql`create trigger bids_zz_stall_insert before insert on bids for each row when (new.proposal = 'stall-insert') execute function test_stall()`.execute(
      h.db,
    );
    await sql`create trigger bids_zz_stall_update before update on bids for each row when (new.proposal = 'stall-update') execute function test_stall()`.execute(
      h.db,
    );
  }
});
afterAll(async () => {
  await control?.end();
  await h?.close();
});

type Settled<T> = PromiseSettledResult<T>;
const fulfilled = <T>(rs: Settled<T>[]) => rs.filter((r): r is PromiseFulfilledResult<T> => r.status === "fulfilled");
const rejected = <T>(rs: Settled<T>[]) =>
  rs.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);

/** Every loser failed with a DomainError whose key is one of `keys`. */
function expectCleanLosers(rs: Settled<unknown>[], keys: string[]) {
  for (const e of rejected(rs)) {
    expect(e, String(e)).toBeInstanceOf(DomainError);
    expect(keys).toContain((e as DomainError).key);
  }
}

async function actions(subjectType: string, id: string) {
  return (await listAuditEvents(h.db, subjectType, id)).map((e) => e.action);
}

const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;

async function dueProject(bids: [Viewer, number][], over: Record<string, unknown> = {}) {
  const id = await w.project(owner, over);
  for (const [a, price] of bids)
    await submitBid(h.db, a, id, { price, committedDays: 10, proposal: over.selectionMethod === "scored" ? "技术方案" : null });
  await w.passDeadline(id);
  return id;
}

/** A project awarded (publicity running) to the lowest of the bids. */
async function awardedProject(bids: [Viewer, number][]) {
  const id = await dueProject(bids);
  await openDueProjects(h.db);
  return id;
}

async function finalAward(agency: Viewer) {
  const id = await awardedProject([[agency, 40_000_00]]);
  await sql`update awards set publicity_ends_at = now() - interval '1 second' where project_id = ${id}`.execute(h.db);
  await finalizeDueAwards(h.db);
  return id;
}

async function signed(agency: Viewer) {
  const id = await finalAward(agency);
  await signContract(h.db, owner, id, beijingDate(new Date()));
  return id;
}

describe("awards", () => {
  it("three instances opening one due project at once make one selection and one award", async () => {
    const id = await dueProject([
      [agencies[0]!, 41_000_00],
      [agencies[1]!, 39_000_00],
      [agencies[2]!, 40_000_00],
    ]);
    await Promise.all([openDueProjects(h.db), openDueProjects(h.db), openDueProjects(h.db)]);
    expect(await h.db.selectFrom("awards").select("agencyOrgId").where("projectId", "=", id).execute()).toEqual([
      { agencyOrgId: agencies[1]!.org!.id },
    ]);
    expect((await getSelection(h.db, id))!.round).toBe(1);
    const a = await actions("project", id);
    expect([count(a, "project.selecting"), count(a, "project.awarded")]).toEqual([1, 1]);
    expect(checkDraw((await getDrawInputs(h.db, id))!)).toMatchObject({ commitmentMatches: true, seedMatches: true, outcomeMatches: true });
  });

  it("two evaluations of a scored selection submitted at once give one award; the other is refused", async () => {
    const id = await dueProject(
      [
        [agencies[0]!, 40_000_00],
        [agencies[1]!, 41_000_00],
        [agencies[2]!, 42_000_00],
      ],
      { selectionMethod: "scored", priceWeight: "40", technicalWeight: "50", creditWeight: "10" },
    );
    await openDueProjects(h.db);
    const bids = await h.db.selectFrom("bids").select(["id", "agencyId"]).where("projectId", "=", id).execute();
    const favour = (i: number) => Object.fromEntries(bids.map((b) => [b.id, [b.agencyId === agencies[i]!.org!.id ? 100 : 10]]));
    const rs = await Promise.allSettled(
      [0, 1, 2].map((i) => completeSelection(h.db, owner, id, { technicalScores: favour(i), declaredNoConflict: true })),
    );
    expect(fulfilled(rs)).toHaveLength(1);
    expectCleanLosers(rs, ["errors.project.state"]);
    expect(await h.db.selectFrom("awards").select("id").where("projectId", "=", id).execute()).toHaveLength(1);
    const a = await actions("project", id);
    expect([count(a, "selection.declaredNoConflict"), count(a, "project.awarded")]).toEqual([1, 1]);
    expect((await getSelection(h.db, id))!.round).toBe(1);
  });

  it("finalising from three instances at once makes the award final once", async () => {
    const id = await awardedProject([[agencies[3]!, 35_000_00]]);
    await sql`update awards set publicity_ends_at = now() - interval '1 second' where project_id = ${id}`.execute(h.db);
    await Promise.all([finalizeDueAwards(h.db), finalizeDueAwards(h.db), finalizeDueAwards(h.db)]);
    expect(await h.db.selectFrom("awards").select("status").where("projectId", "=", id).execute()).toEqual([{ status: "final" }]);
    expect(count(await actions("project", id), "award.final")).toBe(1);
  });

  it.skipIf(!onPostgres)(
    "an objection filed in the last second of publicity holds the award even if finalisation is already under way",
    async () => {
      const id = await awardedProject([
        [agencies[0]!, 30_000_00],
        [agencies[1]!, 31_000_00],
      ]);
      // Publicity ends before any other award's in this file, so the job has only this one to finalise.
      await sql`update awards set publicity_ends_at = now() + interval '1 hour' where project_id = ${id}`.execute(h.db);
      const award = await h.db.selectFrom("awards").select(["id", "publicityEndsAt"]).where("projectId", "=", id).executeTakeFirstOrThrow();
      const end = award.publicityEndsAt!.getTime();
      // The objection locks the award and writes its row, then waits (for the audit lock) before committing…
      await control!.query("select pg_advisory_lock($1)", [AUDIT_CHAIN_LOCK]);
      const objection = fileObjection(h.db, agencies[1]!, id, "中选报价低于成本，评审过程存在问题。", new Date(end - 1000));
      let finalizing: Promise<number> | null = null;
      try {
        await waitForAdvisoryWaiters(control!, AUDIT_CHAIN_LOCK);
        // …while the job, a second after publicity ended, has already picked the award (no objection yet).
        finalizing = finalizeDueAwards(h.db, new Date(end + 1000));
        await waitUntil(control!, LOCK_WAITERS, []);
      } finally {
        await control!.query("select pg_advisory_unlock($1)", [AUDIT_CHAIN_LOCK]);
      }
      const [o, f] = await Promise.allSettled([objection, finalizing!]);
      expect(o.status).toBe("fulfilled");
      expect(f.status).toBe("fulfilled");
      expect((await h.db.selectFrom("awards").select("status").where("id", "=", award.id).executeTakeFirstOrThrow()).status).toBe(
        "publicity",
      );
      expect(count(await actions("project", id), "award.final")).toBe(0);
    },
  );
});

describe("objections", () => {
  it("a double-clicked objection is filed once; two bidders objecting at once are both heard", async () => {
    const id = await awardedProject([
      [agencies[0]!, 30_000_00],
      [agencies[1]!, 31_000_00],
      [agencies[2]!, 32_000_00],
    ]);
    const grounds = "中选机构的报价低于成本，且承诺时限不合理。";
    const rs = await Promise.allSettled([
      fileObjection(h.db, agencies[1]!, id, grounds),
      fileObjection(h.db, agencies[1]!, id, grounds),
      fileObjection(h.db, agencies[2]!, id, grounds),
    ]);
    expect(fulfilled(rs)).toHaveLength(2);
    expectCleanLosers(rs, ["errors.objection.pending"]);
    const rows = await h.db.selectFrom("objections").select("objectorOrgId").where("projectId", "=", id).execute();
    expect(rows.map((r) => r.objectorOrgId).sort()).toEqual([agencies[1]!.org!.id, agencies[2]!.org!.id].sort());
    expect(count(await actions("project", id), "objection.filed")).toBe(2);
  });

  it("the owner's answer and the overdue escalation meeting give one outcome; a double-clicked escalation escalates once", async () => {
    for (let round = 0; round < 4; round++) {
      const id = await awardedProject([
        [agencies[0]!, 30_000_00],
        [agencies[3]!, 31_000_00],
      ]);
      const { id: objectionId } = await fileObjection(h.db, agencies[3]!, id, "评审过程不公开，要求说明中选理由。");
      await sql`update objections set answer_due_at = now() - interval '1 second' where id = ${objectionId}`.execute(h.db);
      const rs = await Promise.allSettled([
        answerObjection(h.db, owner, objectionId, "中选理由已在公示中说明，异议不成立。"),
        escalateOverdueObjections(h.db),
      ]);
      expectCleanLosers(rs, ["errors.objection.state"]);
      const o = await h.db
        .selectFrom("objections")
        .select(["status", "ownerAnswer"])
        .where("id", "=", objectionId)
        .executeTakeFirstOrThrow();
      const a = await actions("project", id);
      if (o.status === "answered") {
        expect(count(a, "objection.answered")).toBe(1);
        expect(count(a, "objection.escalated")).toBe(0);
        const twice = await Promise.allSettled([
          escalateObjection(h.db, agencies[3]!, objectionId),
          escalateObjection(h.db, agencies[3]!, objectionId),
        ]);
        expect(fulfilled(twice)).toHaveLength(1);
        expectCleanLosers(twice, ["errors.objection.state"]);
      } else {
        expect(o).toEqual({ status: "escalated", ownerAnswer: null });
        expect(count(a, "objection.answered")).toBe(0);
      }
      expect((await h.db.selectFrom("objections").select("status").where("id", "=", objectionId).executeTakeFirstOrThrow()).status).toBe(
        "escalated",
      );
      expect(count(await actions("project", id), "objection.escalated")).toBe(1);
    }
  });
});

describe("sanctions", () => {
  const input = (agency: Viewer, decisionRef: string) =>
    SanctionSchema.parse({
      agencyId: agency.org!.id,
      type: "suspension",
      grounds: "出具虚假报告，情节较重。",
      legalBasis: "《江苏省行政审批中介服务管理办法》第三十条",
      decisionRef,
      scopeRegions: [],
      scopeItems: [],
      startsOn: beijingDate(new Date()),
      endsOn: addCalendarDays(beijingDate(new Date()), 30),
      affiliates: "",
    });

  it("a decision issued twice at once is one sanction; two lifts at once lift it once", async () => {
    const target = await w.agency("并发惩戒测试机构有限公司");
    const ref = `苏中介罚〔2026〕${Math.floor(Math.random() * 1e6)}号`;
    const rs = await Promise.allSettled([
      issueSanction(h.db, regJs, input(target, ref)),
      issueSanction(h.db, regJs, input(target, ref)),
      issueSanction(h.db, regJs, input(target, ref)),
    ]);
    expect(fulfilled(rs)).toHaveLength(1);
    expectCleanLosers(rs, ["errors.sanction.duplicateRef"]);
    const rows = await h.db.selectFrom("sanctions").select("id").where("decisionRef", "=", ref).execute();
    expect(rows).toHaveLength(1);
    expect(
      await h.db
        .selectFrom("notifications")
        .select("id")
        .where("orgId", "=", target.org!.id)
        .where("kind", "=", "sanction.suspension")
        .execute(),
    ).toHaveLength(1);
    expect(count(await actions("organization", target.org!.id), "sanction.issued")).toBe(1);

    const lifts = await Promise.allSettled([
      liftSanction(h.db, regJs, rows[0]!.id, "整改到位"),
      liftSanction(h.db, regJs, rows[0]!.id, "整改到位"),
    ]);
    expect(fulfilled(lifts)).toHaveLength(1);
    expectCleanLosers(lifts, ["errors.sanction.notInForce"]);
    expect(count(await actions("sanction", rows[0]!.id), "sanction.lifted")).toBe(1);
  });
});

describe("complaints and cases", () => {
  it("a complaint filed twice at once is one complaint; decided twice at once, one decision and one credit event", async () => {
    const id = await w.project(owner);
    await submitBid(h.db, agencies[4]!, id, { price: 30_000_00, committedDays: 10, proposal: null });
    const complaint = {
      subjectType: "agency" as const,
      projectId: id,
      agencyId: agencies[4]!.org!.id,
      facts: "报价明显低于成本，疑似以不正当手段承揽业务，影响公平竞争。",
      provisions: "《江苏省行政审批中介服务管理办法》",
    };
    const filed = await Promise.allSettled([fileComplaint(h.db, owner, complaint), fileComplaint(h.db, owner, complaint)]);
    expect(fulfilled(filed)).toHaveLength(1);
    expectCleanLosers(filed, ["errors.complaint.alreadyPending"]);
    const complaintId = fulfilled(filed)[0]!.value.id;
    expect(count(await actions("project", id), "complaint.filed")).toBe(1);

    const decided = await Promise.allSettled([
      decideComplaint(h.db, regJs, complaintId, "uphold", "经调查投诉属实。"),
      decideComplaint(h.db, regJs, complaintId, "uphold", "经调查投诉属实。"),
    ]);
    expect(fulfilled(decided)).toHaveLength(1);
    expectCleanLosers(decided, ["errors.complaint.decided"]);
    expect(
      await h.db.selectFrom("breachEvents").select("id").where("kind", "=", "upheldComplaint").where("projectId", "=", id).execute(),
    ).toHaveLength(1);
    expect(count(await actions("project", id), "complaint.upheld")).toBe(1);
  });

  it("a case concluded twice at once (the same conclusion) records one finding; finished twice, once", async () => {
    const agency = await w.agency("并发监督测试机构有限公司");
    const c = await openCase(
      h.db,
      regJs,
      CaseSchema.parse({
        origin: "initiative",
        agencyId: agency.org!.id,
        title: "并发结论测试",
        grounds: "机构承诺与实际服务不符，需核实。",
      }),
    );
    await activateCase(h.db, regJs, c.id);
    const conclusion = ConclusionSchema.parse({
      finding: "violation",
      violation: "collusion",
      conclusion: "经核查，存在串通报价行为。",
      followUp: "creditEvent",
    });
    const rs = await Promise.allSettled([concludeCase(h.db, regJs, c.id, conclusion), concludeCase(h.db, regJs, c.id, conclusion)]);
    expect(fulfilled(rs)).toHaveLength(1);
    expectCleanLosers(rs, ["errors.case.state"]);
    expect(
      await h.db
        .selectFrom("breachEvents")
        .select("id")
        .where("agencyId", "=", agency.org!.id)
        .where("kind", "=", "monitoringFinding")
        .execute(),
    ).toHaveLength(1);
    const done = await Promise.allSettled([finishCase(h.db, regJs, c.id), finishCase(h.db, regJs, c.id)]);
    expect(fulfilled(done)).toHaveLength(1);
    expectCleanLosers(done, ["errors.case.state"]);
    const a = await actions("case", c.id);
    expect([count(a, "case.addressed"), count(a, "case.completed")]).toEqual([1, 1]);
  });
});

describe("bids at the deadline", () => {
  /** Moves the deadline of a bidding project to just now (after any bid already under way began). */
  async function deadlineNow(id: string) {
    await sleep(30);
    await sql`update projects set published_at = now() - interval '10 days', bid_deadline = now() - interval '10 milliseconds' where id = ${id}`.execute(
      h.db,
    );
  }

  /** Every bid still live on the project took part in its draw, with the content the draw committed to. */
  async function expectDrawHasEveryLiveBid(id: string) {
    const sel = (await getSelection(h.db, id))!;
    const live = await h.db
      .selectFrom("bids")
      .select(["id", "hash"])
      .where("projectId", "=", id)
      .where("status", "=", "submitted")
      .execute();
    expect(sel.validBids.map((e) => e.id).sort()).toEqual(live.map((b) => b.id).sort());
    for (const e of sel.validBids) expect(live.find((b) => b.id === e.id)!.hash).toBe(e.hash);
    expect(checkDraw((await getDrawInputs(h.db, id))!)).toMatchObject({ seedMatches: true, outcomeMatches: true });
    const award = await h.db.selectFrom("awards").select(["bidId", "priceFen"]).where("projectId", "=", id).executeTakeFirst();
    if (award)
      expect((await h.db.selectFrom("bids").select("priceFen").where("id", "=", award.bidId!).executeTakeFirstOrThrow()).priceFen).toBe(
        award.priceFen,
      );
  }

  it.skipIf(!onPostgres)(
    "a new bid that began before the deadline and commits after it is in the draw, or refused — never stored beside it",
    async () => {
      const id = await w.project(owner);
      await submitBid(h.db, agencies[0]!, id, { price: 40_000_00, committedDays: 10, proposal: null });
      await control!.query("select pg_advisory_lock($1)", [STALL]);
      let late: Promise<unknown>;
      try {
        late = submitBid(h.db, agencies[1]!, id, { price: 30_000_00, committedDays: 10, proposal: "stall-insert" });
        await waitForAdvisoryWaiters(control!, STALL);
        await deadlineNow(id);
        await openDueProjects(h.db); // the scheduled opening runs while that bid is still on its way
      } finally {
        await control!.query("select pg_advisory_unlock($1)", [STALL]);
      }
      const r = (await Promise.allSettled([late!]))[0]!;
      await openDueProjects(h.db);
      if (r.status === "rejected") expect((r.reason as DomainError).key).toBe("errors.bid.late");
      await expectDrawHasEveryLiveBid(id);
    },
  );

  it.skipIf(!onPostgres)(
    "a revision that began before the deadline and commits after it never changes a bid the draw already used",
    async () => {
      const id = await w.project(owner);
      await submitBid(h.db, agencies[2]!, id, { price: 40_000_00, committedDays: 10, proposal: null });
      await submitBid(h.db, agencies[3]!, id, { price: 41_000_00, committedDays: 10, proposal: null });
      await control!.query("select pg_advisory_lock($1)", [STALL]);
      let revision: Promise<unknown>;
      try {
        revision = submitBid(h.db, agencies[3]!, id, { price: 30_000_00, committedDays: 10, proposal: "stall-update" });
        await waitForAdvisoryWaiters(control!, STALL);
        await deadlineNow(id);
        await openDueProjects(h.db);
      } finally {
        await control!.query("select pg_advisory_unlock($1)", [STALL]);
      }
      const r = (await Promise.allSettled([revision!]))[0]!;
      await openDueProjects(h.db);
      if (r.status === "rejected") expect((r.reason as DomainError).key).toBe("errors.bid.late");
      await expectDrawHasEveryLiveBid(id);
    },
  );

  it("a revision racing a withdrawal leaves at most one live bid, never two", async () => {
    const id = await w.project(owner);
    for (let round = 0; round < 8; round++) {
      await submitBid(h.db, agencies[5]!, id, { price: 40_000_00 - round, committedDays: 10, proposal: null });
      const rs = await Promise.allSettled([
        submitBid(h.db, agencies[5]!, id, { price: 35_000_00 + round, committedDays: 9, proposal: null }),
        withdrawBid(h.db, agencies[5]!, id),
        submitBid(h.db, agencies[5]!, id, { price: 36_000_00 + round, committedDays: 8, proposal: null }),
      ]);
      expectCleanLosers(rs, ["errors.bid.duplicate"]);
      const live = await h.db
        .selectFrom("bids")
        .select("id")
        .where("projectId", "=", id)
        .where("agencyId", "=", agencies[5]!.org!.id)
        .where("status", "=", "submitted")
        .execute();
      expect(live.length).toBeLessThanOrEqual(1);
      // Withdrawing what is already withdrawn is a 409 repeat: withdraw only a live bid.
      if (live.length) await withdrawBid(h.db, agencies[5]!, id);
    }
  });

  it.skipIf(!onPostgres)(
    "a burst across the deadline with the opening running: every accepted bid is in the draw, every other one refused cleanly",
    async () => {
      const id = await w.project(owner);
      const rows = Array.from({ length: 40 }, (_, i) => {
        const body = `91320100MC${String(i).padStart(7, "0")}`;
        return {
          kind: "agency",
          name: `截止并发测试机构${i}有限公司`,
          creditCode: body + usccCheckChar(body),
          regionCode: "320100",
          legalRepresentative: `法人${i}`,
        };
      });
      const orgs = await h.db.insertInto("organizations").values(rows).returning(["id", "name", "regionCode"]).execute();
      const bidders: Viewer[] = orgs.map((o) => ({
        userId: owner.userId,
        name: "x",
        email: "x@x.cn",
        locale: "zh-CN",
        isSiteAdmin: false,
        role: "admin",
        org: { id: o.id, kind: "agency", name: o.name, ownerType: null, regionCode: o.regionCode },
      }));
      await sql`update projects set published_at = now() - interval '10 days', bid_deadline = now() + interval '400 milliseconds' where id = ${id}`.execute(
        h.db,
      );
      let stop = false;
      const opener = (async () => {
        while (!stop) {
          await openDueProjects(h.db);
          await sleep(15);
        }
      })();
      const rs = await Promise.allSettled(
        bidders.map(async (b, i) => {
          await sleep(i * 20);
          return submitBid(h.db, b, id, { price: 20_000_00 + i * 100, committedDays: 10, proposal: null });
        }),
      );
      stop = true;
      await opener;
      await openDueProjects(h.db);
      expectCleanLosers(rs, ["errors.bid.late", "errors.bid.closed"]);
      const stored = await h.db.selectFrom("bids").select(["id", "submittedAt", "receivedAt"]).where("projectId", "=", id).execute();
      const deadline = (await h.db.selectFrom("projects").select("bidDeadline").where("id", "=", id).executeTakeFirstOrThrow())
        .bidDeadline!;
      expect(stored).toHaveLength(fulfilled(rs).length);
      // Every stored bid was received before the deadline (it may have reached the database just after it).
      // Compared in the database: timestamptz has microseconds and a JS Date only milliseconds, so a bid
      // received 0.4 ms before the deadline reads as the same millisecond here.
      const late = await sql<{
        n: number;
      }>`select count(*)::int as n from bids b join projects p on p.id = b.project_id where b.project_id = ${id} and coalesce(b.received_at, b.submitted_at) >= p.bid_deadline`.execute(
        h.db,
      );
      expect(late.rows[0]!.n).toBe(0);
      for (const b of stored) expect((b.receivedAt ?? b.submittedAt).getTime()).toBeLessThanOrEqual(deadline.getTime());
      expect(fulfilled(rs).length).toBeGreaterThan(0);
      expect(rejected(rs).length).toBeGreaterThan(0);
      await expectDrawHasEveryLiveBid(id);
    },
  );
});

describe("bids are judged by their receipt", () => {
  const setDeadline = (id: string, offset: string) =>
    sql`update projects set published_at = now() - interval '10 days', bid_deadline = now() + ${offset}::interval where id = ${id}`.execute(
      h.db,
    );

  it("accepts a bid received before the deadline that reaches the database after it, and keeps when it was received", async () => {
    const id = await w.project(owner);
    const a = await w.agency();
    await setDeadline(id, "-1 second");
    const receivedAt = new Date(Date.now() - 2_000); // it waited two seconds for a connection
    await submitBid(h.db, a, id, { price: 30_000_00, committedDays: 10, proposal: null }, receivedAt);
    const bid = await h.db
      .selectFrom("bids")
      .select(["receivedAt", "submittedAt"])
      .where("projectId", "=", id)
      .where("agencyId", "=", a.org!.id)
      .executeTakeFirstOrThrow();
    expect(bid.receivedAt!.getTime()).toBe(receivedAt.getTime());
    // Its withdrawal now, after the deadline, is refused: a withdrawal is judged by its own time.
    await expectDomainError(withdrawBid(h.db, a, id), "errors.bid.late");
    // So is a revision received after the deadline.
    await expectDomainError(submitBid(h.db, a, id, { price: 20_000_00, committedDays: 10, proposal: null }, new Date()), "errors.bid.late");
    expect(
      (
        await h.db
          .selectFrom("bids")
          .select("priceFen")
          .where("projectId", "=", id)
          .where("agencyId", "=", a.org!.id)
          .executeTakeFirstOrThrow()
      ).priceFen,
    ).toBe(30_000_00);
  });

  it("refuses a receipt at or after the deadline, and trusts a receipt only 5 seconds back and never ahead", async () => {
    const id = await w.project(owner);
    await setDeadline(id, "-1 second");
    await expectDomainError(
      submitBid(h.db, await w.agency(), id, { price: 30_000_00, committedDays: 10, proposal: null }, new Date(Date.now() - 200)),
      "errors.bid.late",
    );
    // A receipt a minute old counts as 5 s before the database's time — still after a deadline 10 s ago.
    await setDeadline(id, "-10 seconds");
    await expectDomainError(
      submitBid(h.db, await w.agency(), id, { price: 30_000_00, committedDays: 10, proposal: null }, new Date(Date.now() - 60_000)),
      "errors.bid.late",
    );
    // A receipt in the future is taken as the database's own time.
    await setDeadline(id, "1 hour");
    const a = await w.agency();
    await submitBid(h.db, a, id, { price: 30_000_00, committedDays: 10, proposal: null }, new Date(Date.now() + 3_600_000));
    const bid = await h.db
      .selectFrom("bids")
      .select("receivedAt")
      .where("projectId", "=", id)
      .where("agencyId", "=", a.org!.id)
      .executeTakeFirstOrThrow();
    expect(bid.receivedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it("opens a project only once the receipt grace has passed after its deadline", async () => {
    const id = await w.project(owner);
    await submitBid(h.db, await w.agency(), id, { price: 30_000_00, committedDays: 10, proposal: null });
    await setDeadline(id, "-1 second");
    await openDueProjects(h.db, new Date(), { graceMs: BID_RECEIPT_GRACE_MS });
    expect((await h.db.selectFrom("projects").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("bidding");
    await setDeadline(id, "-6 seconds");
    await openDueProjects(h.db, new Date(), { graceMs: BID_RECEIPT_GRACE_MS });
    expect((await h.db.selectFrom("projects").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).not.toBe("bidding");
  });
});

describe("double-clicked forms and retried requests", () => {
  it("publishing with two different form keys at once publishes once", async () => {
    const input = ProjectSchema.parse({
      title: "双击发布测试项目",
      serviceItemId: String(await w.itemId("eia-form")),
      regionCode: "320100",
      description: "新建厂房项目，需编制环境影响报告表。",
      deliverables: "环境影响报告表",
      priceCeiling: "50000",
      selectionMethod: "lowestPrice",
      bidDeadline: new Date(Date.now() + 28 * 86_400_000).toISOString().slice(0, 16),
      expectedDays: "20",
    });
    const { id } = await createProject(h.db, owner, input);
    const rs = await Promise.allSettled([
      publishProject(h.db, owner, id, crypto.randomUUID()),
      publishProject(h.db, owner, id, crypto.randomUUID()),
    ]);
    expect(fulfilled(rs)).toHaveLength(1);
    expectCleanLosers(rs, ["errors.project.state"]);
    expect(count(await actions("project", id), "project.bidding")).toBe(1);
    expect(await h.db.selectFrom("projectSecrets").select("projectId").where("projectId", "=", id).execute()).toHaveLength(1);
  });

  it("signing, delivering and accepting twice at once each happen once", async () => {
    const id = await finalAward(agencies[0]!);
    const today = beijingDate(new Date());
    const sign = await Promise.allSettled([signContract(h.db, owner, id, today), signContract(h.db, owner, id, today)]);
    expect(fulfilled(sign)).toHaveLength(1);
    expectCleanLosers(sign, ["errors.project.state", "errors.contract.notFinal"]);
    expect(await h.db.selectFrom("contracts").select("id").where("projectId", "=", id).execute()).toHaveLength(1);
    const deliver = await Promise.allSettled([
      submitDelivery(h.db, agencies[0]!, id, "成果文件"),
      submitDelivery(h.db, agencies[0]!, id, "成果文件"),
    ]);
    expect(fulfilled(deliver)).toHaveLength(1);
    expectCleanLosers(deliver, ["errors.project.state"]);
    expect(
      await h.db
        .selectFrom("deliveries as d")
        .innerJoin("contracts as c", "c.id", "d.contractId")
        .select("d.id")
        .where("c.projectId", "=", id)
        .execute(),
    ).toHaveLength(1);
    const a = await actions("project", id);
    expect([count(a, "project.contracted"), count(a, "project.delivered")]).toEqual([1, 1]);
  });

  it("accepting a funded delivery twice at once releases the money once (one transfer)", async () => {
    const s = testStripe();
    const agency = await w.agency("并发结算测试机构有限公司");
    await connectPayoutAccount(h.db, s.pay, agency, {
      refresh: "http://localhost/agency/payouts?refresh=1",
      return: "http://localhost/agency/payouts?return=1",
    });
    await handleStripeEvent(h.db, s.pay, await s.onboarded((await getPayoutAccount(h.db, agency.org!.id))!.stripeAccountId));
    const id = await signed(agency);
    const funding = await Promise.allSettled([
      startFunding(h.db, s.pay, owner, id),
      startFunding(h.db, s.pay, owner, id),
      startFunding(h.db, s.pay, owner, id),
    ]);
    const pis = new Set(fulfilled(funding).map((r) => r.value.paymentIntentId));
    expect(pis.size).toBe(1);
    await handleStripeEvent(h.db, s.pay, await s.paid([...pis][0]!));
    await submitDelivery(h.db, agency, id, "成果文件");
    const rs = await Promise.allSettled([
      acceptDeliveryAndRelease(h.db, s.pay, owner, id),
      acceptDeliveryAndRelease(h.db, s.pay, owner, id),
    ]);
    expect(fulfilled(rs)).toHaveLength(1);
    expectCleanLosers(rs, ["errors.project.state"]);
    const releases = await h.db
      .selectFrom("paymentMovements as m")
      .innerJoin("contracts as c", "c.id", "m.contractId")
      .select(["m.status", "m.amountFen"])
      .where("c.projectId", "=", id)
      .where("m.kind", "=", "release")
      .execute();
    expect(releases).toEqual([{ status: "succeeded", amountFen: 40_000_00 }]);
    if (s.fake) {
      const contract = await h.db.selectFrom("contracts").select("id").where("projectId", "=", id).executeTakeFirstOrThrow();
      expect([...s.fake.transfers.values()].filter((t) => t.transfer_group === contract.id)).toHaveLength(1);
    }
    expect(count(await actions("project", id), "project.completed")).toBe(1);
  });

  it("terminating twice at once refunds once", async () => {
    const s = testStripe();
    const agency = await w.agency("并发退款测试机构有限公司");
    const id = await signed(agency);
    const f = await startFunding(h.db, s.pay, owner, id);
    await handleStripeEvent(h.db, s.pay, await s.paid(f.paymentIntentId!));
    const rs = await Promise.allSettled([
      terminateAndRefund(h.db, s.pay, owner, id, "业主项目取消，协商终止。"),
      terminateAndRefund(h.db, s.pay, owner, id, "业主项目取消，协商终止。"),
    ]);
    expect(fulfilled(rs)).toHaveLength(1);
    expectCleanLosers(rs, ["errors.project.state"]);
    const refunds = await h.db
      .selectFrom("paymentMovements as m")
      .innerJoin("contracts as c", "c.id", "m.contractId")
      .select("m.amountFen")
      .where("c.projectId", "=", id)
      .where("m.kind", "=", "refund")
      .execute();
    expect(refunds).toEqual([{ amountFen: 40_000_00 }]);
  });

  it("recording the same offline payment twice at once records it once", async () => {
    const agency = await w.agency("并发线下结算测试机构有限公司");
    const id = await signed(agency);
    const payment = { amountFen: 10_000_00, paidOn: beijingDate(new Date()), reference: "国库支付 2026-0001" };
    const rs = await Promise.allSettled([recordOfflinePayment(h.db, owner, id, payment), recordOfflinePayment(h.db, owner, id, payment)]);
    expect(fulfilled(rs)).toHaveLength(1);
    expectCleanLosers(rs, ["errors.payment.duplicateReference"]);
    const rows = await h.db
      .selectFrom("paymentMovements as m")
      .innerJoin("contracts as c", "c.id", "m.contractId")
      .select("m.amountFen")
      .where("c.projectId", "=", id)
      .execute();
    expect(rows).toEqual([{ amountFen: 10_000_00 }]);
    // A second instalment with its own reference is a different payment.
    await recordOfflinePayment(h.db, owner, id, { ...payment, reference: "国库支付 2026-0002" });
  });

  it("two sign-ups with one e-mail at once make one account and leave no organisation behind", async () => {
    const email = `same-${Date.now()}@example.cn`;
    const inputs = [signUpInput({ email }), signUpInput({ email }), signUpInput({ email })];
    const rs = await Promise.allSettled(inputs.map((i) => signUp(h.db, i)));
    expect(fulfilled(rs)).toHaveLength(1);
    expectCleanLosers(rs, ["errors.email.taken"]);
    expect(await h.db.selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect(
      await h.db
        .selectFrom("organizations")
        .select("id")
        .where(
          "creditCode",
          "in",
          inputs.map((i) => i.creditCode),
        )
        .execute(),
    ).toHaveLength(1);
  });

  it("two invitations for one e-mail accepted at once make one account", async () => {
    const email = `invitee-${Date.now()}@example.cn`;
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const admin = (await getViewer(h.db, (await signUp(h.db, signUpInput())).userId))!;
      tokens.push((await inviteMember(h.db, admin, { email, role: "member" })).token);
    }
    const accept = { userName: "受邀者", password: "invitee password", passwordConfirm: "invitee password" };
    const rs = await Promise.allSettled([...tokens, tokens[0]!].map((t) => acceptInvitation(h.db, t, accept)));
    expect(fulfilled(rs)).toHaveLength(1);
    expectCleanLosers(rs, ["errors.email.taken", "errors.invite.unusable"]);
    const users = await h.db.selectFrom("users").select("id").where("email", "=", email).execute();
    expect(users).toHaveLength(1);
    expect(await h.db.selectFrom("memberships").select("orgId").where("userId", "=", users[0]!.id).execute()).toHaveLength(1);
  });
});

describe("after every race", () => {
  it("the audit chain verifies", async () => {
    const report = await verifyAuditChain(h.db);
    expect(report.ok).toBe(true);
  });
});
