import { canonicalJson, chainHash, eventBody } from "~/modules/audit/audit.rules";
import { QUICKNET, beaconRandomness, isBeaconChain, roundTime, verifyBeaconSignature, type BeaconChain } from "./beacon.rules";
import {
  DRAW_ALGORITHM_V2,
  DRAW_ALGORITHM_V2_SHARE,
  OPENING_MARGIN_MS,
  badCommitments,
  canonicalDocumentHashes,
  commitment,
  drawRoundFor,
  drawSeed,
  drawSeedV2,
  DrawRng,
  eligibleListHash,
  verifyDraw,
  type DrawEntry,
  type EligibleEntry,
} from "./draw.rules";
import { isBidReceipt, receiptHash, type BidReceipt } from "./receipts.rules";
import { drawSeedV2Share, shareCommitment } from "./share.rules";
import { select, type SelectionOutcome, type SelectionSpec, type ValidBid } from "./selection.rules";

/** What anyone needs to recompute a project's draw: published at /projects/:id/draw.json. */
export interface DrawInputs {
  projectId: string;
  commitment: string;
  secret: string;
  entries: DrawEntry[];
  bids: { id: string; agencyId: string; priceFen: number; hash: string; creditScore: number }[];
  outcome: SelectionOutcome;
}

export interface DrawCheck {
  commitmentMatches: boolean;
  seedMatches: boolean;
  outcomeMatches: boolean;
  recomputedWinnerBidId: string | null;
  problem?: string;
}

/**
 * Recomputes a draw from its public inputs alone: the secret must hash to the commitment published
 * before bidding, the seed must follow from the secret and the valid bids, and re-running the recorded
 * method with that seed must give the published ranking and winner.
 */
export function checkDraw(inputs: DrawInputs): DrawCheck {
  const v = verifyDraw({ secretHex: inputs.secret, commitment: inputs.commitment, entries: inputs.entries, seed: inputs.outcome.seed });
  if (!v.ok && !v.commitmentMatches)
    return {
      commitmentMatches: false,
      seedMatches: false,
      outcomeMatches: false,
      recomputedWinnerBidId: null,
      problem: v.problem ?? "commitment",
    };
  const seed = drawSeed(inputs.secret, inputs.entries);
  const bids: ValidBid[] = inputs.bids.map((b) => ({ ...b, submittedAt: new Date(0) }));
  let recomputed: SelectionOutcome;
  try {
    recomputed = select(inputs.outcome.spec as SelectionSpec, bids, new DrawRng(seed));
  } catch (e) {
    return {
      commitmentMatches: v.commitmentMatches,
      seedMatches: !!v.seedMatches,
      outcomeMatches: false,
      recomputedWinnerBidId: null,
      problem: (e as Error).message,
    };
  }
  const rank = (o: SelectionOutcome) => JSON.stringify(o.ranking.map((r) => [r.bidId, r.rank]));
  // A credit-preferred outcome also carries the owner's later pick; the draw part is the short list.
  const winnerMatches =
    inputs.outcome.method === "creditPreferred"
      ? JSON.stringify(recomputed.shortList?.shortListBidIds) === JSON.stringify(inputs.outcome.shortList?.shortListBidIds)
      : recomputed.winnerBidId === inputs.outcome.winnerBidId;
  return {
    commitmentMatches: v.commitmentMatches,
    seedMatches: seed === inputs.outcome.seed,
    outcomeMatches: winnerMatches && rank(recomputed) === rank(inputs.outcome),
    recomputedWinnerBidId: recomputed.winnerBidId,
  };
}

// ---------------------------------------------------------------------------------------------------
// zjcs-draw-v2 (draw.rules.ts, decision 042): the verifier trusts nothing the platform says at draw time.

