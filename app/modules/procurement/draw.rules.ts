import { createHash } from "node:crypto";
import { canonicalJson } from "~/modules/audit/audit.rules";
import { firstRoundAtOrAfter, roundTime, type BeaconChain } from "./beacon.rules";

/**
 * # The verifiable draw (zjcs-draw-v1)
 *
 * Every random choice the marketplace makes — a random selection (随机抽取), a tie between equal bids,
 * the credit-preferred short list, the factor of the average-price method, later the targets of a random
 * inspection (双随机, seed 000 #36) — comes from this one procedure, so that anyone holding the published
 * record can recompute it and nobody, the platform included, can steer it after the fact (seed 000 #31:
 * no designated or disguised designation of an agency; seed 002 §(九) "网上竞价、网上中标").
 *
 * 1. **Commit.** When a project is published the platform draws a fresh secret of 32 random bytes
 *    (`crypto.randomBytes(32)` in the server module, never here) and publishes only
 *    `commitment = hex(SHA-256(secret bytes))`. The secret is written as lower-case hex (`secretHex`).
 * 2. **Entries.** The draw's entries are the valid bids, each `{ id, hash }` (the bid's own content hash,
 *    fixed when the bid was sealed). They are sorted by `id` (UTF-16 code-unit order, i.e. JavaScript
 *    `<`), reduced to exactly the two members `id` and `hash`, and serialised as canonical JSON (keys
 *    sorted, no white space: `[{"hash":"…","id":"…"},…]`).
 * 3. **Reveal and seed.** At selection the secret is revealed and
 *    `seed = hex(SHA-256(UTF-8(secretHex + "\n" + canonicalJson(sortedEntries))))`.
 *    The platform is bound by the commitment made before any bid existed; the agencies fix the entries
 *    without knowing the secret; so neither side alone can choose the seed.
 * 4. **Stream.** Block `i` (i = 0, 1, 2, … written in decimal without leading zeros) is
 *    `SHA-256(UTF-8(seed + ":" + i))` — 32 bytes, read as eight unsigned 32-bit big-endian words. The
 *    words of block 0, then block 1, … form one stream; every call below takes words from it in order.
 * 5. **Integers.** `nextInt(n)` (1 ≤ n ≤ 2³²) takes a word `x`; if `x < 2³² − (2³² mod n)` the result is
 *    `x mod n`, otherwise the word is discarded and the next one is taken (rejection sampling: every
 *    result is exactly equally likely, no modulo bias). `nextInt(1)` still takes one word.
 * 6. **Shuffle.** Fisher–Yates from the end: for `i` from `length − 1` down to 1, `j = nextInt(i + 1)`,
 *    swap positions `i` and `j`. The input is not changed; a shuffled copy is returned.
 * 7. **Pick.** `pick(list) = list[nextInt(list.length)]`.
 * 8. **Weighted sample without replacement.** Weights are integers ≥ 0. For each of the `k` picks: `total`
 *    is the sum of the weights still in the pool (in the order given); `r = nextInt(total)`; the chosen
 *    item is the first whose running sum of weights exceeds `r`; it leaves the pool. If every weight left
 *    is 0, each remaining item counts as weight 1 (a uniform draw among them), so zero-weight items come
 *    last but the sample is always complete.
 *
 * Which calls a selection method makes, and in which order, is written next to each method in
 * selection.rules.ts.
 *
 * v1 is kept for the draws made with it (they must stay verifiable); projects published with a beacon
 * configured draw with zjcs-draw-v2, below.
 */
export const DRAW_ALGORITHM = "zjcs-draw-v1";

/** Bytes of a draw secret: 256 bits, the output size of SHA-256. */
export const DRAW_SECRET_BYTES = 32;

const HEX64 = /^[0-9a-f]{64}$/;
const TWO_32 = 2 ** 32;

