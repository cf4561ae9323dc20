import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";

/**
 * A scheduled job claims its run in `job_runs`: the claim succeeds when the job has not started within
 * `everyMs` (one upsert, so of several instances ticking at once exactly one wins). A run that died
 * halfway is claimed again after the interval — the jobs are idempotent, so re-running them is safe.
 */
export async function claimJob(db: Kysely<DB>, name: string, everyMs: number): Promise<boolean> {
  const seconds = Math.max(0, everyMs / 1000);
  const { rows } = await sql<{ name: string }>`
    insert into job_runs (name, started_at) values (${name}, now())
    on conflict (name) do update set started_at = now(), finished_at = null, ok = null
      where job_runs.started_at <= now() - make_interval(secs => ${seconds})
    returning name`.execute(db);
  return rows.length === 1;
}

export async function finishJob(db: Kysely<DB>, name: string, ok: boolean): Promise<void> {
  await sql`update job_runs set finished_at = now(), ok = ${ok} where name = ${name}`.execute(db);
}

/** Runs `fn` if this instance wins the claim; returns its result, or null when another instance has it. */
export async function runClaimed<T>(db: Kysely<DB>, name: string, everyMs: number, fn: () => Promise<T>): Promise<T | null> {
  if (!(await claimJob(db, name, everyMs))) return null;
  try {
    const result = await fn();
    await finishJob(db, name, true);
    return result;
  } catch (e) {
    await finishJob(db, name, false).catch(() => undefined);
    throw e;
  }
}
