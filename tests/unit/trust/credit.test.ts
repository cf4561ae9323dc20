import { describe, expect, it } from "vitest";
import { addMonths, computeCreditScore, gradeFor, recencyWeight, smoothedMean, type CreditFacts } from "~/modules/trust/credit.rules";
import {
  CreditParamsSchema,
  DEFAULT_CREDIT_PARAMS,
  DEDUCTION_KINDS,
  EVENT_KINDS,
  flattenParams,
  FormulaVersionSchema,
  NEGATIVE_SANCTION_TYPES,
  unflattenParams,
  type CreditParams,
} from "~/modules/trust/credit.schema";

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T00:00:00.000Z");
const P = DEFAULT_CREDIT_PARAMS;
const days = (n: number, from = NOW) => new Date(from.getTime() + n * DAY);

function facts(over: Partial<CreditFacts> = {}): CreditFacts {
  return { reviews: [], departmentRatings: [], deliveries: [], events: [], sanctions: [], ...over };
}
const review = (overall: number, visibleFrom = NOW, id = `r${overall}-${visibleFrom.getTime()}`) => ({ id, overall, visibleFrom });
const sanction = (type: CreditFacts["sanctions"][number]["type"], startsAt: Date, liftedAt: Date | null = null, id = `s-${type}`) => ({
  id,
  type,
  startsAt,
  endsAt: null,
  liftedAt,
  decisionRef: `宁市监罚〔2026〕${id}号`,
});
const score = (f: CreditFacts, now = NOW, params: CreditParams = P) => computeCreditScore(f, params, 1, now);
const withParams = (patch: (p: CreditParams) => void): CreditParams => {
  const p = structuredClone(DEFAULT_CREDIT_PARAMS);
  patch(p);
  return p;
};

