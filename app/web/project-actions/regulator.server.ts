import { parseForm } from "~/lib/forms";
import { orderRefund } from "~/modules/payments/payments.server";
import { RefundOrderSchema } from "~/modules/payments/payments.schema";
import { rateContract } from "~/modules/trust/reviews.server";
import { DepartmentRatingSchema } from "~/modules/trust/trust.schema";
import { invalid } from "~/web/actions.server";
import type { ProjectIntent } from "./shared.server";

/** What a competent regulator does on a project page: rate the contract's performance, order a refund. */
export const regulatorIntents = {
  async rate({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(DepartmentRatingSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await rateContract(context.db, viewer, id, parsed.data);
    return back("rated=1");
  },
  async orderRefund({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(RefundOrderSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await orderRefund(context.db, context.payments, viewer, id, parsed.data.amount, parsed.data.reason);
    return back("refundOrdered=1");
  },
} satisfies Record<string, ProjectIntent>;
