import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import { requireAgencyMember } from "~/modules/agencies/services.server";
import { DomainError, conflict, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { checkEligibility } from "~/modules/trust/exclusions.server";
import { ineligibleError } from "~/modules/trust/exclusions.rules";
import { requireOwner, transition } from "./projects.server";
import { addWorkdays, beijingDate, deadlineAfterWorkdays, workdaysBetween } from "~/lib/beijing-calendar";
import { rescore } from "~/modules/trust/credit.server";
import { proposeSuspensionIfDue } from "~/modules/trust/sanctions.server";

/**
 * The owner records the signed contract after publicity: amount = awarded price, committed days from
 * the bid; eligibility is checked once more before signing. The service clock runs from signing, in
 * working days.
 */
export async function signContract(
  db: Kysely<DB>,
  viewer: Viewer,
  projectId: string,
  signedOn: string,
  now = new Date(),
  documentFileId: string | null = null,
) {
  const owner = requireOwner(viewer).org;
  return db.transaction().execute(async (trx) => {
    const project = await trx.selectFrom("projects").selectAll().where("id", "=", projectId).forUpdate().executeTakeFirst();
    if (!project || project.ownerOrgId !== owner.id) throw notFound();
    // Signed already (a double-clicked form: the second request waited for the lock above).
    if (project.status !== "awarded") throw conflict("state", "errors.project.state", "_form", { from: project.status, to: "contracted" });
    const award = await trx
      .selectFrom("awards")
      .selectAll()
      .where("projectId", "=", projectId)
      .where("status", "=", "final")
      .executeTakeFirst();
    if (!award) throw conflict("not_final", "errors.contract.notFinal");
    if (signedOn > beijingDate(now)) throw new DomainError("future", "errors.contract.future", "signedOn");
    const e = await checkEligibility(trx, award.agencyOrgId, projectId, "contract", now);
    if (!e.eligible) throw ineligibleError(e);
    // Committed days: the winning bid's, or for a direct selection the agency's listing for the item.
    const bid = award.bidId
      ? await trx.selectFrom("bids").select("committedDays").where("id", "=", award.bidId).executeTakeFirst()
      : undefined;
    const listing = await trx
      .selectFrom("agencyServices")
      .select(["committedDays", "feeMode", "feeMaxFen", "version"])
      .where("agencyId", "=", award.agencyOrgId)
      .where("serviceItemId", "=", project.serviceItemId)
      .executeTakeFirst();
    const committedDays = bid?.committedDays ?? listing?.committedDays ?? project.expectedDays ?? 30;
    const dueOn = addWorkdays(signedOn, committedDays);
    const contract = await trx
      .insertInto("contracts")
      .values({
        projectId,
        awardId: award.id,
        agencyId: award.agencyOrgId,
        ownerOrgId: owner.id,
        amountFen: award.priceFen,
        committedDays,
        signedOn,
        dueOn,
        documentFileId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // 超标准收费: a contract above the agency's own published fee standard for the item is a credit event
    // (and a flag for the regulator); rate-based fees name no amount to compare with.
    const overcharge = listing && listing.feeMode !== "rate" && listing.feeMaxFen != null && award.priceFen > listing.feeMaxFen;
    if (overcharge) {
      await trx
        .insertInto("breachEvents")
        .values({
          agencyId: award.agencyOrgId,
          projectId,
          kind: "overcharge",
          details: JSON.stringify({
            contractId: contract.id,
            amountFen: award.priceFen,
            feeMaxFen: listing.feeMaxFen,
            listingVersion: listing.version,
          }),
        })
        .onConflict((oc) => oc.column("projectId").where("kind", "=", "overcharge").doNothing())
        .execute();
      await rescore(trx, [award.agencyOrgId], now);
    }
    await transition(
      trx,
      project,
      "contracted",
      { userId: viewer.userId, orgId: owner.id },
      { contractId: contract.id, amountFen: award.priceFen, signedOn, dueOn, overcharge: !!overcharge },
    );
    return contract;
  });
}

export async function submitDelivery(db: Kysely<DB>, viewer: Viewer, projectId: string, note: string, fileId: string | null = null) {
  const agency = requireAgencyMember(viewer).org;
  return db.transaction().execute(async (trx) => {
    const contract = await trx.selectFrom("contracts").selectAll().where("projectId", "=", projectId).forUpdate().executeTakeFirst();
    if (!contract || contract.agencyId !== agency.id) throw notFound();
    if (contract.status !== "signed") throw conflict("state", "errors.project.state");
    await trx.insertInto("deliveries").values({ contractId: contract.id, note, fileId }).execute();
    await trx
      .updateTable("contracts")
      .set({ status: "delivered", deliveredAt: sql<Date>`now()` })
      .where("id", "=", contract.id)
      .execute();
    const project = await trx
      .selectFrom("projects")
      .select(["id", "status"])
      .where("id", "=", projectId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await transition(trx, project, "delivered", { userId: viewer.userId, orgId: agency.id }, { contractId: contract.id });
  });
}

/** The owner accepts (completing the contract, lateness in working days recorded) or returns it with reasons. */
export async function decideDelivery(
  db: Kysely<DB>,
  viewer: Viewer,
  projectId: string,
  decision: "accept" | "return",
  reason: string | null,
  now = new Date(),
) {
  return db.transaction().execute((trx) => decideDeliveryIn(trx, viewer, projectId, decision, reason, now));
}

/** The same inside the caller's transaction (payments queue the release in the acceptance's transaction). */
export async function decideDeliveryIn(
  trx: Transaction<DB>,
  viewer: Viewer,
  projectId: string,
  decision: "accept" | "return",
  reason: string | null,
  now = new Date(),
) {
  const owner = requireOwner(viewer).org;
  if (decision === "return" && !reason) throw new DomainError("reason", "errors.reason", "reason");
  const contract = await trx.selectFrom("contracts").selectAll().where("projectId", "=", projectId).forUpdate().executeTakeFirst();
  if (!contract || contract.ownerOrgId !== owner.id) throw notFound();
  const delivery = await trx
    .selectFrom("deliveries")
    .selectAll()
    .where("contractId", "=", contract.id)
    .where("status", "=", "submitted")
    .executeTakeFirst();
  if (!delivery) throw conflict("state", "errors.project.state");
  const project = await trx
    .selectFrom("projects")
    .select(["id", "status"])
    .where("id", "=", projectId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const actor = { userId: viewer.userId, orgId: owner.id };
  await trx
    .updateTable("deliveries")
    .set({ status: decision === "accept" ? "accepted" : "returned", decisionReason: reason, decidedAt: sql<Date>`now()` })
    .where("id", "=", delivery.id)
    .execute();
  if (decision === "return") {
    await trx.updateTable("contracts").set({ status: "signed", deliveredAt: null }).where("id", "=", contract.id).execute();
    await transition(trx, project, "contracted", actor, { returned: true, reason });
    return { lateWorkdays: null };
  }
  const deliveredOn = beijingDate(delivery.submittedAt);
  const late = deliveredOn > contract.dueOn ? workdaysBetween(contract.dueOn, deliveredOn) : 0;
  await trx
    .updateTable("contracts")
    .set({ status: "completed", completedAt: now, lateWorkdays: late })
    .where("id", "=", contract.id)
    .execute();
  if (late > 0) {
    await trx
      .insertInto("breachEvents")
      .values({
        agencyId: contract.agencyId,
        projectId,
        kind: "lateDelivery",
        details: JSON.stringify({ lateWorkdays: late, dueOn: contract.dueOn, deliveredOn }),
      })
      .execute();
  }
  await rescore(trx, [contract.agencyId], now);
  await transition(trx, project, "completed", actor, { contractId: contract.id, lateWorkdays: late });
  return { lateWorkdays: late };
}

/** A winner that walks away: the award is annulled, the project fails, and a breach is on record. */
export async function abandonAward(db: Kysely<DB>, viewer: Viewer, projectId: string, now = new Date()) {
  const agency = requireAgencyMember(viewer).org;
  await db.transaction().execute(async (trx) => {
    const award = await trx
      .selectFrom("awards")
      .selectAll()
      .where("projectId", "=", projectId)
      .where("agencyOrgId", "=", agency.id)
      .where("status", "in", ["publicity", "final"])
      .forUpdate()
      .executeTakeFirst();
    if (!award) {
      // A repeat (the award already abandoned or annulled): 409 with the state found, not 404.
      const earlier = await trx
        .selectFrom("awards")
        .select(["status"])
        .where("projectId", "=", projectId)
        .where("agencyOrgId", "=", agency.id)
        .orderBy("awardedAt", "desc")
        .executeTakeFirst();
      if (earlier) throw conflict("state", "errors.award.notActive", "_form", { state: `@award.status.${earlier.status}` });
      throw notFound();
    }
    const project = await trx
      .selectFrom("projects")
      .select(["id", "status"])
      .where("id", "=", projectId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx.updateTable("awards").set({ status: "annulled", annulledReason: "abandonedByAgency" }).where("id", "=", award.id).execute();
    await trx
      .insertInto("breachEvents")
      .values({ agencyId: agency.id, projectId, kind: "abandonedAward", details: JSON.stringify({ awardId: award.id }), occurredAt: now })
      .execute();
    await rescore(trx, [agency.id], now);
    await proposeSuspensionIfDue(trx, agency.id, now);
    await transition(
      trx,
      project,
      "failed",
      { userId: viewer.userId, orgId: agency.id },
      { reason: "awardAbandoned", awardId: award.id },
      { statusReason: "awardAbandoned" },
    );
  });
}

/**
 * The owner ends a contract early (termination), with its reason public: the project is cancelled, an
 * open delivery is returned, and both parties may then review each other.
 */
export async function terminateContract(db: Kysely<DB>, viewer: Viewer, projectId: string, reason: string, now = new Date()) {
  return db.transaction().execute((trx) => terminateContractIn(trx, viewer, projectId, reason, now));
}

/** The same inside the caller's transaction (payments queue the refund in the termination's transaction). */
export async function terminateContractIn(trx: Transaction<DB>, viewer: Viewer, projectId: string, reason: string, now = new Date()) {
  const owner = requireOwner(viewer).org;
  const contract = await trx.selectFrom("contracts").selectAll().where("projectId", "=", projectId).forUpdate().executeTakeFirst();
  if (!contract || contract.ownerOrgId !== owner.id) throw notFound();
  if (contract.status !== "signed" && contract.status !== "delivered") throw conflict("state", "errors.project.state");
  const project = await trx
    .selectFrom("projects")
    .select(["id", "status"])
    .where("id", "=", projectId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("deliveries")
    .set({ status: "returned", decisionReason: reason, decidedAt: now })
    .where("contractId", "=", contract.id)
    .where("status", "=", "submitted")
    .execute();
  await trx
    .updateTable("contracts")
    .set({ status: "terminated", terminatedAt: now, terminationReason: reason })
    .where("id", "=", contract.id)
    .execute();
  await trx
    .insertInto("notifications")
    .values({ orgId: contract.agencyId, kind: "contract.terminated", subjectType: "project", subjectId: projectId, params: "{}" })
    .execute();
  await transition(
    trx,
    project,
    "cancelled",
    { userId: viewer.userId, orgId: owner.id },
    { contractId: contract.id, reason: "contractTerminated", terminationReason: reason },
    { statusReason: "contractTerminated" },
  );
}

export const DELIVERY_COLUMNS = ["d.id", "d.note", "d.fileId", "d.status", "d.decisionReason", "d.submittedAt", "d.decidedAt"] as const;

/** A project's deliveries (through its contract), oldest first. */
export function deliveriesQuery(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("deliveries as d")
    .innerJoin("contracts as c", "c.id", "d.contractId")
    .select(DELIVERY_COLUMNS)
    .where("c.projectId", "=", projectId)
    .orderBy("d.submittedAt");
}

export async function getContract(db: Kysely<DB>, projectId: string) {
  const contract = await db.selectFrom("contracts").selectAll().where("projectId", "=", projectId).executeTakeFirst();
  if (!contract) return null;
  const deliveries = await db
    .selectFrom("deliveries as d")
    .select(DELIVERY_COLUMNS)
    .where("d.contractId", "=", contract.id)
    .orderBy("d.submittedAt")
    .execute();
  return { ...contract, deliveries };
}

/**
 * An award that stays unsigned past the policy's signing period is a breach event against the agency,
 * recorded once per project: a unique index makes the sweep safe to run on every instance.
 */
export async function recordLateSignings(db: Kysely<DB>, now = new Date()): Promise<number> {
  const candidates = await db
    .selectFrom("awards as a")
    .innerJoin("projects as p", "p.id", "a.projectId")
    .innerJoin("procedurePolicies as pol", "pol.id", "p.policyId")
    .select(["a.projectId", "a.agencyOrgId", "a.finalizedAt", "pol.signingWorkdays"])
    .where("a.status", "=", "final")
    .where("p.status", "=", "awarded")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("contracts as c").select("c.id").whereRef("c.projectId", "=", "a.projectId"))))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("breachEvents as e").select("e.id").whereRef("e.projectId", "=", "a.projectId").where("e.kind", "=", "lateSigning"),
        ),
      ),
    )
    .execute();
  let n = 0;
  for (const c of candidates) {
    if (!c.finalizedAt || deadlineAfterWorkdays(c.finalizedAt, c.signingWorkdays) > now) continue;
    const r = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .insertInto("breachEvents")
        .values({
          agencyId: c.agencyOrgId,
          projectId: c.projectId,
          kind: "lateSigning",
          details: JSON.stringify({ finalizedAt: c.finalizedAt!.toISOString(), signingWorkdays: c.signingWorkdays }),
        })
        .onConflict((oc) => oc.column("projectId").where("kind", "=", "lateSigning").doNothing())
        .returning("id")
        .execute();
      if (rows.length) await rescore(trx, [c.agencyOrgId], now);
      return rows;
    });
    n += r.length;
  }
  return n;
}
