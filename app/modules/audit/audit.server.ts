import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import {
  GENESIS_HASH,
  chainHash,
  eventBody,
  findChainBreak,
  type AuditEventInput,
  type ChainBreak,
  type ChainedEvent,
} from "./audit.rules";

// One advisory lock serialises appends so two transactions never chain onto the same previous row;
// the unique index on prev_hash makes a fork impossible even if the lock were bypassed.
const AUDIT_CHAIN_LOCK = 7_310_001;

/**
 * Appends one event to the audit chain inside the caller's transaction, so the event exists exactly
 * when the change it records does. Call it last in the transaction: the chain lock is held to commit.
 */
export async function recordAudit(trx: Transaction<DB>, input: AuditEventInput): Promise<{ id: number; hash: string }> {
  if (!trx.isTransaction) throw new Error("recordAudit must run inside the transaction of the change it records");
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom("auditEvents").select("hash").orderBy("id", "desc").limit(1).executeTakeFirst();
  const { rows } = await sql<{ now: Date }>`select date_trunc('milliseconds', now()) as now`.execute(trx);
  const occurredAt = new Date(rows[0]!.now);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const body = eventBody({
    occurredAt,
    actorUserId: input.actorUserId ?? null,
    actorOrgId: input.actorOrgId ?? null,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    data: input.data ?? {},
  });
  const hash = chainHash(prevHash, body);
  const inserted = await trx
    .insertInto("auditEvents")
    .values({
      occurredAt,
      actorUserId: body.actorUserId,
      actorOrgId: body.actorOrgId,
      action: body.action,
      subjectType: body.subjectType,
      subjectId: body.subjectId,
      data: JSON.stringify(body.data),
      prevHash,
      hash,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: inserted.id, hash };
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  lastHash: string;
  firstBroken: ChainBreak | null;
}

/** Walks the whole chain in id order, in batches, and names the first broken row. */
export async function verifyAuditChain(db: Kysely<DB>, batchSize = 5000): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const batch = (await db
      .selectFrom("auditEvents")
      .selectAll()
      .where("id", ">", afterId)
      .orderBy("id")
      .limit(batchSize)
      .execute()) as ChainedEvent[];
    if (batch.length === 0) break;
    const broken = findChainBreak(batch, prev);
    if (broken) {
      const index = batch.findIndex((e) => e.id === broken.id);
      return { ok: false, checked: checked + index, lastHash: prev, firstBroken: broken };
    }
    checked += batch.length;
    prev = batch[batch.length - 1]!.hash;
    afterId = batch[batch.length - 1]!.id;
  }
  return { ok: true, checked, lastHash: prev, firstBroken: null };
}

export async function listAuditEvents(db: Kysely<DB>, subjectType: string, subjectId: string) {
  return db
    .selectFrom("auditEvents")
    .selectAll()
    .where("subjectType", "=", subjectType)
    .where("subjectId", "=", subjectId)
    .orderBy("id")
    .execute();
}
