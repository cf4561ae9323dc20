import { describe, expect, it } from "vitest";
import {
  assessmentGrade,
  computeAssessment,
  NEUTRAL,
  previousQuarter,
  quarterOf,
  quarterRange,
  type AssessmentFacts,
} from "~/modules/oversight/assessments.rules";

const facts = (over: Partial<AssessmentFacts> = {}): AssessmentFacts => ({ completed: [], signed: [], reviews: [], breaches: 0, ...over });
const onTime = (n: number) => Array.from({ length: n }, () => ({ lateWorkdays: 0 }));
const late = (n: number, days = 2) => Array.from({ length: n }, () => ({ lateWorkdays: days }));
const PERFECT = facts({ completed: onTime(2), signed: [{ overcharge: false }], reviews: [{ overall: 5, attitude: 5 }] });
const AWFUL = facts({ completed: late(2), signed: [{ overcharge: true }], reviews: [{ overall: 1, attitude: 1 }], breaches: 4 });

describe("computeAssessment", () => {
  it("scores every dimension without data at NEUTRAL (75)", () => {
    expect(NEUTRAL).toBe(75);
    const s = computeAssessment(facts());
    expect(s).toMatchObject({ efficiency: 75, fees: 75, quality: 75, satisfaction: 75 });
  });
  // Bug (or spec gap): integrity is 100 − 25·breaches even with no record at all, so an agency with no data
  // in the quarter gets integrity 100, total round((4·75 + 100) / 5) = 80, not NEUTRAL 75.
  it("gives a quarter without any record integrity 100 (nothing against it) and the other four the neutral 75: total 80", () => {
    expect(computeAssessment({ completed: [], signed: [], reviews: [], breaches: 0 })).toMatchObject({
      efficiency: 75,
      fees: 75,
      quality: 75,
      satisfaction: 75,
      integrity: 100,
      total: 80,
      grade: "good",
    });
  });

  it("computes a hand-made mix", () => {
    // efficiency 2/3 on time → 67; fees 1/2 → 50; quality mean 4.5 → 87.5 → 88; attitude mean 3 (one null) → 50;
    // integrity 100 − 25 → 75; total round(330 / 5) = 66 → fair.
    const f = facts({
      completed: [{ lateWorkdays: 0 }, { lateWorkdays: 2 }, { lateWorkdays: 0 }],
      signed: [{ overcharge: false }, { overcharge: true }],
      reviews: [
        { overall: 5, attitude: 3 },
        { overall: 4, attitude: null },
      ],
      breaches: 1,
    });
    expect(computeAssessment(f)).toEqual({
      efficiency: 67,
      fees: 50,
      quality: 88,
      integrity: 75,
      satisfaction: 50,
      total: 66,
      grade: "fair",
    });
    expect(computeAssessment(f, 10)).toMatchObject({ total: 76, grade: "good" });
    expect(computeAssessment(f, -7)).toMatchObject({ total: 59, grade: "poor" });
  });

  it("mixes measured and neutral dimensions and rounds the mean before the adjustment", () => {
    // quality mean 3.5 → 62.5 → 63; the rest neutral, integrity 100: (75 + 75 + 63 + 100 + 75) / 5 = 77.6 → 78.
    const f = facts({
      reviews: [
        { overall: 3, attitude: null },
        { overall: 4, attitude: null },
      ],
    });
    expect(computeAssessment(f)).toEqual({
      efficiency: 75,
      fees: 75,
      quality: 63,
      integrity: 100,
      satisfaction: 75,
      total: 78,
      grade: "good",
    });
    // efficiency 1/3 → 33.3 → 33; total (33 + 75 + 75 + 100 + 75) / 5 = 71.6 → 72, + 3 = 75.
    expect(computeAssessment(facts({ completed: [...onTime(1), ...late(2)] }), 3)).toMatchObject({
      efficiency: 33,
      total: 75,
      grade: "good",
    });
  });

  it("counts any late working day as not on time", () => {
    expect(computeAssessment(facts({ completed: late(1, 1) })).efficiency).toBe(0);
    expect(computeAssessment(facts({ completed: onTime(3) })).efficiency).toBe(100);
  });

  it("takes 25 off integrity per breach, not below 0", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((breaches) => computeAssessment(facts({ completed: onTime(1), breaches })).integrity)).toEqual([
      100, 75, 50, 25, 0, 0, 0,
    ]);
  });

  it("maps star means 1–5 onto 0–100", () => {
    const q = (overall: number[]) => computeAssessment(facts({ reviews: overall.map((o) => ({ overall: o, attitude: o })) }));
    expect(q([1])).toMatchObject({ quality: 0, satisfaction: 0 });
    expect(q([5])).toMatchObject({ quality: 100, satisfaction: 100 });
    expect(q([3])).toMatchObject({ quality: 50, satisfaction: 50 });
    expect(q([2, 3])).toMatchObject({ quality: 38, satisfaction: 38 }); // 37.5 rounds up
  });

  it("leaves satisfaction neutral when no review rated the attitude", () => {
    expect(computeAssessment(facts({ reviews: [{ overall: 5, attitude: null }] }))).toMatchObject({ quality: 100, satisfaction: NEUTRAL });
  });

  it("clamps the adjusted total to 0–100", () => {
    expect(computeAssessment(PERFECT)).toMatchObject({ total: 100, grade: "excellent" });
    expect(computeAssessment(PERFECT, 20)).toMatchObject({ total: 100, grade: "excellent" });
    expect(computeAssessment(PERFECT, -20)).toMatchObject({ total: 80, grade: "good" });
    expect(computeAssessment(AWFUL)).toEqual({
      efficiency: 0,
      fees: 0,
      quality: 0,
      integrity: 0,
      satisfaction: 0,
      total: 0,
      grade: "poor",
    });
    expect(computeAssessment(AWFUL, -20)).toMatchObject({ total: 0, grade: "poor" });
    expect(computeAssessment(AWFUL, 20)).toMatchObject({ total: 20, grade: "poor" });
  });

  it("keeps the dimensions unchanged by the adjustment", () => {
    const { total: _a, grade: _b, ...dims } = computeAssessment(PERFECT);
    const { total: _c, grade: _d, ...adjusted } = computeAssessment(PERFECT, -15);
    expect(adjusted).toEqual(dims);
  });
});

