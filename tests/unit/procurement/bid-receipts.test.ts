import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "~/modules/audit/audit.rules";
import { bidHash } from "~/modules/procurement/bids.server";
import { badCommitments, bidCommitment, eligibleListHash, type EligibleEntry } from "~/modules/procurement/draw.rules";
import { makeReceipt, receiptHash, type BidReceipt } from "~/modules/procurement/receipts.rules";
import { verifyReceipt, type DrawInputsV2 } from "~/modules/procurement/verify";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const P = "00000000-0000-4000-8000-000000000001";
const A = "00000000-0000-4000-8000-000000000101";
const B = "00000000-0000-4000-8000-000000000102";
const BID_A = "00000000-0000-4000-8000-000000000201";
const BID_B = "00000000-0000-4000-8000-000000000202";
const D1 = sha("technical proposal");
const D2 = sha("qualification");
const base = { projectId: P, agencyId: A, priceFen: 40_000_00, version: 1, nonce: "1".repeat(32) };

describe("a bid's commitment with documents (draw.rules.ts step 2)", () => {
  it("is unchanged for a bid without documents (the value before documents existed)", () => {
    const before = sha(`{"agencyId":"${A}","nonce":"${"1".repeat(32)}","priceFen":4000000,"projectId":"${P}","version":1}`);
    expect(bidCommitment(base)).toBe(before);
    expect(bidCommitment({ ...base, documents: [] })).toBe(before);
    expect(before).toBe("cc894794cb5b07723d35d85d290998fc06049eb98c0fd3c0003a95091184e654");
  });

  it("golden value: binds the documents' hashes, sorted, in the canonical JSON", () => {
    const withDocs = bidCommitment({ ...base, documents: [D2, D1] });
    const sorted = [D1, D2].sort();
    expect(withDocs).toBe(
      sha(
        `{"agencyId":"${A}","documents":["${sorted[0]}","${sorted[1]}"],"nonce":"${"1".repeat(32)}","priceFen":4000000,"projectId":"${P}","version":1}`,
      ),
    );
    expect(withDocs).toBe("51c0d1d25f2c0b96e0e07b57a161510e5c8f289bb674a652069ca7a5dc6491c0");
    // Order of upload does not matter; a swapped document does.
    expect(bidCommitment({ ...base, documents: [D1, D2] })).toBe(withDocs);
    expect(bidCommitment({ ...base, documents: [D1, sha("another proposal")] })).not.toBe(withDocs);
    expect(() => bidCommitment({ ...base, documents: ["not a hash"] })).toThrow();
  });

  it("the published entry carries the documents, and the verifier recomputes the commitment from them", () => {
    const e: EligibleEntry = {
      id: BID_A,
      ...base,
      documents: [D1, D2].sort(),
      hash: bidCommitment({ ...base, documents: [D1, D2] }),
      creditScore: 80,
    };
    expect(badCommitments(P, [e])).toEqual([]);
    expect(badCommitments(P, [{ ...e, documents: [D1] }])).toEqual([BID_A]);
    expect(badCommitments(P, [{ ...e, documents: undefined }])).toEqual([BID_A]);
    // A list without documents hashes as before (no "documents" member at all).
    const plain: EligibleEntry = { id: BID_B, ...base, agencyId: B, hash: bidCommitment({ ...base, agencyId: B }), creditScore: 70 };
    expect(eligibleListHash(P, [plain])).toBe(eligibleListHash(P, [{ ...plain, documents: [] }]));
    expect(eligibleListHash(P, [e, plain])).not.toBe(eligibleListHash(P, [{ ...e, documents: [D1] }, plain]));
  });

  it("the bid's content hash is unchanged without documents and binds them when there are some", () => {
    const content = { projectId: P, agencyId: A, priceFen: 1, committedDays: 10, proposal: null, nonce: "2".repeat(32) };
    expect(bidHash(content)).toBe(sha(canonicalJson(content)));
    expect(bidHash({ ...content, documents: [] })).toBe(sha(canonicalJson(content)));
    expect(bidHash({ ...content, documents: [D1] })).toBe(sha(canonicalJson({ ...content, documents: [D1] })));
  });
});

function receipt(over: Partial<BidReceipt> = {}): BidReceipt {
  return makeReceipt({
    format: "zjcs-bid-receipt-v1",
    id: "00000000-0000-4000-8000-000000000301",
    projectId: P,
    bidId: BID_A,
    agencyId: A,
    action: "submitted",
    version: 1,
    commitment: bidCommitment({ ...base, documents: [D1] }),
    bidHash: sha("content"),
    documents: [{ kind: "technical", name: "技术方案.pdf", sha256: D1, sizeBytes: 1234 }],
    receivedAt: "2026-12-08T02:03:04.005Z",
    ...over,
  });
}

