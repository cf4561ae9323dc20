import { isUuid } from "~/lib/ids";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, isUniqueViolation, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { rescore } from "./credit.server";
import { AGENCY_DIMENSIONS, OWNER_DIMENSIONS, mayReview, reviewClosesAt, revealAt, type ReviewDirection } from "./reviews.rules";
import { assertSupervises, requireRegulator } from "./supervision.server";
import type { ReviewInput } from "./trust.schema";

function endedAt(c: { status: string; completedAt: Date | null; terminatedAt: Date | null }): Date | null {
  if (c.status === "completed") return c.completedAt;
  if (c.status === "terminated") return c.terminatedAt;
  return null;
}

function directionFor(viewer: Viewer | null, c: { ownerOrgId: string; agencyId: string }): ReviewDirection | null {
  if (viewer?.org?.id === c.ownerOrgId) return "ofAgency";
  if (viewer?.org?.id === c.agencyId) return "ofOwner";
  return null;
}

/**
 * What the project page shows of a contract's reviews: both, once visible; to a party, its own review
 * always, whether it may still write one, and until when.
 */
export async function getReviewState(db: Kysely<DB>, viewer: Viewer | null, projectId: string, now = new Date()) {
  const contract = await db.selectFrom("contracts").selectAll().where("projectId", "=", projectId).executeTakeFirst();
  if (!contract) return null;
  const reviews = await db.selectFrom("reviews").selectAll().where("contractId", "=", contract.id).execute();
  return reviewStateOf(contract, reviews, viewer, now);
}

/** A project's reviews (through its contract): every column, for `reviewStateOf`, which decides what is shown. */
export function projectReviewsQuery(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("reviews as r")
    .innerJoin("contracts as c", "c.id", "r.contractId")
    .selectAll("r")
    .where("c.projectId", "=", projectId);
}

type ContractForReviews = {
  id: string;
  status: string;
  completedAt: Date | null;
  terminatedAt: Date | null;
  ownerOrgId: string;
  agencyId: string;
};

/** The review state of a contract, from its reviews: the pure half of `getReviewState`. */
export function reviewStateOf(
  contract: ContractForReviews,
  reviews: (ReviewRow & { reviewerUserId?: string })[],
  viewer: Viewer | null,
  now = new Date(),
) {
  const ended = endedAt(contract);
  const mine = directionFor(viewer, contract);
  const own = mine ? (reviews.find((r) => r.direction === mine) ?? null) : null;
  const other = mine ? (reviews.find((r) => r.direction !== mine) ?? null) : null;
  const times = ended ? { endedAt: ended, other: other ? { submittedAt: other.submittedAt, visibleFrom: other.visibleFrom } : null } : null;
  const shown = reviews.filter((r) => r.visibleFrom <= now).map(publicReview);
  return {
    contractId: contract.id,
    ended: !!ended,
    direction: mine,
    own: own ? publicReview(own) : null,
    otherSubmitted: !!other,
    mayReview: !!mine && !own && !!times && mayReview(times, now),
    closesAt: times ? reviewClosesAt(times) : null,
    visible: shown,
    /** The agency may reply once to the owner's visible review of it. */
    mayReply: mine === "ofOwner" && shown.some((r) => r.direction === "ofAgency" && !r.reply && !r.removedAt),
  };
}

type ReviewRow = {
  id: string;
  direction: string;
  overall: number;
  ratings: unknown;
  body: string;
  submittedAt: Date;
  visibleFrom: Date;
  reply: string | null;
  repliedAt: Date | null;
  removedAt: Date | null;
  removedReason: string | null;
};

/** A review as the public sees it: no reviewer person, and a removed one keeps only its removal. */
function publicReview(r: ReviewRow) {
  const removed = !!r.removedAt;
  return {
    id: r.id,
    direction: r.direction as ReviewDirection,
    overall: removed ? null : r.overall,
    ratings: removed ? {} : (r.ratings as Record<string, number>),
    body: removed ? "" : r.body,
    submittedAt: r.submittedAt,
    visibleFrom: r.visibleFrom,
    reply: removed ? null : r.reply,
    repliedAt: r.repliedAt,
    removedAt: r.removedAt,
    removedReason: r.removedReason,
  };
}

