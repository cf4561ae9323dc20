/**
 * Abnormally low prices, as pure arithmetic with no other import: the flags (shown in the browser) use it
 * as well as bidding and selection. Reasons and sources are in bidding.rules.ts.
 */

/**
 * 异常低价: a price more than `thresholdPct` % below the average of the *other* valid bids (pass them
 * without the bid being tested). The threshold is the policy's; the flag asks the agency to explain
 * its price and the evaluators to decide — it does not by itself remove the bid. Exact: flagged iff
 * price × 100 × n < sum × (100 − thresholdPct). With no other bids nothing is flagged.
 */
export function isAbnormallyLow(priceFen: number, otherBids: readonly { priceFen: number }[], thresholdPct: number): boolean {
  if (!Number.isSafeInteger(thresholdPct) || thresholdPct < 0 || thresholdPct > 100)
    throw new RangeError("thresholdPct must be an integer 0–100");
  if (otherBids.length === 0) return false;
  const sum = otherBids.reduce((s, b) => s + BigInt(b.priceFen), 0n);
  return BigInt(priceFen) * 100n * BigInt(otherBids.length) < sum * BigInt(100 - thresholdPct);
}

/** Below this share of the ceiling a bid must be justified when it is made (null: the project has no ceiling). */
export function belowCeilingThreshold(priceFen: number, ceilingFen: number | null, ceilingPct: number): boolean {
  if (ceilingFen == null) return false;
  return BigInt(priceFen) * 100n < BigInt(ceilingFen) * BigInt(ceilingPct);
}

export type AbnormalBasis = { basis: "ceiling"; pct: number } | { basis: "others"; pct: number };

/**
 * Why a bid's price is abnormally low at the opening, or null: against the ceiling first, then against the
 * mean of the other valid bids.
 */
export function abnormallyLowBasis(
  priceFen: number,
  ceilingFen: number | null,
  otherValid: readonly { priceFen: number }[],
  policy: { abnormallyLowCeilingPct: number; abnormallyLowPct: number },
): AbnormalBasis | null {
  if (belowCeilingThreshold(priceFen, ceilingFen, policy.abnormallyLowCeilingPct))
    return { basis: "ceiling", pct: policy.abnormallyLowCeilingPct };
  if (isAbnormallyLow(priceFen, otherValid, policy.abnormallyLowPct)) return { basis: "others", pct: policy.abnormallyLowPct };
  return null;
}
