import { randomBytes } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { log } from "~/server/log.server";
import { isBeaconChain, type BeaconChain } from "./beacon.rules";
import { BeaconError, fetchBeaconRound, type BeaconConfig } from "./beacon.server";
import {
  DRAW_ALGORITHM_V2,
  DrawRng,
  bidCommitment,
  canonicalDocumentHashes,
  canonicalEligibleList,
  designatedRound,
  drawRoundFor,
  drawSeedV2,
  eligibleListHash,
  type EligibleEntry,
} from "./draw.rules";
import { select, type SelectionSpec, type ValidBid } from "./selection.rules";

/**
 * zjcs-draw-v2 in the database (draw.rules.ts, decision 042): the round designated at publication, the
 * eligible list fixed at opening, the beacon's round fetched when it is out.
 */

/** At publication: pins the chain and designates the round; returns what the publication's audit event records. */
export async function designateDrawRound(trx: Transaction<DB>, projectId: string, bidDeadline: Date, beacon: BeaconConfig | null) {
  if (!beacon) return {};
  const d = designatedRound(beacon.chain, bidDeadline);
  await trx
    .insertInto("drawBeacons")
    .values({ projectId, chain: JSON.stringify(beacon.chain), designatedRound: d.round, designatedRoundAt: d.at })
    .execute();
  return {
    drawAlgorithm: DRAW_ALGORITHM_V2,
    beaconChain: { ...beacon.chain },
    designatedRound: d.round,
    designatedRoundAt: d.at.toISOString(),
  };
}

export async function drawBeaconOf(db: Kysely<DB>, projectId: string) {
  const row = await db.selectFrom("drawBeacons").selectAll().where("projectId", "=", projectId).executeTakeFirst();
  if (!row) return null;
  if (!isBeaconChain(row.chain)) throw new Error(`project ${projectId} has malformed beacon chain information`);
  return { ...row, chain: row.chain as BeaconChain, entries: (row.entries as EligibleEntry[] | null) ?? null };
}

/**
 * At opening, inside its transaction: fixes the eligible list (each valid bid's preimage and commitment,
 * with the credit score the draw will use), its hash and the round the draw will use — by the rule of
 * draw.rules.ts step 4, from the transaction's time, which is the opening audit event's time. Returns
 * null for a v1 project, else what the opening's audit event records.
 */
export async function fixEligibleList(trx: Transaction<DB>, projectId: string, valid: readonly ValidBid[]) {
  const beacon = await drawBeaconOf(trx, projectId);
  if (!beacon) return null;
  const { list, listHash, openedAt } = await buildEligibleList(trx, projectId, valid);
  const round = drawRoundFor(beacon.chain, beacon.designatedRound, openedAt);
  await trx
    .updateTable("drawBeacons")
    .set({ entries: JSON.stringify(list), listHash, openedAt, drawRound: round.round, drawRoundAt: round.at, delayed: round.delayed })
    .where("projectId", "=", projectId)
    .execute();
  return {
    audit: {
      listHash,
      designatedRound: beacon.designatedRound,
      drawRound: round.round,
      drawRoundAt: round.at.toISOString(),
      drawDelayed: round.delayed,
    },
    delayed: round.delayed ? { designatedRound: beacon.designatedRound, drawRound: round.round, openedAt: openedAt.toISOString() } : null,
    list,
    listHash,
  };
}

/**
 * The eligible list of draw.rules.ts step 3 (zjcs-draw-v2 and zjcs-draw-v2-share): each valid bid's
 * preimage and commitment with the credit score the draw will use, sorted, its hash, and the
 * transaction's time (the opening audit event's time).
 */
export async function buildEligibleList(trx: Transaction<DB>, projectId: string, valid: readonly ValidBid[]) {
  const ids = valid.map((b) => b.id);
  const rows = ids.length
    ? await trx.selectFrom("bids").select(["id", "agencyId", "priceFen", "version", "nonce"]).where("id", "in", ids).execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Each bid's documents' hashes are part of its commitment (draw.rules.ts step 2).
  const docs = ids.length ? await trx.selectFrom("bidDocuments").select(["bidId", "sha256"]).where("bidId", "in", ids).execute() : [];
  const docsOf = new Map<string, string[]>();
  for (const d of docs) docsOf.set(d.bidId, [...(docsOf.get(d.bidId) ?? []), d.sha256]);
  const entries: EligibleEntry[] = [];
  for (const b of valid) {
    const r = byId.get(b.id)!;
    // Bids sent before the nonce was kept have none: one is drawn now, before the round exists.
    let nonce = r.nonce;
    if (!nonce) {
      nonce = randomBytes(16).toString("hex");
      await trx.updateTable("bids").set({ nonce }).where("id", "=", b.id).execute();
    }
    const documents = canonicalDocumentHashes(docsOf.get(b.id));
    const preimage = { projectId, agencyId: r.agencyId, priceFen: r.priceFen, version: r.version, nonce, documents };
    entries.push({
      id: b.id,
      agencyId: r.agencyId,
      priceFen: r.priceFen,
      version: r.version,
      nonce,
      hash: bidCommitment(preimage),
      creditScore: b.creditScore,
      ...(documents.length > 0 ? { documents } : {}),
    });
  }
  const list = canonicalEligibleList(entries);
  const listHash = eligibleListHash(projectId, list);
  const { rows: t } = await sql<{ now: Date }>`select date_trunc('milliseconds', now()) as now`.execute(trx);
  return { list, listHash, openedAt: new Date(t[0]!.now) };
}

