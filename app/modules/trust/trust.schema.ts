import { z } from "zod";
import { isValidUscc } from "~/modules/identity/uscc";
import { SANCTION_TYPES } from "./credit.schema";
import { AGENCY_DIMENSIONS, OWNER_DIMENSIONS, REVIEW_REMOVAL_REASONS, textRequired } from "./reviews.rules";

// The forms of the trust area: reviews, department ratings, complaints, sanctions, imports, repair.

const rating = z.coerce
  .number({ invalid_type_error: "errors.review.rating" })
  .int("errors.review.rating")
  .min(1, "errors.review.rating")
  .max(5, "errors.review.rating");
// The database counts characters (code points), not UTF-16 units: "😀😀" is two characters, not four.
const text = (min: number, max: number, key: string) =>
  z
    .string({ required_error: key })
    .trim()
    .max(max, "errors.tooLong")
    .refine((s) => [...s].length >= min, key);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date");
const optionalDate = z.preprocess((v) => (v === "" || v == null ? null : v), date.nullable());
const uuid = z.string().uuid("errors.notFound");

function reviewSchema<D extends readonly string[]>(dimensions: D) {
  return z
    .object({
      overall: rating,
      ...(Object.fromEntries(dimensions.map((d) => [d, rating])) as Record<D[number], typeof rating>),
      body: z.string().trim().max(2000, "errors.tooLong").default(""),
    })
    .superRefine((raw, ctx) => {
      const v = raw as unknown as { overall: number; body: string };
      if (textRequired(v.overall) && v.body.length < 10)
        ctx.addIssue({ code: "custom", path: ["body"], message: "errors.review.bodyRequired" });
    })
    .transform((raw) => {
      const v = raw as unknown as Record<string, number> & { overall: number; body: string };
      return { overall: v.overall, body: v.body, ratings: Object.fromEntries(dimensions.map((d) => [d, v[d]!])) as Record<string, number> };
    });
}
export const AgencyReviewSchema = reviewSchema(AGENCY_DIMENSIONS);
export const OwnerReviewSchema = reviewSchema(OWNER_DIMENSIONS);
export type ReviewInput = { overall: number; body: string; ratings: Record<string, number> };

export const ReplySchema = z.object({ reply: text(2, 2000, "errors.review.reply") });

export const DepartmentRatingSchema = z.object({ score: rating, comment: text(2, 2000, "errors.review.comment") });

export const ComplaintSchema = z
  .object({
    subjectType: z.enum(["agency", "project"], { errorMap: () => ({ message: "errors.complaint.subject" }) }),
    projectId: uuid,
    agencyId: z.preprocess((v) => (v === "" ? undefined : v), uuid.optional()),
    facts: text(20, 5000, "errors.complaint.facts"),
    provisions: text(2, 1000, "errors.complaint.provisions"),
  })
  .superRefine((v, ctx) => {
    if (v.subjectType === "agency" && !v.agencyId) ctx.addIssue({ code: "custom", path: ["agencyId"], message: "errors.complaint.agency" });
  })
  .transform((v) => ({ ...v, agencyId: v.subjectType === "agency" ? v.agencyId! : null }));
export type ComplaintInput = z.output<typeof ComplaintSchema>;

export const DecisionSchema = z.object({
  id: uuid,
  decision: z.enum(["uphold", "dismiss"], { errorMap: () => ({ message: "errors.decision" }) }),
  reason: text(2, 2000, "errors.reason"),
});

export const ApplicationDecisionSchema = z.object({
  id: uuid,
  decision: z.enum(["grant", "refuse"], { errorMap: () => ({ message: "errors.decision" }) }),
  reason: text(2, 2000, "errors.reason"),
});

const codeList = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,，;；]+/).filter(Boolean) : Array.isArray(v) ? v : []),
  z.array(z.string().regex(/^\d{6}$/, "errors.region.invalid")),
);
const itemList = z.preprocess(
  (v) => (v == null ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive().max(2_147_483_647)),
);

export const AFFILIATE_RELATIONS = ["controlled", "controlling", "successor"] as const;

/** Affiliates, one per line: "<USCC> <relation> <name>", e.g. "91320100MA1XXXXXX1 controlled 某某分公司". */
export function parseAffiliates(
  raw: string,
):
  { ok: true; rows: { creditCode: string; relation: (typeof AFFILIATE_RELATIONS)[number]; name: string }[] } | { ok: false; line: number } {
  const rows = [];
  const lines = raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const alias: Record<string, (typeof AFFILIATE_RELATIONS)[number]> = {
    controlled: "controlled",
    controlling: "controlling",
    successor: "successor",
    被控制: "controlled",
    控制: "controlling",
    承继: "successor",
  };
  for (const [i, line] of lines.entries()) {
    const [code = "", relation = "", ...name] = line.split(/\s+/);
    const creditCode = code.toUpperCase();
    const rel = alias[relation.toLowerCase()] ?? alias[relation];
    const fullName = name.join(" ");
    if (!isValidUscc(creditCode) || !rel || fullName.length < 2 || fullName.length > 200) return { ok: false, line: i + 1 };
    rows.push({ creditCode, relation: rel, name: fullName });
  }
  return { ok: true, rows };
}

