import { sql, type Kysely, type Transaction } from "kysely";
import { CURRENT_PLEDGE_VERSION } from "~/modules/agencies/pledge";
import { regionContains } from "~/modules/agencies/regions.rules";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { refreshCreditScores } from "~/modules/trust/credit.server";
import { DomainError, forbidden, isUniqueViolation } from "~/modules/errors";
import type {
  AcceptInvitationInput,
  ChangePasswordInput,
  CreateRegulatorInput,
  InviteInput,
  LogInInput,
  SignUpInput,
} from "./accounts.schema";
import { INVITATION_DAYS } from "./accounts.schema";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password.server";
import { createSession, generateSecureRandomString, hashSecret, invalidateUserSessions } from "./session.server";
import { DEFAULT_RATE_LIMITS, EMAIL_POLICY, IP_POLICY, signupPolicy, type RateLimits } from "./throttle.rules";
import { clearThrottle, hitRateLimit, refundAttempt, reserveAttempt } from "./throttle.server";

import type { MemberRole, OrgKind, Viewer } from "./viewer";

async function assertRegionExists(trx: Kysely<DB>, regionCode: string) {
  const region = await trx.selectFrom("regions").select("code").where("code", "=", regionCode).executeTakeFirst();
  if (!region) throw new DomainError("unknown_region", "errors.region.unknown", "regionCode");
}

/** Maps a unique violation from the database to the field it concerns. */
function translateConflict(e: unknown): never {
  if (isUniqueViolation(e, "organizations_credit_code_key"))
    throw new DomainError("duplicate_credit_code", "errors.uscc.taken", "creditCode");
  if (isUniqueViolation(e, "users_email_key")) throw new DomainError("duplicate_email", "errors.email.taken", "email");
  throw e;
}

/**
 * Registers an organisation with its first administrator. With the client's address (every request from
 * the sign-up form gives it) each attempt counts against the per-address limit first, before the slow
 * password hash: a burst of sign-ups from one address stops at the limit, on every instance.
 */
