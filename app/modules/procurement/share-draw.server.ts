import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import { deadlineAfterWorkdays } from "~/lib/beijing-calendar";
import { regionAncestors } from "~/modules/agencies/regions.rules";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, forbidden, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { requireRegulator, supervises } from "~/modules/trust/supervision.server";
import { log } from "~/server/log.server";
import { buildEligibleList, entriesAsBids } from "./beacon-draw.server";
import { DRAW_ALGORITHM_V2_SHARE, DrawRng, type EligibleEntry } from "./draw.rules";
import { select, type SelectionSpec, type ValidBid } from "./selection.rules";
import {
  competentOffice,
  drawSeedV2Share,
  isCommitmentHex,
  normalizeShareHex,
  shareCommitment,
  shareState,
  type ShareState,
} from "./share.rules";

/**
 * zjcs-draw-v2-share in the database (share.rules.ts, decision 043): the office asked at publication,
 * its commitment in the bidding period, the list fixed at opening, the reveal that draws, the escalation.
 */

export async function drawShareOf(db: Kysely<DB>, projectId: string) {
  const row = await db.selectFrom("drawShares").selectAll().where("projectId", "=", projectId).executeTakeFirst();
  if (!row) return null;
  return { ...row, entries: (row.entries as EligibleEntry[] | null) ?? null };
}

/** The offices that supervise the project's item in its region (their items, inside their region). */
async function officesFor(db: Kysely<DB>, project: { serviceItemId: number; regionCode: string }) {
  return db
    .selectFrom("organizations as o")
    .innerJoin("regulatorServiceItems as rs", "rs.regulatorId", "o.id")
    .select(["o.id", "o.regionCode", "o.createdAt", "o.name"])
    .where("o.kind", "=", "regulator")
    .where("rs.serviceItemId", "=", project.serviceItemId)
    .where("o.regionCode", "in", regionAncestors(project.regionCode.trim()))
    .execute();
}

/**
 * At publication, for a region whose policy takes a regulator's share: names the competent office
 * (share.rules.ts `competentOffice`), records that its share is awaited and tells the office. Returns
 * what the publication's audit event records. A region with no competent office cannot publish such a
 * project: there is no fallback to the platform's secret alone.
 */
export async function requestShare(
  trx: Transaction<DB>,
  project: { id: string; serviceItemId: number; regionCode: string },
  policy: { drawRandomness: string },
) {
  if (policy.drawRandomness !== "regulatorShare") return null;
  const office = competentOffice(await officesFor(trx, project));
  if (!office) throw new DomainError("no_share_office", "share.errors.noOffice");
  await trx.insertInto("drawShares").values({ projectId: project.id, officeId: office.id }).execute();
  await trx
    .insertInto("notifications")
    .values({ orgId: office.id, kind: "share.requested", subjectType: "project", subjectId: project.id, params: "{}" })
    .execute();
  return { drawAlgorithm: DRAW_ALGORITHM_V2_SHARE, shareOfficeId: office.id, shareAwaited: true };
}

/**
 * The share row of a project for the office acting on it: 404 when the project has none or the office
 * does not supervise it (it may not learn about it), 403 when it supervises it but is not the office asked.
 */
async function shareForOffice(trx: Transaction<DB>, viewer: Viewer, projectId: string) {
  const office = requireRegulator(viewer).org;
  const project = await trx
    .selectFrom("projects")
    .select(["id", "status", "serviceItemId", "regionCode"])
    .where("id", "=", projectId)
    .forUpdate()
    .executeTakeFirst();
  if (!project) throw notFound();
  const row = await trx.selectFrom("drawShares").selectAll().where("projectId", "=", projectId).executeTakeFirst();
  if (!row || !(await supervises(trx, office, project))) throw notFound();
  if (row.officeId !== office.id) throw forbidden("share.errors.notYourOffice");
  return { project, row, office };
}

/** 409 with the share's state, for a step that state does not allow. */
function wrongState(code: string, state: ShareState | "closed", projectStatus: string): DomainError {
  return conflict(code, `share.errors.${code}`, "_form", { state, projectStatus });
}

