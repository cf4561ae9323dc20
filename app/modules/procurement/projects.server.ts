import { isUuid } from "~/lib/ids";
import { randomBytes } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, forbidden, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { commitment } from "./draw.rules";
import { designateDrawRound } from "./beacon-draw.server";
import { requestShare } from "./share-draw.server";
import { configuredBeacon } from "./beacon.server";
import { getPolicyFor } from "./policy.server";
import type { ProjectInput } from "./projects.schema";
import { canTransition, methodProblems, type ProjectState } from "./projects.rules";
import { assertNoRestrictiveTerms } from "./terms.server";
import { deadlineAfterWorkdays } from "~/lib/beijing-calendar";
import { eligibleAgenciesSql } from "~/modules/trust/exclusions.server";
import { bidsUnsealed } from "./sealing.rules";
import { deadlineTooFar } from "./bidding.rules";
import { regionAncestors } from "~/modules/agencies/regions.rules";
import { amendmentProblem, isCancellableStage, snapshot, termChanges, type CancelGround, type ProjectTerms } from "./amendments.rules";

/** The earliest deadline the policy allows; a policy of 0 working days still needs a future deadline. */
export function earliestDeadline(now: Date, minWorkdays: number): Date {
  return minWorkdays === 0 ? new Date(now.getTime() + 30_000) : deadlineAfterWorkdays(now, minWorkdays);
}

export function requireOwner(viewer: Viewer | null): Viewer & { org: NonNullable<Viewer["org"]> } {
  if (!viewer?.org || viewer.org.kind !== "owner") throw forbidden();
  return viewer as Viewer & { org: NonNullable<Viewer["org"]> };
}

function firstProblem(problems: Record<string, string>): never | void {
  const [field, key] = Object.entries(problems)[0] ?? [];
  if (field && key) throw new DomainError("policy", key, field);
}

/** The item and region exist, and no text field has a restrictive term (all of them are named at once). */
async function checkTermsAndItem(trx: Kysely<DB>, input: ProjectInput) {
  const item = await trx.selectFrom("serviceItems").select("id").where("id", "=", input.serviceItemId).executeTakeFirst();
  if (!item) throw new DomainError("unknown_item", "errors.serviceItem", "serviceItemId");
  const region = await trx.selectFrom("regions").select("code").where("code", "=", input.regionCode).executeTakeFirst();
  if (!region) throw new DomainError("unknown_region", "errors.region.unknown", "regionCode");
  await assertNoRestrictiveTerms(trx, input);
}

function projectValues(input: ProjectInput) {
  return {
    title: input.title,
    serviceItemId: input.serviceItemId,
    regionCode: input.regionCode,
    description: input.description,
    deliverables: input.deliverables,
    priceCeilingFen: input.priceCeilingFen,
    priceFloorFen: input.priceFloorFen,
    governmentFunded: input.governmentFunded,
    selectionMethod: input.selectionMethod,
    bidDeadline: input.bidDeadline,
    expectedDays: input.expectedDays,
    priceWeight: input.priceWeight,
    technicalWeight: input.technicalWeight,
    creditWeight: input.creditWeight,
  };
}

/** Applies one transition of the state machine to a locked project row, and audits it. */
export async function transition(
  trx: Transaction<DB>,
  project: { id: string; status: string },
  to: ProjectState,
  actor: { userId: string | null; orgId: string | null },
  data: Record<string, unknown> = {},
  extra: Partial<{ statusReason: string | null; publishedAt: Date; openedAt: Date }> = {},
) {
  if (!canTransition(project.status as ProjectState, to))
    throw conflict("bad_transition", "errors.project.state", "_form", { from: project.status, to });
  await trx
    .updateTable("projects")
    .set({ status: to, updatedAt: sql<Date>`now()`, ...extra })
    .where("id", "=", project.id)
    .execute();
  await recordAudit(trx, {
    action: `project.${to}`,
    subjectType: "project",
    subjectId: project.id,
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    data: { from: project.status, to, ...(data as Record<string, never>) },
  });
}

