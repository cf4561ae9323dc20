import { createHash } from "node:crypto";
import { canonicalJson } from "~/modules/audit/audit.rules";

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
