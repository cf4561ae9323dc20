import { createHash } from "node:crypto";
import { canonicalJson } from "~/modules/audit/audit.rules";
import type { BidDocumentKind } from "./bid-documents.rules";

export { BID_DOCUMENT_KINDS, MAX_BID_DOCUMENTS, type BidDocumentKind } from "./bid-documents.rules";

/**
 * # Bid receipts (回执)
 *
 * Every submission, revision and withdrawal of a bid gives the agency a receipt, written in the same
 * transaction as the bid change (bid_receipts, append-only). It says which project, when the platform
 * received the bid (`receivedAt`, ISO 8601 UTC with milliseconds), which version, the bid's commitment
 * (zjcs-draw-v2, draw.rules.ts step 2: agency, price, version, nonce and the documents' hashes), the bid's
 * content hash (`bidHash`, bids.hash, what a zjcs-draw-v1 draw uses) and the documents it carried.
 *
 * `receiptHash = hex(SHA-256(UTF-8(canonicalJson(content))))` where content is every field below except
 * `receiptHash` itself, documents sorted by (sha256, name). The agency keeps the receipt as JSON; after
 * the opening `verifyReceipt` (verify.ts) and `npm run verify:draw -- --receipt file.json` check it
 * against the published draw record.
 *
 * The receipt is not signed: it proves what the agency was told, and a platform that later publishes an
 * opening without it is caught by the receipt's holder, not by a third party alone (see decision 042).
 */
export const RECEIPT_FORMAT = "zjcs-bid-receipt-v1";

export type ReceiptAction = "submitted" | "revised" | "withdrawn";

export interface ReceiptDocument {
  kind: BidDocumentKind;
  name: string;
  sha256: string;
  sizeBytes: number;
}

export interface BidReceipt {
  format: typeof RECEIPT_FORMAT;
  id: string;
  projectId: string;
  bidId: string;
  agencyId: string;
  action: ReceiptAction;
  version: number;
  commitment: string;
  bidHash: string;
  documents: ReceiptDocument[];
  receivedAt: string;
  receiptHash: string;
}

export type ReceiptContent = Omit<BidReceipt, "receiptHash">;

function sortedDocuments(docs: readonly ReceiptDocument[]): ReceiptDocument[] {
  return docs
    .map((d) => ({ kind: d.kind, name: d.name, sha256: d.sha256, sizeBytes: d.sizeBytes }))
    .sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The receipt's canonical content: exactly the fields the hash covers, documents in order. */
export function receiptContent(r: ReceiptContent): ReceiptContent {
  return {
    format: RECEIPT_FORMAT,
    id: r.id,
    projectId: r.projectId,
    bidId: r.bidId,
    agencyId: r.agencyId,
    action: r.action,
    version: r.version,
    commitment: r.commitment,
    bidHash: r.bidHash,
    documents: sortedDocuments(r.documents),
    receivedAt: new Date(r.receivedAt).toISOString(),
  };
}

export function receiptHash(r: ReceiptContent): string {
  return createHash("sha256")
    .update(canonicalJson(receiptContent(r)))
    .digest("hex");
}

export function makeReceipt(r: ReceiptContent): BidReceipt {
  const content = receiptContent(r);
  return { ...content, receiptHash: receiptHash(content) };
}

/** Whether a value read from a file has the receipt's shape (its hash is checked by verifyReceipt). */
export function isBidReceipt(x: unknown): x is BidReceipt {
  if (!x || typeof x !== "object") return false;
  const r = x as Record<string, unknown>;
  return (
    r.format === RECEIPT_FORMAT &&
    ["id", "projectId", "bidId", "agencyId", "commitment", "bidHash", "receivedAt", "receiptHash"].every((k) => typeof r[k] === "string") &&
    ["submitted", "revised", "withdrawn"].includes(r.action as string) &&
    Number.isSafeInteger(r.version) &&
    Array.isArray(r.documents)
  );
}
