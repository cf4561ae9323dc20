import { directFloorFen } from "./bidding.rules";
import { isUuid } from "~/lib/ids";
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { AuditEvents, DB, Selections } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { drawRng, drawSeed, type DrawEntry } from "./draw.rules";
import { checkEligibility } from "~/modules/trust/exclusions.server";
import { creditScoresOf } from "~/modules/trust/credit.server";
import { ineligibleError } from "~/modules/trust/exclusions.rules";
import { minValidBids, type SelectionMethod } from "./projects.rules";
import { requireOwner, transition } from "./projects.server";
import {
  AVERAGE_PRICE_FACTORS_BP,
  AVERAGE_PRICE_TRIM_FROM,
  direct,
  ownerPick,
  select,
  type SelectionOutcome,
  type SelectionSpec,
  type ValidBid,
} from "./selection.rules";
import { deadlineAfterWorkdays } from "~/lib/beijing-calendar";
import { drawBeaconOf, fetchDueRounds, fixEligibleList, recordRoundMoved, runDrawV2 } from "./beacon-draw.server";
import { acceptShare, drawShareOf, escalateMissingCommitment, fixShareList, recordShareRefused, runDrawShare } from "./share-draw.server";
import type { BeaconConfig } from "./beacon.server";
import { DRAW_ALGORITHM_V2, DRAW_ALGORITHM_V2_SHARE } from "./draw.rules";
import type { DrawInputs, DrawInputsV2, DrawInputsV2Share, PublishedAuditEvent } from "./verify";

/** The score every draw used before credit scores existed (selections recorded without their scores). */
export const LEGACY_CREDIT_SCORE = 80;
const SYSTEM = { userId: null, orgId: null };
const AUTOMATIC: SelectionMethod[] = ["randomDraw", "lowestPrice", "averagePrice"];

async function policyOf(trx: Kysely<DB>, policyId: number | null) {
  if (policyId == null) throw new Error("a published project always has its policy");
  return trx.selectFrom("procedurePolicies").selectAll().where("id", "=", policyId).executeTakeFirstOrThrow();
}

/** The valid bids with each bidder's credit score as it stands at selection (recorded with the draw). */
async function validBids(trx: Kysely<DB>, projectId: string, now: Date): Promise<ValidBid[]> {
  const rows = await trx
    .selectFrom("bids")
    .selectAll()
    .where("projectId", "=", projectId)
    .where("status", "=", "submitted")
    .orderBy("id")
    .execute();
  const scores = await creditScoresOf(
    trx,
    rows.map((b) => b.agencyId),
    now,
  );
  return rows.map((b) => ({
    id: b.id,
    agencyId: b.agencyId,
    priceFen: b.priceFen,
    hash: b.hash,
    creditScore: scores.get(b.agencyId)! / 100,
    submittedAt: b.submittedAt,
  }));
}

function specFor(
  method: SelectionMethod,
  min: number,
  project: { priceWeight: number | null; technicalWeight: number | null; creditWeight: number | null },
  technical: Record<string, number[]> = {},
): SelectionSpec | null {
  switch (method) {
    case "randomDraw":
    case "lowestPrice":
      return { method, minValidBids: min };
    case "averagePrice":
      return { method, minValidBids: min, factorsBp: [...AVERAGE_PRICE_FACTORS_BP], trimFrom: AVERAGE_PRICE_TRIM_FROM };
    case "creditPreferred":
      return { method, minValidBids: min, longListSize: 7, shortListSize: 3 };
    case "scored":
      return {
        method,
        minValidBids: min,
        weights: { pricePct: project.priceWeight ?? 0, technicalPct: project.technicalWeight ?? 0, creditPct: project.creditWeight ?? 0 },
        technicalScores: technical,
      };
    case "direct":
      return null;
  }
}

