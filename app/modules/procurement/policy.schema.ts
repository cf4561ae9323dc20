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
  })
  .transform(({ directCeiling, ...v }) => ({ ...v, directCeilingFen: directCeiling as number }));
export type PolicyInput = z.output<typeof PolicySchema>;
