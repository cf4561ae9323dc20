import { describe, expect, it } from "vitest";
import { GENESIS_HASH, canonicalJson, chainHash, eventBody, findChainBreak, type ChainedEvent } from "~/modules/audit/audit.rules";

function chain(n: number): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = {
      id: i,
      occurredAt: new Date(Date.UTC(2026, 10, 23, 8, 0, i)),
      actorUserId: "u1",
      actorOrgId: null,
      action: "project.published",
      subjectType: "project",
      subjectId: `p${i}`,
      data: { price: i * 100, nested: { b: 1, a: [1, "x"] } },
    };
    const hash = chainHash(prev, eventBody(e));
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe("canonical JSON", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it("is the same for objects that differ only in key order", () => {
    expect(canonicalJson({ x: 1, y: "是" })).toBe(canonicalJson({ y: "是", x: 1 }));
  });
  it("refuses numbers JSON cannot carry", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });
});

describe("the audit hash chain", () => {
  it("verifies an intact chain", () => {
    expect(findChainBreak(chain(5))).toBeNull();
  });
  it("names the first row whose content was changed", () => {
    const c = chain(5);
    c[2] = { ...c[2]!, data: { price: 1 } };
    expect(findChainBreak(c)).toEqual({ id: 3, reason: "hash" });
  });
  it("names the row after a deleted one", () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(findChainBreak(c)).toEqual({ id: 3, reason: "prevHash" });
  });
  it("detects a rewritten tail whose hashes were recomputed from a changed row", () => {
    const c = chain(3);
    const forged = { ...c[1]!, occurredAt: new Date(0) };
    forged.hash = chainHash(forged.prevHash, eventBody(forged));
    c[1] = forged;
    expect(findChainBreak(c)).toEqual({ id: 3, reason: "prevHash" });
  });
  it("checks a run that starts in the middle against the hash before it", () => {
    const c = chain(6);
    expect(findChainBreak(c.slice(3), c[2]!.hash)).toBeNull();
    expect(findChainBreak(c.slice(3), c[1]!.hash)).toEqual({ id: 4, reason: "prevHash" });
  });
});