/** Step 2: the office commits SHA-256(share) while the project is open for bids; audited in this transaction. */
export async function commitShare(db: Kysely<DB>, viewer: Viewer, projectId: string, commitmentHex: string, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const { project, row, office } = await shareForOffice(trx, viewer, projectId);
    const state = shareState(row, now);
    if (row.commitment) throw wrongState("alreadyCommitted", state, project.status);
    if (project.status !== "bidding") throw wrongState("commitClosed", state, project.status);
    const c = commitmentHex.trim().toLowerCase();
    if (!isCommitmentHex(c)) throw new DomainError("commitment", "share.errors.commitment", "commitment");
    await trx
      .updateTable("drawShares")
      .set({ commitment: c, committedAt: sql<Date>`now()`, committedBy: viewer.userId })
      .where("projectId", "=", projectId)
      .where("commitment", "is", null)
      .execute();
    await recordAudit(trx, {
      action: "draw.shareCommitted",
      subjectType: "project",
      subjectId: projectId,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { algorithm: DRAW_ALGORITHM_V2_SHARE, officeId: office.id, shareCommitment: c },
    });
    return { commitment: c };
  });
}

/**
 * At opening, inside its transaction: fixes the eligible list and its hash (as v2) and the reveal's due
 * time. Returns null for a project without a share, else what the opening's audit event records.
 */
export async function fixShareList(trx: Transaction<DB>, projectId: string, valid: readonly ValidBid[], revealWorkdays: number) {
  const row = await drawShareOf(trx, projectId);
  if (!row) return null;
  const { list, listHash, openedAt } = await buildEligibleList(trx, projectId, valid);
  const revealDueAt = deadlineAfterWorkdays(openedAt, revealWorkdays);
  await trx
    .updateTable("drawShares")
    .set({ entries: JSON.stringify(list), listHash, openedAt, revealDueAt })
    .where("projectId", "=", projectId)
    .execute();
  return {
    audit: {
      listHash,
      shareOfficeId: row.officeId,
      shareCommitment: row.commitment,
      shareRevealDueAt: revealDueAt.toISOString(),
    },
    missingCommitment: !row.commitment,
    officeId: row.officeId,
    list,
    listHash,
  };
}

/**
 * Step 4, the check before the draw: the list is fixed, nothing revealed yet, and SHA-256(share) is the
 * commitment. Records the reveal (audited). The caller draws in the same transaction.
 */
export async function acceptShare(trx: Transaction<DB>, viewer: Viewer, projectId: string, shareHex: string, now: Date) {
  const { project, row, office } = await shareForOffice(trx, viewer, projectId);
  const state = shareState(row, now);
  if (row.share) throw wrongState("alreadyRevealed", state, project.status);
  if (!row.listHash || project.status !== "selecting") throw wrongState("notOpened", state, project.status);
  if (!row.commitment) throw wrongState("notCommitted", state, project.status);
  let share: string;
  try {
    share = normalizeShareHex(shareHex);
  } catch {
    throw new DomainError("share", "share.errors.share", "share");
  }
  if (shareCommitment(share) !== row.commitment) throw new DomainError("mismatch", "share.errors.mismatch", "share", {}, 422);
  await trx
    .updateTable("drawShares")
    .set({ share, revealedAt: sql<Date>`now()`, revealedBy: viewer.userId })
    .where("projectId", "=", projectId)
    .where("share", "is", null)
    .execute();
  await recordAudit(trx, {
    action: "draw.shareRevealed",
    subjectType: "project",
    subjectId: projectId,
    actorUserId: viewer.userId,
    actorOrgId: office.id,
    data: { algorithm: DRAW_ALGORITHM_V2_SHARE, officeId: office.id, shareCommitment: row.commitment, share, late: state === "overdue" },
  });
  return { project, share };
}

/** A refused reveal (wrong share) is audited on its own, since the refusal rolls the reveal back. */
export async function recordShareRefused(db: Kysely<DB>, viewer: Viewer, projectId: string, reason: string) {
  await db.transaction().execute(async (trx) => {
    await recordAudit(trx, {
      action: "draw.shareRefused",
      subjectType: "project",
      subjectId: projectId,
      actorUserId: viewer.userId,
      actorOrgId: viewer.org?.id ?? null,
      data: { reason },
    });
  });
}

