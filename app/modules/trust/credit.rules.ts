import type { CreditParams, DeductionKind, EventKind, SanctionType } from "./credit.schema";

/**
 * The credit score (信用分), a pure function of an agency's record and the formula in force.
 *
 *   score = W_r · R + W_d · D + W_t · T − Σ deductions in their period + min(cap, Σ rewards in their period)
 *
 * clamped to 0–100 and kept in hundredths. R, D and T are each in 0…1:
 * - R, owner reviews: the overall ratings (1–5) mapped to 0…1 by (r − 1) / 4, averaged with Bayesian
 *   smoothing towards the prior — (k·m + Σ wᵢ·rᵢ) / (k + Σ wᵢ) with prior mean m and prior weight k — so
 *   one review is not a verdict; each review weighs wᵢ = ½^(age / half-life), recent weighs more.
 * - D, department assessments (部门评测 ratings, and later the periodic graded assessments): the same.
 * - T, on-time delivery: the share of completed contracts delivered on time, smoothed the same way.
 * Deductions (upheld complaint, warning, exposure, abandoned award, delivery more than N working days
 * late, overcharging, penalty, …) count from the event for their period and then stop (信用修复); a
 * sanction lifted early stops counting when it is lifted; a corrected (voided) event never counts.
 * Grades: A ≥ 90, B ≥ 75, C ≥ 60, else D (boundaries are the formula's).
 */

export interface CreditFacts {
  /** Owner reviews of the agency that were not removed (visible now or later). */
  reviews: { id: string; overall: number; visibleFrom: Date }[];
  departmentRatings: { id: string; score: number; ratedAt: Date }[];
  deliveries: { contractId: string; completedAt: Date; lateWorkdays: number }[];
  /** The platform's events, not voided. */
  events: { id: string; kind: EventKind; occurredAt: Date; lateWorkdays?: number | null; projectId?: string | null }[];
  /** Sanctions naming the agency itself as subject (affiliates are excluded, not scored). */
  sanctions: { id: string; type: SanctionType; startsAt: Date; endsAt: Date | null; liftedAt: Date | null; decisionRef: string }[];
}

export interface SmoothedPart {
  weight: number;
  count: number;
  /** Σ of recency weights of the inputs. */
  weightedCount: number;
  /** The smoothed mean in the part's own unit (1–5 for ratings, 0–1 for on-time share). */
  mean: number;
  /** 0…1 */
  normalized: number;
  points: number;
}

export interface CreditItem {
  source: "event" | "sanction";
  id: string;
  kind: DeductionKind | "reward" | "redlist";
  from: string;
  until: string;
  points: number;
  /** active: counts now; expired: its period is over (repaired); lifted: a sanction lifted early. */
  state: "active" | "expired" | "lifted" | "notCounted";
  /** A sanction's decision reference. */
  ref?: string;
  /** The project an event happened in. */
  projectId?: string;
}

export interface CreditBreakdown {
  formulaVersion: number;
  computedAt: string;
  parts: { reviews: SmoothedPart; department: SmoothedPart; delivery: SmoothedPart & { onTime: number } };
  base: number;
  deductions: CreditItem[];
  deductionTotal: number;
  rewards: CreditItem[];
  rewardTotal: number;
  rewardCapped: boolean;
  score: number;
  grade: CreditGrade;
}

export type CreditGrade = "A" | "B" | "C" | "D";

export interface CreditResult {
  scoreCenti: number;
  grade: CreditGrade;
  breakdown: CreditBreakdown;
  /** When the score next changes by itself (a deduction expires, a review is revealed, a day of decay). */
  nextChangeAt: Date | null;
}

const DAY = 86_400_000;

export function gradeFor(score: number, grades: CreditParams["grades"]): CreditGrade {
  if (score >= grades.A) return "A";
  if (score >= grades.B) return "B";
  if (score >= grades.C) return "C";
  return "D";
}

/** ½^(age / half-life); inputs from the future weigh nothing yet. */
export function recencyWeight(at: Date, now: Date, halfLifeDays: number): number {
  const ageDays = (now.getTime() - at.getTime()) / DAY;
  if (ageDays < 0) return 0;
  return Math.pow(0.5, ageDays / halfLifeDays);
}

/** (k·m + Σ wᵢ·xᵢ) / (k + Σ wᵢ); with no inputs and no prior weight, the prior itself. */
export function smoothedMean(values: { value: number; weight: number }[], priorMean: number, priorWeight: number): number {
  const w = values.reduce((s, v) => s + v.weight, 0);
  if (w + priorWeight === 0) return priorMean;
  return (priorWeight * priorMean + values.reduce((s, v) => s + v.weight * v.value, 0)) / (priorWeight + w);
}

