import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "~/modules/audit/audit.rules";
import { isDomainError } from "~/modules/errors";
import { DrawRng, drawSeed } from "~/modules/procurement/draw.rules";
import {
  abnormallyLowBidIds,
  averagePrice,
  creditPreferred,
  direct,
  isAbnormallyLow,
  lowestPrice,
  ownerPick,
  randomDraw,
  scored,
  select,
  type SelectionOutcome,
  type SelectionSpec,
  type ValidBid,
} from "~/modules/procurement/selection.rules";

const SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const at = new Date("2026-03-02T02:00:00Z");

function bid(id: string, priceFen: number, creditScore = 80, technicalScore: number | null = null): ValidBid {
  return { id, agencyId: `ag-${id}`, priceFen, hash: id.repeat(8).slice(0, 64), creditScore, technicalScore, submittedAt: at };
}

const SIX = [
  bid("b1", 100000, 95),
  bid("b2", 96000, 90),
  bid("b3", 94000, 90),
  bid("b4", 90000, 85),
  bid("b5", 80000, 70),
  bid("b6", 99000, 60),
];
const SEED = drawSeed(SECRET, SIX);
const rng = () => new DrawRng(SEED);
const seedOf = (i: number) => createHash("sha256").update(`selection-${i}`).digest("hex");

function domainCode(fn: () => unknown): string | null {
  try {
    fn();
  } catch (e) {
    return isDomainError(e) ? e.code : `not a DomainError: ${String(e)}`;
  }
  return null;
}

/** Re-running the recorded spec with the recorded seed gives the same outcome, and it is plain JSON. */
function expectReplayable(outcome: SelectionOutcome, bids: readonly ValidBid[]) {
  expect(outcome.seed).not.toBeNull();
  const again = select(outcome.spec as SelectionSpec, [...bids].reverse(), new DrawRng(outcome.seed ?? ""));
  expect(canonicalJson(again)).toBe(canonicalJson(outcome));
  expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome);
}

function ranks(o: SelectionOutcome) {
  return o.ranking.map((r) => r.rank);
}

describe("too few valid bids (流标)", () => {
  it("fails every competitive method below the minimum, without drawing", () => {
    const two = SIX.slice(0, 2);
    const outcomes = [
      randomDraw(two, rng(), { minValidBids: 3 }),
      lowestPrice(two, rng(), { minValidBids: 3 }),
      averagePrice(two, rng(), undefined, { minValidBids: 3 }),
      creditPreferred(two, rng(), { longListSize: 3, shortListSize: 2 }, { minValidBids: 3 }),
      scored(two, { pricePct: 100, technicalPct: 0, creditPct: 0 }, rng(), {}, { minValidBids: 3 }),
    ];
    for (const o of outcomes) {
      expect(o.failed).toEqual({ reason: "tooFewBids", validBids: 2, minValidBids: 3 });
      expect(o.winnerBidId).toBeNull();
      expect(o.ranking).toEqual([]);
      expect(o.wordsUsed).toBe(0);
    }
  });
  it("succeeds at exactly the minimum and fails with no bids at all", () => {
    expect(randomDraw(SIX.slice(0, 3), rng(), { minValidBids: 3 }).failed).toBeNull();
    expect(lowestPrice([], rng()).failed?.reason).toBe("tooFewBids");
  });
});

