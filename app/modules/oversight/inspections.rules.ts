import { createHash } from "node:crypto";
import { DrawRng, drawSeed, type DrawEntry } from "~/modules/procurement/draw.rules";

/**
 * Random inspections (双随机、一公开, seed 000 #36): random targets, random inspectors, public results,
 * drawn with the same verifiable procedure as selection (draw.rules.ts). At planning the platform fixes
 * the population (agencies) and the inspector pool and publishes the commitment to a secret; at the draw
 * it reveals the secret. The entries are the population's `{ id, hash }` with hash = SHA-256 of
 * "agency:" + id, then the pool's with "inspector:" + id; the seed is zjcs-draw-v1's. From the stream:
 * one shuffle of the population (sorted by id) — its first `sampleSize` are the targets, in that order —
 * then for each target, in order, one shuffle of the pool (sorted by id), whose first
 * `inspectorsPerTarget` inspect it.
 */
export function inspectionEntries(population: string[], pool: string[]): DrawEntry[] {
  const h = (s: string) => createHash("sha256").update(s).digest("hex");
  return [
    ...population.map((id) => ({ id: `a:${id}`, hash: h(`agency:${id}`) })),
    ...pool.map((id) => ({ id: `i:${id}`, hash: h(`inspector:${id}`) })),
  ];
}

export interface InspectionDraw {
  seed: string;
  targets: { agencyId: string; inspectorIds: string[] }[];
}

export function drawInspection(
  secretHex: string,
  population: string[],
  pool: string[],
  sampleSize: number,
  inspectorsPerTarget: number,
): InspectionDraw {
  const seed = drawSeed(secretHex, inspectionEntries(population, pool));
  const rng = new DrawRng(seed);
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const targets = rng.shuffle([...population].sort(byId)).slice(0, Math.min(sampleSize, population.length));
  const sortedPool = [...pool].sort(byId);
  const per = Math.min(inspectorsPerTarget, sortedPool.length);
  return { seed, targets: targets.map((agencyId) => ({ agencyId, inspectorIds: rng.shuffle(sortedPool).slice(0, per) })) };
}