/** Calendar months later, in UTC (31 Jan + 1 month = 3 Mar, as Date does). */
export function addMonths(d: Date, months: number): Date {
  const r = new Date(d.getTime());
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function ratingPart(
  inputs: { value: number; at: Date }[],
  p: { priorMean: number; priorWeight: number; halfLifeDays: number },
  weight: number,
  now: Date,
): SmoothedPart {
  const weighted = inputs.map((i) => ({ value: i.value, weight: recencyWeight(i.at, now, p.halfLifeDays) })).filter((i) => i.weight > 0);
  const mean = smoothedMean(weighted, p.priorMean, p.priorWeight);
  const normalized = (mean - 1) / 4;
  return {
    weight,
    count: weighted.length,
    weightedCount: round2(weighted.reduce((s, i) => s + i.weight, 0)),
    mean: round2(mean),
    normalized,
    points: weight * normalized,
  };
}

function periodItem(
  source: CreditItem["source"],
  id: string,
  kind: CreditItem["kind"],
  from: Date,
  months: number,
  points: number,
  now: Date,
  liftedAt: Date | null = null,
  ref?: string,
): CreditItem & { untilDate: Date } {
  const natural = addMonths(from, months);
  const until = liftedAt && liftedAt < natural ? liftedAt : natural;
  const state: CreditItem["state"] =
    from > now ? "notCounted" : until <= now ? (liftedAt && liftedAt < natural ? "lifted" : "expired") : "active";
  return {
    source,
    id,
    kind,
    from: from.toISOString(),
    until: until.toISOString(),
    points: state === "active" ? points : 0,
    state,
    untilDate: until,
    ...(ref ? { ref } : {}),
  };
}

export function computeCreditScore(facts: CreditFacts, params: CreditParams, formulaVersion: number, now: Date): CreditResult {
  const reviews = ratingPart(
    facts.reviews.map((r) => ({ value: r.overall, at: r.visibleFrom })),
    params.reviews,
    params.weights.reviews,
    now,
  );
  const department = ratingPart(
    facts.departmentRatings.map((r) => ({ value: r.score, at: r.ratedAt })),
    params.department,
    params.weights.department,
    now,
  );

  const deliveries = facts.deliveries
    .map((d) => ({ value: d.lateWorkdays === 0 ? 1 : 0, weight: recencyWeight(d.completedAt, now, params.delivery.halfLifeDays) }))
    .filter((d) => d.weight > 0);
  const onTimeShare = smoothedMean(deliveries, params.delivery.priorOnTime, params.delivery.priorWeight);
  const delivery = {
    weight: params.weights.delivery,
    count: deliveries.length,
    weightedCount: round2(deliveries.reduce((s, d) => s + d.weight, 0)),
    mean: round2(onTimeShare),
    normalized: onTimeShare,
    points: params.weights.delivery * onTimeShare,
    onTime: deliveries.filter((d) => d.value === 1).length,
  };

  const boundaries: Date[] = [];
  const items: (CreditItem & { untilDate: Date })[] = [];
  for (const e of facts.events) {
    const p = params.deductions[e.kind];
    // Only lateness beyond the formula's threshold is a deduction (the lateness itself stays public).
    const counts = e.kind !== "lateDelivery" || (e.lateWorkdays ?? 0) > params.lateDeliveryMinWorkdays;
    const item = periodItem("event", e.id, e.kind, e.occurredAt, p.months, p.points, now);
    if (e.projectId) item.projectId = e.projectId;
    if (!counts) {
      item.state = "notCounted";
      item.points = 0;
    }
    items.push(item);
  }
  const rewards: (CreditItem & { untilDate: Date })[] = [];
  for (const s of facts.sanctions) {
    if (s.type === "reward" || s.type === "redlist") {
      const p = params.rewards[s.type];
      rewards.push(periodItem("sanction", s.id, s.type, s.startsAt, p.months, p.points, now, s.liftedAt, s.decisionRef));
    } else {
      const p = params.deductions[s.type];
      items.push(periodItem("sanction", s.id, s.type, s.startsAt, p.months, p.points, now, s.liftedAt, s.decisionRef));
    }
  }
  for (const i of [...items, ...rewards]) {
    if (i.state === "active") boundaries.push(i.untilDate);
    if (i.state === "notCounted" && new Date(i.from) > now) boundaries.push(new Date(i.from));
  }
  for (const r of facts.reviews) if (r.visibleFrom > now) boundaries.push(r.visibleFrom);
  // Recency weights drift every day while there is anything to weigh.
  if (reviews.count + department.count + delivery.count > 0) boundaries.push(new Date(now.getTime() + DAY));

  const base = reviews.points + department.points + delivery.points;
  const deductionTotal = items.reduce((s, i) => s + i.points, 0);
  const rewardSum = rewards.reduce((s, i) => s + i.points, 0);
  const rewardTotal = Math.min(params.rewards.cap, rewardSum);
  const score = round2(Math.max(0, Math.min(100, base - deductionTotal + rewardTotal)));
  const grade = gradeFor(score, params.grades);
  const strip = ({ untilDate: _u, ...i }: CreditItem & { untilDate: Date }): CreditItem => i;
  const byDate = (a: CreditItem, b: CreditItem) => b.from.localeCompare(a.from);
  const nextChangeAt = boundaries.length ? new Date(Math.min(...boundaries.map((d) => d.getTime()))) : null;
  return {
    scoreCenti: Math.round(score * 100),
    grade,
    nextChangeAt,
    breakdown: {
      formulaVersion,
      computedAt: now.toISOString(),
      parts: { reviews, department, delivery },
      base: round2(base),
      deductions: items.map(strip).sort(byDate),
      deductionTotal: round2(deductionTotal),
      rewards: rewards.map(strip).sort(byDate),
      rewardTotal: round2(rewardTotal),
      rewardCapped: rewardSum > params.rewards.cap,
      score,
      grade,
    },
  };
}
