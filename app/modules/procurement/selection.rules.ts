import { DomainError, conflict } from "~/modules/errors";
import { DRAW_ALGORITHM, type DrawAlgorithm, type DrawRng } from "./draw.rules";
import { isAbnormallyLow } from "./abnormal-price.rules";

export { isAbnormallyLow };
import type { SelectionMethod } from "./projects.rules";

/**
 * The selection methods (选取方式), each a pure function of the valid bids and a DrawRng seeded per
 * draw.rules.ts. Given the same bids, parameters and seed every function returns the same outcome, and
 * the outcome is plain JSON (no Date, no bigint) so it can be stored, hashed into the audit chain,
 * shown in full on the award notice and re-run by `verify:draw`: `select(outcome.spec, bids,
 * new DrawRng(outcome.seed))` must give back the same outcome.
 *
 * Competition is the rule for work a department commissions (seed 000 #33, seed 002 §(九)); every
 * method here is a form of it except `direct`, which only records an owner's free choice (seed 000
 * #31: the owner chooses, no authority may designate).
 *
 * Ties. Every ranking method makes exactly one shuffle of the bids sorted by id (`rng.shuffle`) and uses
 * that order to break ties at every rank, whether or not a tie occurs, so the words consumed do not
 * depend on the data. Ranks are therefore always 1..n with no two equal; `tieBreak` records the shuffled
 * order and the groups that were actually equal.
 */

export interface ValidBid {
  id: string;
  agencyId: string;
  /** Integer fen, > 0. */
  priceFen: number;
  /** The bid's sealed content hash: the draw entries are `{ id, hash }` of the valid bids. */
  hash: string;
  /** 0–100, at most two decimals, as of the bid deadline. */
  creditScore: number;
  /** One technical score (0–100) when the evaluators' scores are already averaged elsewhere. */
  technicalScore?: number | null;
  submittedAt: Date;
}

export type SelectionFailureReason = "tooFewBids";

export type RankingNote =
  | "tieDrawn" // was equal with another bid on the method's criterion; the draw decided the order
  | "droppedHighest" // averagePrice: left out of the average (still competes)
  | "droppedLowest"
  | "longList" // creditPreferred: within the long list
  | "shortList"; // creditPreferred: drawn into the short list

export interface ScoreParts {
  priceMilli: number;
  technicalMilli: number;
  creditMilli: number;
}

export interface RankingRow {
  bidId: string;
  agencyId: string;
  priceFen: number;
  /** 1 = first; distinct, ties already broken by the draw. */
  rank: number;
  /**
   * Method-specific: scored → total in millipoints (1 point = 1000); averagePrice → distance from the
   * target in fen, rounded half up for display (the ranking uses the exact value); creditPreferred →
   * credit score. Absent for randomDraw and lowestPrice (the price is the criterion).
   */
  score?: number;
  parts?: ScoreParts;
  notes?: RankingNote[];
}

export interface TieBreak {
  /** The bid ids sorted by id and shuffled once: the tie order used at every rank. */
  drawOrder: string[];
  /** Each run of bids that were equal on the method's criterion: the first rank they took, in final order. */
  groups: { rank: number; bidIds: string[] }[];
}

export interface AveragePriceRecord {
  factorsBp: number[];
  /** The factor drawn, in basis points (9500 = 95 %). */
  factorBp: number;
  trimmed: boolean;
  droppedBidIds: string[];
  /** The average is sumFen / count exactly; meanFen and targetFen are rounded half up for display. */
  sumFen: number;
  count: number;
  meanFen: number;
  targetFen: number;
}

export interface ShortListRecord {
  longListSize: number;
  shortListSize: number;
  longListBidIds: string[];
  /** In the order drawn. */
  shortListBidIds: string[];
  /** The weights used (credit score in hundredths), by bid id. */
  weights: Record<string, number>;
}

export interface ScoreWeights {
  pricePct: number;
  technicalPct: number;
  creditPct: number;
}