/** Reveals the secret and runs a spec over the valid bids; the seed commits to every valid bid's hash. */
async function runDraw(trx: Transaction<DB>, projectId: string, spec: SelectionSpec, bids: ValidBid[], now: Date) {
  const secret = await trx.selectFrom("projectSecrets").select("secret").where("projectId", "=", projectId).executeTakeFirstOrThrow();
  const entries: DrawEntry[] = bids.map((b) => ({ id: b.id, hash: b.hash }));
  const outcome = select(spec, bids, drawRng(secret.secret, entries));
  await trx.updateTable("projectSecrets").set({ revealedAt: now }).where("projectId", "=", projectId).execute();
  return { outcome, secret: secret.secret, seed: drawSeed(secret.secret, entries), entries };
}

async function saveSelection(
  trx: Transaction<DB>,
  projectId: string,
  outcome: SelectionOutcome,
  draw: { secret: string; seed: string; entries: readonly DrawEntry[] } | null,
  bids: ValidBid[] = [],
) {
  const values = {
    creditScores: JSON.stringify(Object.fromEntries(bids.map((b) => [b.id, b.creditScore]))),
    method: outcome.method,
    validBids: JSON.stringify(draw?.entries ?? []),
    secret: draw?.secret ?? null,
    seed: draw?.seed ?? null,
    outcome: JSON.stringify(outcome),
  };
  await trx
    .insertInto("selections")
    .values({ projectId, ...values })
    .onConflict((oc) => oc.column("projectId").doUpdateSet({ ...values, round: sql`selections.round + 1`, createdAt: sql`now()` }))
    .execute();
}