export async function createProject(db: Kysely<DB>, viewer: Viewer, input: ProjectInput): Promise<{ id: string }> {
  const owner = requireOwner(viewer).org;
  return db.transaction().execute(async (trx) => {
    await checkTermsAndItem(trx, input);
    const row = await trx
      .insertInto("projects")
      .values({ ownerOrgId: owner.id, status: "draft", ...projectValues(input) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: "project.drafted",
      subjectType: "project",
      subjectId: row.id,
      actorUserId: viewer.userId,
      actorOrgId: owner.id,
      data: { title: input.title },
    });
    return row;
  });
}

async function lockOwnProject(trx: Transaction<DB>, viewer: Viewer, projectId: string) {
  const owner = requireOwner(viewer).org;
  if (!isUuid(projectId)) throw notFound();
  const project = await trx.selectFrom("projects").selectAll().where("id", "=", projectId).forUpdate().executeTakeFirst();
  if (!project || project.ownerOrgId !== owner.id) throw notFound();
  return project;
}

export async function updateDraft(db: Kysely<DB>, viewer: Viewer, projectId: string, input: ProjectInput) {
  await db.transaction().execute(async (trx) => {
    const project = await lockOwnProject(trx, viewer, projectId);
    if (project.status !== "draft") throw conflict("not_draft", "errors.project.state", "_form", { from: project.status, to: "draft" });
    await checkTermsAndItem(trx, input);
    await trx
      .updateTable("projects")
      .set({ ...projectValues(input), updatedAt: sql<Date>`now()` })
      .where("id", "=", projectId)
      .execute();
  });
}

/**
 * Publishes a draft: checks it against the policy in force (method, direct ceiling, weights, minimum
 * bidding period in working days), commits to the draw secret by publishing its SHA-256, and opens
 * bidding. Publishing twice with the same key (a retried request) does nothing the second time.
 */
export async function publishProject(db: Kysely<DB>, viewer: Viewer, projectId: string, publishKey: string, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const project = await lockOwnProject(trx, viewer, projectId);
    if (project.publishKey === publishKey) return { alreadyPublished: true };
    if (project.status !== "draft") throw conflict("not_draft", "errors.project.state", "_form", { from: project.status, to: "bidding" });
    // Checked again under the rules in force now: a draft saved under an earlier version may break a later one.
    const termsRulesVersion = await assertNoRestrictiveTerms(trx, project);
    const policy = await getPolicyFor(trx, project.regionCode, now);
    firstProblem(
      methodProblems(
        {
          selectionMethod: project.selectionMethod as ProjectInput["selectionMethod"],
          governmentFunded: project.governmentFunded,
          priceCeilingFen: project.priceCeilingFen ?? 0,
          priceWeight: project.priceWeight,
          technicalWeight: project.technicalWeight,
          creditWeight: project.creditWeight,
        },
        policy,
      ),
    );
    if (project.selectionMethod === "direct") {
      // Direct selection has no bidding: the owner is shown the eligible listed agencies for the item
      // and region, cheapest first, and that list is stored with the choice it makes.
      const shown = await directShortlist(trx, { ...project, ownerOrgId: project.ownerOrgId }, now);
      await trx.updateTable("projects").set({ policyId: policy.id, publishKey, bidDeadline: null }).where("id", "=", projectId).execute();
      await trx
        .insertInto("selections")
        .values({
          projectId,
          method: "direct",
          validBids: "[]",
          outcome: JSON.stringify({ method: "direct", pending: true, shownAgencyIds: shown }),
        })
        .execute();
      await transition(
        trx,
        project,
        "selecting",
        { userId: viewer.userId, orgId: viewer.org!.id },
        { policyId: policy.id, policyVersion: policy.version, termsRulesVersion, shownAgencyIds: shown },
        { publishedAt: now },
      );
      return { alreadyPublished: false };
    }
    const earliest = earliestDeadline(now, policy.minBiddingWorkdays);
    if (!project.bidDeadline || project.bidDeadline < earliest) {
      throw new DomainError("deadline_too_soon", "errors.project.deadlineTooSoon", "bidDeadline", {
        days: policy.minBiddingWorkdays,
        earliest: earliest.toISOString(),
      });
    }
    if (deadlineTooFar(project.bidDeadline, now, policy.maxBiddingDays))
      throw new DomainError("deadline_too_far", "errors.project.deadlineTooFar", "bidDeadline", { days: policy.maxBiddingDays });
    const secret = randomBytes(32).toString("hex");
    await trx.insertInto("projectSecrets").values({ projectId, secret }).execute();
    await trx
      .updateTable("projects")
      .set({ policyId: policy.id, publishKey, drawCommitment: commitment(secret) })
      .where("id", "=", projectId)
      .execute();
    // zjcs-draw-v2 (decision 042): the beacon round the draw will use is designated and audited now.
    // A region whose policy takes a regulator's reveal share (decision 043) asks the competent office for
    // one instead: the share is awaited from now, committed in the bidding period.
    const share = await requestShare(trx, project, policy);
    const beacon = share ?? (await designateDrawRound(trx, projectId, project.bidDeadline, configuredBeacon()));
    await transition(
      trx,
      project,
      "bidding",
      { userId: viewer.userId, orgId: viewer.org!.id },
      { policyId: policy.id, policyVersion: policy.version, termsRulesVersion, drawCommitment: commitment(secret), ...beacon },
      { publishedAt: now },
    );
    return { alreadyPublished: false };
  });
}

