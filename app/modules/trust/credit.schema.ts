import { z } from "zod";

/** Kinds of credit events (breach_events.kind): what the platform itself records. */
export const EVENT_KINDS = ["abandonedAward", "lateSigning", "lateDelivery", "upheldComplaint", "overcharge", "monitoringFinding"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Sanction types (seed 003: 信用记录、警示告诫、公开曝光、行政处罚、行业禁入、黑名单、清退), and the positive ones. */
export const NEGATIVE_SANCTION_TYPES = ["warning", "exposure", "penalty", "suspension", "blacklist", "removal", "ban"] as const;
export const POSITIVE_SANCTION_TYPES = ["reward", "redlist"] as const;
export const SANCTION_TYPES = [...NEGATIVE_SANCTION_TYPES, ...POSITIVE_SANCTION_TYPES] as const;
export type SanctionType = (typeof SANCTION_TYPES)[number];
export type NegativeSanctionType = (typeof NEGATIVE_SANCTION_TYPES)[number];

/** Everything that can cost points: the platform's events and the negative sanctions. */
export const DEDUCTION_KINDS = [...EVENT_KINDS, ...NEGATIVE_SANCTION_TYPES] as const;
export type DeductionKind = (typeof DEDUCTION_KINDS)[number];

const int = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: "errors.credit.number" })
    .int("errors.credit.int")
    .min(min, "errors.credit.range")
    .max(max, "errors.credit.range");
const num = (min: number, max: number) =>
  z.coerce.number({ invalid_type_error: "errors.credit.number" }).min(min, "errors.credit.range").max(max, "errors.credit.range");
const period = z.object({ points: num(0, 100), months: int(1, 120) });
const LATER_KINDS: Partial<Record<string, { points: number; months: number }>> = { monitoringFinding: { points: 5, months: 12 } };

/**
 * The published credit formula's parameters (one version = one set). The defaults (docs/decisions/020):
 * owner reviews 50 %, department assessments 30 %, on-time delivery 20 %, deductions that stop counting
 * after their period, capped rewards, grades A ≥ 90, B ≥ 75, C ≥ 60.
 */
export const CreditParamsSchema = z
  .object({
    weights: z.object({ reviews: num(0, 100), department: num(0, 100), delivery: num(0, 100) }),
    reviews: z.object({ priorMean: num(1, 5), priorWeight: num(0, 100), halfLifeDays: int(1, 3650) }),
    department: z.object({ priorMean: num(1, 5), priorWeight: num(0, 100), halfLifeDays: int(1, 3650) }),
    delivery: z.object({ priorOnTime: num(0, 1), priorWeight: num(0, 100), halfLifeDays: int(1, 3650) }),
    // Kinds added after version 1 default to their first published values, so older versions still parse.
    deductions: z.object(
      Object.fromEntries(DEDUCTION_KINDS.map((k) => [k, k in LATER_KINDS ? period.default(LATER_KINDS[k]!) : period])) as Record<
        DeductionKind,
        typeof period
      >,
    ),
    lateDeliveryMinWorkdays: int(0, 365),
    rewards: z.object({ reward: period, redlist: period, cap: num(0, 100) }),
    grades: z.object({ A: num(0, 100), B: num(0, 100), C: num(0, 100) }),
  })
  .superRefine((v, ctx) => {
    const sum = v.weights.reviews + v.weights.department + v.weights.delivery;
    if (Math.abs(sum - 100) > 1e-9) ctx.addIssue({ code: "custom", path: ["weights", "reviews"], message: "errors.credit.weightsSum" });
    if (!(v.grades.A > v.grades.B && v.grades.B > v.grades.C))
      ctx.addIssue({ code: "custom", path: ["grades", "A"], message: "errors.credit.gradesOrder" });
  });
export type CreditParams = z.output<typeof CreditParamsSchema>;

export const DEFAULT_CREDIT_PARAMS: CreditParams = {
  weights: { reviews: 50, department: 30, delivery: 20 },
  reviews: { priorMean: 4, priorWeight: 5, halfLifeDays: 365 },
  department: { priorMean: 4, priorWeight: 3, halfLifeDays: 365 },
  delivery: { priorOnTime: 0.9, priorWeight: 3, halfLifeDays: 365 },
  deductions: {
    upheldComplaint: { points: 5, months: 12 },
    warning: { points: 3, months: 12 },
    exposure: { points: 8, months: 24 },
    abandonedAward: { points: 5, months: 12 },
    lateDelivery: { points: 4, months: 12 },
    lateSigning: { points: 1, months: 6 },
    overcharge: { points: 5, months: 12 },
    monitoringFinding: { points: 5, months: 12 },
    penalty: { points: 10, months: 36 },
    suspension: { points: 15, months: 24 },
    blacklist: { points: 30, months: 36 },
    removal: { points: 40, months: 60 },
    ban: { points: 40, months: 60 },
  },
  lateDeliveryMinWorkdays: 10,
  rewards: { reward: { points: 3, months: 24 }, redlist: { points: 5, months: 24 }, cap: 10 },
  grades: { A: 90, B: 75, C: 60 },
};

/** The form's field names: the parameter paths, dot-separated ("weights.reviews"). */
export function flattenParams(params: unknown, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  if (params && typeof params === "object") {
    for (const [k, v] of Object.entries(params)) Object.assign(out, flattenParams(v, prefix ? `${prefix}.${k}` : k));
  } else {
    out[prefix] = String(params);
  }
  return out;
}

export function unflattenParams(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split(".");
    let node = out;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]!] = value;
  }
  return out;
}

/** A new formula version as the regulator's form sends it: every parameter, and when it takes effect. */
export const FormulaVersionSchema = z.object({
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date"),
  note: z.string().trim().min(2, "errors.credit.note").max(1000, "errors.tooLong"),
  params: CreditParamsSchema,
});

/**
 * The regulator's formula form: one field per parameter, named by its path ("p.weights.reviews"), read
 * into a new version; each problem is reported on the field that holds it.
 */
export const FormulaFormSchema = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const params = unflattenParams(
    Object.fromEntries(
      Object.entries(raw)
        .filter(([k]) => k.startsWith("p."))
        .map(([k, v]) => [k.slice(2), v]),
    ),
  );
  const parsed = FormulaVersionSchema.safeParse({ effectiveFrom: raw.effectiveFrom, note: raw.note, params });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path[0] === "params" ? `p.${issue.path.slice(1).join(".")}` : String(issue.path[0] ?? "_form");
      ctx.addIssue({ code: "custom", path: [name], message: issue.message });
    }
    return z.NEVER;
  }
  return parsed.data;
});
