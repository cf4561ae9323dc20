import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { isUuid } from "~/lib/ids";
import type { Viewer } from "~/modules/identity/viewer";
import { supervises } from "~/modules/trust/supervision.server";
import { RECEIPT_FORMAT, type BidDocumentKind, type BidReceipt, type ReceiptAction, type ReceiptDocument } from "./receipts.rules";
import { bidsUnsealed } from "./sealing.rules";

/**
 * Who may open a bid's response documents (响应文件): the bidding agency's own members always; from the
 * opening (bidsUnsealed) the project's owner and the regulators that supervise its item in its region.
 * Never the public, never another agency — before the opening nobody but the bidder learns that they exist.
 */
export async function getBidDocumentFile(db: Kysely<DB>, viewer: Viewer | null, fileId: string, now = new Date()) {
  if (!viewer?.org || !isUuid(fileId)) return null;
  const row = await db
    .selectFrom("bidDocuments as d")
    .innerJoin("projects as p", "p.id", "d.projectId")
    .innerJoin("files as f", "f.id", "d.fileId")
    .selectAll("f")
    .select(["d.agencyId", "p.ownerOrgId", "p.status as projectStatus", "p.bidDeadline", "p.serviceItemId", "p.regionCode"])
    .where("d.fileId", "=", fileId)
    .executeTakeFirst();
  if (!row) return null;
  const { agencyId, ownerOrgId, projectStatus, bidDeadline, serviceItemId, regionCode, ...file } = row;
  const org = viewer.org;
  if (org.id === agencyId) return file;
  if (!bidsUnsealed({ status: projectStatus, bidDeadline }, now)) return null;
  if (org.id === ownerOrgId) return file;
  if (org.kind === "regulator" && (await supervises(db, org, { serviceItemId, regionCode }))) return file;
  return null;
}

/** The documents the viewer's agency's current bid on a project carries (its own members only). */
export async function ownBidDocuments(db: Kysely<DB>, viewer: Viewer | null, projectId: string) {
  if (viewer?.org?.kind !== "agency" || !isUuid(projectId)) return [];
  return db
    .selectFrom("bidDocuments as d")
    .innerJoin("bids as b", "b.id", "d.bidId")
    .select(["d.id", "d.fileId", "d.kind", "d.fileName", "d.sizeBytes", "d.sha256"])
    .where("d.projectId", "=", projectId)
    .where("d.agencyId", "=", viewer.org.id)
    .where("b.status", "=", "submitted")
    .orderBy("d.createdAt")
    .orderBy("d.id")
    .execute();
}

/**
 * The documents of a project's opened bids, for those who may open them (the owner and supervising
 * regulators, from the opening): bid id → documents. Empty for everyone else, and for everyone before the opening.
 */
export async function openedBidDocuments(
  db: Kysely<DB>,
  viewer: Viewer | null,
  project: { id: string; status: string; bidDeadline: Date | string | null; ownerOrgId: string; serviceItemId: number; regionCode: string },
  now = new Date(),
) {
  const out: Record<string, { fileId: string; kind: string; fileName: string; sizeBytes: number; sha256: string }[]> = {};
  if (!viewer?.org || !bidsUnsealed(project, now)) return out;
  const org = viewer.org;
  const may = org.id === project.ownerOrgId || (org.kind === "regulator" && (await supervises(db, org, project)));
  if (!may) return out;
  const rows = await db
    .selectFrom("bidDocuments as d")
    .innerJoin("bids as b", "b.id", "d.bidId")
    .select(["d.bidId", "d.fileId", "d.kind", "d.fileName", "d.sizeBytes", "d.sha256"])
    .where("d.projectId", "=", project.id)
    .where("b.status", "in", ["submitted", "invalid"])
    .orderBy("d.createdAt")
    .execute();
  for (const { bidId, ...d } of rows) (out[bidId] ??= []).push(d);
  return out;
}

type ReceiptRow = {
  id: string;
  projectId: string;
  bidId: string;
  agencyId: string;
  action: string;
  version: number;
  commitment: string;
  bidHash: string;
  documents: unknown;
  receivedAt: Date;
  receiptHash: string;
};

export function asReceipt(r: ReceiptRow): BidReceipt {
  return {
    format: RECEIPT_FORMAT,
    id: r.id,
    projectId: r.projectId,
    bidId: r.bidId,
    agencyId: r.agencyId,
    action: r.action as ReceiptAction,
    version: r.version,
    commitment: r.commitment,
    bidHash: r.bidHash,
    documents: ((r.documents as ReceiptDocument[] | null) ?? []).map((d) => ({ ...d, kind: d.kind as BidDocumentKind })),
    receivedAt: new Date(r.receivedAt).toISOString(),
    receiptHash: r.receiptHash,
  };
}

const RECEIPT_COLUMNS = [
  "r.id",
  "r.projectId",
  "r.bidId",
  "r.agencyId",
  "r.action",
  "r.version",
  "r.commitment",
  "r.bidHash",
  "r.documents",
  "r.receivedAt",
  "r.receiptHash",
] as const;

/** The viewer's agency's receipts for a project, newest first (its own members only; empty for anyone else). */
export async function listOwnReceipts(db: Kysely<DB>, viewer: Viewer | null, projectId: string): Promise<BidReceipt[]> {
  if (viewer?.org?.kind !== "agency" || !isUuid(projectId)) return [];
  const rows = await db
    .selectFrom("bidReceipts as r")
    .select(RECEIPT_COLUMNS)
    .where("r.projectId", "=", projectId)
    .where("r.agencyId", "=", viewer.org.id)
    .orderBy("r.receivedAt", "desc")
    .orderBy("r.version", "desc")
    .limit(100)
    .execute();
  return rows.map(asReceipt);
}

/** One receipt with its project's title and the agency's name, only for the agency's own members (else null: 404). */
export async function getOwnReceipt(db: Kysely<DB>, viewer: Viewer | null, receiptId: string) {
  if (viewer?.org?.kind !== "agency" || !isUuid(receiptId)) return null;
  const row = await db
    .selectFrom("bidReceipts as r")
    .innerJoin("projects as p", "p.id", "r.projectId")
    .innerJoin("organizations as a", "a.id", "r.agencyId")
    .select(RECEIPT_COLUMNS)
    .select(["p.title as projectTitle", "a.name as agencyName"])
    .where("r.id", "=", receiptId)
    .where("r.agencyId", "=", viewer.org.id)
    .executeTakeFirst();
  if (!row) return null;
  const { projectTitle, agencyName, ...r } = row;
  return { receipt: asReceipt(r), projectTitle, agencyName };
}