/**
 * The eligible listed agencies a direct selection may choose from (at most 20, cheapest first): the
 * item's listings serving the region, kept only if the exclusion engine lets the agency take part —
 * one query for all of them.
 */
export async function directShortlist(
  trx: Kysely<DB>,
  project: { id: string; serviceItemId: number; regionCode: string; ownerOrgId: string },
  now: Date,
): Promise<string[]> {
  const eligible = eligibleAgenciesSql(project.id, now);
  const rows = await trx
    .selectFrom("agencyServices as s")
    .innerJoin("organizations as o", "o.id", "s.agencyId")
    .select("s.agencyId")
    .where("s.serviceItemId", "=", project.serviceItemId)
    .where("s.active", "=", true)
    .where("o.kind", "=", "agency")
    .where((eb) =>
      eb.or([eb(sql`cardinality(s.regions)`, "=", 0), eb(sql`s.regions`, "&&", sql`${regionAncestors(project.regionCode)}::char(6)[]`)]),
    )
    .where(sql<boolean>`s.agency_id in (${eligible})`)
    .orderBy(sql`s.fee_min_fen asc nulls last`)
    .orderBy("s.agencyId")
    .limit(20)
    .execute();
  return rows.map((r) => r.agencyId);
}

/** A project row's amendable terms, in the types an input has (money and ids as numbers). */
function termsOf(p: {
  title: string;
  serviceItemId: number;
  regionCode: string;
  description: string;
  deliverables: string | null;
  priceCeilingFen: number | string | bigint | null;
  priceFloorFen: number | string | bigint | null;
  governmentFunded: boolean;
  selectionMethod: string;
  expectedDays: number | null;
  priceWeight: number | null;
  technicalWeight: number | null;
  creditWeight: number | null;
  bidDeadline: Date | null;
}): ProjectTerms {
  const fen = (v: number | string | bigint | null) => (v === null ? null : Number(v));
  return {
    title: p.title,
    serviceItemId: Number(p.serviceItemId),
    regionCode: p.regionCode,
    description: p.description,
    deliverables: p.deliverables ?? null,
    priceCeilingFen: fen(p.priceCeilingFen),
    priceFloorFen: fen(p.priceFloorFen),
    governmentFunded: p.governmentFunded,
    selectionMethod: p.selectionMethod,
    expectedDays: p.expectedDays ?? null,
    priceWeight: p.priceWeight ?? null,
    technicalWeight: p.technicalWeight ?? null,
    creditWeight: p.creditWeight ?? null,
    bidDeadline: p.bidDeadline,
  };
}

/**
 * A change after publication is a public amendment notice (更正公告): what changed and the version it
 * replaced are kept for everyone to read; the deadline moves to at least the policy's minimum period from
 * now; bids already submitted are voided and their authors told to confirm or submit again. The selection
 * method cannot change after publication (cancel and publish again), and an amendment that changes nothing
 * is refused. Neither refusal depends on the bids, so none tells the owner whether anyone has bid.
 */
