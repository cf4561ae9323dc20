import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "~/modules/audit/audit.rules";
import { DrawRng, commitment, drawRng, drawSeed, verifyDraw } from "~/modules/procurement/draw.rules";

const SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const ENTRIES = [
  { id: "bid-c", hash: "c".repeat(64) },
  { id: "bid-a", hash: "a".repeat(64) },
  { id: "bid-b", hash: "b".repeat(64) },
];
// Pinned: computed once and cross-checked with `sha256sum` in a shell (see the algorithm's doc comment).
const COMMITMENT = "4773d12e2371bb935b9a0f5439b4a1c3ad3f2414b86980f8418d1cfabdfadfef";
const SEED = "d9338011030b0e2e445d9adc5f686205314892d80cada47a780b54aba2bc98d7";

/** A seed per integer, for tests that need many independent streams. */
const seedOf = (i: number) => createHash("sha256").update(`test-seed-${i}`).digest("hex");

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

describe("commitment and seed", () => {
  it("commits to SHA-256 of the secret's bytes", () => {
    expect(commitment(SECRET)).toBe(COMMITMENT);
    expect(commitment(SECRET.toUpperCase())).toBe(COMMITMENT);
    expect(commitment(SECRET)).toBe(createHash("sha256").update(Buffer.from(SECRET, "hex")).digest("hex"));
  });
  it("refuses secrets that are not hex of at least 32 bytes", () => {
    expect(() => commitment("abcd")).toThrow();
    expect(() => commitment(`${SECRET}0`)).toThrow();
    expect(() => commitment(`${SECRET.slice(2)}zz`)).toThrow();
  });
  it("hashes the secret, a newline and the canonical entries sorted by id", () => {
    const sorted = [...ENTRIES].sort((a, b) => (a.id < b.id ? -1 : 1));
    const expected = createHash("sha256")
      .update(`${SECRET}\n${canonicalJson(sorted)}`)
      .digest("hex");
    expect(drawSeed(SECRET, ENTRIES)).toBe(expected);
    expect(drawSeed(SECRET, ENTRIES)).toBe(SEED);
  });
  it("does not depend on the entries' order or extra members, but on every id and hash", () => {
    const withExtras = ENTRIES.map((e) => ({ ...e, priceFen: 1 }));
    expect(drawSeed(SECRET, [...withExtras].reverse())).toBe(SEED);
    expect(
      drawSeed(SECRET, [
        { id: "bid-a", hash: "a".repeat(64) },
        { id: "bid-b", hash: "b".repeat(64) },
      ]),
    ).not.toBe(SEED);
    expect(drawSeed(SECRET, [...ENTRIES.slice(1), { id: "bid-c", hash: "d".repeat(64) }])).not.toBe(SEED);
  });
  it("refuses duplicate entry ids", () => {
    expect(() => drawSeed(SECRET, [...ENTRIES, { id: "bid-a", hash: "e".repeat(64) }])).toThrow(/duplicate/);
  });
});

describe("verifyDraw", () => {
  it("accepts the revealed secret and recomputes the seed", () => {
    expect(verifyDraw({ secretHex: SECRET, commitment: COMMITMENT, entries: ENTRIES, seed: SEED })).toEqual({
      ok: true,
      commitmentMatches: true,
      seed: SEED,
      seedMatches: true,
    });
    expect(verifyDraw({ secretHex: SECRET, commitment: COMMITMENT, entries: ENTRIES })).toMatchObject({ ok: true, seedMatches: null });
  });
  it("fails on a wrong secret", () => {
    const wrong = `${SECRET.slice(0, 63)}0`;
    expect(verifyDraw({ secretHex: wrong, commitment: COMMITMENT, entries: ENTRIES, seed: SEED })).toMatchObject({
      ok: false,
      commitmentMatches: false,
      seedMatches: false,
      problem: "commitmentMismatch",
    });
  });
  it("fails on a published seed that the entries do not give", () => {
    const fewer = ENTRIES.slice(0, 2);
    expect(verifyDraw({ secretHex: SECRET, commitment: COMMITMENT, entries: fewer, seed: SEED })).toMatchObject({
      ok: false,
      commitmentMatches: true,
      seedMatches: false,
      problem: "seedMismatch",
    });
  });
  it("reports a malformed secret instead of throwing", () => {
    expect(verifyDraw({ secretHex: "not hex", commitment: COMMITMENT, entries: ENTRIES })).toMatchObject({
      ok: false,
      problem: "malformedSecret",
    });
  });
});

