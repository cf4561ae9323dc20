/**
 * Settling a contract with money (seed 000 #33: government-commissioned work is paid from the
 * department's budget; 超标准收费 is watched). The platform holds the owner's funding ("separate charges
 * and transfers", one transfer group per contract) and releases it to the agency on acceptance; what is not
 * released goes back to the owner. Nothing — funding, release or refund — can exceed the contract amount or
 * what is left of it; the database enforces the same limits (payment_limits_check).
 */

export type MovementKind = "funding" | "release" | "refund";
export type MovementMethod = "stripe" | "offline";
export type MovementStatus = "pending" | "succeeded" | "failed" | "canceled";

export interface Movement {
  kind: MovementKind;
  method: MovementMethod;
  amountFen: number;
  status: MovementStatus;
  milestoneId?: string | null;
}

export interface Totals {
  /** Funding that succeeded (money held by the platform). */
  fundedFen: number;
  fundingPendingFen: number;
  releasedFen: number;
  releasingFen: number;
  refundedFen: number;
  refundingFen: number;
  /** Of what the platform holds, what is neither released nor refunded nor on its way out. */
  heldFen: number;
  /** What the agency has not been paid yet (by any method, pending included). */
  unpaidFen: number;
}

const sum = (ms: Movement[], f: (m: Movement) => boolean) => ms.filter(f).reduce((s, m) => s + m.amountFen, 0);

export function ledgerTotals(amountFen: number, ms: Movement[]): Totals {
  const fundedFen = sum(ms, (m) => m.kind === "funding" && m.status === "succeeded");
  const fundingPendingFen = sum(ms, (m) => m.kind === "funding" && m.status === "pending");
  const releasedFen = sum(ms, (m) => m.kind === "release" && m.status === "succeeded");
  const releasingFen = sum(ms, (m) => m.kind === "release" && m.status === "pending");
  const refundedFen = sum(ms, (m) => m.kind === "refund" && m.status === "succeeded");
  const refundingFen = sum(ms, (m) => m.kind === "refund" && m.status === "pending");
  const stripeOut = sum(ms, (m) => m.method === "stripe" && m.kind !== "funding" && (m.status === "succeeded" || m.status === "pending"));
  return {
    fundedFen,
    fundingPendingFen,
    releasedFen,
    releasingFen,
    refundedFen,
    refundingFen,
    heldFen: Math.max(0, fundedFen - stripeOut),
    unpaidFen: Math.max(0, amountFen - releasedFen - releasingFen),
  };
}

export type PaymentState = "unfunded" | "funding" | "funded" | "partlyReleased" | "released" | "refunded" | "partlyRefunded";

/** The contract's payment state, derived from its ledger (stored beside the contract for lists). */
export function paymentState(amountFen: number, ms: Movement[]): PaymentState {
  const t = ledgerTotals(amountFen, ms);
  if (t.releasedFen >= amountFen) return "released";
  if (t.refundedFen > 0) return t.releasedFen === 0 && t.refundedFen >= t.fundedFen ? "refunded" : "partlyRefunded";
  if (t.releasedFen > 0) return "partlyReleased";
  if (t.fundedFen > 0) return "funded";
  if (t.fundingPendingFen > 0) return "funding";
  return "unfunded";
}

export type LimitProblem = "notPositive" | "notInteger" | "aboveContract" | "aboveHeld" | "aboveUnpaid";

/** Whether a new movement of `amountFen` fits the contract; the same rule the database applies. */
export function checkMovement(
  amountFen: number,
  contractFen: number,
  ms: Movement[],
  next: Pick<Movement, "kind" | "method">,
): LimitProblem | null {
  if (!Number.isSafeInteger(amountFen)) return "notInteger";
  if (amountFen <= 0) return "notPositive";
  const t = ledgerTotals(contractFen, ms);
  if (next.kind === "funding") return t.fundedFen + t.fundingPendingFen + amountFen > contractFen ? "aboveContract" : null;
  if (next.kind === "release" && amountFen > t.unpaidFen) return "aboveUnpaid";
  if (next.method === "stripe" && amountFen > t.heldFen) return "aboveHeld";
  return null;
}

export interface MilestoneInput {
  title: string;
  amountFen: number;
}

/** Milestones are optional; when there are any they add up to the contract amount exactly. */
export function milestoneProblem(contractFen: number, items: MilestoneInput[]): "tooMany" | "notPositive" | "sum" | null {
  if (items.length > 20) return "tooMany";
  if (items.some((i) => !Number.isSafeInteger(i.amountFen) || i.amountFen <= 0)) return "notPositive";
  if (items.length && items.reduce((s, i) => s + i.amountFen, 0) !== contractFen) return "sum";
  return null;
}

/**
 * What acceptance releases: the milestone's amount, or — for the final acceptance — all the agency has not
 * been paid, limited to what the platform holds. Zero when nothing is to be released.
 */
export function releaseOnAcceptance(contractFen: number, ms: Movement[], milestoneFen: number | null): number {
  const t = ledgerTotals(contractFen, ms);
  const wanted = milestoneFen ?? t.unpaidFen;
  return Math.max(0, Math.min(wanted, t.unpaidFen, t.heldFen));
}

/** What a termination or a decision sends back to the owner: everything held that is not released. */
export function refundable(contractFen: number, ms: Movement[]): number {
  return ledgerTotals(contractFen, ms).heldFen;
}

/** fen → Stripe's smallest unit for the currency (fen is the smallest unit of CNY, so the same integer). */
export function toStripeAmount(fen: number, currency: string): number {
  if (!Number.isSafeInteger(fen) || fen <= 0) throw new RangeError(`amount must be a positive integer of fen, got ${fen}`);
  if (currency !== "cny" && currency !== "hkd" && currency !== "usd" && currency !== "eur" && currency !== "sgd")
    throw new RangeError(`currency ${currency} is not configured for two-decimal amounts`);
  return fen;
}