/** The opening missed its designated round: the move is public (shown with the draw and on the verify page). */
export async function recordRoundMoved(
  trx: Transaction<DB>,
  projectId: string,
  moved: { designatedRound: number; drawRound: number; openedAt: string },
) {
  await recordAudit(trx, { action: "draw.roundMoved", subjectType: "project", subjectId: projectId, data: moved });
}

/** The list's entries as the selection methods take them. */
export function entriesAsBids(entries: readonly EligibleEntry[]): ValidBid[] {
  return entries.map((e) => ({
    id: e.id,
    agencyId: e.agencyId,
    priceFen: e.priceFen,
    hash: e.hash,
    creditScore: e.creditScore,
    submittedAt: new Date(0),
  }));
}

/** Reveals the secret and runs a spec over the fixed list with the v2 seed; the round must have been fetched. */
export async function runDrawV2(trx: Transaction<DB>, projectId: string, spec: SelectionSpec, now: Date) {
  const beacon = await drawBeaconOf(trx, projectId);
  if (!beacon?.entries || !beacon.listHash || !beacon.beaconRandomness)
    throw new Error(`the draw of project ${projectId} is waiting for its beacon round`);
  const secret = await trx.selectFrom("projectSecrets").select("secret").where("projectId", "=", projectId).executeTakeFirstOrThrow();
  const seed = drawSeedV2(secret.secret, beacon.listHash, beacon.beaconRandomness);
  const bids = entriesAsBids(beacon.entries);
  const outcome = { ...select(spec, bids, new DrawRng(seed)), algorithm: DRAW_ALGORITHM_V2 } as ReturnType<typeof select>;
  await trx.updateTable("projectSecrets").set({ revealedAt: now }).where("projectId", "=", projectId).execute();
  return { outcome, secret: secret.secret, seed, entries: beacon.entries, bids };
}

/**
 * The draws whose round is due: fetches each round from the beacon (outside any transaction), verifies
 * it, stores it with its audit event, then lets `onRound` run the draw in the same transaction. A round
 * not out yet, an unreachable relay or a signature that does not verify leaves the draw pending.
 */
export async function fetchDueRounds(
  db: Kysely<DB>,
  beacon: BeaconConfig,
  now: Date,
  onRound: (trx: Transaction<DB>, projectId: string) => Promise<void>,
): Promise<number> {
  const due = await db
    .selectFrom("drawBeacons as d")
    .innerJoin("projects as p", "p.id", "d.projectId")
    .select(["d.projectId", "d.chain", "d.drawRound"])
    .where("d.listHash", "is not", null)
    .where("d.beaconSignature", "is", null)
    .where("d.drawRoundAt", "<=", now)
    .where("p.status", "=", "selecting")
    .orderBy("d.drawRoundAt")
    .limit(100)
    .execute();
  let n = 0;
  for (const d of due) {
    const chain = d.chain as unknown as BeaconChain;
    let round;
    try {
      round = await fetchBeaconRound(beacon, chain, d.drawRound!, now);
    } catch (e) {
      log.warn("beacon", {
        projectId: d.projectId,
        round: d.drawRound,
        code: e instanceof BeaconError ? e.code : "error",
        err: (e as Error).message,
      });
      continue;
    }
    if (!round) continue;
    // One project's failure (logged) must not hold up the others' draws.
    const stored = await db
      .transaction()
      .execute(async (trx) => {
        await trx.selectFrom("projects").select("id").where("id", "=", d.projectId).forUpdate().execute();
        const updated = await trx
          .updateTable("drawBeacons")
          .set({ beaconSignature: round.signature, beaconRandomness: round.randomness, beaconFetchedAt: now })
          .where("projectId", "=", d.projectId)
          .where("beaconSignature", "is", null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return false;
        await recordAudit(trx, {
          action: "draw.beacon",
          subjectType: "project",
          subjectId: d.projectId,
          data: { chainHash: chain.chainHash, round: round.round, signature: round.signature, randomness: round.randomness },
        });
        await onRound(trx, d.projectId);
        return true;
      })
      .catch((e: unknown) => {
        log.error("draw failed", { projectId: d.projectId, round: d.drawRound, err: (e as Error).message });
        return false;
      });
    if (stored) n += 1;
  }
  return n;
}