describe("randomDraw", () => {
  it("is reproducible and independent of the input order (golden)", () => {
    const o = randomDraw(SIX, rng());
    expect(o.winnerBidId).toBe("b1");
    expect(o.winnerAgencyId).toBe("ag-b1");
    expect(o.ranking.map((r) => r.bidId)).toEqual(["b1", "b2", "b4", "b6", "b3", "b5"]);
    expect(ranks(o)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(o.wordsUsed).toBe(5);
    expect(randomDraw([...SIX].reverse(), rng())).toEqual(o);
    expectReplayable(o, SIX);
  });
  it("gives every bid the same chance", () => {
    const wins = new Map<string, number>();
    const three = SIX.slice(0, 3);
    for (let i = 0; i < 3000; i++) {
      const w = randomDraw(three, new DrawRng(seedOf(i))).winnerBidId ?? "";
      wins.set(w, (wins.get(w) ?? 0) + 1);
    }
    // chi-square, 2 degrees of freedom, p = 0.001 → 13.82
    const chi = [...wins.values()].reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(wins.size).toBe(3);
    expect(chi).toBeLessThan(13.82);
  });
  it("refuses duplicate bids and a second bid from one agency", () => {
    expect(() => randomDraw([bid("a", 1), bid("a", 2)], rng())).toThrow(/duplicate/);
    expect(() => randomDraw([bid("a", 1), { ...bid("b", 2), agencyId: "ag-a" }], rng())).toThrow(/two bids/);
    expect(() => randomDraw([bid("a", 0)], rng())).toThrow(RangeError);
    expect(() => randomDraw([bid("a", 1.5)], rng())).toThrow(RangeError);
    expect(() => randomDraw([bid("a", 100, 101)], rng())).toThrow(RangeError);
  });
});

describe("lowestPrice", () => {
  it("picks the lowest price, even by one fen", () => {
    const o = lowestPrice([bid("a", 10001), bid("b", 10000), bid("c", 10002)], rng());
    expect(o.winnerBidId).toBe("b");
    expect(o.ranking.map((r) => r.bidId)).toEqual(["b", "a", "c"]);
    expect(o.tieBreak).toBeNull();
    expect(o.ranking.every((r) => r.notes === undefined)).toBe(true);
  });
  it("draws between equal lowest prices and records the draw (golden)", () => {
    const bids = [bid("x", 5), bid("y", 5), bid("z", 6)];
    const o = lowestPrice(bids, rng());
    expect(o.winnerBidId).toBe("x");
    expect(o.tieBreak).toEqual({ drawOrder: ["z", "x", "y"], groups: [{ rank: 1, bidIds: ["x", "y"] }] });
    expect(o.ranking.map((r) => [r.bidId, r.rank, r.notes])).toEqual([
      ["x", 1, ["tieDrawn"]],
      ["y", 2, ["tieDrawn"]],
      ["z", 3, undefined],
    ]);
    expectReplayable(o, bids);
    const winners = new Set<string>();
    for (let i = 0; i < 40; i++) winners.add(lowestPrice(bids, new DrawRng(seedOf(i))).winnerBidId ?? "");
    expect([...winners].sort()).toEqual(["x", "y"]);
  });
  it("breaks ties below the first place too", () => {
    const o = lowestPrice([bid("a", 1), bid("b", 7), bid("c", 7), bid("d", 9)], rng());
    expect(o.winnerBidId).toBe("a");
    expect(o.tieBreak?.groups).toEqual([{ rank: 2, bidIds: o.ranking.slice(1, 3).map((r) => r.bidId) }]);
    expect(ranks(o)).toEqual([1, 2, 3, 4]);
  });
});

describe("averagePrice (最优价)", () => {
  it("drops one highest and one lowest from five bids, draws the factor and picks the closest (golden)", () => {
    const o = averagePrice(SIX, rng());
    // Averaged: 96000, 94000, 90000, 99000 → 94750; factor 97 % → 91907.5.
    expect(o.average).toEqual({
      factorsBp: [9500, 9600, 9700, 9800],
      factorBp: 9700,
      trimmed: true,
      droppedBidIds: ["b5", "b1"],
      sumFen: 379000,
      count: 4,
      meanFen: 94750,
      targetFen: 91908,
    });
    expect(o.winnerBidId).toBe("b4");
    expect(o.ranking.map((r) => [r.bidId, r.score])).toEqual([
      ["b4", 1908],
      ["b3", 2093],
      ["b2", 4093],
      ["b6", 7093],
      ["b1", 8093],
      ["b5", 11908],
    ]);
    // The dropped bids still compete.
    expect(o.ranking.find((r) => r.bidId === "b1")?.notes).toEqual(["droppedHighest"]);
    expect(o.ranking.find((r) => r.bidId === "b5")?.notes).toEqual(["droppedLowest"]);
    expectReplayable(o, SIX);
  });
  it("applies the drawn factor: with one factor the result is fixed", () => {
    const five = [bid("a", 100000), bid("b", 96000), bid("c", 94000), bid("d", 90000), bid("e", 80000)];
    // Averaged 96000, 94000, 90000 → 280000 / 3; × 97 % = 90533.33 → d (90000) is closest.
    const o = averagePrice(five, rng(), [9700]);
    expect(o.average).toMatchObject({
      factorBp: 9700,
      sumFen: 280000,
      count: 3,
      meanFen: 93333,
      targetFen: 90533,
      droppedBidIds: ["e", "a"],
    });
    expect(o.winnerBidId).toBe("d");
    expect(o.ranking[0]?.score).toBe(533);
    // × 100 %: target 93333.33 → c (94000) is closest.
    expect(averagePrice(five, rng(), [10000]).winnerBidId).toBe("c");
  });
  it("averages every bid below five", () => {
    const four = [bid("a", 100), bid("b", 200), bid("c", 300), bid("d", 400)];
    const o = averagePrice(four, rng(), [10000]);
    expect(o.average).toMatchObject({ trimmed: false, droppedBidIds: [], sumFen: 1000, count: 4, targetFen: 250 });
    // 200 and 300 are both 50 from 250: a tie, drawn.
    expect(o.tieBreak?.groups[0]).toEqual({ rank: 1, bidIds: o.ranking.slice(0, 2).map((r) => r.bidId) });
    expect(["b", "c"]).toContain(o.winnerBidId);
    expect(averagePrice(four, rng(), [10000], { trimFrom: 4 }).average).toMatchObject({ trimmed: true, sumFen: 500, count: 2 });
  });
  it("draws the factor from the list, each one in turn", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 60; i++) seen.add(averagePrice(SIX, new DrawRng(seedOf(i))).average?.factorBp ?? 0);
    expect([...seen].sort()).toEqual([9500, 9600, 9700, 9800]);
  });
  it("compares exactly: a difference below one fen still decides", () => {
    // 1000, 1001, 1003: sum 3004, count 3. × 99.91 % → 1000.4321…: 1000 is closer; × 99.92 % → 1000.5323…: 1001.
    const three = [bid("a", 1000), bid("b", 1001), bid("c", 1003)];
    const o = averagePrice(three, rng(), [9991]);
    expect(o.winnerBidId).toBe("a");
    expect(o.tieBreak).toBeNull();
    expect(o.ranking.map((r) => r.score)).toEqual([0, 1, 3]); // shown rounded; ranked exactly
    expect(averagePrice(three, rng(), [9992]).winnerBidId).toBe("b");
    // 1000 and 1001 around 1000.5 exactly: a true tie.
    expect(averagePrice([bid("a", 1000), bid("b", 1001)], rng(), [10000]).tieBreak?.groups).toHaveLength(1);
  });
  it("refuses bad factors", () => {
    expect(() => averagePrice(SIX, rng(), [])).toThrow(RangeError);
    expect(() => averagePrice(SIX, rng(), [95.5])).toThrow(RangeError);
  });
});

