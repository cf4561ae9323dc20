import { describe, expect, it } from "vitest";
import { evaluateFlags, FLAG_CODES, FLAGS, flagDefinition, hhi, quartiles, type FlagCode } from "~/modules/oversight/flags.rules";
import {
  agency,
  awardedTo,
  beforeDeadline,
  DEADLINE,
  MINUTE,
  bid,
  dataset,
  day,
  direct,
  expectSilenced,
  hitsOf,
  oneHit,
  project,
  tender,
} from "./fixtures";

const ALL_CODES: FlagCode[] = [
  "R003",
  "R018",
  "R024",
  "R025",
  "R028",
  "R030",
  "R035",
  "R036",
  "R038",
  "R044",
  "R058",
  "designation",
  "overcharge",
  "cancelledAfterAward",
  "abnormallyLowBid",
  "drawDelayed",
  "overdue",
  "concentration",
  "rotation",
  "splitting",
];

describe("quartiles (linear interpolation)", () => {
  it("interpolates between neighbours as spreadsheets do", () => {
    expect(quartiles([1, 2, 3, 4])).toEqual({ q1: 1.75, q3: 3.25, iqr: 1.5 });
    expect(quartiles([1, 2, 3, 4, 5])).toEqual({ q1: 2, q3: 4, iqr: 2 });
    expect(quartiles([1, 1, 1, 6])).toEqual({ q1: 1, q3: 2.25, iqr: 1.25 });
  });
  it("sorts its input without changing it", () => {
    const v = [4, 1, 3, 2];
    expect(quartiles(v)).toEqual({ q1: 1.75, q3: 3.25, iqr: 1.5 });
    expect(v).toEqual([4, 1, 3, 2]);
  });
  it("handles one value and equal values (iqr 0)", () => {
    expect(quartiles([7])).toEqual({ q1: 7, q3: 7, iqr: 0 });
    expect(quartiles([5, 5, 5])).toEqual({ q1: 5, q3: 5, iqr: 0 });
  });
});

describe("hhi", () => {
  it("is 10,000 for one firm, 5,000 for two equal ones and 0 for nothing", () => {
    expect(hhi([123])).toBe(10000);
    expect(hhi([50, 50])).toBe(5000);
    expect(hhi([])).toBe(0);
    expect(hhi([0, 0])).toBe(0);
  });
  it("sums squared percentage shares, rounded", () => {
    expect(hhi([25, 25, 25, 25])).toBe(2500);
    expect(hhi([60, 20, 20])).toBe(4400);
    expect(hhi([1, 2])).toBe(Math.round((100 / 3) ** 2 + (200 / 3) ** 2)); // 5556
    expect(hhi([1, 2])).toBe(5556);
  });
});

describe("the flag catalogue", () => {
  it("has every flag once, in order, with its level and defaults", () => {
    expect(FLAG_CODES).toEqual(ALL_CODES);
    expect(new Set(FLAG_CODES).size).toBe(FLAGS.length);
    const levels = Object.fromEntries(FLAGS.map((f) => [f.code, f.level]));
    expect(levels).toEqual({
      R003: "project",
      R018: "project",
      R024: "project",
      R025: "agency",
      R028: "project",
      R030: "project",
      R035: "project",
      R036: "project",
      R038: "project",
      R044: "project",
      R058: "project",
      designation: "owner",
      overcharge: "project",
      cancelledAfterAward: "project",
      abnormallyLowBid: "project",
      drawDelayed: "project",
      overdue: "project",
      concentration: "market",
      rotation: "agency",
      splitting: "owner",
    });
    expect(flagDefinition("R003")?.defaults).toEqual({ minDays: 7 });
    expect(flagDefinition("R025")?.defaults).toEqual({ iqrMultiplier: 1.5, minLosses: 5 });
    expect(flagDefinition("concentration")?.defaults).toEqual({ hhi: 2500, minAwards: 5 });
    expect(flagDefinition("splitting")?.defaults).toEqual({ count: 3, days: 30, pct: 90 });
  });
  it("finds a definition by code and nothing for an unknown one", () => {
    for (const code of ALL_CODES) expect(flagDefinition(code)?.code).toBe(code);
    expect(flagDefinition("R999")).toBeUndefined();
    expect(flagDefinition("")).toBeUndefined();
  });
  it("finds nothing in an empty dataset or a clean, well-run project", () => {
    expect(evaluateFlags(dataset([]))).toEqual([]);
    const clean = tender("p1", [bid("b1", "A", 900_000), bid("b2", "B", 950_000), bid("b3", "C", 990_000)], "b1", {
      contract: { amountFen: 900_000, dueOn: "2026-07-01", status: "signed", lateWorkdays: null },
    });
    expect(evaluateFlags(dataset([clean], [agency("A"), agency("B"), agency("C")]))).toEqual([]);
  });
});

describe("a project hit's value at stake", () => {
  it("is the contract amount, else the award price, else the ceiling", () => {
    const short = { publishedAt: day(0), bidDeadline: day(2) };
    const withContract = tender("p1", [bid("b1", "A", 800_000)], "b1", {
      ...short,
      contract: { amountFen: 820_000, dueOn: "2026-07-01", status: "signed", lateWorkdays: null },
    });
    const awardOnly = tender("p2", [bid("b2", "A", 700_000)], "b2", short);
    const open = project("p3", { ...short, status: "bidding", ceilingFen: 600_000 });
    const noCeiling = project("p4", { ...short, status: "bidding", ceilingFen: null });
    const hits = hitsOf(dataset([withContract, awardOnly, open, noCeiling]), "R003");
    expect(hits.map((h) => [h.subjectId, h.valueFen])).toEqual([
      ["p1", 820_000],
      ["p2", 700_000],
      ["p3", 600_000],
      ["p4", 0],
    ]);
  });
});

describe("R003 short submission period", () => {
  const p = (days: number, over = {}) => project("p1", { status: "bidding", publishedAt: day(0), bidDeadline: day(days), ...over });

  it("hits a competitive project with fewer than 7 days to bid", () => {
    const h = oneHit(dataset([p(5.5)]), "R003");
    expect(h).toMatchObject({
      flag: "R003",
      subjectType: "project",
      subjectId: "p1",
      projectIds: ["p1"],
      agencyIds: [],
      valueFen: 1_000_000,
    });
    expect(h.facts).toEqual({ days: 5.5, minDays: 7 });
  });
  it("names the winner once the project is awarded", () => {
    const x = tender("p1", [bid("b1", "A", 900_000)], "b1", { publishedAt: day(0), bidDeadline: day(3) });
    expect(oneHit(dataset([x]), "R003").agencyIds).toEqual(["A"]);
  });
  it("does not hit exactly 7 days (near miss) or more", () => {
    expect(hitsOf(dataset([p(7)]), "R003")).toEqual([]);
    expect(hitsOf(dataset([p(10)]), "R003")).toEqual([]);
    expect(oneHit(dataset([p(7 - 1 / 24)]), "R003").facts.days).toBe(7); // 6.96 days, rounded to one decimal
  });
  it("ignores direct selection and projects without publication or deadline", () => {
    expect(hitsOf(dataset([p(2, { method: "direct" })]), "R003")).toEqual([]);
    expect(hitsOf(dataset([p(2, { publishedAt: null })]), "R003")).toEqual([]);
    expect(hitsOf(dataset([p(2, { bidDeadline: null })]), "R003")).toEqual([]);
    for (const method of ["randomDraw", "lowestPrice", "averagePrice", "creditPreferred", "scored"]) {
      expect(hitsOf(dataset([p(2, { method })]), "R003"), method).toHaveLength(1);
    }
  });
  it("follows a custom minDays and can be switched off", () => {
    const ds = dataset([p(7)]);
    expect(oneHit(ds, "R003", { minDays: 8 }).facts).toEqual({ days: 7, minDays: 8 });
    expect(hitsOf(dataset([p(5.5)]), "R003", { minDays: 5 })).toEqual([]);
    expectSilenced(dataset([p(2)]), "R003");
  });
});

