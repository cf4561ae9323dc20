import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import routes from "~/routes";
import { translate } from "~/i18n";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { DomainError } from "~/modules/errors";
import { changePassword, getViewer, logIn, signUp } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { validateSessionToken } from "~/modules/identity/session.server";
import { EMAIL_POLICY, IP_POLICY } from "~/modules/identity/throttle.rules";
import { submitBid } from "~/modules/procurement/bids.server";
import { fileComplaint } from "~/modules/trust/complaints.server";
import { action as logoutAction } from "~/routes/account/logout";
import { action as signupAction } from "~/routes/account/signup";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { signUpInput } from "../../support/fixtures";
import { world } from "../../support/world";

/*
 * Sessions and accounts under attack: a stolen cookie replayed after log-out, after a password change or
 * after it expired; a log-in racing a password change; and the rate limits (log-in, sign-up, complaint
 * filing) under a burst of parallel requests, which must count every request, not only the ones that
 * happened to finish first. The app has no password reset (see the last test).
 */

// A hook into the password check: the next verification may be held until the test lets it go, to put a
// log-in's slow Argon2 check exactly across a password change.
const gate = vi.hoisted(() => ({ hold: null as Promise<void> | null, held: null as (() => void) | null }));
vi.mock("~/modules/identity/password.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/modules/identity/password.server")>();
  return {
    ...real,
    verifyPassword: async (hash: string, password: string) => {
      const ok = await real.verifyPassword(hash, password);
      const hold = gate.hold;
      if (hold) {
        gate.hold = null;
        gate.held?.();
        await hold;
      }
      return ok;
    },
  };
});

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
const config = { inactivityTimeoutMs: 30 * 86_400_000 };
const session = { cookieSecure: true, inactivityTimeoutMs: config.inactivityTimeoutMs };

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
});
afterAll(async () => {
  await h?.close();
});

const settled = async <T>(ps: Promise<T>[]) => Promise.allSettled(ps);
const keysOf = (rs: PromiseSettledResult<unknown>[]) =>
  rs.map((r) => (r.status === "fulfilled" ? "ok" : r.reason instanceof DomainError ? r.reason.key : `unexpected: ${String(r.reason)}`));
const tally = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ((acc[x] = (acc[x] ?? 0) + 1), acc), {});

async function account() {
  const input = signUpInput();
  const { userId, sessionToken } = await signUp(h.db, input);
  return { input, userId, sessionToken, viewer: (await getViewer(h.db, userId))! as Viewer };
}

