import { isUuid } from "~/lib/ids";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import type { Viewer } from "~/modules/identity/accounts.server";
import { listAttachments } from "./attachments.server";
import { countLiveBids, getOwnBid, listOpenedBids } from "./bids.server";
import { getContract } from "./contracts.server";
import { listQuestions, qaOpen } from "./questions.server";
import { abnormallyLowBidIds } from "./selection.rules";
import { getSelection } from "./selection.server";

/**
 * Everything the project page shows, filtered by who is looking. Drafts are seen only by their owner;
 * bids only through the opened-bids view; the draw secret only once revealed.
 */
export async function getProjectView(db: Kysely<DB>, viewer: Viewer | null, projectId: string, now = new Date()) {
  if (!isUuid(projectId)) return null;
  const p = await db
    .selectFrom("projects as p")
    .innerJoin("organizations as o", "o.id", "p.ownerOrgId")
    .innerJoin("serviceItems as i", "i.id", "p.serviceItemId")
    .innerJoin("regions as r", "r.code", "p.regionCode")
    .select([
      "p.id", "p.title", "p.status", "p.statusReason", "p.description", "p.deliverables", "p.priceCeilingFen", "p.priceFloorFen",
      "p.governmentFunded", "p.selectionMethod", "p.bidDeadline", "p.expectedDays", "p.publishedAt", "p.openedAt", "p.drawCommitment",
      "p.priceWeight", "p.technicalWeight", "p.creditWeight", "p.revision", "p.ownerOrgId", "p.serviceItemId", "p.policyId", "p.regionCode",
      "o.name as ownerName", "i.nameZh as itemNameZh", "i.nameEn as itemNameEn", "r.name as regionName",
    ])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  if (!p) return null;
  const isOwner = viewer?.org?.id === p.ownerOrgId;
  if (p.status === "draft" && !isOwner) return null;
  const deadlinePassed = !!p.bidDeadline && p.bidDeadline <= now && !["draft", "published", "bidding"].includes(p.status);
  const [questions, openedBids, liveBidCount, ownBid, selection, award, contract, objections] = await Promise.all([
    listQuestions(db, projectId),
    deadlinePassed ? listOpenedBids(db, projectId) : Promise.resolve([]),
    countLiveBids(db, projectId),
    viewer ? getOwnBid(db, viewer, projectId) : Promise.resolve(null),
    getSelection(db, projectId),
    db
      .selectFrom("awards as a")
      .innerJoin("organizations as w", "w.id", "a.agencyOrgId")
      .select(["a.id", "a.agencyOrgId", "w.name as agencyName", "a.priceFen", "a.status", "a.awardedAt", "a.publicityEndsAt", "a.finalizedAt", "a.annulledReason", "a.bidId"])
      .where("a.projectId", "=", projectId)
      .orderBy("a.awardedAt", "desc")
      .executeTakeFirst(),
    getContract(db, projectId),
    db.selectFrom("objections").select(["id", "objectorOrgId", "grounds", "status", "ownerAnswer", "answeredAt", "answerDueAt", "decisionReason", "decidedAt", "createdAt"]).where("projectId", "=", projectId).orderBy("createdAt").execute(),
  ]);
  const attachments = await listAttachments(db, viewer, projectId);
  // Prices far below the others are flagged for the evaluators (the policy's threshold); not removed.
  const policy = p.policyId ? await db.selectFrom("procedurePolicies").select("abnormallyLowPct").where("id", "=", p.policyId).executeTakeFirst() : undefined;
  const valid = openedBids.filter((b) => b.status === "submitted");
  const abnormallyLow = policy && valid.length > 1 ? abnormallyLowBidIds(valid, policy.abnormallyLowPct) : [];
  const shownIds = (selection?.outcome as { shownAgencyIds?: string[]; direct?: { shownAgencyIds: string[] } } | undefined);
  const shortlistIds = shownIds?.shownAgencyIds ?? shownIds?.direct?.shownAgencyIds ?? [];
  const directShortlist = p.selectionMethod === "direct" && shortlistIds.length
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
    abnormallyLowPct: policy?.abnormallyLowPct ?? null,
    directShortlist,
    project: { ...p, qaOpen: p.status === "bidding" && !!p.bidDeadline && qaOpen(p.bidDeadline, now) },
    isOwner,
    isAgency: viewer?.org?.kind === "agency",
    questions,
    openedBids,
    liveBidCount,
    ownBid,
    selection: selection && (selection.secret || selection.outcome.failed || selection.outcome.method === "direct") ? selection : selection ? { ...selection, secret: null } : null,
    award: award ?? null,
    isWinner: !!award && award.agencyOrgId === viewer?.org?.id,
    contract,
    // Who objected is not published; the objector sees its own.
    objections: objections.map(({ objectorOrgId, ...o }) => ({ ...o, mine: objectorOrgId === viewer?.org?.id })),
    isBidder: !!ownBid && ownBid.status !== "withdrawn",
  };
}
