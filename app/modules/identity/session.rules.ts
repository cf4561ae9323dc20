/**
 * Session timing after Lucia's current guide: a session expires after a period of inactivity, and
 * its last-verified time is written back at most once per activity interval (an hour) so a busy user
 * does not turn every request into a write.
 */
export const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionTimes {
  lastVerifiedAt: Date;
}

export function isSessionExpired(session: SessionTimes, now: Date, inactivityTimeoutMs: number): boolean {
  return now.getTime() - session.lastVerifiedAt.getTime() >= inactivityTimeoutMs;
}

export function shouldRefreshSession(session: SessionTimes, now: Date): boolean {
  return now.getTime() - session.lastVerifiedAt.getTime() >= ACTIVITY_CHECK_INTERVAL_MS;
}

/** Splits "<id>.<secret>"; both parts are 24 characters of Lucia's lowercase base32 alphabet. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!/^[a-z2-9]{24}$/.test(id) || !/^[a-z2-9]{24}$/.test(secret)) return null;
  return { id, secret };
}
