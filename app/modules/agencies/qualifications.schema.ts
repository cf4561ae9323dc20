import { z } from "zod";

const isoDate = z
  .string({ required_error: "errors.required" })
  .min(1, "errors.required")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "errors.date");

const text = (min: number, max: number) =>
  z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").min(min, "errors.tooShort").max(max, "errors.tooLong");

export const QualificationSchema = z
  .object({
    serviceItemId: z.coerce
      .number({ invalid_type_error: "errors.serviceItem" })
      .int()
      .positive("errors.serviceItem")
      .max(2_147_483_647, "errors.serviceItem"),
    qualType: text(2, 100),
    level: z
      .string()
      .trim()
      .max(50, "errors.tooLong")
      .optional()
      .transform((v) => v || null),
    certificateNo: text(2, 100),
    issuer: text(2, 100),
    validFrom: isoDate,
    validTo: isoDate,
  })
  .superRefine((v, ctx) => {
    if (v.validTo < v.validFrom) ctx.addIssue({ code: "custom", path: ["validTo"], message: "errors.date.order" });
  });
export type QualificationInput = z.output<typeof QualificationSchema>;

export const ReviewSchema = z
  .object({
    decision: z.enum(["verify", "reject"], { errorMap: () => ({ message: "errors.decision" }) }),
    reason: z.string().trim().max(1000, "errors.tooLong").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "reject" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "errors.reason" });
  });
export type ReviewInput = z.output<typeof ReviewSchema>;

export const QUEUE_TABS = ["pending", "verified", "rejected"] as const;
/** The regulator's queue tab, from the URL: anything else shows the pending ones. */
export const QueueTabSchema = z.enum(QUEUE_TABS).catch("pending");

/** The qualification a decision is about (a hidden field of each queue row). */
export const QualificationIdSchema = z.string().uuid();
