import { createHash, getRandomValues, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { isSessionExpired, parseSessionToken, shouldRefreshSession } from "./session.rules";

// Lucia's alphabet: lowercase letters and digits without the easily confused 0, 1, l, o.
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

export function generateSecureRandomString(): string {
  // 24 characters × 5 bits = 120 bits of entropy.
  const bytes = new Uint8Array(24);
  getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += ALPHABET[b >> 3];
  return out;
}

export function hashSecret(secret: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(secret).digest());
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

export interface SessionConfig {
  inactivityTimeoutMs: number;
}

export interface ValidSession {
  id: string;
  userId: string;
  createdAt: Date;
  lastVerifiedAt: Date;
  /** True when lastVerifiedAt was moved forward now: the cookie should be sent again. */
  refreshed: boolean;
}

export async function createSession(db: Kysely<DB>, userId: string, now = new Date()): Promise<{ token: string; id: string }> {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  await db
    .insertInto("sessions")
    .values({ id, userId, secretHash: hashSecret(secret), createdAt: now, lastVerifiedAt: now })
    .execute();
  return { token: `${id}.${secret}`, id };
}

export async function validateSessionToken(
  db: Kysely<DB>,
  token: string,
  config: SessionConfig,
  now = new Date(),
): Promise<ValidSession | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const row = await db.selectFrom("sessions").selectAll().where("id", "=", parsed.id).executeTakeFirst();
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(parsed.secret), new Uint8Array(row.secretHash))) return null;
  if (isSessionExpired(row, now, config.inactivityTimeoutMs)) {
    await db.deleteFrom("sessions").where("id", "=", row.id).execute();
    return null;
  }
  let refreshed = false;
  if (shouldRefreshSession(row, now)) {
    await db.updateTable("sessions").set({ lastVerifiedAt: now }).where("id", "=", row.id).execute();
    refreshed = true;
  }
  return {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt,
    lastVerifiedAt: refreshed ? now : row.lastVerifiedAt,
    refreshed,
  };
}

export async function invalidateSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function invalidateUserSessions(db: Kysely<DB>, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("userId", "=", userId).execute();
}

export const SESSION_COOKIE = "session";

export function sessionCookie(token: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${opts.maxAgeSeconds}`,
    ...(opts.secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearSessionCookie(opts: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(opts.secure ? ["Secure"] : [])].join("; ");
}

export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
