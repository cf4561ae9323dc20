import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { drawInspection, inspectionEntries } from "~/modules/oversight/inspections.rules";
import { DrawRng, drawSeed } from "~/modules/procurement/draw.rules";

const SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const OTHER = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
const POPULATION = Array.from({ length: 20 }, (_, i) => `ag-${String(i + 1).padStart(2, "0")}`);
const POOL = ["in-1", "in-2", "in-3", "in-4", "in-5", "in-6"];
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** Same order-independent shuffle the tests use to scramble inputs: by hash of the id. */
const scrambled = (ids: string[]) => [...ids].sort((a, b) => (sha(a) < sha(b) ? -1 : 1));

describe("inspectionEntries", () => {
  it("lists the population, then the pool, each id prefixed and hashed with its role", () => {
    expect(inspectionEntries(["x"], ["y"])).toEqual([
      { id: "a:x", hash: sha("agency:x") },
      { id: "i:y", hash: sha("inspector:y") },
    ]);
    expect(inspectionEntries([], [])).toEqual([]);
  });
  it("keeps an agency and an inspector with the same id apart", () => {
    const [a, i] = inspectionEntries(["same"], ["same"]);
    expect(a!.id).not.toBe(i!.id);
    expect(a!.hash).not.toBe(i!.hash);
    expect(() => drawSeed(SECRET, inspectionEntries(["same"], ["same"]))).not.toThrow();
  });
});

describe("drawInspection", () => {
  const draw = (pop = POPULATION, pool = POOL, n = 5, per = 2, secret = SECRET) => drawInspection(secret, pop, pool, n, per);

  it("is deterministic for the same secret, population and pool", () => {
    expect(draw()).toEqual(draw());
  });

  it("does not depend on the input order of population and pool", () => {
    const base = draw();
    expect(draw([...POPULATION].reverse(), [...POOL].reverse())).toEqual(base);
    expect(draw(scrambled(POPULATION), scrambled(POOL))).toEqual(base);
  });

  it("does not change its inputs", () => {
    const pop = [...POPULATION].reverse();
    const pool = [...POOL].reverse();
    draw(pop, pool);
    expect(pop).toEqual([...POPULATION].reverse());
    expect(pool).toEqual([...POOL].reverse());
  });

  it("takes the seed of zjcs-draw-v1 over the inspection entries", () => {
    const d = draw();
    expect(d.seed).toBe(drawSeed(SECRET, inspectionEntries(POPULATION, POOL)));
    expect(d.seed).toBe(drawSeed(SECRET, inspectionEntries(scrambled(POPULATION), [...POOL].reverse())));
    expect(d.seed).toMatch(/^[0-9a-f]{64}$/);
    // A secret in capitals is the same secret.
    expect(draw(POPULATION, POOL, 5, 2, SECRET.toUpperCase())).toEqual(d);
  });

  it("follows the documented stream: one shuffle of the sorted population, then one of the sorted pool per target", () => {
    const rng = new DrawRng(drawSeed(SECRET, inspectionEntries(POPULATION, POOL)));
    const targets = rng.shuffle([...POPULATION].sort()).slice(0, 5);
    const expected = targets.map((agencyId) => ({ agencyId, inspectorIds: rng.shuffle([...POOL].sort()).slice(0, 2) }));
    expect(draw(scrambled(POPULATION), scrambled(POOL)).targets).toEqual(expected);
  });

  it("draws sampleSize distinct targets from the population", () => {
    const { targets } = draw();
    expect(targets).toHaveLength(5);
    const ids = targets.map((t) => t.agencyId);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(POPULATION).toContain(id);
  });

  it("returns the whole population, shuffled, when the sample is larger", () => {
    const { targets } = draw(POPULATION, POOL, 50, 2);
    const ids = targets.map((t) => t.agencyId);
    expect(ids).toHaveLength(POPULATION.length);
    expect([...ids].sort()).toEqual(POPULATION);
    expect(ids).not.toEqual(POPULATION);
    // The first five are the targets of a sample of five.
    expect(ids.slice(0, 5)).toEqual(draw().targets.map((t) => t.agencyId));
  });

  it("gives each target distinct inspectors from the pool, at most the pool's size", () => {
    for (const per of [1, 2, 6, 10]) {
      const { targets } = draw(POPULATION, POOL, 8, per);
      for (const t of targets) {
        expect(t.inspectorIds).toHaveLength(Math.min(per, POOL.length));
        expect(new Set(t.inspectorIds).size).toBe(t.inspectorIds.length);
        for (const i of t.inspectorIds) expect(POOL).toContain(i);
      }
    }
    const full = draw(POPULATION, POOL, 8, 10).targets;
    for (const t of full) expect([...t.inspectorIds].sort()).toEqual(POOL);
  });

  it("draws inspectors independently per target", () => {
    const teams = draw(POPULATION, POOL, 10, 2).targets.map((t) => t.inspectorIds.join(","));
    expect(new Set(teams).size).toBeGreaterThan(1);
  });

  it("gives a different draw for a different secret", () => {
    const a = draw();
    const b = draw(POPULATION, POOL, 5, 2, OTHER);
    expect(b.seed).not.toBe(a.seed);
    expect(b.targets.map((t) => t.agencyId)).not.toEqual(a.targets.map((t) => t.agencyId));
  });

  it("changes the seed when the population or the pool changes", () => {
    const a = draw();
    expect(draw(POPULATION.slice(1)).seed).not.toBe(a.seed);
    expect(draw(POPULATION, POOL.slice(1)).seed).not.toBe(a.seed);
  });

  it("handles an empty pool and an empty population", () => {
    expect(draw(POPULATION, [], 3, 2).targets.map((t) => t.inspectorIds)).toEqual([[], [], []]);
    expect(draw([], POOL, 3, 2).targets).toEqual([]);
    expect(draw(POPULATION, POOL, 0, 2).targets).toEqual([]);
  });

  it("refuses a malformed secret and duplicate ids", () => {
    expect(() => drawInspection("abc", POPULATION, POOL, 5, 2)).toThrow(TypeError);
    expect(() => drawInspection(SECRET, ["ag-01", "ag-01"], POOL, 1, 1)).toThrow(TypeError);
    expect(() => drawInspection(SECRET, POPULATION, ["in-1", "in-1"], 1, 1)).toThrow(TypeError);
  });
});