export const SanctionSchema = z
  .object({
    agencyId: uuid,
    type: z.enum(SANCTION_TYPES, { errorMap: () => ({ message: "errors.sanction.type" }) }),
    grounds: text(2, 5000, "errors.sanction.grounds"),
    legalBasis: text(2, 1000, "errors.sanction.legalBasis"),
    decisionRef: text(1, 200, "errors.sanction.decisionRef"),
    scopeRegions: codeList,
    scopeItems: itemList,
    startsOn: date,
    endsOn: optionalDate,
    affiliates: z.string().max(20_000, "errors.tooLong").default(""),
    complaintId: z.preprocess((v) => (v === "" ? undefined : v), uuid.optional()),
    proposalId: z.preprocess((v) => (v === "" ? undefined : v), uuid.optional()),
    caseId: z.preprocess((v) => (v === "" ? undefined : v), uuid.optional()),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "errors.sanction.endsBeforeStart" });
    if (v.type === "suspension" && !v.endsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "errors.sanction.suspensionEnd" });
    const aff = parseAffiliates(v.affiliates);
    if (!aff.ok) ctx.addIssue({ code: "custom", path: ["affiliates"], message: "errors.sanction.affiliates", params: { line: aff.line } });
  })
  .transform((v) => {
    const aff = parseAffiliates(v.affiliates);
    return { ...v, affiliates: aff.ok ? aff.rows : [] };
  });
export type SanctionInput = z.output<typeof SanctionSchema>;
export const SANCTION_FORM_ARRAYS = ["scopeItems", "scopeRegions"] as const;

export const LiftSchema = z.object({ id: uuid, reason: text(2, 2000, "errors.reason") });

/** One row of a reciprocal list (CSV): the columns the import page documents. */
export const ImportRowSchema = z
  .object({
    credit_code: z.string().trim().toUpperCase().refine(isValidUscc, "errors.uscc.invalid"),
    name: text(2, 200, "errors.import.name"),
    type: z.enum(SANCTION_TYPES, { errorMap: () => ({ message: "errors.sanction.type" }) }),
    starts_on: date,
    ends_on: optionalDate,
    authority: text(2, 200, "errors.import.authority"),
    decision_ref: text(1, 200, "errors.sanction.decisionRef"),
    grounds: text(2, 5000, "errors.sanction.grounds"),
    legal_basis: z
      .string()
      .trim()
      .max(1000, "errors.tooLong")
      .optional()
      .transform((v) => v || "联合惩戒备忘录（互认名单）"),
    regions: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.split(/[\s;；|]+/).filter(Boolean) : []))
      .pipe(z.array(z.string().regex(/^\d{6}$/, "errors.region.invalid"))),
  })
  .superRefine((v, ctx) => {
    if (v.ends_on && v.ends_on < v.starts_on)
      ctx.addIssue({ code: "custom", path: ["ends_on"], message: "errors.sanction.endsBeforeStart" });
    if (v.type === "suspension" && !v.ends_on)
      ctx.addIssue({ code: "custom", path: ["ends_on"], message: "errors.sanction.suspensionEnd" });
  });
export type ImportRow = z.output<typeof ImportRowSchema>;
export const IMPORT_COLUMNS = [
  "credit_code",
  "name",
  "type",
  "starts_on",
  "ends_on",
  "authority",
  "decision_ref",
  "grounds",
  "legal_basis",
  "regions",
] as const;

export const ApplicationSchema = z
  .object({
    kind: z.enum(["liftSanction", "correctEvent", "appealReview"]),
    targetId: uuid,
    reasonCode: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.enum(REVIEW_REMOVAL_REASONS, { errorMap: () => ({ message: "errors.application.reasonCode" }) }).optional(),
    ),
    grounds: text(10, 5000, "errors.application.grounds"),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "appealReview" && !v.reasonCode)
      ctx.addIssue({ code: "custom", path: ["reasonCode"], message: "errors.application.reasonCode" });
  });
export type ApplicationInput = z.output<typeof ApplicationSchema>;

export const TerminateSchema = z.object({ reason: text(5, 2000, "errors.contract.terminationReason") });

/** A regulator dismissing a proposed sanction (the abandoned-awards rule's), with its reason. */
export const DismissProposalSchema = z.object({ id: uuid, reason: z.string().trim().min(2, "errors.reason").max(2000, "errors.tooLong") });

export const COMPLAINT_STATUSES = ["pending", "upheld", "dismissed"] as const;

/** The public complaint register's filter and page, as they appear in the URL: anything else is ignored. */
export const PublicComplaintsQuerySchema = z.object({
  status: z.enum(COMPLAINT_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});