async function createDirectAward(
  trx: Transaction<DB>,
  project: { id: string; status: string; policyId: number | null },
  agencyId: string,
  priceFen: number,
  actor: { userId: string | null; orgId: string | null },
  now: Date,
) {
  const policy = await policyOf(trx, project.policyId);
  const publicityEndsAt = policy.publicityWorkdays === 0 ? now : deadlineAfterWorkdays(now, policy.publicityWorkdays);
  const award = await trx
    .insertInto("awards")
    .values({ projectId: project.id, agencyOrgId: agencyId, priceFen, status: "publicity", awardedAt: now, publicityEndsAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  await transition(trx, project, "awarded", actor, {
    awardId: award.id,
    agencyId,
    priceFen,
    method: "direct",
    publicityEndsAt: publicityEndsAt.toISOString(),
  });
  await trx
    .insertInto("notifications")
    .values({ orgId: agencyId, kind: "award.won", subjectType: "project", subjectId: project.id, params: "{}" })
    .execute();
  return award.id;
}

/** Records the award with its publicity period; the partial unique index allows one live award. */
async function createAward(
  trx: Transaction<DB>,
  project: { id: string; status: string; policyId: number | null },
  outcome: SelectionOutcome,
  actor: { userId: string | null; orgId: string | null },
  now: Date,
) {
  if (!outcome.winnerBidId) throw conflict("no_winner", "errors.selection.noWinner");
  const bid = await trx.selectFrom("bids").selectAll().where("id", "=", outcome.winnerBidId).executeTakeFirstOrThrow();
  const policy = await policyOf(trx, project.policyId);
  // A policy without a publicity period (0 working days) lets the award become final at once.
  const publicityEndsAt = policy.publicityWorkdays === 0 ? now : deadlineAfterWorkdays(now, policy.publicityWorkdays);
  const award = await trx
    .insertInto("awards")
    .values({
      projectId: project.id,
      agencyOrgId: bid.agencyId,
      bidId: bid.id,
      priceFen: bid.priceFen,
      status: "publicity",
      awardedAt: now,
      publicityEndsAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await transition(trx, project, "awarded", actor, {
    awardId: award.id,
    winnerBidId: bid.id,
    agencyId: bid.agencyId,
    priceFen: bid.priceFen,
    publicityEndsAt: publicityEndsAt.toISOString(),
  });
  await trx
    .insertInto("notifications")
    .values({ orgId: bid.agencyId, kind: "award.won", subjectType: "project", subjectId: project.id, params: "{}" })
    .execute();
  return award.id;
}

/**
 * Opens one project whose deadline has passed: eligibility is checked again for every bid, too few
 * valid bids fail the project (流标) with the reason public, and the automatic methods select at once.
 */
async function openProject(trx: Transaction<DB>, projectId: string, now: Date) {
  const project = await trx.selectFrom("projects").selectAll().where("id", "=", projectId).forUpdate().executeTakeFirstOrThrow();
  const submitted = await trx
    .selectFrom("bids")
    .select(["id", "agencyId"])
    .where("projectId", "=", projectId)
    .where("status", "=", "submitted")
    .execute();
  for (const b of submitted) {
    const e = await checkEligibility(trx, b.agencyId, projectId, "opening", now);
    if (!e.eligible) {
      await trx
        .updateTable("bids")
        .set({ status: "invalid", statusReason: e.reasons.map((r) => r.code).join(","), updatedAt: sql<Date>`now()` })
        .where("id", "=", b.id)
        .execute();
    }
  }
  const bids = await validBids(trx, projectId, now);
  const policy = await policyOf(trx, project.policyId);
  const min = minValidBids(policy, project.governmentFunded, project.selectionMethod);
  // zjcs-draw-v2: the eligible list and its hash are fixed and audited now, before the draw's beacon round.
  // zjcs-draw-v2-share: the same, and the regulator office's reveal is due within the policy's working days.
  const fixed = (await fixEligibleList(trx, projectId, bids)) ?? (await fixShareList(trx, projectId, bids, policy.shareRevealWorkdays));
  await transition(
    trx,
    project,
    "selecting",
    SYSTEM,
    { validBids: bids.length, invalidBids: submitted.length - bids.length, ...fixed?.audit },
    { openedAt: now },
  );
  if (fixed && "delayed" in fixed && fixed.delayed) await recordRoundMoved(trx, projectId, fixed.delayed);
  if (fixed && "missingCommitment" in fixed && fixed.missingCommitment && bids.length >= min)
    await escalateMissingCommitment(trx, projectId);
  const opened = { ...project, status: "selecting" };
  if (bids.length < min) {
    await saveSelection(
      trx,
      projectId,
      {
        method: project.selectionMethod as SelectionMethod,
        spec: { method: "direct" },
        algorithm: "zjcs-draw-v1",
        seed: null,
        wordsUsed: 0,
        validBids: bids.length,
        winnerBidId: null,
        winnerAgencyId: null,
        ranking: [],
        tieBreak: null,
        failed: { reason: "tooFewBids", validBids: bids.length, minValidBids: min },
      },
      null,
    );
    await transition(
      trx,
      opened,
      "failed",
      SYSTEM,
      { reason: "tooFewBids", validBids: bids.length, minValidBids: min },
      { statusReason: "tooFewBids" },
    );
    return;
  }
  const method = project.selectionMethod as SelectionMethod;
  // A v2 draw waits in "selecting" for its beacon round (drawDueBeacons) or the office's share (revealShare).
  if (fixed) return;
  if (AUTOMATIC.includes(method) || method === "creditPreferred") {
    const spec = specFor(method, min, project)!;
    const draw = await runDraw(trx, projectId, spec, bids, now);
    await saveSelection(trx, projectId, draw.outcome, draw, bids);
    if (draw.outcome.failed) {
      await transition(trx, opened, "failed", SYSTEM, { reason: draw.outcome.failed.reason }, { statusReason: draw.outcome.failed.reason });
    } else if (method !== "creditPreferred") {
      await createAward(trx, opened, draw.outcome, SYSTEM, now);
    }
  }
  // scored and direct wait in "selecting" for the owner's evaluators or choice.
}

/**
 * The scheduled opening: every project whose deadline has passed, one at a time, each in its own
 * transaction. `skip locked` lets several instances run it at once without opening a project twice.
 */
export async function openDueProjects(db: Kysely<DB>, now = new Date(), opts: { graceMs?: number } = {}): Promise<number> {
  // The scheduled run waits BID_RECEIPT_GRACE_MS past the deadline: a bid received in time may still be on
  // its way to the database (bids are judged by their receipt; see migration 0015).
  const dueBy = new Date(now.getTime() - (opts.graceMs ?? 0));
  let opened = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom("projects")
        .select("id")
        .where("status", "=", "bidding")
        .where("bidDeadline", "<=", dueBy)
        .orderBy("bidDeadline")
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due) return false;
      await openProject(trx, due.id, now);
      return true;
    });
    if (!done) return opened;
    opened += 1;
  }
}