export interface DrawEntry {
  id: string;
  hash: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * A secret is even-length hex of at least 32 bytes; it is used in lower case everywhere, so a secret
 * typed or pasted in capitals still verifies.
 */
export function normalizeSecretHex(secretHex: string): string {
  const s = secretHex.trim().toLowerCase();
  if (!/^[0-9a-f]*$/.test(s) || s.length % 2 !== 0 || s.length < DRAW_SECRET_BYTES * 2) {
    throw new TypeError(`draw secret must be hex of at least ${DRAW_SECRET_BYTES} bytes`);
  }
  return s;
}

/** What the platform publishes before bidding: SHA-256 of the secret's bytes, lower-case hex. */
export function commitment(secretHex: string): string {
  return sha256Hex(Buffer.from(normalizeSecretHex(secretHex), "hex"));
}

/** The entries exactly as they are hashed: sorted by id, only `id` and `hash`, ids unique. */
export function canonicalEntries(entries: readonly DrawEntry[]): DrawEntry[] {
  const sorted = entries.map((e) => ({ id: e.id, hash: e.hash })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.id === sorted[i - 1]?.id) throw new TypeError(`duplicate draw entry id ${sorted[i]?.id}`);
  }
  return sorted;
}

/** `seed = hex(SHA-256(secretHex + "\n" + canonicalJson(entries sorted by id)))` — see step 3 above. */
export function drawSeed(secretHex: string, entries: readonly DrawEntry[]): string {
  return sha256Hex(`${normalizeSecretHex(secretHex)}\n${canonicalJson(canonicalEntries(entries))}`);
}

/** The deterministic stream of steps 4–8 above. */
export class DrawRng {
  readonly seed: string;
  private block = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private offset = 0;
  private words = 0;

  constructor(seedHex: string) {
    if (!HEX64.test(seedHex)) throw new TypeError("draw seed must be 64 lower-case hex digits");
    this.seed = seedHex;
  }

  /** How many 32-bit words have been taken so far (published with a draw record as a cross-check). */
  get wordsUsed(): number {
    return this.words;
  }

  /** The next word of the stream, 0 ≤ x < 2³². */
  nextUint32(): number {
    if (this.offset >= this.buffer.length) {
      this.buffer = createHash("sha256").update(`${this.seed}:${this.block}`).digest();
      this.block += 1;
      this.offset = 0;
    }
    const x = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    this.words += 1;
    return x;
  }

