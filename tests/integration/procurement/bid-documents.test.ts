import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/modules/identity/viewer";
import { useDrawBeacon } from "~/modules/procurement/beacon.server";
import { getBidDocumentFile, listOwnReceipts, ownBidDocuments } from "~/modules/procurement/bid-documents.server";
import { submitBid, withdrawBid, type BidUpload } from "~/modules/procurement/bids.server";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { createProject, publishProject } from "~/modules/procurement/projects.server";
import { drawDueBeacons, getPublishedDraw, openDueProjects } from "~/modules/procurement/selection.server";
import { checkDrawV2, isDrawInputsV2, verifyReceipt, type DrawInputsV2 } from "~/modules/procurement/verify";
import type { DatabaseHandle } from "~/server/db.server";
import { FileStore } from "~/server/files.server";
import { startLocalBeacon, type LocalBeacon } from "../../support/beacon";
import { createTestDatabase } from "../../support/db";
import { world } from "../../support/world";

let h: DatabaseHandle;
let files: FileStore;
let dir: string;
let beacon: LocalBeacon;
let owner: Viewer;
let regulator: Viewer;
const agencies: Viewer[] = [];
let eiaFormId: number;

const pdf = (text: string): BidUpload["bytes"] => new TextEncoder().encode(`%PDF-1.4\n${text}\n`);
const doc = (kind: BidUpload["kind"], text: string, name = `${text}.pdf`): BidUpload => ({ kind, name, bytes: pdf(text) });

function projectInput() {
  const deadline = new Date(Date.now() + 20 * 86_400_000);
  return ProjectSchema.parse({
    title: "响应文件测试项目环境影响报告表编制",
    serviceItemId: String(eiaFormId),
    regionCode: "320100",
    description: "新建厂房项目，需编制环境影响报告表并配合报批。",
    deliverables: "环境影响报告表及批复",
    priceCeiling: "50000",
    selectionMethod: "randomDraw",
    bidDeadline: new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 16),
    expectedDays: "20",
  });
}

async function publishedProject(): Promise<string> {
  const { id } = await createProject(h.db, owner, projectInput());
  await publishProject(h.db, owner, id, crypto.randomUUID());
  return id;
}

async function open(id: string) {
  await sql`update projects set published_at = now() - interval '10 days', bid_deadline = now() - interval '1 second' where id = ${id}`.execute(
    h.db,
  );
  await openDueProjects(h.db);
}

async function drawn(id: string): Promise<DrawInputsV2> {
  const row = await h.db.selectFrom("drawBeacons").select("drawRoundAt").where("projectId", "=", id).executeTakeFirstOrThrow();
  beacon.now = new Date(new Date(row.drawRoundAt!).getTime() + 1000);
  await drawDueBeacons(h.db, beacon.config, beacon.now);
  const inputs = await getPublishedDraw(h.db, id);
  if (!isDrawInputsV2(inputs)) throw new Error("expected a v2 draw");
  return JSON.parse(JSON.stringify(inputs)) as DrawInputsV2;
}

const receiptsOf = (bidId: string) => h.db.selectFrom("bidReceipts").selectAll().where("bidId", "=", bidId).orderBy("receivedAt").execute();

