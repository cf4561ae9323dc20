import { beijingDate, subtractWorkdays } from "~/lib/beijing-calendar";

/**
 * A project's lifecycle is one state machine; every allowed transition is listed here and nowhere else.
 * draft → published → bidding → selecting → awarded (publicity) → contracted → delivered → completed,
 * with failed (流标) and cancelled as ends, and a failed or cancelled project published again as new.
 */
export const PROJECT_STATES = [
  "draft",
  "published",
  "bidding",
  "selecting",
  "awarded",
  "contracted",
  "delivered",
  "completed",
  "failed",
  "cancelled",
] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];

export const TRANSITIONS: Record<ProjectState, readonly ProjectState[]> = {
  // A draft was never public: there is nothing to cancel (the database requires a cancelled project to have been published).
  draft: ["published", "bidding", "selecting"],
  published: ["bidding", "cancelled"],
  bidding: ["bidding", "selecting", "failed", "cancelled"],
  selecting: ["awarded", "failed", "cancelled"],
  // An upheld objection sends an award back to selection (re-run) or to failed (re-publish).
  awarded: ["contracted", "selecting", "failed", "cancelled"],
  contracted: ["delivered", "cancelled"],
  delivered: ["completed", "contracted", "cancelled"],
  completed: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: ProjectState, to: ProjectState): boolean {
  return TRANSITIONS[from].includes(to);
}

export const SELECTION_METHODS = ["direct", "randomDraw", "lowestPrice", "averagePrice", "creditPreferred", "scored"] as const;
export type SelectionMethod = (typeof SELECTION_METHODS)[number];

// Restrictive terms are data, checked by terms.rules.ts under the rule set in force (terms.server.ts).

export interface PolicyLimits {
  allowedMethods: string[];
  minBidsGovernment: number;
  minBidsOther: number;
  directCeilingFen: number;
  priceWeightMin: number;
  priceWeightMax: number;
  technicalWeightMin: number;
  technicalWeightMax: number;
  creditWeightMin: number;
  creditWeightMax: number;
}

export interface MethodChoice {
  selectionMethod: SelectionMethod;
  governmentFunded: boolean;
  priceCeilingFen: number;
  priceWeight: number | null;
  technicalWeight: number | null;
  creditWeight: number | null;
}

/** What the policy says about the chosen method: field → translation key of each problem. */
export function methodProblems(choice: MethodChoice, policy: PolicyLimits): Record<string, string> {
  const out: Record<string, string> = {};
  if (!policy.allowedMethods.includes(choice.selectionMethod)) out.selectionMethod = "errors.project.methodOff";
  if (choice.selectionMethod === "direct") {
    // Government-funded work is always competitive (seed 000 #33); direct picks stay below the ceiling.
    if (choice.governmentFunded) out.selectionMethod = "errors.project.directGovernment";
    else if (choice.priceCeilingFen > policy.directCeilingFen) out.selectionMethod = "errors.project.directCeiling";
  }
  if (choice.selectionMethod === "scored") {
    const { priceWeight: p, technicalWeight: t, creditWeight: c } = choice;
    if (p == null || t == null || c == null || p + t + c !== 100) out.priceWeight = "errors.project.weightsSum";
    else {
      if (p < policy.priceWeightMin || p > policy.priceWeightMax) out.priceWeight = "errors.project.weightRange";
      if (t < policy.technicalWeightMin || t > policy.technicalWeightMax) out.technicalWeight = "errors.project.weightRange";
      if (c < policy.creditWeightMin || c > policy.creditWeightMax) out.creditWeight = "errors.project.weightRange";
    }
  }
  return out;
}

/**
 * The fewest valid bids a selection needs: the method's own minimum when the policy sets one, never
 * below the funding minimum (government-funded work needs at least three by default).
 */
export function minValidBids(policy: PolicyLimits & { minBidsByMethod?: unknown }, governmentFunded: boolean, method?: string): number {
  const funding = governmentFunded ? policy.minBidsGovernment : policy.minBidsOther;
  const byMethod = (policy.minBidsByMethod ?? {}) as Record<string, unknown>;
  const own = method ? byMethod[method] : undefined;
  return typeof own === "number" && Number.isInteger(own) && own > funding ? own : funding;
}

/** Q&A closes at the start of the working day before the deadline's (Beijing) date. */
export function qaOpen(bidDeadline: Date, now: Date): boolean {
  return beijingDate(now) < subtractWorkdays(beijingDate(bidDeadline), 1);
}

/** What the owner should do next, by state and method: the dashboard's "next action". */
export function ownerNextAction(status: string, selectionMethod: string): string | null {
  switch (status) {
    case "draft":
      return "publish";
    case "bidding":
      return "answerQuestions";
    case "selecting":
      return selectionMethod === "scored" ? "enterScores" : "pickWinner";
    case "awarded":
      return "signContract";
    case "delivered":
      return "acceptDelivery";
    case "failed":
    case "cancelled":
      return "republish";
    default:
      return null;
  }
}

/** What the agency should do next about one of its bids. */
export function agencyNextAction(bidStatus: string, projectStatus: string, won: boolean): string | null {
  if (bidStatus === "voided") return "confirmBid";
  if (bidStatus === "submitted" && projectStatus === "bidding") return "reviseUntilDeadline";
  if (won && projectStatus === "contracted") return "deliver";
  if (won && projectStatus === "awarded") return "awaitContract";
  return null;
}