describe("stolen cookies", () => {
  it("are refused after the owner logs out, however often they are replayed", async () => {
    const { input } = await account();
    const stolen = (await logIn(h.db, { email: input.email, password: input.password }, "10.1.0.1")).sessionToken;
    const other = (await logIn(h.db, { email: input.email, password: input.password }, "10.1.0.2")).sessionToken;
    const s = (await validateSessionToken(h.db, stolen, config))!;
    expect(s).not.toBeNull();
    const res = (await logoutAction({
      request: new Request("http://localhost/logout", { method: "POST" }),
      context: { db: h.db, sessionId: s.id, session } as never,
      params: {},
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/^session=;.*Max-Age=0/);
    for (let i = 0; i < 3; i++) expect(await validateSessionToken(h.db, stolen, config)).toBeNull();
    // Log-out ends that session only; the same person's other device stays signed in.
    expect(await validateSessionToken(h.db, other, config)).not.toBeNull();
    // A forged secret for a live session id is refused too (the stored hash is compared, in constant time).
    const [id] = other.split(".") as [string, string];
    expect(await validateSessionToken(h.db, `${id}.${"b".repeat(24)}`, config)).toBeNull();
    expect(await validateSessionToken(h.db, `${id}.${"b".repeat(23)}`, config)).toBeNull();
  });

  it("are refused once the session has been idle for the inactivity period, and deleted", async () => {
    const { sessionToken } = await account();
    const [id] = sessionToken.split(".") as [string, string];
    const row = await h.db.selectFrom("sessions").select("lastVerifiedAt").where("id", "=", id).executeTakeFirstOrThrow();
    const t = row.lastVerifiedAt.getTime();
    const hourly = { inactivityTimeoutMs: 3600_000 }; // e.g. SESSION_INACTIVITY_DAYS, much shorter
    expect(await validateSessionToken(h.db, sessionToken, hourly, new Date(t + 59 * 60_000))).not.toBeNull();
    expect(await validateSessionToken(h.db, sessionToken, hourly, new Date(t + 59 * 60_000 + 3600_000))).toBeNull();
    expect(await h.db.selectFrom("sessions").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
    expect(await validateSessionToken(h.db, sessionToken, config, new Date(t + 60_000))).toBeNull();
  });

  it("stay alive while used, however old the session, and die 30 days after the last use", async () => {
    const { sessionToken } = await account();
    const [id] = sessionToken.split(".") as [string, string];
    let t = (
      await h.db.selectFrom("sessions").select("lastVerifiedAt").where("id", "=", id).executeTakeFirstOrThrow()
    ).lastVerifiedAt.getTime();
    for (let day = 0; day < 3; day++) {
      t += 20 * 86_400_000; // used every 20 days: 60 days in all
      expect((await validateSessionToken(h.db, sessionToken, config, new Date(t)))?.refreshed).toBe(true);
    }
    expect(await validateSessionToken(h.db, sessionToken, config, new Date(t + 30 * 86_400_000))).toBeNull();
  });

  it("are refused after a password change, on every device; the changer gets a fresh session", async () => {
    const { input, viewer, sessionToken } = await account();
    const phone = (await logIn(h.db, { email: input.email, password: input.password }, "10.1.0.3")).sessionToken;
    const { sessionToken: fresh } = await changePassword(h.db, viewer, {
      currentPassword: input.password,
      newPassword: "a brand new password",
      newPasswordConfirm: "a brand new password",
    });
    expect(await validateSessionToken(h.db, sessionToken, config)).toBeNull();
    expect(await validateSessionToken(h.db, phone, config)).toBeNull();
    expect(await validateSessionToken(h.db, fresh, config)).not.toBeNull();
  });

  it("cannot be had by logging in with the old password while the password is being changed", async () => {
    const { input, viewer } = await account();
    // The thief's log-in has read the old hash and is checking it when the owner changes the password.
    const verifying = new Promise<void>((r) => (gate.held = r));
    let release!: () => void;
    gate.hold = new Promise<void>((r) => (release = r));
    const thief = logIn(h.db, { email: input.email, password: input.password }, "10.1.0.4");
    await verifying;
    await changePassword(h.db, viewer, {
      currentPassword: input.password,
      newPassword: "changed in time",
      newPasswordConfirm: "changed in time",
    });
    release();
    const [r] = await settled([thief]);
    expect(keysOf([r!])).toEqual(["errors.login.invalid"]);
    const live = await h.db.selectFrom("sessions").select("id").where("userId", "=", viewer.userId).execute();
    expect(live).toHaveLength(1); // the changer's fresh session only
  });
});

describe("rate limits under a burst", () => {
  it("log-in: of 20 simultaneous guesses at one account, 3 reach the password check; the rest are slowed", async () => {
    const { input } = await account();
    const rs = await settled(
      Array.from({ length: 20 }, (_, i) => logIn(h.db, { email: input.email, password: `wrong guess ${i}` }, `10.2.0.${i}`)),
    );
    expect(tally(keysOf(rs))).toEqual({
      "errors.login.invalid": EMAIL_POLICY.freeAttempts,
      "errors.login.slowed": 20 - EMAIL_POLICY.freeAttempts,
    });
    const row = await h.db
      .selectFrom("loginThrottles")
      .select("failures")
      .where("key", "=", `email:${input.email}`)
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(EMAIL_POLICY.freeAttempts);
    // Even the right password waits now; the account's owner is told for how long.
    const e = await logIn(h.db, { email: input.email, password: input.password }, "10.2.1.1").catch((x: unknown) => x);
    expect(e).toMatchObject({ key: "errors.login.slowed", status: 429 });
    expect((e as DomainError).params.seconds).toBeGreaterThan(0);
  });

  it("log-in: one address spraying many accounts at once is slowed after its free attempts", async () => {
    const n = IP_POLICY.freeAttempts + 10;
    const rs = await settled(
      Array.from({ length: n }, (_, i) =>
        logIn(h.db, { email: `spray-${i}-${Date.now()}@example.cn`, password: "password123" }, "10.3.0.1"),
      ),
    );
    expect(tally(keysOf(rs))).toEqual({ "errors.login.invalid": IP_POLICY.freeAttempts, "errors.login.slowed": 10 });
  });

  it("log-in: a success clears the account's count and gives back the address's attempt", async () => {
    const { input } = await account();
    await logIn(h.db, { email: input.email, password: "wrong one" }, "10.4.0.1").catch(() => null);
    await logIn(h.db, { email: input.email, password: input.password }, "10.4.0.1");
    expect(
      await h.db.selectFrom("loginThrottles").select("key").where("key", "=", `email:${input.email}`).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      (await h.db.selectFrom("loginThrottles").select("failures").where("key", "=", "ip:10.4.0.1").executeTakeFirstOrThrow()).failures,
    ).toBe(1);
  });

  it("sign-up: a burst from one address stops at the limit; another address, or the next hour, may sign up", async () => {
    const limits = { signupsPerHour: 5, complaintsPerDay: 10 };
    const now = new Date();
    const inputs = Array.from({ length: 12 }, () => signUpInput());
    const rs = await settled(inputs.map((i) => signUp(h.db, i, { clientAddress: "10.5.0.1", limits, now })));
    expect(tally(keysOf(rs))).toEqual({ ok: 5, "errors.signup.throttled": 7 });
    const refused = rs.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ field: "_form", status: 429, params: { minutes: 60 } });
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
    ).toHaveLength(5);
    await signUp(h.db, signUpInput(), { clientAddress: "10.5.0.2", limits, now });
    await signUp(h.db, signUpInput(), { clientAddress: "10.5.0.1", limits, now: new Date(now.getTime() + 3600_000) });
  });

  it("sign-up: the form shows the limit's message, translated, next to the form, and keeps what was typed", async () => {
    const limits = { signupsPerHour: 1, complaintsPerDay: 10 };
    const post = (input: ReturnType<typeof signUpInput>) => {
      const body = new URLSearchParams({
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
      const request = new Request("http://localhost/signup", {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      return signupAction({ request, context: { db: h.db, clientAddress: "10.6.0.1", limits, session } as never, params: {} });
    };
    const first = (await post(signUpInput())) as Response;
    expect(first.status).toBe(302);
    const second = signUpInput();
    const res = (await post(second)) as unknown as {
      data: { fieldErrors: Record<string, string[]>; values: Record<string, string>; formParams: Record<string, number> };
      init: { status: number };
    };
    expect(res.init.status).toBe(429);
    expect(res.data.fieldErrors).toEqual({ _form: ["errors.signup.throttled"] });
    expect(res.data.values.orgName).toBe(second.orgName);
    expect(res.data.values.password).toBeUndefined();
    const zh = translate("zh-CN", "errors.signup.throttled", res.data.formParams);
    const en = translate("en", "errors.signup.throttled", res.data.formParams);
    expect(zh).toContain("60 分钟");
    expect(en).toContain("60 minutes");
    expect(translate("zh-CN", "errors.complaint.throttled", { hours: 3 })).toContain("3 小时");
    expect(translate("en", "errors.complaint.throttled", { hours: 3 })).toContain("3 hours");
  });

  it("complaints: a burst from one organisation files up to the limit; refused filings do not count", async () => {
    const limits = { signupsPerHour: 30, complaintsPerDay: 4 };
    const owner = await w.owner("投诉限流测试业主有限公司");
    const id = await w.project(owner);
    const bidders: Viewer[] = [];
    for (let i = 0; i < 7; i++) {
      const a = await w.agency(`投诉限流测试机构${i}有限公司`);
      await submitBid(h.db, a, id, { price: 30_000_00 + i, committedDays: 10, proposal: null });
      bidders.push(a);
    }
    const input = (agencyId: string | null) => ({
      subjectType: "agency" as const,
      projectId: id,
      agencyId,
      facts: "报价明显低于成本，疑似以不正当手段承揽业务，影响公平竞争。",
      provisions: "《江苏省行政审批中介服务管理办法》",
    });
    // An inadmissible one first (an agency that did not take part): refused, and not counted.
    const outsider = await w.agency("投诉限流旁观机构有限公司");
    await expect(fileComplaint(h.db, owner, input(outsider.org!.id), new Date(), null, limits)).rejects.toMatchObject({
      key: "errors.complaint.agencyNotInvolved",
    });
    const rs = await settled(bidders.map((b) => fileComplaint(h.db, owner, input(b.org!.id), new Date(), null, limits)));
    expect(tally(keysOf(rs))).toEqual({ ok: 4, "errors.complaint.throttled": 3 });
    expect((rs.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ status: 429, params: { hours: 24 } });
    expect(await h.db.selectFrom("complaints").select("id").where("complainantOrgId", "=", owner.org!.id).execute()).toHaveLength(4);
    // Another organisation is not held back by this one's count.
    await fileComplaint(h.db, bidders[0]!, { ...input(bidders[1]!.org!.id) }, new Date(), null, limits);
    // The next day the organisation may file again.
    await fileComplaint(h.db, owner, input(bidders[6]!.org!.id), new Date(Date.now() + 25 * 3600_000), null, limits).catch((e: unknown) => {
      // The complaint window may also have closed by then; what matters is that the limit no longer refuses it.
      expect((e as DomainError).key).not.toBe("errors.complaint.throttled");
    });
  });
});

describe("password reset", () => {
  it("does not exist: no route issues or takes a reset token, so there is no token to replay or to outlive", () => {
    const paths = JSON.stringify(routes);
    expect(paths).not.toMatch(/reset|forgot|recover/i);
  });
});

describe("after all of the above", () => {
  it("the audit chain verifies", async () => {
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });
});