describe("R018 single bid", () => {
  it("hits a competitive opened project with one bid; withdrawn and voided bids do not count", () => {
    const x = tender(
      "p1",
      [bid("b1", "A", 900_000), bid("b2", "B", 800_000, { status: "withdrawn" }), bid("b3", "C", 850_000, { status: "voided" })],
      "b1",
    );
    const h = oneHit(dataset([x]), "R018");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p1", projectIds: ["p1"], agencyIds: ["A"], valueFen: 900_000 });
    expect(h.facts).toEqual({ bids: 1, maxBids: 1 });
  });
  it("counts a single invalid bid as the one bid received", () => {
    const x = tender("p1", [bid("b1", "A", 900_000, { status: "invalid" })], null, { status: "failed" });
    expect(oneHit(dataset([x]), "R018")).toMatchObject({ agencyIds: [], facts: { bids: 1, maxBids: 1 } });
  });
  it("does not hit two bids (one invalid), no bids, an unopened project or direct selection", () => {
    const two = tender("p1", [bid("b1", "A", 900_000), bid("b2", "B", 800_000, { status: "invalid" })], "b1");
    expect(hitsOf(dataset([two]), "R018")).toEqual([]);
    expect(hitsOf(dataset([project("p2", { status: "failed" })]), "R018")).toEqual([]);
    for (const status of ["draft", "published", "bidding"]) {
      expect(hitsOf(dataset([project("p3", { status, bids: [bid("b3", "A", 1)] })]), "R018"), status).toEqual([]);
    }
    expect(hitsOf(dataset([project("p4", { bidDeadline: null, bids: [bid("b4", "A", 1)] })]), "R018")).toEqual([]);
    expect(hitsOf(dataset([tender("p5", [bid("b5", "A", 1)], "b5", { method: "direct" })]), "R018")).toEqual([]);
  });
  it("follows a custom maxBids", () => {
    const two = tender("p1", [bid("b1", "A", 900_000), bid("b2", "B", 950_000)], "b1");
    expect(oneHit(dataset([two]), "R018", { maxBids: 2 }).facts).toEqual({ bids: 2, maxBids: 2 });
    expectSilenced(dataset([tender("p2", [bid("b3", "A", 1)], "b3")]), "R018");
  });
});

describe("R024 runner-up close to the winning price", () => {
  const x = (next: number, extra: ReturnType<typeof bid>[] = []) =>
    tender("p1", [bid("w", "A", 100_000), bid("n", "B", next), bid("c", "C", 120_000), ...extra], "w");

  it("hits a runner-up within 0.5 % above the winner", () => {
    const h = oneHit(dataset([x(100_400)]), "R024");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p1", projectIds: ["p1"], agencyIds: ["A"], valueFen: 100_000 });
    expect(h.facts).toEqual({ gapPct: 0.4, pct: 0.5, winFen: 100_000, nextFen: 100_400 });
  });
  it("hits exactly 0.5 % and an equal price, not just above (near miss)", () => {
    expect(oneHit(dataset([x(100_500)]), "R024").facts.gapPct).toBe(0.5);
    expect(oneHit(dataset([x(100_000)]), "R024").facts.gapPct).toBe(0);
    expect(hitsOf(dataset([x(100_501)]), "R024")).toEqual([]);
  });
  it("reads only valid bids: a withdrawn or invalid closer bid is ignored", () => {
    expect(hitsOf(dataset([x(110_000, [bid("wd", "D", 100_100, { status: "withdrawn" })])]), "R024")).toEqual([]);
    expect(hitsOf(dataset([x(110_000, [bid("iv", "D", 100_100, { status: "invalid" })])]), "R024")).toEqual([]);
    expect(oneHit(dataset([x(100_300, [bid("wd", "D", 100_100, { status: "withdrawn" })])]), "R024").facts.nextFen).toBe(100_300);
  });
  it("ignores cheaper losing bids (a scored award) and needs two valid bids and a winning bid", () => {
    const scored = tender("p1", [bid("w", "A", 100_000), bid("n", "B", 99_000), bid("c", "C", 130_000)], "w", { method: "scored" });
    expect(hitsOf(dataset([scored]), "R024")).toEqual([]);
    const onlyCheaper = tender("p1", [bid("w", "A", 100_000), bid("n", "B", 99_900)], "w");
    expect(hitsOf(dataset([onlyCheaper]), "R024")).toEqual([]);
    expect(hitsOf(dataset([tender("p1", [bid("w", "A", 100_000), bid("n", "B", 100_100, { status: "invalid" })], "w")]), "R024")).toEqual(
      [],
    );
    expect(hitsOf(dataset([awardedTo("p1", "A", 100_000, { bids: [bid("n", "B", 100_100), bid("m", "C", 100_200)] })]), "R024")).toEqual(
      [],
    );
  });
  it("follows a custom pct", () => {
    expect(oneHit(dataset([x(100_800)]), "R024", { pct: 1 }).facts).toMatchObject({ gapPct: 0.8, pct: 1 });
    expect(hitsOf(dataset([x(100_400)]), "R024", { pct: 0.3 })).toEqual([]);
    expectSilenced(dataset([x(100_400)]), "R024");
  });
});

