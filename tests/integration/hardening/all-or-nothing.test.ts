import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { acceptInvitation, changePassword, getViewer, inviteMember, logIn, signUp } from "~/modules/identity/accounts.server";
import { verifyPassword } from "~/modules/identity/password.server";
import type { Viewer } from "~/modules/identity/viewer";
import { isDatabaseUnavailable, openDatabase, type Database, type DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { signUpInput } from "../../support/fixtures";
import { controlClient, databaseUrl, onPostgres, sleep, waitUntil } from "./pg-control";

/*
 * "Told it failed" means nothing was saved; "told it succeeded" means all of it was. Each write that ends in
 * a sign-in (sign-up, accepting an invitation, changing the password, logging in) is broken before each of
 * its statements in turn — everywhere by a plugin that fails the statement as a lost connection would; on
 * PostgreSQL also by terminating the backend for real right after the statement before it — and both
 * halves are checked: a rejection leaves none of the change, a success all of it, never a mixture.
 */

let h: DatabaseHandle;
let control: pg.Client | null = null;
let victim: DatabaseHandle | null = null;

beforeAll(async () => {
  h = await createTestDatabase();
  if (onPostgres) {
    control = await controlClient(h.db);
    victim = await openDatabase({ url: await databaseUrl(h.db, { application_name: "aon-victim" }), poolSize: 3 });
  }
});
afterAll(async () => {
  await victim?.close();
  await control?.end();
  await h?.close();
});

function connectionLost(): Error {
  return Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01", severity: "FATAL" });
}

/** Breaks the connection at the `at`-th statement (0-based) that goes through it: `before` it is sent, or right `after` the previous one. */
class BreakAt implements KyselyPlugin {
  seen = 0;
  fired = false;
  constructor(
    private readonly at: number,
    private readonly kill: (() => Promise<void>) | null,
  ) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const i = this.seen++;
    if (!this.kill && i === this.at) {
      this.fired = true;
      throw connectionLost();
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // The statement before the `at`-th has run; the connection dies before the next one is sent.
    if (this.kill && !this.fired && this.seen === this.at) {
      this.fired = true;
      await this.kill();
    }
    return args.result;
  }
}

/** Terminates every backend of the victim pool (idle, or idle in a transaction between two statements). */
async function terminateVictims() {
  const { rows } = await control!.query(
    "select pid from pg_stat_activity where datname = current_database() and application_name = 'aon-victim' and pid <> pg_backend_pid()",
  );
  for (const r of rows) await control!.query("select pg_terminate_backend($1)", [r.pid]);
  if (rows.length)
    await waitUntil(control!, "select (count(*) = 0)::int from pg_stat_activity where pid = any($1::int[])", [rows.map((r) => r.pid)]);
  await sleep(20); // the client sees its socket close before the application sends the next statement
}

type Outcome = "none" | "all" | "partial";

interface MultiStepWrite<S> {
  /** Fresh state for one attempt (done on the healthy database). */
  prepare(): Promise<S>;
  run(db: Database, s: S): Promise<unknown>;
  /** What of the change exists now. */
  saved(s: S): Promise<Outcome>;
}

const both = (a: boolean, b: boolean): Outcome => (a && b ? "all" : !a && !b ? "none" : "partial");
const count = async (q: Promise<unknown[]>) => (await q).length;

/**
 * For each statement of the write in turn, breaks the connection there: the call must reject as a
 * connection failure with nothing saved. Once past the last statement, it must succeed with all saved.
 * Returns how many statements were broken.
 */
async function breakEveryStatement<S>(write: MultiStepWrite<S>, mode: "plugin" | "terminate"): Promise<number> {
  for (let at = 0; at < 60; at++) {
    if (mode === "terminate" && at === 0) continue; // nothing runs before the first statement to terminate after
    const s = await write.prepare();
    const plugin = new BreakAt(at, mode === "terminate" ? terminateVictims : null);
    const base = mode === "terminate" ? victim!.db : h.db;
    const result = await write.run(base.withPlugin(plugin), s).then(
      () => ({ ok: true as const }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    const outcome = await write.saved(s);
    if (!plugin.fired) {
      expect(result.ok, `unbroken run: ${result.ok ? "" : String(result.e)}`).toBe(true);
      expect(outcome, "told ok: everything saved").toBe("all");
      return at;
    }
    if (result.ok) {
      // A break the write survived (a read retried on a fresh connection): then it is whole.
      expect(outcome, `statement ${at}: told ok, so everything saved`).toBe("all");
    } else {
      expect(isDatabaseUnavailable(result.e), `statement ${at}: ${String(result.e)}`).toBe(true);
      expect(outcome, `statement ${at}: told failed, so nothing saved`).toBe("none");
    }
  }
  throw new Error("the write never ran through");
}

const signUpWrite: MultiStepWrite<{ input: ReturnType<typeof signUpInput> }> = {
  prepare: async () => ({ input: signUpInput({ orgName: `全有全无注册${Math.random().toString(36).slice(2, 8)}有限公司` }) }),
  run: (db, { input }) => signUp(db, input),
  async saved({ input }) {
    const org = await h.db.selectFrom("organizations").select("id").where("creditCode", "=", input.creditCode).executeTakeFirst();
    const user = await h.db.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
    const sessions = user ? await count(h.db.selectFrom("sessions").select("id").where("userId", "=", user.id).execute()) : 0;
    const members = user ? await count(h.db.selectFrom("memberships").select("orgId").where("userId", "=", user.id).execute()) : 0;
    const audit = org
      ? await count(
          h.db
            .selectFrom("auditEvents")
            .select("id")
            .where("subjectId", "=", org.id)
            .where("action", "=", "organization.registered")
            .execute(),
        )
      : 0;
    const parts = [!!org, !!user, sessions === 1, members === 1, audit === 1];
    return parts.every(Boolean) ? "all" : parts.some(Boolean) ? "partial" : "none";
  },
};

let admin: Viewer;
async function orgAdmin(): Promise<Viewer> {
  if (admin) return admin;
  const { userId } = await signUp(h.db, signUpInput({ orgName: "全有全无邀请方有限公司" }));
  return (admin = (await getViewer(h.db, userId))!);
}

const invitationWrite: MultiStepWrite<{ token: string; email: string }> = {
  async prepare() {
    const email = `invitee-${Math.random().toString(36).slice(2, 10)}@example.cn`;
    const { token } = await inviteMember(h.db, await orgAdmin(), { email, role: "member" });
    return { token, email };
  },
  run: (db, { token }) =>
    acceptInvitation(db, token, { userName: "受邀成员", password: "correct horse battery", passwordConfirm: "correct horse battery" }),
  async saved({ email }) {
    const inv = await h.db
      .selectFrom("invitations")
      .select(["acceptedAt", "acceptedBy"])
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const user = await h.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    const sessions = user ? await count(h.db.selectFrom("sessions").select("id").where("userId", "=", user.id).execute()) : 0;
    const members = user ? await count(h.db.selectFrom("memberships").select("orgId").where("userId", "=", user.id).execute()) : 0;
    const parts = [!!inv.acceptedAt, inv.acceptedBy === user?.id && !!user, sessions === 1, members === 1];
    return parts.every(Boolean) ? "all" : parts.some(Boolean) ? "partial" : "none";
  },
};

const OLD = "correct horse battery";
const NEW = "another horse battery 2";

const passwordWrite: MultiStepWrite<{ viewer: Viewer; oldSession: string }> = {
  async prepare() {
    const { userId, sessionToken } = await signUp(h.db, signUpInput({ password: OLD }));
    return { viewer: (await getViewer(h.db, userId))!, oldSession: sessionToken.split(".")[0]! };
  },
  run: (db, { viewer }) => changePassword(db, viewer, { currentPassword: OLD, newPassword: NEW, newPasswordConfirm: NEW }),
  async saved({ viewer, oldSession }) {
    const user = await h.db.selectFrom("users").select("passwordHash").where("id", "=", viewer.userId).executeTakeFirstOrThrow();
    const changed = await verifyPassword(user.passwordHash, NEW);
    const sessions = await h.db.selectFrom("sessions").select("id").where("userId", "=", viewer.userId).execute();
    const oldGone = !sessions.some((x) => x.id === oldSession);
    const audit = await count(
      h.db
        .selectFrom("auditEvents")
        .select("id")
        .where("subjectId", "=", viewer.userId)
        .where("action", "=", "user.passwordChanged")
        .execute(),
    );
    // Changed: the old session ended, exactly one new one, audited. Not changed: the old session alone.
    if (changed && oldGone && sessions.length === 1 && audit === 1) return "all";
    if (!changed && !oldGone && sessions.length === 1 && audit === 0) return "none";
    return "partial";
  },
};

const logInWrite: MultiStepWrite<{ email: string; userId: string }> = {
  async prepare() {
    const input = signUpInput({ password: OLD });
    const { userId } = await signUp(h.db, input);
    await h.db.deleteFrom("sessions").where("userId", "=", userId).execute();
    // A failed attempt before: a successful log-in clears it, together with issuing the session.
    await h.db
      .insertInto("loginThrottles")
      .values({ key: `email:${input.email}`, failures: 1, lastFailureAt: new Date() })
      .execute();
    return { email: input.email, userId };
  },
  run: (db, { email }) =>
    logIn(db, { email, password: OLD }, `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`),
  async saved({ email, userId }) {
    const sessions = await count(h.db.selectFrom("sessions").select("id").where("userId", "=", userId).execute());
    const cleared = !(await h.db.selectFrom("loginThrottles").select("key").where("key", "=", `email:${email}`).executeTakeFirst());
    return both(sessions === 1, cleared);
  },
};

const writes = {
  "sign-up": signUpWrite,
  "accepting an invitation": invitationWrite,
  "changing the password": passwordWrite,
  "logging in": logInWrite,
};

describe("a write that ends in a sign-in is all or nothing", () => {
  for (const [name, write] of Object.entries(writes)) {
    it(`${name}: a connection lost before any of its statements saves nothing and says so; unbroken, it saves everything`, async () => {
      const statements = await breakEveryStatement(write as MultiStepWrite<unknown>, "plugin");
      expect(statements).toBeGreaterThanOrEqual(2);
    }, 120_000);

    it.skipIf(!onPostgres)(
      `${name}: the backend terminated after each of its statements — told failed, nothing saved`,
      async () => {
        const statements = await breakEveryStatement(write as MultiStepWrite<unknown>, "terminate");
        expect(statements).toBeGreaterThanOrEqual(2);
      },
      120_000,
    );
  }

  it("the audit chain is intact after all of it", async () => {
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });
});