export type SelectionSpec =
  | { method: "randomDraw"; minValidBids: number }
  | { method: "lowestPrice"; minValidBids: number }
  | { method: "averagePrice"; minValidBids: number; factorsBp: number[]; trimFrom: number }
  | { method: "creditPreferred"; minValidBids: number; longListSize: number; shortListSize: number }
  | { method: "scored"; minValidBids: number; weights: ScoreWeights; technicalScores: Record<string, number[]> };

export type DirectSpec = { method: "direct" };

export interface SelectionOutcome {
  method: SelectionMethod;
  /** Everything needed to re-run the selection besides the bids and the seed. */
  spec: SelectionSpec | DirectSpec;
  algorithm: DrawAlgorithm;
  /** The DrawRng seed; null when no draw was made (direct, failed). */
  seed: string | null;
  /** Words the selection took from the stream: a cheap cross-check when re-running it. */
  wordsUsed: number;
  validBids: number;
  winnerBidId: string | null;
  winnerAgencyId: string | null;
  ranking: RankingRow[];
  tieBreak: TieBreak | null;
  failed: { reason: SelectionFailureReason; validBids: number; minValidBids: number } | null;
  average?: AveragePriceRecord;
  shortList?: ShortListRecord;
  /** creditPreferred: null while the owner has yet to pick from the short list. */
  ownerPick?: { bidId: string; reason: string } | null;
  weights?: ScoreWeights;
  direct?: { shownAgencyIds: string[]; chosenAgencyId: string; reason: string | null };
}

/** The factors of 最优价 (average-price) selection, in basis points: 95 %, 96 %, 97 %, 98 %. */
export const AVERAGE_PRICE_FACTORS_BP: readonly number[] = [9500, 9600, 9700, 9800];

/**
 * From how many valid bids the highest and the lowest are left out of the average. Provinces differ —
 * some trim from 5 valid bids, some only from 7 or more, some never — so it is a parameter; with fewer
 * bids than this nothing is dropped (dropping from 3–4 bids would leave an average of one or two prices).
 */
export const AVERAGE_PRICE_TRIM_FROM = 5;

export const OWNER_REASON_MAX = 500;

// ---------------------------------------------------------------------------------------------------

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Credit scores and evaluators' scores are 0–100 with at most two decimals; they are used as integer
 * hundredths so that every comparison is exact.
 */
function hundredths(x: number, what: string): number {
  const h = Math.round(x * 100);
  if (!Number.isFinite(x) || x < 0 || x > 100 || Math.abs(x * 100 - h) > 1e-6) {
    throw new RangeError(`${what} must be 0–100 with at most two decimals, got ${x}`);
  }
  return h;
}

/** Bids sorted by id, after checking the invariants every method relies on. */
function prepare(bids: readonly ValidBid[]): ValidBid[] {
  const ids = new Set<string>();
  const agencies = new Set<string>();
  for (const b of bids) {
    if (ids.has(b.id)) throw new TypeError(`duplicate bid ${b.id}`);
    // One valid bid per agency and project: a second one would double its chance in a draw.
    if (agencies.has(b.agencyId)) throw new TypeError(`agency ${b.agencyId} has two bids`);
    if (!Number.isSafeInteger(b.priceFen) || b.priceFen <= 0) throw new RangeError(`price of bid ${b.id} must be a positive integer fen`);
    hundredths(b.creditScore, `credit score of bid ${b.id}`);
    ids.add(b.id);
    agencies.add(b.agencyId);
  }
  return [...bids].sort((a, b) => compareIds(a.id, b.id));
}

function failedOutcome(spec: SelectionSpec, bids: readonly ValidBid[]): SelectionOutcome {
  return {
    method: spec.method,
    spec,
    algorithm: DRAW_ALGORITHM,
    seed: null,
    wordsUsed: 0,
    validBids: bids.length,
    winnerBidId: null,
    winnerAgencyId: null,
    ranking: [],
    tieBreak: null,
    failed: { reason: "tooFewBids", validBids: bids.length, minValidBids: spec.minValidBids },
  };
}

