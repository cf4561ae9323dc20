import type receiptsZh from "./receipts.zh-CN";

const receiptsEn: { [K in keyof typeof receiptsZh]: string } = {
  "bid.documents": "Response documents",
  "bid.documents.hint":
    "Technical proposal, qualification proofs and the like: PDF, JPEG or PNG, at most {max} files, 10 MB in all. Sealed like the price until the opening; their hashes are part of the bid's commitment. A revision without files keeps the ones sent before; with files, it replaces them all.",
  "bid.documents.kind.technical": "Technical proposal",
  "bid.documents.kind.qualification": "Qualification proofs",
  "bid.documents.kind.other": "Other documents",
  "bid.documents.yours": "This bid's response documents",
  "bid.documents.opened": "Response documents",
  "errors.bid.documentsTooMany": "At most {max} response documents",
  "errors.bid.documentsTooLarge": "The response documents may be at most 10 MB in all",
  "receipt.list": "Bid receipts",
  "receipt.list.hint":
    "Every submission, revision and withdrawal has a receipt. Keep or print it: after the opening it shows whether this bid was in the opening record.",
  "receipt.open": "Open receipt",
  "receipt.title": "Bid receipt",
  "receipt.action.submitted": "Bid submitted",
  "receipt.action.revised": "Bid revised",
  "receipt.action.withdrawn": "Bid withdrawn",
  "receipt.project": "Project",
  "receipt.agency": "Bidding agency",
  "receipt.action": "Action",
  "receipt.receivedAt": "Received at (Beijing time)",
  "receipt.version": "Bid version",
  "receipt.commitment": "Bid commitment hash",
  "receipt.bidHash": "Bid content hash",
  "receipt.documents": "Response documents' hashes (SHA-256)",
  "receipt.documents.none": "No response documents",
  "receipt.hash": "Receipt hash",
  "receipt.id": "Receipt number",
  "receipt.print": "Print",
  "receipt.json": "Download the receipt (JSON)",
  "receipt.explain":
    "This receipt shows that the platform received this version of the bid at the time above. After the opening, npm run verify:draw -- <project id> --receipt receipt.json checks whether the bid (agency, version, commitment hash) is in the published opening record, and if not, why (withdrawn later, replaced by a later version, or dropped by the platform).",
  "receipt.notice": "Receipt issued:",
};

export default receiptsEn;