describe("creditPreferred (信用择优) and the owner's pick", () => {
  const sizes = { longListSize: 4, shortListSize: 2 };
  it("ranks by credit, then price, cuts the long list and draws the short list by credit (golden)", () => {
    const o = creditPreferred(SIX, rng(), sizes);
    expect(o.ranking.map((r) => r.bidId)).toEqual(["b1", "b3", "b2", "b4", "b5", "b6"]); // b3 before b2: same credit, lower price
    expect(o.shortList).toEqual({
      longListSize: 4,
      shortListSize: 2,
      longListBidIds: ["b1", "b3", "b2", "b4"],
      shortListBidIds: ["b1", "b4"],
      weights: { b1: 9500, b3: 9000, b2: 9000, b4: 8500 },
    });
    expect(o.winnerBidId).toBeNull();
    expect(o.ownerPick).toBeNull();
    expect(o.ranking.find((r) => r.bidId === "b4")?.notes).toEqual(["longList", "shortList"]);
    expect(o.ranking.find((r) => r.bidId === "b5")?.notes).toBeUndefined();
    expectReplayable(o, SIX);
  });
  it("always draws the short list from the long list", () => {
    for (let i = 0; i < 30; i++) {
      const o = creditPreferred(SIX, new DrawRng(seedOf(i)), sizes);
      expect(o.shortList?.shortListBidIds).toHaveLength(2);
      for (const id of o.shortList?.shortListBidIds ?? []) expect(o.shortList?.longListBidIds).toContain(id);
    }
  });
  it("draws ties of credit and price", () => {
    const o = creditPreferred([bid("a", 100, 90), bid("b", 100, 90), bid("c", 100, 50)], rng(), { longListSize: 1, shortListSize: 1 });
    expect(o.tieBreak?.groups).toEqual([{ rank: 1, bidIds: o.ranking.slice(0, 2).map((r) => r.bidId) }]);
    expect(o.shortList?.longListBidIds).toEqual([o.ranking[0]?.bidId]);
  });
  it("takes everyone when there are fewer bids than places", () => {
    const o = creditPreferred(SIX.slice(0, 2), rng(), { longListSize: 5, shortListSize: 3 });
    expect(o.shortList?.longListBidIds).toHaveLength(2);
    expect(o.shortList?.shortListBidIds).toHaveLength(2);
  });
  it("refuses sizes that make no sense", () => {
    expect(() => creditPreferred(SIX, rng(), { longListSize: 2, shortListSize: 3 })).toThrow(RangeError);
    expect(() => creditPreferred(SIX, rng(), { longListSize: 2, shortListSize: 0 })).toThrow(RangeError);
  });
  it("lets the owner pick from the short list, with a reason", () => {
    const o = creditPreferred(SIX, rng(), sizes);
    const picked = ownerPick(o, "b4", "  报价更低，服务承诺时限更短  ");
    expect(picked.winnerBidId).toBe("b4");
    expect(picked.winnerAgencyId).toBe("ag-b4");
    expect(picked.ownerPick).toEqual({ bidId: "b4", reason: "报价更低，服务承诺时限更短" });
    expect(picked.ranking).toEqual(o.ranking);
    expect(o.winnerBidId).toBeNull(); // the short-listed outcome is not changed
  });
  it("refuses a pick outside the short list, without a reason, or twice", () => {
    const o = creditPreferred(SIX, rng(), sizes);
    expect(domainCode(() => ownerPick(o, "b3", "在长名单上"))).toBe("not_in_short_list");
    expect(domainCode(() => ownerPick(o, "nobody", "理由"))).toBe("not_in_short_list");
    expect(domainCode(() => ownerPick(o, "b1", ""))).toBe("reason_required");
    expect(domainCode(() => ownerPick(o, "b1", "   "))).toBe("reason_required");
    expect(domainCode(() => ownerPick(o, "b1", "长".repeat(501)))).toBe("reason_too_long");
    expect(domainCode(() => ownerPick(ownerPick(o, "b1", "理由"), "b4", "改选"))).toBe("already_picked");
    expect(() => ownerPick(lowestPrice(SIX, rng()), "b1", "理由")).toThrow(TypeError);
  });
});

