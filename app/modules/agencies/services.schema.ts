import { z } from "zod";
import { parsePercentToBp } from "~/lib/money";
import { optionalYuan } from "~/lib/zod-money";
import { checkbox } from "./profile.schema";

export const FEE_MODES = ["fixed", "range", "rate"] as const;

/** A service listing as typed in the form: fee in yuan (→ fen), a rate in percent (→ basis points). */
export const ServiceListingSchema = z
  .object({
    serviceItemId: z.coerce
      .number({ invalid_type_error: "errors.serviceItem" })
      .int()
      .positive("errors.serviceItem")
      .max(2_147_483_647, "errors.serviceItem"),
    feeMode: z.enum(FEE_MODES, { errorMap: () => ({ message: "errors.fee.mode" }) }),
    feeMin: optionalYuan,
    feeMax: optionalYuan,
    feeRate: z.string().optional(),
    feeBasis: z.string().trim().max(200, "errors.tooLong").optional(),
    committedDays: z.coerce
      .number({ invalid_type_error: "errors.days.invalid" })
      .int("errors.days.invalid")
      .min(1, "errors.days.invalid")
      .max(3650, "errors.days.invalid"),
    pledge: z.string().trim().min(1, "errors.required").min(4, "errors.tooShort").max(1000, "errors.tooLong"),
    regions: z
      .array(z.string().regex(/^\d{6}$/, "errors.region.invalid"))
      .max(50, "errors.tooLong")
      .default([]),
    active: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.feeMode === "fixed" && v.feeMin == null) ctx.addIssue({ code: "custom", path: ["feeMin"], message: "errors.required" });
    if (v.feeMode === "range") {
      if (v.feeMin == null) ctx.addIssue({ code: "custom", path: ["feeMin"], message: "errors.required" });
      if (v.feeMax == null) ctx.addIssue({ code: "custom", path: ["feeMax"], message: "errors.required" });
      if (v.feeMin != null && v.feeMax != null && v.feeMax <= v.feeMin)
        ctx.addIssue({ code: "custom", path: ["feeMax"], message: "errors.money.range" });
    }
    if (v.feeMode === "rate") {
      const bp = parsePercentToBp(v.feeRate ?? "");
      if (bp === null || bp <= 0 || bp > 10000) ctx.addIssue({ code: "custom", path: ["feeRate"], message: "errors.fee.rate" });
      if (!v.feeBasis) ctx.addIssue({ code: "custom", path: ["feeBasis"], message: "errors.fee.basis" });
    }
  })
  .transform((v) => ({
    serviceItemId: v.serviceItemId,
    active: v.active,
    feeMode: v.feeMode,
    feeMinFen: v.feeMode === "rate" ? null : v.feeMin,
    feeMaxFen: v.feeMode === "fixed" ? v.feeMin : v.feeMode === "range" ? v.feeMax : null,
    feeRateBp: v.feeMode === "rate" ? parsePercentToBp(v.feeRate ?? "") : null,
    feeBasis: v.feeBasis ? v.feeBasis : null,
    committedDays: v.committedDays,
    pledge: v.pledge,
    regions: [...new Set(v.regions)].sort(),
  }));

export type ServiceListingInput = z.output<typeof ServiceListingSchema>;
export const SERVICE_LISTING_ARRAYS = ["regions"];
