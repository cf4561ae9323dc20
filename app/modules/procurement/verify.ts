import { drawSeed, DrawRng, verifyDraw, type DrawEntry } from "./draw.rules";
import { select, type SelectionOutcome, type SelectionSpec, type ValidBid } from "./selection.rules";

/** What anyone needs to recompute a project's draw: published at /projects/:id/draw.json. */
export interface DrawInputs {
  projectId: string;
  commitment: string;
  secret: string;
  entries: DrawEntry[];
  bids: { id: string; agencyId: string; priceFen: number; hash: string; creditScore: number }[];
  outcome: SelectionOutcome;
}

export interface DrawCheck {
  commitmentMatches: boolean;
  seedMatches: boolean;
  outcomeMatches: boolean;
  recomputedWinnerBidId: string | null;
  problem?: string;
}

/**
 * Recomputes a draw from its public inputs alone: the secret must hash to the commitment published
 * before bidding, the seed must follow from the secret and the valid bids, and re-running the recorded
 * method with that seed must give the published ranking and winner.
 */
export function checkDraw(inputs: DrawInputs): DrawCheck {
  const v = verifyDraw({ secretHex: inputs.secret, commitment: inputs.commitment, entries: inputs.entries, seed: inputs.outcome.seed });
  if (!v.ok && !v.commitmentMatches)
    return {
      commitmentMatches: false,
      seedMatches: false,
      outcomeMatches: false,
      recomputedWinnerBidId: null,
      problem: v.problem ?? "commitment",
    };
  const seed = drawSeed(inputs.secret, inputs.entries);
  const bids: ValidBid[] = inputs.bids.map((b) => ({ ...b, submittedAt: new Date(0) }));
  let recomputed: SelectionOutcome;
  try {
    recomputed = select(inputs.outcome.spec as SelectionSpec, bids, new DrawRng(seed));
  } catch (e) {
    return {
      commitmentMatches: v.commitmentMatches,
      seedMatches: !!v.seedMatches,
      outcomeMatches: false,
      recomputedWinnerBidId: null,
      problem: (e as Error).message,
    };
  }
  const rank = (o: SelectionOutcome) => JSON.stringify(o.ranking.map((r) => [r.bidId, r.rank]));
  // A credit-preferred outcome also carries the owner's later pick; the draw part is the short list.
  const winnerMatches =
    inputs.outcome.method === "creditPreferred"
      ? JSON.stringify(recomputed.shortList?.shortListBidIds) === JSON.stringify(inputs.outcome.shortList?.shortListBidIds)
      : recomputed.winnerBidId === inputs.outcome.winnerBidId;
  return {
    commitmentMatches: v.commitmentMatches,
    seedMatches: seed === inputs.outcome.seed,
    outcomeMatches: winnerMatches && rank(recomputed) === rank(inputs.outcome),
    recomputedWinnerBidId: recomputed.winnerBidId,
  };
}
