import { isUuid } from "~/lib/ids";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { regionPrefix } from "~/modules/agencies/regions.rules";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, forbidden, isUniqueViolation, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { complaintPolicy, DEFAULT_RATE_LIMITS, type RateLimits } from "~/modules/identity/throttle.rules";
import { hitRateLimit } from "~/modules/identity/throttle.server";
import { getPolicyFor } from "~/modules/procurement/policy.server";
import { deadlineAfterWorkdays } from "~/lib/beijing-calendar";
import { admissibility, complaintOverdue, complaintWindowEnds, type ComplaintMatter } from "./complaints.rules";
import { rescore } from "./credit.server";
import { assertSupervises, requireRegulator } from "./supervision.server";
import type { ComplaintInput } from "./trust.schema";

async function projectPolicy(db: Kysely<DB>, p: { policyId: number | null; regionCode: string }) {
  if (p.policyId != null) return db.selectFrom("procedurePolicies").selectAll().where("id", "=", p.policyId).executeTakeFirstOrThrow();
  return getPolicyFor(db, p.regionCode);
}

/** The facts admissibility reads about a project and who took part in it. */
async function loadMatter(db: Kysely<DB>, projectId: string) {
  const project = await db
    .selectFrom("projects")
    .select(["id", "title", "ownerOrgId", "status", "policyId", "regionCode", "serviceItemId", "publishedAt", "bidDeadline", "updatedAt"])
    .where("id", "=", projectId)
    .executeTakeFirst();
  if (!project) return null;
  const [bidders, awards, questions, selection, contract] = await Promise.all([
    db.selectFrom("bids").select("agencyId").distinct().where("projectId", "=", projectId).execute(),
    db.selectFrom("awards").select(["agencyOrgId", "awardedAt"]).where("projectId", "=", projectId).execute(),
    db.selectFrom("projectQuestions").select("askedByOrg").distinct().where("projectId", "=", projectId).execute(),
    db.selectFrom("selections").select("outcome").where("projectId", "=", projectId).executeTakeFirst(),
    db.selectFrom("contracts").select(["completedAt", "terminatedAt", "createdAt"]).where("projectId", "=", projectId).executeTakeFirst(),
  ]);
  const shown = ((selection?.outcome as { shownAgencyIds?: string[] } | undefined)?.shownAgencyIds ?? []) as string[];
  const participants = [...new Set([...bidders.map((b) => b.agencyId), ...awards.map((a) => a.agencyOrgId), ...shown])];
  const policy = await projectPolicy(db, project);
  return {
    project,
    policy,
    participants,
    askers: questions.map((q) => q.askedByOrg),
    milestones: [
      project.publishedAt,
      project.bidDeadline,
      project.updatedAt,
      ...awards.map((a) => a.awardedAt),
      contract?.createdAt ?? null,
      contract?.completedAt ?? null,
      contract?.terminatedAt ?? null,
    ],
  };
}

function matterFor(
  viewer: Viewer,
  m: NonNullable<Awaited<ReturnType<typeof loadMatter>>>,
  subjectType: "agency" | "project",
  agencyId: string | null,
  earlier: { status: string } | null,
): ComplaintMatter {
  return {
    subjectType,
    agencyId,
    complainant: { orgId: viewer.org!.id, kind: viewer.org!.kind },
    project: { ownerOrgId: m.project.ownerOrgId, status: m.project.status },
    participants: m.participants,
    askers: m.askers,
    milestones: m.milestones,
    windowDays: m.policy.complaintWindowDays,
    earlier,
  };
}

async function earlierComplaint(db: Kysely<DB>, orgId: string, projectId: string, subjectType: string, agencyId: string | null) {
  let q = db
    .selectFrom("complaints")
    .select(["id", "status"])
    .where("complainantOrgId", "=", orgId)
    .where("projectId", "=", projectId)
    .where("subjectType", "=", subjectType);
  q = agencyId ? q.where("agencyId", "=", agencyId) : q.where("agencyId", "is", null);
  return (await q.executeTakeFirst()) ?? null;
}

