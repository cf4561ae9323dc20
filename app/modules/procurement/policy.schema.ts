import { z } from "zod";
import { yuanField } from "~/lib/zod-money";
import { SELECTION_METHODS } from "./projects.rules";

/** A new version of a region's procedure policy, as the regulator's form sends it. */
export const PolicySchema = z
  .object({
    allowedMethods: z.array(z.enum(SELECTION_METHODS)).min(1, "errors.policy.methods"),
    minBidsGovernment: z.coerce.number().int("errors.policy.int").min(1, "errors.policy.int").max(50, "errors.policy.int"),
    minBidsOther: z.coerce.number().int("errors.policy.int").min(1, "errors.policy.int").max(50, "errors.policy.int"),
    minBiddingWorkdays: z.coerce.number().int("errors.policy.int").min(0, "errors.policy.int").max(60, "errors.policy.int"),
    publicityWorkdays: z.coerce.number().int("errors.policy.int").min(0, "errors.policy.int").max(30, "errors.policy.int"),
    objectionAnswerWorkdays: z.coerce.number().int("errors.policy.int").min(1, "errors.policy.int").max(30, "errors.policy.int"),
    signingWorkdays: z.coerce.number().int("errors.policy.int").min(1, "errors.policy.int").max(60, "errors.policy.int"),
    directCeiling: yuanField.refine((v) => v !== null, "errors.required"),
    abnormallyLowPct: z.coerce.number().int("errors.policy.int").min(1, "errors.policy.int").max(90, "errors.policy.int"),
    complaintWindowDays: z.coerce.number().int("errors.policy.int").min(1, "errors.policy.int").max(3650, "errors.policy.int").default(90),
    maxBiddingDays: z.coerce.number().int("errors.policy.int").min(5, "errors.policy.int").max(365, "errors.policy.int").default(90),
    directFloorPct: z.coerce.number().int("errors.policy.int").min(0, "errors.policy.int").max(100, "errors.policy.int").default(30),
    abnormallyLowCeilingPct: z.coerce
      .number()
      .int("errors.policy.int")
      .min(1, "errors.policy.int")
      .max(100, "errors.policy.int")
      .default(40),
    complaintDecisionWorkdays: z.coerce
      .number()
      .int("errors.policy.int")
      .min(1, "errors.policy.int")
      .max(120, "errors.policy.int")
      .default(15),
    // Where the region's draws take their outside randomness (decision 043): the public beacon, or the
    // competent regulator office's reveal share, due within shareRevealWorkdays after the opening.
    drawRandomness: z.enum(["beacon", "regulatorShare"]).default("beacon"),
    shareRevealWorkdays: z.coerce.number().int("errors.policy.int").min(1, "errors.policy.int").max(20, "errors.policy.int").default(2),
    ...(Object.fromEntries(
      SELECTION_METHODS.map((m) => [
        `minBids_${m}`,
        z.preprocess(
          (v) => (v === "" || v == null ? undefined : v),
          z.coerce.number().int("errors.policy.int").min(1, "errors.policy.int").max(50, "errors.policy.int").optional(),
        ),
      ]),
    ) as unknown as Record<`minBids_${(typeof SELECTION_METHODS)[number]}`, z.ZodType<number | undefined, z.ZodTypeDef, unknown>>),
  })
  .transform(({ directCeiling, ...v }) => {
    const byMethod: Record<string, number> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      if (k.startsWith("minBids_")) {
        if (typeof val === "number") byMethod[k.slice("minBids_".length)] = val;
      } else rest[k] = val;
    }
    return { ...(rest as Omit<typeof v, `minBids_${string}`>), directCeilingFen: directCeiling as number, minBidsByMethod: byMethod };
  });
export type PolicyInput = z.output<typeof PolicySchema>;