/**
 * 流标: fewer valid bids than the project's minimum (the number comes from the procedure policy,
 * `minValidBids(policy, governmentFunded)` in projects.rules.ts). Returns the failed outcome, or null
 * when there are enough bids.
 */
export function checkMinValidBids(bids: readonly ValidBid[], spec: SelectionSpec): SelectionOutcome | null {
  if (!Number.isSafeInteger(spec.minValidBids) || spec.minValidBids < 1) throw new RangeError("minValidBids must be an integer ≥ 1");
  return bids.length < spec.minValidBids ? failedOutcome(spec, bids) : null;
}

/** Orders `sorted` (bids by id) by `compare`, breaking ties with one shuffle of the ids. */
function rankWithTies(sorted: readonly ValidBid[], rng: DrawRng, compare: (a: ValidBid, b: ValidBid) => number) {
  const drawOrder = rng.shuffle(sorted.map((b) => b.id));
  const pos = new Map(drawOrder.map((id, i) => [id, i]));
  const at = (b: ValidBid) => pos.get(b.id) ?? 0;
  const ordered = [...sorted].sort((a, b) => compare(a, b) || at(a) - at(b));
  const groups: TieBreak["groups"] = [];
  const tied = new Set<string>();
  for (let i = 0; i < ordered.length;) {
    let j = i + 1;
    while (j < ordered.length && compare(ordered[i] as ValidBid, ordered[j] as ValidBid) === 0) j++;
    if (j - i > 1) {
      const run = ordered.slice(i, j).map((b) => b.id);
      groups.push({ rank: i + 1, bidIds: run });
      for (const id of run) tied.add(id);
    }
    i = j;
  }
  const tieBreak: TieBreak | null = groups.length > 0 ? { drawOrder, groups } : null;
  return { ordered, tieBreak, tied };
}

function row(b: ValidBid, rank: number, extra: Partial<RankingRow> = {}, notes: RankingNote[] = []): RankingRow {
  const r: RankingRow = { bidId: b.id, agencyId: b.agencyId, priceFen: b.priceFen, rank, ...extra };
  if (notes.length > 0) r.notes = notes;
  return r;
}

function outcome(
  spec: SelectionSpec,
  rng: DrawRng,
  sorted: readonly ValidBid[],
  ranking: RankingRow[],
  tieBreak: TieBreak | null,
  winner: boolean,
): SelectionOutcome {
  const first = winner ? ranking[0] : undefined;
  return {
    method: spec.method,
    spec,
    algorithm: DRAW_ALGORITHM,
    seed: rng.seed,
    wordsUsed: rng.wordsUsed,
    validBids: sorted.length,
    winnerBidId: first?.bidId ?? null,
    winnerAgencyId: first?.agencyId ?? null,
    ranking,
    tieBreak,
    failed: null,
  };
}

function roundHalfUp(num: bigint, den: bigint): number {
  return Number((2n * num + den) / (2n * den));
}

// ---------------------------------------------------------------------------------------------------

/**
 * 随机抽取. Draw: one `shuffle` of the bids sorted by id. The shuffled order is the ranking; the first is
 * the winner, each bid equally likely.
 */
export function randomDraw(bids: readonly ValidBid[], rng: DrawRng, opts: { minValidBids?: number } = {}): SelectionOutcome {
  const spec: SelectionSpec = { method: "randomDraw", minValidBids: opts.minValidBids ?? 1 };
  const failed = checkMinValidBids(bids, spec);
  if (failed) return failed;
  const sorted = prepare(bids);
  const order = rng.shuffle(sorted);
  return outcome(
    spec,
    rng,
    sorted,
    order.map((b, i) => row(b, i + 1)),
    null,
    true,
  );
}

/**
 * 竞价选取 (lowest price). Price ascending; equal prices in the order of the tie shuffle. Draw: one
 * `shuffle` of the bids sorted by id.
 */
