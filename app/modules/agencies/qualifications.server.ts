import { isUuid } from "~/lib/ids";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, forbidden } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import type { FileStore } from "~/server/files.server";
import { checkUpload, type Upload } from "~/server/files.server";
export { checkUpload, type Upload };
import type { QualificationInput, ReviewInput } from "./qualifications.schema";
import { EXPIRY_NOTICE_DAYS, addDays, qualificationState } from "./qualifications.rules";
import { regionPrefix } from "./regions.rules";
import { requireAgencyMember } from "./services.server";
import { isProjectPartyDocument, isPublicAttachment } from "~/modules/procurement/attachments.server";

/**
 * An agency submits a certificate for one of the catalogue items; it waits for a regulator. The file is
 * written first and removed again if the database refuses the record, so nothing is left orphaned.
 */
export async function submitQualification(
  db: Kysely<DB>,
  files: FileStore,
  viewer: Viewer,
  input: QualificationInput,
  upload: Upload | null,
) {
  const agency = requireAgencyMember(viewer).org;
  const mime = checkUpload(upload);
  const item = await db.selectFrom("serviceItems").select("id").where("id", "=", input.serviceItemId).executeTakeFirst();
  if (!item) throw new DomainError("unknown_item", "errors.serviceItem", "serviceItemId");
  const stored = await files.save(upload!.bytes, mime);
  try {
    return await db.transaction().execute(async (trx) => {
      const file = await trx
        .insertInto("files")
        .values({
          ownerOrgId: agency.id,
          sha256: stored.sha256,
          mime: stored.mime,
          sizeBytes: stored.sizeBytes,
          originalName: upload!.name.slice(0, 200) || "document",
          storageKey: stored.storageKey,
          createdBy: viewer.userId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const q = await trx
        .insertInto("qualifications")
        .values({ agencyId: agency.id, ...input, documentFileId: file.id })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: "qualification.submitted",
        subjectType: "organization",
        subjectId: agency.id,
        actorUserId: viewer.userId,
        actorOrgId: agency.id,
        data: { qualificationId: q.id, serviceItemId: input.serviceItemId, certificateNo: input.certificateNo, fileSha256: stored.sha256 },
      });
      return { id: q.id };
    });
  } catch (e) {
    await files.remove(stored.storageKey);
    throw e;
  }
}

export async function listAgencyQualifications(db: Kysely<DB>, agencyId: string, today: string) {
  const rows = await db
    .selectFrom("qualifications as q")
    .innerJoin("serviceItems as i", "i.id", "q.serviceItemId")
    .select([
      "q.id",
      "q.serviceItemId",
      "i.nameZh as itemNameZh",
      "i.nameEn as itemNameEn",
      "q.qualType",
      "q.level",
      "q.certificateNo",
      "q.issuer",
      "q.validFrom",
      "q.validTo",
      "q.status",
      "q.reviewReason",
      "q.reviewedAt",
      "q.documentFileId",
      "q.createdAt",
    ])
    .where("q.agencyId", "=", agencyId)
    .orderBy("q.createdAt", "desc")
    .execute();
  return rows.map((r) => ({ ...r, state: qualificationState(r, today) }));
}

/** Regulators of a region review certificates for the items they supervise, of agencies inside their region. */
function requireRegulator(viewer: Viewer | null) {
  if (!viewer?.org || viewer.org.kind !== "regulator") throw forbidden();
  return viewer.org;
}

function reviewableBy(db: Kysely<DB>, regulatorId: string, regulatorRegion: string) {
  return db
    .selectFrom("qualifications as q")
    .innerJoin("organizations as a", "a.id", "q.agencyId")
    .innerJoin("serviceItems as i", "i.id", "q.serviceItemId")
    .innerJoin("regulatorServiceItems as rs", (j) =>
      j.onRef("rs.serviceItemId", "=", "q.serviceItemId").on("rs.regulatorId", "=", regulatorId),
    )
    .where("a.regionCode", "like", `${regionPrefix(regulatorRegion)}%`);
}

export async function regulatorQueue(db: Kysely<DB>, viewer: Viewer, opts: { status?: "pending" | "verified" | "rejected" } = {}) {
  const office = requireRegulator(viewer);
  return reviewableBy(db, office.id, office.regionCode)
    .select([
      "q.id",
      "q.agencyId",
      "a.name as agencyName",
      "a.creditCode",
      "i.nameZh as itemNameZh",
      "i.nameEn as itemNameEn",
      "i.requiredQualificationZh",
      "q.qualType",
      "q.level",
      "q.certificateNo",
      "q.issuer",
      "q.validFrom",
      "q.validTo",
      "q.status",
      "q.reviewReason",
      "q.documentFileId",
      "q.createdAt",
    ])
    .where("q.status", "=", opts.status ?? "pending")
    .orderBy("q.createdAt", opts.status && opts.status !== "pending" ? "desc" : "asc")
    .limit(200)
    .execute();
}

