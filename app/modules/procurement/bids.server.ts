import { isUuid } from "~/lib/ids";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import { canonicalJson } from "~/modules/audit/audit.rules";
import { requireAgencyMember } from "~/modules/agencies/services.server";
import { DomainError, conflict, isDomainError, isRaised, isUniqueViolation, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { evaluateEligibility, ineligibleError, type EligibilityFacts } from "~/modules/trust/exclusions.rules";
import { ELIGIBLE_SQL, RECORDS_SQL, eligibilityFactsSql, storeEligibility } from "~/modules/trust/exclusions.server";
import { MIN_JUSTIFICATION, belowCeilingThreshold } from "./bidding.rules";
import { MAX_UPLOAD_BYTES, checkUpload, type AllowedMime, type FileStore, type StoredFile } from "~/server/files.server";
import { bidCommitment, canonicalDocumentHashes } from "./draw.rules";
import type { BidInput } from "./projects.schema";
import {
  MAX_BID_DOCUMENTS,
  RECEIPT_FORMAT,
  makeReceipt,
  type BidDocumentKind,
  type BidReceipt,
  type ReceiptContent,
  type ReceiptDocument,
} from "./receipts.rules";

/** How far before the database's own time a bid's receipt is trusted (the trigger's bound, migration 0015). */
export const BID_RECEIPT_GRACE_MS = 5_000;

/** The database's own refusal of a write at or after the deadline (trigger bids_before_deadline). */
export function isDeadlineRefusal(e: unknown): boolean {
  return isRaised(e, "bid_deadline_passed");
}

/**
 * A bid's hash: what the draw seed commits to, so a bid cannot be changed after the draw. It covers the
 * bid's content and a random nonce per submission (two identical prices still hash differently).
 */
export function bidHash(b: {
  projectId: string;
  agencyId: string;
  priceFen: number;
  committedDays: number;
  proposal: string | null;
  nonce: string;
  /** The documents' SHA-256 hashes; a bid without documents hashes exactly as before they existed. */
  documents?: readonly string[];
}): string {
  const { documents, ...rest } = b;
  const docs = canonicalDocumentHashes(documents);
  return createHash("sha256")
    .update(canonicalJson(docs.length > 0 ? { ...rest, documents: docs } : rest))
    .digest("hex");
}

/** A response document sent with a bid (the form's file fields), before it is checked and stored. */
export interface BidUpload {
  kind: BidDocumentKind;
  name: string;
  bytes: Uint8Array;
}

/** A document of a bid as the database keeps it and a receipt names it. */
interface HeldDocument extends ReceiptDocument {
  fileId: string | null;
  storageKey: string | null;
  mime: string | null;
}

/** Checks the uploads (count, type by content, size); a refusal names the form's documents field. */
function checkBidUploads(uploads: readonly BidUpload[]): AllowedMime[] {
  if (uploads.length > MAX_BID_DOCUMENTS)
    throw new DomainError("too_many_documents", "errors.bid.documentsTooMany", "documents", { max: MAX_BID_DOCUMENTS });
  const total = uploads.reduce((n, u) => n + u.bytes.byteLength, 0);
  if (total > MAX_UPLOAD_BYTES) throw new DomainError("file_too_large", "errors.bid.documentsTooLarge", "documents");
  return uploads.map((u) => {
    try {
      return checkUpload(u);
    } catch (e) {
      if (isDomainError(e)) throw new DomainError(e.code, e.key, "documents", { name: u.name.slice(0, 200) });
      throw e;
    }
  });
}

function translateBidError(e: unknown): never {
  if (isDeadlineRefusal(e)) throw conflict("late_bid", "errors.bid.late");
  if (isUniqueViolation(e, "bids_one_live_per_agency")) throw conflict("duplicate_bid", "errors.bid.duplicate");
  throw e;
}

function checkPrice(p: { priceCeilingFen: number | null; priceFloorFen: number | null }, priceFen: number) {
  if (p.priceCeilingFen != null && priceFen > p.priceCeilingFen)
    throw new DomainError("above_ceiling", "errors.bid.aboveCeiling", "price", { ceiling: p.priceCeilingFen });
  if (p.priceFloorFen != null && priceFen < p.priceFloorFen)
    throw new DomainError("below_floor", "errors.bid.belowFloor", "price", { floor: p.priceFloorFen });
}

/**
 * Submits or revises the agency's one live bid. Eligibility is asked of the exclusions module; the
 * deadline and the one-live-bid rule are enforced by the database, so races have one outcome. The bid is
 * judged by `receivedAt`, when the request reached the platform (the database trusts it back to 5 s
 * before its own time): a bid sent in time is not refused because the server was busy at the deadline.
 */
export async function submitBid(
  db: Kysely<DB>,
  viewer: Viewer,
  projectId: string,
  input: Omit<BidInput, "justification"> & { justification?: string | null },
  receivedAt = new Date(),
  documents?: { files: FileStore; uploads: readonly BidUpload[] },
): Promise<{ id: string; version: number; receipt: BidReceipt }> {
  const agency = requireAgencyMember(viewer).org;
  if (!isUuid(projectId)) throw notFound();
  const price = input.price!;
  const justification = input.justification ?? null;
  const uploads = documents?.uploads ?? [];
  const mimes = checkBidUploads(uploads);
  await requireJustification(db, projectId, price, justification, receivedAt);
  // The files are written before the transaction and removed again if the bid is not written.
  const stored: StoredFile[] = [];
  try {
    for (const [i, u] of uploads.entries()) stored.push(await documents!.files.save(u.bytes, mimes[i]!));
  } catch (e) {
    for (const f of stored) await documents!.files.remove(f.storageKey);
    throw e;
  }
  const nonce = randomBytes(16).toString("hex");
  let outcome;
  try {
    outcome = await db
      .transaction()
      .execute(async (trx) => {
        // The project first, as every bid write does (the deadline trigger's share lock), then the live bid:
        // a revision without new documents keeps the ones it had, read under the bid's lock.
        await trx.selectFrom("projects").select("id").where("id", "=", projectId).forKeyShare().execute();
        let held: HeldDocument[];
        if (stored.length > 0) {
          held = stored.map((f, i) => ({
            kind: uploads[i]!.kind,
            name: uploads[i]!.name.slice(0, 200) || "document",
            sha256: f.sha256,
            sizeBytes: f.sizeBytes,
            fileId: null,
            storageKey: f.storageKey,
            mime: f.mime,
          }));
        } else {
          const live = await trx
            .selectFrom("bids")
            .select("id")
            .where("projectId", "=", projectId)
            .where("agencyId", "=", agency.id)
            .where("status", "=", "submitted")
            .forUpdate()
            .executeTakeFirst();
          held = live ? await heldDocuments(trx, live.id) : [];
        }
        const docHashes = canonicalDocumentHashes(held.map((d) => d.sha256));
        const content = {
          projectId,
          agencyId: agency.id,
          priceFen: price,
          committedDays: input.committedDays,
          proposal: input.proposal,
          nonce,
          documents: docHashes,
        };
        const hash = bidHash(content);
        // One statement: read the eligibility facts, store the answer when it is "eligible", and insert (or
        // revise) the bid only if the project is open, the agency eligible and the price within bounds. The
        // partial unique index (one live bid per agency) is the conflict target; the deadline trigger judges
        // the write with its transaction time. When nothing was written, the facts that came back say why
        // (and a refusal's answer is stored with its reasons below, off the hot path).
        const now = new Date();
        const result = await sql<EligibilityFacts & { id: string | null; version: number | null }>`
          with f as (${eligibilityFactsSql(agency.id, projectId, now)}),
          chk as (
            insert into eligibility_checks (agency_id, project_id, gate, eligible, rule_version, reasons, records)
            select ${agency.id}::uuid, ${projectId}::uuid, 'bid', true, f."ruleVersion", '{}'::text[], ${RECORDS_SQL}
            from f where ${ELIGIBLE_SQL}
          ),
          ins as (
            insert into bids (project_id, agency_id, price_fen, committed_days, proposal, hash, nonce, received_at, justification)
            select ${projectId}::uuid, ${agency.id}::uuid, ${price}, ${input.committedDays}, ${input.proposal}, ${hash}, ${nonce}, ${receivedAt}::timestamptz, ${justification}::text
            from f
            where f.status = 'bidding' and ${ELIGIBLE_SQL}
              and (f."priceCeilingFen" is null or ${price} <= f."priceCeilingFen")
              and (f."priceFloorFen" is null or ${price} >= f."priceFloorFen")
              and (f."selectionMethod" <> 'scored' or ${input.proposal}::text is not null)
            on conflict (project_id, agency_id) where status = 'submitted'
            do update set price_fen = excluded.price_fen, committed_days = excluded.committed_days, proposal = excluded.proposal,
                          hash = excluded.hash, nonce = excluded.nonce, version = bids.version + 1, updated_at = now(), received_at = excluded.received_at,
                          justification = excluded.justification
            returning id, version
          )
          select f.*, ins.id, ins.version from f left join ins on true`.execute(trx);
        const row = result.rows[0];
        if (!row?.id || row.version == null) return { row, written: null };
        const bidId = row.id;
        if (stored.length > 0) {
          // New documents replace the bid's set; the files they replace stay (earlier receipts name them).
          await trx.deleteFrom("bidDocuments").where("bidId", "=", bidId).execute();
          for (const d of held) {
            const file = await trx
              .insertInto("files")
              .values({
                ownerOrgId: agency.id,
                sha256: d.sha256,
                mime: d.mime!,
                sizeBytes: d.sizeBytes,
                originalName: d.name,
                storageKey: d.storageKey!,
                createdBy: viewer.userId,
              })
              .returning("id")
              .executeTakeFirstOrThrow();
            await trx
              .insertInto("bidDocuments")
              .values({
                bidId,
                projectId,
                agencyId: agency.id,
                fileId: file.id,
                kind: d.kind,
                fileName: d.name,
                sizeBytes: d.sizeBytes,
                sha256: d.sha256,
              })
              .execute();
          }
        }
        const receipt = await writeReceipt(trx, {
          id: randomUUID(),
          projectId,
          bidId,
          agencyId: agency.id,
          action: row.version === 1 ? "submitted" : "revised",
          version: row.version,
          commitment: bidCommitment({ projectId, agencyId: agency.id, priceFen: price, version: row.version, nonce, documents: docHashes }),
          bidHash: hash,
          documents: held,
          receivedAt: receivedAt.toISOString(),
        });
        return { row, written: { id: bidId, version: row.version, receipt } };
      })
      .catch(translateBidError);
  } catch (e) {
    for (const f of stored) await documents!.files.remove(f.storageKey);
    throw e;
  }
  const { row, written } = outcome;
  if (written) return written;
  for (const f of stored) await documents!.files.remove(f.storageKey);
  // Not written: explain it in the order a person would check.
  const eligibility = evaluateEligibility(row);
  const project = eligibility.project;
  if (!project) throw notFound();
  if (project.status !== "bidding") throw conflict("not_bidding", "errors.bid.closed");
  checkPrice(project, price);
  if (project.selectionMethod === "scored" && !input.proposal)
    throw new DomainError("proposal_required", "errors.bid.proposal", "proposal");
  if (eligibility.eligible) throw conflict("not_bidding", "errors.bid.closed");
  await storeEligibility(db, agency.id, projectId, "bid", eligibility);
  throw ineligibleError(eligibility, 403);
}

/** The documents a bid holds now. */
async function heldDocuments(trx: Transaction<DB>, bidId: string): Promise<HeldDocument[]> {
  const rows = await trx
    .selectFrom("bidDocuments")
    .select(["kind", "fileName", "sha256", "sizeBytes", "fileId"])
    .where("bidId", "=", bidId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    kind: r.kind as BidDocumentKind,
    name: r.fileName,
    sha256: r.sha256,
    sizeBytes: r.sizeBytes,
    fileId: r.fileId,
    storageKey: null,
    mime: null,
  }));
}

