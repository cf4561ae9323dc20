import type biddingZh from "./bidding.zh-CN";

const biddingEn: { [K in keyof typeof biddingZh]: string } = {
  "bidding.sealed":
    "Bids are sealed: until the opening nobody but each bidder itself — not the owner, not the regulators, not the platform — sees who has applied, any price, or how many have applied.",
  "errors.datetime.noSuchDay": "That day does not exist (such as 30 February): check the date",
  "errors.project.deadlineTooFar": "The bid deadline may be at most {days} days after publication (the region's longest bidding period)",
  "policy.maxBiddingDays": "Longest bidding period (calendar days)",
  "policy.directFloorPct": "Direct selection price floor (% of the ceiling)",
  "policy.abnormallyLowCeilingPct": "Abnormally low price threshold (% of the ceiling; a justification is asked at bid time)",
  "bid.justification": "Justification of an abnormally low price",
  "bid.justification.hint":
    "Required (at least {min} characters) when the price is below {pct}% of the ceiling; published with the price after the opening.",
  "errors.bid.justificationRequired":
    "This price is below {pct}% of the ceiling, abnormally low: a written justification of at least {min} characters is required, published after the opening",
  "bid.abnormallyLow.basis.ceiling": "below {pct}% of the ceiling",
  "bid.abnormallyLow.basis.others": "more than {pct}% below the other valid bids' mean",
  "project.bids.justifications": "Justifications of abnormally low prices",
  "errors.selection.belowDirectFloor": "A direct selection's price may not be below {pct}% of the ceiling ({floor})",
};

export default biddingEn;
