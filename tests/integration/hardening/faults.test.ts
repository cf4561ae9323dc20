import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  sql,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { isDomainError } from "~/modules/errors";
import { signUp } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { refreshFlagHits } from "~/modules/oversight/flags.server";
import {
  acceptDeliveryAndRelease,
  connectPayoutAccount,
  getPayoutAccount,
  handleStripeEvent,
  settlePendingMovements,
  startFunding,
} from "~/modules/payments/payments.server";
import { addAttachment, withUploadedDocument } from "~/modules/procurement/attachments.server";
import { submitBid } from "~/modules/procurement/bids.server";
import { submitDelivery } from "~/modules/procurement/contracts.server";
import { createProject } from "~/modules/procurement/projects.server";
import { finalizeDueAwards, getSelection, openDueProjects } from "~/modules/procurement/selection.server";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { submitQualification } from "~/modules/agencies/qualifications.server";
import { QualificationSchema } from "~/modules/agencies/qualifications.schema";
import { fileComplaint } from "~/modules/trust/complaints.server";
import { recomputeDueCreditScores } from "~/modules/trust/credit.server";
import { action as signupAction } from "~/routes/account/signup";
import { isDatabaseUnavailable, openDatabase, type Database, type DatabaseHandle } from "~/server/db.server";
import { FileStore } from "~/server/files.server";
import type { Mailer } from "~/server/mailer.server";
import { sendPendingNotificationEmails } from "~/server/mailer.server";
import { createTestDatabase } from "../../support/db";
import { signUpInput } from "../../support/fixtures";
import { testStripe } from "../../support/stripe";
import { world } from "../../support/world";
import {
  AUDIT_CHAIN_LOCK,
  controlClient,
  databaseUrl,
  onPostgres,
  sleep,
  terminateAdvisoryWaiters,
  waitForAdvisoryWaiters,
  waitUntil,
} from "./pg-control";