describe("R025 excessive unsuccessful bids", () => {
  /** Six projects won by W; E loses `eLosses` of them; B, C and D lose one each. */
  const market = (eLosses: number, eStatus = "submitted") =>
    dataset(
      Array.from({ length: 6 }, (_, i) => {
        const bids = [bid(`w${i}`, "W", 100_000)];
        if (i < eLosses) bids.push(bid(`e${i}`, "E", 110_000, { status: i < 4 ? "submitted" : eStatus }));
        if (i < 3) bids.push(bid(`o${i}`, ["B", "C", "D"][i]!, 120_000));
        return tender(`p${i + 1}`, bids, `w${i}`);
      }),
    );

  it("hits a bidder whose losses lie above the upper fence (losses [1,1,1,6]: fence 2.25 + 1.5·1.25)", () => {
    const h = oneHit(market(6), "R025");
    expect(h).toEqual({
      flag: "R025",
      subjectType: "agency",
      subjectId: "E",
      projectIds: ["p1", "p2", "p3", "p4", "p5", "p6"],
      agencyIds: ["E"],
      valueFen: 0,
      facts: { losses: 6, fence: 4.1, minLosses: 5 },
    });
  });
  it("does not hit below minLosses even above the fence (near miss), unless minLosses is lowered", () => {
    expect(hitsOf(market(4), "R025")).toEqual([]); // [1,1,1,4]: fence 2.875, but 4 < 5
    expect(oneHit(market(4), "R025", { minLosses: 4 }).facts).toEqual({ losses: 4, fence: 2.9, minLosses: 4 });
  });
  it("does not hit at or below the fence", () => {
    // Losses [5,5,6,6] for B, C, D, E: q1 5, q3 6, fence 7.5.
    const even = dataset(
      Array.from({ length: 6 }, (_, i) =>
        tender(
          `p${i}`,
          [
            bid(`w${i}`, "W", 1),
            ...(i < 5 ? [bid(`b${i}`, "B", 2), bid(`c${i}`, "C", 2)] : []),
            bid(`d${i}`, "D", 2),
            bid(`e${i}`, "E", 2),
          ],
          `w${i}`,
        ),
      ),
    );
    expect(hitsOf(even, "R025")).toEqual([]);
    expect(hitsOf(market(6), "R025", { iqrMultiplier: 3 })).toEqual([]); // fence 2.25 + 3·1.25 = 6, and 6 is not above it
    expect(oneHit(market(6), "R025", { iqrMultiplier: 2.9 }).facts.fence).toBe(5.9); // 5.875
  });
  it("counts invalid losing bids but not withdrawn ones", () => {
    expect(oneHit(market(6, "invalid"), "R025").facts.losses).toBe(6);
    expect(hitsOf(market(6, "withdrawn"), "R025")).toEqual([]);
  });
  it("needs at least four losing bidders and ignores projects without an award", () => {
    const three = dataset(
      Array.from({ length: 6 }, (_, i) =>
        tender(`p${i}`, [bid(`w${i}`, "W", 1), bid(`e${i}`, "E", 2), ...(i < 2 ? [bid(`o${i}`, ["B", "C"][i]!, 3)] : [])], `w${i}`),
      ),
    );
    expect(hitsOf(three, "R025", { minLosses: 1 })).toEqual([]);
    const unawarded = market(6);
    unawarded.projects = unawarded.projects.map((p) => ({ ...p, award: null }));
    expect(hitsOf(unawarded, "R025")).toEqual([]);
    expectSilenced(market(6), "R025");
  });
});

describe("R028 identical bid prices", () => {
  const x = (bPrice: number, bStatus = "submitted", over = {}) =>
    tender("p1", [bid("a", "A", 100_000), bid("b", "B", bPrice, { status: bStatus }), bid("c", "C", 90_000)], "c", over);

  it("hits two bids at exactly the same price, naming those bidders", () => {
    const h = oneHit(dataset([x(100_000)]), "R028");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p1", projectIds: ["p1"], agencyIds: ["A", "B"], valueFen: 90_000 });
    expect(h.facts).toEqual({ priceFen: 100_000, bidders: 2, minSame: 2 });
  });
  it("does not hit prices one fen apart (near miss)", () => {
    expect(hitsOf(dataset([x(100_001)]), "R028")).toEqual([]);
  });
  it("counts an invalid bid, not a withdrawn or voided one", () => {
    expect(oneHit(dataset([x(100_000, "invalid")]), "R028").agencyIds).toEqual(["A", "B"]);
    expect(hitsOf(dataset([x(100_000, "withdrawn")]), "R028")).toEqual([]);
    expect(hitsOf(dataset([x(100_000, "voided")]), "R028")).toEqual([]);
  });
  it("reads only opened projects", () => {
    expect(hitsOf(dataset([x(100_000, "submitted", { status: "bidding" })]), "R028")).toEqual([]);
  });
  it("follows a custom minSame", () => {
    expect(hitsOf(dataset([x(100_000)]), "R028", { minSame: 3 })).toEqual([]);
    const three = tender("p1", [bid("a", "A", 5), bid("b", "B", 5), bid("c", "C", 5)], "a");
    expect(oneHit(dataset([three]), "R028", { minSame: 3 })).toMatchObject({
      agencyIds: ["A", "B", "C"],
      facts: { priceFen: 5, bidders: 3, minSame: 3 },
    });
    expectSilenced(dataset([x(100_000)]), "R028");
  });
});

describe("R030 last-minute winning bid", () => {
  const x = (winnerMinutesBefore: number, others: ReturnType<typeof bid>[] = [bid("b", "B", 110_000, { updatedAt: beforeDeadline(60) })]) =>
    tender("p1", [bid("w", "A", 100_000, { updatedAt: beforeDeadline(winnerMinutesBefore) }), ...others], "w");

  it("hits a winning bid revised 8 minutes before the deadline after the others", () => {
    const h = oneHit(dataset([x(8)]), "R030");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p1", projectIds: ["p1"], agencyIds: ["A"], valueFen: 100_000 });
    expect(h.facts).toEqual({ minutesBefore: 8, minutes: 10 });
  });
  it("hits exactly 10 minutes, not 10.5 (near miss)", () => {
    expect(oneHit(dataset([x(10)]), "R030").facts.minutesBefore).toBe(10);
    expect(hitsOf(dataset([x(10.5)]), "R030")).toEqual([]);
  });
  it("does not hit when another bid came in later than the winner's", () => {
    expect(
      hitsOf(
        dataset([
          x(8, [bid("b", "B", 110_000, { updatedAt: beforeDeadline(60) }), bid("c", "C", 120_000, { updatedAt: beforeDeadline(5) })]),
        ]),
        "R030",
      ),
    ).toEqual([]);
    expect(hitsOf(dataset([x(8, [bid("b", "B", 110_000, { updatedAt: beforeDeadline(8) })])]), "R030")).toEqual([]); // same instant is not "after"
  });
  it("needs two valid bids, a winning bid and a deadline", () => {
    expect(hitsOf(dataset([x(8, [bid("b", "B", 110_000, { updatedAt: beforeDeadline(60), status: "invalid" })])]), "R030")).toEqual([]);
    expect(hitsOf(dataset([x(8, [])]), "R030")).toEqual([]);
    const noBidId = x(8);
    noBidId.award = { ...noBidId.award!, bidId: null };
    expect(hitsOf(dataset([noBidId]), "R030")).toEqual([]);
    expect(hitsOf(dataset([{ ...x(8), bidDeadline: null }]), "R030")).toEqual([]);
  });
  it("follows a custom minutes", () => {
    expect(oneHit(dataset([x(11)]), "R030", { minutes: 15 }).facts).toEqual({ minutesBefore: 11, minutes: 15 });
    expect(hitsOf(dataset([x(8)]), "R030", { minutes: 5 })).toEqual([]);
    expectSilenced(dataset([x(8)]), "R030");
  });
  it("ignores a withdrawn bid whose withdrawal came after the winner's last revision", () => {
    const withdrawn = bid("c", "C", 120_000, { status: "withdrawn", updatedAt: beforeDeadline(2) });
    expect(
      oneHit(dataset([x(8, [bid("b", "B", 110_000, { updatedAt: beforeDeadline(60) }), withdrawn])]), "R030").facts.minutesBefore,
    ).toBe(8);
  });
  it("still hits when another bid was marked invalid at the opening (its submission time counts, not the marking)", () => {
    const invalid = bid("c", "C", 120_000, {
      status: "invalid",
      submittedAt: beforeDeadline(90),
      updatedAt: new Date(DEADLINE.getTime() + MINUTE),
    });
    expect(oneHit(dataset([x(8, [bid("b", "B", 110_000, { updatedAt: beforeDeadline(60) }), invalid])]), "R030").facts.minutesBefore).toBe(
      8,
    );
  });
});