describe("credit score: the formula", () => {
  it("gives a brand-new agency exactly the prior-based value: 50·0.75 + 30·0.75 + 20·0.9 = 78.00 (B)", () => {
    const r = score(facts());
    expect(r.scoreCenti).toBe(7800);
    expect(r.grade).toBe("B");
    expect(r.nextChangeAt).toBeNull();
    const b = r.breakdown;
    expect(b.score).toBe(78);
    expect(b.base).toBe(78);
    expect(b.formulaVersion).toBe(1);
    expect(b.computedAt).toBe(NOW.toISOString());
    expect(b.parts.reviews).toEqual({ weight: 50, count: 0, weightedCount: 0, mean: 4, normalized: 0.75, points: 37.5 });
    expect(b.parts.department).toEqual({ weight: 30, count: 0, weightedCount: 0, mean: 4, normalized: 0.75, points: 22.5 });
    expect(b.parts.delivery).toEqual({ weight: 20, count: 0, weightedCount: 0, mean: 0.9, normalized: 0.9, points: 18, onTime: 0 });
    expect(b).toMatchObject({ deductions: [], deductionTotal: 0, rewards: [], rewardTotal: 0, rewardCapped: false, grade: "B" });
  });

  it("smooths one 1-star review towards the prior instead of dropping the review part to 0", () => {
    // (5·4 + 1·1) / (5 + 1) = 3.5 → (3.5 − 1) / 4 = 0.625 → 31.25 points; 31.25 + 22.5 + 18 = 71.75
    const r = score(facts({ reviews: [review(1)] }));
    expect(r.breakdown.parts.reviews).toMatchObject({ count: 1, weightedCount: 1, mean: 3.5, normalized: 0.625, points: 31.25 });
    expect(r.breakdown.score).toBe(71.75);
    expect(r.scoreCenti).toBe(7175);
    expect(r.grade).toBe("C");
  });

  it("averages a few reviews with the prior and rounds to hundredths", () => {
    // (20 + 5 + 5 + 3) / 8 = 4.125 → 0.78125 → 39.0625; + 22.5 + 18 = 79.5625 → 79.56
    const r = score(facts({ reviews: [review(5, NOW, "a"), review(5, NOW, "b"), review(3, NOW, "c")] }));
    expect(r.breakdown.parts.reviews).toMatchObject({ count: 3, mean: 4.13, normalized: 0.78125, points: 39.0625 });
    expect(r.breakdown.score).toBe(79.56);
    expect(r.scoreCenti).toBe(7956);
    expect(r.breakdown.base).toBe(79.56);
  });

  it("smooths department ratings with their own prior weight", () => {
    // (3·4 + 5) / 4 = 4.25 → 0.8125 → 24.375; 37.5 + 24.375 + 18 = 79.875 → 79.88
    const r = score(facts({ departmentRatings: [{ id: "d1", score: 5, ratedAt: NOW }] }));
    expect(r.breakdown.parts.department).toMatchObject({ weight: 30, count: 1, mean: 4.25, normalized: 0.8125, points: 24.375 });
    expect(r.breakdown.score).toBe(79.88);
    expect(r.scoreCenti).toBe(7988);
  });

  it("counts deliveries on time (0 working days late) and late ones into the on-time share", () => {
    // (3·0.9 + 1 + 1 + 0) / (3 + 3) = 4.7 / 6 = 0.78333… → 15.6667; 37.5 + 22.5 + 15.6667 = 75.67
    const r = score(
      facts({
        deliveries: [
          { contractId: "c1", completedAt: NOW, lateWorkdays: 0 },
          { contractId: "c2", completedAt: NOW, lateWorkdays: 0 },
          { contractId: "c3", completedAt: NOW, lateWorkdays: 3 },
        ],
      }),
    );
    const d = r.breakdown.parts.delivery;
    expect(d).toMatchObject({ weight: 20, count: 3, weightedCount: 3, onTime: 2, mean: 0.78 });
    expect(d.normalized).toBeCloseTo(4.7 / 6, 12);
    expect(d.points).toBeCloseTo((20 * 4.7) / 6, 12);
    expect(r.breakdown.score).toBe(75.67);
    expect(r.grade).toBe("B");
  });

  it("adds the three parts together (hand-computed)", () => {
    // 39.0625 + 24.375 + 15.666… = 79.1041… → 79.10
    const r = score(
      facts({
        reviews: [review(5, NOW, "a"), review(5, NOW, "b"), review(3, NOW, "c")],
        departmentRatings: [{ id: "d1", score: 5, ratedAt: NOW }],
        deliveries: [
          { contractId: "c1", completedAt: NOW, lateWorkdays: 0 },
          { contractId: "c2", completedAt: NOW, lateWorkdays: 0 },
          { contractId: "c3", completedAt: NOW, lateWorkdays: 12 },
        ],
      }),
    );
    expect(r.breakdown.score).toBe(79.1);
    expect(r.scoreCenti).toBe(7910);
  });

  it("follows the formula's weights and priors", () => {
    const p = withParams((x) => {
      x.weights = { reviews: 100, department: 0, delivery: 0 };
      x.reviews.priorWeight = 0;
    });
    // No prior weight: the mean of the reviews alone, (5 + 3) / 2 = 4 → 0.75 → 75
    expect(score(facts({ reviews: [review(5, NOW, "a"), review(3, NOW, "b")] }), NOW, p).breakdown.score).toBe(75);
    // No inputs and no prior weight: the prior mean itself
    expect(score(facts(), NOW, p).breakdown.score).toBe(75);
  });

  it("does not weigh reviews that become visible in the future, and says when they will", () => {
    const later = days(9);
    const r = score(facts({ reviews: [review(1, later)] }));
    expect(r.breakdown.parts.reviews.count).toBe(0);
    expect(r.scoreCenti).toBe(7800);
    expect(r.nextChangeAt).toEqual(later);
    // Once visible, it counts.
    expect(score(facts({ reviews: [review(1, later)] }), later).scoreCenti).toBe(7175);
  });
});

