import { procedureNotices } from "./projects.server";
import { isUuid } from "~/lib/ids";
import crypto from "node:crypto";
import { sql, type CompiledQuery, type InferResult, type Kysely } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { DB } from "#db/schema";
import type { Viewer } from "~/modules/identity/viewer";
import { keepPrepared } from "~/server/db.server";
import { contractPaymentsOf, projectMilestonesQuery, projectMovementsQuery } from "~/modules/payments/payments.server";
import { publicComplaintsQuery, withOverdue } from "~/modules/trust/complaints.server";
import { departmentRatingsQuery, projectReviewsQuery, reviewStateOf } from "~/modules/trust/reviews.server";
import { projectTrustOf } from "~/modules/trust/trust-views.server";
import { attachmentsQuery, visibleAttachments } from "./attachments.server";
import { listOwnReceipts, openedBidDocuments, ownBidDocuments } from "./bid-documents.server";
import { asOpenedBids, getOwnBid, openedBidsQuery } from "./bids.server";
import { deliveriesQuery } from "./contracts.server";
import { qaOpen, questionsQuery } from "./questions.server";
import { MIN_JUSTIFICATION } from "./bidding.rules";
import { abnormallyLowBidIds } from "./selection.rules";
import { asSelection, selectionQuery } from "./selection.server";

function awardQuery(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("awards as a")
    .innerJoin("organizations as w", "w.id", "a.agencyOrgId")
    .select([
      "a.id",
      "a.agencyOrgId",
      "w.name as agencyName",
      "a.priceFen",
      "a.status",
      "a.awardedAt",
      "a.publicityEndsAt",
      "a.finalizedAt",
      "a.annulledReason",
      "a.bidId",
    ])
    .where("a.projectId", "=", projectId)
    .orderBy("a.awardedAt", "desc")
    .limit(1);
}

function objectionsQuery(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("objections")
    .select([
      "id",
      "objectorOrgId",
      "grounds",
      "status",
      "ownerAnswer",
      "answeredAt",
      "answerDueAt",
      "decisionReason",
      "decidedAt",
      "createdAt",
    ])
    .where("projectId", "=", projectId)
    .orderBy("createdAt");
}

/** A row whose named fields, ISO strings in JSON, are Dates again (null stays null). */
type Revived<T, K extends keyof T> = { [P in keyof T]: P extends K ? Date | Extract<T[P], null> : T[P] };

/**
 * Rows that came through JSON (`json_agg`) carry their timestamps as ISO strings: these turn the named
 * top-level fields back into Dates, as the driver gives them for plain rows. Only the named fields, so a
 * text a user wrote is never mistaken for a time; the names are checked against the row type.
 */
function withDates<T extends object, K extends keyof T>(rows: T[], keys: readonly K[]): Revived<T, K>[] {
  for (const r of rows) {
    for (const k of keys) {
      const v = r[k] as unknown;
      if (typeof v === "string") (r as Record<K, unknown>)[k] = new Date(v);
    }
  }
  return rows as unknown as Revived<T, K>[];
}

function oneWithDates<T extends object, K extends keyof T>(row: T | null, keys: readonly K[]): Revived<T, K> | null {
  return row ? withDates([row], keys)[0]! : null;
}

function projectRecordQuery(db: Kysely<DB>, projectId: string, now: Date) {
  return db
    .selectFrom("projects as p")
    .innerJoin("organizations as o", "o.id", "p.ownerOrgId")
    .innerJoin("serviceItems as i", "i.id", "p.serviceItemId")
    .innerJoin("regions as r", "r.code", "p.regionCode")
    .select([
      "p.id",
      "p.title",
      "p.status",
      "p.statusReason",
      "p.description",
      "p.deliverables",
      "p.priceCeilingFen",
      "p.priceFloorFen",
      "p.governmentFunded",
      "p.selectionMethod",
      "p.bidDeadline",
      "p.expectedDays",
      "p.publishedAt",
      "p.openedAt",
      "p.drawCommitment",
      "p.priceWeight",
      "p.technicalWeight",
      "p.creditWeight",
      "p.revision",
      "p.ownerOrgId",
      "p.serviceItemId",
      "p.policyId",
      "p.regionCode",
      "o.name as ownerName",
      "i.nameZh as itemNameZh",
      "i.nameEn as itemNameEn",
      "r.name as regionName",
    ])
    .select((eb) => [
      jsonArrayFrom(questionsQuery(db, projectId)).as("questions"),
      // Bids are public once the project is opened (the view itself hides them before the deadline).
      jsonArrayFrom(
        openedBidsQuery(db, projectId).where(sql<boolean>`p.bid_deadline <= ${now} and p.status not in ('draft', 'published', 'bidding')`),
      ).as("openedBids"),
      jsonObjectFrom(selectionQuery(db, projectId)).as("selection"),
      jsonObjectFrom(awardQuery(db, projectId)).as("award"),
      jsonObjectFrom(db.selectFrom("contracts").selectAll().where("projectId", "=", projectId)).as("contract"),
      jsonArrayFrom(deliveriesQuery(db, projectId)).as("deliveries"),
      jsonArrayFrom(objectionsQuery(db, projectId)).as("objections"),
      jsonArrayFrom(attachmentsQuery(db, projectId)).as("attachments"),
      eb.selectFrom("procedurePolicies as pp").select("pp.abnormallyLowPct").whereRef("pp.id", "=", "p.policyId").as("abnormallyLowPct"),
      eb
        .selectFrom("procedurePolicies as pp")
        .select("pp.abnormallyLowCeilingPct")
        .whereRef("pp.id", "=", "p.policyId")
        .as("abnormallyLowCeilingPct"),
      jsonArrayFrom(projectReviewsQuery(db, projectId)).as("reviews"),
      jsonArrayFrom(departmentRatingsQuery(db, { projectId })).as("ratings"),
      jsonArrayFrom(publicComplaintsQuery(db, { projectId })).as("complaints"),
      jsonArrayFrom(projectMovementsQuery(db, projectId)).as("movements"),
      jsonArrayFrom(projectMilestonesQuery(db, projectId)).as("milestones"),
      // The project's audit head (its latest audit event), read with the rest of the record: the page cache
      // keeps the anonymous page under it (app/web/page-cache.server.ts).
      eb
        .selectFrom("auditEvents as ae")
        .select((e) => e.fn.max("ae.id").as("head"))
        .where("ae.subjectType", "=", "project")
        .where("ae.subjectId", "=", sql<string>`p.id::text`)
        .as("auditHead"),
    ])
    .where("p.id", "=", projectId);
}