/*
 * Faults: the database connection dropping in the middle of a multi-row change, a scheduled job dying
 * halfway, and uploads failing (a full disk, the database refusing the record). Every change must be all
 * or nothing, fail promptly with an error the caller can tell apart (no hang), leave the pool able to serve
 * the next call, and a re-run of a job must finish the work without doing any of it twice.
 *
 * Two ways to break a change at a chosen point: on PostgreSQL, the backend running it is terminated from a
 * second connection (while it waits for the audit lock held there, or between two statements of its
 * transaction); everywhere, a Kysely plugin throws a connection-loss error right after a chosen statement
 * ran (the transaction it belongs to then rolls back, as it would when the connection is lost).
 */

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let control: pg.Client | null = null;
let owner: Viewer;
let dir: string;
let files: FileStore;

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  owner = await w.owner("故障测试业主有限公司");
  if (onPostgres) control = await controlClient(h.db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-faults-"));
  files = new FileStore(dir);
});
afterAll(async () => {
  await control?.end();
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

// ─── fault injection ──────────────────────────────────────────────────────────────────────────────────

/** What pg reports when the server terminates the connection (SQLSTATE 57P01). */
function connectionLost(): Error {
  return Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01", severity: "FATAL" });
}

type Matcher = (node: RootOperationNode) => boolean;

function tableOf(node: OperationNode | undefined): string | null {
  const n = node as { kind?: string; table?: { identifier?: { name?: string } }; node?: OperationNode } | undefined;
  if (n?.kind === "TableNode") return n.table?.identifier?.name ?? null;
  if (n?.kind === "AliasNode") return tableOf(n.node);
  return null;
}
const insertInto =
  (table: string): Matcher =>
  (node) =>
    node.kind === "InsertQueryNode" && tableOf(node.into) === table;
const updateOf =
  (table: string): Matcher =>
  (node) =>
    node.kind === "UpdateQueryNode" && tableOf(node.table) === table;
const anyStatement: Matcher = () => true;

/**
 * Runs an action right after the `skip + 1`-th statement that matches has run (its result is not yet
 * back in the application). Used with `db.withPlugin(fault)`; armed once, then inert.
 */
class FaultPlugin implements KyselyPlugin {
  private rule: { match: Matcher; skip: number; action: () => Promise<void>; before: boolean } | null = null;
  private hit = new WeakSet<object>();
  fired = false;
  arm(match: Matcher, action: () => Promise<void>, skip = 0) {
    this.rule = { match, skip, action, before: false };
    this.fired = false;
  }
  /** The statement never reaches the database: the connection is lost as it is sent. */
  armBefore(match: Matcher, skip = 0) {
    this.rule = { match, skip, action: throwConnectionLost, before: true };
    this.fired = false;
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.rule && this.rule.match(args.node)) {
      if (this.rule.skip === 0) {
        if (this.rule.before) {
          this.rule = null;
          this.fired = true;
          throw connectionLost();
        }
        this.hit.add(args.queryId);
      }
      this.rule.skip -= 1;
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.hit.has(args.queryId) && this.rule) {
      const { action } = this.rule;
      this.rule = null;
      this.fired = true;
      await action();
    }
    return args.result;
  }
}

const throwConnectionLost = async () => {
  throw connectionLost();
};

/**
 * On PostgreSQL, a second pool (application_name "victim") whose connection is terminated between two
 * statements of a transaction; elsewhere the same plugin throws the error a lost connection gives.
 */
async function faultyDatabase(): Promise<{ db: Database; fault: FaultPlugin; kill: () => Promise<void>; close: () => Promise<void> }> {
  const fault = new FaultPlugin();
  if (!onPostgres) return { db: h.db.withPlugin(fault), fault, kill: throwConnectionLost, close: async () => {} };
  const victim = await openDatabase({ url: await databaseUrl(h.db, { application_name: "victim" }), poolSize: 3 });
  const kill = async () => {
    const { rows } = await control!.query(
      "select pid from pg_stat_activity where datname = current_database() and application_name = 'victim' and state like 'idle in transaction%'",
    );
    expect(rows, "one victim transaction between two statements").toHaveLength(1);
    await control!.query("select pg_terminate_backend($1)", [rows[0].pid]);
    await waitUntil(control!, "select (count(*) = 0)::int from pg_stat_activity where pid = $1", [rows[0].pid]);
    await sleep(20); // the client sees its socket close before the application sends the next statement
  };
  return { db: victim.db.withPlugin(fault), fault, kill, close: () => victim.close() };
}

/** The promise settles within `ms` (a dead connection must fail the call, not hang it). */
async function settlesWithin<T>(p: Promise<T>, ms = 10_000): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)));
  try {
    return (await Promise.allSettled([Promise.race([p, timeout])]))[0]!;
  } finally {
    clearTimeout(timer);
  }
}

function expectConnectionFailure(r: PromiseSettledResult<unknown>) {
  expect(r.status).toBe("rejected");
  const e = (r as PromiseRejectedResult).reason;
  expect(isDomainError(e), String(e)).toBe(false);
  expect(isDatabaseUnavailable(e), String(e)).toBe(true);
}

const countRows = async (q: Promise<unknown[]>) => (await q).length;

function storedFiles(): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

const PDF = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");

// ─── tests ────────────────────────────────────────────────────────────────────────────────────────────