describe("credit score: decay", () => {
  it("weighs ½^(age / half-life): 1 at age 0, ½ at one half-life, ¼ at two, 0 in the future", () => {
    expect(recencyWeight(NOW, NOW, 365)).toBe(1);
    expect(recencyWeight(days(-365), NOW, 365)).toBe(0.5);
    expect(recencyWeight(days(-730), NOW, 365)).toBe(0.25);
    expect(recencyWeight(days(-10), NOW, 10)).toBe(0.5);
    expect(recencyWeight(new Date(NOW.getTime() + 1), NOW, 365)).toBe(0);
    expect(recencyWeight(days(30), NOW, 365)).toBe(0);
    const w = recencyWeight(days(-100), NOW, 365);
    expect(w).toBeGreaterThan(0.5);
    expect(w).toBeLessThan(1);
  });

  it("smoothedMean: (k·m + Σ wᵢ·xᵢ) / (k + Σ wᵢ)", () => {
    expect(smoothedMean([], 4, 5)).toBe(4);
    expect(smoothedMean([], 4, 0)).toBe(4);
    expect(smoothedMean([{ value: 1, weight: 1 }], 4, 5)).toBe(3.5);
    expect(smoothedMean([{ value: 5, weight: 0.5 }], 4, 5)).toBeCloseTo(22.5 / 5.5, 12);
    expect(
      smoothedMean(
        [
          { value: 2, weight: 1 },
          { value: 4, weight: 3 },
        ],
        0,
        0,
      ),
    ).toBe(3.5);
  });

  it("lets a recent 5-star review move the score more than an old one", () => {
    const recent = score(facts({ reviews: [review(5, NOW)] }));
    const old = score(facts({ reviews: [review(5, days(-365))] }));
    const older = score(facts({ reviews: [review(5, days(-730))] }));
    // recent: (20 + 5) / 6 → 39.58 points; one half-life: (20 + 2.5) / 5.5 → 38.64
    expect(recent.breakdown.parts.reviews.points).toBeCloseTo(50 * ((25 / 6 - 1) / 4), 12);
    expect(old.breakdown.parts.reviews.points).toBeCloseTo(50 * ((22.5 / 5.5 - 1) / 4), 12);
    expect(old.breakdown.parts.reviews.weightedCount).toBe(0.5);
    expect(recent.scoreCenti).toBeGreaterThan(old.scoreCenti);
    expect(old.scoreCenti).toBeGreaterThan(older.scoreCenti);
    expect(older.scoreCenti).toBeGreaterThan(7800);
    // A recent 1-star review likewise hurts more than an old one.
    expect(score(facts({ reviews: [review(1, NOW)] })).scoreCenti).toBeLessThan(
      score(facts({ reviews: [review(1, days(-365))] })).scoreCenti,
    );
  });

  it("ages department ratings and deliveries with their own half-lives", () => {
    const p = withParams((x) => {
      x.department.halfLifeDays = 10;
      x.delivery.halfLifeDays = 10;
    });
    const r = score(
      facts({
        departmentRatings: [{ id: "d", score: 1, ratedAt: days(-10) }],
        deliveries: [{ contractId: "c", completedAt: days(-10), lateWorkdays: 5 }],
      }),
      NOW,
      p,
    );
    expect(r.breakdown.parts.department.weightedCount).toBe(0.5);
    expect(r.breakdown.parts.department.mean).toBeCloseTo((12 + 0.5) / 3.5, 2);
    expect(r.breakdown.parts.delivery.weightedCount).toBe(0.5);
    expect(r.breakdown.parts.delivery.normalized).toBeCloseTo(2.7 / 3.5, 12);
  });

  it("addMonths adds calendar months in UTC (31 Jan + 1 month = 3 Mar, as Date does)", () => {
    expect(addMonths(new Date("2026-01-15T00:00:00Z"), 12).toISOString()).toBe("2027-01-15T00:00:00.000Z");
    expect(addMonths(new Date("2026-01-31T08:30:00Z"), 1).toISOString()).toBe("2026-03-03T08:30:00.000Z");
    expect(addMonths(new Date("2024-01-31T00:00:00Z"), 1).toISOString()).toBe("2024-03-02T00:00:00.000Z");
    expect(addMonths(new Date("2026-11-30T16:00:00Z"), 2).toISOString()).toBe("2027-01-30T16:00:00.000Z");
    const d = new Date("2026-05-05T00:00:00Z");
    addMonths(d, 3);
    expect(d.toISOString()).toBe("2026-05-05T00:00:00.000Z"); // the input is not changed
  });
});

