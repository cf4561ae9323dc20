import { isUuid } from "~/lib/ids";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { conflict, forbidden, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { checkUpload, type FileStore, type Upload } from "~/server/files.server";
import { requireOwner } from "./projects.server";

/**
 * Attaches a document to a draft notice (a change after publication goes through a revision). The file
 * is written first and removed again if the database refuses the record.
 */
export async function addAttachment(
  db: Kysely<DB>,
  files: FileStore,
  viewer: Viewer,
  projectId: string,
  input: { title: string; confidential: boolean },
  upload: Upload | null,
) {
  const owner = requireOwner(viewer).org;
  const mime = checkUpload(upload);
  if (!isUuid(projectId)) throw notFound();
  const project = await db.selectFrom("projects").select(["ownerOrgId", "status"]).where("id", "=", projectId).executeTakeFirst();
  if (!project || project.ownerOrgId !== owner.id) throw notFound();
  if (project.status !== "draft") throw conflict("state", "errors.project.state");
  const stored = await files.save(upload!.bytes, mime);
  try {
    return await db.transaction().execute(async (trx) => {
      const file = await trx
        .insertInto("files")
        .values({
          ownerOrgId: owner.id,
          sha256: stored.sha256,
          mime: stored.mime,
          sizeBytes: stored.sizeBytes,
          originalName: upload!.name.slice(0, 200) || "document",
          storageKey: stored.storageKey,
          createdBy: viewer.userId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto("projectAttachments")
        .values({ projectId, fileId: file.id, title: input.title, confidential: input.confidential })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: "project.attachmentAdded",
        subjectType: "project",
        subjectId: projectId,
        actorUserId: viewer.userId,
        actorOrgId: owner.id,
        data: { attachmentId: row.id, title: input.title, confidential: input.confidential, sha256: stored.sha256 },
      });
      return row;
    });
  } catch (e) {
    await files.remove(stored.storageKey);
    throw e;
  }
}

/** The public sees a published notice's documents, except confidential ones; the owner sees all. */
export function attachmentsQuery(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("projectAttachments as a")
    .innerJoin("projects as p", "p.id", "a.projectId")
    .innerJoin("files as f", "f.id", "a.fileId")
    .select(["a.id", "a.title", "a.confidential", "a.fileId", "f.sizeBytes", "f.mime", "p.ownerOrgId", "p.status"])
    .where("a.projectId", "=", projectId)
    .orderBy("a.createdAt");
}

type AttachmentRow = Awaited<ReturnType<ReturnType<typeof attachmentsQuery>["execute"]>>[number];

/** What the viewer may see of a project's documents: its owner all, everyone else the public ones once published. */
export function visibleAttachments(rows: AttachmentRow[], viewer: Viewer | null) {
  return rows
    .filter((r) => r.ownerOrgId === viewer?.org?.id || (!r.confidential && r.status !== "draft"))
    .map(({ ownerOrgId: _o, status: _s, ...r }) => r);
}

export async function listAttachments(db: Kysely<DB>, viewer: Viewer | null, projectId: string) {
  return visibleAttachments(await attachmentsQuery(db, projectId).execute(), viewer);
}

/** Whether a stored file is a public attachment of a published notice. */
export async function isPublicAttachment(db: Kysely<DB>, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom("projectAttachments as a")
    .innerJoin("projects as p", "p.id", "a.projectId")
    .select("a.id")
    .where("a.fileId", "=", fileId)
    .where("a.confidential", "=", false)
    .where("p.status", "<>", "draft")
    .executeTakeFirst();
  return !!row;
}

/** Stores an uploaded document for the viewer's organisation (after the same checks as every upload). */
export async function storeDocument(db: Kysely<DB>, files: FileStore, viewer: Viewer, upload: Upload): Promise<string> {
  if (!viewer.org) throw forbidden();
  const mime = checkUpload(upload);
  const stored = await files.save(upload.bytes, mime);
  try {
    const row = await db
      .insertInto("files")
      .values({
        ownerOrgId: viewer.org.id,
        sha256: stored.sha256,
        mime: stored.mime,
        sizeBytes: stored.sizeBytes,
        originalName: upload.name.slice(0, 200) || "document",
        storageKey: stored.storageKey,
        createdBy: viewer.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (e) {
    await files.remove(stored.storageKey);
    throw e;
  }
}

/**
 * Documents of a project's contract, deliveries and objections are seen by the parties — the owner,
 * the agency concerned — and by regulators; never by the public.
 */
export async function isProjectPartyDocument(db: Kysely<DB>, viewer: Viewer | null, fileId: string): Promise<boolean> {
  if (!viewer?.org) return false;
  const orgId = viewer.org.id;
  const isRegulator = viewer.org.kind === "regulator";
  const row = await db
    .selectFrom("contracts as c")
    .select("c.id")
    .where((eb) =>
      eb.or([
        eb.and([
          eb("c.documentFileId", "=", fileId),
          eb.or([eb("c.ownerOrgId", "=", orgId), eb("c.agencyId", "=", orgId), eb.val(isRegulator)]),
        ]),
        eb.and([
          eb.exists(eb.selectFrom("deliveries as d").select("d.id").whereRef("d.contractId", "=", "c.id").where("d.fileId", "=", fileId)),
          eb.or([eb("c.ownerOrgId", "=", orgId), eb("c.agencyId", "=", orgId), eb.val(isRegulator)]),
        ]),
      ]),
    )
    .executeTakeFirst();
  if (row) return true;
  const objection = await db
    .selectFrom("objections as o")
    .innerJoin("projects as p", "p.id", "o.projectId")
    .select("o.id")
    .where("o.evidenceFileId", "=", fileId)
    .where((eb) => eb.or([eb("p.ownerOrgId", "=", orgId), eb("o.objectorOrgId", "=", orgId), eb.val(isRegulator)]))
    .executeTakeFirst();
  return !!objection;
}

/** Removes a stored document again (when the change it was uploaded for is refused). */
export async function discardDocument(db: Kysely<DB>, files: FileStore, fileId: string): Promise<void> {
  const row = await db.deleteFrom("files").where("id", "=", fileId).returning("storageKey").executeTakeFirst();
  if (row) await files.remove(row.storageKey);
}

/**
 * Runs a change that comes with an optional uploaded document: the document is stored first and
 * discarded again if the change is refused, so a refusal never leaves a file behind.
 */
export async function withUploadedDocument<T>(
  db: Kysely<DB>,
  files: FileStore,
  viewer: Viewer,
  upload: Upload | null,
  run: (fileId: string | null) => Promise<T>,
): Promise<T> {
  const fileId = upload ? await storeDocument(db, files, viewer, upload) : null;
  try {
    return await run(fileId);
  } catch (e) {
    if (fileId) await discardDocument(db, files, fileId);
    throw e;
  }
}