/**
 * The v2 draws whose beacon round is out: each round is fetched and verified, stored with its audit
 * event, and the automatic methods (and the credit-preferred short list) are drawn in that transaction.
 * Scored selection uses the stored round when the owner completes it.
 */
export async function drawDueBeacons(db: Kysely<DB>, beacon: BeaconConfig, now = new Date()): Promise<number> {
  return fetchDueRounds(db, beacon, now, (trx, projectId) => drawFixedList(trx, projectId, now, runDrawV2));
}

/**
 * A regulator office reveals its share (zjcs-draw-v2-share, decision 043): checked against its commitment,
 * recorded, and the automatic methods (and the credit-preferred short list) are drawn in the same
 * transaction. A share that does not match is refused (422) and the refusal audited on its own.
 */
export async function revealShare(db: Kysely<DB>, viewer: Viewer, projectId: string, shareHex: string, now = new Date()) {
  try {
    return await db.transaction().execute(async (trx) => {
      await acceptShare(trx, viewer, projectId, shareHex, now);
      await drawFixedList(trx, projectId, now, runDrawShare);
      const project = await trx.selectFrom("projects").select("status").where("id", "=", projectId).executeTakeFirstOrThrow();
      return { status: project.status };
    });
  } catch (e) {
    if (e instanceof DomainError && e.code === "mismatch") await recordShareRefused(db, viewer, projectId, "mismatch");
    throw e;
  }
}

/** The automatic draw over a fixed list, once its outside randomness (beacon round or share) is stored. */
async function drawFixedList(
  trx: Transaction<DB>,
  projectId: string,
  now: Date,
  run: typeof runDrawV2 | typeof runDrawShare,
): Promise<void> {
  const project = await trx.selectFrom("projects").selectAll().where("id", "=", projectId).executeTakeFirstOrThrow();
  const method = project.selectionMethod as SelectionMethod;
  if (project.status !== "selecting" || !(AUTOMATIC.includes(method) || method === "creditPreferred")) return;
  const policy = await policyOf(trx, project.policyId);
  const spec = specFor(method, minValidBids(policy, project.governmentFunded, method), project)!;
  const draw = await run(trx, projectId, spec, now);
  await saveSelection(trx, projectId, draw.outcome, draw, draw.bids);
  if (draw.outcome.failed) {
    await transition(trx, project, "failed", SYSTEM, { reason: draw.outcome.failed.reason }, { statusReason: draw.outcome.failed.reason });
  } else if (method !== "creditPreferred") {
    await createAward(trx, project, draw.outcome, SYSTEM, now);
  }
}

async function lockSelecting(trx: Transaction<DB>, viewer: Viewer, projectId: string) {
  const owner = requireOwner(viewer).org;
  const project = await trx.selectFrom("projects").selectAll().where("id", "=", projectId).forUpdate().executeTakeFirst();
  if (!project || project.ownerOrgId !== owner.id) throw notFound();
  if (project.status !== "selecting")
    throw conflict("not_selecting", "errors.project.state", "_form", { from: project.status, to: "awarded" });
  return project;
}

/**
 * The owner completes a selection that needs a person: the pick from a credit-preferred short list
 * (with a reason), the evaluators' technical scores for scored selection, or the direct choice among
 * the valid bidders it was shown. Two concurrent requests: the row lock lets one through.
 */