describe("R035 all but the winning bid disqualified", () => {
  const x = (cStatus: string) =>
    tender("p1", [bid("w", "A", 100_000), bid("b", "B", 90_000, { status: "invalid" }), bid("c", "C", 95_000, { status: cStatus })], "w");

  it("hits when every other bid was invalid", () => {
    const h = oneHit(dataset([x("invalid")]), "R035");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p1", projectIds: ["p1"], agencyIds: ["A"], valueFen: 100_000 });
    expect(h.facts).toEqual({ disqualified: 2, bids: 3 });
  });
  it("does not hit when one other bid stayed valid (near miss)", () => {
    expect(hitsOf(dataset([x("submitted")]), "R035")).toEqual([]);
  });
  it("ignores a withdrawn other bid", () => {
    expect(oneHit(dataset([x("withdrawn")]), "R035").facts).toEqual({ disqualified: 1, bids: 2 });
  });
  it("needs minBids bids and a winning bid", () => {
    expect(hitsOf(dataset([tender("p1", [bid("w", "A", 1)], "w")]), "R035")).toEqual([]);
    expect(hitsOf(dataset([x("invalid")]), "R035", { minBids: 4 })).toEqual([]);
    const noBidId = x("invalid");
    noBidId.award = { ...noBidId.award!, bidId: null };
    expect(hitsOf(dataset([noBidId]), "R035")).toEqual([]);
    expectSilenced(dataset([x("invalid")]), "R035");
  });
});

describe("R036 lowest bid disqualified", () => {
  const x = (lowStatus: string, extra: ReturnType<typeof bid>[] = []) =>
    tender("p1", [bid("w", "A", 100_000), bid("low", "B", 90_000, { status: lowStatus }), bid("c", "C", 110_000), ...extra], "w");

  it("hits an invalid cheapest bid with a dearer winner, naming both", () => {
    const h = oneHit(dataset([x("invalid")]), "R036");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p1", projectIds: ["p1"], agencyIds: ["B", "A"], valueFen: 100_000 });
    expect(h.facts).toEqual({ lowestFen: 90_000, winFen: 100_000 });
  });
  it("does not hit a valid cheapest bid (near miss) nor a winner at the same price", () => {
    expect(hitsOf(dataset([x("submitted")]), "R036")).toEqual([]);
    const same = tender("p1", [bid("low", "B", 100_000, { status: "invalid" }), bid("w", "A", 100_000)], "w");
    expect(hitsOf(dataset([same]), "R036")).toEqual([]);
  });
  it("ignores a cheaper withdrawn bid", () => {
    expect(oneHit(dataset([x("invalid", [bid("wd", "D", 50_000, { status: "withdrawn" })])]), "R036").facts.lowestFen).toBe(90_000);
    expect(hitsOf(dataset([x("submitted", [bid("wd", "D", 50_000, { status: "withdrawn" })])]), "R036")).toEqual([]);
  });
  it("follows minBids", () => {
    expect(hitsOf(dataset([x("invalid")]), "R036", { minBids: 4 })).toEqual([]);
    expectSilenced(dataset([x("invalid")]), "R036");
  });
});

describe("R038 excessive disqualified bids", () => {
  const x = (statuses: string[], over = {}) =>
    tender(
      "p1",
      statuses.map((s, i) => bid(`b${i}`, `A${i}`, 100_000 + i, { status: s })),
      statuses.indexOf("submitted") >= 0 ? `b${statuses.indexOf("submitted")}` : null,
      over,
    );

  it("hits two invalid bids of three", () => {
    const h = oneHit(dataset([x(["submitted", "invalid", "invalid"])]), "R038");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p1", projectIds: ["p1"], agencyIds: ["A0"] });
    expect(h.facts).toEqual({ sharePct: 66.7, thresholdPct: 50, bids: 3 });
  });
  it("does not hit a share of exactly 50 % (strictly greater)", () => {
    expect(hitsOf(dataset([x(["submitted", "submitted", "invalid", "invalid"])]), "R038")).toEqual([]);
  });
  it("ignores withdrawn bids in the share", () => {
    expect(oneHit(dataset([x(["submitted", "invalid", "invalid", "withdrawn"])]), "R038").facts).toEqual({
      sharePct: 66.7,
      thresholdPct: 50,
      bids: 3,
    });
    expect(hitsOf(dataset([x(["submitted", "submitted", "invalid", "invalid", "withdrawn"])]), "R038")).toEqual([]);
  });
  it("needs minBids counted bids and an opened project", () => {
    const failed = x(["invalid", "invalid"], { status: "failed" });
    expect(hitsOf(dataset([failed]), "R038")).toEqual([]);
    expect(oneHit(dataset([failed]), "R038", { minBids: 2 })).toMatchObject({ agencyIds: [], facts: { sharePct: 100, bids: 2 } });
    expect(hitsOf(dataset([x(["submitted", "invalid", "invalid"], { status: "bidding" })]), "R038")).toEqual([]);
  });
  it("follows a custom share", () => {
    expect(hitsOf(dataset([x(["submitted", "invalid", "invalid"])]), "R038", { share: 0.7 })).toEqual([]);
    expect(oneHit(dataset([x(["submitted", "submitted", "invalid", "invalid"])]), "R038", { share: 0.4 }).facts).toEqual({
      sharePct: 50,
      thresholdPct: 40,
      bids: 4,
    });
    expectSilenced(dataset([x(["submitted", "invalid", "invalid"])]), "R038");
  });
  it("shows a custom share of 0.55 as thresholdPct 55", () => {
    expect(oneHit(dataset([x(["submitted", "invalid", "invalid"])]), "R038", { share: 0.55 }).facts.thresholdPct).toBe(55);
  });
});