beforeAll(async () => {
  h = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-bid-docs-"));
  files = new FileStore(dir);
  beacon = await startLocalBeacon();
  useDrawBeacon(beacon.config);
  const w = world(h.db);
  eiaFormId = await w.itemId("eia-form");
  owner = await w.owner("响应文件测试业主有限公司");
  regulator = await w.regulator("南京市响应文件测试监管局", "320100", "all");
  for (let i = 0; i < 4; i++) agencies.push(await w.agency(`响应文件测试机构${i}有限公司`));
});
afterAll(async () => {
  useDrawBeacon(undefined);
  await beacon?.close();
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("bid documents and receipts", () => {
  it("a submission, a revision and a withdrawal each write a receipt with the bid change; documents are kept or replaced", async () => {
    const id = await publishedProject();
    const a = agencies[0]!;
    const first = await submitBid(h.db, a, id, { price: 45_000_00, committedDays: 10, proposal: null }, new Date(), {
      files,
      uploads: [doc("technical", "技术方案"), doc("qualification", "资质证书")],
    });
    expect(first.receipt).toMatchObject({ action: "submitted", version: 1, projectId: id, agencyId: a.org!.id });
    expect(first.receipt.documents.map((d) => d.kind).sort()).toEqual(["qualification", "technical"]);
    const docs = await ownBidDocuments(h.db, a, id);
    expect(docs).toHaveLength(2);
    // The stored bytes hash to what the receipt names.
    for (const d of docs) expect(first.receipt.documents.map((x) => x.sha256)).toContain(d.sha256);

    // A revision without files keeps the documents; their hashes stay inside the new commitment.
    const second = await submitBid(h.db, a, id, { price: 44_000_00, committedDays: 10, proposal: null });
    expect(second.receipt).toMatchObject({ action: "revised", version: 2 });
    expect(second.receipt.documents.map((d) => d.sha256).sort()).toEqual(first.receipt.documents.map((d) => d.sha256).sort());
    expect(second.receipt.commitment).not.toBe(first.receipt.commitment);
    // With files, they replace the set.
    const third = await submitBid(h.db, a, id, { price: 44_000_00, committedDays: 10, proposal: null }, new Date(), {
      files,
      uploads: [doc("other", "补充说明")],
    });
    expect(third.receipt.documents).toEqual([expect.objectContaining({ kind: "other", name: "补充说明.pdf" })]);
    expect(await ownBidDocuments(h.db, a, id)).toHaveLength(1);

    const w = await withdrawBid(h.db, a, id);
    expect(w).toMatchObject({ action: "withdrawn", version: 3, commitment: third.receipt.commitment, bidId: third.id });
    const rows = await receiptsOf(first.id);
    expect(rows.map((r) => [r.action, r.version])).toEqual([
      ["submitted", 1],
      ["revised", 2],
      ["revised", 3],
      ["withdrawn", 3],
    ]);
    // The agency's own receipts; nobody else's list has them.
    expect((await listOwnReceipts(h.db, a, id)).map((r) => r.receiptHash)).toEqual(rows.map((r) => r.receiptHash).reverse());
    for (const v of [agencies[1]!, owner, regulator, null]) expect(await listOwnReceipts(h.db, v, id)).toEqual([]);
  });

  it("a refused bid leaves no receipt, no document and no stored file", async () => {
    const id = await publishedProject();
    const a = agencies[1]!;
    const before = fs.readdirSync(dir, { recursive: true }).length;
    await expect(
      submitBid(h.db, a, id, { price: 60_000_00, committedDays: 10, proposal: null }, new Date(), {
        files,
        uploads: [doc("technical", "超限报价技术方案")],
      }),
    ).rejects.toMatchObject({ code: "above_ceiling" });
    // A refusal inside the transaction (the deadline trigger) rolls the receipt back with the bid.
    await sql`update projects set published_at = now() - interval '10 days', bid_deadline = now() - interval '1 minute' where id = ${id}`.execute(
      h.db,
    );
    await expect(
      submitBid(h.db, a, id, { price: 40_000_00, committedDays: 10, proposal: null }, new Date(Date.now() - 60 * 60_000), {
        files,
        uploads: [doc("technical", "迟到技术方案")],
      }),
    ).rejects.toMatchObject({ code: "late_bid" });
    expect(await h.db.selectFrom("bidReceipts").select("id").where("projectId", "=", id).execute()).toEqual([]);
    expect(await h.db.selectFrom("bidDocuments").select("id").where("projectId", "=", id).execute()).toEqual([]);
    expect(await h.db.selectFrom("bids").select("id").where("projectId", "=", id).execute()).toEqual([]);
    // Only directories may remain: no file written for a refused bid stays behind.
    const after = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    expect(after).toBeLessThanOrEqual(before);
    // Bad input: too many documents, or a file that is not a PDF/JPEG/PNG, is told next to the field.
    await sql`update projects set bid_deadline = now() + interval '10 days' where id = ${id}`.execute(h.db);
    const six = Array.from({ length: 6 }, (_, i) => doc("other", `文件${i}`));
    await expect(
      submitBid(h.db, a, id, { price: 40_000_00, committedDays: 10, proposal: null }, new Date(), { files, uploads: six }),
    ).rejects.toMatchObject({ code: "too_many_documents", field: "documents" });
    await expect(
      submitBid(h.db, a, id, { price: 40_000_00, committedDays: 10, proposal: null }, new Date(), {
        files,
        uploads: [{ kind: "technical", name: "a.exe", bytes: new TextEncoder().encode("MZ...") }],
      }),
    ).rejects.toMatchObject({ code: "file_type", field: "documents" });
  });

  it("receipts are append-only: the database refuses UPDATE and DELETE", async () => {
    const id = await publishedProject();
    const r = await submitBid(h.db, agencies[2]!, id, { price: 40_000_00, committedDays: 10, proposal: null });
    await expect(sql`update bid_receipts set version = 9 where id = ${r.receipt.id}`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from bid_receipts where id = ${r.receipt.id}`.execute(h.db)).rejects.toThrow(/append-only/);
    const [row] = await receiptsOf(r.id);
    expect(row).toMatchObject({ version: 1, receiptHash: r.receipt.receiptHash });
  });

  it("documents are sealed until the opening: only the bidder's members open them; then the owner and the regulator, never the public", async () => {
    const id = await publishedProject();
    const [a, b] = [agencies[0]!, agencies[1]!];
    await submitBid(h.db, a, id, { price: 42_000_00, committedDays: 10, proposal: null }, new Date(), {
      files,
      uploads: [doc("technical", "密封技术方案")],
    });
    await submitBid(h.db, b, id, { price: 43_000_00, committedDays: 10, proposal: null });
    const [d] = await ownBidDocuments(h.db, a, id);
    expect(await getBidDocumentFile(h.db, a, d!.fileId)).toMatchObject({ id: d!.fileId, sha256: d!.sha256 });
    for (const v of [b, owner, regulator, null]) expect(await getBidDocumentFile(h.db, v, d!.fileId)).toBeNull();
    // Nothing of them in another agency's or the owner's view before the opening.
    expect(await ownBidDocuments(h.db, b, id)).toEqual([]);
    expect(await ownBidDocuments(h.db, owner, id)).toEqual([]);
    await open(id);
    expect(await getBidDocumentFile(h.db, owner, d!.fileId)).toMatchObject({ id: d!.fileId });
    expect(await getBidDocumentFile(h.db, regulator, d!.fileId)).toMatchObject({ id: d!.fileId });
    expect(await getBidDocumentFile(h.db, b, d!.fileId)).toBeNull();
    expect(await getBidDocumentFile(h.db, null, d!.fileId)).toBeNull();
    // A regulator of another region is not within remit.
    const far = await world(h.db).regulator("苏州市响应文件测试监管局", "320500", "all");
    expect(await getBidDocumentFile(h.db, far, d!.fileId)).toBeNull();
  });

  it("the opening publishes the documents' hashes inside each commitment; receipts verify against it; a document swapped by an insider does not", async () => {
    const id = await publishedProject();
    const [a, b, c, d] = agencies as [Viewer, Viewer, Viewer, Viewer];
    const ra = await submitBid(h.db, a, id, { price: 41_000_00, committedDays: 10, proposal: null }, new Date(), {
      files,
      uploads: [doc("technical", "甲技术方案"), doc("qualification", "甲资质")],
    });
    const rb1 = await submitBid(h.db, b, id, { price: 42_000_00, committedDays: 10, proposal: null }, new Date(), {
      files,
      uploads: [doc("technical", "乙技术方案")],
    });
    const rb2 = await submitBid(h.db, b, id, { price: 41_500_00, committedDays: 10, proposal: null });
    const rc = await submitBid(h.db, c, id, { price: 43_000_00, committedDays: 10, proposal: null });
    const rcw = await withdrawBid(h.db, c, id);
    const rd = await submitBid(h.db, d, id, { price: 44_000_00, committedDays: 10, proposal: null }, new Date(), {
      files,
      uploads: [doc("technical", "丁技术方案")],
    });
    // The insider, with full database access, swaps 丁's technical proposal before the opening.
    const forged = pdf("丁技术方案（调包）");
    const swappedHash = (await files.save(forged, "application/pdf")).sha256;
    await sql`update bid_documents set sha256 = ${swappedHash} where bid_id = ${rd.id}`.execute(h.db);
    await open(id);
    const inputs = await drawn(id);
    // The record is self-consistent (the insider recomputed at opening) …
    expect(checkDrawV2(inputs, { pinnedChains: [beacon.chain] }).ok).toBe(true);
    const entryA = inputs.list.entries.find((e) => e.id === ra.id)!;
    expect(entryA.documents).toEqual(ra.receipt.documents.map((x) => x.sha256).sort());
    // … but 丁's receipt says its bid was changed after it was received.
    const json = <T>(x: T) => JSON.parse(JSON.stringify(x)) as T;
    expect(verifyReceipt(json(ra.receipt), inputs)).toMatchObject({ ok: true, verdict: "included" });
    expect(verifyReceipt(json(rb2.receipt), inputs)).toMatchObject({ ok: true, verdict: "included" });
    expect(verifyReceipt(json(rb1.receipt), inputs)).toMatchObject({ ok: false, verdict: "superseded" });
    expect(verifyReceipt(json(rc.receipt), inputs, [json(rcw)])).toMatchObject({ ok: false, verdict: "withdrawn" });
    expect(verifyReceipt(json(rcw), inputs)).toMatchObject({ ok: true, verdict: "withdrawalHonoured" });
    expect(verifyReceipt(json(rd.receipt), inputs)).toMatchObject({ ok: false, verdict: "altered", entryId: rd.id });

    // After the opening, swapping a document's hash in the published list breaks the draw's own verification.
    const row = await h.db.selectFrom("drawBeacons").select("entries").where("projectId", "=", id).executeTakeFirstOrThrow();
    const entries = (row.entries as unknown as DrawInputsV2["list"]["entries"]).map((e) =>
      e.id === ra.id ? { ...e, documents: [swappedHash, ...(e.documents ?? []).slice(1)].sort() } : e,
    );
    await h.db
      .updateTable("drawBeacons")
      .set({ entries: JSON.stringify(entries) })
      .where("projectId", "=", id)
      .execute();
    const tampered = await getPublishedDraw(h.db, id);
    const check = checkDrawV2(json(tampered as DrawInputsV2), { pinnedChains: [beacon.chain] });
    expect(check.ok).toBe(false);
    expect(check.checks.preimages).toBe(false);
    expect(check.checks.list).toBe(false);
    // A bid dropped from the record: its receipt says so.
    const dropped = { ...inputs, list: { ...inputs.list, entries: inputs.list.entries.filter((e) => e.id !== ra.id) } };
    expect(verifyReceipt(json(ra.receipt), dropped)).toMatchObject({ ok: false, verdict: "missing" });
  });
});