/** Writes a receipt in the bid change's transaction; the agency keeps what this returns. */
async function writeReceipt(
  trx: Transaction<DB>,
  content: Omit<ReceiptContent, "format" | "documents"> & { documents: ReceiptDocument[] },
) {
  const receipt = makeReceipt({ ...content, format: RECEIPT_FORMAT });
  await trx
    .insertInto("bidReceipts")
    .values({
      id: receipt.id,
      bidId: receipt.bidId,
      projectId: receipt.projectId,
      agencyId: receipt.agencyId,
      action: receipt.action,
      version: receipt.version,
      commitment: receipt.commitment,
      bidHash: receipt.bidHash,
      documents: JSON.stringify(receipt.documents),
      receivedAt: new Date(receipt.receivedAt),
      receiptHash: receipt.receiptHash,
    })
    .execute();
  return receipt;
}

/**
 * A price below the policy's share of the ceiling needs a written justification (bidding.rules.ts). Only the
 * ceiling is asked here: the other bids are sealed, and a refusal must not tell a bidder anything of them.
 */
async function requireJustification(db: Kysely<DB>, projectId: string, priceFen: number, justification: string | null, at: Date) {
  const p = await db
    .selectFrom("projects as p")
    .innerJoin("procedurePolicies as pp", "pp.id", "p.policyId")
    .select(["p.status", "p.bidDeadline", "p.priceCeilingFen", "p.priceFloorFen", "pp.abnormallyLowCeilingPct"])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  // A bid refused for another reason (closed, late, below the floor) is told that reason instead.
  if (!p || p.status !== "bidding" || !p.bidDeadline || p.bidDeadline <= at) return;
  if (p.priceFloorFen != null && priceFen < p.priceFloorFen) return;
  if (!belowCeilingThreshold(priceFen, p.priceCeilingFen, p.abnormallyLowCeilingPct)) return;
  if (justification && [...justification].length >= MIN_JUSTIFICATION) return;
  throw new DomainError("justification_required", "errors.bid.justificationRequired", "justification", {
    basis: "ceiling",
    pct: p.abnormallyLowCeilingPct,
    min: MIN_JUSTIFICATION,
  });
}

