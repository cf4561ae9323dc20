import { CANCEL_GROUNDS } from "./amendments.rules";
import { z } from "zod";
import { yuanField, optionalYuan } from "~/lib/zod-money";
import { checkbox } from "~/modules/agencies/profile.schema";
import { SELECTION_METHODS } from "./projects.rules";

// The database counts characters (code points), not UTF-16 units: "😀😀" is two characters, not four.
const text = (min: number, max: number) =>
  z
    .string({ required_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(max, "errors.tooLong")
    .refine((s) => s.length === 0 || [...s].length >= min, "errors.tooShort");

/** "YYYY-MM-DDTHH:mm" typed in a datetime-local field, read as Beijing time. */
export const beijingDateTime = z
  .string({ required_error: "errors.required" })
  .min(1, "errors.required")
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "errors.datetime")
  .transform((v, ctx) => {
    const d = new Date(`${v}:00+08:00`);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "errors.datetime" });
      return z.NEVER;
    }
    // A day that does not exist (2027-02-30) is not moved to one that does (2027-03-02): the same
    // wall-clock time must read back in Beijing.
    const back = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
    if (back !== v) {
      ctx.addIssue({ code: "custom", message: "errors.datetime.noSuchDay" });
      return z.NEVER;
    }
    return d;
  });

const weight = z.preprocess(
  (v) => (v === "" || v == null ? null : v),
  z.coerce.number().int("errors.project.weight").min(0, "errors.project.weight").max(100, "errors.project.weight").nullable(),
);

export const ProjectSchema = z
  .object({
    title: text(4, 200),
    serviceItemId: z.coerce
      .number({ invalid_type_error: "errors.serviceItem" })
      .int()
      .positive("errors.serviceItem")
      .max(2_147_483_647, "errors.serviceItem"),
    regionCode: z.string({ required_error: "errors.required" }).regex(/^\d{6}$/, "errors.region.invalid"),
    description: text(10, 5000),
    deliverables: text(2, 2000),
    priceCeiling: yuanField.refine((v) => v !== null && v > 0, "errors.required"),
    priceFloor: optionalYuan,
    governmentFunded: checkbox,
    selectionMethod: z.enum(SELECTION_METHODS, { errorMap: () => ({ message: "errors.project.method" }) }),
    bidDeadline: beijingDateTime,
    expectedDays: z.coerce
      .number({ invalid_type_error: "errors.days.invalid" })
      .int("errors.days.invalid")
      .min(1, "errors.days.invalid")
      .max(3650, "errors.days.invalid"),
    priceWeight: weight.optional(),
    technicalWeight: weight.optional(),
    creditWeight: weight.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.priceFloor != null && v.priceCeiling != null && v.priceFloor > v.priceCeiling)
      ctx.addIssue({ code: "custom", path: ["priceFloor"], message: "errors.project.floorAboveCeiling" });
  })
  .transform((v) => ({
    title: v.title,
    serviceItemId: v.serviceItemId,
    regionCode: v.regionCode,
    description: v.description,
    deliverables: v.deliverables,
    priceCeilingFen: v.priceCeiling as number,
    priceFloorFen: v.priceFloor,
    governmentFunded: v.governmentFunded,
    selectionMethod: v.selectionMethod,
    bidDeadline: v.bidDeadline,
    expectedDays: v.expectedDays,
    priceWeight: v.selectionMethod === "scored" ? (v.priceWeight ?? null) : null,
    technicalWeight: v.selectionMethod === "scored" ? (v.technicalWeight ?? null) : null,
    creditWeight: v.selectionMethod === "scored" ? (v.creditWeight ?? null) : null,
  }));
export type ProjectInput = z.output<typeof ProjectSchema>;

export const BidSchema = z.object({
  price: yuanField.refine((v) => v !== null && v > 0, "errors.required"),
  committedDays: z.coerce
    .number({ invalid_type_error: "errors.days.invalid" })
    .int("errors.days.invalid")
    .min(1, "errors.days.invalid")
    .max(3650, "errors.days.invalid"),
  proposal: z
    .string()
    .trim()
    .max(10000, "errors.tooLong")
    .optional()
    .transform((v) => v || null),
  /** Required only for an abnormally low price (bidding.rules.ts); published after the opening. */
  justification: z
    .string()
    .trim()
    .max(5000, "errors.tooLong")
    .optional()
    .transform((v) => v || null),
});
export type BidInput = z.output<typeof BidSchema>;