export function lowestPrice(bids: readonly ValidBid[], rng: DrawRng, opts: { minValidBids?: number } = {}): SelectionOutcome {
  const spec: SelectionSpec = { method: "lowestPrice", minValidBids: opts.minValidBids ?? 1 };
  const failed = checkMinValidBids(bids, spec);
  if (failed) return failed;
  const sorted = prepare(bids);
  const { ordered, tieBreak, tied } = rankWithTies(sorted, rng, (a, b) => a.priceFen - b.priceFen);
  const ranking = ordered.map((b, i) => row(b, i + 1, {}, tied.has(b.id) ? ["tieDrawn"] : []));
  return outcome(spec, rng, sorted, ranking, tieBreak, true);
}

/**
 * 最优价 / average price. With at least `trimFrom` valid bids (default 5) one highest and one lowest
 * price are left out of the average (with equal prices it does not matter which; the one with the
 * smaller id is recorded). Every valid bid, dropped or not, competes. Target = average × factor, the
 * factor drawn from `factorsBp`. The bid whose price is closest to the target wins, either side; equal
 * distances go by the tie shuffle (some provinces prefer the lower of two equidistant prices — here the
 * draw decides, as for every other tie).
 *
 * Exact arithmetic: with S the sum and c the count of the averaged prices and f the factor in basis
 * points, a bid's distance is |price × c × 10000 − S × f| (integers, compared as bigint), i.e. the true
 * distance times c × 10000.
 *
 * Draw: first `pick(factorsBp)`, then one `shuffle` of the bids sorted by id.
 */
export function averagePrice(
  bids: readonly ValidBid[],
  rng: DrawRng,
  factorsBp: readonly number[] = AVERAGE_PRICE_FACTORS_BP,
  opts: { minValidBids?: number; trimFrom?: number } = {},
): SelectionOutcome {
  for (const f of factorsBp)
    if (!Number.isSafeInteger(f) || f <= 0) throw new RangeError(`factor ${f} must be a positive integer (basis points)`);
  if (factorsBp.length === 0) throw new RangeError("no average-price factors");
  const trimFrom = opts.trimFrom ?? AVERAGE_PRICE_TRIM_FROM;
  if (!Number.isSafeInteger(trimFrom) || trimFrom < 3) throw new RangeError("trimFrom must be an integer ≥ 3");
  const spec: SelectionSpec = { method: "averagePrice", minValidBids: opts.minValidBids ?? 1, factorsBp: [...factorsBp], trimFrom };
  const failed = checkMinValidBids(bids, spec);
  if (failed) return failed;
  const sorted = prepare(bids);

  const trimmed = sorted.length >= trimFrom;
  let dropped: ValidBid[] = [];
  if (trimmed) {
    const byPrice = [...sorted].sort((a, b) => a.priceFen - b.priceFen || compareIds(a.id, b.id));
    const low = byPrice[0] as ValidBid;
    const highPrice = (byPrice[byPrice.length - 1] as ValidBid).priceFen;
    const high = byPrice.find((b) => b.priceFen === highPrice && b.id !== low.id) as ValidBid;
    dropped = [low, high];
  }
  const droppedIds = new Set(dropped.map((b) => b.id));
  const averaged = sorted.filter((b) => !droppedIds.has(b.id));
  const sum = averaged.reduce((s, b) => s + BigInt(b.priceFen), 0n);
  const count = BigInt(averaged.length);

  const factorBp = rng.pick(factorsBp);
  const targetScaled = sum * BigInt(factorBp); // target × c × 10000
  const distance = (b: ValidBid) => {
    const d = BigInt(b.priceFen) * count * 10000n - targetScaled;
    return d < 0n ? -d : d;
  };
  const { ordered, tieBreak, tied } = rankWithTies(sorted, rng, (a, b) => {
    const da = distance(a);
    const db = distance(b);
    return da < db ? -1 : da > db ? 1 : 0;
  });

  const lowId = dropped[0]?.id;
  const ranking = ordered.map((b, i) => {
    const notes: RankingNote[] = [];
    if (b.id === lowId) notes.push("droppedLowest");
    else if (droppedIds.has(b.id)) notes.push("droppedHighest");
    if (tied.has(b.id)) notes.push("tieDrawn");
    return row(b, i + 1, { score: roundHalfUp(distance(b), count * 10000n) }, notes);
  });
  const result = outcome(spec, rng, sorted, ranking, tieBreak, true);
  result.average = {
    factorsBp: [...factorsBp],
    factorBp,
    trimmed,
    droppedBidIds: dropped.map((b) => b.id),
    sumFen: Number(sum),
    count: averaged.length,
    meanFen: roundHalfUp(sum, count),
    targetFen: roundHalfUp(targetScaled, count * 10000n),
  };
  return result;
}