export async function reviewQualification(db: Kysely<DB>, viewer: Viewer, qualificationId: string, input: ReviewInput) {
  const office = requireRegulator(viewer);
  return db.transaction().execute(async (trx) => {
    const target = await reviewableBy(trx, office.id, office.regionCode)
      .select(["q.id", "q.agencyId", "q.status"])
      .where("q.id", "=", qualificationId)
      .executeTakeFirst();
    if (!target) throw forbidden();
    // Only a pending certificate can be decided: of two regulators deciding at once, one wins.
    const updated = await trx
      .updateTable("qualifications")
      .set({
        status: input.decision === "verify" ? "verified" : "rejected",
        reviewedBy: viewer.userId,
        reviewerOrgId: office.id,
        reviewedAt: sql<Date>`now()`,
        reviewReason: input.reason ?? null,
      })
      .where("id", "=", qualificationId)
      .where("status", "=", "pending")
      .returning(["id", "status"])
      .executeTakeFirst();
    if (!updated) {
      // A repeat, or the loser of two decisions at once: 409 with the state found, the same either way.
      const found = await trx.selectFrom("qualifications").select("status").where("id", "=", qualificationId).executeTakeFirstOrThrow();
      throw conflict("already_reviewed", "errors.review.done", "_form", { state: `@qual.state.${found.status}` });
    }
    await trx
      .insertInto("notifications")
      .values({
        orgId: target.agencyId,
        kind: input.decision === "verify" ? "qualification.verified" : "qualification.rejected",
        subjectType: "qualification",
        subjectId: qualificationId,
        params: JSON.stringify({ reason: input.reason ?? null, office: office.name }),
      })
      .execute();
    await recordAudit(trx, {
      action: input.decision === "verify" ? "qualification.verified" : "qualification.rejected",
      subjectType: "organization",
      subjectId: target.agencyId,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { qualificationId, reason: input.reason ?? null },
    });
    return updated;
  });
}

/** Who may open a stored document: the public for published notices' documents; the owning organisation; the regulators who review a qualification. */
export async function getDocumentForViewer(db: Kysely<DB>, viewer: Viewer | null, fileId: string) {
  if (!isUuid(fileId)) return null;
  const file = await db.selectFrom("files").selectAll().where("id", "=", fileId).executeTakeFirst();
  if (!file) return null;
  // A published notice's non-confidential documents are public.
  if (await isPublicAttachment(db, fileId)) return file;
  if (!viewer?.org) return null;
  if (file.ownerOrgId === viewer.org.id) return file;
  if (await isProjectPartyDocument(db, viewer, fileId)) return file;
  if (viewer.org.kind === "regulator") {
    const reviewable = await reviewableBy(db, viewer.org.id, viewer.org.regionCode)
      .select("q.id")
      .where("q.documentFileId", "=", fileId)
      .executeTakeFirst();
    if (reviewable) return file;
  }
  return null;
}

/**
 * Tells agencies, once per certificate and expiry date, that a verified certificate runs out within
 * 30 days. Idempotent (a unique key per notice), so every instance may run it.
 */
export async function notifyExpiringQualifications(db: Kysely<DB>, today: string): Promise<number> {
  const horizon = addDays(today, EXPIRY_NOTICE_DAYS);
  const due = await db
    .selectFrom("qualifications as q")
    .innerJoin("serviceItems as i", "i.id", "q.serviceItemId")
    .select(["q.id", "q.agencyId", "q.validTo", "q.certificateNo", "i.nameZh"])
    .where("q.status", "=", "verified")
    .where("q.validTo", ">=", today)
    .where("q.validTo", "<=", horizon)
    .execute();
  if (due.length === 0) return 0;
  const inserted = await db
    .insertInto("notifications")
    .values(
      due.map((q) => ({
        orgId: q.agencyId,
        kind: "qualification.expiring",
        subjectType: "qualification",
        subjectId: q.id,
        params: JSON.stringify({ validTo: q.validTo, certificateNo: q.certificateNo, item: q.nameZh }),
        dedupeKey: `qualification.expiring:${q.id}:${q.validTo}`,
      })),
    )
    .onConflict((oc) => oc.column("dedupeKey").doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}

export async function listNotifications(db: Kysely<DB>, orgId: string, limit = 20) {
  return db.selectFrom("notifications").selectAll().where("orgId", "=", orgId).orderBy("createdAt", "desc").limit(limit).execute();
}
