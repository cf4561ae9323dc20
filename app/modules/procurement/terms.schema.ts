import { z } from "zod";
import { TERM_CATEGORIES, TERM_MATCHERS } from "./terms.rules";

/** A regular-expression source that compiles with the Unicode flag, and matches nothing empty. */
const PatternSchema = z
  .string()
  .min(1, "errors.terms.pattern")
  .max(500, "errors.terms.pattern")
  .refine((p) => {
    try {
      return !new RegExp(p, "u").test("");
    } catch {
      return false;
    }
  }, "errors.terms.pattern");

export const TermRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, "errors.terms.ruleId"),
    category: z.enum(TERM_CATEGORIES, { message: "errors.terms.category" }),
    patterns: z.array(PatternSchema).max(40),
    unless: z.array(PatternSchema).max(40).optional(),
    matcher: z.enum(TERM_MATCHERS).optional(),
    messageKey: z.string().regex(/^errors\.project\.restrict\.[a-zA-Z]+$/, "errors.terms.messageKey"),
    basis: z
      .array(z.object({ key: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(2000) }))
      .min(1, "errors.terms.basis"),
  })
  .refine((r) => r.patterns.length > 0 || r.matcher, "errors.terms.noMatch");

export const TermRulesBodySchema = z.object({
  negations: z.array(PatternSchema).max(40),
  rules: z
    .array(TermRuleSchema)
    .min(1, "errors.terms.empty")
    .max(200)
    .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, "errors.terms.duplicateId"),
});
export type TermRulesBody = z.infer<typeof TermRulesBodySchema>;

/** A zod message of our own is a translation key; any other (a missing property) is reported as bad JSON. */
function termsIssueKey(message: string | undefined): string {
  return message?.startsWith("errors.") ? message : "errors.terms.json";
}

/** The authority's form: the whole rule set as JSON (what the page shows, edited) and why it changes. */
export const TermRuleSetFormSchema = z.object({
  rules: z
    .string()
    .trim()
    .min(2, "errors.required")
    .max(200_000, "errors.terms.json")
    .transform((s, ctx) => {
      let json: unknown;
      try {
        json = JSON.parse(s);
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.terms.json" });
        return z.NEVER;
      }
      const parsed = TermRulesBodySchema.safeParse(json);
      if (!parsed.success) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: termsIssueKey(parsed.error.issues[0]?.message) });
        return z.NEVER;
      }
      return parsed.data;
    }),
  note: z.string().trim().min(1, "errors.required").max(1000),
});