/**
 * 信用择优 (credit-preferred). All bids ranked by credit score (desc), then price (asc), then the tie
 * shuffle; the first `longListSize` form the long list; `shortListSize` of them are drawn into the short
 * list, each with weight = credit score in hundredths (a better record, a better chance, but no
 * certainty — seed 000 #34, seed 003 信誉推介). The owner then picks from the short list with
 * `ownerPick`; until then there is no winner.
 *
 * Draw: first one `shuffle` of the bids sorted by id (ties), then `weightedSample` over the long list in
 * rank order.
 */
export function creditPreferred(
  bids: readonly ValidBid[],
  rng: DrawRng,
  sizes: { longListSize: number; shortListSize: number },
  opts: { minValidBids?: number } = {},
): SelectionOutcome {
  const { longListSize, shortListSize } = sizes;
  if (!Number.isSafeInteger(shortListSize) || shortListSize < 1) throw new RangeError("shortListSize must be an integer ≥ 1");
  if (!Number.isSafeInteger(longListSize) || longListSize < shortListSize)
    throw new RangeError("longListSize must be an integer ≥ shortListSize");
  const spec: SelectionSpec = { method: "creditPreferred", minValidBids: opts.minValidBids ?? 1, longListSize, shortListSize };
  const failed = checkMinValidBids(bids, spec);
  if (failed) return failed;
  const sorted = prepare(bids);

  const credit = new Map(sorted.map((b) => [b.id, hundredths(b.creditScore, "credit score")]));
  const creditOf = (b: ValidBid) => credit.get(b.id) ?? 0;
  const { ordered, tieBreak, tied } = rankWithTies(sorted, rng, (a, b) => creditOf(b) - creditOf(a) || a.priceFen - b.priceFen);
  const longList = ordered.slice(0, longListSize);
  const weights = Object.fromEntries(longList.map((b) => [b.id, creditOf(b)]));
  const shortList = rng
    .weightedSample(
      longList.map((b) => ({ id: b.id, weight: creditOf(b) })),
      shortListSize,
    )
    .map((s) => s.id);
  const inShort = new Set(shortList);
  const inLong = new Set(longList.map((b) => b.id));

  const ranking = ordered.map((b, i) => {
    const notes: RankingNote[] = [];
    if (inLong.has(b.id)) notes.push("longList");
    if (inShort.has(b.id)) notes.push("shortList");
    if (tied.has(b.id)) notes.push("tieDrawn");
    return row(b, i + 1, { score: b.creditScore }, notes);
  });
  const result = outcome(spec, rng, sorted, ranking, tieBreak, false);
  result.shortList = { longListSize, shortListSize, longListBidIds: longList.map((b) => b.id), shortListBidIds: shortList, weights };
  result.ownerPick = null;
  return result;
}

/**
 * The owner's pick from a credit-preferred short list. The pick must be on the short list and the owner
 * must give a reason, which is published with the award (seed 000 #31 forbids disguised designation:
 * a recorded reason makes a pattern of picks visible).
 */