/** What the filing form needs: the matter, the agencies one may name, and the window. */
export async function getComplaintContext(db: Kysely<DB>, viewer: Viewer, projectId: string, now = new Date()) {
  if (!viewer.org || !isUuid(projectId)) return null;
  const m = await loadMatter(db, projectId);
  if (!m || m.project.status === "draft") return null;
  const agencies = m.participants.length
    ? await db
        .selectFrom("organizations")
        .select(["id", "name"])
        .where("id", "in", m.participants)
        .where("id", "<>", viewer.org.id)
        .orderBy("name")
        .execute()
    : [];
  const windowEnds = complaintWindowEnds({ milestones: m.milestones, windowDays: m.policy.complaintWindowDays });
  const asProject = admissibility(
    matterFor(viewer, m, "project", null, await earlierComplaint(db, viewer.org.id, projectId, "project", null)),
    now,
  );
  return {
    project: { id: m.project.id, title: m.project.title },
    agencies,
    windowEnds,
    decisionWorkdays: m.policy.complaintDecisionWorkdays,
    projectComplaint: asProject,
  };
}

/**
 * The same matter brought again by the same complainant: always 409 and the same message for the state
 * found (pending or decided), whether the earlier filing was seen before the insert or won a race with it.
 */
function duplicateComplaint(reason: "alreadyPending" | "alreadyDecided"): DomainError {
  return conflict("duplicate", `errors.complaint.${reason}`, "_form", { state: reason === "alreadyPending" ? "pending" : "decided" });
}

/**
 * Files a complaint after checking admissibility; the regulator's decision is due in the policy's working
 * days. An organisation files at most `limits.complaintsPerDay` a day (counted in the filing's transaction:
 * a refused filing does not count; a burst of parallel filings queues on the counter and stops at the limit).
 */
export async function fileComplaint(
  db: Kysely<DB>,
  viewer: Viewer,
  input: ComplaintInput,
  now = new Date(),
  evidenceFileId: string | null = null,
  limits: RateLimits = DEFAULT_RATE_LIMITS,
) {
  if (!viewer.org) throw forbidden();
  return db
    .transaction()
    .execute(async (trx) => {
      const m = await loadMatter(trx, input.projectId);
      if (!m) throw notFound("projectId");
      const earlier = await earlierComplaint(trx, viewer.org!.id, input.projectId, input.subjectType, input.agencyId);
      const verdict = admissibility(matterFor(viewer, m, input.subjectType, input.agencyId, earlier), now);
      // A repeat of a matter already brought: 409 with the state found, as the race below answers.
      if (!verdict.ok && (verdict.reason === "alreadyPending" || verdict.reason === "alreadyDecided"))
        throw duplicateComplaint(verdict.reason);
      if (!verdict.ok)
        throw new DomainError(
          "inadmissible",
          `errors.complaint.${verdict.reason}`,
          verdict.reason === "agencyNotInvolved" ? "agencyId" : "_form",
          verdict.params ?? {},
          422,
        );
      const limit = await hitRateLimit(trx, `complaint:org:${viewer.org!.id}`, complaintPolicy(limits), now);
      if (!limit.allowed)
        throw new DomainError(
          "throttled",
          "errors.complaint.throttled",
          "_form",
          { hours: Math.ceil(limit.retryAfterSeconds / 3600) },
          429,
        );
      const dueAt = deadlineAfterWorkdays(now, m.policy.complaintDecisionWorkdays);
      const row = await trx
        .insertInto("complaints")
        .values({
          complainantOrgId: viewer.org!.id,
          complainantUserId: viewer.userId,
          subjectType: input.subjectType,
          agencyId: input.agencyId,
          projectId: input.projectId,
          facts: input.facts,
          provisions: input.provisions,
          evidenceFileId,
          dueAt,
          createdAt: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("notifications")
        .values({
          orgId: input.agencyId ?? m.project.ownerOrgId,
          kind: "complaint.filed",
          subjectType: "project",
          subjectId: input.projectId,
          params: "{}",
        })
        .execute();
      await recordAudit(trx, {
        action: "complaint.filed",
        subjectType: "project",
        subjectId: input.projectId,
        actorUserId: viewer.userId,
        actorOrgId: viewer.org!.id,
        data: {
          complaintId: row.id,
          subjectType: input.subjectType,
          agencyId: input.agencyId,
          provisions: input.provisions,
          dueAt: dueAt.toISOString(),
        },
      });
      return { id: row.id, dueAt };
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e, "complaints_one_per_matter")) throw duplicateComplaint("alreadyPending");
      throw e;
    });
}