describe("credit score: deductions and rewards", () => {
  const occurred = new Date("2026-01-15T00:00:00.000Z");

  it("deducts each kind of event for its period, with its points", () => {
    for (const kind of EVENT_KINDS) {
      const r = score(
        facts({
          events: [{ id: `e-${kind}`, kind, occurredAt: occurred, lateWorkdays: kind === "lateDelivery" ? 11 : null, projectId: "p1" }],
        }),
      );
      const { points, months } = P.deductions[kind];
      expect(r.breakdown.deductions, kind).toEqual([
        {
          source: "event",
          id: `e-${kind}`,
          kind,
          from: occurred.toISOString(),
          until: addMonths(occurred, months).toISOString(),
          points,
          state: "active",
          projectId: "p1",
        },
      ]);
      expect(r.breakdown.deductionTotal, kind).toBe(points);
      expect(r.scoreCenti, kind).toBe(Math.round((78 - points) * 100));
    }
  });

  it("deducts each kind of negative sanction for its period, with its decision reference", () => {
    const from = new Date("2026-03-01T00:00:00.000Z");
    for (const type of NEGATIVE_SANCTION_TYPES) {
      const r = score(facts({ sanctions: [sanction(type, from)] }));
      const { points, months } = P.deductions[type];
      expect(r.breakdown.deductions, type).toEqual([
        {
          source: "sanction",
          id: `s-${type}`,
          kind: type,
          from: from.toISOString(),
          until: addMonths(from, months).toISOString(),
          points,
          state: "active",
          ref: `宁市监罚〔2026〕s-${type}号`,
        },
      ]);
      expect(r.scoreCenti, type).toBe(Math.round((78 - points) * 100));
    }
  });

  it("counts a late delivery only when it is more than lateDeliveryMinWorkdays late (10 → not, 11 → counted)", () => {
    const ev = (lateWorkdays: number | null | undefined) =>
      facts({ events: [{ id: "late", kind: "lateDelivery", occurredAt: occurred, lateWorkdays }] });
    const ten = score(ev(10));
    expect(ten.breakdown.deductions[0]).toMatchObject({ state: "notCounted", points: 0 });
    expect(ten.scoreCenti).toBe(7800);
    expect(ten.nextChangeAt).toBeNull();
    const eleven = score(ev(11));
    expect(eleven.breakdown.deductions[0]).toMatchObject({ state: "active", points: 4 });
    expect(eleven.scoreCenti).toBe(7400);
    expect(score(ev(null)).scoreCenti).toBe(7800);
    expect(score(ev(undefined)).scoreCenti).toBe(7800);
    // The threshold is the formula's.
    const strict = withParams((x) => (x.lateDeliveryMinWorkdays = 0));
    expect(score(ev(1), NOW, strict).scoreCenti).toBe(7400);
    // The threshold applies to lateDelivery only.
    expect(score(facts({ events: [{ id: "s", kind: "lateSigning", occurredAt: occurred, lateWorkdays: 1 }] })).scoreCenti).toBe(7700);
  });

  it("counts a deduction up to the end of its period and not from that exact moment (信用修复)", () => {
    const f = facts({ events: [{ id: "c", kind: "upheldComplaint", occurredAt: occurred }] });
    const end = new Date("2027-01-15T00:00:00.000Z"); // occurredAt + 12 months
    const before = score(f, new Date(end.getTime() - 1));
    expect(before.breakdown.deductions[0]!.state).toBe("active");
    expect(before.scoreCenti).toBe(7300);
    expect(before.nextChangeAt).toEqual(end);
    const at = score(f, end);
    expect(at.breakdown.deductions[0]).toMatchObject({ state: "expired", points: 0, until: end.toISOString() });
    expect(at.scoreCenti).toBe(7800);
    expect(at.nextChangeAt).toBeNull();
    // From the exact moment it happened.
    expect(score(f, occurred).breakdown.deductions[0]!.state).toBe("active");
    expect(score(f, new Date(occurred.getTime() - 1)).breakdown.deductions[0]).toMatchObject({ state: "notCounted", points: 0 });
  });

  it("stops counting a sanction lifted early at liftedAt (state lifted)", () => {
    const starts = new Date("2026-01-01T00:00:00.000Z");
    const lifted = new Date("2026-03-01T00:00:00.000Z");
    const r = score(facts({ sanctions: [sanction("suspension", starts, lifted)] }));
    expect(r.breakdown.deductions[0]).toMatchObject({ state: "lifted", points: 0, until: lifted.toISOString() });
    expect(r.scoreCenti).toBe(7800);
    // Lifted exactly now: no longer counted.
    expect(score(facts({ sanctions: [sanction("suspension", starts, NOW)] })).breakdown.deductions[0]!.state).toBe("lifted");
    // A lift recorded for later: counts until then, and the score changes then.
    const later = new Date("2026-07-01T00:00:00.000Z");
    const pending = score(facts({ sanctions: [sanction("suspension", starts, later)] }));
    expect(pending.breakdown.deductions[0]).toMatchObject({ state: "active", points: 15, until: later.toISOString() });
    expect(pending.scoreCenti).toBe(6300);
    expect(pending.nextChangeAt).toEqual(later);
    // Lifted after its period had ended anyway: an ordinary expiry at the natural end.
    const afterEnd = score(
      facts({ sanctions: [sanction("suspension", starts, new Date("2028-06-01T00:00:00Z"))] }),
      new Date("2028-02-01T00:00:00Z"),
    );
    expect(afterEnd.breakdown.deductions[0]).toMatchObject({ state: "expired", until: "2028-01-01T00:00:00.000Z", points: 0 });
  });

  it("does not count a sanction that starts in the future, and says when it will", () => {
    const starts = new Date("2026-07-01T00:00:00.000Z");
    const r = score(facts({ sanctions: [sanction("blacklist", starts)] }));
    expect(r.breakdown.deductions[0]).toMatchObject({ state: "notCounted", points: 0 });
    expect(r.scoreCenti).toBe(7800);
    expect(r.nextChangeAt).toEqual(starts);
    expect(score(facts({ sanctions: [sanction("blacklist", starts)] }), starts).scoreCenti).toBe(4800);
  });

  it("adds rewards for their period and caps their sum (rewardCapped)", () => {
    const from = new Date("2026-01-01T00:00:00.000Z");
    const one = score(facts({ sanctions: [sanction("reward", from, null, "w1")] }));
    expect(one.breakdown.rewards).toEqual([
      {
        source: "sanction",
        id: "w1",
        kind: "reward",
        from: from.toISOString(),
        until: "2028-01-01T00:00:00.000Z",
        points: 3,
        state: "active",
        ref: "宁市监罚〔2026〕w1号",
      },
    ]);
    expect(one.breakdown).toMatchObject({ rewardTotal: 3, rewardCapped: false, deductions: [] });
    expect(one.scoreCenti).toBe(8100);
    // Exactly the cap is not "capped".
    const two = score(facts({ sanctions: [sanction("redlist", from, null, "r1"), sanction("redlist", from, null, "r2")] }));
    expect(two.breakdown).toMatchObject({ rewardTotal: 10, rewardCapped: false });
    const three = score(
      facts({
        sanctions: [sanction("redlist", from, null, "r1"), sanction("redlist", from, null, "r2"), sanction("redlist", from, null, "r3")],
      }),
    );
    expect(three.breakdown).toMatchObject({ rewardTotal: 10, rewardCapped: true });
    expect(three.scoreCenti).toBe(8800);
    // Expired rewards add nothing.
    const expired = score(facts({ sanctions: [sanction("redlist", from, null, "r1")] }), new Date("2028-01-01T00:00:00Z"));
    expect(expired.breakdown.rewards[0]).toMatchObject({ state: "expired", points: 0 });
    expect(expired.scoreCenti).toBe(7800);
  });

  it("clamps to 0 and to 100", () => {
    const from = new Date("2026-01-01T00:00:00.000Z");
    const zero = score(
      facts({
        sanctions: [sanction("blacklist", from, null, "a"), sanction("removal", from, null, "b"), sanction("ban", from, null, "c")],
      }),
    );
    expect(zero.breakdown.deductionTotal).toBe(110);
    expect(zero.breakdown.score).toBe(0);
    expect(zero.scoreCenti).toBe(0);
    expect(zero.grade).toBe("D");
    const generous = withParams((x) => {
      x.rewards.cap = 100;
      x.rewards.redlist.points = 50;
    });
    const hundred = score(facts({ sanctions: [sanction("redlist", from)] }), NOW, generous);
    expect(hundred.breakdown.rewardTotal).toBe(50);
    expect(hundred.breakdown.score).toBe(100);
    expect(hundred.scoreCenti).toBe(10000);
    expect(hundred.grade).toBe("A");
  });

  it("lists deductions newest first and nets deductions against rewards", () => {
    const r = score(
      facts({
        events: [
          { id: "old", kind: "lateSigning", occurredAt: new Date("2026-02-01T00:00:00Z") },
          { id: "new", kind: "overcharge", occurredAt: new Date("2026-05-01T00:00:00Z"), projectId: "p9" },
        ],
        sanctions: [
          sanction("warning", new Date("2026-03-01T00:00:00Z"), null, "w"),
          sanction("reward", new Date("2026-04-01T00:00:00Z"), null, "g"),
        ],
      }),
    );
    expect(r.breakdown.deductions.map((d) => d.id)).toEqual(["new", "w", "old"]);
    expect(r.breakdown.deductions[0]!.projectId).toBe("p9");
    expect(r.breakdown.deductions[2]).not.toHaveProperty("projectId");
    expect(r.breakdown.deductions[2]).not.toHaveProperty("ref");
    expect(r.breakdown.deductionTotal).toBe(1 + 5 + 3);
    expect(r.breakdown.rewardTotal).toBe(3);
    expect(r.breakdown.score).toBe(78 - 9 + 3);
    // The breakdown is plain JSON (it is stored).
    expect(JSON.parse(JSON.stringify(r.breakdown))).toEqual(r.breakdown);
  });
});