export function ownerPick(shortListed: SelectionOutcome, bidId: string, reason: string): SelectionOutcome {
  if (shortListed.method !== "creditPreferred" || !shortListed.shortList || shortListed.failed) {
    throw new TypeError("ownerPick needs the outcome of a successful creditPreferred selection");
  }
  if (shortListed.ownerPick) throw conflict("already_picked", "errors.selection.alreadyPicked", "bidId");
  if (!shortListed.shortList.shortListBidIds.includes(bidId))
    throw new DomainError("not_in_short_list", "errors.selection.notInShortList", "bidId");
  const why = reason.trim();
  if (why.length === 0) throw new DomainError("reason_required", "errors.selection.reasonRequired", "reason");
  if (why.length > OWNER_REASON_MAX)
    throw new DomainError("reason_too_long", "errors.selection.reasonTooLong", "reason", { max: OWNER_REASON_MAX });
  const picked = shortListed.ranking.find((r) => r.bidId === bidId);
  return {
    ...shortListed,
    winnerBidId: bidId,
    winnerAgencyId: picked?.agencyId ?? null,
    ownerPick: { bidId, reason: why },
  };
}

/**
 * 综合评分 (scored). Each part is rounded half up to whole millipoints (1 point = 1000) so that totals
 * are integers and ties are exact:
 * - price: lowest valid price ÷ bid price × pricePct points;
 * - technical: mean of the evaluators' scores (0–100) × technicalPct / 100 — the scores are
 *   `technicalScores[bidId]`, else the bid's own `technicalScore`; missing ones are an error when
 *   technicalPct > 0;
 * - credit: credit score (0–100) × creditPct / 100.
 * Highest total wins; equal totals go by the tie shuffle. Weights are integers summing to 100 (the
 * project's policy bounds are checked when the project is published, methodProblems in projects.rules).
 *
 * Draw: one `shuffle` of the bids sorted by id.
 */
export function scored(
  bids: readonly ValidBid[],
  weights: ScoreWeights,
  rng: DrawRng,
  technicalScores: Readonly<Record<string, readonly number[]>> = {},
  opts: { minValidBids?: number } = {},
): SelectionOutcome {
  const { pricePct, technicalPct, creditPct } = weights;
  const parts = [pricePct, technicalPct, creditPct];
  if (parts.some((w) => !Number.isSafeInteger(w) || w < 0) || pricePct + technicalPct + creditPct !== 100) {
    throw new DomainError("weights_sum", "errors.project.weightsSum", "priceWeight");
  }
  const technicalRecord: Record<string, number[]> = {};
  for (const b of bids) {
    const list = technicalScores[b.id] ?? (b.technicalScore != null ? [b.technicalScore] : []);
    if (list.length > 0) technicalRecord[b.id] = [...list];
  }
  const spec: SelectionSpec = {
    method: "scored",
    minValidBids: opts.minValidBids ?? 1,
    weights: { pricePct, technicalPct, creditPct },
    technicalScores: technicalRecord,
  };
  const failed = checkMinValidBids(bids, spec);
  if (failed) return failed;
  const sorted = prepare(bids);

  const lowest = BigInt(Math.min(...sorted.map((b) => b.priceFen)));
  const partsOf = new Map<string, ScoreParts & { total: number }>();
  for (const b of sorted) {
    const price = BigInt(b.priceFen);
    const priceMilli = roundHalfUp(lowest * BigInt(pricePct) * 1000n, price);
    let technicalMilli = 0;
    if (technicalPct > 0) {
      const list = technicalRecord[b.id] ?? [];
      if (list.length === 0) throw new DomainError("technical_missing", "errors.selection.technicalMissing", undefined, { bidId: b.id });
      let sum = 0n;
      for (const s of list) {
        try {
          sum += BigInt(hundredths(s, "technical score"));
        } catch {
          throw new DomainError("technical_range", "errors.selection.technicalRange", undefined, { bidId: b.id });
        }
      }
      // mean/100 hundredths × technicalPct/100 × 1000 = sum × technicalPct / (10 × m)
      technicalMilli = roundHalfUp(sum * BigInt(technicalPct), 10n * BigInt(list.length));
    }
    // credit/100 hundredths × creditPct/100 × 1000 = credit × creditPct / 10
    const creditMilli = roundHalfUp(BigInt(hundredths(b.creditScore, "credit score")) * BigInt(creditPct), 10n);
    partsOf.set(b.id, { priceMilli, technicalMilli, creditMilli, total: priceMilli + technicalMilli + creditMilli });
  }
  const totalOf = (b: ValidBid) => partsOf.get(b.id)?.total ?? 0;
  const { ordered, tieBreak, tied } = rankWithTies(sorted, rng, (a, b) => totalOf(b) - totalOf(a));
  const ranking = ordered.map((b, i) => {
    const p = partsOf.get(b.id);
    const extra: Partial<RankingRow> = { score: totalOf(b) };
    if (p) extra.parts = { priceMilli: p.priceMilli, technicalMilli: p.technicalMilli, creditMilli: p.creditMilli };
    return row(b, i + 1, extra, tied.has(b.id) ? ["tieDrawn"] : []);
  });
  const result = outcome(spec, rng, sorted, ranking, tieBreak, true);
  result.weights = { pricePct, technicalPct, creditPct };
  return result;
}

