/**
 * Log-in throttling. After `freeAttempts` failures each further attempt must wait an exponentially
 * growing delay after the last failure (slowed); at `lockAfter` failures the key is locked for
 * `lockMs` (locked). Failures older than `forgetMs` are forgotten. Keys are an e-mail address and a
 * client address, each with its own policy.
 */
export interface ThrottlePolicy {
  freeAttempts: number;
  lockAfter: number;
  lockMs: number;
  forgetMs: number;
  maxDelayMs: number;
}

export const EMAIL_POLICY: ThrottlePolicy = {
  freeAttempts: 3,
  lockAfter: 10,
  lockMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
  maxDelayMs: 60_000,
};

// Many people share one address behind a NAT; the address policy is looser.
export const IP_POLICY: ThrottlePolicy = {
  freeAttempts: 20,
  lockAfter: 100,
  lockMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
  maxDelayMs: 30_000,
};

export interface ThrottleRow {
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; reason: "slowed" | "locked"; retryAfterSeconds: number };

function effective(row: ThrottleRow | null, now: Date, policy: ThrottlePolicy): ThrottleRow | null {
  if (!row) return null;
  if (row.lockedUntil && row.lockedUntil.getTime() > now.getTime()) return row;
  if (row.lockedUntil) return null; // a lock that has run out starts the count again
  if (now.getTime() - row.lastFailureAt.getTime() >= policy.forgetMs) return null;
  return row;
}

export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeAttempts) return 0;
  return Math.min(policy.maxDelayMs, 1000 * 2 ** (failures - policy.freeAttempts));
}

export function checkThrottle(row: ThrottleRow | null, now: Date, policy: ThrottlePolicy): ThrottleVerdict {
  const r = effective(row, now, policy);
  if (!r) return { allowed: true };
  if (r.lockedUntil && r.lockedUntil.getTime() > now.getTime()) {
    return { allowed: false, reason: "locked", retryAfterSeconds: Math.ceil((r.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  // No delay is due below the free attempts (a parallel attempt's failure may carry a slightly later time).
  const delay = delayAfter(r.failures, policy);
  const wait = r.lastFailureAt.getTime() + delay - now.getTime();
  if (delay > 0 && wait > 0) return { allowed: false, reason: "slowed", retryAfterSeconds: Math.ceil(wait / 1000) };
  return { allowed: true };
}

export function recordFailure(row: ThrottleRow | null, now: Date, policy: ThrottlePolicy): ThrottleRow {
  const r = effective(row, now, policy);
  const failures = (r?.failures ?? 0) + 1;
  return {
    failures,
    lastFailureAt: now,
    lockedUntil: failures >= policy.lockAfter ? new Date(now.getTime() + policy.lockMs) : null,
  };
}

/**
 * Rate limits (sign-up per client address, complaints per organisation): at most `limit` in a fixed
 * window of `windowMs` that starts with the first one; 0 means no limit. The count lives in the database
 * (rate_limits), so every instance shares it, and one upsert counts each request, however many arrive at once.
 */
export interface RateLimitPolicy {
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** Sign-ups per client address per hour. */
  signupsPerHour: number;
  /** Complaints filed per organisation per day. */
  complaintsPerDay: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { signupsPerHour: 30, complaintsPerDay: 10 };

export const signupPolicy = (l: RateLimits): RateLimitPolicy => ({ limit: l.signupsPerHour, windowMs: 60 * 60_000 });
export const complaintPolicy = (l: RateLimits): RateLimitPolicy => ({ limit: l.complaintsPerDay, windowMs: 24 * 60 * 60_000 });

/** The verdict on the request that made the window's count `hits`. */
export function rateVerdict(row: { hits: number; windowStartedAt: Date }, now: Date, policy: RateLimitPolicy): ThrottleVerdict {
  if (policy.limit <= 0 || row.hits <= policy.limit) return { allowed: true };
  const wait = row.windowStartedAt.getTime() + policy.windowMs - now.getTime();
  return { allowed: false, reason: "slowed", retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
}