export async function reviseProject(db: Kysely<DB>, viewer: Viewer, projectId: string, input: ProjectInput, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const project = await lockOwnProject(trx, viewer, projectId);
    if (project.status !== "bidding")
      throw conflict("not_bidding", "errors.project.state", "_form", { from: project.status, to: "bidding" });
    await checkTermsAndItem(trx, input);
    const policy = await getPolicyFor(trx, input.regionCode, now);
    firstProblem(methodProblems({ ...input }, policy));
    const earliest = earliestDeadline(now, policy.minBiddingWorkdays);
    // The form gives minutes: the deadline it shows, sent back unchanged, is the same deadline.
    const unchanged =
      project.bidDeadline && Math.floor(project.bidDeadline.getTime() / 60_000) === Math.floor(input.bidDeadline.getTime() / 60_000);
    const asked = unchanged ? project.bidDeadline! : input.bidDeadline;
    const deadline = asked < earliest ? earliest : asked;
    // The longest bidding period counts from the publication, whatever the amendments.
    if (project.publishedAt && deadlineTooFar(deadline, project.publishedAt, policy.maxBiddingDays))
      throw new DomainError("deadline_too_far", "errors.project.deadlineTooFar", "bidDeadline", { days: policy.maxBiddingDays });
    const before = termsOf(project);
    const changes = termChanges(before, termsOf({ ...projectValues(input), bidDeadline: deadline }));
    const problem = amendmentProblem(changes);
    if (problem) throw conflict("amendment", problem.key, problem.field);
    const voided = await trx
      .updateTable("bids")
      .set({ status: "voided", statusReason: "projectRevised", updatedAt: sql<Date>`now()` })
      .where("projectId", "=", projectId)
      .where("status", "=", "submitted")
      .returning(["id", "agencyId"])
      .execute();
    const revision = project.revision + 1;
    await trx
      .updateTable("projects")
      .set({
        ...projectValues(input),
        bidDeadline: deadline,
        revision,
        policyId: policy.id,
        updatedAt: sql<Date>`now()`,
      })
      .where("id", "=", projectId)
      .execute();
    const amendment = await trx
      .insertInto("projectAmendments")
      .values({
        projectId,
        revision,
        changes: JSON.stringify(changes),
        previous: JSON.stringify(snapshot(before)),
        deadlineBefore: project.bidDeadline,
        deadlineAfter: deadline,
        voidedBids: voided.length,
        actorUserId: viewer.userId,
        amendedAt: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Every agency that ever bid is told (a withdrawn bidder may want to come back under the new terms).
    const bidders = await trx.selectFrom("bids").select("agencyId").distinct().where("projectId", "=", projectId).execute();
    const voidedAgencies = new Set(voided.map((b) => b.agencyId));
    if (bidders.length) {
      await trx
        .insertInto("notifications")
        .values(
          bidders.map((b) => ({
            orgId: b.agencyId,
            kind: voidedAgencies.has(b.agencyId) ? "bid.voided" : "project.amended",
            subjectType: "project",
            subjectId: projectId,
            params: JSON.stringify({ title: input.title, revision }),
          })),
        )
        .execute();
    }
    await transition(
      trx,
      project,
      "bidding",
      { userId: viewer.userId, orgId: viewer.org!.id },
      {
        revision,
        amendmentId: amendment.id,
        changed: changes.map((c) => c.field),
        bidDeadline: deadline.toISOString(),
        voidedBids: voided.length,
      },
    );
    return { deadline, voided: voided.length, amendmentId: amendment.id, changes };
  });
}

/**
 * Cancels a published project on a ground from the fixed list, explained: a public cancellation notice.
 * After the award (until a contract is signed) the award and its publicity end with it, the agencies that
 * bid and the winner are told, and regulators see a red flag. A signed contract ends by its termination.
 */
