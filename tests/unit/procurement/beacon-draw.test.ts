import { describe, expect, it } from "vitest";
import {
  QUICKNET,
  beaconRandomness,
  checkBeaconRound,
  firstRoundAtOrAfter,
  roundTime,
  verifyBeaconSignature,
} from "~/modules/procurement/beacon.rules";
import {
  DESIGNATION_MARGIN_MS,
  DrawRng,
  OPENING_MARGIN_MS,
  badCommitments,
  bidCommitment,
  canonicalEligibleList,
  designatedRound,
  drawRoundFor,
  drawSeedV2,
  eligibleListHash,
} from "~/modules/procurement/draw.rules";
import { localChain, localKey, signRound } from "../../support/beacon";

const P = "00000000-0000-4000-8000-000000000001";
function entry(n: number, priceFen: number) {
  const p = { projectId: P, agencyId: `00000000-0000-4000-8000-00000000010${n}`, priceFen, version: n, nonce: `${n}`.repeat(32) };
  return { id: `00000000-0000-4000-8000-00000000020${n}`, ...p, hash: bidCommitment(p), creditScore: 80 + n };
}
const entries = [entry(1, 40_000_00), entry(2, 38_500_00), entry(3, 41_000_00)];

describe("the beacon's signatures (drand quicknet, bls-unchained-g1-rfc9380)", () => {
  // Rounds 2 and 3 as api.drand.sh serves them for quicknet.
  const r2 = "b6b6a585449b66eb12e875b64fcbab3799861a00e4dbf092d99e969a5eac57dd3f798acf61e705fe4f093db926626807";
  const r3 = "b3fab6df720b68cc47175f2c777e86d84187caab5770906f515ff1099cb01e4deaa027075d860823e49477b93c72bd64";

  it("verifies real quicknet rounds against the pinned key, and only for their own round", () => {
    expect(verifyBeaconSignature(QUICKNET, 2, r2)).toBe(true);
    expect(verifyBeaconSignature(QUICKNET, 3, r3)).toBe(true);
    expect(verifyBeaconSignature(QUICKNET, 2, r3)).toBe(false);
    expect(verifyBeaconSignature(QUICKNET, 3, r3.toUpperCase())).toBe(true);
  });

  it("refuses a signature from another key, a malformed one, and a round that is not a positive integer", () => {
    const forged = signRound(localKey("forger").secretKey, 3);
    expect(verifyBeaconSignature(QUICKNET, 3, forged)).toBe(false);
    expect(verifyBeaconSignature(QUICKNET, 3, r3.slice(2))).toBe(false);
    expect(verifyBeaconSignature(QUICKNET, 3, "zz" + r3.slice(2))).toBe(false);
    expect(verifyBeaconSignature(QUICKNET, 0, r3)).toBe(false);
    expect(checkBeaconRound(QUICKNET, 3, { round: 4, signature: r3 })).toBeNull();
    expect(checkBeaconRound(QUICKNET, 3, { round: 3, signature: r3 })).toEqual({
      round: 3,
      signature: r3,
      randomness: beaconRandomness(r3),
    });
  });

  it("signs with a local key through the same verification (the tests' stand-in)", () => {
    const k = localKey("zjcs golden");
    const chain = localChain(k.publicKey, 1_700_000_000, 3);
    const sig = signRound(k.secretKey, 1000);
    expect(sig).toBe("8c0e663da7914937acbe537f52bb363f5d59b445ab439dae8623bd5aed4c2243ed172e83efeda98efa6e7fcce6313ffb");
    expect(verifyBeaconSignature(chain, 1000, sig)).toBe(true);
    expect(verifyBeaconSignature(chain, 1001, sig)).toBe(false);
  });

  it("maps rounds to time: round 1 at genesis, one period apart, the first round at or after a time", () => {
    const g = QUICKNET.genesisTime * 1000;
    expect(roundTime(QUICKNET, 1).getTime()).toBe(g);
    expect(roundTime(QUICKNET, 3).getTime()).toBe(g + 6000);
    expect(firstRoundAtOrAfter(QUICKNET, new Date(g + 6000))).toBe(3); // at
    expect(firstRoundAtOrAfter(QUICKNET, new Date(g + 5999))).toBe(3); // one inside
    expect(firstRoundAtOrAfter(QUICKNET, new Date(g + 6001))).toBe(4); // one outside
    expect(firstRoundAtOrAfter(QUICKNET, new Date(g - 1))).toBe(1);
  });
});