describe("credit score: nextChangeAt", () => {
  it("is null when nothing will change by itself", () => {
    expect(score(facts()).nextChangeAt).toBeNull();
    // Only expired and uncounted (past) deductions: nothing left to change.
    const events = [
      { id: "x", kind: "upheldComplaint" as const, occurredAt: new Date("2020-01-01T00:00:00Z") },
      { id: "y", kind: "lateDelivery" as const, occurredAt: new Date("2026-05-01T00:00:00Z"), lateWorkdays: 2 },
    ];
    expect(score(facts({ events })).nextChangeAt).toBeNull();
  });

  it("is the earliest future boundary: a deduction's expiry or a review's visibleFrom", () => {
    // lateSigning on 15 Jan, 6 months → 15 Jul; a review shown on 10 Jun comes first.
    const expiry = new Date("2026-07-15T00:00:00.000Z");
    const shown = new Date("2026-06-10T00:00:00.000Z");
    const events = [{ id: "ls", kind: "lateSigning" as const, occurredAt: new Date("2026-01-15T00:00:00Z") }];
    expect(score(facts({ events })).nextChangeAt).toEqual(expiry);
    expect(score(facts({ events, reviews: [review(4, shown)] })).nextChangeAt).toEqual(shown);
    expect(score(facts({ events, reviews: [review(4, new Date("2026-08-01T00:00:00Z"))] })).nextChangeAt).toEqual(expiry);
  });

  it("is a day later when there are decaying inputs and nothing sooner", () => {
    const tomorrow = days(1);
    expect(score(facts({ reviews: [review(4, days(-3))] })).nextChangeAt).toEqual(tomorrow);
    expect(score(facts({ departmentRatings: [{ id: "d", score: 3, ratedAt: days(-3) }] })).nextChangeAt).toEqual(tomorrow);
    expect(score(facts({ deliveries: [{ contractId: "c", completedAt: days(-3), lateWorkdays: 0 }] })).nextChangeAt).toEqual(tomorrow);
    // A deduction expiring within the day comes first.
    const soon = new Date(NOW.getTime() + 3600_000);
    const r = score(
      facts({ reviews: [review(4, days(-3))], events: [{ id: "e", kind: "upheldComplaint", occurredAt: new Date(soon.getTime()) }] }),
      NOW,
    );
    expect(r.nextChangeAt).toEqual(soon); // the event is in the future: it starts counting then
    const expiring = score(
      facts({ reviews: [review(4, days(-3))], events: [{ id: "e", kind: "upheldComplaint", occurredAt: addMonths(soon, -12) }] }),
    );
    expect(expiring.nextChangeAt).toEqual(soon);
  });
});

