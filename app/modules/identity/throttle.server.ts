import type { Kysely, Transaction } from "kysely";
import type { DB } from "#db/schema";
import { checkThrottle, recordFailure, type ThrottlePolicy, type ThrottleVerdict } from "./throttle.rules";

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

export async function clearThrottle(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom("loginThrottles").where("key", "=", key).execute();
}