describe("R044 business similarities between bidders", () => {
  const x = (cStatus = "submitted") =>
    tender("p1", [bid("a", "A", 100_000), bid("b", "B", 110_000), bid("c", "C", 120_000, { status: cStatus })], "a");

  it("hits two bidders sharing a phone written differently", () => {
    const ags = [agency("A", { phone: "025-8888 1234" }), agency("B", { phone: "13900000000" }), agency("C", { phone: "02588881234" })];
    const h = oneHit(dataset([x()], ags), "R044");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p1", projectIds: ["p1"], agencyIds: ["A", "C"], valueFen: 100_000 });
    expect(h.facts).toEqual({ shared: "phone", a: "机构A", b: "机构C" });
  });
  it("lists every shared field; full-width punctuation, spaces and case do not matter", () => {
    const ags = [
      agency("A", { address: "南京市 鼓楼区（中山路）1号", email: "Info@Example.cn", legalRep: "张三" }),
      agency("B", { address: "南京市鼓楼区(中山路)1号", email: "info@example.cn", legalRep: "张 三" }),
    ];
    const h = oneHit(dataset([tender("p1", [bid("a", "A", 1), bid("b", "B", 2)], "a")], ags), "R044");
    expect(h.facts.shared).toBe("address,email");
    // "张三" is only two characters: too short to count as a match.
    expect(h.agencyIds).toEqual(["A", "B"]);
  });
  it("does not hit different phones (near miss), short or empty values", () => {
    const ds = (a: string | null, c: string | null) => dataset([x()], [agency("A", { phone: a }), agency("B"), agency("C", { phone: c })]);
    expect(hitsOf(ds("025-8888 1234", "025-8888 1235"), "R044")).toEqual([]);
    expect(hitsOf(ds("12", "12"), "R044")).toEqual([]);
    expect(hitsOf(ds("1-2", "12"), "R044")).toEqual([]);
    expect(oneHit(ds("123", "1 2 3"), "R044").facts.shared).toBe("phone");
    expect(hitsOf(ds(null, null), "R044")).toEqual([]);
    expect(hitsOf(ds("", ""), "R044")).toEqual([]);
  });
  it("ignores a withdrawn bidder and bidders missing from the agencies map", () => {
    const ags = [agency("A", { phone: "025-8888 1234" }), agency("B"), agency("C", { phone: "02588881234" })];
    expect(hitsOf(dataset([x("withdrawn")], ags), "R044")).toEqual([]);
    expect(oneHit(dataset([x("invalid")], ags), "R044").agencyIds).toEqual(["A", "C"]);
    expect(hitsOf(dataset([x()], [agency("A", { phone: "025-8888 1234" })]), "R044")).toEqual([]);
  });
  it("follows a custom minShared", () => {
    const one = [agency("A", { phone: "025-8888 1234" }), agency("B"), agency("C", { phone: "02588881234" })];
    expect(hitsOf(dataset([x()], one), "R044", { minShared: 2 })).toEqual([]);
    const two = [
      agency("A", { phone: "025-8888 1234", legalRep: "张三丰" }),
      agency("B"),
      agency("C", { phone: "02588881234", legalRep: "张三丰" }),
    ];
    expect(oneHit(dataset([x()], two), "R044", { minShared: 2 }).facts.shared).toBe("phone,legalRep");
    expectSilenced(dataset([x()], one), "R044");
  });
});

describe("R058 heavily discounted bid", () => {
  const RATIOS = [0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.92];
  /** One award per ratio of the ceiling (1,000,000 fen), all for item 7, plus one at `low`. */
  const market = (low: number | null, ratios = RATIOS, item = 7) =>
    [...ratios, ...(low == null ? [] : [low])].map((r, i) =>
      awardedTo(`p${item}-${i}`, `A${i}`, Math.round(r * 1_000_000), { serviceItemId: item }),
    );

  it("hits an award below the lower fence of its item (q1 0.815 − 1.5·0.07 = 0.71)", () => {
    const h = oneHit(dataset(market(0.5)), "R058");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p7-7", projectIds: ["p7-7"], agencyIds: ["A7"], valueFen: 500_000 });
    expect(h.facts).toEqual({ ratioPct: 50, fencePct: 71, sample: 8 });
  });
  it("does not hit just above the fence (near miss)", () => {
    expect(hitsOf(dataset(market(0.72)), "R058")).toEqual([]);
  });
  it("needs minSample awards of the same item (near miss: seven)", () => {
    expect(hitsOf(dataset(market(0.5, RATIOS.slice(1))), "R058")).toEqual([]);
    // Another item's awards do not make up the sample.
    expect(hitsOf(dataset([...market(0.5, RATIOS.slice(1)), ...market(null, [0.5], 8)]), "R058")).toEqual([]);
    // Seven: [0.5, 0.82 … 0.92], q1 0.83, q3 0.89, fence 0.74.
    expect(oneHit(dataset(market(0.5, RATIOS.slice(1))), "R058", { minSample: 7 }).facts).toEqual({
      ratioPct: 50,
      fencePct: 74,
      sample: 7,
    });
  });
  it("ignores projects without an award or a ceiling", () => {
    const ds = dataset([...market(0.5, RATIOS.slice(1)), project("none"), awardedTo("noCeiling", "X", 1, { ceilingFen: null })]);
    expect(hitsOf(ds, "R058")).toEqual([]);
  });
  it("follows a custom iqrMultiplier", () => {
    const hits = hitsOf(dataset(market(0.5)), "R058", { iqrMultiplier: 0 }); // fence = q1 = 0.815
    expect(hits.map((h) => [h.subjectId, h.facts.ratioPct])).toEqual([
      ["p7-0", 80],
      ["p7-7", 50],
    ]);
    expect(hitsOf(dataset(market(0.5)), "R058", { iqrMultiplier: 5 })).toEqual([]);
    expectSilenced(dataset(market(0.5)), "R058");
  });
});

describe("designation (变相指定)", () => {
  const owner = (toA: number, others: number, ownerOrgId = "O1") => [
    ...Array.from({ length: toA }, (_, i) =>
      awardedTo(`${ownerOrgId}-a${i}`, "A", 100_000, { ownerOrgId, method: i === 0 ? "direct" : "lowestPrice" }),
    ),
    ...Array.from({ length: others }, (_, i) => awardedTo(`${ownerOrgId}-o${i}`, `X${i}`, 200_000, { ownerOrgId })),
  ];

  it("hits one agency taking 3 of an owner's 5 awards (60 %, inclusive)", () => {
    const h = oneHit(dataset(owner(3, 2)), "designation");
    expect(h).toEqual({
      flag: "designation",
      subjectType: "owner",
      subjectId: "O1",
      projectIds: ["O1-a0", "O1-a1", "O1-a2"],
      agencyIds: ["A"],
      valueFen: 300_000,
      facts: { sharePct: 60, awards: 5, toOne: 3, thresholdPct: 60, direct: 1, basis: "all" },
    });
  });
  it("does not hit a share just below the threshold (3 of 6 = 50 %; 3 of 5 with a 61 % threshold)", () => {
    expect(hitsOf(dataset(owner(3, 3)), "designation")).toEqual([]);
    expect(hitsOf(dataset(owner(3, 2)), "designation", { share: 0.61 })).toEqual([]);
    expect(oneHit(dataset(owner(3, 3)), "designation", { share: 0.5 }).facts.sharePct).toBe(50);
  });
  it("needs minAwards awards of the owner; other owners do not count", () => {
    expect(hitsOf(dataset(owner(3, 0)), "designation")).toEqual([]);
    expect(oneHit(dataset(owner(3, 0)), "designation", { minAwards: 3 }).facts).toMatchObject({ sharePct: 100, awards: 3, toOne: 3 });
    expect(hitsOf(dataset([...owner(3, 0, "O1"), ...owner(0, 2, "O2")]), "designation")).toEqual([]);
    expect(hitsOf(dataset([...owner(3, 0, "O1"), project("open", { ownerOrgId: "O1" })]), "designation")).toEqual([]);
  });
  it("values the hit by the chosen agency's contracts", () => {
    const ps = owner(3, 2);
    ps[1] = { ...ps[1]!, contract: { amountFen: 150_000, dueOn: "2026-07-01", status: "signed", lateWorkdays: null } };
    expect(oneHit(dataset(ps), "designation").valueFen).toBe(350_000);
    expectSilenced(dataset(owner(3, 2)), "designation");
  });
  it("hits an agency taking all of an owner's 4 direct picks though only 4 of its 10 awards", () => {
    const ps = [
      ...Array.from({ length: 4 }, (_, i) => awardedTo(`d${i}`, "A", 100_000, { ownerOrgId: "O1", method: "direct" })),
      ...Array.from({ length: 6 }, (_, i) => awardedTo(`c${i}`, `X${i}`, 100_000, { ownerOrgId: "O1" })),
    ];
    expect(oneHit(dataset(ps), "designation").facts).toMatchObject({ sharePct: 100, awards: 4, toOne: 4, direct: 4, basis: "direct" });
  });
  it("shows a custom share of 0.55 as thresholdPct 55", () => {
    expect(oneHit(dataset(owner(3, 2)), "designation", { share: 0.55 }).facts.thresholdPct).toBe(55);
  });
});