export async function submitReview(db: Kysely<DB>, viewer: Viewer, projectId: string, input: ReviewInput, now = new Date()) {
  if (!isUuid(projectId)) throw notFound();
  return db
    .transaction()
    .execute(async (trx) => {
      const contract = await trx.selectFrom("contracts").selectAll().where("projectId", "=", projectId).forUpdate().executeTakeFirst();
      if (!contract) throw notFound();
      const direction = directionFor(viewer, contract);
      if (!direction) throw new DomainError("not_party", "errors.review.notParty", "_form", {}, 403);
      const dims: readonly string[] = direction === "ofAgency" ? AGENCY_DIMENSIONS : OWNER_DIMENSIONS;
      if (Object.keys(input.ratings).sort().join() !== [...dims].sort().join())
        throw new DomainError("dimensions", "errors.review.rating", "overall");
      const ended = endedAt(contract);
      if (!ended) throw conflict("not_ended", "errors.review.notEnded");
      const other = await trx
        .selectFrom("reviews")
        .selectAll()
        .where("contractId", "=", contract.id)
        .where("direction", "<>", direction)
        .executeTakeFirst();
      const own = await trx
        .selectFrom("reviews")
        .select("id")
        .where("contractId", "=", contract.id)
        .where("direction", "=", direction)
        .executeTakeFirst();
      if (own) throw conflict("duplicate", "errors.review.duplicate");
      const times = { endedAt: ended, other: other ? { submittedAt: other.submittedAt, visibleFrom: other.visibleFrom } : null };
      if (!mayReview(times, now)) throw conflict("closed", "errors.review.closed");
      const visibleFrom = revealAt(times, now);
      const row = await trx
        .insertInto("reviews")
        .values({
          contractId: contract.id,
          direction,
          reviewerOrgId: viewer.org!.id,
          reviewerUserId: viewer.userId,
          subjectOrgId: direction === "ofAgency" ? contract.agencyId : contract.ownerOrgId,
          overall: input.overall,
          ratings: JSON.stringify(input.ratings),
          body: input.body,
          submittedAt: now,
          visibleFrom,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      // Both are in: both appear together, now.
      if (other && other.visibleFrom > now) await trx.updateTable("reviews").set({ visibleFrom: now }).where("id", "=", other.id).execute();
      const otherOrg = direction === "ofAgency" ? contract.agencyId : contract.ownerOrgId;
      await trx
        .insertInto("notifications")
        .values({
          orgId: otherOrg,
          kind: other ? "review.revealed" : "review.received",
          subjectType: "project",
          subjectId: projectId,
          params: "{}",
        })
        .execute();
      await rescore(trx, [contract.agencyId], now);
      await recordAudit(trx, {
        action: "review.submitted",
        subjectType: "project",
        subjectId: projectId,
        actorUserId: viewer.userId,
        actorOrgId: viewer.org!.id,
        data: {
          reviewId: row.id,
          direction,
          overall: input.overall,
          ratings: input.ratings,
          visibleFrom: visibleFrom.toISOString(),
          revealedBoth: !!other,
        },
      });
      return { id: row.id, visibleFrom };
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e, "reviews_contract_id_direction_key")) throw conflict("duplicate", "errors.review.duplicate");
      throw e;
    });
}

/** The agency's one reply to the owner's review of it, published beside the review. */
export async function replyToReview(db: Kysely<DB>, viewer: Viewer, reviewId: string, reply: string, now = new Date()) {
  if (!isUuid(reviewId)) throw notFound();
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom("reviews as r")
      .innerJoin("contracts as c", "c.id", "r.contractId")
      .select(["r.id", "r.subjectOrgId", "r.direction", "r.reply", "r.visibleFrom", "r.removedAt", "c.projectId"])
      .where("r.id", "=", reviewId)
      .forUpdate()
      .executeTakeFirst();
    if (!r || r.direction !== "ofAgency" || r.subjectOrgId !== viewer.org?.id) throw notFound();
    if (r.reply || r.removedAt || r.visibleFrom > now) throw conflict("state", "errors.review.replyState", "reply");
    await trx.updateTable("reviews").set({ reply, repliedAt: now }).where("id", "=", r.id).execute();
    await recordAudit(trx, {
      action: "review.replied",
      subjectType: "project",
      subjectId: r.projectId,
      actorUserId: viewer.userId,
      actorOrgId: viewer.org!.id,
      data: { reviewId, reply },
    });
  });
}

/** The public reviews of an agency (owners' reviews, visible now), with a summary. Removed ones stay listed. */
export async function listAgencyReviews(db: Kysely<DB>, agencyId: string, now = new Date()) {
  const rows = await db
    .selectFrom("reviews as r")
    .innerJoin("contracts as c", "c.id", "r.contractId")
    .innerJoin("projects as p", "p.id", "c.projectId")
    .innerJoin("organizations as o", "o.id", "r.reviewerOrgId")
    .select([
      "r.id",
      "r.direction",
      "r.overall",
      "r.ratings",
      "r.body",
      "r.submittedAt",
      "r.visibleFrom",
      "r.reply",
      "r.repliedAt",
      "r.removedAt",
      "r.removedReason",
      "p.id as projectId",
      "p.title",
      "o.name as reviewerName",
    ])
    .where("r.subjectOrgId", "=", agencyId)
    .where("r.direction", "=", "ofAgency")
    .where("r.visibleFrom", "<=", now)
    .orderBy("r.visibleFrom", "desc")
    .limit(100)
    .execute();
  const counted = rows.filter((r) => !r.removedAt);
  const distribution = [5, 4, 3, 2, 1].map((stars) => ({ stars, count: counted.filter((r) => r.overall === stars).length }));
  return {
    reviews: rows.map((r) => ({ ...publicReview(r), projectId: r.projectId, title: r.title, reviewerName: r.reviewerName })),
    summary: {
      count: counted.length,
      average: counted.length ? counted.reduce((s, r) => s + r.overall, 0) / counted.length : null,
      distribution,
    },
  };
}