describe("credit grades", () => {
  it("uses the default boundaries A ≥ 90, B ≥ 75, C ≥ 60", () => {
    const g = P.grades;
    expect(gradeFor(100, g)).toBe("A");
    expect(gradeFor(90, g)).toBe("A");
    expect(gradeFor(89.99, g)).toBe("B");
    expect(gradeFor(75, g)).toBe("B");
    expect(gradeFor(74.99, g)).toBe("C");
    expect(gradeFor(60, g)).toBe("C");
    expect(gradeFor(59.99, g)).toBe("D");
    expect(gradeFor(0, g)).toBe("D");
  });

  it("uses the formula's own boundaries", () => {
    const g = { A: 80, B: 70, C: 50 };
    expect(gradeFor(80, g)).toBe("A");
    expect(gradeFor(79.99, g)).toBe("B");
    expect(gradeFor(70, g)).toBe("B");
    expect(gradeFor(69.99, g)).toBe("C");
    expect(gradeFor(50, g)).toBe("C");
    expect(gradeFor(49.99, g)).toBe("D");
    // And the score carries it: 78 is A under these boundaries.
    expect(
      score(
        facts(),
        NOW,
        withParams((x) => (x.grades = { A: 78, B: 70, C: 50 })),
      ).grade,
    ).toBe("A");
    expect(
      score(
        facts(),
        NOW,
        withParams((x) => (x.grades = { A: 95, B: 78.01, C: 50 })),
      ).grade,
    ).toBe("C");
  });
});