describe("scored (综合评分)", () => {
  const bids = [bid("a", 100000, 90), bid("b", 80000, 70), bid("c", 120000, 100)];
  const technical = { a: [80, 90], b: [70, 75, 80], c: [90, 95] };
  const weights = { pricePct: 30, technicalPct: 50, creditPct: 20 };
  it("adds price, technical and credit parts in millipoints; highest total wins", () => {
    const o = scored(bids, weights, rng(), technical);
    expect(o.ranking.map((r) => [r.bidId, r.score, r.parts])).toEqual([
      // price 80000/120000 × 30 = 20; technical 92.5 × 50 % = 46.25; credit 100 × 20 % = 20
      ["c", 86250, { priceMilli: 20000, technicalMilli: 46250, creditMilli: 20000 }],
      ["a", 84500, { priceMilli: 24000, technicalMilli: 42500, creditMilli: 18000 }],
      ["b", 81500, { priceMilli: 30000, technicalMilli: 37500, creditMilli: 14000 }],
    ]);
    expect(o.winnerBidId).toBe("c");
    expect(o.weights).toEqual(weights);
    expectReplayable(o, bids);
  });
  it("rounds each part half up to a millipoint", () => {
    // price 100000/300000 × 10 = 3.3333… → 3333; technical (70.01 + 70.02)/2 = 70.015 × 45 % = 31.50675 → 31507;
    // credit 88.89 × 45 % = 40.0005 → 40001 (half up)
    const o = scored([bid("p", 100000, 100), bid("q", 300000, 88.89)], { pricePct: 10, technicalPct: 45, creditPct: 45 }, rng(), {
      p: [100],
      q: [70.01, 70.02],
    });
    expect(o.ranking.find((r) => r.bidId === "q")?.parts).toEqual({ priceMilli: 3333, technicalMilli: 31507, creditMilli: 40001 });
  });
  it("uses the bid's own technical score when no evaluators' scores are given", () => {
    const o = scored([bid("a", 100, 50, 60), bid("b", 100, 50, 80)], { pricePct: 0, technicalPct: 100, creditPct: 0 }, rng());
    expect(o.winnerBidId).toBe("b");
    expect(o.ranking[0]?.score).toBe(80000);
  });
  it("draws equal totals", () => {
    const twins = [bid("a", 100, 80), bid("b", 100, 80)];
    const o = scored(twins, { pricePct: 60, technicalPct: 0, creditPct: 40 }, rng());
    expect(o.tieBreak?.groups).toEqual([{ rank: 1, bidIds: o.ranking.map((r) => r.bidId) }]);
    const winners = new Set<string>();
    for (let i = 0; i < 40; i++)
      winners.add(scored(twins, { pricePct: 60, technicalPct: 0, creditPct: 40 }, new DrawRng(seedOf(i))).winnerBidId ?? "");
    expect(winners.size).toBe(2);
  });
  it("refuses weights that do not sum to 100", () => {
    expect(domainCode(() => scored(bids, { pricePct: 30, technicalPct: 50, creditPct: 19 }, rng(), technical))).toBe("weights_sum");
    expect(domainCode(() => scored(bids, { pricePct: 30, technicalPct: 51, creditPct: 20 }, rng(), technical))).toBe("weights_sum");
    expect(domainCode(() => scored(bids, { pricePct: 110, technicalPct: -10, creditPct: 0 }, rng(), technical))).toBe("weights_sum");
    expect(domainCode(() => scored(bids, { pricePct: 30.5, technicalPct: 49.5, creditPct: 20 }, rng(), technical))).toBe("weights_sum");
  });
  it("refuses missing or out-of-range technical scores when technical counts", () => {
    expect(domainCode(() => scored(bids, weights, rng(), { a: [80], b: [70] }))).toBe("technical_missing");
    expect(domainCode(() => scored(bids, weights, rng(), { ...technical, c: [] }))).toBe("technical_missing");
    expect(domainCode(() => scored(bids, weights, rng(), { ...technical, c: [101] }))).toBe("technical_range");
    expect(scored(bids, { pricePct: 80, technicalPct: 0, creditPct: 20 }, rng()).winnerBidId).toBe("b");
  });
});

