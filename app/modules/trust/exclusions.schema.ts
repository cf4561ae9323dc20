import { z } from "zod";
import { SELECTION_METHODS } from "~/modules/procurement/projects.rules";
import { NEGATIVE_SANCTION_TYPES } from "./credit.schema";

export const CREDIT_GRADES = ["A", "B", "C", "D"] as const;

/**
 * The exclusion rules (排除规则) as data: one entry per kind of rule, each with its parameters. A new
 * version is published by a regulator and takes effect at its date; every eligibility answer names the
 * version it used. The SQL form and the code form in exclusions.server.ts / exclusions.rules.ts read
 * exactly these fields.
 */
export const ExclusionRulesSchema = z.object({
  /** A sanction in force whose scope covers the project (region and item) excludes. */
  sanction: z.object({ enabled: z.boolean(), types: z.array(z.enum(NEGATIVE_SANCTION_TYPES)).min(1, "errors.rules.types") }),
  /** A credit grade in `grades` excludes from the listed selection methods. */
  creditGrade: z.object({
    enabled: z.boolean(),
    grades: z.array(z.enum(CREDIT_GRADES)).min(1, "errors.rules.grades"),
    methods: z.array(z.enum(SELECTION_METHODS)).min(1, "errors.rules.methods"),
  }),
  /** The item's legal qualification, verified and valid on the day. */
  qualification: z.object({ enabled: z.boolean() }),
  /** Same credit code or legal representative as the owner. */
  conflictOfInterest: z.object({ enabled: z.boolean() }),
  /** `count` abandoned awards within `months` propose a suspension to the regulator (not an exclusion). */
  abandonedAwards: z.object({
    enabled: z.boolean(),
    count: z.coerce.number().int("errors.credit.int").min(1, "errors.credit.range").max(50, "errors.credit.range"),
    months: z.coerce.number().int("errors.credit.int").min(1, "errors.credit.range").max(120, "errors.credit.range"),
  }),
});
export type ExclusionRules = z.output<typeof ExclusionRulesSchema>;

export const DEFAULT_EXCLUSION_RULES: ExclusionRules = {
  sanction: { enabled: true, types: ["suspension", "blacklist", "removal", "ban"] },
  creditGrade: { enabled: true, grades: ["D"], methods: ["randomDraw", "creditPreferred"] },
  qualification: { enabled: true },
  conflictOfInterest: { enabled: true },
  abandonedAwards: { enabled: true, count: 3, months: 12 },
};

const on = z.preprocess((v) => v === "on" || v === "1" || v === true, z.boolean());
const list = <T extends z.ZodTypeAny>(item: T) => z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** The regulator's form: checkboxes and numbers, in the same shape once parsed. */
export const RuleSetFormSchema = z
  .object({
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date"),
    note: z.string().trim().min(2, "errors.credit.note").max(1000, "errors.tooLong"),
    sanctionEnabled: on,
    sanctionTypes: list(z.enum(NEGATIVE_SANCTION_TYPES)),
    creditGradeEnabled: on,
    creditGrades: list(z.enum(CREDIT_GRADES)),
    creditGradeMethods: list(z.enum(SELECTION_METHODS)),
    qualificationEnabled: on,
    conflictOfInterestEnabled: on,
    abandonedAwardsEnabled: on,
    abandonedAwardsCount: z.string(),
    abandonedAwardsMonths: z.string(),
  })
  .transform((v, ctx) => {
    const rules = ExclusionRulesSchema.safeParse({
      sanction: { enabled: v.sanctionEnabled, types: v.sanctionTypes },
      creditGrade: { enabled: v.creditGradeEnabled, grades: v.creditGrades, methods: v.creditGradeMethods },
      qualification: { enabled: v.qualificationEnabled },
      conflictOfInterest: { enabled: v.conflictOfInterestEnabled },
      abandonedAwards: { enabled: v.abandonedAwardsEnabled, count: v.abandonedAwardsCount, months: v.abandonedAwardsMonths },
    });
    if (!rules.success) {
      const field: Record<string, string> = {
        "sanction.types": "sanctionTypes",
        "creditGrade.grades": "creditGrades",
        "creditGrade.methods": "creditGradeMethods",
        "abandonedAwards.count": "abandonedAwardsCount",
        "abandonedAwards.months": "abandonedAwardsMonths",
      };
      for (const issue of rules.error.issues)
        ctx.addIssue({ code: "custom", path: [field[issue.path.join(".")] ?? "_form"], message: issue.message });
      return z.NEVER;
    }
    return { effectiveFrom: v.effectiveFrom, note: v.note, rules: rules.data };
  });
export const RULE_FORM_ARRAYS = ["sanctionTypes", "creditGrades", "creditGradeMethods"] as const;