describe("cancelled after the award (中选后取消)", () => {
  it("hits a project cancelled after its award, naming the agency whose award ended and valued at that award", () => {
    const x = tender("p1", [bid("b", "A", 800_000)], null, {
      status: "cancelled",
      cancelledAfterAward: { ground: "fundingUnavailable", agencyId: "A", priceFen: 800_000 },
    });
    expect(oneHit(dataset([x]), "cancelledAfterAward")).toEqual({
      flag: "cancelledAfterAward",
      subjectType: "project",
      subjectId: "p1",
      projectIds: ["p1"],
      agencyIds: ["A"],
      valueFen: 800_000,
      facts: { ground: "@cancel.ground.fundingUnavailable" },
    });
  });
  it("does not hit a project cancelled before its award, or one not cancelled", () => {
    expect(
      hitsOf(dataset([tender("p1", [bid("b", "A", 1)], null, { status: "cancelled", cancelledAfterAward: null })]), "cancelledAfterAward"),
    ).toEqual([]);
    expect(hitsOf(dataset([awardedTo("p2", "A", 1)]), "cancelledAfterAward")).toEqual([]);
  });
});

describe("abnormally low bid (异常低价)", () => {
  // Ceiling ¥10,000 (1,000,000 fen); the policy: below 40 % of the ceiling, or 20 % below the others' mean.
  const policy = { abnormallyLow: { ceilingPct: 40, othersPct: 20 } };
  const withBids = (...prices: number[]) =>
    tender(
      "p1",
      prices.map((p, i) => bid(`b${i}`, `A${i}`, p)),
      null,
      policy,
    );
  it("hits a bid one fen below 40 % of the ceiling, not one at it", () => {
    // The others' mean keeps the second basis out of it: 400,000 vs 410,000 is within 20 %.
    expect(hitsOf(dataset([withBids(400_000, 410_000)]), "abnormallyLowBid")).toEqual([]);
    const h = oneHit(dataset([withBids(399_999, 410_000)]), "abnormallyLowBid");
    expect(h.agencyIds).toEqual(["A0"]);
    expect(h.facts).toEqual({ bids: 1, unjustified: 1, lowestPct: 40 });
  });
  it("hits a bid more than 20 % below the mean of the others, not one exactly 20 % below", () => {
    // Others' mean 900,000: 720,000 is exactly 20 % below (not abnormal), 719,999 is.
    expect(hitsOf(dataset([withBids(720_000, 900_000, 900_000)]), "abnormallyLowBid")).toEqual([]);
    expect(oneHit(dataset([withBids(719_999, 900_000, 900_000)]), "abnormallyLowBid").agencyIds).toEqual(["A0"]);
  });
  it("counts the justified ones apart, and is silent before the opening or without a policy", () => {
    const x = tender("p1", [bid("b0", "A0", 100_000, { justified: true }), bid("b1", "A1", 900_000)], null, policy);
    expect(oneHit(dataset([x]), "abnormallyLowBid").facts).toMatchObject({ bids: 1, unjustified: 0 });
    expect(hitsOf(dataset([{ ...x, status: "bidding" }]), "abnormallyLowBid")).toEqual([]);
    expect(hitsOf(dataset([{ ...x, abnormallyLow: null }]), "abnormallyLowBid")).toEqual([]);
  });
});

describe("delayed draw (抽取延迟)", () => {
  it("hits a draw moved to a later beacon round, and nothing else", () => {
    const x = tender("p1", [bid("b", "A", 800_000)], "b", { drawDelayed: { designatedRound: 1000, drawRound: 1003 } });
    expect(oneHit(dataset([x]), "drawDelayed").facts).toEqual({ designatedRound: 1000, drawRound: 1003 });
    expect(hitsOf(dataset([{ ...x, drawDelayed: null }]), "drawDelayed")).toEqual([]);
  });
});

describe("overcharge (超标准收费)", () => {
  it("hits a project with an overcharge, valued at its contract", () => {
    const x = tender("p1", [bid("b", "A", 800_000)], "b", {
      overcharge: true,
      contract: { amountFen: 880_000, dueOn: "2026-07-01", status: "signed", lateWorkdays: null },
    });
    const h = oneHit(dataset([x]), "overcharge");
    expect(h).toEqual({
      flag: "overcharge",
      subjectType: "project",
      subjectId: "p1",
      projectIds: ["p1"],
      agencyIds: ["A"],
      valueFen: 880_000,
      facts: { amountFen: 880_000 },
    });
  });
  it("does not hit without one, and can be switched off", () => {
    expect(hitsOf(dataset([awardedTo("p1", "A", 1)]), "overcharge")).toEqual([]);
    const x = awardedTo("p1", "A", 1, { overcharge: true });
    expect(oneHit(dataset([x]), "overcharge").facts).toEqual({ amountFen: 1 });
    expectSilenced(dataset([x]), "overcharge");
  });
});

describe("overdue (超期办结)", () => {
  const x = (status: string, dueOn: string, lateWorkdays: number | null = null) =>
    awardedTo("p1", "A", 500_000, { contract: { amountFen: 480_000, dueOn, status, lateWorkdays } });

  it("hits an open contract past its due date", () => {
    const h = oneHit(dataset([x("signed", "2026-06-14")]), "overdue");
    expect(h).toMatchObject({ subjectType: "project", subjectId: "p1", projectIds: ["p1"], agencyIds: ["A"], valueFen: 480_000 });
    expect(h.facts).toEqual({ dueOn: "2026-06-14", open: 1, lateWorkdays: 0 });
    expect(oneHit(dataset([x("delivered", "2026-05-01")]), "overdue").facts.open).toBe(1);
  });
  it("does not hit an open contract due today (near miss)", () => {
    expect(hitsOf(dataset([x("signed", "2026-06-15")]), "overdue")).toEqual([]);
    expect(hitsOf(dataset([x("delivered", "2026-06-16")]), "overdue")).toEqual([]);
  });
  it("hits a contract completed late, not one completed on time", () => {
    expect(oneHit(dataset([x("completed", "2026-05-01", 1)]), "overdue").facts).toEqual({ dueOn: "2026-05-01", open: 0, lateWorkdays: 1 });
    expect(hitsOf(dataset([x("completed", "2026-05-01", 0)]), "overdue")).toEqual([]);
    expect(hitsOf(dataset([x("completed", "2026-05-01", null)]), "overdue")).toEqual([]);
  });
  it("ignores other contract states and projects without a contract", () => {
    expect(hitsOf(dataset([x("terminated", "2026-05-01", 3)]), "overdue")).toEqual([]);
    expect(hitsOf(dataset([awardedTo("p2", "A", 1)]), "overdue")).toEqual([]);
  });
  it("follows a custom graceWorkdays (for completed contracts only)", () => {
    expect(hitsOf(dataset([x("completed", "2026-05-01", 2)]), "overdue", { graceWorkdays: 2 })).toEqual([]);
    expect(oneHit(dataset([x("completed", "2026-05-01", 3)]), "overdue", { graceWorkdays: 2 }).facts.lateWorkdays).toBe(3);
    expect(oneHit(dataset([x("signed", "2026-06-14")]), "overdue", { graceWorkdays: 5 }).facts.open).toBe(1);
    expectSilenced(dataset([x("signed", "2026-06-14")]), "overdue");
  });
});