export async function completeSelection(
  db: Kysely<DB>,
  viewer: Viewer,
  projectId: string,
  input: {
    bidId?: string;
    agencyId?: string;
    priceFen?: number | null;
    reason?: string;
    technicalScores?: Record<string, number[]>;
    declaredNoConflict?: boolean;
  },
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const project = await lockSelecting(trx, viewer, projectId);
    const actor = { userId: viewer.userId, orgId: viewer.org!.id };
    const method = project.selectionMethod as SelectionMethod;
    const bids = await validBids(trx, projectId, now);
    for (const b of bids) {
      const e = await checkEligibility(trx, b.agencyId, projectId, "award", now);
      if (!e.eligible) throw ineligibleError(e);
    }
    let outcome: SelectionOutcome;
    let draw: Awaited<ReturnType<typeof runDraw>> | null = null;
    if (method === "creditPreferred") {
      const saved = await trx.selectFrom("selections").selectAll().where("projectId", "=", projectId).executeTakeFirstOrThrow();
      outcome = ownerPick(saved.outcome as unknown as SelectionOutcome, input.bidId ?? "", input.reason ?? "");
      await trx
        .updateTable("selections")
        .set({ outcome: JSON.stringify(outcome) })
        .where("projectId", "=", projectId)
        .execute();
    } else if (method === "scored") {
      // The evaluator declares no conflict of interest with any bidder before scoring counts.
      if (!input.declaredNoConflict) throw new DomainError("declaration", "errors.selection.declaration", "declaredNoConflict");
      await recordAudit(trx, {
        action: "selection.declaredNoConflict",
        subjectType: "project",
        subjectId: projectId,
        actorUserId: viewer.userId,
        actorOrgId: viewer.org!.id,
        data: { bidders: bids.map((b) => b.agencyId) },
      });
      const policy = await policyOf(trx, project.policyId);
      const spec = specFor("scored", minValidBids(policy, project.governmentFunded, "scored"), project, input.technicalScores ?? {})!;
      const v2 = await drawBeaconOf(trx, projectId);
      if (v2 && !v2.beaconRandomness) throw conflict("draw_pending", "draw.errors.pending");
      const shared = v2 ? null : await drawShareOf(trx, projectId);
      if (shared && !shared.share) throw conflict("draw_pending", "share.errors.pending");
      draw = v2
        ? await runDrawV2(trx, projectId, spec, now)
        : shared
          ? await runDrawShare(trx, projectId, spec, now)
          : await runDraw(trx, projectId, spec, bids, now);
      outcome = draw.outcome;
      await saveSelection(trx, projectId, outcome, draw, bids);
    } else if (method === "direct") {
      const saved = await trx.selectFrom("selections").select("outcome").where("projectId", "=", projectId).executeTakeFirstOrThrow();
      const shown = (saved.outcome as { shownAgencyIds?: string[] }).shownAgencyIds ?? [];
      outcome = direct({ shownAgencyIds: shown, chosenAgencyId: input.agencyId ?? "", reason: input.reason ?? null });
      const price = input.priceFen ?? null;
      if (price == null || price <= 0) throw new DomainError("price", "errors.required", "price");
      if (project.priceCeilingFen != null && price > project.priceCeilingFen)
        throw new DomainError("above_ceiling", "errors.bid.aboveCeiling", "price");
      if (project.priceFloorFen != null && price < project.priceFloorFen)
        throw new DomainError("below_floor", "errors.bid.belowFloor", "price");
      // No competition set the price: the policy's floor keeps a direct award from being a token sum.
      const directPolicy = await policyOf(trx, project.policyId);
      const floor = directFloorFen(project.priceCeilingFen, directPolicy.directFloorPct);
      if (floor != null && price < floor)
        throw new DomainError("below_direct_floor", "errors.selection.belowDirectFloor", "price", {
          pct: directPolicy.directFloorPct,
          floor: `¥${(floor / 100).toFixed(2)}`,
        });
      const e = await checkEligibility(trx, outcome.winnerAgencyId!, projectId, "award", now);
      if (!e.eligible) throw ineligibleError(e);
      await saveSelection(trx, projectId, outcome, null);
      return createDirectAward(trx, project, outcome.winnerAgencyId!, price, actor, now);
    } else {
      throw conflict("automatic", "errors.project.state", "_form", { from: project.status, to: "awarded" });
    }
    return createAward(trx, project, outcome, actor, now);
  });
}

