import { parseForm } from "~/lib/forms";
import { submitBid, withdrawBid } from "~/modules/procurement/bids.server";
import { abandonAward, submitDelivery } from "~/modules/procurement/contracts.server";
import { escalateObjection, fileObjection } from "~/modules/procurement/objections.server";
import { BidSchema, DeliverySchema, ObjectionSchema, QuestionSchema } from "~/modules/procurement/projects.schema";
import { BID_DOCUMENT_KINDS, type BidDocumentKind } from "~/modules/procurement/receipts.rules";
import { askQuestion } from "~/modules/procurement/questions.server";
import { replyToReview, submitReview } from "~/modules/trust/reviews.server";
import { OwnerReviewSchema, ReplySchema } from "~/modules/trust/trust.schema";
import { invalid } from "~/web/actions.server";
import type { ProjectIntent } from "./shared.server";

/** What an agency does on a project page: bid, ask, object, deliver, and answer the owner's review. */
export const agencyIntents = {
  async bid({ context, viewer, id, form, scope, filesOf, back }) {
    const parsed = parseForm(BidSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    // The response documents: one file field per kind (each may hold several files).
    const files = await filesOf(BID_DOCUMENT_KINDS.map((k) => `doc_${k}`));
    const uploads = files.map(({ field, upload }) => ({ ...upload, kind: field.slice(4) as BidDocumentKind }));
    const r = await submitBid(context.db, viewer, id, parsed.data, context.receivedAt, { files: context.files, uploads });
    return back(`bid=${r.version}&receipt=${r.receipt.id}`);
  },
  async withdraw({ context, viewer, id, back }) {
    const receipt = await withdrawBid(context.db, viewer, id);
    return back(`withdrawn=1&receipt=${receipt.id}`);
  },
  async ask({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(QuestionSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await askQuestion(context.db, viewer, id, parsed.data.question);
    return back("asked=1");
  },
  async object({ context, viewer, id, form, scope, withDocument, back }) {
    const parsed = parseForm(ObjectionSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await withDocument((fileId) => fileObjection(context.db, viewer, id, parsed.data.grounds, new Date(), fileId));
    return back("objected=1");
  },
  async escalate({ context, viewer, form, back }) {
    await escalateObjection(context.db, viewer, String(form.get("objectionId") ?? ""));
    return back("escalated=1");
  },
  async abandon({ context, viewer, id, back }) {
    await abandonAward(context.db, viewer, id);
    return back("abandoned=1");
  },
  async deliver({ context, viewer, id, form, scope, withDocument, back }) {
    const parsed = parseForm(DeliverySchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await withDocument((fileId) => submitDelivery(context.db, viewer, id, parsed.data.note, fileId));
    return back("delivered=1");
  },
  /** The agency reviews the owner, on the owner's dimensions. */
  async review({ context, viewer, id, form, scope, back }) {
    const parsed = parseForm(OwnerReviewSchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await submitReview(context.db, viewer, id, parsed.data);
    return back("reviewed=1");
  },
  async reply({ context, viewer, form, scope, back }) {
    const parsed = parseForm(ReplySchema, form);
    if (!parsed.ok) return invalid(parsed, { scope });
    await replyToReview(context.db, viewer, String(form.get("reviewId") ?? ""), parsed.data.reply);
    return back("replied=1");
  },
} satisfies Record<string, ProjectIntent>;