type ProjectRecordRow = InferResult<ReturnType<typeof projectRecordQuery>>[number];

// Building that statement with the query builder costs more CPU than PostgreSQL spends running it, so it
// is compiled once per database with stand-in values, which each read swaps for its own (by identity:
// the stand-ins are a fresh random id and a Date object no caller has).
const STAND_IN_ID = crypto.randomUUID();
const STAND_IN_NOW = new Date(0);
const compiledRecord = new WeakMap<Kysely<DB>, CompiledQuery<ProjectRecordRow>>();

function recordStatement(db: Kysely<DB>, projectId: string, now: Date): CompiledQuery<ProjectRecordRow> {
  let compiled = compiledRecord.get(db);
  if (!compiled) {
    const built = projectRecordQuery(db, STAND_IN_ID, STAND_IN_NOW).compile();
    // Its top-level columns are named and the rest is JSON, so a migration never changes its result type.
    compiled = { ...built, sql: keepPrepared(built.sql) };
    compiledRecord.set(db, compiled);
  }
  return { ...compiled, parameters: compiled.parameters.map((v) => (v === STAND_IN_ID ? projectId : v === STAND_IN_NOW ? now : v)) };
}

/**
 * The project's whole public record in one statement (docs/decisions/033): the project, its Q&A, opened bids (only
 * once opened: after the deadline and the opening; not even their number before), selection, award, contract
 * with deliveries, objections, documents, the policy's abnormally-low threshold, reviews, the departments'
 * ratings, public complaints, and the contract's payment movements and milestones. One round trip instead
 * of ~18: the page is the platform's most read, and each statement costs both processes a wake-up.
 * What the viewer may see of it is decided afterwards, by the same functions the separate reads use.
 */
export async function readProjectRecord(db: Kysely<DB>, projectId: string, now = new Date()) {
  if (!isUuid(projectId)) return null;
  const row = (await db.executeQuery(recordStatement(db, projectId, now))).rows[0];
  if (!row) return null;
  const {
    questions,
    openedBids,
    selection,
    award,
    contract,
    deliveries,
    objections,
    attachments,
    abnormallyLowPct,
    abnormallyLowCeilingPct,
    reviews,
    ratings,
    complaints,
    movements,
    milestones,
    auditHead,
    ...project
  } = row;
  return {
    project,
    /** The id of the project's latest audit event when the record was read (0: none). */
    auditHead: Number(auditHead ?? 0),
    questions: withDates(questions, ["answeredAt", "createdAt"]),
    openedBids: asOpenedBids(withDates(openedBids, ["submittedAt"])),
    selection: selection ? asSelection(oneWithDates(selection, ["createdAt"])!) : null,
    award: oneWithDates(award, ["awardedAt", "publicityEndsAt", "finalizedAt"]),
    contract: oneWithDates(contract, ["createdAt", "completedAt", "deliveredAt", "terminatedAt"]),
    deliveries: withDates(deliveries, ["submittedAt", "decidedAt"]),
    objections: withDates(objections, ["answeredAt", "answerDueAt", "decidedAt", "createdAt"]),
    attachments,
    abnormallyLowPct: abnormallyLowPct ?? null,
    abnormallyLowCeilingPct: abnormallyLowCeilingPct ?? null,
    reviews: withDates(reviews, ["submittedAt", "visibleFrom", "repliedAt", "removedAt"]),
    ratings: withDates(ratings, ["createdAt"]),
    complaints: withDates(complaints, ["dueAt", "decidedAt", "createdAt"]),
    movements: withDates(movements, ["createdAt", "settledAt"]),
    milestones: withDates(milestones, ["acceptedAt"]),
  };
}

