import { isUuid } from "~/lib/ids";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { regionPrefix } from "~/modules/agencies/regions.rules";
import { requireAgencyMember } from "~/modules/agencies/services.server";
import { DomainError, conflict, forbidden, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { requireOwner, transition } from "./projects.server";
import { deadlineAfterWorkdays } from "~/lib/beijing-calendar";

/**
 * Objections (异议) during the publicity period: a bidder objects with grounds; the owner answers within
 * the policy's working days; an unanswered or disputed objection goes to the regulator, who upholds it
 * (the award is annulled and the project may be published again) or dismisses it. While any objection is
 * pending the award does not become final.
 */
export async function fileObjection(
  db: Kysely<DB>,
  viewer: Viewer,
  projectId: string,
  grounds: string,
  now = new Date(),
  evidenceFileId: string | null = null,
) {
  const agency = requireAgencyMember(viewer).org;
  return db.transaction().execute(async (trx) => {
    const award = await trx
      .selectFrom("awards")
      .selectAll()
      .where("projectId", "=", projectId)
      .where("status", "=", "publicity")
      .forUpdate()
      .executeTakeFirst();
    if (!award || !award.publicityEndsAt || award.publicityEndsAt <= now)
      throw conflict("not_in_publicity", "errors.objection.closed", "grounds");
    if (award.agencyOrgId === agency.id) throw new DomainError("winner", "errors.objection.notBidder", "grounds", {}, 403);
    const bid = await trx
      .selectFrom("bids")
      .select("id")
      .where("projectId", "=", projectId)
      .where("agencyId", "=", agency.id)
      .executeTakeFirst();
    if (!bid) throw new DomainError("not_bidder", "errors.objection.notBidder", "grounds", {}, 403);
    // One pending objection per bidder (a double-clicked form files once); the award lock above serialises filings.
    const pending = await trx
      .selectFrom("objections")
      .select("id")
      .where("awardId", "=", award.id)
      .where("objectorOrgId", "=", agency.id)
      .where("status", "in", ["open", "answered", "escalated"])
      .executeTakeFirst();
    if (pending) throw conflict("pending", "errors.objection.pending", "grounds");
    const project = await trx
      .selectFrom("projects as p")
      .innerJoin("procedurePolicies as pol", "pol.id", "p.policyId")
      .select(["p.ownerOrgId", "pol.objectionAnswerWorkdays"])
      .where("p.id", "=", projectId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto("objections")
      .values({
        awardId: award.id,
        projectId,
        objectorOrgId: agency.id,
        grounds,
        evidenceFileId,
        answerDueAt: deadlineAfterWorkdays(now, project.objectionAnswerWorkdays),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("notifications")
      .values({ orgId: project.ownerOrgId, kind: "objection.filed", subjectType: "project", subjectId: projectId, params: "{}" })
      .execute();
    await recordAudit(trx, {
      action: "objection.filed",
      subjectType: "project",
      subjectId: projectId,
      actorUserId: viewer.userId,
      actorOrgId: agency.id,
      data: { objectionId: row.id, grounds },
    });
    return row;
  });
}

async function lockObjection(trx: Kysely<DB>, objectionId: string) {
  if (!isUuid(objectionId)) throw notFound();
  const o = await trx
    .selectFrom("objections as o")
    .innerJoin("projects as p", "p.id", "o.projectId")
    .select([
      "o.id",
      "o.status",
      "o.projectId",
      "o.awardId",
      "o.objectorOrgId",
      "o.answerDueAt",
      "p.ownerOrgId",
      "p.regionCode",
      "p.serviceItemId",
    ])
    .where("o.id", "=", objectionId)
    .forUpdate()
    .executeTakeFirst();
  if (!o) throw notFound();
  return o;
}

export async function answerObjection(db: Kysely<DB>, viewer: Viewer, objectionId: string, answer: string) {
  const owner = requireOwner(viewer).org;
  await db.transaction().execute(async (trx) => {
    const o = await lockObjection(trx, objectionId);
    if (o.ownerOrgId !== owner.id) throw notFound();
    if (o.status !== "open") throw conflict("state", "errors.objection.state", "_form", { state: `@objection.status.${o.status}` });
    await trx
      .updateTable("objections")
      .set({ status: "answered", ownerAnswer: answer, answeredAt: sql<Date>`now()` })
      .where("id", "=", o.id)
      .execute();
    await recordAudit(trx, {
      action: "objection.answered",
      subjectType: "project",
      subjectId: o.projectId,
      actorUserId: viewer.userId,
      actorOrgId: owner.id,
      data: { objectionId, answer },
    });
  });
}

/** The objector disputes the owner's answer: the regulator decides. */
export async function escalateObjection(db: Kysely<DB>, viewer: Viewer, objectionId: string) {
  const agency = requireAgencyMember(viewer).org;
  await db.transaction().execute(async (trx) => {
    const o = await lockObjection(trx, objectionId);
    if (o.objectorOrgId !== agency.id) throw notFound();
    if (o.status !== "answered") throw conflict("state", "errors.objection.state", "_form", { state: `@objection.status.${o.status}` });
    await trx.updateTable("objections").set({ status: "escalated" }).where("id", "=", o.id).execute();
    await recordAudit(trx, {
      action: "objection.escalated",
      subjectType: "project",
      subjectId: o.projectId,
      actorUserId: viewer.userId,
      actorOrgId: agency.id,
      data: { objectionId, by: "objector" },
    });
  });
}

/** Objections the owner left unanswered past the due date go to the regulator by themselves. */
export async function escalateOverdueObjections(db: Kysely<DB>, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable("objections")
      .set({ status: "escalated" })
      .where("status", "=", "open")
      .where("answerDueAt", "<=", now)
      .returning(["id", "projectId"])
      .execute();
    for (const r of rows)
      await recordAudit(trx, {
        action: "objection.escalated",
        subjectType: "project",
        subjectId: r.projectId,
        data: { objectionId: r.id, by: "overdue" },
      });
    return rows.length;
  });
}

function requireRegulatorOf(viewer: Viewer | null) {
  if (!viewer?.org || viewer.org.kind !== "regulator") throw forbidden();
  return viewer.org;
}

export async function regulatorObjections(db: Kysely<DB>, viewer: Viewer) {
  const office = requireRegulatorOf(viewer);
  return db
    .selectFrom("objections as o")
    .innerJoin("projects as p", "p.id", "o.projectId")
    .innerJoin("organizations as a", "a.id", "o.objectorOrgId")
    .innerJoin("regulatorServiceItems as rs", (j) =>
      j.onRef("rs.serviceItemId", "=", "p.serviceItemId").on("rs.regulatorId", "=", office.id),
    )
    .select([
      "o.id",
      "o.projectId",
      "p.title",
      "a.name as objectorName",
      "o.grounds",
      "o.ownerAnswer",
      "o.status",
      "o.createdAt",
      "o.answerDueAt",
    ])
    .where("p.regionCode", "like", `${regionPrefix(office.regionCode)}%`)
    .where("o.status", "=", "escalated")
    .orderBy("o.createdAt")
    .execute();
}

/**
 * The regulator's decision. Upheld: the award is annulled and the project fails (the owner may publish
 * again). Of two regulators deciding at once, one decision stands.
 */
export async function decideObjection(db: Kysely<DB>, viewer: Viewer, objectionId: string, decision: "uphold" | "dismiss", reason: string) {
  const office = requireRegulatorOf(viewer);
  if (!reason.trim()) throw new DomainError("reason", "errors.reason", "reason");
  await db.transaction().execute(async (trx) => {
    const o = await lockObjection(trx, objectionId);
    const supervises = await trx
      .selectFrom("regulatorServiceItems")
      .select("serviceItemId")
      .where("regulatorId", "=", office.id)
      .where("serviceItemId", "=", o.serviceItemId)
      .executeTakeFirst();
    if (!supervises || !o.regionCode.startsWith(regionPrefix(office.regionCode))) throw forbidden();
    const updated = await trx
      .updateTable("objections")
      .set({
        status: decision === "uphold" ? "upheld" : "dismissed",
        decisionReason: reason,
        decidedBy: viewer.userId,
        decidedAt: sql<Date>`now()`,
      })
      .where("id", "=", o.id)
      .where("status", "=", "escalated")
      .returning("id")
      .executeTakeFirst();
    if (!updated) throw conflict("state", "errors.objection.state", "_form", { state: `@objection.status.${o.status}` });
    if (decision === "uphold") {
      await trx
        .updateTable("awards")
        .set({ status: "annulled", annulledReason: "objectionUpheld" })
        .where("id", "=", o.awardId)
        .where("status", "<>", "annulled")
        .execute();
      const project = await trx
        .selectFrom("projects")
        .select(["id", "status"])
        .where("id", "=", o.projectId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      await transition(
        trx,
        project,
        "failed",
        { userId: viewer.userId, orgId: office.id },
        { reason: "objectionUpheld", objectionId },
        { statusReason: "objectionUpheld" },
      );
    }
    await recordAudit(trx, {
      action: `objection.${decision === "uphold" ? "upheld" : "dismissed"}`,
      subjectType: "project",
      subjectId: o.projectId,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { objectionId, reason },
    });
  });
}