const publicColumns = [
  "c.id",
  "c.subjectType",
  "c.agencyId",
  "c.projectId",
  "c.provisions",
  "c.status",
  "c.dueAt",
  "c.decisionReason",
  "c.decidedAt",
  "c.createdAt",
  "p.title",
  "ow.name as ownerName",
  "a.name as agencyName",
  "reg.name as decidedByName",
] as const;

function publicComplaints(db: Kysely<DB>) {
  return db
    .selectFrom("complaints as c")
    .innerJoin("projects as p", "p.id", "c.projectId")
    .innerJoin("organizations as ow", "ow.id", "p.ownerOrgId")
    .leftJoin("organizations as a", "a.id", "c.agencyId")
    .leftJoin("organizations as reg", "reg.id", "c.decidedByOrg")
    .select(publicColumns);
}

/**
 * The public register: every complaint's subject, matter, provisions, state, and the decision with its
 * reasons — never who complained, nor the facts and evidence (they may hold personal data).
 */
export function publicComplaintsQuery(
  db: Kysely<DB>,
  filter: { agencyId?: string; projectId?: string; status?: string; page?: number } = {},
) {
  let q = publicComplaints(db);
  if (filter.agencyId) q = q.where("c.agencyId", "=", filter.agencyId);
  if (filter.projectId) q = q.where("c.projectId", "=", filter.projectId);
  if (filter.status) q = q.where("c.status", "=", filter.status);
  return q
    .orderBy("c.createdAt", "desc")
    .limit(50)
    .offset(((filter.page ?? 1) - 1) * 50);
}

type PublicComplaintRow = Awaited<ReturnType<ReturnType<typeof publicComplaintsQuery>["execute"]>>[number];

export function withOverdue(rows: PublicComplaintRow[], now = new Date()) {
  return rows.map((r) => ({ ...r, overdue: complaintOverdue(r, now) }));
}

export async function listPublicComplaints(
  db: Kysely<DB>,
  filter: { agencyId?: string; projectId?: string; status?: string; page?: number } = {},
  now = new Date(),
) {
  return withOverdue(await publicComplaintsQuery(db, filter).execute(), now);
}

/** The complainant's own complaints, with everything it wrote. */
export async function listOwnComplaints(db: Kysely<DB>, viewer: Viewer, now = new Date()) {
  if (!viewer.org) return [];
  const rows = await publicComplaints(db)
    .select(["c.facts", "c.evidenceFileId"])
    .where("c.complainantOrgId", "=", viewer.org.id)
    .orderBy("c.createdAt", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({ ...r, overdue: complaintOverdue(r, now) }));
}

/** The regulator's queue: pending complaints in its items and region, the overdue first. */
export async function regulatorComplaints(db: Kysely<DB>, viewer: Viewer, now = new Date()) {
  const office = requireRegulator(viewer).org;
  const rows = await publicComplaints(db)
    .innerJoin("regulatorServiceItems as rs", (j) =>
      j.onRef("rs.serviceItemId", "=", "p.serviceItemId").on("rs.regulatorId", "=", office.id),
    )
    .innerJoin("organizations as who", "who.id", "c.complainantOrgId")
    .select(["c.facts", "c.evidenceFileId", "who.name as complainantName", "p.regionCode"])
    .where("p.regionCode", "like", `${regionPrefix(office.regionCode)}%`)
    .where("c.status", "=", "pending")
    .orderBy("c.dueAt")
    .limit(200)
    .execute();
  return rows.map((r) => ({ ...r, overdue: complaintOverdue(r, now) }));
}

