import { isUuid } from "~/lib/ids";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import { regionContains } from "~/modules/agencies/regions.rules";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, forbidden, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { rescore } from "~/modules/trust/credit.server";
import { assertSupervises, requireRegulator } from "~/modules/trust/supervision.server";
import { canMoveCase, casePublic, dialogueOpen, type CaseState } from "./cases.rules";
import type { CaseInput, ConclusionInput } from "./oversight.schema";

/** The office is competent for a case's subject: the project's item in its region, or the organisation in its region. */
async function assertCompetent(
  db: Kysely<DB>,
  office: { id: string; regionCode: string },
  subject: { projectId?: string | null; agencyId?: string | null; ownerOrgId?: string | null },
) {
  if (subject.projectId) {
    const p = await db
      .selectFrom("projects")
      .select(["serviceItemId", "regionCode"])
      .where("id", "=", subject.projectId)
      .executeTakeFirst();
    if (!p) throw notFound("projectId");
    await assertSupervises(db, office, p);
    return;
  }
  const orgId = subject.agencyId ?? subject.ownerOrgId!;
  const org = await db.selectFrom("organizations").select(["regionCode", "kind"]).where("id", "=", orgId).executeTakeFirst();
  if (!org || org.kind === "regulator") throw notFound();
  if (!regionContains(office.regionCode, org.regionCode)) throw forbidden("errors.trust.notCompetent");
}

export async function openCase(db: Kysely<DB>, viewer: Viewer, input: CaseInput) {
  const office = requireRegulator(viewer).org;
  await assertCompetent(db, office, input);
  return db.transaction().execute(async (trx) => {
    if (input.complaintId) {
      const c = await trx.selectFrom("complaints").select(["projectId"]).where("id", "=", input.complaintId).executeTakeFirst();
      if (!c) throw notFound("complaintId");
    }
    const row = await trx
      .insertInto("monitoringCases")
      .values({
        regulatorOrgId: office.id,
        openedBy: viewer.userId,
        origin: input.origin,
        flag: input.origin === "flag" ? input.flag! : null,
        complaintId: input.origin === "complaint" ? input.complaintId! : null,
        projectId: input.projectId ?? null,
        agencyId: input.agencyId ?? null,
        ownerOrgId: input.ownerOrgId ?? null,
        title: input.title,
        grounds: input.grounds,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: "case.opened",
      subjectType: "case",
      subjectId: row.id,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { ...input },
    });
    return row;
  });
}

async function lockCase(trx: Transaction<DB>, caseId: string) {
  if (!isUuid(caseId)) throw notFound();
  const c = await trx.selectFrom("monitoringCases").selectAll().where("id", "=", caseId).forUpdate().executeTakeFirst();
  if (!c) throw notFound();
  return c;
}

async function moveCase(
  trx: Transaction<DB>,
  viewer: Viewer,
  c: { id: string; status: string; regulatorOrgId: string },
  to: CaseState,
  set: Record<string, unknown> = {},
  data: Record<string, unknown> = {},
) {
  if (c.regulatorOrgId !== viewer.org?.id) throw forbidden("errors.case.notOffice");
  if (!canMoveCase(c.status as CaseState, to)) throw conflict("state", "errors.case.state", "_form", { state: `@case.status.${c.status}` });
  await trx
    .updateTable("monitoringCases")
    .set({ status: to, updatedAt: sql<Date>`now()`, ...set })
    .where("id", "=", c.id)
    .execute();
  await recordAudit(trx, {
    action: `case.${to}`,
    subjectType: "case",
    subjectId: c.id,
    actorUserId: viewer.userId,
    actorOrgId: viewer.org!.id,
    data: { from: c.status, to, ...data },
  });
}

/** The parties of a case: the project's owner and winner, or the organisation concerned. */
async function caseParties(
  db: Kysely<DB>,
  c: { projectId: string | null; agencyId: string | null; ownerOrgId: string | null },
): Promise<string[]> {
  const ids = new Set<string>();
  if (c.agencyId) ids.add(c.agencyId);
  if (c.ownerOrgId) ids.add(c.ownerOrgId);
  if (c.projectId) {
    const p = await db.selectFrom("projects").select("ownerOrgId").where("id", "=", c.projectId).executeTakeFirst();
    if (p) ids.add(p.ownerOrgId);
    const a = await db
      .selectFrom("awards")
      .select("agencyOrgId")
      .where("projectId", "=", c.projectId)
      .where("status", "<>", "annulled")
      .executeTakeFirst();
    if (a) ids.add(a.agencyOrgId);
  }
  return [...ids];
}