function draw(entries: EligibleEntry[]): DrawInputsV2 {
  return { algorithm: "zjcs-draw-v2", projectId: P, list: { hash: eligibleListHash(P, entries), entries } } as unknown as DrawInputsV2;
}

const entryA = (version = 1, documents = [D1], nonce = base.nonce): EligibleEntry => {
  const p = { ...base, version, nonce, documents };
  return { id: BID_A, ...p, hash: bidCommitment(p), creditScore: 80 };
};
const entryB: EligibleEntry = { id: BID_B, ...base, agencyId: B, hash: bidCommitment({ ...base, agencyId: B }), creditScore: 70 };

describe("verifyReceipt: was the receipt's bid in the opening?", () => {
  it("a receipt's hash covers its canonical content", () => {
    const r = receipt();
    expect(receiptHash(r)).toBe(r.receiptHash);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("accepts a receipt whose bid is in the opening at its version and commitment", () => {
    const c = verifyReceipt(JSON.parse(JSON.stringify(receipt())), draw([entryA(), entryB]));
    expect(c).toMatchObject({ ok: true, verdict: "included", entryId: BID_A });
  });

  it("rejects a forged receipt (content changed, or a hash made up)", () => {
    const r = receipt();
    expect(verifyReceipt({ ...r, version: 2 }, draw([entryA()]))).toMatchObject({ ok: false, verdict: "forged" });
    expect(verifyReceipt({ ...r, receiptHash: "0".repeat(64) }, draw([entryA()]))).toMatchObject({ ok: false, verdict: "forged" });
    expect(verifyReceipt({ hello: 1 }, draw([entryA()]))).toMatchObject({ ok: false, verdict: "forged" });
    expect(verifyReceipt(receipt({ projectId: "00000000-0000-4000-8000-000000000009" }), draw([entryA()]))).toMatchObject({
      verdict: "otherProject",
    });
  });

  it("rejects a superseded receipt: a later version is in the opening, or a later receipt revised it", () => {
    expect(verifyReceipt(receipt(), draw([entryA(2), entryB]))).toMatchObject({ ok: false, verdict: "superseded", entryId: BID_A });
    const later = receipt({
      id: "00000000-0000-4000-8000-000000000302",
      action: "revised",
      version: 2,
      receivedAt: "2026-12-08T03:00:00.000Z",
    });
    expect(verifyReceipt(receipt(), draw([entryB]), [later])).toMatchObject({ ok: false, verdict: "superseded" });
  });

  it("rejects a withdrawn receipt's bid, and honours the withdrawal receipt itself", () => {
    const w = receipt({ id: "00000000-0000-4000-8000-000000000303", action: "withdrawn", receivedAt: "2026-12-08T04:00:00.000Z" });
    expect(verifyReceipt(receipt(), draw([entryB]), [w])).toMatchObject({ ok: false, verdict: "withdrawn" });
    expect(verifyReceipt(w, draw([entryB]))).toMatchObject({ ok: true, verdict: "withdrawalHonoured" });
    expect(verifyReceipt(w, draw([entryA(), entryB]))).toMatchObject({ ok: false, verdict: "withdrawalIgnored" });
    // A forged "later withdrawal" explains nothing.
    expect(verifyReceipt(receipt(), draw([entryB]), [{ ...w, receiptHash: "f".repeat(64) }])).toMatchObject({ verdict: "missing" });
  });

  it("rejects a dropped bid (missing) and one changed after it was received (altered), with the reason", () => {
    const missing = verifyReceipt(receipt(), draw([entryB]));
    expect(missing).toMatchObject({ ok: false, verdict: "missing" });
    expect(missing.reason).toMatch(/dropped/);
    // A document swapped before the opening: the opening's entry is self-consistent, but not the receipt's commitment.
    const swapped = verifyReceipt(receipt(), draw([entryA(1, [sha("another proposal")]), entryB]));
    expect(swapped).toMatchObject({ ok: false, verdict: "altered", entryId: BID_A });
    expect(swapped.reason).toMatch(/changed after it was received/);
    // An opening that used an older version than the receipt's: the revision was dropped.
    expect(verifyReceipt(receipt({ action: "revised", version: 2 }), draw([entryA(1)]))).toMatchObject({ verdict: "altered" });
  });
});
