import { isUuid } from "~/lib/ids";
import type { Kysely, Transaction } from "kysely";
import type { DB } from "#db/schema";
import { regionContains } from "~/modules/agencies/regions.rules";
import { requireAgencyMember } from "~/modules/agencies/services.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { conflict, forbidden, isUniqueViolation, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { rescore } from "./credit.server";
import { liftSanctionIn } from "./sanctions.server";
import { requireRegulator, supervises } from "./supervision.server";
import type { ApplicationInput } from "./trust.schema";

/**
 * Repair and appeal (信用修复、申诉): an agency asks to lift a sanction early, to correct a credit event,
 * or to remove a review for one of the listed reasons, with its grounds and evidence. A competent
 * regulator grants or refuses it once, with reasons; everything is audited and the decision is public.
 */
export async function applyForRepair(
  db: Kysely<DB>,
  viewer: Viewer,
  input: ApplicationInput,
  evidenceFileId: string | null = null,
  now = new Date(),
) {
  const agency = requireAgencyMember(viewer).org;
  return db
    .transaction()
    .execute(async (trx) => {
      const ownCode = (await trx.selectFrom("organizations").select("creditCode").where("id", "=", agency.id).executeTakeFirstOrThrow())
        .creditCode;
      const target: { sanctionId?: string; breachEventId?: string; reviewId?: string } = {};
      if (input.kind === "liftSanction") {
        const s = await trx
          .selectFrom("sanctionSubjects as ss")
          .innerJoin("sanctions as s", "s.id", "ss.sanctionId")
          .select(["s.id", "s.liftedAt", "s.endsAt", "s.type"])
          .where("ss.sanctionId", "=", input.targetId)
          .where("ss.creditCode", "=", ownCode!)
          .executeTakeFirst();
        if (!s) throw notFound();
        if (s.liftedAt || (s.endsAt && s.endsAt <= now) || s.type === "reward" || s.type === "redlist")
          throw conflict("state", "errors.sanction.notInForce");
        target.sanctionId = s.id;
      } else if (input.kind === "correctEvent") {
        const e = await trx
          .selectFrom("breachEvents")
          .select(["id", "voidedAt"])
          .where("id", "=", input.targetId)
          .where("agencyId", "=", agency.id)
          .executeTakeFirst();
        if (!e) throw notFound();
        if (e.voidedAt) throw conflict("state", "errors.application.alreadyCorrected");
        target.breachEventId = e.id;
      } else {
        const r = await trx
          .selectFrom("reviews")
          .select(["id", "removedAt", "visibleFrom"])
          .where("id", "=", input.targetId)
          .where("subjectOrgId", "=", agency.id)
          .where("direction", "=", "ofAgency")
          .executeTakeFirst();
        if (!r || r.visibleFrom > now) throw notFound();
        if (r.removedAt) throw conflict("state", "errors.application.alreadyRemoved");
        target.reviewId = r.id;
      }
      const row = await trx
        .insertInto("trustApplications")
        .values({
          agencyId: agency.id,
          applicantUserId: viewer.userId,
          kind: input.kind,
          ...target,
          reasonCode: input.kind === "appealReview" ? input.reasonCode! : null,
          grounds: input.grounds,
          evidenceFileId,
          createdAt: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: "trust.applied",
        subjectType: "organization",
        subjectId: agency.id,
        actorUserId: viewer.userId,
        actorOrgId: agency.id,
        data: {
          applicationId: row.id,
          kind: input.kind,
          targetId: input.targetId,
          reasonCode: input.reasonCode ?? null,
          grounds: input.grounds,
        },
      });
      return row;
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e, "trust_applications_one_pending")) throw conflict("duplicate", "errors.application.pending");
      throw e;
    });
}

