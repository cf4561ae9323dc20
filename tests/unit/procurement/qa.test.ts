import { describe, expect, it } from "vitest";
import { canTransition, methodProblems, qaOpen } from "~/modules/procurement/projects.rules";

describe("Q&A window", () => {
  it("closes at the start of the working day before the deadline's date", () => {
    // Deadline Wednesday 2025-10-15 17:00 Beijing: Q&A open until Monday 2025-10-13 ends.
    const deadline = new Date("2025-10-15T09:00:00Z");
    expect(qaOpen(deadline, new Date("2025-10-13T15:59:00Z"))).toBe(true); // Mon 23:59 Beijing
    expect(qaOpen(deadline, new Date("2025-10-13T16:00:00Z"))).toBe(false); // Tue 00:00 Beijing
  });
  it("skips the National Day holiday", () => {
    // Deadline Thursday 2025-10-09: 10-01..10-08 are holidays, so the working day before it is
    // Tuesday 2025-09-30, and Q&A closes when that day begins.
    const deadline = new Date("2025-10-09T02:00:00Z");
    expect(qaOpen(deadline, new Date("2025-09-29T12:00:00Z"))).toBe(true);
    expect(qaOpen(deadline, new Date("2025-09-30T12:00:00Z"))).toBe(false);
  });
});

describe("project rules", () => {
  it("allow only the listed transitions", () => {
    expect(canTransition("draft", "bidding")).toBe(true);
    expect(canTransition("bidding", "awarded")).toBe(false);
    expect(canTransition("completed", "contracted")).toBe(false);
    expect(canTransition("awarded", "selecting")).toBe(true);
  });
  it("check methods against policy", () => {
    const policy = {
      allowedMethods: ["lowestPrice", "direct", "scored"],
      minBidsGovernment: 3,
      minBidsOther: 1,
      directCeilingFen: 10_000_000,
      priceWeightMin: 30,
      priceWeightMax: 60,
      technicalWeightMin: 20,
      technicalWeightMax: 60,
      creditWeightMin: 10,
      creditWeightMax: 20,
    };
    const base = { governmentFunded: false, priceCeilingFen: 5_000_000, priceWeight: null, technicalWeight: null, creditWeight: null };
    expect(methodProblems({ ...base, selectionMethod: "randomDraw" }, policy)).toEqual({ selectionMethod: "errors.project.methodOff" });
    expect(methodProblems({ ...base, selectionMethod: "direct", priceCeilingFen: 10_000_001 }, policy)).toEqual({
      selectionMethod: "errors.project.directCeiling",
    });
    expect(methodProblems({ ...base, selectionMethod: "direct", governmentFunded: true }, policy)).toEqual({
      selectionMethod: "errors.project.directGovernment",
    });
    expect(methodProblems({ ...base, selectionMethod: "scored", priceWeight: 50, technicalWeight: 40, creditWeight: 10 }, policy)).toEqual(
      {},
    );
    expect(methodProblems({ ...base, selectionMethod: "scored", priceWeight: 50, technicalWeight: 40, creditWeight: 5 }, policy)).toEqual({
      priceWeight: "errors.project.weightsSum",
    });
    expect(methodProblems({ ...base, selectionMethod: "scored", priceWeight: 70, technicalWeight: 20, creditWeight: 10 }, policy)).toEqual({
      priceWeight: "errors.project.weightRange",
    });
  });
});

describe("minimum valid bids", () => {
  it("takes the method's own minimum when the policy sets one above the funding minimum", async () => {
    const { minValidBids } = await import("~/modules/procurement/projects.rules");
    const { PolicySchema } = await import("~/modules/procurement/policy.schema");
    const parsed = PolicySchema.parse({
      allowedMethods: ["randomDraw", "lowestPrice"],
      minBidsGovernment: "3",
      minBidsOther: "1",
      minBiddingWorkdays: "3",
      publicityWorkdays: "3",
      objectionAnswerWorkdays: "3",
      signingWorkdays: "5",
      directCeiling: "100000",
      abnormallyLowPct: "20",
      minBids_randomDraw: "3",
      minBids_lowestPrice: "",
    });
    expect(parsed.minBidsByMethod).toEqual({ randomDraw: 3 });
    const policy = {
      ...parsed,
      priceWeightMin: 30,
      priceWeightMax: 60,
      technicalWeightMin: 20,
      technicalWeightMax: 60,
      creditWeightMin: 10,
      creditWeightMax: 20,
    };
    expect(minValidBids(policy, false, "randomDraw")).toBe(3);
    expect(minValidBids(policy, false, "lowestPrice")).toBe(1);
    expect(minValidBids(policy, true, "lowestPrice")).toBe(3);
    expect(minValidBids({ ...policy, minBidsByMethod: { randomDraw: 2 } }, true, "randomDraw")).toBe(3); // never below funding
  });
});

describe("completing a selection, as the form sends it", () => {
  it("reads technical scores from tech_<bid> fields, the direct price in fen, and the declaration", async () => {
    const { CompleteSelectionSchema } = await import("~/modules/procurement/projects.schema");
    const ok = CompleteSelectionSchema.parse({
      tech_b1: "88.5",
      tech_b2: "",
      price: "21000",
      declaredNoConflict: "on",
      reason: " 熟悉项目 ",
    });
    expect(ok).toEqual({
      bidId: "",
      agencyId: "",
      reason: "熟悉项目",
      priceFen: 2_100_000,
      declaredNoConflict: true,
      technicalScores: { b1: [88.5] },
    });
    expect(CompleteSelectionSchema.safeParse({ tech_b1: "abc" }).error?.issues[0]?.message).toBe("errors.selection.technicalRange");
    expect(CompleteSelectionSchema.safeParse({ price: "1.234" }).error?.issues[0]).toMatchObject({
      path: ["price"],
      message: "errors.money.decimals",
    });
  });
});