export async function signUp(
  db: Kysely<DB>,
  input: SignUpInput,
  opts: { clientAddress?: string; limits?: RateLimits; now?: Date } = {},
): Promise<{ userId: string; orgId: string; sessionToken: string }> {
  if (opts.clientAddress) {
    const verdict = await hitRateLimit(
      db,
      `signup:ip:${opts.clientAddress}`,
      signupPolicy(opts.limits ?? DEFAULT_RATE_LIMITS),
      opts.now ?? new Date(),
    );
    if (!verdict.allowed) {
      throw new DomainError("throttled", "errors.signup.throttled", "_form", { minutes: Math.ceil(verdict.retryAfterSeconds / 60) }, 429);
    }
  }
  const passwordHash = await hashPassword(input.password); // slow: done before the transaction opens
  const ids = await db
    .transaction()
    .execute(async (trx) => {
      await assertRegionExists(trx, input.regionCode);
      const org = await trx
        .insertInto("organizations")
        .values({
          kind: input.kind,
          ownerType: input.ownerType,
          name: input.orgName,
          creditCode: input.creditCode,
          regionCode: input.regionCode,
          ...(input.agency ? { ...input.agency, pledgeVersion: CURRENT_PLEDGE_VERSION, pledgeSignedAt: sql<Date>`now()` } : {}),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const user = await trx
        .insertInto("users")
        .values({ email: input.email, name: input.userName, passwordHash })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("memberships").values({ userId: user.id, orgId: org.id, role: "admin" }).execute();
      // A new agency starts with the formula's prior score (no record yet), so every agency has one.
      if (input.kind === "agency") await refreshCreditScores(trx, [org.id]);
      await recordAudit(trx, {
        action: "organization.registered",
        subjectType: "organization",
        subjectId: org.id,
        actorUserId: user.id,
        actorOrgId: org.id,
        data: {
          kind: input.kind,
          ownerType: input.ownerType,
          name: input.orgName,
          creditCode: input.creditCode,
          regionCode: input.regionCode,
          pledgeVersion: input.agency ? CURRENT_PLEDGE_VERSION : null,
        },
      });
      // The session is part of the sign-up: told "saved" means signed in, told "not saved" means nothing exists.
      const session = await createSession(trx, user.id);
      return { userId: user.id, orgId: org.id, sessionToken: session.token };
    })
    .catch(translateConflict);
  return ids;
}

export async function logIn(
  db: Kysely<DB>,
  input: LogInInput,
  clientAddress: string,
  now = new Date(),
): Promise<{ userId: string; sessionToken: string }> {
  const emailKey = `email:${input.email}`;
  const ipKey = `ip:${clientAddress}`;
  // The attempt is counted (as a failure) before the password is checked, so parallel guesses all count.
  const verdict = await reserveAttempt(
    db,
    [
      [emailKey, EMAIL_POLICY],
      [ipKey, IP_POLICY],
    ],
    now,
  );
  if (!verdict.allowed) {
    throw new DomainError(
      "throttled",
      verdict.reason === "locked" ? "errors.login.locked" : "errors.login.slowed",
      "_form",
      {
        seconds: verdict.retryAfterSeconds,
        minutes: Math.ceil(verdict.retryAfterSeconds / 60),
      },
      429,
    );
  }
  const invalid = () => new DomainError("invalid_credentials", "errors.login.invalid", "_form", {}, 401);
  const user = await db.selectFrom("users").select(["id", "passwordHash"]).where("email", "=", input.email).executeTakeFirst();
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !ok) throw invalid();
  // The session is issued only if the password checked is still the user's: a password change that
  // committed while the (slow) check ran ends every session, and this one must not outlive it.
  const session = await db.transaction().execute(async (trx) => {
    const still = await trx
      .selectFrom("users")
      .select("id")
      .where("id", "=", user.id)
      .where("passwordHash", "=", user.passwordHash)
      .forShare()
      .executeTakeFirst();
    if (!still) return null;
    // The attempt's bookkeeping commits with the session: a log-in told it failed leaves no session behind.
    await clearThrottle(trx, emailKey);
    await refundAttempt(trx, ipKey);
    return createSession(trx, user.id, now);
  });
  if (!session) throw invalid();
  return { userId: user.id, sessionToken: session.token };
}

export async function getViewer(db: Kysely<DB>, userId: string): Promise<Viewer | null> {
  const row = await db
    .selectFrom("users as u")
    .leftJoin("memberships as m", "m.userId", "u.id")
    .leftJoin("organizations as o", "o.id", "m.orgId")
    .select([
      "u.id as userId",
      "u.name",
      "u.email",
      "u.locale",
      "u.isSiteAdmin",
      "m.role",
      "o.id as orgId",
      "o.kind",
      "o.name as orgName",
      "o.ownerType",
      "o.regionCode",
    ])
    .where("u.id", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    locale: row.locale === "en" ? "en" : "zh-CN",
    isSiteAdmin: row.isSiteAdmin,
    role: (row.role as MemberRole | null) ?? null,
    org:
      row.orgId && row.kind && row.orgName && row.regionCode
        ? { id: row.orgId, kind: row.kind as OrgKind, name: row.orgName, ownerType: row.ownerType, regionCode: row.regionCode }
        : null,
  };
}

export async function changePassword(db: Kysely<DB>, viewer: Viewer, input: ChangePasswordInput): Promise<{ sessionToken: string }> {
  const user = await db.selectFrom("users").select("passwordHash").where("id", "=", viewer.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError("wrong_password", "errors.password.wrongCurrent", "currentPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ passwordHash, passwordChangedAt: new Date() }).where("id", "=", viewer.userId).execute();
    // Every session of the user ends, the one that asked included; a fresh one is issued below.
    await invalidateUserSessions(trx, viewer.userId);
    await recordAudit(trx, {
      action: "user.passwordChanged",
      subjectType: "user",
      subjectId: viewer.userId,
      actorUserId: viewer.userId,
      actorOrgId: viewer.org?.id ?? null,
    });
    // The fresh session commits with the new password: no answer leaves the user signed out of everything.
    const session = await createSession(trx, viewer.userId);
    return { sessionToken: session.token };
  });
}

export async function setLocale(db: Kysely<DB>, userId: string, locale: "zh-CN" | "en"): Promise<void> {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

function requireOrgAdmin(viewer: Viewer): NonNullable<Viewer["org"]> {
  if (!viewer.org || viewer.role !== "admin") throw forbidden();
  return viewer.org;
}

async function createInvitation(
  trx: Transaction<DB>,
  orgId: string,
  email: string,
  role: MemberRole,
  invitedBy: string,
): Promise<{ id: string; token: string }> {
  const existing = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (existing) throw new DomainError("email_has_account", "errors.invite.hasAccount", "email");
  const token = generateSecureRandomString() + generateSecureRandomString();
  const inv = await trx
    .insertInto("invitations")
    .values({
      orgId,
      email,
      role,
      tokenHash: hashSecret(token),
      invitedBy,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: inv.id, token };
}

export async function inviteMember(db: Kysely<DB>, viewer: Viewer, input: InviteInput): Promise<{ token: string }> {
  const org = requireOrgAdmin(viewer);
  return db.transaction().execute(async (trx) => {
    const inv = await createInvitation(trx, org.id, input.email, input.role, viewer.userId);
    await recordAudit(trx, {
      action: "membership.invited",
      subjectType: "organization",
      subjectId: org.id,
      actorUserId: viewer.userId,
      actorOrgId: org.id,
      data: { invitationId: inv.id, email: input.email, role: input.role },
    });
    return { token: inv.token };
  });
}

export type InvitationState = "open" | "expired" | "accepted" | "revoked";

export async function getInvitation(db: Kysely<DB>, token: string, now = new Date()) {
  if (!/^[a-z2-9]{48}$/.test(token)) return null;
  const row = await db
    .selectFrom("invitations as i")
    .innerJoin("organizations as o", "o.id", "i.orgId")
    .select(["i.id", "i.email", "i.role", "i.expiresAt", "i.acceptedAt", "i.revokedAt", "o.name as orgName", "o.kind as orgKind"])
    .where("i.tokenHash", "=", hashSecret(token))
    .executeTakeFirst();
  if (!row) return null;
  const state: InvitationState = row.acceptedAt ? "accepted" : row.revokedAt ? "revoked" : row.expiresAt <= now ? "expired" : "open";
  return { ...row, state };
}

export async function acceptInvitation(
  db: Kysely<DB>,
  token: string,
  input: AcceptInvitationInput,
): Promise<{ userId: string; sessionToken: string }> {
  const passwordHash = await hashPassword(input.password);
  return db
    .transaction()
    .execute(async (trx) => {
      // The conditional update lets exactly one of two concurrent acceptances through.
      const inv = await trx
        .updateTable("invitations")
        .set({ acceptedAt: new Date() })
        .where("tokenHash", "=", hashSecret(token))
        .where("acceptedAt", "is", null)
        .where("revokedAt", "is", null)
        .where("expiresAt", ">", new Date())
        .returning(["id", "orgId", "email", "role"])
        .executeTakeFirst();
      if (!inv) throw new DomainError("invitation_unusable", "errors.invite.unusable", "_form", {}, 410);
      const user = await trx
        .insertInto("users")
        .values({ email: inv.email, name: input.userName, passwordHash })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.updateTable("invitations").set({ acceptedBy: user.id }).where("id", "=", inv.id).execute();
      await trx.insertInto("memberships").values({ userId: user.id, orgId: inv.orgId, role: inv.role }).execute();
      await recordAudit(trx, {
        action: "membership.joined",
        subjectType: "organization",
        subjectId: inv.orgId,
        actorUserId: user.id,
        actorOrgId: inv.orgId,
        data: { invitationId: inv.id, role: inv.role },
      });
      // Joined and signed in, or neither.
      const session = await createSession(trx, user.id);
      return { userId: user.id, sessionToken: session.token };
    })
    .catch(translateConflict);
}

export async function listMembers(db: Kysely<DB>, orgId: string) {
  const members = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select(["u.id", "u.name", "u.email", "m.role", "m.createdAt"])
    .where("m.orgId", "=", orgId)
    .orderBy("m.createdAt")
    .execute();
  const invitations = await db
    .selectFrom("invitations")
    .select(["id", "email", "role", "createdAt", "expiresAt", "acceptedAt", "revokedAt"])
    .where("orgId", "=", orgId)
    .where("acceptedAt", "is", null)
    .orderBy("createdAt", "desc")
    .execute();
  return { members, invitations };
}

/** Site administrators and the administrators of a regulator office may create regulator offices. */
export function mayManageRegulators(viewer: Viewer | null): boolean {
  return !!viewer && (viewer.isSiteAdmin || (viewer.org?.kind === "regulator" && viewer.role === "admin"));
}

export async function createRegulatorOffice(
  db: Kysely<DB>,
  viewer: Viewer,
  input: CreateRegulatorInput,
): Promise<{ orgId: string; token: string }> {
  if (!mayManageRegulators(viewer)) throw forbidden();
  // A regulator administrator creates offices within its own remit only: its region, its items.
  const within = viewer.isSiteAdmin ? null : viewer.org;
  if (within && !regionContains(within.regionCode, input.regionCode))
    throw new DomainError("not_competent", "errors.trust.notCompetent", "regionCode", {}, 403);
  return db.transaction().execute(async (trx) => {
    await assertRegionExists(trx, input.regionCode);
    const items = await trx.selectFrom("serviceItems").select("id").where("id", "in", input.serviceItemIds).execute();
    if (items.length !== new Set(input.serviceItemIds).size) throw new DomainError("unknown_item", "errors.serviceItems", "serviceItemIds");
    if (within) {
      const own = await trx
        .selectFrom("regulatorServiceItems")
        .select("serviceItemId")
        .where("regulatorId", "=", within.id)
        .where("serviceItemId", "in", input.serviceItemIds)
        .execute();
      if (own.length !== new Set(input.serviceItemIds).size)
        throw new DomainError("not_competent", "errors.trust.notCompetent", "serviceItemIds", {}, 403);
    }
    const org = await trx
      .insertInto("organizations")
      .values({ kind: "regulator", name: input.officeName, regionCode: input.regionCode })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("regulatorServiceItems")
      .values(items.map((i) => ({ regulatorId: org.id, serviceItemId: i.id })))
      .execute();
    const inv = await createInvitation(trx, org.id, input.adminEmail, "admin", viewer.userId);
    await recordAudit(trx, {
      action: "regulator.created",
      subjectType: "organization",
      subjectId: org.id,
      actorUserId: viewer.userId,
      actorOrgId: viewer.org?.id ?? null,
      data: { name: input.officeName, regionCode: input.regionCode, serviceItemIds: items.map((i) => i.id), invitationId: inv.id },
    });
    return { orgId: org.id, token: inv.token };
  });
}

export async function listRegulatorOffices(db: Kysely<DB>) {
  return db
    .selectFrom("organizations as o")
    .innerJoin("regions as r", "r.code", "o.regionCode")
    .select((eb) => [
      "o.id",
      "o.name",
      "o.regionCode",
      "r.name as regionName",
      "o.createdAt",
      eb
        .selectFrom("regulatorServiceItems as s")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("s.regulatorId", "=", "o.id")
        .as("itemCount"),
      eb
        .selectFrom("memberships as m")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("m.orgId", "=", "o.id")
        .as("memberCount"),
    ])
    .where("o.kind", "=", "regulator")
    .orderBy("o.createdAt", "desc")
    .execute();
}
