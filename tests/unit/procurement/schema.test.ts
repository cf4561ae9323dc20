import { describe, expect, it } from "vitest";
import { DeliveryDecisionSchema } from "~/modules/procurement/projects.schema";

describe("the owner's decision on a delivery, as the form sends it", () => {
  it("keeps a reason trimmed, and reads none (blank or left out) as null", () => {
    expect(DeliveryDecisionSchema.parse({ reason: "  附图不全，请补充。 " })).toEqual({ reason: "附图不全，请补充。" });
    expect(DeliveryDecisionSchema.parse({ reason: "   " })).toEqual({ reason: null });
    expect(DeliveryDecisionSchema.parse({})).toEqual({ reason: null });
  });

  it("leaves whether a return needs a reason to the contract's rule, and sets no length of its own", () => {
    // The same form accepts (no reason needed) or returns; which one is the button's, not a field's.
    expect(DeliveryDecisionSchema.parse({ intent: "return", reason: "" })).toEqual({ reason: null });
    expect(DeliveryDecisionSchema.parse({ reason: "理".repeat(5000) }).reason).toHaveLength(5000);
  });

  it("refuses a reason that is not text", () => {
    expect(DeliveryDecisionSchema.safeParse({ reason: 7 }).error?.issues[0]).toMatchObject({ path: ["reason"], message: "errors.reason" });
  });
});
