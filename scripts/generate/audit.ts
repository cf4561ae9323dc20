import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { GENESIS_HASH, chainHash, eventBody, type JsonValue } from "~/modules/audit/audit.rules";
import { prepareInsert, runPrepared, type Columns, type Prepared } from "./sql";

/** The advisory lock recordAudit (app/modules/audit/audit.server.ts) takes to serialise appends. */
const AUDIT_CHAIN_LOCK = 7_310_001;

export interface AuditDraft {
  occurredMs: number;
  action: string;
  subjectType: string;
  subjectId: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  data: { [k: string]: JsonValue };
}

export const AUDIT_COLUMNS: Columns = [
  ["occurred_at", "timestamptz"],
  ["actor_user_id", "uuid"],
  ["actor_org_id", "uuid"],
  ["action", "text"],
  ["subject_type", "text"],
  ["subject_id", "text"],
  ["data", "jsonb"],
  ["prev_hash", "text"],
  ["hash", "text"],
];

/** The chain's last hash as it stands (the genesis hash on an empty chain). */
export async function chainHead(db: Kysely<DB>): Promise<string> {
  const last = await db.selectFrom("auditEvents").select("hash").orderBy("id", "desc").limit(1).executeTakeFirst();
  return last?.hash ?? GENESIS_HASH;
}

export interface ChainedRows {
  /** The hash the first row points to. */
  head: string;
  /** The last row's hash: the head of the chain once these rows are in. */
  last: string;
  rows: unknown[][];
}

/** The rows of `events` chained onto `head`: hash = SHA-256(prevHash + "\n" + canonicalJson(body)), as recordAudit computes it. */
export async function chainRows(events: readonly AuditDraft[], head: string): Promise<ChainedRows> {
  let prev = head;
  const rows: unknown[][] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const occurredAt = new Date(e.occurredMs);
    const body = eventBody({
      occurredAt,
      actorUserId: e.actorUserId,
      actorOrgId: e.actorOrgId,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      data: e.data,
    });
    const hash = chainHash(prev, body);
    rows.push([e.occurredMs, e.actorUserId, e.actorOrgId, e.action, e.subjectType, e.subjectId, JSON.stringify(e.data), prev, hash]);
    prev = hash;
    if (i % 2000 === 1999) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { head, last: prev, rows };
}

/** Locks the chain for the rest of the caller's transaction (as recordAudit does) and returns its head. */
export async function lockChain(trx: Kysely<DB>): Promise<string> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  return chainHead(trx);
}

/**
 * Appends chained rows inside the caller's transaction, which holds the chain's lock (lockChain) and
 * found `actualHead` there. Rows chained onto another head (someone appended since they were built)
 * are chained again onto the actual one. The rows go in INSERT … SELECT FROM unnest(…) statements,
 * whose bigserial ids follow the arrays' order, so the id order is the chain order.
 */
export async function insertChained(
  trx: Kysely<DB>,
  chained: ChainedRows,
  events: readonly AuditDraft[],
  actualHead: string,
  prepared?: Prepared[],
): Promise<string> {
  if (!events.length) return actualHead;
  if (chained.head !== actualHead || !prepared) {
    const again = chained.head === actualHead ? chained : await chainRows(events, actualHead);
    await runPrepared(trx, await prepareInsert("audit_events", AUDIT_COLUMNS, again.rows));
    return again.last;
  }
  await runPrepared(trx, prepared);
  return chained.last;
}

/** Appends events to the audit chain inside the caller's transaction, in the order given (recordAudit's rules, many at once). */
export async function appendAudit(trx: Kysely<DB>, events: readonly AuditDraft[]): Promise<number> {
  if (!events.length) return 0;
  const head = await lockChain(trx);
  await insertChained(trx, await chainRows(events, head), events, head);
  return events.length;
}