/** Publishes a draft: the parties are told, the case and its dialogue become public. */
export async function activateCase(db: Kysely<DB>, viewer: Viewer, caseId: string, now = new Date()) {
  requireRegulator(viewer);
  await db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, caseId);
    await moveCase(trx, viewer, c, "active", { activatedAt: now });
    for (const orgId of await caseParties(trx, c))
      await trx
        .insertInto("notifications")
        .values({ orgId, kind: "case.opened", subjectType: "case", subjectId: c.id, params: "{}" })
        .execute();
  });
}

export async function dropCase(db: Kysely<DB>, viewer: Viewer, caseId: string) {
  requireRegulator(viewer);
  await db.transaction().execute(async (trx) => moveCase(trx, viewer, await lockCase(trx, caseId), "closed", {}, { dropped: true }));
}

/** The public dialogue: the office or a party writes while the case is open. */
export async function postCaseMessage(db: Kysely<DB>, viewer: Viewer, caseId: string, body: string) {
  if (!viewer.org) throw forbidden();
  await db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, caseId);
    const isOffice = c.regulatorOrgId === viewer.org!.id;
    if (!isOffice && !(await caseParties(trx, c)).includes(viewer.org!.id)) throw forbidden("errors.case.notParty");
    if (!dialogueOpen(c.status as CaseState)) throw conflict("state", "errors.case.dialogueClosed", "body");
    const row = await trx
      .insertInto("caseMessages")
      .values({ caseId: c.id, authorOrgId: viewer.org!.id, authorUserId: viewer.userId, body })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("monitoringCases")
      .set({ updatedAt: sql<Date>`now()` })
      .where("id", "=", c.id)
      .execute();
    const notify = isOffice ? await caseParties(trx, c) : [c.regulatorOrgId];
    for (const orgId of notify)
      await trx
        .insertInto("notifications")
        .values({ orgId, kind: "case.message", subjectType: "case", subjectId: c.id, params: "{}" })
        .execute();
    await recordAudit(trx, {
      action: "case.message",
      subjectType: "case",
      subjectId: c.id,
      actorUserId: viewer.userId,
      actorOrgId: viewer.org!.id,
      data: { messageId: row.id, body },
    });
  });
}

/**
 * The conclusion: a violation (with its type) or none. A violation's follow-up is a credit event
 * (recorded now, the agency rescored), a sanction (issued next from the sanction form, linked to the case),
 * or none.
 */
export async function concludeCase(db: Kysely<DB>, viewer: Viewer, caseId: string, input: ConclusionInput, now = new Date()) {
  requireRegulator(viewer);
  return db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, caseId);
    const violation = input.finding === "violation";
    let breachEventId: string | null = null;
    if (violation && input.followUp === "creditEvent") {
      if (!c.agencyId) throw new DomainError("no_agency", "errors.case.noAgency", "followUp");
      breachEventId = (
        await trx
          .insertInto("breachEvents")
          .values({
            agencyId: c.agencyId,
            projectId: c.projectId,
            kind: "monitoringFinding",
            details: JSON.stringify({ caseId: c.id, violation: input.violation }),
            occurredAt: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    }
    if (violation && input.followUp === "sanction" && !c.agencyId) throw new DomainError("no_agency", "errors.case.noAgency", "followUp");
    await moveCase(
      trx,
      viewer,
      c,
      violation ? "addressed" : "declined",
      { violation: input.violation ?? null, conclusion: input.conclusion, followUp: input.followUp, breachEventId, concludedAt: now },
      { ...input },
    );
    if (breachEventId) await rescore(trx, [c.agencyId], now);
    for (const orgId of await caseParties(trx, c))
      await trx
        .insertInto("notifications")
        .values({ orgId, kind: "case.concluded", subjectType: "case", subjectId: c.id, params: "{}" })
        .execute();
    return { status: violation ? "addressed" : "declined", agencyId: c.agencyId, followUp: input.followUp };
  });
}

/** The remedy is accepted (addressed → completed) or a declined case is closed. */
export async function finishCase(db: Kysely<DB>, viewer: Viewer, caseId: string, now = new Date()) {
  requireRegulator(viewer);
  await db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, caseId);
    await moveCase(trx, viewer, c, c.status === "addressed" ? "completed" : "closed", { concludedAt: c.concludedAt ?? now });
  });
}