describe("a connection dropped in the middle of a change", () => {
  it.skipIf(!onPostgres)(
    "a sign-up whose connection is terminated mid-statement writes nothing, fails at once, and the pool serves the next one",
    async () => {
      const input = signUpInput({ orgName: "断线注册测试有限公司" });
      await control!.query("select pg_advisory_lock($1)", [AUDIT_CHAIN_LOCK]);
      let r: PromiseSettledResult<unknown>;
      try {
        const p = signUp(h.db, input);
        // Observed from now: it may fail while the backend is being terminated, before settlesWithin looks.
        p.catch(() => undefined);
        // The organisation, its user, membership and credit score are written; the audit append waits.
        await waitForAdvisoryWaiters(control!, AUDIT_CHAIN_LOCK);
        expect(await terminateAdvisoryWaiters(control!, AUDIT_CHAIN_LOCK)).toBe(1);
        r = await settlesWithin(p);
      } finally {
        await control!.query("select pg_advisory_unlock($1)", [AUDIT_CHAIN_LOCK]);
      }
      expectConnectionFailure(r);
      expect(await countRows(h.db.selectFrom("organizations").select("id").where("creditCode", "=", input.creditCode).execute())).toBe(0);
      expect(await countRows(h.db.selectFrom("users").select("id").where("email", "=", input.email).execute())).toBe(0);
      // The same pool, no restart: the retry goes through.
      const again = await signUp(h.db, input);
      expect(again.orgId).toBeTruthy();
      expect((await verifyAuditChain(h.db)).ok).toBe(true);
    },
  );

  it("an opening that loses its connection between two statements rolls back entirely; the next run opens the project once", async () => {
    const f = await faultyDatabase();
    try {
      const id = await w.project(owner);
      for (let i = 0; i < 3; i++)
        await submitBid(h.db, await w.agency(), id, { price: 30_000_00 + i * 1000, committedDays: 10, proposal: null });
      await w.passDeadline(id);
      f.fault.arm(anyStatement, f.kill, 6); // somewhere among the eligibility checks of the bids
      expectConnectionFailure(await settlesWithin(openDueProjects(f.db)));
      expect(f.fault.fired).toBe(true);
      expect((await h.db.selectFrom("projects").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("bidding");
      expect(await getSelection(h.db, id)).toBeNull();
      expect(
        await countRows(
          h.db.selectFrom("eligibilityChecks").select("id").where("projectId", "=", id).where("gate", "=", "opening").execute(),
        ),
      ).toBe(0);
      // The same (faulty) pool opens it on the next run, once.
      expect(await openDueProjects(f.db)).toBeGreaterThanOrEqual(1);
      expect((await getSelection(h.db, id))!.round).toBe(1);
      expect(await countRows(h.db.selectFrom("awards").select("id").where("projectId", "=", id).execute())).toBe(1);
      expect(
        await countRows(
          h.db.selectFrom("eligibilityChecks").select("id").where("projectId", "=", id).where("gate", "=", "opening").execute(),
        ),
      ).toBe(3);
    } finally {
      await f.close();
    }
  });

  it("a form post whose connection drops answers 503 with a message next to the form and its values kept — and nothing saved", async () => {
    const f = await faultyDatabase();
    try {
      const input = signUpInput({ orgName: "断线表单测试有限公司" });
      const form = new URLSearchParams({
        kind: "owner",
        ownerType: "enterprise",
        orgName: input.orgName,
        creditCode: input.creditCode,
        regionCode: input.regionCode,
        userName: input.userName,
        email: input.email,
        password: input.password,
        passwordConfirm: input.password,
      });
      f.fault.arm(insertInto("users"), f.kill);
      const request = new Request("http://localhost/signup", {
        method: "POST",
        body: form,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      const context = { db: f.db, clientAddress: "10.9.0.1", session: { cookieSecure: true, inactivityTimeoutMs: 30 * 86_400_000 } };
      const res = (await signupAction({ request, context: context as never, params: {} })) as unknown as {
        data: { fieldErrors: Record<string, string[]>; values: Record<string, string> };
        init: { status: number };
      };
      expect(f.fault.fired).toBe(true);
      expect(res.init.status).toBe(503);
      expect(res.data.fieldErrors._form).toEqual(["errors.unavailable"]);
      expect(res.data.values.orgName).toBe(input.orgName);
      expect(Object.keys(res.data.values).some((k) => /password/i.test(k))).toBe(false);
      expect(await countRows(h.db.selectFrom("organizations").select("id").where("creditCode", "=", input.creditCode).execute())).toBe(0);
    } finally {
      await f.close();
    }
  });
});

describe("a scheduled job that dies halfway is re-run safely", () => {
  it("openDueProjects: the project it was opening is opened by the next run, the one it had finished is not opened again", async () => {
    const ids: string[] = [];
    for (let p = 0; p < 2; p++) {
      const id = await w.project(owner);
      await submitBid(h.db, await w.agency(), id, { price: 30_000_00, committedDays: 10, proposal: null });
      await w.passDeadline(id);
      ids.push(id);
    }
    const fault = new FaultPlugin();
    fault.arm(insertInto("awards"), throwConnectionLost, 1); // the second project's award
    await expect(openDueProjects(h.db.withPlugin(fault))).rejects.toThrow(/terminating connection/);
    const statuses = async () =>
      (await h.db.selectFrom("projects").select(["id", "status"]).where("id", "in", ids).execute()).map((p) => p.status).sort();
    expect(await statuses()).toEqual(["awarded", "bidding"]);
    await openDueProjects(h.db);
    expect(await statuses()).toEqual(["awarded", "awarded"]);
    for (const id of ids) {
      expect((await getSelection(h.db, id))!.round).toBe(1);
      expect(await countRows(h.db.selectFrom("awards").select("id").where("projectId", "=", id).execute())).toBe(1);
      expect(
        await countRows(
          h.db.selectFrom("auditEvents").select("id").where("subjectId", "=", id).where("action", "=", "project.awarded").execute(),
        ),
      ).toBe(1);
    }
  });

  it("finalizeDueAwards: re-run after a failure, every award is final once", async () => {
    const ids: string[] = [];
    for (let p = 0; p < 2; p++) {
      const id = await w.project(owner);
      await submitBid(h.db, await w.agency(), id, { price: 30_000_00, committedDays: 10, proposal: null });
      await w.passDeadline(id);
      ids.push(id);
    }
    await openDueProjects(h.db);
    await sql`update awards set publicity_ends_at = now() - interval '1 second' where project_id in (${sql.join(ids)})`.execute(h.db);
    const fault = new FaultPlugin();
    fault.arm(updateOf("awards"), throwConnectionLost, 1);
    await expect(finalizeDueAwards(h.db.withPlugin(fault))).rejects.toThrow(/terminating connection/);
    expect((await h.db.selectFrom("awards").select("status").where("projectId", "in", ids).execute()).map((a) => a.status).sort()).toEqual([
      "final",
      "publicity",
    ]);
    await finalizeDueAwards(h.db);
    expect(await finalizeDueAwards(h.db)).toBe(0);
    for (const id of ids)
      expect(
        await countRows(
          h.db.selectFrom("auditEvents").select("id").where("subjectId", "=", id).where("action", "=", "award.final").execute(),
        ),
      ).toBe(1);
  });

  it("refreshFlagHits: a refresh that dies while writing keeps the previous hits whole, and the re-run writes the same set", async () => {
    const a = await w.agency("故障串标测试甲有限公司");
    const b = await w.agency("故障串标测试乙有限公司");
    await h.db
      .updateTable("organizations")
      .set({ contactPhone: "025-61234567", address: "南京市鼓楼区故障路 9 号" })
      .where("id", "in", [a.org!.id, b.org!.id])
      .execute();
    const id = await w.project(owner);
    await submitBid(h.db, a, id, { price: 41_000_00, committedDays: 10, proposal: null });
    await submitBid(h.db, b, id, { price: 41_000_00, committedDays: 10, proposal: null });
    await w.passDeadline(id);
    await openDueProjects(h.db);
    const first = await refreshFlagHits(h.db);
    expect(first).toBeGreaterThan(0);
    const snapshot = async () =>
      (
        await h.db.selectFrom("redFlagHits").select(["flag", "subjectType", "subjectId"]).orderBy("flag").orderBy("subjectId").execute()
      ).map((x) => `${x.flag}:${x.subjectType}:${x.subjectId}`);
    const before = await snapshot();
    const fault = new FaultPlugin();
    fault.arm(insertInto("red_flag_hits"), throwConnectionLost);
    await expect(refreshFlagHits(h.db.withPlugin(fault))).rejects.toThrow(/terminating connection/);
    expect(await snapshot()).toEqual(before);
    expect(await refreshFlagHits(h.db)).toBe(first);
    expect(await snapshot()).toEqual(before);
  });

  it("recomputeDueCreditScores: a run that dies after its first batch is finished by the next, which computes the same scores", async () => {
    const agencies: string[] = [];
    for (let i = 0; i < 5; i++) agencies.push((await w.agency()).org!.id);
    await h.db.deleteFrom("creditBreakdowns").where("agencyId", "in", agencies).execute();
    await h.db.deleteFrom("creditScores").where("agencyId", "in", agencies).execute();
    const now = new Date();
    await recomputeDueCreditScores(h.db, now); // whatever else is due now, so that only these five remain
    await h.db.deleteFrom("creditBreakdowns").where("agencyId", "in", agencies).execute();
    await h.db.deleteFrom("creditScores").where("agencyId", "in", agencies).execute();
    const fault = new FaultPlugin();
    fault.arm(insertInto("credit_scores"), throwConnectionLost, 1); // the second batch
    await expect(recomputeDueCreditScores(h.db.withPlugin(fault), now, 2)).rejects.toThrow(/terminating connection/);
    const scored = async () =>
      h.db.selectFrom("creditScores").select(["agencyId", "scoreCenti"]).where("agencyId", "in", agencies).orderBy("agencyId").execute();
    expect((await scored()).length).toBe(2);
    await recomputeDueCreditScores(h.db, now, 2);
    const after = await scored();
    expect(after.length).toBe(5);
    expect(await recomputeDueCreditScores(h.db, now, 2)).toBe(0);
    // Same numbers as a clean computation.
    await h.db.deleteFrom("creditBreakdowns").where("agencyId", "in", agencies).execute();
    await h.db.deleteFrom("creditScores").where("agencyId", "in", agencies).execute();
    await recomputeDueCreditScores(h.db, now, 1000);
    expect(await scored()).toEqual(after);
  });

  describe("payments", () => {
    let s: ReturnType<typeof testStripe>;
    let agency: Viewer;
    beforeAll(async () => {
      s = testStripe();
      agency = await w.agency("故障结算测试机构有限公司");
      await connectPayoutAccount(h.db, s.pay, agency, { refresh: "http://localhost/r", return: "http://localhost/r" });
      await handleStripeEvent(h.db, s.pay, await s.onboarded((await getPayoutAccount(h.db, agency.org!.id))!.stripeAccountId));
    });

    async function fundedDelivered() {
      const id = await w.signedContract(owner, agency);
      const f = await startFunding(h.db, s.pay, owner, id);
      await handleStripeEvent(h.db, s.pay, await s.paid(f.paymentIntentId!));
      await submitDelivery(h.db, agency, id, "成果文件");
      const contract = await h.db.selectFrom("contracts").select("id").where("projectId", "=", id).executeTakeFirstOrThrow();
      return { id, contractId: contract.id };
    }
    const movements = (contractId: string) =>
      h.db
        .selectFrom("paymentMovements")
        .select(["kind", "status", "amountFen"])
        .where("contractId", "=", contractId)
        .where("kind", "=", "release")
        .execute();
    const transfers = (contractId: string) =>
      s.fake ? [...s.fake.transfers.values()].filter((t) => t.transfer_group === contractId).length : null;

    it("an acceptance whose connection drops before the release is queued is undone whole; the retry accepts and pays once", async () => {
      const { id, contractId } = await fundedDelivered();
      const f = await faultyDatabase();
      try {
        f.fault.arm(insertInto("payment_movements"), f.kill);
        expectConnectionFailure(await settlesWithin(acceptDeliveryAndRelease(f.db, s.pay, owner, id)));
      } finally {
        await f.close();
      }
      expect((await h.db.selectFrom("contracts").select("status").where("id", "=", contractId).executeTakeFirstOrThrow()).status).toBe(
        "delivered",
      );
      expect(await movements(contractId)).toEqual([]);
      await acceptDeliveryAndRelease(h.db, s.pay, owner, id);
      expect(await movements(contractId)).toEqual([{ kind: "release", status: "succeeded", amountFen: 40_000_00 }]);
      if (s.fake) expect(transfers(contractId)).toBe(1);
    });

    it("settlePendingMovements: Stripe's answer lost, or the database lost after Stripe paid — the re-run pays nothing twice", async () => {
      const { id, contractId } = await fundedDelivered();
      const stripe = s.pay.stripe!;
      const create = stripe.transfers.create.bind(stripe.transfers);
      // 1. The transfer is made but its answer never arrives (a network error): the movement stays pending.
      const lost = vi.spyOn(stripe.transfers, "create").mockImplementation((async (...args: Parameters<typeof create>) => {
        await create(...args);
        throw Object.assign(new Error("socket hang up"), { type: "StripeConnectionError" });
      }) as never);
      await acceptDeliveryAndRelease(h.db, s.pay, owner, id);
      lost.mockRestore();
      expect(await movements(contractId)).toEqual([{ kind: "release", status: "pending", amountFen: 40_000_00 }]);
      // 2. The next run's call succeeds at Stripe, but the database connection is lost before it is recorded.
      const fault = new FaultPlugin();
      fault.arm(updateOf("payment_movements"), throwConnectionLost);
      await settlePendingMovements(h.db.withPlugin(fault), s.pay).catch(() => 0);
      expect(fault.fired).toBe(true);
      expect(await movements(contractId)).toEqual([{ kind: "release", status: "pending", amountFen: 40_000_00 }]);
      // 3. A clean run records it; Stripe saw the same idempotency key every time.
      expect(await settlePendingMovements(h.db, s.pay)).toBeGreaterThanOrEqual(1);
      expect(await movements(contractId)).toEqual([{ kind: "release", status: "succeeded", amountFen: 40_000_00 }]);
      if (s.fake) expect(transfers(contractId)).toBe(1);
      expect(await settlePendingMovements(h.db, s.pay)).toBe(0);
    });
  });

  it("sendPendingNotificationEmails: a refused recipient is retried later without holding up the rest; a run that dies is taken over, without repeating what was sent", async () => {
    const { orgId } = await signUp(h.db, signUpInput({ email: `chief-${Date.now()}@mail.example.cn` }));
    const members = [`a-${Date.now()}@mail.example.cn`, `bad-${Date.now()}@mail.example.cn`];
    for (const email of members) {
      const u = await h.db.insertInto("users").values({ email, name: "成员", passwordHash: "x" }).returning("id").executeTakeFirstOrThrow();
      await h.db.insertInto("memberships").values({ userId: u.id, orgId, role: "member" }).execute();
    }
    // Only this organisation's notifications matter here; the others in the database are marked sent.
    await h.db.updateTable("notifications").set({ emailedAt: new Date() }).where("emailedAt", "is", null).execute();
    const note = (kind: string) =>
      h.db
        .insertInto("notifications")
        .values({ orgId, kind, subjectType: "project", subjectId: crypto.randomUUID(), params: "{}" })
        .returning("id")
        .executeTakeFirstOrThrow();
    const n1 = await note("award.won");
    await sleep(5);
    const n2 = await note("objection.filed");
    const inbox: { to: string; text: string }[] = [];
    let refuseBad = 1;
    const mailer: Mailer = {
      async send(m) {
        if (m.to.startsWith("bad-") && refuseBad-- > 0) throw new Error("452 mailbox temporarily unavailable");
        inbox.push({ to: m.to, text: m.text });
      },
    };
    const t0 = new Date();
    // n1: refused for one recipient, retried later; n2 is not held up behind it.
    expect(await sendPendingNotificationEmails(h.db, mailer, "http://zjcs.example", 50, t0)).toBe(1);
    expect(await sendPendingNotificationEmails(h.db, mailer, "http://zjcs.example", 50, t0)).toBe(0);
    expect(inbox.length).toBe(5); // n1 to two members, n2 to all three
    expect(await sendPendingNotificationEmails(h.db, mailer, "http://zjcs.example", 50, new Date(t0.getTime() + 2 * 60_000))).toBe(1);
    const perRecipient = (n: number) =>
      Object.values(inbox.reduce<Record<string, number>>((acc, m) => ((acc[m.to] = (acc[m.to] ?? 0) + 1), acc), {})).every((c) => c === n);
    expect(inbox.length).toBe(6);
    expect(perRecipient(2)).toBe(true); // each of the three got n1 once and n2 once
    expect(
      (await h.db.selectFrom("notifications").select("emailedAt").where("id", "in", [n1.id, n2.id]).execute()).every((n) => n.emailedAt),
    ).toBe(true);

    // n3: the run dies (its database connection is lost) after the first recipient was recorded.
    inbox.length = 0;
    await note("complaint.filed");
    const fault = new FaultPlugin();
    fault.armBefore(updateOf("notifications"), 2); // the claim and the first recipient's record go through; the second's is lost
    await expect(sendPendingNotificationEmails(h.db.withPlugin(fault), mailer, "http://zjcs.example", 50, t0)).rejects.toThrow(
      /terminating connection/,
    );
    expect(inbox.length).toBe(2);
    // Another run before the claim runs out leaves it alone; after, it sends only to those not recorded.
    expect(await sendPendingNotificationEmails(h.db, mailer, "http://zjcs.example", 50, new Date(t0.getTime() + 60_000))).toBe(0);
    expect(await sendPendingNotificationEmails(h.db, mailer, "http://zjcs.example", 50, new Date(t0.getTime() + 6 * 60_000))).toBe(1);
    const counts = inbox.reduce<Record<string, number>>((acc, m) => ((acc[m.to] = (acc[m.to] ?? 0) + 1), acc), {});
    expect(Object.keys(counts)).toHaveLength(3);
    // The first recipient was recorded: never twice. The second was accepted by the mail server but its record
    // was lost with the connection: the one message that can go out twice. The third: once.
    expect(Object.values(counts).sort()).toEqual([1, 1, 2]);
  });
});

describe("uploads that fail leave neither records nor files", () => {
  const attachmentInput = async () =>
    ProjectSchema.parse({
      title: "上传故障测试项目",
      serviceItemId: String(await w.itemId("eia-form")),
      regionCode: "320100",
      description: "新建厂房项目，需编制环境影响报告表。",
      deliverables: "环境影响报告表",
      priceCeiling: "50000",
      selectionMethod: "lowestPrice",
      bidDeadline: new Date(Date.now() + 28 * 86_400_000).toISOString().slice(0, 16),
      expectedDays: "20",
    });
  const fileRows = async (orgId: string) => countRows(h.db.selectFrom("files").select("id").where("ownerOrgId", "=", orgId).execute());

  it("a full disk: the half-written file is removed and the owner is told, next to the field", async () => {
    const { id } = await createProject(h.db, owner, await attachmentInput());
    const realWrite = fs.promises.writeFile.bind(fs.promises);
    vi.spyOn(fs.promises, "writeFile").mockImplementation((async (file: fs.PathLike, data: Uint8Array, opts: fs.WriteFileOptions) => {
      await realWrite(file, data.subarray(0, 4), opts); // some bytes reach the disk, then it is full
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
    }) as never);
    const before = await fileRows(owner.org!.id);
    const e = await addAttachment(h.db, files, owner, id, { title: "平面图", confidential: false }, { bytes: PDF, name: "plan.pdf" }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(isDomainError(e)).toBe(true);
    expect(e).toMatchObject({ key: "errors.file.store", field: "document", status: 503 });
    expect(storedFiles()).toEqual([]);
    expect(await fileRows(owner.org!.id)).toBe(before);
    expect(await countRows(h.db.selectFrom("projectAttachments").select("id").where("projectId", "=", id).execute())).toBe(0);
    vi.restoreAllMocks();
    // Space again: the same upload goes through.
    await addAttachment(h.db, files, owner, id, { title: "平面图", confidential: false }, { bytes: PDF, name: "plan.pdf" });
    expect(storedFiles()).toHaveLength(1);
  });

  it("the database refusing the record (its connection lost): the stored file is removed again", async () => {
    const { id } = await createProject(h.db, owner, await attachmentInput());
    const agency = await w.agency("上传故障测试机构有限公司");
    const before = storedFiles().length;
    const f = await faultyDatabase();
    try {
      f.fault.arm(insertInto("project_attachments"), f.kill);
      expectConnectionFailure(
        await settlesWithin(
          addAttachment(f.db, files, owner, id, { title: "预算", confidential: true }, { bytes: PDF, name: "budget.pdf" }),
        ),
      );
      const q = QualificationSchema.parse({
        serviceItemId: String(await w.itemId("eia-form")),
        qualType: "环评资质",
        level: "",
        certificateNo: "环评证甲字 0001",
        issuer: "生态环境部",
        validFrom: "2025-01-01",
        validTo: "2028-12-31",
      });
      f.fault.arm(insertInto("qualifications"), f.kill);
      expectConnectionFailure(await settlesWithin(submitQualification(f.db, files, agency, q, { bytes: PDF, name: "cert.pdf" })));
    } finally {
      await f.close();
    }
    expect(storedFiles().length).toBe(before);
    expect(await countRows(h.db.selectFrom("projectAttachments").select("id").where("projectId", "=", id).execute())).toBe(0);
    expect(await countRows(h.db.selectFrom("qualifications").select("id").where("agencyId", "=", agency.org!.id).execute())).toBe(0);
    expect(await fileRows(agency.org!.id)).toBe(0);
  });

  it.skipIf(!onPostgres)(
    "a complaint with evidence whose connection is terminated while filing: the evidence is discarded with it",
    async () => {
      const agency = await w.agency("证据故障测试机构有限公司");
      const id = await w.project(owner);
      await submitBid(h.db, agency, id, { price: 30_000_00, committedDays: 10, proposal: null });
      const before = { files: storedFiles().length, rows: await fileRows(owner.org!.id) };
      const input = {
        subjectType: "agency" as const,
        projectId: id,
        agencyId: agency.org!.id,
        facts: "报价明显低于成本，疑似以不正当手段承揽业务，影响公平竞争。",
        provisions: "《江苏省行政审批中介服务管理办法》",
      };
      await control!.query("select pg_advisory_lock($1)", [AUDIT_CHAIN_LOCK]);
      let r: PromiseSettledResult<unknown>;
      try {
        const p = withUploadedDocument(h.db, files, owner, { bytes: PDF, name: "evidence.pdf" }, (fileId) =>
          fileComplaint(h.db, owner, input, new Date(), fileId),
        );
        p.catch(() => undefined); // observed from now (see the sign-up case)
        await waitForAdvisoryWaiters(control!, AUDIT_CHAIN_LOCK);
        expect(storedFiles().length).toBe(before.files + 1); // the evidence is on disk while the complaint waits
        expect(await terminateAdvisoryWaiters(control!, AUDIT_CHAIN_LOCK)).toBe(1);
        r = await settlesWithin(p);
      } finally {
        await control!.query("select pg_advisory_unlock($1)", [AUDIT_CHAIN_LOCK]);
      }
      expectConnectionFailure(r);
      expect(await countRows(h.db.selectFrom("complaints").select("id").where("projectId", "=", id).execute())).toBe(0);
      expect(await fileRows(owner.org!.id)).toBe(before.rows);
      expect(storedFiles().length).toBe(before.files);
    },
  );
});

describe("after every fault", () => {
  it("the audit chain verifies", async () => {
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });
});