  /** A uniform integer in [0, n), 1 ≤ n ≤ 2³², by rejection sampling (step 5). */
  nextInt(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`nextInt needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** A shuffled copy (Fisher–Yates from the end, step 6). */
  shuffle<T>(arr: readonly T[]): T[] {
    const a = [...arr];
    for (let i = a.length - 1; i >= 1; i--) {
      const j = this.nextInt(i + 1);
      const t = a[i] as T;
      a[i] = a[j] as T;
      a[j] = t;
    }
    return a;
  }

  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new RangeError("cannot pick from an empty list");
    return arr[this.nextInt(arr.length)] as T;
  }

  /**
   * `k` distinct items, each pick proportional to its integer weight among those left (step 8). Returns
   * the chosen items in the order drawn. `k` larger than the list returns the whole list, in drawn order.
   */
  weightedSample<T extends { id: string; weight: number }>(items: readonly T[], k: number): T[] {
    if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`sample size must be an integer ≥ 0, got ${k}`);
    const ids = new Set<string>();
    for (const it of items) {
      if (!Number.isSafeInteger(it.weight) || it.weight < 0) throw new RangeError(`weight of ${it.id} must be an integer ≥ 0`);
      if (ids.has(it.id)) throw new TypeError(`duplicate sample id ${it.id}`);
      ids.add(it.id);
    }
    const pool = [...items];
    const out: T[] = [];
    while (out.length < k && pool.length > 0) {
      const weighted = pool.reduce((s, it) => s + it.weight, 0);
      if (weighted > TWO_32) throw new RangeError("total weight above 2^32");
      const weightOf = weighted === 0 ? () => 1 : (it: T) => it.weight;
      const r = this.nextInt(weighted === 0 ? pool.length : weighted);
      let cum = 0;
      let chosen = pool.length - 1;
      for (let i = 0; i < pool.length; i++) {
        cum += weightOf(pool[i] as T);
        if (r < cum) {
          chosen = i;
          break;
        }
      }
      out.push(pool[chosen] as T);
      pool.splice(chosen, 1);
    }
    return out;
  }
}

/** The generator for a revealed secret and the entries it was drawn over. */
export function drawRng(secretHex: string, entries: readonly DrawEntry[]): DrawRng {
  return new DrawRng(drawSeed(secretHex, entries));
}

export interface DrawVerification {
  ok: boolean;
  /** SHA-256 of the revealed secret equals the commitment published before bidding. */
  commitmentMatches: boolean;
  /** The seed recomputed from the secret and the entries (null when the secret is malformed). */
  seed: string | null;
  /** The recomputed seed equals the published one; null when no seed was given to compare. */
  seedMatches: boolean | null;
  problem?: "malformedSecret" | "commitmentMismatch" | "seedMismatch" | "malformedEntries";
}

/**
 * What a third party does with a published draw record: check the revealed secret against the
 * commitment, then recompute the seed from the secret and the entries. Never throws; a bad input is a
 * failed verification. Re-running the selection itself with `new DrawRng(seed)` is the next step.
 */
export function verifyDraw(input: {
  secretHex: string;
  commitment: string;
  entries: readonly DrawEntry[];
  seed?: string | null;
}): DrawVerification {
  let secret: string;
  try {
    secret = normalizeSecretHex(input.secretHex);
  } catch {
    return { ok: false, commitmentMatches: false, seed: null, seedMatches: null, problem: "malformedSecret" };
  }
  const commitmentMatches = commitment(secret) === input.commitment.trim().toLowerCase();
  let seed: string;
  try {
    seed = drawSeed(secret, input.entries);
  } catch {
    return { ok: false, commitmentMatches, seed: null, seedMatches: null, problem: "malformedEntries" };
  }
  const seedMatches = input.seed == null ? null : input.seed.trim().toLowerCase() === seed;
  const problem = !commitmentMatches ? "commitmentMismatch" : seedMatches === false ? "seedMismatch" : undefined;
  return { ok: problem === undefined, commitmentMatches, seed, seedMatches, ...(problem ? { problem } : {}) };
}

// ---------------------------------------------------------------------------------------------------

/**
 * # zjcs-draw-v2: no single party can steer or predict the draw
 *
 * In v1 the platform knew the secret from publication, so whoever runs it could predict every draw and
 * steer it by re-rolling a colluding bid (its nonce changes the entries). v2 adds randomness that nobody
 * knows until the eligible list is fixed: one round of a public randomness beacon (beacon.rules.ts).
 * Steps 4–8 of v1 (the stream, integers, shuffle, pick, weighted sample) are unchanged; the seed and its
 * inputs are new.
 *
 * 1. **Commit (publication).** As in v1 the platform draws a 32-byte secret and publishes
 *    `commitment = hex(SHA-256(secret bytes))` in the publication's audit event, together with the
 *    beacon chain (chain hash, public key, genesis, period, scheme) and the **designated round**: the
 *    first round whose time is at or after `bid deadline + 10 minutes` (`DESIGNATION_MARGIN_MS`).
 * 2. **Bid commitments.** Each bid carries a random 16-byte nonce chosen when it is sent; its
 *    commitment is `hex(SHA-256(UTF-8(canonicalJson({agencyId, nonce, priceFen, projectId, version}))))`
 *    (`bidCommitment`): it binds the agency, the price in fen, the bid's version (1 for the first
 *    submission, +1 per revision) and the nonce. A bid that carries response documents (响应文件) has one
 *    more member, `documents`: their SHA-256 hashes (lower-case hex), sorted, duplicates kept — so
 *    `{agencyId, documents, nonce, priceFen, projectId, version}`. A bid without documents has no such
 *    member, and its commitment is exactly what it was before documents existed.
 * 3. **Eligible list (opening).** After the deadline the platform checks eligibility once and fixes the
 *    list: each valid bid as `{agencyId, creditScore, hash, id, nonce, priceFen, version}` (creditScore
 *    as at opening, 0–100 with two decimals), plus `documents` (the sorted hashes of step 2) for a bid
 *    that has documents, sorted by `id`. `listHash = hex(SHA-256(UTF-8(
 *    canonicalJson({entries, projectId}))))` is written in the opening's audit event, and the entries —
 *    preimages included — are published, so anyone recomputes every commitment and the list hash.
 * 4. **Draw round.** If the opening's audit time plus 60 s (`OPENING_MARGIN_MS`) is at or before the
 *    designated round's time, the draw uses the designated round. Otherwise the opening missed it: the
 *    draw uses the first round at or after `opening time + 60 s`, and the delay is recorded (audit event
 *    `draw.roundMoved`) and shown. Either way the list hash is public before the round exists.
 * 5. **Seed.** When the round is out, its signature is fetched and verified against the pinned chain;
 *    `randomness = hex(SHA-256(signature bytes))`. The secret is revealed and
 *    `seed = hex(SHA-256(UTF-8("zjcs-draw-v2\n" + secretHex + "\n" + listHash + "\n" + randomness)))`.
 * 6. **Selection.** As in v1, with `new DrawRng(seed)` over the list's entries (bid id, agency, price,
 *    credit score).
 *
 * Who could steer it: the platform chose its secret before any bid and cannot change it (the audited
 * commitment); the agencies and the platform fix the list before the round exists (the audited list
 * hash, its audit time before the round's time); the beacon's members cannot know which list or secret
 * their round will meet, and no member alone can produce the round's signature.
 */
export const DRAW_ALGORITHM_V2 = "zjcs-draw-v2";
/** zjcs-draw-v2 with a regulator office's reveal share in place of the beacon (share.rules.ts, decision 043). */
export const DRAW_ALGORITHM_V2_SHARE = "zjcs-draw-v2-share";
export type DrawAlgorithm = typeof DRAW_ALGORITHM | typeof DRAW_ALGORITHM_V2 | typeof DRAW_ALGORITHM_V2_SHARE;

/** The designated round is the first at or after the bid deadline plus this (step 1). */
export const DESIGNATION_MARGIN_MS = 10 * 60_000;
/** The draw round is at least this long after the opening's audit time (step 4). */
export const OPENING_MARGIN_MS = 60_000;

const HEX32 = /^[0-9a-f]{32}$/;

export interface BidPreimage {
  projectId: string;
  agencyId: string;
  priceFen: number;
  version: number;
  nonce: string;
  /** The SHA-256 hashes of the bid's documents (any order; absent or empty: a bid without documents). */
  documents?: readonly string[];
}

/** One entry of the eligible list (step 3). */
export interface EligibleEntry {
  id: string;
  agencyId: string;
  priceFen: number;
  version: number;
  nonce: string;
  hash: string;
  creditScore: number;
  /** Only for a bid with documents: their sorted hashes (step 2). */
  documents?: string[];
}

/** A bid's documents as they are committed to: lower-case hex SHA-256 hashes, sorted (step 2). */
export function canonicalDocumentHashes(documents: readonly string[] | undefined | null): string[] {
  const list = [...(documents ?? [])];
  for (const d of list)
    if (typeof d !== "string" || !HEX64.test(d)) throw new TypeError("a document hash must be 64 lower-case hex digits");
  return list.sort();
}

/** A bid's commitment (step 2). */
export function bidCommitment(p: BidPreimage): string {
  if (!Number.isSafeInteger(p.priceFen) || p.priceFen <= 0) throw new RangeError("priceFen must be a positive integer");
  if (!Number.isSafeInteger(p.version) || p.version < 1) throw new RangeError("version must be an integer ≥ 1");
  if (!HEX32.test(p.nonce)) throw new TypeError("nonce must be 16 bytes of lower-case hex");
  const documents = canonicalDocumentHashes(p.documents);
  return sha256Hex(
    canonicalJson({
      agencyId: p.agencyId,
      ...(documents.length > 0 ? { documents } : {}),
      nonce: p.nonce,
      priceFen: p.priceFen,
      projectId: p.projectId,
      version: p.version,
    }),
  );
}

/**
 * The entries exactly as they are hashed: sorted by id, only the seven members (eight for a bid with
 * documents), ids and agencies unique.
 */
export function canonicalEligibleList(entries: readonly EligibleEntry[]): EligibleEntry[] {
  const sorted = entries
    .map((e) => ({
      agencyId: e.agencyId,
      creditScore: e.creditScore,
      ...(e.documents && e.documents.length > 0 ? { documents: canonicalDocumentHashes(e.documents) } : {}),
      hash: e.hash,
      id: e.id,
      nonce: e.nonce,
      priceFen: e.priceFen,
      version: e.version,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const agencies = new Set<string>();
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i] as EligibleEntry;
    if (i > 0 && e.id === sorted[i - 1]?.id) throw new TypeError(`duplicate entry id ${e.id}`);
    if (agencies.has(e.agencyId)) throw new TypeError(`agency ${e.agencyId} has two entries`);
    agencies.add(e.agencyId);
  }
  return sorted;
}

/** The eligible list's hash (step 3). */
export function eligibleListHash(projectId: string, entries: readonly EligibleEntry[]): string {
  return sha256Hex(canonicalJson({ entries: canonicalEligibleList(entries), projectId }));
}

/** The entries whose hash is not the commitment of their own preimage (step 3). */
export function badCommitments(projectId: string, entries: readonly EligibleEntry[]): string[] {
  const bad: string[] = [];
  for (const e of entries) {
    let ok = false;
    try {
      ok =
        bidCommitment({
          projectId,
          agencyId: e.agencyId,
          priceFen: e.priceFen,
          version: e.version,
          nonce: e.nonce,
          documents: e.documents,
        }) === e.hash;
    } catch {
      ok = false;
    }
    if (!ok) bad.push(e.id);
  }
  return bad;
}

/** The round designated at publication (step 1). */
export function designatedRound(chain: BeaconChain, bidDeadline: Date): { round: number; at: Date } {
  const round = firstRoundAtOrAfter(chain, new Date(bidDeadline.getTime() + DESIGNATION_MARGIN_MS));
  return { round, at: roundTime(chain, round) };
}

/** The round the draw uses, by the published rule of step 4. */
export function drawRoundFor(chain: BeaconChain, designated: number, openedAt: Date): { round: number; at: Date; delayed: boolean } {
  const earliest = new Date(openedAt.getTime() + OPENING_MARGIN_MS);
  const at = roundTime(chain, designated);
  if (earliest.getTime() <= at.getTime()) return { round: designated, at, delayed: false };
  const round = firstRoundAtOrAfter(chain, earliest);
  return { round, at: roundTime(chain, round), delayed: true };
}

/** The v2 seed (step 5). */
export function drawSeedV2(secretHex: string, listHash: string, randomness: string): string {
  if (!HEX64.test(listHash)) throw new TypeError("list hash must be 64 lower-case hex digits");
  if (!HEX64.test(randomness)) throw new TypeError("beacon randomness must be 64 lower-case hex digits");
  return sha256Hex(`${DRAW_ALGORITHM_V2}\n${normalizeSecretHex(secretHex)}\n${listHash}\n${randomness}`);
}