/** Called by the sanction form when a sanction follows from a case: the two are linked. */
export async function linkSanctionToCase(trx: Transaction<DB>, caseId: string, sanctionId: string, office: { id: string }) {
  const c = await lockCase(trx, caseId);
  if (c.regulatorOrgId !== office.id || c.status !== "addressed" || c.followUp !== "sanction")
    throw conflict("state", "errors.case.sanctionLink");
  await trx
    .updateTable("monitoringCases")
    .set({ sanctionId, updatedAt: sql<Date>`now()` })
    .where("id", "=", c.id)
    .execute();
}

const caseColumns = [
  "c.id",
  "c.regulatorOrgId",
  "reg.name as regulatorName",
  "c.origin",
  "c.flag",
  "c.complaintId",
  "c.projectId",
  "p.title as projectTitle",
  "c.agencyId",
  "ag.name as agencyName",
  "c.ownerOrgId",
  "ow.name as ownerName",
  "c.title",
  "c.grounds",
  "c.status",
  "c.violation",
  "c.conclusion",
  "c.followUp",
  "c.sanctionId",
  "c.createdAt",
  "c.activatedAt",
  "c.concludedAt",
  "c.updatedAt",
] as const;

function cases(db: Kysely<DB>) {
  return db
    .selectFrom("monitoringCases as c")
    .innerJoin("organizations as reg", "reg.id", "c.regulatorOrgId")
    .leftJoin("projects as p", "p.id", "c.projectId")
    .leftJoin("organizations as ag", "ag.id", "c.agencyId")
    .leftJoin("organizations as ow", "ow.id", "c.ownerOrgId")
    .select(caseColumns);
}

/** A case with its dialogue, for the office always, for everyone else once it is public. */
export async function getCase(db: Kysely<DB>, viewer: Viewer | null, caseId: string) {
  if (!isUuid(caseId)) return null;
  const c = await cases(db).where("c.id", "=", caseId).executeTakeFirst();
  if (!c) return null;
  const isOffice = viewer?.org?.id === c.regulatorOrgId;
  if (!isOffice && !casePublic(c)) return null;
  const messages = await db
    .selectFrom("caseMessages as m")
    .innerJoin("organizations as o", "o.id", "m.authorOrgId")
    .select(["m.id", "m.body", "m.createdAt", "o.name as authorName", "o.kind as authorKind"])
    .where("m.caseId", "=", c.id)
    .orderBy("m.id")
    .execute();
  const parties = await caseParties(db, c);
  return { case: c, messages, isOffice, isParty: !!viewer?.org && parties.includes(viewer.org.id) };
}

export async function listOfficeCases(db: Kysely<DB>, viewer: Viewer) {
  const office = requireRegulator(viewer).org;
  return cases(db).where("c.regulatorOrgId", "=", office.id).orderBy("c.updatedAt", "desc").limit(200).execute();
}

/** Public cases about an agency or a project (for their pages). */
export async function listPublicCases(db: Kysely<DB>, where: { agencyId?: string; projectId?: string }) {
  let q = cases(db).where("c.activatedAt", "is not", null);
  if (where.agencyId)
    q = q.where((eb) =>
      eb.or([
        eb("c.agencyId", "=", where.agencyId!),
        eb.exists(
          eb
            .selectFrom("awards as w")
            .select("w.id")
            .whereRef("w.projectId", "=", "c.projectId")
            .where("w.agencyOrgId", "=", where.agencyId!)
            .where("w.status", "<>", "annulled"),
        ),
      ]),
    );
  if (where.projectId) q = q.where("c.projectId", "=", where.projectId);
  return q.orderBy("c.updatedAt", "desc").limit(50).execute();
}

/** Names for the new-case form's subject (project title, organisation names). */
export async function caseSubjectNames(
  db: Kysely<DB>,
  ids: { projectId?: string | null; agencyId?: string | null; ownerOrgId?: string | null },
) {
  const [project, agency, owner] = await Promise.all([
    ids.projectId && isUuid(ids.projectId)
      ? db.selectFrom("projects").select("title").where("id", "=", ids.projectId).executeTakeFirst()
      : undefined,
    ids.agencyId && isUuid(ids.agencyId)
      ? db.selectFrom("organizations").select("name").where("id", "=", ids.agencyId).executeTakeFirst()
      : undefined,
    ids.ownerOrgId && isUuid(ids.ownerOrgId)
      ? db.selectFrom("organizations").select("name").where("id", "=", ids.ownerOrgId).executeTakeFirst()
      : undefined,
  ]);
  return { project: project?.title ?? null, agency: agency?.name ?? null, owner: owner?.name ?? null };
}

/** Every public case, newest first (the public register of monitoring). */
export async function listAllPublicCases(db: Kysely<DB>) {
  return cases(db).where("c.activatedAt", "is not", null).orderBy("c.updatedAt", "desc").limit(100).execute();
}