/**
 * 直接选取: the owner picks an agency from the list the platform showed it (for work that is not
 * government-funded and below the policy's ceiling — checked at publication, methodProblems). The pick
 * must be on that list, so the record proves the choice was among the agencies shown. No draw is made.
 * If `bids` are given, the winning bid is the chosen agency's bid (null if it has none yet).
 */
export function direct(input: {
  shownAgencyIds: readonly string[];
  chosenAgencyId: string;
  reason?: string | null;
  bids?: readonly ValidBid[];
}): SelectionOutcome {
  const shown = [...input.shownAgencyIds];
  if (new Set(shown).size !== shown.length) throw new TypeError("the shown list repeats an agency");
  if (!shown.includes(input.chosenAgencyId)) throw new DomainError("not_shown", "errors.selection.notShown", "agencyId");
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > OWNER_REASON_MAX)
    throw new DomainError("reason_too_long", "errors.selection.reasonTooLong", "reason", { max: OWNER_REASON_MAX });
  const bids = input.bids ? prepare(input.bids) : [];
  const bid = bids.find((b) => b.agencyId === input.chosenAgencyId);
  return {
    method: "direct",
    spec: { method: "direct" },
    algorithm: DRAW_ALGORITHM,
    seed: null,
    wordsUsed: 0,
    validBids: bids.length,
    winnerBidId: bid?.id ?? null,
    winnerAgencyId: input.chosenAgencyId,
    ranking: bid ? [row(bid, 1)] : [],
    tieBreak: null,
    failed: null,
    direct: { shownAgencyIds: shown, chosenAgencyId: input.chosenAgencyId, reason },
  };
}

/** Runs a recorded spec: what the selection step and `verify:draw` both call. */
export function select(spec: SelectionSpec, bids: readonly ValidBid[], rng: DrawRng): SelectionOutcome {
  const min = { minValidBids: spec.minValidBids };
  switch (spec.method) {
    case "randomDraw":
      return randomDraw(bids, rng, min);
    case "lowestPrice":
      return lowestPrice(bids, rng, min);
    case "averagePrice":
      return averagePrice(bids, rng, spec.factorsBp, { ...min, trimFrom: spec.trimFrom });
    case "creditPreferred":
      return creditPreferred(bids, rng, spec, min);
    case "scored":
      return scored(bids, spec.weights, rng, spec.technicalScores, min);
  }
}

/** The ids of the bids that are abnormally low against all the others, in id order. */
export function abnormallyLowBidIds(bids: readonly { id: string; priceFen: number }[], thresholdPct: number): string[] {
  return bids
    .filter((b) =>
      isAbnormallyLow(
        b.priceFen,
        bids.filter((o) => o.id !== b.id),
        thresholdPct,
      ),
    )
    .map((b) => b.id)
    .sort(compareIds);
}
