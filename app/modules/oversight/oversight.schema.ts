import { z } from "zod";
import { FOLLOW_UPS, VIOLATIONS } from "./cases.rules";
import type { FlagDefinition } from "./flags.rules";

// The database counts characters (code points), not UTF-16 units: "😀😀" is two characters, not four.
const text = (min: number, max: number, key: string) =>
  z
    .string({ required_error: key })
    .trim()
    .max(max, "errors.tooLong")
    .refine((s) => [...s].length >= min, key);
const optionalUuid = z.preprocess((v) => (v === "" || v == null ? undefined : v), z.string().uuid("errors.notFound").optional());

export const CaseSchema = z
  .object({
    origin: z.enum(["flag", "complaint", "initiative"], { errorMap: () => ({ message: "errors.case.origin" }) }),
    flag: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(40).optional()),
    complaintId: optionalUuid,
    projectId: optionalUuid,
    agencyId: optionalUuid,
    ownerOrgId: optionalUuid,
    title: text(4, 200, "errors.case.title"),
    grounds: text(10, 5000, "errors.case.grounds"),
  })
  .superRefine((v, ctx) => {
    if (!v.projectId && !v.agencyId && !v.ownerOrgId) ctx.addIssue({ code: "custom", path: ["_form"], message: "errors.case.subject" });
    if (v.origin === "flag" && !v.flag) ctx.addIssue({ code: "custom", path: ["flag"], message: "errors.case.flag" });
    if (v.origin === "complaint" && !v.complaintId)
      ctx.addIssue({ code: "custom", path: ["complaintId"], message: "errors.case.complaint" });
  });
export type CaseInput = z.output<typeof CaseSchema>;

export const CaseMessageSchema = z.object({ body: text(2, 5000, "errors.case.message") });

export const ConclusionSchema = z
  .object({
    finding: z.enum(["violation", "none"], { errorMap: () => ({ message: "errors.case.finding" }) }),
    violation: z.preprocess((v) => (v === "" ? undefined : v), z.enum(VIOLATIONS).optional()),
    conclusion: text(10, 5000, "errors.case.conclusion"),
    followUp: z.preprocess((v) => (v === "" || v == null ? "none" : v), z.enum(FOLLOW_UPS)),
  })
  .superRefine((v, ctx) => {
    if (v.finding === "violation" && !v.violation) ctx.addIssue({ code: "custom", path: ["violation"], message: "errors.case.violation" });
    if (v.finding === "none" && v.followUp !== "none")
      ctx.addIssue({ code: "custom", path: ["followUp"], message: "errors.case.followUpNone" });
  });
export type ConclusionInput = z.output<typeof ConclusionSchema>;

export const InspectionSchema = z.object({
  title: text(4, 200, "errors.inspection.title"),
  itemId: z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number().int().positive().max(2_147_483_647).optional()),
  regionCode: z.preprocess(
    (v) => (v === "" || v == null ? undefined : v),
    z
      .string()
      .regex(/^\d{6}$/, "errors.region.invalid")
      .optional(),
  ),
  activeSinceDays: z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number().int().min(1).max(3650).optional()),
  sampleSize: z.coerce
    .number({ invalid_type_error: "errors.inspection.sample" })
    .int("errors.inspection.sample")
    .min(1, "errors.inspection.sample")
    .max(500, "errors.inspection.sample"),
  inspectorsPerTarget: z.coerce.number().int().min(1, "errors.inspection.inspectors").max(5, "errors.inspection.inspectors").default(2),
});
export type InspectionInput = z.output<typeof InspectionSchema>;

export const InspectionResultSchema = z.object({
  agencyId: z.string().uuid("errors.notFound"),
  outcome: z.enum(["compliant", "issues", "violation"], { errorMap: () => ({ message: "errors.inspection.outcome" }) }),
  findings: text(2, 5000, "errors.inspection.findings"),
});

export const AssessmentSchema = z
  .object({
    agencyId: z.string().uuid("errors.notFound"),
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/, "errors.assessment.quarter"),
    adjustment: z.preprocess(
      (v) => (v === "" || v == null ? 0 : v),
      z.coerce
        .number()
        .int("errors.assessment.adjustment")
        .min(-20, "errors.assessment.adjustment")
        .max(20, "errors.assessment.adjustment"),
    ),
    adjustmentReason: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(2000, "errors.tooLong").optional()),
  })
  .superRefine((v, ctx) => {
    if (v.adjustment !== 0 && (!v.adjustmentReason || v.adjustmentReason.length < 4))
      ctx.addIssue({ code: "custom", path: ["adjustmentReason"], message: "errors.assessment.reason" });
  });

// An absent threshold reads as 0, as a blank one does.
const flagParam = z.preprocess(
  (v) => v ?? null,
  z.coerce
    .number({ invalid_type_error: "errors.flag.param" })
    .finite("errors.flag.param")
    .min(0, "errors.flag.param")
    .max(1_000_000, "errors.flag.param"),
);

/** A red flag's settings as the regulator's form sends them: switched on or off, and each of its thresholds. */
export function flagSettingSchema(def: Pick<FlagDefinition, "defaults">) {
  const keys = Object.keys(def.defaults);
  return z.object({ enabled: z.unknown(), ...Object.fromEntries(keys.map((k) => [k, flagParam])) }).transform((v) => ({
    enabled: v.enabled === "on",
    params: Object.fromEntries(keys.map((k) => [k, (v as Record<string, unknown>)[k] as number])),
  }));
}
