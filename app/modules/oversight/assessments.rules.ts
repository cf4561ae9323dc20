/**
 * The quarterly graded assessment (定期分类考评, seed 000 #37): five dimensions, each 0–100, computed from
 * the quarter's record, and the office's adjustment (±20, with its reason). Where a dimension has no data
 * in the quarter it takes the neutral NEUTRAL score rather than praise or blame — except integrity, which
 * counts what went wrong: a quarter with nothing against the agency is 100.
 * - efficiency: share of the contracts completed in the quarter that were on time;
 * - fees: share of the contracts signed in the quarter without charging above the fee standard;
 * - quality: the owners' overall ratings of reviews published in the quarter, (mean − 1) / 4;
 * - integrity: 100 − 25 per upheld complaint, negative sanction or breach in the quarter (not below 0);
 * - satisfaction: the owners' "attitude" ratings, (mean − 1) / 4.
 * total = round(mean of the five) + adjustment, within 0–100; grade: excellent ≥ 90, good ≥ 75, fair ≥ 60, poor.
 */
import { beijingStartOfMonth } from "~/lib/beijing-calendar";

export const NEUTRAL = 75;

export interface AssessmentFacts {
  completed: { lateWorkdays: number }[];
  signed: { overcharge: boolean }[];
  reviews: { overall: number; attitude: number | null }[];
  breaches: number;
}

export interface AssessmentScores {
  efficiency: number;
  fees: number;
  quality: number;
  integrity: number;
  satisfaction: number;
  total: number;
  grade: "excellent" | "good" | "fair" | "poor";
}

const pct = (n: number) => Math.round(Math.max(0, Math.min(100, n)));
const stars = (values: number[]) => (values.length ? pct((100 * (values.reduce((a, b) => a + b, 0) / values.length - 1)) / 4) : NEUTRAL);

export function assessmentGrade(total: number): AssessmentScores["grade"] {
  return total >= 90 ? "excellent" : total >= 75 ? "good" : total >= 60 ? "fair" : "poor";
}

export function computeAssessment(f: AssessmentFacts, adjustment = 0): AssessmentScores {
  const efficiency = f.completed.length
    ? pct((100 * f.completed.filter((c) => c.lateWorkdays === 0).length) / f.completed.length)
    : NEUTRAL;
  const fees = f.signed.length ? pct((100 * f.signed.filter((c) => !c.overcharge).length) / f.signed.length) : NEUTRAL;
  const quality = stars(f.reviews.map((r) => r.overall));
  const satisfaction = stars(f.reviews.map((r) => r.attitude).filter((a): a is number => a != null));
  const integrity = pct(100 - 25 * f.breaches);
  const total = pct(Math.round((efficiency + fees + quality + integrity + satisfaction) / 5) + adjustment);
  return { efficiency, fees, quality, integrity, satisfaction, total, grade: assessmentGrade(total) };
}

/** The quarter "YYYY-Qn" as Beijing-time instants [from, to). */
export function quarterRange(quarter: string): { from: Date; to: Date } {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  const month = (q - 1) * 3;
  return { from: beijingStartOfMonth(year, month), to: beijingStartOfMonth(year, month + 3) };
}

/** The quarter a Beijing date falls in, and the one before it. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export function previousQuarter(quarter: string): string {
  const [y, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}