describe("credit parameters (CreditParamsSchema)", () => {
  it("accepts the defaults unchanged", () => {
    expect(CreditParamsSchema.parse(DEFAULT_CREDIT_PARAMS)).toEqual(DEFAULT_CREDIT_PARAMS);
  });

  it("refuses weights that do not sum to 100", () => {
    const r = CreditParamsSchema.safeParse(withParams((x) => (x.weights = { reviews: 50, department: 30, delivery: 21 })));
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([expect.objectContaining({ path: ["weights", "reviews"], message: "errors.credit.weightsSum" })]);
    expect(CreditParamsSchema.safeParse(withParams((x) => (x.weights = { reviews: 100, department: 0, delivery: 0 }))).success).toBe(true);
    expect(CreditParamsSchema.safeParse(withParams((x) => (x.weights = { reviews: 33.3, department: 33.3, delivery: 33.4 }))).success).toBe(
      true,
    );
  });

  it("refuses grades out of order", () => {
    for (const grades of [
      { A: 75, B: 90, C: 60 },
      { A: 90, B: 60, C: 75 },
      { A: 90, B: 90, C: 60 },
      { A: 90, B: 75, C: 75 },
    ]) {
      const r = CreditParamsSchema.safeParse(withParams((x) => (x.grades = grades)));
      expect(r.error?.issues, JSON.stringify(grades)).toEqual([
        expect.objectContaining({ path: ["grades", "A"], message: "errors.credit.gradesOrder" }),
      ]);
    }
  });

  it("refuses values out of range and non-integers where integers are required", () => {
    const months = CreditParamsSchema.safeParse(withParams((x) => (x.deductions.warning.months = 0)));
    expect(months.error?.issues).toEqual([
      expect.objectContaining({ path: ["deductions", "warning", "months"], message: "errors.credit.range" }),
    ]);
    const half = CreditParamsSchema.safeParse(withParams((x) => (x.reviews.halfLifeDays = 36.5)));
    expect(half.error?.issues).toEqual([expect.objectContaining({ path: ["reviews", "halfLifeDays"], message: "errors.credit.int" })]);
    const prior = CreditParamsSchema.safeParse(withParams((x) => (x.delivery.priorOnTime = 1.1)));
    expect(prior.error?.issues).toEqual([expect.objectContaining({ path: ["delivery", "priorOnTime"], message: "errors.credit.range" })]);
    const nan = CreditParamsSchema.safeParse({ ...unflattenParams(flattenParams(DEFAULT_CREDIT_PARAMS)), lateDeliveryMinWorkdays: "abc" });
    expect(nan.error?.issues).toEqual([expect.objectContaining({ path: ["lateDeliveryMinWorkdays"], message: "errors.credit.number" })]);
  });

  it("flattens to dot-separated form fields and back", () => {
    const flat = flattenParams(DEFAULT_CREDIT_PARAMS);
    expect(flat["weights.reviews"]).toBe("50");
    expect(flat["delivery.priorOnTime"]).toBe("0.9");
    expect(flat["deductions.upheldComplaint.points"]).toBe("5");
    expect(flat["rewards.cap"]).toBe("10");
    expect(flat["grades.C"]).toBe("60");
    expect(Object.keys(flat)).toHaveLength(3 + 3 + 3 + 3 + DEDUCTION_KINDS.length * 2 + 1 + 5 + 3);
    expect(Object.values(flat).every((v) => typeof v === "string")).toBe(true);
    // The form sends strings; the schema coerces them back to exactly the defaults.
    expect(CreditParamsSchema.parse(unflattenParams(flat))).toEqual(DEFAULT_CREDIT_PARAMS);
    expect(unflattenParams({ "a.b.c": 1, "a.d": 2, e: 3 })).toEqual({ a: { b: { c: 1 }, d: 2 }, e: 3 });
  });

  it("FormulaVersionSchema needs a date, a note and valid parameters", () => {
    const ok = FormulaVersionSchema.safeParse({
      effectiveFrom: "2026-07-01",
      note: "  调整权重  ",
      params: unflattenParams(flattenParams(DEFAULT_CREDIT_PARAMS)),
    });
    expect(ok.success).toBe(true);
    expect(ok.data?.note).toBe("调整权重");
    expect(ok.data?.params).toEqual(DEFAULT_CREDIT_PARAMS);
    const bad = FormulaVersionSchema.safeParse({
      effectiveFrom: "2026/07/01",
      note: "x",
      params: withParams((x) => (x.weights.reviews = 10)),
    });
    const issues = bad.error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ["effectiveFrom", "errors.date"],
        ["note", "errors.credit.note"],
        ["params.weights.reviews", "errors.credit.weightsSum"],
      ]),
    );
  });
});