export async function withdrawBid(db: Kysely<DB>, viewer: Viewer, projectId: string, at = new Date()): Promise<BidReceipt> {
  const agency = requireAgencyMember(viewer).org;
  return await db
    .transaction()
    .execute(async (trx) => {
      // The project first, as every bid write does (the deadline trigger's share lock), then the bid row:
      // the same order as the opening's, so the two never wait on each other in a circle.
      await trx.selectFrom("projects").select("id").where("id", "=", projectId).forKeyShare().execute();
      const withdrawn = await trx
        .updateTable("bids")
        .set({ status: "withdrawn", statusReason: "withdrawnByAgency", updatedAt: sql<Date>`now()` })
        .where("projectId", "=", projectId)
        .where("agencyId", "=", agency.id)
        .where("status", "=", "submitted")
        .returning(["id", "version", "priceFen", "nonce", "hash"])
        .executeTakeFirst();
      if (withdrawn) {
        const held = await heldDocuments(trx, withdrawn.id);
        const documents = canonicalDocumentHashes(held.map((d) => d.sha256));
        // A bid sent before nonces were kept (migration 0020) has no v2 commitment: its content hash stands in.
        const commitment = withdrawn.nonce
          ? bidCommitment({
              projectId,
              agencyId: agency.id,
              priceFen: withdrawn.priceFen,
              version: withdrawn.version,
              nonce: withdrawn.nonce,
              documents,
            })
          : withdrawn.hash;
        return await writeReceipt(trx, {
          id: randomUUID(),
          projectId,
          bidId: withdrawn.id,
          agencyId: agency.id,
          action: "withdrawn",
          version: withdrawn.version,
          commitment,
          bidHash: withdrawn.hash,
          documents: held,
          receivedAt: at.toISOString(),
        });
      }
      // A repeat (the bid already withdrawn, voided or invalid): 409 with the state found; no bid at all is 404.
      const earlier = await trx
        .selectFrom("bids")
        .select("status")
        .where("projectId", "=", projectId)
        .where("agencyId", "=", agency.id)
        .orderBy("updatedAt", "desc")
        .executeTakeFirst();
      if (earlier) throw conflict("state", "errors.bid.notLive", "_form", { state: `@bid.status.${earlier.status}` });
      throw notFound();
    })
    .catch(translateBidError);
}

