/** A bid's response documents (响应文件): their kinds and how many a bid may carry (shared by the form and the server). */
export type BidDocumentKind = "technical" | "qualification" | "other";
export const BID_DOCUMENT_KINDS: readonly BidDocumentKind[] = ["technical", "qualification", "other"];

/** At most this many documents per bid; together within one upload's limit (MAX_UPLOAD_BYTES). */
export const MAX_BID_DOCUMENTS = 5;