export const QuestionSchema = z.object({ question: text(2, 2000) });
export const AnswerSchema = z.object({ questionId: z.string().uuid(), answer: text(1, 4000) });

/**
 * The owner completing a selection: a pick (bid or, for direct selection, agency), a reason, a price
 * agreed in a direct selection, the evaluator's technical scores (fields tech_<bidId>) and declaration.
 */
export const CompleteSelectionSchema = z
  .object({
    bidId: z.string().optional(),
    agencyId: z.string().optional(),
    reason: z.string().trim().optional(),
    price: optionalYuan,
    declaredNoConflict: checkbox,
  })
  .passthrough()
  .transform((v, ctx) => {
    const technicalScores: Record<string, number[]> = {};
    for (const [k, raw] of Object.entries(v)) {
      if (!k.startsWith("tech_") || typeof raw !== "string" || !raw.trim()) continue;
      const n = Number(raw);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", path: ["_form"], message: "errors.selection.technicalRange" });
        return z.NEVER;
      }
      technicalScores[k.slice("tech_".length)] = [n];
    }
    return {
      bidId: v.bidId ?? "",
      agencyId: v.agencyId ?? "",
      reason: v.reason ?? "",
      priceFen: v.price,
      declaredNoConflict: v.declaredNoConflict,
      technicalScores,
    };
  });

/** A project's id in its address: anything else names no project (and must never reach a uuid column). */
export const ProjectIdSchema = z.string().uuid();

const oneMessage = (message: string) => z.string({ required_error: message, invalid_type_error: message });

/** The owner recording the signed contract: the day it was signed (the document travels beside it). */
export const SignContractSchema = z.object({ signedOn: oneMessage("errors.date").regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date") });

/** The winner's delivery note. */
export const DeliverySchema = z.object({
  note: oneMessage("errors.required").trim().min(2, "errors.required").max(5000, "errors.required"),
});

/**
 * The owner's decision on a delivery (its buttons say accept or return) and the reason given with it;
 * whether a return has one is the contract's rule.
 */
export const DeliveryDecisionSchema = z.object({
  reason: oneMessage("errors.reason")
    .trim()
    .optional()
    .transform((v) => v || null),
});

/** A bidder's objection to an award: at least ten characters, counted as the database counts them. */
export const ObjectionSchema = z.object({
  grounds: oneMessage("errors.objection.grounds")
    .trim()
    .refine((s) => s.length <= 5000 && [...s].length >= 10, "errors.objection.grounds"),
});

/** The owner's answer to an objection. */
export const ObjectionAnswerSchema = z.object({
  answer: oneMessage("errors.required").trim().min(2, "errors.required").max(5000, "errors.required"),
});

/** Publishing a draft: the key the form was shown with, so that a retried publish publishes once. */
export const PublishSchema = z.object({ publishKey: z.unknown() }).transform((v, ctx) => {
  const key = z.string().uuid().safeParse(v.publishKey);
  if (!key.success) {
    // A hidden field the person cannot correct: the message belongs to the form.
    ctx.addIssue({ code: "custom", path: ["_form"], message: "errors.required" });
    return z.NEVER;
  }
  return { publishKey: key.data };
});

/** The owner cancelling a notice, and why. */
export const CancelProjectSchema = z.object({
  ground: z.enum(CANCEL_GROUNDS, { message: "errors.cancel.ground" }),
  explanation: oneMessage("errors.required").trim().min(10, "errors.cancel.explanation").max(1000, "errors.tooLong"),
});

/** A document attached to a draft notice (the file travels beside it). */
export const AttachmentSchema = z.object({
  title: oneMessage("errors.required").trim().min(1, "errors.required").max(200, "errors.tooLong"),
  confidential: z.literal("on").optional(),
});

/** A regulator's decision on an objection to an award. */
export const ObjectionDecisionSchema = z.object({
  id: z.string().uuid("errors.notFound"),
  decision: z.enum(["uphold", "dismiss"], { errorMap: () => ({ message: "errors.decision" }) }),
  reason: oneMessage("errors.reason").trim().min(2, "errors.reason").max(2000, "errors.tooLong"),
});