/**
 * The regulator's decision, once (of two at once, one stands). Upheld against an agency, it is a credit
 * event; the regulator may then sanction from the outcome.
 */
export async function decideComplaint(
  db: Kysely<DB>,
  viewer: Viewer,
  complaintId: string,
  decision: "uphold" | "dismiss",
  reason: string,
  now = new Date(),
) {
  const office = requireRegulator(viewer).org;
  if (!isUuid(complaintId)) throw notFound();
  return db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom("complaints as c")
      .innerJoin("projects as p", "p.id", "c.projectId")
      .select([
        "c.id",
        "c.status",
        "c.agencyId",
        "c.subjectType",
        "c.projectId",
        "c.complainantOrgId",
        "p.serviceItemId",
        "p.regionCode",
        "p.ownerOrgId",
      ])
      .where("c.id", "=", complaintId)
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw notFound();
    await assertSupervises(trx, office, c);
    const status = decision === "uphold" ? "upheld" : "dismissed";
    const updated = await trx
      .updateTable("complaints")
      .set({ status, decisionReason: reason, decidedBy: viewer.userId, decidedByOrg: office.id, decidedAt: now })
      .where("id", "=", c.id)
      .where("status", "=", "pending")
      .returning("id")
      .executeTakeFirst();
    if (!updated) throw conflict("state", "errors.complaint.decided", "_form", { state: `@complaint.status.${c.status}` });
    if (status === "upheld" && c.agencyId) {
      await trx
        .insertInto("breachEvents")
        .values({
          agencyId: c.agencyId,
          projectId: c.projectId,
          kind: "upheldComplaint",
          details: JSON.stringify({ complaintId: c.id, reason }),
          occurredAt: now,
        })
        .execute();
      await rescore(trx, [c.agencyId], now);
    }
    for (const orgId of [c.complainantOrgId, c.agencyId ?? c.ownerOrgId]) {
      await trx
        .insertInto("notifications")
        .values({ orgId, kind: `complaint.${status}`, subjectType: "project", subjectId: c.projectId, params: "{}" })
        .execute();
    }
    await recordAudit(trx, {
      action: `complaint.${status}`,
      subjectType: "project",
      subjectId: c.projectId,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { complaintId: c.id, reason },
    });
    return { status, agencyId: c.agencyId };
  });
}

export async function getComplaintForRegulator(db: Kysely<DB>, viewer: Viewer, complaintId: string) {
  requireRegulator(viewer);
  if (!isUuid(complaintId)) return null;
  return (await publicComplaints(db).select(["c.facts"]).where("c.id", "=", complaintId).executeTakeFirst()) ?? null;
}

/** Counts for the complaint register's heading. */
export async function complaintCounts(db: Kysely<DB>, now = new Date()) {
  const r = await db
    .selectFrom("complaints")
    .select((eb) => [
      eb.fn.countAll<number>().as("total"),
      eb.fn.count<number>("id").filterWhere("status", "=", "pending").as("pending"),
      eb.fn.count<number>("id").filterWhere("status", "=", "upheld").as("upheld"),
      eb.fn.count<number>("id").filterWhere("status", "=", "dismissed").as("dismissed"),
      eb.fn
        .count<number>("id")
        .filterWhere(sql<boolean>`status = 'pending' and due_at <= ${now}`)
        .as("overdue"),
    ])
    .executeTakeFirstOrThrow();
  return {
    total: Number(r.total),
    pending: Number(r.pending),
    upheld: Number(r.upheld),
    dismissed: Number(r.dismissed),
    overdue: Number(r.overdue),
  };
}