/** After publicity with no objection pending, the award becomes final — eligibility checked right before. */
export async function finalizeDueAwards(db: Kysely<DB>, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom("awards as a")
    .select(["a.id", "a.projectId", "a.agencyOrgId"])
    .where("a.status", "=", "publicity")
    .where("a.publicityEndsAt", "<=", now)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("objections as o")
            .select("o.id")
            .whereRef("o.awardId", "=", "a.id")
            .where("o.status", "in", ["open", "answered", "escalated"]),
        ),
      ),
    )
    .execute();
  let n = 0;
  for (const a of due) {
    await db.transaction().execute(async (trx) => {
      const award = await trx
        .selectFrom("awards")
        .selectAll()
        .where("id", "=", a.id)
        .where("status", "=", "publicity")
        .forUpdate()
        .executeTakeFirst();
      if (!award) return;
      // An objection filed while this job was choosing (it locks the award too) holds the award: look again under the lock.
      const pending = await trx
        .selectFrom("objections")
        .select("id")
        .where("awardId", "=", a.id)
        .where("status", "in", ["open", "answered", "escalated"])
        .executeTakeFirst();
      if (pending) return;
      const e = await checkEligibility(trx, a.agencyOrgId, a.projectId, "award", now);
      const project = await trx
        .selectFrom("projects")
        .select(["id", "status"])
        .where("id", "=", a.projectId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!e.eligible) {
        await trx
          .updateTable("awards")
          .set({ status: "annulled", annulledReason: e.reasons.map((r) => r.code).join(",") })
          .where("id", "=", a.id)
          .execute();
        await transition(
          trx,
          project,
          "failed",
          SYSTEM,
          { reason: "winnerIneligible", awardId: a.id },
          { statusReason: "winnerIneligible" },
        );
      } else {
        await trx.updateTable("awards").set({ status: "final", finalizedAt: now }).where("id", "=", a.id).execute();
        await recordAudit(trx, { action: "award.final", subjectType: "project", subjectId: a.projectId, data: { awardId: a.id } });
      }
      n += 1;
    });
  }
  return n;
}

export function selectionQuery(db: Kysely<DB>, projectId: string) {
  return db.selectFrom("selections").selectAll().where("projectId", "=", projectId);
}

export function asSelection(row: Selectable<Selections>) {
  return { ...row, outcome: row.outcome as unknown as SelectionOutcome, validBids: row.validBids as unknown as DrawEntry[] };
}

export async function getSelection(db: Kysely<DB>, projectId: string) {
  const row = await selectionQuery(db, projectId).executeTakeFirst();
  return row ? asSelection(row) : null;
}

/** The public inputs of a project's draw, once the secret is revealed (null before, or with no draw). */
export async function getDrawInputs(db: Kysely<DB>, projectId: string) {
  if (!isUuid(projectId)) return null;
  const sel = await getSelection(db, projectId);
  if (!sel?.secret || !sel.seed) return null;
  const project = await db.selectFrom("projects").select(["drawCommitment"]).where("id", "=", projectId).executeTakeFirstOrThrow();
  const ids = sel.validBids.map((e) => e.id);
  const scores = sel.creditScores as Record<string, number>;
  const bids = ids.length
    ? await db.selectFrom("openedBids").select(["id", "agencyId", "priceFen", "hash"]).where("id", "in", ids).orderBy("id").execute()
    : [];
  return {
    projectId,
    commitment: project.drawCommitment ?? "",
    secret: sel.secret,
    entries: sel.validBids,
    bids: bids.map((b) => ({
      id: b.id!,
      agencyId: b.agencyId!,
      priceFen: b.priceFen!,
      hash: b.hash!,
      creditScore: scores[b.id!] ?? LEGACY_CREDIT_SCORE,
    })),
    outcome: sel.outcome,
  };
}

/**
 * What /projects/:id/draw.json publishes: a v2 draw's record (null until its round is drawn), else the
 * v1 inputs (getDrawInputs).
 */
export async function getPublishedDraw(db: Kysely<DB>, projectId: string): Promise<DrawInputsV2 | DrawInputsV2Share | DrawInputs | null> {
  if (!isUuid(projectId)) return null;
  const v2 = await drawBeaconOf(db, projectId);
  if (!v2) {
    const shared = await drawShareOf(db, projectId);
    return shared ? drawInputsShare(db, projectId, shared) : getDrawInputs(db, projectId);
  }
  const sel = await getSelection(db, projectId);
  if (!sel?.secret || !sel.seed) return null;
  const project = await db.selectFrom("projects").select(["drawCommitment"]).where("id", "=", projectId).executeTakeFirstOrThrow();
  return drawInputsV2(db, projectId, project.drawCommitment ?? "", sel, v2);
}