describe("concentration (HHI per item and city)", () => {
  const a = (id: string, agencyId: string, priceFen: number, over = {}) => awardedTo(id, agencyId, priceFen, over);

  it("hits a market with an HHI above 2,500 (shares 60/20/20 → 4,400), districts folded into the city", () => {
    const ps = [
      a("p1", "A", 100_000),
      a("p2", "A", 100_000, { regionCode: "320105" }),
      a("p3", "B", 100_000),
      a("p4", "A", 100_000),
      a("p5", "C", 100_000, { regionCode: "320111" }),
    ];
    const h = oneHit(dataset(ps), "concentration");
    expect(h).toEqual({
      flag: "concentration",
      subjectType: "market",
      subjectId: "7:320100",
      projectIds: ["p1", "p2", "p3", "p4", "p5"],
      agencyIds: ["A", "B", "C"],
      valueFen: 500_000,
      facts: { hhi: 4400, threshold: 2500, awards: 5, agencies: 3, topAgencyId: "A" },
    });
  });
  it("does not hit an HHI of exactly 2,500 (four equal shares over five awards)", () => {
    const ps = [a("p1", "A", 50_000), a("p2", "A", 50_000), a("p3", "B", 100_000), a("p4", "C", 100_000), a("p5", "D", 100_000)];
    expect(hitsOf(dataset(ps), "concentration")).toEqual([]);
    expect(oneHit(dataset(ps), "concentration", { hhi: 2499 }).facts).toMatchObject({ hhi: 2500, threshold: 2499, agencies: 4 });
  });
  it("weighs by contract value over award price", () => {
    // Equal award prices, but A's contracts are larger: shares 80/10/10/0 → HHI 6,600.
    const contract = (amountFen: number) => ({ contract: { amountFen, dueOn: "2026-07-01", status: "signed", lateWorkdays: null } });
    const ps = [
      a("p1", "A", 1, contract(200_000)),
      a("p2", "A", 1, contract(200_000)),
      a("p3", "B", 1, contract(50_000)),
      a("p4", "C", 1, contract(50_000)),
      a("p5", "D", 1, contract(0)),
    ];
    expect(oneHit(dataset(ps), "concentration")).toMatchObject({ valueFen: 500_000, facts: { hhi: 6600, agencies: 4 } });
  });
  it("needs minAwards in one item and one city", () => {
    const four = [a("p1", "A", 1), a("p2", "A", 1), a("p3", "A", 1), a("p4", "A", 1)];
    expect(hitsOf(dataset(four), "concentration")).toEqual([]);
    expect(oneHit(dataset(four), "concentration", { minAwards: 4 }).facts.hhi).toBe(10000);
    expect(hitsOf(dataset([...four, a("p5", "A", 1, { regionCode: "320205" })]), "concentration")).toEqual([]);
    expect(hitsOf(dataset([...four, a("p5", "A", 1, { serviceItemId: 8 })]), "concentration")).toEqual([]);
    expect(hitsOf(dataset([...four, project("p5")]), "concentration")).toEqual([]);
    expect(oneHit(dataset([...four, a("p5", "A", 1, { regionCode: "320199" })]), "concentration").subjectId).toBe("7:320100");
    expectSilenced(dataset([...four, a("p5", "A", 1)]), "concentration");
  });
});

describe("rotation (轮流中标)", () => {
  const meet = (id: string, winner: string, extra: ReturnType<typeof bid>[] = []) =>
    tender(
      id,
      [bid(`${id}-a`, "ag-a", 100_000), bid(`${id}-b`, "ag-b", 100_000), bid(`${id}-c`, "ag-c", 100_000), ...extra],
      `${id}-${winner}`,
    );

  it("hits three bidders who meet in three projects and each win once", () => {
    const h = oneHit(dataset([meet("p1", "b"), meet("p2", "c"), meet("p3", "a")]), "rotation");
    expect(h).toEqual({
      flag: "rotation",
      subjectType: "agency",
      subjectId: "ag-a",
      projectIds: ["p1", "p2", "p3"],
      agencyIds: ["ag-a", "ag-b", "ag-c"],
      valueFen: 300_000,
      facts: { group: 3, projects: 3 },
    });
  });
  it("does not hit when one member never wins (near miss) or they meet only twice", () => {
    expect(hitsOf(dataset([meet("p1", "b"), meet("p2", "a"), meet("p3", "a")]), "rotation")).toEqual([]);
    expect(hitsOf(dataset([meet("p1", "b"), meet("p2", "c")]), "rotation")).toEqual([]);
  });
  it("treats the group as the exact set of counted bidders: a withdrawn extra does not change it, an invalid one does", () => {
    const withdrawn = bid("p2-d", "ag-d", 90_000, { status: "withdrawn" });
    expect(hitsOf(dataset([meet("p1", "b"), meet("p2", "c", [withdrawn]), meet("p3", "a")]), "rotation")).toHaveLength(1);
    const invalid = bid("p2-d", "ag-d", 90_000, { status: "invalid" });
    expect(hitsOf(dataset([meet("p1", "b"), meet("p2", "c", [invalid]), meet("p3", "a")]), "rotation")).toEqual([]);
  });
  it("makes one hit when the same agency leads two rotating groups (one hit per flag and subject)", () => {
    const other = (id: string, winner: string) =>
      tender(id, [bid(`${id}-a`, "ag-a", 100_000), bid(`${id}-d`, "ag-d", 100_000), bid(`${id}-e`, "ag-e", 100_000)], `${id}-${winner}`);
    const h = oneHit(
      dataset([meet("p1", "b"), meet("p2", "c"), meet("p3", "a"), other("q1", "d"), other("q2", "e"), other("q3", "a")]),
      "rotation",
    );
    expect(h.subjectId).toBe("ag-a");
    expect([...h.projectIds].sort()).toEqual(["p1", "p2", "p3", "q1", "q2", "q3"]);
    expect([...h.agencyIds].sort()).toEqual(["ag-a", "ag-b", "ag-c", "ag-d", "ag-e"]);
    expect(h.valueFen).toBe(600_000);
    expect(h.facts).toEqual({ group: 3, projects: 3, patterns: 2 });
  });
  it("ignores unawarded projects and groups below minGroup; follows custom params", () => {
    const pair = (id: string, winner: string) => tender(id, [bid(`${id}-a`, "ag-a", 1), bid(`${id}-b`, "ag-b", 1)], `${id}-${winner}`);
    const pairs = [pair("p1", "a"), pair("p2", "b"), pair("p3", "a")];
    expect(hitsOf(dataset(pairs), "rotation")).toEqual([]);
    expect(oneHit(dataset(pairs), "rotation", { minGroup: 2 })).toMatchObject({
      agencyIds: ["ag-a", "ag-b"],
      facts: { group: 2, projects: 3 },
    });
    expect(oneHit(dataset([pair("p1", "a"), pair("p2", "b")]), "rotation", { minGroup: 2, minProjects: 2 }).projectIds).toEqual([
      "p1",
      "p2",
    ]);
    const unawarded = { ...meet("p3", "a"), award: null };
    expect(hitsOf(dataset([meet("p1", "b"), meet("p2", "c"), unawarded]), "rotation")).toEqual([]);
    expectSilenced(dataset([meet("p1", "b"), meet("p2", "c"), meet("p3", "a")]), "rotation");
  });
});