export async function cancelProject(
  db: Kysely<DB>,
  viewer: Viewer,
  projectId: string,
  input: { ground: CancelGround; explanation: string },
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    const project = await lockOwnProject(trx, viewer, projectId);
    if (!isCancellableStage(project.status))
      throw conflict("not_cancellable", "errors.project.notCancellable", "_form", { state: `@project.state.${project.status}` });
    // An objection a regulator is deciding holds the award: the owner cannot end it under the regulator.
    const escalated = await trx
      .selectFrom("objections")
      .select("id")
      .where("projectId", "=", projectId)
      .where("status", "=", "escalated")
      .executeTakeFirst();
    if (escalated) throw conflict("objection_escalated", "errors.project.cancelObjection");
    let awardId: string | null = null;
    if (project.status === "awarded") {
      const award = await trx
        .updateTable("awards")
        .set({ status: "annulled", annulledReason: `projectCancelled:${input.ground}` })
        .where("projectId", "=", projectId)
        .where("status", "<>", "annulled")
        .returning(["id", "agencyOrgId"])
        .executeTakeFirst();
      awardId = award?.id ?? null;
    }
    await trx
      .insertInto("projectCancellations")
      .values({
        projectId,
        ground: input.ground,
        explanation: input.explanation,
        stage: project.status,
        awardId,
        actorUserId: viewer.userId,
        cancelledAt: now,
      })
      .execute();
    const bidders = await trx.selectFrom("bids").select("agencyId").distinct().where("projectId", "=", projectId).execute();
    if (bidders.length)
      await trx
        .insertInto("notifications")
        .values(
          bidders.map((b) => ({
            orgId: b.agencyId,
            kind: "project.cancelled",
            subjectType: "project",
            subjectId: projectId,
            params: JSON.stringify({ title: project.title, ground: input.ground }),
          })),
        )
        .execute();
    await transition(
      trx,
      project,
      "cancelled",
      { userId: viewer.userId, orgId: viewer.org!.id },
      { ground: input.ground, explanation: input.explanation, stage: project.status, awardId },
      { statusReason: input.ground },
    );
  });
}

/** A project's public notices after publication: its amendments (oldest first) and its cancellation. */
export async function procedureNotices(db: Kysely<DB>, projectId: string) {
  const [amendments, cancellation, predecessor, successors] = await Promise.all([
    db
      .selectFrom("projectAmendments")
      // Not how many bids were voided: before the opening nobody learns how many bids there are.
      .select(["id", "revision", "changes", "previous", "deadlineBefore", "deadlineAfter", "amendedAt"])
      .where("projectId", "=", projectId)
      .orderBy("revision")
      .execute(),
    db
      .selectFrom("projectCancellations")
      .select(["ground", "explanation", "stage", "cancelledAt"])
      .where("projectId", "=", projectId)
      .executeTakeFirst(),
    db
      .selectFrom("projects as p")
      .innerJoin("projects as q", "q.id", "p.predecessorId")
      .select(["q.id", "q.title", "q.status"])
      .where("p.id", "=", projectId)
      .executeTakeFirst(),
    // A copy is public once it is published (a draft copy is the owner's business).
    db
      .selectFrom("projects")
      .select(["id", "title", "status"])
      .where("predecessorId", "=", projectId)
      .where("status", "<>", "draft")
      .orderBy("createdAt")
      .execute(),
  ]);
  // Regions and items by name, for the values an amendment changed or replaced.
  const values = amendments.flatMap((a) => [
    ...(a.changes as { field: string; before: unknown; after: unknown }[]).flatMap((c) => [
      [c.field, c.before] as const,
      [c.field, c.after] as const,
    ]),
    ...Object.entries(a.previous as Record<string, unknown>),
  ]);
  const regionCodes = [...new Set(values.filter(([f, v]) => f === "regionCode" && typeof v === "string").map(([, v]) => v as string))];
  const itemIds = [...new Set(values.filter(([f, v]) => f === "serviceItemId" && typeof v === "number").map(([, v]) => v as number))];
  const [regions, items] = await Promise.all([
    regionCodes.length ? db.selectFrom("regions").select(["code", "name"]).where("code", "in", regionCodes).execute() : [],
    itemIds.length ? db.selectFrom("serviceItems").select(["id", "nameZh", "nameEn"]).where("id", "in", itemIds).execute() : [],
  ]);
  return {
    names: {
      regions: Object.fromEntries(regions.map((r) => [r.code.trim(), r.name])),
      items: Object.fromEntries(items.map((i) => [String(i.id), { zh: i.nameZh, en: i.nameEn }])),
    },
    amendments: amendments.map((a) => ({
      ...a,
      changes: (typeof a.changes === "string" ? JSON.parse(a.changes) : a.changes) as import("./amendments.rules").TermChange[],
      previous: (typeof a.previous === "string" ? JSON.parse(a.previous) : a.previous) as Record<string, string | number | boolean | null>,
    })),
    cancellation: cancellation ?? null,
    predecessor: predecessor ?? null,
    successors,
  };
}

