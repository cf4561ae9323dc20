import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "~/server/db.server";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import {
  acceptInvitation,
  changePassword,
  createRegulatorOffice,
  getInvitation,
  getViewer,
  inviteMember,
  logIn,
  signUp,
} from "~/modules/identity/accounts.server";
import { validateSessionToken } from "~/modules/identity/session.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError } from "../../support/errors";
import { signUpInput } from "../../support/fixtures";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => {
  await h?.close();
});

const sessionConfig = { inactivityTimeoutMs: 30 * 86_400_000 };

async function count(table: "organizations" | "users" | "memberships" | "auditEvents") {
  const r = await h.db
    .selectFrom(table)
    .select((e) => e.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return r.n;
}

describe("sign-up", () => {
  it("lists the organisation at once with its admin, a session and an audit event", async () => {
    const input = signUpInput({ orgName: "南京测试环评咨询有限公司" });
    const { userId, orgId, sessionToken } = await signUp(h.db, input);
    const viewer = await getViewer(h.db, userId);
    expect(viewer?.org).toMatchObject({ id: orgId, kind: "agency", name: "南京测试环评咨询有限公司", regionCode: "320100" });
    expect(viewer?.role).toBe("admin");
    const session = await validateSessionToken(h.db, sessionToken, sessionConfig);
    expect(session?.userId).toBe(userId);
    const user = await h.db.selectFrom("users").select("passwordHash").where("id", "=", userId).executeTakeFirstOrThrow();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const events = await h.db.selectFrom("auditEvents").selectAll().where("subjectId", "=", orgId).execute();
    expect(events.map((e) => e.action)).toEqual(["organization.registered"]);
  });

  it("refuses a second organisation with the same USCC and writes nothing", async () => {
    const first = signUpInput();
    await signUp(h.db, first);
    const before = { orgs: await count("organizations"), users: await count("users"), audit: await count("auditEvents") };
    await expectDomainError(signUp(h.db, signUpInput({ creditCode: first.creditCode })), "errors.uscc.taken", "creditCode");
    expect({ orgs: await count("organizations"), users: await count("users"), audit: await count("auditEvents") }).toEqual(before);
  });

  it("refuses an e-mail that already has an account and rolls the organisation back", async () => {
    const first = signUpInput();
    await signUp(h.db, first);
    const orgs = await count("organizations");
    await expectDomainError(signUp(h.db, signUpInput({ email: first.email })), "errors.email.taken", "email");
    expect(await count("organizations")).toBe(orgs);
  });

  it("refuses a region that does not exist", async () => {
    await expectDomainError(signUp(h.db, signUpInput({ regionCode: "999999" })), "errors.region.unknown", "regionCode");
  });

  it("keeps an owner's type", async () => {
    const { userId } = await signUp(h.db, signUpInput({ kind: "owner", ownerType: "department" }));
    expect((await getViewer(h.db, userId))?.org).toMatchObject({ kind: "owner", ownerType: "department" });
  });

  it("lets exactly one of two simultaneous sign-ups with one USCC through", async () => {
    const a = signUpInput();
    const b = signUpInput({ creditCode: a.creditCode });
    const results = await Promise.allSettled([signUp(h.db, a), signUp(h.db, b)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rows = await h.db.selectFrom("organizations").select("id").where("creditCode", "=", a.creditCode).execute();
    expect(rows).toHaveLength(1);
  });
});

describe("log-in", () => {
  it("logs in with the right password and refuses a wrong one", async () => {
    const input = signUpInput();
    const { userId } = await signUp(h.db, input);
    const ok = await logIn(h.db, { email: input.email, password: input.password }, "10.0.0.1");
    expect(ok.userId).toBe(userId);
    await expectDomainError(logIn(h.db, { email: input.email, password: "wrong password!" }, "10.0.0.1"), "errors.login.invalid");
    await expectDomainError(logIn(h.db, { email: "nobody@example.cn", password: "whatever123" }, "10.0.0.1"), "errors.login.invalid");
  });

  it("slows repeated failures down and then locks the account for a while", async () => {
    const input = signUpInput();
    await signUp(h.db, input);
    const t0 = new Date(Date.now() + 1000);
    const wrong = { email: input.email, password: "wrong password!" };
    for (let i = 0; i < 3; i++) await expectDomainError(logIn(h.db, wrong, "10.0.0.2", t0), "errors.login.invalid");
    // the fourth attempt right away is slowed, even with the right password
    await expectDomainError(logIn(h.db, { ...wrong, password: input.password }, "10.0.0.2", t0), "errors.login.slowed");
    let now = t0.getTime();
    for (let i = 3; i < 10; i++) {
      now += 120_000; // wait out each delay
      await expectDomainError(logIn(h.db, wrong, "10.0.0.2", new Date(now)), "errors.login.invalid");
    }
    await expectDomainError(
      logIn(h.db, { ...wrong, password: input.password }, "10.0.0.2", new Date(now + 120_000)),
      "errors.login.locked",
    );
    const unlocked = await logIn(h.db, { email: input.email, password: input.password }, "10.0.0.2", new Date(now + 16 * 60_000));
    expect(unlocked.sessionToken).toContain(".");
  });
});

describe("sessions", () => {
  it("stores only a hash of the secret, refreshes hourly and expires after inactivity", async () => {
    const input = signUpInput();
    const { sessionToken } = await signUp(h.db, input);
    const [id, secret] = sessionToken.split(".") as [string, string];
    const row = await h.db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.secretHash).toString("utf8")).not.toContain(secret);
    expect(await validateSessionToken(h.db, `${id}.${"a".repeat(24)}`, sessionConfig)).toBeNull();

    const t = row.lastVerifiedAt.getTime();
    const soon = await validateSessionToken(h.db, sessionToken, sessionConfig, new Date(t + 30 * 60_000));
    expect(soon?.refreshed).toBe(false);
    const later = await validateSessionToken(h.db, sessionToken, sessionConfig, new Date(t + 2 * 3600_000));
    expect(later?.refreshed).toBe(true);
    const expired = await validateSessionToken(h.db, sessionToken, sessionConfig, new Date(t + 2 * 3600_000 + 30 * 86_400_000));
    expect(expired).toBeNull();
    expect(await h.db.selectFrom("sessions").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
  });

  it("revokes every session of the user when the password changes", async () => {
    const input = signUpInput();
    const { userId, sessionToken } = await signUp(h.db, input);
    const other = await logIn(h.db, { email: input.email, password: input.password }, "10.0.0.3");
    const viewer = (await getViewer(h.db, userId))!;
    await expectDomainError(
      changePassword(h.db, viewer, {
        currentPassword: "not it at all",
        newPassword: "a new password",
        newPasswordConfirm: "a new password",
      }),
      "errors.password.wrongCurrent",
      "currentPassword",
    );
    const { sessionToken: fresh } = await changePassword(h.db, viewer, {
      currentPassword: input.password,
      newPassword: "a new password",
      newPasswordConfirm: "a new password",
    });
    expect(await validateSessionToken(h.db, sessionToken, sessionConfig)).toBeNull();
    expect(await validateSessionToken(h.db, other.sessionToken, sessionConfig)).toBeNull();
    expect(await validateSessionToken(h.db, fresh, sessionConfig)).not.toBeNull();
    await expectDomainError(logIn(h.db, { email: input.email, password: input.password }, "10.0.0.4"), "errors.login.invalid");
    expect((await logIn(h.db, { email: input.email, password: "a new password" }, "10.0.0.4")).userId).toBe(userId);
  });
});

describe("invitations", () => {
  it("lets an org admin invite a member who joins once", async () => {
    const { userId, orgId } = await signUp(h.db, signUpInput());
    const admin = (await getViewer(h.db, userId))!;
    const { token } = await inviteMember(h.db, admin, { email: "colleague@example.cn", role: "member" });
    expect((await getInvitation(h.db, token))?.state).toBe("open");
    const accept = { userName: "同事", password: "colleague password", passwordConfirm: "colleague password" };
    const results = await Promise.allSettled([acceptInvitation(h.db, token, accept), acceptInvitation(h.db, token, accept)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const joined = results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ userId: string }>;
    const member = await getViewer(h.db, joined.value.userId);
    expect(member?.org?.id).toBe(orgId);
    expect(member?.role).toBe("member");
    expect((await getInvitation(h.db, token))?.state).toBe("accepted");
  });

  it("refuses invitations from members and for e-mails that have an account", async () => {
    const input = signUpInput();
    const { userId } = await signUp(h.db, input);
    const admin = (await getViewer(h.db, userId))!;
    await expectDomainError(
      inviteMember(h.db, { ...admin, role: "member" }, { email: "x@example.cn", role: "member" }),
      "errors.forbidden",
    );
    await expectDomainError(inviteMember(h.db, admin, { email: input.email, role: "member" }), "errors.invite.hasAccount", "email");
  });

  it("does not accept an expired invitation", async () => {
    const { userId } = await signUp(h.db, signUpInput());
    const admin = (await getViewer(h.db, userId))!;
    const { token } = await inviteMember(h.db, admin, { email: "late@example.cn", role: "member" });
    await h.db
      .updateTable("invitations")
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where("email", "=", "late@example.cn")
      .execute();
    expect((await getInvitation(h.db, token))?.state).toBe("expired");
    await expectDomainError(
      acceptInvitation(h.db, token, { userName: "迟到", password: "late password", passwordConfirm: "late password" }),
      "errors.invite.unusable",
    );
  });
});

describe("regulator offices", () => {
  it("are created by a site admin or a regulator admin, never by others", async () => {
    const items = await h.db.selectFrom("serviceItems").select("id").limit(3).execute();
    const input = {
      officeName: "南京市测试监管局",
      regionCode: "320100",
      serviceItemIds: items.map((i) => i.id),
      adminEmail: "chief@nj.gov.cn",
    };
    const { userId } = await signUp(h.db, signUpInput());
    const agencyAdmin = (await getViewer(h.db, userId))!;
    await expectDomainError(createRegulatorOffice(h.db, agencyAdmin, input), "errors.forbidden");

    const siteAdmin = { ...agencyAdmin, org: null, role: null, isSiteAdmin: true };
    const { orgId, token } = await createRegulatorOffice(h.db, siteAdmin, input);
    const joined = await acceptInvitation(h.db, token, {
      userName: "局长",
      password: "regulator password",
      passwordConfirm: "regulator password",
    });
    const chief = (await getViewer(h.db, joined.userId))!;
    expect(chief.org).toMatchObject({ id: orgId, kind: "regulator" });
    const supervised = await h.db.selectFrom("regulatorServiceItems").select("serviceItemId").where("regulatorId", "=", orgId).execute();
    expect(supervised).toHaveLength(3);

    // the new regulator may in turn create another office
    const second = await createRegulatorOffice(h.db, chief, { ...input, officeName: "江宁区测试监管局", adminEmail: "deputy@nj.gov.cn" });
    expect(second.orgId).not.toBe(orgId);
  });

  it("refuses an unknown service item without writing anything", async () => {
    const before = await count("organizations");
    const siteAdmin = {
      userId: "00000000-0000-0000-0000-000000000000",
      name: "a",
      email: "a@b.cn",
      locale: "zh-CN" as const,
      isSiteAdmin: true,
      org: null,
      role: null,
    };
    await expectDomainError(
      createRegulatorOffice(h.db, siteAdmin, {
        officeName: "无效监管局",
        regionCode: "320100",
        serviceItemIds: [999999],
        adminEmail: "n@x.cn",
      }),
      "errors.serviceItems",
      "serviceItemIds",
    );
    expect(await count("organizations")).toBe(before);
  });
});

describe("the audit chain after all of the above", () => {
  it("is intact", async () => {
    const report = await verifyAuditChain(h.db);
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThan(5);
  });
});