describe("zjcs-draw-v2", () => {
  it("golden values: bid commitments, list hash, seed and the draw from a fixed secret, list and signature", () => {
    expect(entries.map((e) => e.hash)).toEqual([
      "cc894794cb5b07723d35d85d290998fc06049eb98c0fd3c0003a95091184e654",
      "a3eceaf04be63f89953faa6c7a6fbf0b63950f9c1792bffca2811230a689ac47",
      "e7e83948137b5b172c8dc3a83c87806f2017c50abd42e35010cd95c216078692",
    ]);
    const listHash = eligibleListHash(P, entries);
    expect(listHash).toBe("88c56612927c06cc83acb7413ef23c83fc11cfaa71a3f3052f751e562dceecad");
    const sig = "8c0e663da7914937acbe537f52bb363f5d59b445ab439dae8623bd5aed4c2243ed172e83efeda98efa6e7fcce6313ffb";
    expect(beaconRandomness(sig)).toBe("de4e62464701f795e0cd7f2cfc6928ed492a70b2336240150d1e1287bda5cf8d");
    const seed = drawSeedV2("11".repeat(32), listHash, beaconRandomness(sig));
    expect(seed).toBe("83e35f10ed142002e08cda043f42ac645fc24911cb4bf094dd55f94f39b72057");
    expect(new DrawRng(seed).shuffle(entries.map((e) => e.id))).toEqual([
      "00000000-0000-4000-8000-000000000201",
      "00000000-0000-4000-8000-000000000203",
      "00000000-0000-4000-8000-000000000202",
    ]);
  });

  it("the list hash binds every member of every entry, not the order given, and the project", () => {
    const h = eligibleListHash(P, entries);
    expect(eligibleListHash(P, [...entries].reverse())).toBe(h);
    for (const change of [
      { priceFen: 1 },
      { agencyId: "x" },
      { version: 9 },
      { nonce: "a".repeat(32) },
      { hash: "0".repeat(64) },
      { creditScore: 1 },
    ])
      expect(eligibleListHash(P, [{ ...entries[0]!, ...change }, ...entries.slice(1)])).not.toBe(h);
    expect(eligibleListHash("00000000-0000-4000-8000-000000000009", entries)).not.toBe(h);
    expect(() => canonicalEligibleList([...entries, { ...entries[0]!, id: "z" }])).toThrow(/two entries/);
  });

  it("a commitment binds agency, price, version and nonce; a mismatched preimage is named", () => {
    expect(badCommitments(P, entries)).toEqual([]);
    expect(badCommitments(P, [{ ...entries[1]!, priceFen: 38_500_01 }])).toEqual([entries[1]!.id]);
    expect(badCommitments(P, [{ ...entries[1]!, version: 3 }])).toEqual([entries[1]!.id]);
    expect(() => bidCommitment({ projectId: P, agencyId: "a", priceFen: 1, version: 0, nonce: "1".repeat(32) })).toThrow();
    expect(() => bidCommitment({ projectId: P, agencyId: "a", priceFen: 1, version: 1, nonce: "short" })).toThrow();
  });

  it("designates the first round at or after the deadline plus the margin", () => {
    const deadline = new Date(roundTime(QUICKNET, 1000).getTime() - DESIGNATION_MARGIN_MS);
    expect(designatedRound(QUICKNET, deadline).round).toBe(1000); // at
    expect(designatedRound(QUICKNET, new Date(deadline.getTime() + 1)).round).toBe(1001); // one after
    expect(designatedRound(QUICKNET, new Date(deadline.getTime() - 1)).round).toBe(1000); // one before
  });

  it("keeps the designated round when the opening is in time, and moves a missed one by the rule", () => {
    const at = roundTime(QUICKNET, 1000).getTime();
    const inTime = new Date(at - OPENING_MARGIN_MS);
    expect(drawRoundFor(QUICKNET, 1000, inTime)).toMatchObject({ round: 1000, delayed: false }); // at
    expect(drawRoundFor(QUICKNET, 1000, new Date(inTime.getTime() - 1))).toMatchObject({ round: 1000, delayed: false }); // inside
    const late = drawRoundFor(QUICKNET, 1000, new Date(inTime.getTime() + 1)); // outside
    expect(late).toMatchObject({ round: 1001, delayed: true });
    const hourLate = drawRoundFor(QUICKNET, 1000, new Date(at + 3600_000));
    expect(hourLate.round).toBe(1000 + 1200 + 20);
    expect(hourLate.at.getTime()).toBeGreaterThanOrEqual(at + 3600_000 + OPENING_MARGIN_MS);
  });
});