describe("direct (直接选取)", () => {
  it("records the pick and the list the owner was shown", () => {
    const o = direct({ shownAgencyIds: ["ag-b1", "ag-b2", "ag-b3"], chosenAgencyId: "ag-b2", reason: " 熟悉本区域 " });
    expect(o).toMatchObject({
      method: "direct",
      seed: null,
      winnerAgencyId: "ag-b2",
      winnerBidId: null,
      failed: null,
      direct: { shownAgencyIds: ["ag-b1", "ag-b2", "ag-b3"], chosenAgencyId: "ag-b2", reason: "熟悉本区域" },
    });
    const withBids = direct({ shownAgencyIds: ["ag-b1", "ag-b2"], chosenAgencyId: "ag-b2", bids: SIX });
    expect(withBids.winnerBidId).toBe("b2");
    expect(withBids.direct?.reason).toBeNull();
  });
  it("refuses an agency outside the list shown", () => {
    expect(domainCode(() => direct({ shownAgencyIds: ["ag-b1", "ag-b2"], chosenAgencyId: "ag-b9" }))).toBe("not_shown");
    expect(domainCode(() => direct({ shownAgencyIds: [], chosenAgencyId: "ag-b1" }))).toBe("not_shown");
  });
});

describe("abnormally low prices", () => {
  const others = [{ priceFen: 100 }, { priceFen: 100 }, { priceFen: 100 }];
  it("flags a price more than the threshold below the others' average", () => {
    expect(isAbnormallyLow(80, others, 20)).toBe(false); // exactly 20 % below
    expect(isAbnormallyLow(79, others, 20)).toBe(true);
  });
  it("compares exactly with averages that are not whole fen", () => {
    // others' average 99.5; 20 % below is 79.6
    expect(isAbnormallyLow(80, [{ priceFen: 99 }, { priceFen: 100 }], 20)).toBe(false);
    expect(isAbnormallyLow(79, [{ priceFen: 99 }, { priceFen: 100 }], 20)).toBe(true);
  });
  it("flags nothing without other bids and refuses odd thresholds", () => {
    expect(isAbnormallyLow(1, [], 20)).toBe(false);
    expect(() => isAbnormallyLow(1, others, 101)).toThrow(RangeError);
    expect(() => isAbnormallyLow(1, others, 12.5)).toThrow(RangeError);
  });
  it("tests every bid against the others", () => {
    const bids = [
      { id: "c", priceFen: 100000 },
      { id: "a", priceFen: 60000 },
      { id: "b", priceFen: 98000 },
      { id: "d", priceFen: 102000 },
    ];
    expect(abnormallyLowBidIds(bids, 30)).toEqual(["a"]);
    expect(abnormallyLowBidIds(bids, 50)).toEqual([]);
  });
});

describe("a ranking's score as the page shows it", () => {
  it("reads in the method's unit: points, a distance in money, a credit score; none where the price decides", async () => {
    const { scoreShown } = await import("~/modules/procurement/ranking-display");
    expect(scoreShown("scored", 87_500)).toEqual({ kind: "points", points: 87.5 });
    expect(scoreShown("averagePrice", 3_760)).toEqual({ kind: "distance", fen: 3_760 });
    expect(scoreShown("creditPreferred", 92.5)).toEqual({ kind: "credit", score: 92.5 });
    expect(scoreShown("lowestPrice", undefined)).toBeNull();
    expect(scoreShown("randomDraw", 5)).toBeNull();
  });
});
