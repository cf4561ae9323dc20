import { describe, expect, it } from "vitest";
import {
  abnormallyLowBasis,
  belowCeilingThreshold,
  deadlineTooFar,
  directFloorFen,
  latestDeadline,
} from "~/modules/procurement/bidding.rules";
import { BidSchema, beijingDateTime } from "~/modules/procurement/projects.schema";
import { PolicySchema } from "~/modules/procurement/policy.schema";
import { bidsUnsealed } from "~/modules/procurement/sealing.rules";

const issues = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

describe("a deadline typed in Beijing time", () => {
  it("refuses a day that does not exist instead of moving it", () => {
    expect(issues(beijingDateTime.safeParse("2027-02-30T10:00"))).toEqual(["errors.datetime.noSuchDay"]);
    expect(issues(beijingDateTime.safeParse("2027-02-29T10:00"))).toEqual(["errors.datetime.noSuchDay"]); // not a leap year
    expect(issues(beijingDateTime.safeParse("2027-02-28T23:59"))).toEqual([]); // the last day that exists
    expect(issues(beijingDateTime.safeParse("2028-02-29T10:00"))).toEqual([]); // a leap day
    expect(issues(beijingDateTime.safeParse("2027-04-31T10:00"))).toEqual(["errors.datetime.noSuchDay"]);
    expect(issues(beijingDateTime.safeParse("2027-03-01T24:00"))).toEqual(["errors.datetime.noSuchDay"]);
    expect(beijingDateTime.parse("2027-03-02T00:00").toISOString()).toBe("2027-03-01T16:00:00.000Z");
  });
});

describe("the longest bidding period", () => {
  const published = new Date("2027-01-01T02:00:00Z");
  it("allows a deadline at the limit and one minute inside, refuses one minute outside", () => {
    const latest = latestDeadline(published, 90);
    expect(latest.toISOString()).toBe("2027-04-01T02:00:00.000Z");
    expect(deadlineTooFar(latest, published, 90)).toBe(false);
    expect(deadlineTooFar(new Date(latest.getTime() - 60_000), published, 90)).toBe(false);
    expect(deadlineTooFar(new Date(latest.getTime() + 60_000), published, 90)).toBe(true);
    expect(deadlineTooFar(beijingDateTime.parse("9999-12-31T23:59"), published, 365)).toBe(true);
  });
  it("is a policy setting between 5 and 365 days, 90 when a form leaves it out", () => {
    const base = {
      allowedMethods: ["lowestPrice"],
      minBidsGovernment: "3",
      minBidsOther: "1",
      minBiddingWorkdays: "5",
      publicityWorkdays: "5",
      objectionAnswerWorkdays: "3",
      signingWorkdays: "10",
      directCeiling: "100000",
      abnormallyLowPct: "20",
    };
    expect(PolicySchema.parse(base)).toMatchObject({ maxBiddingDays: 90, directFloorPct: 30, abnormallyLowCeilingPct: 40 });
    for (const [v, ok] of [
      ["4", false],
      ["5", true],
      ["6", true],
      ["364", true],
      ["365", true],
      ["366", false],
    ] as const)
      expect(PolicySchema.safeParse({ ...base, maxBiddingDays: v }).success, v).toBe(ok);
  });
});

describe("abnormally low prices", () => {
  const policy = { abnormallyLowCeilingPct: 40, abnormallyLowPct: 20 };
  it("against the ceiling: at 40 % is not, one fen below is", () => {
    expect(belowCeilingThreshold(80_000_00, 200_000_00, 40)).toBe(false); // at
    expect(belowCeilingThreshold(80_000_01, 200_000_00, 40)).toBe(false); // inside
    expect(belowCeilingThreshold(79_999_99, 200_000_00, 40)).toBe(true); // outside
    expect(belowCeilingThreshold(1, 200_000_00, 40)).toBe(true); // the ¥0.01 bid
    expect(belowCeilingThreshold(1, null, 40)).toBe(false);
  });
  it("against the others' mean at the opening: 20 % below is not, one fen further is", () => {
    const others = [{ priceFen: 150_000_00 }, { priceFen: 150_000_00 }];
    expect(abnormallyLowBasis(120_000_00, 200_000_00, others, policy)).toBeNull(); // at
    expect(abnormallyLowBasis(120_000_01, 200_000_00, others, policy)).toBeNull(); // inside
    expect(abnormallyLowBasis(119_999_99, 200_000_00, others, policy)).toEqual({ basis: "others", pct: 20 }); // outside
    expect(abnormallyLowBasis(1, 200_000_00, others, policy)).toEqual({ basis: "ceiling", pct: 40 });
    expect(abnormallyLowBasis(119_999_99, 200_000_00, [], policy)).toBeNull();
  });
  it("a bid form carries the justification, empty as none", () => {
    expect(BidSchema.parse({ price: "1", committedDays: "5", justification: "  " }).justification).toBeNull();
    expect(BidSchema.parse({ price: "1", committedDays: "5", justification: "成本构成说明" }).justification).toBe("成本构成说明");
  });
});

describe("the direct award floor", () => {
  it("is the policy's share of the ceiling, rounded up to the fen", () => {
    expect(directFloorFen(200_000_00, 30)).toBe(60_000_00);
    expect(directFloorFen(1_01, 30)).toBe(31); // 30.3 fen → 31
    expect(directFloorFen(null, 30)).toBeNull();
    expect(directFloorFen(200_000_00, 0)).toBe(0);
  });
});

describe("sealed until the opening", () => {
  const now = new Date("2027-01-10T00:00:00Z");
  it("opens only after the deadline and once bidding has closed", () => {
    expect(bidsUnsealed({ status: "bidding", bidDeadline: new Date(now.getTime() - 1) }, now)).toBe(false);
    expect(bidsUnsealed({ status: "selecting", bidDeadline: now }, now)).toBe(true); // at
    expect(bidsUnsealed({ status: "selecting", bidDeadline: new Date(now.getTime() + 1) }, now)).toBe(false);
    expect(bidsUnsealed({ status: "awarded", bidDeadline: null }, now)).toBe(false);
  });
});
