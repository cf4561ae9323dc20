/**
 * The edges of bidding, as pure rules over the policy in force (procedure_policies):
 * - the longest bidding period: a deadline later than publication + `maxBiddingDays` calendar days is
 *   refused (a notice that never closes is no tender; 政府采购非招标采购方式管理办法 sets periods in days);
 * - abnormally low prices (政府采购货物和服务招标投标管理办法 第六十条: a price clearly below the others'
 *   that may affect performance must be explained in writing). Two bases: below `abnormallyLowCeilingPct` %
 *   of the ceiling — known to every bidder, so asked at bid time — and more than `abnormallyLowPct` % below
 *   the mean of the other valid bids — known only at the opening (asking at bid time would tell a bidder
 *   about the sealed bids of others), so it marks and flags the bid then;
 * - the floor under a direct selection's price, `directFloorPct` % of the ceiling.
 */

const DAY_MS = 86_400_000;

/** The justification an abnormally low bid needs, in characters. */
export const MIN_JUSTIFICATION = 20;

/** The latest deadline a notice published at `publishedAt` may have. */
export function latestDeadline(publishedAt: Date, maxBiddingDays: number): Date {
  return new Date(publishedAt.getTime() + maxBiddingDays * DAY_MS);
}

export function deadlineTooFar(deadline: Date, publishedAt: Date, maxBiddingDays: number): boolean {
  return deadline.getTime() > latestDeadline(publishedAt, maxBiddingDays).getTime();
}

export { abnormallyLowBasis, belowCeilingThreshold, type AbnormalBasis } from "./abnormal-price.rules";

/** A direct selection's price may not be below `directFloorPct` % of the ceiling. */
export function directFloorFen(ceilingFen: number | null, directFloorPct: number): number | null {
  if (ceilingFen == null) return null;
  return Math.ceil((ceilingFen * directFloorPct) / 100);
}