/** Public projects (never drafts), newest first. */
export async function listPublicProjects(db: Kysely<DB>, opts: { status?: string; page?: number } = {}) {
  let q = db
    .selectFrom("projects as p")
    .innerJoin("organizations as o", "o.id", "p.ownerOrgId")
    .innerJoin("serviceItems as i", "i.id", "p.serviceItemId")
    .innerJoin("regions as r", "r.code", "p.regionCode")
    .select([
      "p.id",
      "p.title",
      "p.status",
      "p.selectionMethod",
      "p.priceCeilingFen",
      "p.governmentFunded",
      "p.publishedAt",
      "p.bidDeadline",
      "o.name as ownerName",
      "i.nameZh as itemNameZh",
      "i.nameEn as itemNameEn",
      "r.name as regionName",
    ])
    .where("p.status", "<>", "draft");
  if (opts.status) q = q.where("p.status", "=", opts.status);
  return q
    .orderBy("p.publishedAt", "desc")
    .limit(50)
    .offset(((opts.page ?? 1) - 1) * 50)
    .execute();
}

/** The owner's projects; how many bids each had is known from the opening on (sealed before: null). */
export async function listOwnerProjects(db: Kysely<DB>, viewer: Viewer, now = new Date()) {
  const owner = requireOwner(viewer).org;
  const rows = await db
    .selectFrom("projects as p")
    .innerJoin("serviceItems as i", "i.id", "p.serviceItemId")
    .select((eb) => [
      "p.id",
      "p.title",
      "p.status",
      "p.selectionMethod",
      "p.bidDeadline",
      "p.priceCeilingFen",
      "p.createdAt",
      "i.nameZh as itemNameZh",
      "i.nameEn as itemNameEn",
      // Through the view that shows no bid before the deadline, and only once the opening has closed bidding.
      eb
        .selectFrom("openedBids as b")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("b.projectId", "=", "p.id")
        .where("b.status", "in", ["submitted", "invalid"])
        .as("bidCount"),
    ])
    .where("p.ownerOrgId", "=", owner.id)
    .orderBy("p.createdAt", "desc")
    .execute();
  return rows.map((r) => ({ ...r, bidCount: bidsUnsealed(r, now) ? Number(r.bidCount ?? 0) : null }));
}

export async function getOwnerProject(db: Kysely<DB>, viewer: Viewer, projectId: string) {
  const owner = requireOwner(viewer).org;
  if (!isUuid(projectId)) return null;
  return (
    (await db.selectFrom("projects").selectAll().where("id", "=", projectId).where("ownerOrgId", "=", owner.id).executeTakeFirst()) ?? null
  );
}

/** A failed (流标) or cancelled project is published again as a new draft with the same terms. */
export async function copyAsDraft(db: Kysely<DB>, viewer: Viewer, projectId: string): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    const p = await lockOwnProject(trx, viewer, projectId);
    if (p.status !== "failed" && p.status !== "cancelled")
      throw conflict("state", "errors.project.state", "_form", { from: p.status, to: "draft" });
    const row = await trx
      .insertInto("projects")
      .values({
        ownerOrgId: p.ownerOrgId,
        status: "draft",
        title: p.title,
        serviceItemId: p.serviceItemId,
        regionCode: p.regionCode,
        description: p.description,
        deliverables: p.deliverables,
        priceCeilingFen: p.priceCeilingFen,
        priceFloorFen: p.priceFloorFen,
        governmentFunded: p.governmentFunded,
        selectionMethod: p.selectionMethod,
        expectedDays: p.expectedDays,
        priceWeight: p.priceWeight,
        technicalWeight: p.technicalWeight,
        creditWeight: p.creditWeight,
        predecessorId: p.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: "project.drafted",
      subjectType: "project",
      subjectId: row.id,
      actorUserId: viewer.userId,
      actorOrgId: p.ownerOrgId,
      data: { copiedFrom: projectId },
    });
    return row;
  });
}