/** Who may decide: the issuing office (or one above it) for a sanction; a competent office for the matter otherwise. */
async function mayDecide(
  trx: Kysely<DB>,
  office: { id: string; regionCode: string },
  app: { sanctionId: string | null; breachEventId: string | null; reviewId: string | null; agencyId: string },
) {
  if (app.sanctionId) {
    const s = await trx
      .selectFrom("sanctions as s")
      .innerJoin("organizations as o", "o.id", "s.issuedByOrgId")
      .select(["s.issuedByOrgId", "o.regionCode"])
      .where("s.id", "=", app.sanctionId)
      .executeTakeFirstOrThrow();
    return s.issuedByOrgId === office.id || regionContains(office.regionCode, s.regionCode);
  }
  const project = app.breachEventId
    ? await trx
        .selectFrom("breachEvents as e")
        .innerJoin("projects as p", "p.id", "e.projectId")
        .select(["p.serviceItemId", "p.regionCode"])
        .where("e.id", "=", app.breachEventId)
        .executeTakeFirst()
    : await trx
        .selectFrom("reviews as r")
        .innerJoin("contracts as c", "c.id", "r.contractId")
        .innerJoin("projects as p", "p.id", "c.projectId")
        .select(["p.serviceItemId", "p.regionCode"])
        .where("r.id", "=", app.reviewId!)
        .executeTakeFirst();
  return !!project && supervises(trx, office, project);
}

export async function decideApplication(
  db: Kysely<DB>,
  viewer: Viewer,
  applicationId: string,
  decision: "grant" | "refuse",
  reason: string,
  now = new Date(),
) {
  const office = requireRegulator(viewer).org;
  if (!isUuid(applicationId)) throw notFound();
  await db.transaction().execute(async (trx: Transaction<DB>) => {
    const app = await trx.selectFrom("trustApplications").selectAll().where("id", "=", applicationId).forUpdate().executeTakeFirst();
    if (!app) throw notFound();
    if (app.status !== "pending") throw conflict("state", "errors.application.decided");
    if (!(await mayDecide(trx, office, app))) throw forbidden("errors.trust.notCompetent");
    const status = decision === "grant" ? "granted" : "refused";
    await trx
      .updateTable("trustApplications")
      .set({ status, decisionReason: reason, decidedBy: viewer.userId, decidedByOrg: office.id, decidedAt: now })
      .where("id", "=", app.id)
      .execute();
    if (status === "granted") {
      if (app.sanctionId) await liftSanctionIn(trx, viewer, app.sanctionId, reason, now);
      if (app.breachEventId)
        await trx.updateTable("breachEvents").set({ voidedAt: now, voidReason: reason }).where("id", "=", app.breachEventId).execute();
      if (app.reviewId)
        await trx.updateTable("reviews").set({ removedAt: now, removedReason: app.reasonCode }).where("id", "=", app.reviewId).execute();
      await rescore(trx, [app.agencyId], now);
    }
    await trx
      .insertInto("notifications")
      .values({ orgId: app.agencyId, kind: `application.${status}`, subjectType: "organization", subjectId: app.agencyId, params: "{}" })
      .execute();
    await recordAudit(trx, {
      action: `trust.application${status === "granted" ? "Granted" : "Refused"}`,
      subjectType: "organization",
      subjectId: app.agencyId,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { applicationId, kind: app.kind, reason },
    });
  });
}

const columns = [
  "t.id",
  "t.agencyId",
  "a.name as agencyName",
  "t.kind",
  "t.sanctionId",
  "t.breachEventId",
  "t.reviewId",
  "t.reasonCode",
  "t.grounds",
  "t.status",
  "t.decisionReason",
  "t.decidedAt",
  "t.createdAt",
  "reg.name as decidedByName",
] as const;

function applications(db: Kysely<DB>) {
  return db
    .selectFrom("trustApplications as t")
    .innerJoin("organizations as a", "a.id", "t.agencyId")
    .leftJoin("organizations as reg", "reg.id", "t.decidedByOrg")
    .select(columns);
}

/** An agency's applications and their decisions: public on its profile. */
export async function listAgencyApplications(db: Kysely<DB>, agencyId: string) {
  return applications(db).where("t.agencyId", "=", agencyId).orderBy("t.createdAt", "desc").limit(100).execute();
}

/** Pending applications the regulator may decide. */
export async function regulatorApplications(db: Kysely<DB>, viewer: Viewer) {
  const office = requireRegulator(viewer).org;
  const rows = await applications(db)
    .select(["t.evidenceFileId"])
    .where("t.status", "=", "pending")
    .orderBy("t.createdAt")
    .limit(200)
    .execute();
  const out = [];
  for (const r of rows) if (await mayDecide(db, office, r)) out.push(r);
  return out;
}
