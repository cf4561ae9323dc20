/**
 * Reviews (服务评价, seed 000 #30 "网上评价"), after Airbnb's double-blind practice and CPARS:
 * - Only the parties of a contract that reached completion or termination review each other, once per
 *   contract: the owner reviews the agency, the agency reviews the owner.
 * - Each party has REVIEW_WINDOW_DAYS from the end of the contract. Both reviews stay hidden until both
 *   are in, or until REVEAL_DAYS after the first one (never later than the end of the window); the other
 *   party may write blind until that moment, and not after — so no one answers a review they have read.
 * - Nothing is edited after submitting; the agency may reply once, beside the review; a review is
 *   removed only for a listed reason on appeal, and the removal is public.
 */
export const REVIEW_WINDOW_DAYS = 30;
export const REVEAL_DAYS = 14;
const DAY = 86_400_000;

export const AGENCY_DIMENSIONS = ["quality", "timeliness", "fees", "attitude", "compliance"] as const;
export const OWNER_DIMENSIONS = ["clarity", "cooperation", "payment", "integrity"] as const;
export type ReviewDirection = "ofAgency" | "ofOwner";

/** The only grounds on which a review may be removed (seed 000 #30: negative reviews are never hidden). */
export const REVIEW_REMOVAL_REASONS = ["offTopic", "abusive", "personalData", "notAParty", "coercion"] as const;
export type ReviewRemovalReason = (typeof REVIEW_REMOVAL_REASONS)[number];

export interface ReviewTimes {
  /** When the contract was completed or terminated. */
  endedAt: Date;
  /** The other party's review of the same contract, if it is in. */
  other: { submittedAt: Date; visibleFrom: Date } | null;
}

/** Until when this party may still submit its review. */
export function reviewClosesAt(t: ReviewTimes): Date {
  const windowEnd = new Date(t.endedAt.getTime() + REVIEW_WINDOW_DAYS * DAY);
  if (!t.other) return windowEnd;
  return t.other.visibleFrom < windowEnd ? t.other.visibleFrom : windowEnd;
}

export function mayReview(t: ReviewTimes, now: Date): boolean {
  return now >= t.endedAt && now < reviewClosesAt(t);
}

/**
 * When a review submitted now becomes public: at once if the other one is in (and the other with it),
 * else REVEAL_DAYS later, capped at the end of the window.
 */
export function revealAt(t: ReviewTimes, now: Date): Date {
  if (t.other) return now;
  const reveal = new Date(now.getTime() + REVEAL_DAYS * DAY);
  const windowEnd = new Date(t.endedAt.getTime() + REVIEW_WINDOW_DAYS * DAY);
  return reveal < windowEnd ? reveal : windowEnd;
}

/** Text is required for the extremes (an overall 1 or 5 must say why). */
export function textRequired(overall: number): boolean {
  return overall === 1 || overall === 5;
}