/** Runs a spec over the fixed list with the share seed; the share must have been revealed. */
export async function runDrawShare(trx: Transaction<DB>, projectId: string, spec: SelectionSpec, now: Date) {
  const row = await drawShareOf(trx, projectId);
  if (!row?.entries || !row.listHash || !row.share)
    throw new Error(`the draw of project ${projectId} is waiting for the regulator's share`);
  const secret = await trx.selectFrom("projectSecrets").select("secret").where("projectId", "=", projectId).executeTakeFirstOrThrow();
  const seed = drawSeedV2Share(secret.secret, row.listHash, row.share);
  const bids = entriesAsBids(row.entries);
  const outcome = { ...select(spec, bids, new DrawRng(seed)), algorithm: DRAW_ALGORITHM_V2_SHARE } as ReturnType<typeof select>;
  await trx.updateTable("projectSecrets").set({ revealedAt: now }).where("projectId", "=", projectId).execute();
  return { outcome, secret: secret.secret, seed, entries: row.entries, bids };
}

/**
 * Escalates one share draw: audited, and the office, the other offices competent for the project (the
 * supervising authority, e.g. the province's office) and the owner are told. Once per project.
 */
async function escalate(trx: Transaction<DB>, projectId: string, reason: "overdue" | "notCommitted") {
  const row = await trx
    .selectFrom("drawShares as d")
    .innerJoin("projects as p", "p.id", "d.projectId")
    .select(["d.officeId", "d.revealDueAt", "d.escalatedAt", "p.ownerOrgId", "p.serviceItemId", "p.regionCode"])
    .where("d.projectId", "=", projectId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (row.escalatedAt) return false;
  await trx
    .updateTable("drawShares")
    .set({ escalatedAt: sql<Date>`now()` })
    .where("projectId", "=", projectId)
    .execute();
  const offices = await officesFor(trx, row);
  const orgs = [...new Set([row.officeId, ...offices.map((o) => o.id), row.ownerOrgId])];
  await trx
    .insertInto("notifications")
    .values(
      orgs.map((orgId) => ({
        orgId,
        kind: "share.overdue",
        subjectType: "project",
        subjectId: projectId,
        params: JSON.stringify({ reason }),
        dedupeKey: `share.overdue:${projectId}:${orgId}`,
      })),
    )
    .onConflict((oc) => oc.column("dedupeKey").doNothing())
    .execute();
  await recordAudit(trx, {
    action: "draw.shareOverdue",
    subjectType: "project",
    subjectId: projectId,
    data: { officeId: row.officeId, reason, revealDueAt: row.revealDueAt ? new Date(row.revealDueAt).toISOString() : null, notified: orgs },
  });
  // The platform's operators see it in the log as well (administrators have no organisation to notify).
  log.warn("share overdue", { projectId, officeId: row.officeId, reason });
  return true;
}

/** At opening, a share that was never committed cannot be revealed: escalated at once. */
export async function escalateMissingCommitment(trx: Transaction<DB>, projectId: string) {
  await escalate(trx, projectId, "notCommitted");
}

/**
 * The deadline rule (share.rules.ts step 6): every share draw whose reveal is overdue — strictly after
 * the end of the policy's working days after the opening — is escalated, once. The draw keeps waiting.
 */
export async function escalateOverdueShares(db: Kysely<DB>, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom("drawShares as d")
    .innerJoin("projects as p", "p.id", "d.projectId")
    .select("d.projectId")
    .where("d.share", "is", null)
    .where("d.escalatedAt", "is", null)
    .where("d.revealDueAt", "<", now)
    .where("p.status", "=", "selecting")
    .orderBy("d.revealDueAt")
    .limit(100)
    .execute();
  let n = 0;
  for (const d of due) if (await db.transaction().execute((trx) => escalate(trx, d.projectId, "overdue"))) n += 1;
  return n;
}

/** The office's share requests: awaiting its commitment, awaiting its reveal, and the last ones done. */
export async function listOfficeShares(db: Kysely<DB>, viewer: Viewer, now = new Date()) {
  const office = requireRegulator(viewer).org;
  const rows = await db
    .selectFrom("drawShares as d")
    .innerJoin("projects as p", "p.id", "d.projectId")
    .select([
      "d.projectId",
      "p.title",
      "p.status",
      "p.bidDeadline",
      "d.commitment",
      "d.committedAt",
      "d.listHash",
      "d.openedAt",
      "d.revealDueAt",
      "d.share",
      "d.revealedAt",
      "d.escalatedAt",
    ])
    .where("d.officeId", "=", office.id)
    .orderBy("d.requestedAt", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({ ...r, state: shareState(r, now) }));
}