export type ProjectRecord = NonNullable<Awaited<ReturnType<typeof readProjectRecord>>>;

/**
 * Everything the project page shows, filtered by who is looking. Drafts are seen only by their owner;
 * bids only through the opened-bids view; the draw secret only once revealed.
 */
export async function getProjectView(db: Kysely<DB>, viewer: Viewer | null, projectId: string, now = new Date()) {
  const record = await readProjectRecord(db, projectId, now);
  return record ? projectViewOf(db, viewer, record, now) : null;
}

/**
 * The project page's data: the view, its trust section and its payments, for this viewer, and the audit
 * head of the record they were made from.
 */
export async function getProjectPage(db: Kysely<DB>, viewer: Viewer | null, projectId: string, now = new Date()) {
  const record = await readProjectRecord(db, projectId, now);
  if (!record) return null;
  const view = await projectViewOf(db, viewer, record, now);
  if (!view) return null;
  const { contract } = record;
  const trust = await projectTrustOf(
    db,
    viewer,
    view.project,
    {
      reviews: contract ? reviewStateOf(contract, record.reviews, viewer, now) : null,
      ratings: record.ratings,
      complaints: withOverdue(record.complaints, now),
    },
    now,
  );
  const payments = contract ? contractPaymentsOf(contract, record.movements, record.milestones, viewer) : null;
  // Amendment and cancellation notices are public, like the notice they change.
  const notices = await procedureNotices(db, projectId);
  return { view, trust, payments, notices, auditHead: record.auditHead };
}

async function projectViewOf(db: Kysely<DB>, viewer: Viewer | null, record: ProjectRecord, now: Date) {
  const { project: p } = record;
  const isOwner = viewer?.org?.id === p.ownerOrgId;
  if (p.status === "draft" && !isOwner) return null;
  const projectId = p.id;
  const { questions, openedBids, award, objections, selection } = record;
  const contract = record.contract ? { ...record.contract, deliveries: record.deliveries } : null;
  const ownBid = viewer ? await getOwnBid(db, viewer, projectId) : null;
  // The agency's own documents and receipts (its members only); other bids' documents from the opening,
  // for the owner and supervising regulators only.
  const ownDocuments = ownBid ? await ownBidDocuments(db, viewer, projectId) : [];
  const receipts = viewer?.org?.kind === "agency" ? await listOwnReceipts(db, viewer, projectId) : [];
  const bidDocuments = viewer && !isOwner && viewer.org?.kind !== "regulator" ? {} : await openedBidDocuments(db, viewer, p, now);
  const attachments = visibleAttachments(record.attachments, viewer);
  // Prices far below the others are flagged for the evaluators (the policy's threshold); not removed.
  const valid = openedBids.filter((b) => b.status === "submitted");
  const abnormallyLow = record.abnormallyLowPct !== null && valid.length > 1 ? abnormallyLowBidIds(valid, record.abnormallyLowPct) : [];
  const shownIds = selection?.outcome as { shownAgencyIds?: string[]; direct?: { shownAgencyIds: string[] } } | undefined;
  const shortlistIds = shownIds?.shownAgencyIds ?? shownIds?.direct?.shownAgencyIds ?? [];
  const directShortlist =
    p.selectionMethod === "direct" && shortlistIds.length
      ? await db
          .selectFrom("organizations as o")
          .leftJoin("agencyServices as s", (j) => j.onRef("s.agencyId", "=", "o.id").on("s.serviceItemId", "=", p.serviceItemId))
          .select(["o.id as agencyId", "o.name", "s.feeMode", "s.feeMinFen", "s.feeMaxFen", "s.feeRateBp", "s.feeBasis", "s.committedDays"])
          .where("o.id", "in", shortlistIds)
          .execute()
          .then((rows) => shortlistIds.map((id) => rows.find((r) => r.agencyId === id)!).filter(Boolean))
      : [];
  return {
    attachments,
    abnormallyLow,
    abnormallyLowPct: record.abnormallyLowPct,
    abnormallyLowCeilingPct: record.abnormallyLowCeilingPct,
    minJustification: MIN_JUSTIFICATION,
    directShortlist,
    project: { ...p, qaOpen: p.status === "bidding" && !!p.bidDeadline && qaOpen(p.bidDeadline, now) },
    isOwner,
    isAgency: viewer?.org?.kind === "agency",
    questions,
    openedBids,
    ownBid,
    ownDocuments,
    receipts,
    bidDocuments,
    selection:
      selection && (selection.secret || selection.outcome.failed || selection.outcome.method === "direct")
        ? selection
        : selection
          ? { ...selection, secret: null }
          : null,
    award,
    isWinner: !!award && award.agencyOrgId === viewer?.org?.id,
    contract,
    // Who objected is not published; the objector sees its own.
    objections: objections.map(({ objectorOrgId, ...o }) => ({ ...o, mine: objectorOrgId === viewer?.org?.id })),
    isBidder: !!ownBid && ownBid.status !== "withdrawn",
  };
}