describe("assessmentGrade", () => {
  it("draws the lines at 90, 75 and 60", () => {
    expect([100, 90, 89, 75, 74, 60, 59, 0].map(assessmentGrade)).toEqual([
      "excellent",
      "excellent",
      "good",
      "good",
      "fair",
      "fair",
      "poor",
      "poor",
    ]);
    expect(assessmentGrade(89.99)).toBe("good");
  });
});

describe("quarters (Beijing time)", () => {
  it("gives 2026-Q1 as [2025-12-31T16:00Z, 2026-03-31T16:00Z)", () => {
    const { from, to } = quarterRange("2026-Q1");
    expect(from.toISOString()).toBe("2025-12-31T16:00:00.000Z");
    expect(to.toISOString()).toBe("2026-03-31T16:00:00.000Z");
  });
  it("gives Q2, Q3 and Q4, rolling Q4 into the next year", () => {
    const iso = (q: string) => Object.values(quarterRange(q)).map((d) => d.toISOString());
    expect(iso("2026-Q2")).toEqual(["2026-03-31T16:00:00.000Z", "2026-06-30T16:00:00.000Z"]);
    expect(iso("2026-Q3")).toEqual(["2026-06-30T16:00:00.000Z", "2026-09-30T16:00:00.000Z"]);
    expect(iso("2026-Q4")).toEqual(["2026-09-30T16:00:00.000Z", "2026-12-31T16:00:00.000Z"]);
  });
  it("ends the last four-digit year's Q4 in the five-digit year after it", () => {
    const { from, to } = quarterRange("9999-Q4");
    expect(from.toISOString()).toBe("9999-09-30T16:00:00.000Z");
    expect(to.getTime()).toBe(Date.UTC(10000, 0, 1) - 8 * 3_600_000);
  });
  it("makes consecutive quarters abut, across the year too", () => {
    for (const q of ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2028-Q1"]) {
      expect(quarterRange(previousQuarter(q)).to.getTime(), q).toBe(quarterRange(q).from.getTime());
    }
  });
  it("refuses what is not a quarter", () => {
    for (const bad of ["2026-Q0", "2026-Q5", "2026Q1", "26-Q1", "2026-q1", " 2026-Q1", "2026-Q1 ", ""]) {
      expect(() => quarterRange(bad), bad).toThrow(RangeError);
    }
  });
  it("places a Beijing date in its quarter", () => {
    expect(quarterOf("2026-01-01")).toBe("2026-Q1");
    expect(quarterOf("2026-03-31")).toBe("2026-Q1");
    expect(quarterOf("2026-04-01")).toBe("2026-Q2");
    expect(quarterOf("2026-06-30")).toBe("2026-Q2");
    expect(quarterOf("2026-07-01")).toBe("2026-Q3");
    expect(quarterOf("2026-10-01")).toBe("2026-Q4");
    expect(quarterOf("2025-12-31")).toBe("2025-Q4");
  });
  it("agrees with quarterRange: a quarter's first and last Beijing day fall in it", () => {
    const beijingDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    for (const q of ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]) {
      const { from, to } = quarterRange(q);
      expect(quarterOf(beijingDay(from)), q).toBe(q);
      expect(quarterOf(beijingDay(new Date(to.getTime() - 1))), q).toBe(q);
      expect(quarterOf(beijingDay(to)), q).not.toBe(q);
    }
  });
  it("steps back one quarter, across the year boundary", () => {
    expect(previousQuarter("2026-Q1")).toBe("2025-Q4");
    expect(previousQuarter("2026-Q2")).toBe("2026-Q1");
    expect(previousQuarter("2026-Q4")).toBe("2026-Q3");
    expect(previousQuarter("2000-Q1")).toBe("1999-Q4");
    expect(previousQuarter(quarterOf("2026-01-15"))).toBe(quarterOf("2025-12-15"));
  });
});
