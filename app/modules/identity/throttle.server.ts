import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import {
  checkThrottle,
  rateVerdict,
  recordFailure,
  type RateLimitPolicy,
  type ThrottlePolicy,
  type ThrottleVerdict,
} from "./throttle.rules";

export async function getThrottle(db: Kysely<DB>, key: string, policy: ThrottlePolicy, now: Date): Promise<ThrottleVerdict> {
  const row = await db.selectFrom("loginThrottles").selectAll().where("key", "=", key).executeTakeFirst();
  return checkThrottle(row ?? null, now, policy);
}

/** Counts one failure; the row is locked for the read-modify-write so parallel failures all count. */
export async function countFailure(db: Kysely<DB>, key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  await db.transaction().execute(async (trx: Transaction<DB>) => {
    await trx
      .insertInto("loginThrottles")
      .values({ key, failures: 0, lastFailureAt: now })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const row = await trx.selectFrom("loginThrottles").selectAll().where("key", "=", key).forUpdate().executeTakeFirstOrThrow();
    const next = recordFailure(row.failures === 0 ? null : row, now, policy);
    await trx.updateTable("loginThrottles").set(next).where("key", "=", key).execute();
  });
}

/**
 * Lets one log-in attempt through for every key, or none: under the keys' row locks it checks each key and,
 * if all allow it, counts the attempt as a failure before the password is checked (a success clears or
 * refunds it). Checking first and counting after the slow password hash would let a burst of parallel
 * attempts all pass the check; this way the fourth of twenty simultaneous guesses is already slowed.
 */
export async function reserveAttempt(
  db: Kysely<DB>,
  keys: readonly (readonly [string, ThrottlePolicy])[],
  now: Date,
): Promise<ThrottleVerdict> {
  const names = [...new Set(keys.map(([k]) => k))].sort();
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("loginThrottles")
      .values(names.map((key) => ({ key, failures: 0, lastFailureAt: now })))
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const rows = new Map(
      (await trx.selectFrom("loginThrottles").selectAll().where("key", "in", names).orderBy("key").forUpdate().execute()).map((r) => [
        r.key,
        r,
      ]),
    );
    for (const [key, policy] of keys) {
      const row = rows.get(key)!;
      const verdict = checkThrottle(row.failures === 0 ? null : row, now, policy);
      if (!verdict.allowed) return verdict;
    }
    for (const [key, policy] of keys) {
      const row = rows.get(key)!;
      await trx
        .updateTable("loginThrottles")
        .set(recordFailure(row.failures === 0 ? null : row, now, policy))
        .where("key", "=", key)
        .execute();
    }
    return { allowed: true } as const;
  });
}

/** Takes back an attempt counted by reserveAttempt that turned out to be a success. */
export async function refundAttempt(db: Kysely<DB>, key: string): Promise<void> {
  await db
    .updateTable("loginThrottles")
    .set((eb) => ({ failures: sql<number>`greatest(${eb.ref("failures")} - 1, 0)` }))
    .where("key", "=", key)
    .execute();
}

export async function clearThrottle(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom("loginThrottles").where("key", "=", key).execute();
}

/**
 * Counts one request against a rate limit in a single statement (an upsert on the key: parallel requests
 * queue on the row, so each sees the count including the ones before it) and says whether it may go on.
 * Inside a transaction the count is undone with it.
 */
export async function hitRateLimit(db: Kysely<DB>, key: string, policy: RateLimitPolicy, now: Date): Promise<ThrottleVerdict> {
  if (policy.limit <= 0) return { allowed: true };
  const expired = new Date(now.getTime() - policy.windowMs);
  const row = await db
    .insertInto("rateLimits")
    .values({ key, windowStartedAt: now, hits: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        hits: sql<number>`case when rate_limits.window_started_at <= ${expired} then 1 else rate_limits.hits + 1 end`,
        windowStartedAt: sql<Date>`case when rate_limits.window_started_at <= ${expired} then ${now}::timestamptz else rate_limits.window_started_at end`,
      }),
    )
    .returning(["hits", "windowStartedAt"])
    .executeTakeFirstOrThrow();
  return rateVerdict(row, now, policy);
}
