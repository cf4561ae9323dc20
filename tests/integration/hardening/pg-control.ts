import { sql, type Kysely } from "kysely";
import pg from "pg";
import type { DB } from "#db/schema";

/**
 * Control of a PostgreSQL test database from outside the application's pool, for the race and fault
 * tests: a separate connection that holds advisory locks (to stop a transaction at a known point), watches
 * who waits on what, and terminates backends. None of it exists on PGlite (one connection), so the tests
 * that use it run only when TEST_DATABASE_URL names a server.
 */
export const onPostgres = !!process.env.TEST_DATABASE_URL;

/** The advisory lock every audited change takes right before appending its audit event (audit.server.ts). */
export const AUDIT_CHAIN_LOCK = 7_310_001;

/** The URL of the database behind `db` (the fresh per-file database on the TEST_DATABASE_URL server). */
export async function databaseUrl(db: Kysely<DB>, params: Record<string, string> = {}): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${rows[0]!.name}`;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export async function controlClient(db: Kysely<DB>): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: await databaseUrl(db, { application_name: "test-control" }) });
  await client.connect();
  return client;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `query` on the control connection until it returns a first column ≥ `atLeast`. */
export async function waitUntil(client: pg.Client, query: string, params: unknown[], atLeast = 1, timeoutMs = 10_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query(query, params);
    const n = Number(Object.values(rows[0] ?? {})[0] ?? 0);
    if (n >= atLeast) return n;
    if (Date.now() > until) throw new Error(`timed out waiting for ${query} (${n} < ${atLeast})`);
    await sleep(10);
  }
}

/** How many backends of this database wait for the advisory lock `key` (a single bigint key). */
export const ADVISORY_WAITERS = `
  select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid
  where l.locktype = 'advisory' and not l.granted and l.objid = $1::bigint and l.classid = 0 and a.datname = current_database()`;

/** How many backends of this database wait for a row or transaction lock (heavyweight, not advisory). */
export const LOCK_WAITERS = `
  select count(*) from pg_stat_activity
  where datname = current_database() and wait_event_type = 'Lock' and wait_event <> 'advisory' and pid <> pg_backend_pid()`;

export async function waitForAdvisoryWaiters(client: pg.Client, key: number, n = 1) {
  return waitUntil(client, ADVISORY_WAITERS, [key], n);
}

/** Terminates every backend of this database that waits for the advisory lock `key`; returns how many. */
export async function terminateAdvisoryWaiters(client: pg.Client, key: number): Promise<number> {
  const { rows } = await client.query(
    `select count(*) filter (where pg_terminate_backend(l.pid)) as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and not l.granted and l.objid = $1::bigint and l.classid = 0 and a.datname = current_database()`,
    [key],
  );
  return Number(rows[0].n);
}