/**
 * The competent department's rating of a contract's output (部门评测): a regulator supervising the item
 * in the project's region, once per contract, after completion.
 */
export async function rateContract(
  db: Kysely<DB>,
  viewer: Viewer,
  projectId: string,
  input: { score: number; comment: string },
  now = new Date(),
) {
  const office = requireRegulator(viewer).org;
  if (!isUuid(projectId)) throw notFound();
  return db
    .transaction()
    .execute(async (trx) => {
      const c = await trx
        .selectFrom("contracts as c")
        .innerJoin("projects as p", "p.id", "c.projectId")
        .select(["c.id", "c.agencyId", "c.status", "p.serviceItemId", "p.regionCode"])
        .where("c.projectId", "=", projectId)
        .forUpdate()
        .executeTakeFirst();
      if (!c) throw notFound();
      await assertSupervises(trx, office, c);
      if (c.status !== "completed") throw conflict("not_completed", "errors.review.notEnded");
      const row = await trx
        .insertInto("departmentRatings")
        .values({
          contractId: c.id,
          agencyId: c.agencyId,
          regulatorOrgId: office.id,
          ratedBy: viewer.userId,
          score: input.score,
          comment: input.comment,
          createdAt: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await rescore(trx, [c.agencyId], now);
      await recordAudit(trx, {
        action: "review.departmentRated",
        subjectType: "project",
        subjectId: projectId,
        actorUserId: viewer.userId,
        actorOrgId: office.id,
        data: { ratingId: row.id, score: input.score, comment: input.comment },
      });
      return row;
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e, "department_ratings_contract_id_regulator_org_id_key"))
        throw conflict("duplicate", "errors.review.duplicate");
      throw e;
    });
}

export function departmentRatingsQuery(db: Kysely<DB>, where: { agencyId?: string; projectId?: string }) {
  let q = db
    .selectFrom("departmentRatings as d")
    .innerJoin("contracts as c", "c.id", "d.contractId")
    .innerJoin("projects as p", "p.id", "c.projectId")
    .innerJoin("organizations as o", "o.id", "d.regulatorOrgId")
    .select(["d.id", "d.score", "d.comment", "d.createdAt", "d.regulatorOrgId", "o.name as regulatorName", "p.id as projectId", "p.title"]);
  if (where.agencyId) q = q.where("d.agencyId", "=", where.agencyId);
  if (where.projectId) q = q.where("c.projectId", "=", where.projectId);
  return q.orderBy("d.createdAt", "desc").limit(100);
}

export async function listDepartmentRatings(db: Kysely<DB>, where: { agencyId?: string; projectId?: string }) {
  return departmentRatingsQuery(db, where).execute();
}

/** Contracts whose reviews a viewer still owes (for dashboards), with the day the window closes. */
export async function pendingReviews(db: Kysely<DB>, viewer: Viewer, now = new Date()) {
  if (!viewer.org) return [];
  const org = viewer.org;
  const rows = await db
    .selectFrom("contracts as c")
    .innerJoin("projects as p", "p.id", "c.projectId")
    .leftJoin("reviews as mine", (j) => j.onRef("mine.contractId", "=", "c.id").on("mine.reviewerOrgId", "=", org.id))
    .leftJoin("reviews as other", (j) => j.onRef("other.contractId", "=", "c.id").on("other.reviewerOrgId", "<>", org.id))
    .select([
      "c.projectId",
      "p.title",
      "c.status",
      "c.completedAt",
      "c.terminatedAt",
      "other.submittedAt as otherSubmittedAt",
      "other.visibleFrom as otherVisibleFrom",
    ])
    .where((eb) => eb.or([eb("c.ownerOrgId", "=", org.id), eb("c.agencyId", "=", org.id)]))
    .where("c.status", "in", ["completed", "terminated"])
    .where("mine.id", "is", null)
    .where(sql<boolean>`coalesce(c.completed_at, c.terminated_at) > ${new Date(now.getTime() - 31 * 86_400_000)}`)
    .execute();
  return rows
    .map((r) => {
      const ended = endedAt(r)!;
      const times = {
        endedAt: ended,
        other: r.otherSubmittedAt && r.otherVisibleFrom ? { submittedAt: r.otherSubmittedAt, visibleFrom: r.otherVisibleFrom } : null,
      };
      return { projectId: r.projectId, title: r.title, open: mayReview(times, now), closesAt: reviewClosesAt(times) };
    })
    .filter((r) => r.open);
}
