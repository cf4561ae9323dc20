import { redirect } from "@remix-run/node";
import { parseForm } from "~/lib/forms";
import {
  acceptDeliveryAndRelease,
  acceptMilestone,
  recordOfflinePayment,
  setMilestones,
  startFunding,
  terminateAndRefund,
} from "~/modules/payments/payments.server";
import { MilestonesSchema, OfflinePaymentSchema } from "~/modules/payments/payments.schema";
import { decideDelivery, signContract } from "~/modules/procurement/contracts.server";
import { answerObjection } from "~/modules/procurement/objections.server";
import {
  AnswerSchema,
  CompleteSelectionSchema,
  DeliveryDecisionSchema,
  ObjectionAnswerSchema,
  SignContractSchema,
} from "~/modules/procurement/projects.schema";
import { copyAsDraft } from "~/modules/procurement/projects.server";
import { answerQuestion } from "~/modules/procurement/questions.server";
import { completeSelection } from "~/modules/procurement/selection.server";
import { submitReview } from "~/modules/trust/reviews.server";
import { AgencyReviewSchema, TerminateSchema } from "~/modules/trust/trust.schema";
import { invalid } from "~/web/actions.server";
import { onTheForm, type ProjectIntent } from "./shared.server";

/**
 * What the owning organisation does on its project page: answer questions and objections, complete the
 * selection, sign, judge the delivery, pay, review the agency, end the contract, or start again.
 */
export const ownerIntents = {
  async answer({ context, viewer, form, scope, back }) {
    const parsed = parseForm(AnswerSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await answerQuestion(context.db, viewer, parsed.data.questionId, parsed.data.answer);
    return back("answered=1");
  },
  async complete({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(CompleteSelectionSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await completeSelection(context.db, viewer, id, parsed.data);
    return back("awarded=1");
  },
  async answerObjection({ context, viewer, form, scope, back }) {
    const parsed = parseForm(ObjectionAnswerSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await answerObjection(context.db, viewer, String(form.get("objectionId") ?? ""), parsed.data.answer);
    return back("objectionAnswered=1");
  },
  async sign({ context, viewer, id, form, scope, withDocument, back }) {
    const parsed = parseForm(SignContractSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await withDocument((fileId) => signContract(context.db, viewer, id, parsed.data.signedOn, new Date(), fileId));
    return back("signed=1");
  },
  /** Acceptance completes the contract and releases what the agency has not yet been paid. */
  async accept({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(DeliveryDecisionSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await acceptDeliveryAndRelease(context.db, context.payments, viewer, id, parsed.data.reason).catch(onTheForm);
    return back("accepted=1");
  },
  async return({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(DeliveryDecisionSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await decideDelivery(context.db, viewer, id, "return", parsed.data.reason);
    return back("returned=1");
  },
  async fund({ context, viewer, id }) {
    await startFunding(context.db, context.payments, viewer, id);
    return redirect(`/owner/projects/${id}/pay`);
  },
  async milestones({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(MilestonesSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await setMilestones(context.db, viewer, id, parsed.data);
    return back("milestones=1");
  },
  async acceptMilestone({ context, viewer, id, form, back }) {
    await acceptMilestone(context.db, context.payments, viewer, id, String(form.get("milestoneId") ?? "")).catch(onTheForm);
    return back("milestoneAccepted=1");
  },
  async offline({ context, viewer, id, form, scope, withDocument, back }) {
    const parsed = parseForm(OfflinePaymentSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    const { amount, paidOn, reference } = parsed.data;
    await withDocument((fileId) => recordOfflinePayment(context.db, viewer, id, { amountFen: amount!, paidOn, reference }, fileId));
    return back("paidOffline=1");
  },
  /** The owner reviews the agency, on the agency's dimensions. */
  async review({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(AgencyReviewSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await submitReview(context.db, viewer, id, parsed.data);
    return back("reviewed=1");
  },
  async terminate({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(TerminateSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await terminateAndRefund(context.db, context.payments, viewer, id, parsed.data.reason).catch(onTheForm);
    return back("terminated=1");
  },
  async copy({ context, viewer, id }) {
    const { id: draft } = await copyAsDraft(context.db, viewer, id);
    return redirect(`/owner/projects/${draft}`);
  },
} satisfies Record<string, ProjectIntent>;
