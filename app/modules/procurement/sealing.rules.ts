/**
 * Whether a project's bids are unsealed: the deadline has passed and bidding has closed (the opening).
 * Until then nobody but each bidder learns who bid or how many (招标投标法 第二十二条: names and number
 * of potential bidders are not disclosed before the opening) — the same condition as the opened_bids view.
 */
export function bidsUnsealed(p: { status: string; bidDeadline: Date | string | null }, now: Date): boolean {
  if (!p.bidDeadline || ["draft", "published", "bidding"].includes(p.status)) return false;
  return new Date(p.bidDeadline).getTime() <= now.getTime();
}
