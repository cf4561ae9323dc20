import { z } from "zod";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "errors.tooLong")
    .optional()
    .transform((v) => (v ? v : null));

const requiredText = (min: number, max: number) =>
  z
    .string({ required_error: "errors.required", invalid_type_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .min(min, "errors.tooShort")
    .max(max, "errors.tooLong");

export const phoneSchema = z
  .string({ required_error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .regex(/^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, "errors.phone");

/** A checkbox: "on" when ticked, absent otherwise. */
export const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("1"), z.literal("")])
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");

/** The public registration details of an agency (seed 003: 名称、法定代表人、服务场所、联系方式、业务范围). */
export const AgencyDetailsSchema = z.object({
  legalRepresentative: requiredText(2, 50),
  address: requiredText(4, 200),
  businessScope: requiredText(4, 2000),
  contactPerson: optionalText(50),
  contactPhone: phoneSchema,
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "errors.tooLong")
    .email("errors.email")
    .optional()
    .or(z.literal("").transform(() => undefined))
    .transform((v) => v ?? null),
  contactPublic: checkbox,
});
export type AgencyDetails = z.output<typeof AgencyDetailsSchema>;

export const PledgeSchema = z.object({
  pledge: z.literal("on", { errorMap: () => ({ message: "errors.pledge" }) }),
});