/** The agency's own bid: always visible to its author, sealed to everyone else until the deadline. */
export async function getOwnBid(db: Kysely<DB>, viewer: Viewer, projectId: string) {
  if (!viewer.org || viewer.org.kind !== "agency") return null;
  return (
    (await db
      .selectFrom("bids")
      .selectAll()
      .where("projectId", "=", projectId)
      .where("agencyId", "=", viewer.org.id)
      .orderBy(sql`status = 'submitted'`, "desc")
      .orderBy("updatedAt", "desc")
      .executeTakeFirst()) ?? null
  );
}

/** Opened bids, with bidder names: only through the view that hides them until the deadline. */
export function openedBidsQuery(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("openedBids as b")
    .innerJoin("organizations as a", "a.id", "b.agencyId")
    .select([
      "b.id",
      "b.agencyId",
      "a.name as agencyName",
      "b.priceFen",
      "b.committedDays",
      "b.status",
      "b.statusReason",
      "b.submittedAt",
      "b.hash",
      "b.version",
      // Public from the opening, like the price it explains.
      "b.justification",
    ])
    .where("b.projectId", "=", projectId)
    .where("b.status", "in", ["submitted", "invalid"])
    .orderBy("b.priceFen");
}

type OpenedBidRow = Awaited<ReturnType<ReturnType<typeof openedBidsQuery>["execute"]>>[number];