describe("splitting (拆分规避)", () => {
  const CEIL = 1_000_000;
  const d = (id: string, priceFen: number, at: number, over = {}) => direct(id, `ag-${id}`, priceFen, day(at), over, CEIL);

  it("hits three direct awards at ≥ 90 % of the ceiling within 30 days", () => {
    const h = oneHit(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 900_000, 30)]), "splitting");
    expect(h).toEqual({
      flag: "splitting",
      subjectType: "owner",
      subjectId: "owner-1",
      projectIds: ["p1", "p2", "p3"],
      agencyIds: ["ag-p1", "ag-p2", "ag-p3"],
      valueFen: 2_770_000,
      facts: { awards: 3, days: 30, pct: 90, ceilingFen: CEIL },
    });
  });
  it("does not hit when the third award is one day outside the window (near miss)", () => {
    expect(hitsOf(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 900_000, 31)]), "splitting")).toEqual([]);
    expect(hitsOf(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 900_000, 30 + 1 / 24)]), "splitting")).toEqual([]);
  });
  it("sorts by award date and gathers every award within the window of the first", () => {
    const ps = [d("p4", 990_000, 45), d("p3", 900_000, 20), d("p1", 950_000, 0), d("p2", 920_000, 10), d("p5", 990_000, 29)];
    const h = oneHit(dataset(ps), "splitting");
    expect(h.projectIds).toEqual(["p1", "p2", "p3", "p5"]);
    expect(h.facts).toEqual({ awards: 4, days: 20, pct: 90, ceilingFen: CEIL });
  });
  it("slides the window past an early outlier", () => {
    const h = oneHit(dataset([d("p0", 950_000, -60), d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 900_000, 30)]), "splitting");
    expect(h.projectIds).toEqual(["p1", "p2", "p3"]);
  });
  it("only counts direct awards between 90 % and 100 % of the ceiling", () => {
    expect(hitsOf(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 899_999, 20)]), "splitting")).toEqual([]);
    expect(hitsOf(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 1_000_001, 20)]), "splitting")).toEqual([]);
    expect(oneHit(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 1_000_000, 20)]), "splitting").facts.awards).toBe(3);
    expect(
      hitsOf(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 950_000, 20, { method: "lowestPrice" })]), "splitting"),
    ).toEqual([]);
    expect(
      hitsOf(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 950_000, 20, { directCeilingFen: null })]), "splitting"),
    ).toEqual([]);
  });
  it("groups by owner and item", () => {
    expect(
      hitsOf(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 950_000, 20, { ownerOrgId: "owner-2" })]), "splitting"),
    ).toEqual([]);
    expect(hitsOf(dataset([d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 950_000, 20, { serviceItemId: 8 })]), "splitting")).toEqual(
      [],
    );
  });
  it("follows custom count, days and pct", () => {
    const late = [d("p1", 950_000, 0), d("p2", 920_000, 10), d("p3", 900_000, 31)];
    expect(oneHit(dataset(late), "splitting", { count: 2 })).toMatchObject({ projectIds: ["p1", "p2"], facts: { awards: 2, days: 10 } });
    expect(oneHit(dataset(late), "splitting", { days: 31 }).facts).toMatchObject({ awards: 3, days: 31 });
    const cheap = [d("p1", 800_000, 0), d("p2", 820_000, 10), d("p3", 850_000, 20)];
    expect(hitsOf(dataset(cheap), "splitting")).toEqual([]);
    expect(oneHit(dataset(cheap), "splitting", { pct: 80 }).facts).toMatchObject({ awards: 3, pct: 80 });
    expectSilenced(dataset(late), "splitting", { days: 31 });
  });
  it("counts an award of exactly pct % of the ceiling for any pct (integer comparison, no floating point)", () => {
    const at = (id: string, days: number) => d(id, 55_000, days, { directCeilingFen: 100_000 });
    expect(oneHit(dataset([at("p1", 0), at("p2", 5), at("p3", 10)]), "splitting", { pct: 55 }).facts.awards).toBe(3);
  });
});

describe("evaluateFlags settings", () => {
  const ds = () =>
    dataset([
      project("short", { status: "bidding", publishedAt: day(0), bidDeadline: day(3) }),
      tender("single", [bid("b1", "A", 900_000)], "b1", { publishedAt: day(0), bidDeadline: day(8), overcharge: true }),
    ]);

  it("runs every flag with its defaults when nothing is set, in catalogue order", () => {
    expect(evaluateFlags(ds()).map((h) => `${h.flag}:${h.subjectId}`)).toEqual(["R003:short", "R018:single", "overcharge:single"]);
  });
  it("silences a disabled flag and leaves the others", () => {
    expect(
      evaluateFlags(ds(), { R018: { enabled: false, params: {} }, overcharge: { enabled: false, params: {} } }).map((h) => h.flag),
    ).toEqual(["R003"]);
  });
  it("merges custom parameters over the defaults", () => {
    const hits = evaluateFlags(ds(), { R003: { enabled: true, params: { minDays: 10 } }, R018: { enabled: true, params: {} } });
    expect(hits.map((h) => `${h.flag}:${h.subjectId}`)).toEqual(["R003:short", "R003:single", "R018:single", "overcharge:single"]);
    expect(hits[1]!.facts).toEqual({ days: 8, minDays: 10 });
    expect(hits[2]!.facts).toEqual({ bids: 1, maxBids: 1 });
  });
  it("produces plain JSON hits", () => {
    const hits = evaluateFlags(ds());
    expect(JSON.parse(JSON.stringify(hits))).toEqual(hits);
  });
  it("measures overdue contracts against `today`", () => {
    const x = awardedTo("p1", "A", 1, { contract: { amountFen: 1, dueOn: "2026-06-15", status: "signed", lateWorkdays: null } });
    expect(hitsOf(dataset([x]), "overdue")).toEqual([]);
    expect(hitsOf({ ...dataset([x]), today: "2026-06-16" }, "overdue")).toHaveLength(1);
  });
});