/** The award that stands (in publicity or final), as a published draw record names it. */
function standingAward(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("awards")
    .select(["bidId", "agencyOrgId", "priceFen"])
    .where("projectId", "=", projectId)
    .where("status", "in", ["publicity", "final"])
    .executeTakeFirst();
}

function asPublishedEvent(e: Selectable<AuditEvents>): PublishedAuditEvent {
  return {
    occurredAt: new Date(e.occurredAt).toISOString(),
    actorUserId: e.actorUserId,
    actorOrgId: e.actorOrgId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    data: e.data as Record<string, unknown>,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/** A share draw's published record (verify.ts checkDrawV2Share), once the share is revealed and drawn. */
async function drawInputsShare(
  db: Kysely<DB>,
  projectId: string,
  shared: NonNullable<Awaited<ReturnType<typeof drawShareOf>>>,
): Promise<DrawInputsV2Share | null> {
  const sel = await getSelection(db, projectId);
  if (!sel?.secret || !sel.seed || !shared.entries || !shared.listHash || !shared.share || !shared.commitment) return null;
  const project = await db.selectFrom("projects").select(["drawCommitment"]).where("id", "=", projectId).executeTakeFirstOrThrow();
  const events = await db
    .selectFrom("auditEvents")
    .selectAll()
    .where("subjectType", "=", "project")
    .where("subjectId", "=", projectId)
    .where("action", "in", ["project.bidding", "draw.shareCommitted", "project.selecting"])
    .orderBy("id")
    .execute();
  const published = events.find((e) => e.action === "project.bidding");
  const committed = events.find((e) => e.action === "draw.shareCommitted");
  const opened = events.find((e) => e.action === "project.selecting");
  if (!published || !committed || !opened) return null;
  const award = await standingAward(db, projectId);
  return {
    algorithm: DRAW_ALGORITHM_V2_SHARE,
    projectId,
    commitment: project.drawCommitment ?? "",
    secret: sel.secret,
    share: { officeId: shared.officeId, commitment: shared.commitment, share: shared.share },
    list: { hash: shared.listHash, entries: shared.entries },
    audit: { published: asPublishedEvent(published), committed: asPublishedEvent(committed), opened: asPublishedEvent(opened) },
    outcome: sel.outcome,
    award: award ? { bidId: award.bidId, agencyId: award.agencyOrgId, priceFen: award.priceFen } : null,
  };
}

/** A v2 draw's published record (verify.ts checkDrawV2): everything from the audit trail and the fixed list. */
async function drawInputsV2(
  db: Kysely<DB>,
  projectId: string,
  stated: string,
  sel: ReturnType<typeof asSelection>,
  v2: NonNullable<Awaited<ReturnType<typeof drawBeaconOf>>>,
): Promise<DrawInputsV2 | null> {
  if (!v2.entries || !v2.listHash || !v2.beaconSignature || !v2.beaconRandomness || v2.drawRound == null) return null;
  const events = await db
    .selectFrom("auditEvents")
    .selectAll()
    .where("subjectType", "=", "project")
    .where("subjectId", "=", projectId)
    .where("action", "in", ["project.bidding", "project.selecting"])
    .orderBy("id")
    .execute();
  const published = events.find((e) => e.action === "project.bidding");
  const opened = events.find((e) => e.action === "project.selecting");
  if (!published || !opened) return null;
  const award = await standingAward(db, projectId);
  return {
    algorithm: DRAW_ALGORITHM_V2,
    projectId,
    commitment: stated,
    secret: sel.secret!,
    chain: v2.chain,
    beacon: { round: v2.drawRound, signature: v2.beaconSignature, randomness: v2.beaconRandomness },
    list: { hash: v2.listHash, entries: v2.entries },
    audit: { published: asPublishedEvent(published), opened: asPublishedEvent(opened) },
    outcome: sel.outcome,
    award: award ? { bidId: award.bidId, agencyId: award.agencyOrgId, priceFen: award.priceFen } : null,
  };
}
