import { expect } from "vitest";
import {
  evaluateFlags,
  type FlagAgency,
  type FlagBid,
  type FlagCode,
  type FlagDataset,
  type FlagHit,
  type FlagParams,
  type FlagProject,
} from "~/modules/oversight/flags.rules";

/** Hand-made data for the red-flag rules: small builders with explicit dates. */
export const DAY = 86_400_000;
export const MINUTE = 60_000;
export const TODAY = "2026-06-15";
export const NOW = new Date("2026-06-15T04:00:00.000Z");
const T0 = Date.parse("2026-05-01T02:00:00.000Z");

/** An instant `n` days (fractions allowed) after 2026-05-01T02:00Z. */
export const day = (n: number) => new Date(T0 + n * DAY);
/** The default bid deadline of `project()`: day 10. */
export const DEADLINE = day(10);
/** An instant `m` minutes before the default deadline. */
export const beforeDeadline = (m: number) => new Date(DEADLINE.getTime() - m * MINUTE);

export function bid(id: string, agencyId: string, priceFen: number, over: Partial<FlagBid> = {}): FlagBid {
  return { id, agencyId, priceFen, status: "submitted", submittedAt: day(3), updatedAt: day(3), ...over };
}

/** A competitive project, opened (status "awarded"), without bids, award or contract unless given. */
export function project(id: string, over: Partial<FlagProject> = {}): FlagProject {
  return {
    id,
    ownerOrgId: "owner-1",
    serviceItemId: 7,
    regionCode: "320102",
    method: "lowestPrice",
    ceilingFen: 1_000_000,
    publishedAt: day(0),
    bidDeadline: DEADLINE,
    status: "awarded",
    bids: [],
    award: null,
    contract: null,
    overcharge: false,
    directCeilingFen: null,
    ...over,
  };
}

/** A project whose award goes to the bid `winnerBidId` (at its price), awarded on day 12. */
export function tender(id: string, bids: FlagBid[], winnerBidId: string | null, over: Partial<FlagProject> = {}): FlagProject {
  const w = bids.find((b) => b.id === winnerBidId);
  if (winnerBidId && !w) throw new Error(`no bid ${winnerBidId} in ${id}`);
  return project(id, { bids, award: w ? { agencyId: w.agencyId, priceFen: w.priceFen, bidId: w.id, awardedAt: day(12) } : null, ...over });
}

/** A project awarded to `agencyId` at `priceFen` without bids (e.g. the owner's direct pick). */
export function awardedTo(
  id: string,
  agencyId: string,
  priceFen: number,
  over: Partial<FlagProject> = {},
  awardedAt = day(12),
): FlagProject {
  return project(id, { award: { agencyId, priceFen, bidId: null, awardedAt }, ...over });
}

/** A direct selection under a policy whose direct-selection ceiling is `ceilingFen`. */
export function direct(
  id: string,
  agencyId: string,
  priceFen: number,
  awardedAt: Date,
  over: Partial<FlagProject> = {},
  ceilingFen = 1_000_000,
): FlagProject {
  return awardedTo(id, agencyId, priceFen, { method: "direct", bidDeadline: null, directCeilingFen: ceilingFen, ...over }, awardedAt);
}

export function agency(id: string, over: Partial<FlagAgency> = {}): FlagAgency {
  return { id, name: `机构${id}`, address: null, phone: null, email: null, legalRep: null, ...over };
}

export function dataset(projects: FlagProject[], agencies: FlagAgency[] = []): FlagDataset {
  return { projects, agencies: new Map(agencies.map((a) => [a.id, a])), today: TODAY, now: NOW };
}

/** The hits of one flag, through evaluateFlags, with that flag's parameters overridden when given. */
export function hitsOf(ds: FlagDataset, code: FlagCode, params?: FlagParams): FlagHit[] {
  return evaluateFlags(ds, params ? { [code]: { enabled: true, params } } : {}).filter((h) => h.flag === code);
}

/** The one hit of a flag (fails the test when there is not exactly one). */
export function oneHit(ds: FlagDataset, code: FlagCode, params?: FlagParams): FlagHit {
  const hits = hitsOf(ds, code, params);
  if (hits.length !== 1) throw new Error(`expected one ${code} hit, got ${hits.length}: ${JSON.stringify(hits)}`);
  return hits[0]!;
}

/** The flag hits this dataset (with these parameters), and `enabled: false` silences it. */
export function expectSilenced(ds: FlagDataset, code: FlagCode, params: FlagParams = {}): void {
  expect(hitsOf(ds, code, params).length, `${code} should hit before it is disabled`).toBeGreaterThan(0);
  expect(evaluateFlags(ds, { [code]: { enabled: false, params } }).filter((h) => h.flag === code)).toEqual([]);
}