/** An audit event as published (the fields its chain hash covers, with its own and its predecessor's hash). */
export interface PublishedAuditEvent {
  occurredAt: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** What /projects/:id/draw.json publishes for a v2 draw. */
export interface DrawInputsV2 {
  algorithm: typeof DRAW_ALGORITHM_V2;
  projectId: string;
  /** The commitment as the platform states it now (the audited one is what counts). */
  commitment: string;
  secret: string;
  chain: BeaconChain;
  beacon: { round: number; signature: string; randomness: string };
  list: { hash: string; entries: EligibleEntry[] };
  /** The publication, the opening and the beacon's audit events, as recorded in the chain. */
  audit: { published: PublishedAuditEvent; opened: PublishedAuditEvent };
  outcome: SelectionOutcome;
  /** The award as recorded (null while none). */
  award: { bidId: string | null; agencyId: string; priceFen: number } | null;
}

export type CheckName =
  "auditEvents" | "commitment" | "chain" | "round" | "signature" | "list" | "preimages" | "seed" | "ranking" | "winner";

export interface DrawCheckV2 {
  ok: boolean;
  checks: Record<CheckName, boolean>;
  problems: string[];
  recomputedWinnerBidId: string | null;
  /** The opening missed its designated round and the draw moved to a later one (by the published rule). */
  delayed: boolean;
}

function eventHashOk(e: PublishedAuditEvent): boolean {
  try {
    const occurredAt = new Date(e.occurredAt);
    return chainHash(e.prevHash, eventBody({ ...e, occurredAt })) === e.hash;
  } catch {
    return false;
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * Checks a v2 draw from its published record alone. `pinnedChains` are the beacon chains the verifier
 * trusts (drand quicknet by default): a record naming a chain outside them fails, whatever key it carries.
 */
export function checkDrawV2(inputs: DrawInputsV2, opts: { pinnedChains?: readonly BeaconChain[] } = {}): DrawCheckV2 {
  const pinned = opts.pinnedChains ?? [QUICKNET];
  const problems: string[] = [];
  const checks = Object.fromEntries(
    (["auditEvents", "commitment", "chain", "round", "signature", "list", "preimages", "seed", "ranking", "winner"] as CheckName[]).map(
      (k) => [k, false],
    ),
  ) as Record<CheckName, boolean>;
  const fail = (name: CheckName, why: string) => {
    checks[name] = false;
    problems.push(`${name}: ${why}`);
  };
  const { published, opened } = inputs.audit;
  const pd = published.data;
  const od = opened.data;

  // 1. The audit events are the project's publication and opening, each with its chain hash intact.
  checks.auditEvents =
    eventHashOk(published) &&
    eventHashOk(opened) &&
    published.subjectId === inputs.projectId &&
    opened.subjectId === inputs.projectId &&
    published.action === "project.bidding" &&
    opened.action === "project.selecting" &&
    new Date(published.occurredAt) < new Date(opened.occurredAt);
  if (!checks.auditEvents) problems.push("auditEvents: the publication or opening event is not the project's, or its hash does not match");

  // 2. The revealed secret hashes to the commitment audited at publication (not the one stated now).
  let secretOk = false;
  try {
    secretOk = commitment(inputs.secret) === str(pd.drawCommitment);
  } catch {
    secretOk = false;
  }
  checks.commitment = secretOk && str(pd.drawCommitment) === inputs.commitment.trim().toLowerCase();
  if (!checks.commitment) fail("commitment", "the secret does not hash to the commitment audited at publication");

  // 3. The chain is the one pinned at publication, and one the verifier trusts.
  const pc = pd.beaconChain as BeaconChain | undefined;
  const trusted = pinned.find((c) => c.chainHash === inputs.chain.chainHash);
  checks.chain =
    !!pc &&
    isBeaconChain(inputs.chain) &&
    canonicalJson(pc) === canonicalJson(inputs.chain) &&
    !!trusted &&
    canonicalJson(trusted) === canonicalJson(inputs.chain) &&
    pd.drawAlgorithm === DRAW_ALGORITHM_V2;
  if (!checks.chain) fail("chain", "the beacon chain is not the one pinned at publication or not a trusted chain");

  // 4. The round follows from the designated round and the opening's audit time by the published rule.
  let delayed = false;
  if (checks.chain) {
    const designated = Number(pd.designatedRound);
    try {
      const expected = drawRoundFor(inputs.chain, designated, new Date(opened.occurredAt));
      delayed = expected.delayed;
      checks.round =
        inputs.beacon.round === expected.round &&
        od.drawRound === expected.round &&
        od.designatedRound === designated &&
        new Date(opened.occurredAt).getTime() + OPENING_MARGIN_MS <= roundTime(inputs.chain, expected.round).getTime();
    } catch {
      checks.round = false;
    }
    if (!checks.round) fail("round", "the beacon round is not the one the published rule gives");
    // 5. The round's signature verifies against the pinned key; the randomness is its hash.
    checks.signature =
      verifyBeaconSignature(inputs.chain, inputs.beacon.round, inputs.beacon.signature) &&
      beaconRandomness(inputs.beacon.signature) === inputs.beacon.randomness;
    if (!checks.signature) fail("signature", "the beacon signature does not verify against the chain's public key");
  } else {
    problems.push("round, signature: not checked without a trusted chain");
  }

  // 6–8. The list, the preimages, the seed, the ranking and the winner.
  const rest = checkListAndOutcome(inputs, opened, (listHash) =>
    drawSeedV2(inputs.secret, listHash, beaconRandomness(inputs.beacon.signature)),
  );
  Object.assign(checks, rest.checks);
  problems.push(...rest.problems);
  const recomputedWinnerBidId = rest.recomputedWinnerBidId;
  return { ok: Object.values(checks).every(Boolean), checks, problems, recomputedWinnerBidId, delayed };
}

type ListCheckName = "list" | "preimages" | "seed" | "ranking" | "winner";

/**
 * The part v2 and v2-share have in common (draw.rules.ts steps 3 and 6, share.rules.ts step 5): the list
 * against the hash audited at opening, every preimage, the seed (`seedOf` the recomputed list hash), the
 * ranking re-run over the list, and the winner's bid and agency in the outcome and the award.
 */
function checkListAndOutcome(
  inputs: Pick<DrawInputsV2, "projectId" | "list" | "outcome" | "award">,
  opened: PublishedAuditEvent,
  seedOf: (listHash: string) => string,
): { checks: Record<ListCheckName, boolean>; problems: string[]; recomputedWinnerBidId: string | null } {
  const od = opened.data;
  const problems: string[] = [];
  const checks: Record<ListCheckName, boolean> = { list: false, preimages: false, seed: false, ranking: false, winner: false };
  const fail = (name: ListCheckName, why: string) => {
    checks[name] = false;
    problems.push(`${name}: ${why}`);
  };
  // 6. The list is the one whose hash was audited at opening, and every entry's commitment is its preimage's.
  let listHash = "";
  try {
    listHash = eligibleListHash(inputs.projectId, inputs.list.entries);
  } catch (e) {
    problems.push(`list: ${(e as Error).message}`);
  }
  checks.list =
    listHash !== "" && listHash === inputs.list.hash && listHash === str(od.listHash) && od.validBids === inputs.list.entries.length;
  if (!checks.list) fail("list", "the eligible list is not the one whose hash was published at opening");
  const bad = badCommitments(inputs.projectId, inputs.list.entries);
  checks.preimages = bad.length === 0;
  if (!checks.preimages) fail("preimages", `entries whose commitment is not the hash of their preimage: ${bad.join(", ")}`);

  // 7. The seed, then the selection re-run over the list.
  let recomputedWinnerBidId: string | null = null;
  let seed: string | null = null;
  try {
    seed = seedOf(listHash);
  } catch {
    seed = null;
  }
  checks.seed = seed !== null && seed === inputs.outcome.seed && inputs.outcome.algorithm === algorithmOf(inputs);
  if (!checks.seed) fail("seed", `the seed does not follow from the secret, the list and the ${seedSource(inputs)}`);
  if (seed) {
    try {
      const recomputed = select(inputs.outcome.spec as SelectionSpec, entriesAsValidBids(inputs.list.entries), new DrawRng(seed));
      recomputedWinnerBidId = recomputed.winnerBidId;
      const rank = (o: SelectionOutcome) => canonicalJson(o.ranking.map((r) => [r.bidId, r.agencyId, r.priceFen, r.rank]));
      const cp = inputs.outcome.method === "creditPreferred";
      checks.ranking =
        rank(recomputed) === rank(inputs.outcome) &&
        (!cp || canonicalJson(recomputed.shortList?.shortListBidIds) === canonicalJson(inputs.outcome.shortList?.shortListBidIds));
      if (!checks.ranking) fail("ranking", "re-running the method does not give the published ranking");
      // 8. The winner: its bid and its agency, in the outcome and in the award.
      const winnerBid = cp ? (inputs.outcome.ownerPick?.bidId ?? null) : recomputed.winnerBidId;
      const entry = inputs.list.entries.find((e) => e.id === winnerBid);
      const inShort = !cp || (!!winnerBid && !!recomputed.shortList?.shortListBidIds.includes(winnerBid));
      checks.winner =
        inShort &&
        inputs.outcome.winnerBidId === winnerBid &&
        (winnerBid === null || (!!entry && inputs.outcome.winnerAgencyId === entry.agencyId)) &&
        (inputs.award === null
          ? winnerBid === null || cp
          : !!entry &&
            inputs.award.bidId === entry.id &&
            inputs.award.agencyId === entry.agencyId &&
            inputs.award.priceFen === entry.priceFen);
      if (!checks.winner) fail("winner", "the published winner or award is not the recomputed winner's bid and agency");
    } catch (e) {
      problems.push(`ranking: ${(e as Error).message}`);
    }
  }
  return { checks, problems, recomputedWinnerBidId };
}

const algorithmOf = (inputs: object) => (inputs as { algorithm?: unknown }).algorithm;
const seedSource = (inputs: object) => (algorithmOf(inputs) === DRAW_ALGORITHM_V2_SHARE ? "regulator's share" : "beacon");

function entriesAsValidBids(entries: readonly EligibleEntry[]): ValidBid[] {
  return entries.map((e) => ({
    id: e.id,
    agencyId: e.agencyId,
    priceFen: e.priceFen,
    hash: e.hash,
    creditScore: e.creditScore,
    submittedAt: new Date(0),
  }));
}

export function isDrawInputsV2(x: unknown): x is DrawInputsV2 {
  return !!x && typeof x === "object" && (x as { algorithm?: unknown }).algorithm === DRAW_ALGORITHM_V2;
}

// ---------------------------------------------------------------------------------------------------
// zjcs-draw-v2-share (share.rules.ts, decision 043): the regulator office's reveal share instead of a beacon.

/** What /projects/:id/draw.json publishes for a share draw. */
export interface DrawInputsV2Share {
  algorithm: typeof DRAW_ALGORITHM_V2_SHARE;
  projectId: string;
  /** The platform's commitment as it states it now (the audited one is what counts). */
  commitment: string;
  secret: string;
  /** The office that gave the share, its commitment (as stated now) and the revealed share. */
  share: { officeId: string; commitment: string; share: string };
  list: { hash: string; entries: EligibleEntry[] };
  /** The publication, the office's commitment and the opening, as recorded in the audit chain. */
  audit: { published: PublishedAuditEvent; committed: PublishedAuditEvent; opened: PublishedAuditEvent };
  outcome: SelectionOutcome;
  award: { bidId: string | null; agencyId: string; priceFen: number } | null;
}

export type ShareCheckName = "auditEvents" | "commitment" | "office" | "share" | ListCheckName;

export interface DrawCheckV2Share {
  ok: boolean;
  checks: Record<ShareCheckName, boolean>;
  problems: string[];
  recomputedWinnerBidId: string | null;
}

export function isDrawInputsV2Share(x: unknown): x is DrawInputsV2Share {
  return !!x && typeof x === "object" && (x as { algorithm?: unknown }).algorithm === DRAW_ALGORITHM_V2_SHARE;
}

/**
 * Checks a share draw from its published record alone: the three audit events (their hashes, their
 * project, their order: publication, then the office's commitment, then the opening), the secret against
 * the commitment audited at publication, the office named at publication as the one that committed, the
 * share against the commitment audited when the office made it (and carried into the opening's event),
 * then the list, every preimage, the seed, the ranking and the winner as for v2.
 */
export function checkDrawV2Share(inputs: DrawInputsV2Share): DrawCheckV2Share {
  const problems: string[] = [];
  const { published, committed, opened } = inputs.audit;
  const pd = published.data;
  const cd = committed.data;
  const od = opened.data;
  const at = (e: PublishedAuditEvent) => new Date(e.occurredAt).getTime();

  const auditEvents =
    eventHashOk(published) &&
    eventHashOk(committed) &&
    eventHashOk(opened) &&
    [published, committed, opened].every((e) => e.subjectType === "project" && e.subjectId === inputs.projectId) &&
    published.action === "project.bidding" &&
    committed.action === "draw.shareCommitted" &&
    opened.action === "project.selecting" &&
    at(published) <= at(committed) &&
    at(committed) <= at(opened) &&
    published.hash !== committed.hash &&
    committed.hash !== opened.hash;
  if (!auditEvents)
    problems.push(
      "auditEvents: the publication, commitment or opening event is not the project's, out of order, or its hash does not match",
    );

  let secretOk = false;
  try {
    secretOk = commitment(inputs.secret) === str(pd.drawCommitment);
  } catch {
    secretOk = false;
  }
  const commitmentOk = secretOk && str(pd.drawCommitment) === inputs.commitment.trim().toLowerCase();
  if (!commitmentOk) problems.push("commitment: the secret does not hash to the commitment audited at publication");

  const office =
    pd.drawAlgorithm === DRAW_ALGORITHM_V2_SHARE &&
    str(pd.shareOfficeId) !== "" &&
    str(pd.shareOfficeId) === str(cd.officeId) &&
    committed.actorOrgId === str(cd.officeId) &&
    inputs.share.officeId === str(cd.officeId) &&
    str(od.shareOfficeId) === str(cd.officeId);
  if (!office) problems.push("office: the share's office is not the one named at publication, or not the one that committed");

  let shareOk = false;
  try {
    const c = shareCommitment(inputs.share.share);
    shareOk = c === str(cd.shareCommitment) && c === str(od.shareCommitment) && c === inputs.share.commitment.trim().toLowerCase();
  } catch {
    shareOk = false;
  }
  if (!shareOk) problems.push("share: the share does not hash to the commitment the office made (as audited then and at opening)");

  const rest = checkListAndOutcome(inputs, opened, (listHash) => drawSeedV2Share(inputs.secret, listHash, inputs.share.share));
  const checks: Record<ShareCheckName, boolean> = { auditEvents, commitment: commitmentOk, office, share: shareOk, ...rest.checks };
  problems.push(...rest.problems);
  return { ok: Object.values(checks).every(Boolean), checks, problems, recomputedWinnerBidId: rest.recomputedWinnerBidId };
}

// ---------------------------------------------------------------------------------------------------
// Bid receipts (receipts.rules.ts, decision 042 "Bid documents and receipts"): was my bid in the opening?

export type ReceiptVerdict =
  /** The receipt's bid, at the receipt's version and commitment, is in the opening. */
  | "included"
  /** A withdrawal receipt, and the withdrawn bid is not in the opening: the withdrawal was honoured. */
  | "withdrawalHonoured"
  /** The receipt's hash is not the hash of its content: it was changed or made up. */
  | "forged"
  /** The receipt is for another project. */
  | "otherProject"
  /** The bid was withdrawn later (a later withdrawal receipt of the same bid). */
  | "withdrawn"
  /** A later version of the bid replaced this one (in the opening, or named by a later receipt). */
  | "superseded"
  /** The opening holds this bid at this version, but not with this commitment: changed after it was received. */
  | "altered"
  /** A withdrawal receipt, but the withdrawn bid is in the opening. */
  | "withdrawalIgnored"
  /** Nothing in the opening or in a later receipt accounts for the bid: the platform dropped it. */
  | "missing";

export interface ReceiptCheck {
  ok: boolean;
  verdict: ReceiptVerdict;
  reason: string;
  /** The opening's entry for the receipt's bid, when there is one. */
  entryId: string | null;
}

function receiptIntact(r: BidReceipt): boolean {
  try {
    return receiptHash(r) === r.receiptHash;
  } catch {
    return false;
  }
}

/**
 * Checks a receipt against a project's published draw record (draw.json) alone: whether the receipt's
 * bid — its agency, version and commitment (zjcs-draw-v2; the content hash for zjcs-draw-v1) — is in the
 * opening, and if not, why. `later` are the agency's other receipts for the project (a later revision
 * or withdrawal explains a bid that is not in the opening); forged ones among them are ignored. Pure:
 * no I/O, never throws.
 */
export function verifyReceipt(
  receipt: unknown,
  draw: DrawInputsV2 | DrawInputsV2Share | DrawInputs,
  later: readonly unknown[] = [],
): ReceiptCheck {
  const verdict = (ok: boolean, v: ReceiptVerdict, reason: string, entryId: string | null = null): ReceiptCheck => ({
    ok,
    verdict: v,
    reason,
    entryId,
  });
  if (!isBidReceipt(receipt) || !receiptIntact(receipt))
    return verdict(false, "forged", "the receipt's hash is not the SHA-256 of its content: it was changed or made up");
  const r = receipt;
  if (r.projectId !== draw.projectId)
    return verdict(false, "otherProject", `the receipt is for project ${r.projectId}, not ${draw.projectId}`);
  const receivedAt = new Date(r.receivedAt).getTime();
  const after = later
    .filter((x): x is BidReceipt => isBidReceipt(x) && receiptIntact(x))
    .filter((x) => x.projectId === r.projectId && x.agencyId === r.agencyId && x.bidId === r.bidId && x.receiptHash !== r.receiptHash)
    .filter(
      (x) =>
        new Date(x.receivedAt).getTime() >= receivedAt && (x.version > r.version || (x.version === r.version && x.action === "withdrawn")),
    )
    .sort((a, b) => new Date(a.receivedAt).getTime() - new Date(b.receivedAt).getTime());
  const withdrawnLater = after.find((x) => x.action === "withdrawn");
  const revisedLater = after.find((x) => x.action === "revised");

  if (isDrawInputsV2(draw) || isDrawInputsV2Share(draw)) {
    const entry = draw.list.entries.find((e) => e.id === r.bidId) ?? null;
    if (r.action === "withdrawn") {
      return entry && entry.version <= r.version
        ? verdict(
            false,
            "withdrawalIgnored",
            `the bid was withdrawn at version ${r.version} but is in the opening (entry ${entry.id})`,
            entry.id,
          )
        : verdict(true, "withdrawalHonoured", "the withdrawn bid is not in the opening");
    }
    if (entry) {
      if (entry.agencyId !== r.agencyId) return verdict(false, "altered", `the opening names another agency for bid ${entry.id}`, entry.id);
      if (entry.version === r.version) {
        const selfConsistent = badCommitments(draw.projectId, [entry]).length === 0;
        const docs = canonicalDocumentHashesSafe(entry.documents);
        const receiptDocs = canonicalDocumentHashesSafe(r.documents.map((d) => d.sha256));
        if (entry.hash === r.commitment && selfConsistent && docs === receiptDocs)
          return verdict(true, "included", `version ${r.version} is in the opening with the receipt's commitment`, entry.id);
        return verdict(
          false,
          "altered",
          `the opening holds version ${r.version} with commitment ${entry.hash}, not the receipt's ${r.commitment}: the bid (price, documents or nonce) was changed after it was received`,
          entry.id,
        );
      }
      if (entry.version > r.version)
        return verdict(false, "superseded", `a later version (${entry.version}) of the bid is in the opening`, entry.id);
      return verdict(
        false,
        "altered",
        `the opening holds version ${entry.version}, older than the receipt's ${r.version}: the revision was dropped`,
        entry.id,
      );
    }
    if (withdrawnLater) return verdict(false, "withdrawn", `the bid was withdrawn later (${withdrawnLater.receivedAt})`);
    if (revisedLater)
      return verdict(false, "superseded", `a later version (${revisedLater.version}) replaced it (${revisedLater.receivedAt})`);
    return verdict(
      false,
      "missing",
      "the bid is not in the opening's eligible list and no later receipt accounts for it: the platform dropped it (unless the project page shows it declared invalid at opening)",
    );
  }

  // zjcs-draw-v1: the published entries are {id, hash}, the hash being the bid's content hash.
  const entry = draw.entries.find((e) => e.id === r.bidId) ?? null;
  const bid = draw.bids.find((b) => b.id === r.bidId) ?? null;
  if (r.action === "withdrawn") {
    return entry && entry.hash === r.bidHash
      ? verdict(false, "withdrawalIgnored", "the withdrawn bid is in the opening", entry.id)
      : verdict(true, "withdrawalHonoured", "the withdrawn bid is not in the opening");
  }
  if (entry) {
    if (entry.hash === r.bidHash && (!bid || bid.agencyId === r.agencyId))
      return verdict(true, "included", "the bid is in the opening with the receipt's content hash", entry.id);
    if (revisedLater && after.some((x) => x.bidHash === entry.hash))
      return verdict(false, "superseded", "a later version of the bid is in the opening", entry.id);
    return verdict(false, "altered", `the opening holds the bid with hash ${entry.hash}, not the receipt's ${r.bidHash}`, entry.id);
  }
  if (withdrawnLater) return verdict(false, "withdrawn", `the bid was withdrawn later (${withdrawnLater.receivedAt})`);
  if (revisedLater) return verdict(false, "superseded", `a later version (${revisedLater.version}) replaced it`);
  return verdict(
    false,
    "missing",
    "the bid is not among the opening's valid bids and no later receipt accounts for it: the platform dropped it",
  );
}

function canonicalDocumentHashesSafe(d: readonly string[] | undefined): string {
  try {
    return canonicalDocumentHashes(d).join(",");
  } catch {
    return "malformed";
  }
}