describe("DrawRng", () => {
  it("reads block i = SHA-256(seed + ':' + i) as big-endian 32-bit words", () => {
    const rng = new DrawRng(SEED);
    const block0 = createHash("sha256").update(`${SEED}:0`).digest();
    const block1 = createHash("sha256").update(`${SEED}:1`).digest();
    const expected = [...Array.from({ length: 8 }, (_, i) => block0.readUInt32BE(4 * i)), block1.readUInt32BE(0)];
    expect(Array.from({ length: 9 }, () => rng.nextUint32())).toEqual(expected);
    expect(expected.slice(0, 2)).toEqual([3041145005, 3207085491]);
    expect(rng.wordsUsed).toBe(9);
  });
  it("is reproducible: golden values", () => {
    const a = new DrawRng(SEED);
    expect(Array.from({ length: 10 }, () => a.nextInt(100))).toEqual([5, 91, 86, 21, 63, 68, 70, 86, 34, 44]);
    expect(new DrawRng(SEED).shuffle(["a", "b", "c", "d", "e", "f"])).toEqual(["a", "e", "d", "c", "b", "f"]);
    const sample = new DrawRng(SEED).weightedSample(
      [
        { id: "x", weight: 80 },
        { id: "y", weight: 60 },
        { id: "z", weight: 0 },
        { id: "w", weight: 100 },
      ],
      3,
    );
    expect(sample.map((s) => s.id)).toEqual(["y", "w", "x"]);
    expect(drawRng(SECRET, ENTRIES).seed).toBe(SEED);
  });
  it("rejects words that would bias the result", () => {
    // n = 2^31 + 1: 2^32 mod n = 2^31 − 1, so about half of all words are discarded.
    const n = 2 ** 31 + 1;
    const rng = new DrawRng(SEED);
    for (let i = 0; i < 200; i++) {
      const x = rng.nextInt(n);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(n);
    }
    expect(rng.wordsUsed).toBeGreaterThan(300);
    // Every word is kept for a power of two.
    const p = new DrawRng(SEED);
    for (let i = 0; i < 100; i++) p.nextInt(2 ** 20);
    expect(p.wordsUsed).toBe(100);
    // n = 1 takes a word too, so the stream position never depends on the data.
    const one = new DrawRng(SEED);
    expect(one.nextInt(1)).toBe(0);
    expect(one.wordsUsed).toBe(1);
  });
  it("refuses bad arguments", () => {
    const rng = new DrawRng(SEED);
    expect(() => new DrawRng("ABC")).toThrow();
    expect(() => new DrawRng(SEED.toUpperCase())).toThrow();
    expect(() => rng.nextInt(0)).toThrow(RangeError);
    expect(() => rng.nextInt(1.5)).toThrow(RangeError);
    expect(() => rng.nextInt(2 ** 32 + 1)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(() => rng.weightedSample([{ id: "a", weight: -1 }], 1)).toThrow(RangeError);
    expect(() => rng.weightedSample([{ id: "a", weight: 0.5 }], 1)).toThrow(RangeError);
    expect(() =>
      rng.weightedSample(
        [
          { id: "a", weight: 1 },
          { id: "a", weight: 2 },
        ],
        1,
      ),
    ).toThrow(TypeError);
  });
  it("does not change the list it shuffles", () => {
    const list = [1, 2, 3, 4];
    new DrawRng(SEED).shuffle(list);
    expect(list).toEqual([1, 2, 3, 4]);
  });
  it("draws zero-weight items only after all the others, and never more than there are", () => {
    for (let i = 0; i < 50; i++) {
      const s = new DrawRng(seedOf(i)).weightedSample(
        [
          { id: "zero", weight: 0 },
          { id: "a", weight: 1 },
          { id: "b", weight: 5 },
        ],
        5,
      );
      expect(s).toHaveLength(3);
      expect(s[2]?.id).toBe("zero");
    }
  });
});

describe("uniformity (sanity, not a proof)", () => {
  // Critical values of chi-square at p = 0.001: 5 degrees of freedom 20.52, 9 → 27.88.
  it("nextInt(6) over one long stream", () => {
    const rng = new DrawRng(SEED);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.nextInt(6)]! += 1;
    expect(chiSquare(counts)).toBeLessThan(20.52);
  });
  it("the first draw of many seeds", () => {
    const counts = Array.from({ length: 10 }, () => 0);
    for (let i = 0; i < 5_000; i++) counts[new DrawRng(seedOf(i)).nextInt(10)]! += 1;
    expect(chiSquare(counts)).toBeLessThan(27.88);
  });
  it("every permutation of three is equally likely from the shuffle", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 6_000; i++) {
      const key = new DrawRng(seedOf(i)).shuffle(["a", "b", "c"]).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()])).toBeLessThan(20.52);
  });
  it("the weighted sample follows the weights", () => {
    const counts = [0, 0, 0];
    const items = [
      { id: "a", weight: 1 },
      { id: "b", weight: 2 },
      { id: "c", weight: 3 },
    ];
    for (let i = 0; i < 6_000; i++) {
      const first = new DrawRng(seedOf(i)).weightedSample(items, 1)[0]?.id;
      counts[items.findIndex((it) => it.id === first)]! += 1;
    }
    // Expected 1000 / 2000 / 3000; chi-square with 2 degrees of freedom, p = 0.001 → 13.82.
    const chi = [1000, 2000, 3000].reduce((s, e, k) => s + ((counts[k] ?? 0) - e) ** 2 / e, 0);
    expect(chi).toBeLessThan(13.82);
  });
});