/** A view's columns are nullable to the type generator; these are the bids table's NOT NULL columns. */
export function asOpenedBids(rows: OpenedBidRow[]) {
  return rows.map((r) => ({
    ...r,
    id: r.id!,
    agencyId: r.agencyId!,
    priceFen: r.priceFen!,
    committedDays: r.committedDays!,
    status: r.status!,
    hash: r.hash!,
    version: r.version!,
    submittedAt: r.submittedAt!,
  }));
}

export async function listOpenedBids(db: Kysely<DB>, projectId: string) {
  return asOpenedBids(await openedBidsQuery(db, projectId).execute());
}

export async function listAgencyBids(db: Kysely<DB>, viewer: Viewer) {
  const agency = requireAgencyMember(viewer).org;
  return db
    .selectFrom("bids as b")
    .innerJoin("projects as p", "p.id", "b.projectId")
    .leftJoin("awards as w", (j) => j.onRef("w.bidId", "=", "b.id").on("w.status", "<>", "annulled"))
    .select([
      "b.id",
      "b.projectId",
      "p.title",
      "p.status as projectStatus",
      "p.bidDeadline",
      "b.priceFen",
      "b.status",
      "b.statusReason",
      "b.updatedAt",
      "w.id as awardId",
    ])
    .where("b.agencyId", "=", agency.id)
    .orderBy("b.updatedAt", "desc")
    .limit(100)
    .execute();
}
