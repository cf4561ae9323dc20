import { isUuid } from "~/lib/ids";
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { regionContains, regionPrefix } from "~/modules/agencies/regions.rules";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { commitment } from "~/modules/procurement/draw.rules";
import { requireRegulator } from "~/modules/trust/supervision.server";
import { drawInspection } from "./inspections.rules";
import type { InspectionInput } from "./oversight.schema";

/**
 * Plans an inspection: the population (agencies in the office's region matching the filter, fixed now),
 * the inspector pool (the office's members) and the commitment to the draw's secret are published.
 */
export async function planInspection(db: Kysely<DB>, viewer: Viewer, input: InspectionInput, now = new Date()) {
  const office = requireRegulator(viewer).org;
  const region = input.regionCode ?? office.regionCode;
  if (!regionContains(office.regionCode, region)) throw new DomainError("region", "errors.trust.notCompetent", "regionCode", {}, 403);
  let q = db
    .selectFrom("organizations as o")
    .select("o.id")
    .where("o.kind", "=", "agency")
    .where("o.regionCode", "like", `${regionPrefix(region)}%`);
  if (input.itemId)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("agencyServices as s")
          .select("s.id")
          .whereRef("s.agencyId", "=", "o.id")
          .where("s.serviceItemId", "=", input.itemId!)
          .where("s.active", "=", true),
      ),
    );
  if (input.activeSinceDays)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("bids as b")
          .select("b.id")
          .whereRef("b.agencyId", "=", "o.id")
          .where("b.submittedAt", ">=", new Date(now.getTime() - input.activeSinceDays! * 86_400_000)),
      ),
    );
  const population = (await q.orderBy("o.id").limit(100_000).execute()).map((r) => r.id);
  if (population.length === 0) throw new DomainError("empty", "errors.inspection.empty", "_form", {}, 422);
  if (input.sampleSize > population.length)
    throw new DomainError("sample", "errors.inspection.sampleTooLarge", "sampleSize", { population: population.length });
  const pool = (await db.selectFrom("memberships").select("userId").where("orgId", "=", office.id).orderBy("userId").execute()).map(
    (r) => r.userId,
  );
  const secret = randomBytes(32).toString("hex");
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("inspections")
      .values({
        regulatorOrgId: office.id,
        createdBy: viewer.userId,
        title: input.title,
        populationFilter: JSON.stringify({
          itemId: input.itemId ?? null,
          regionCode: region,
          activeSinceDays: input.activeSinceDays ?? null,
        }),
        population: JSON.stringify(population),
        sampleSize: input.sampleSize,
        inspectorsPerTarget: input.inspectorsPerTarget,
        inspectorPool: JSON.stringify(pool),
        secret,
        commitment: commitment(secret),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: "inspection.planned",
      subjectType: "inspection",
      subjectId: row.id,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { title: input.title, population: population.length, sampleSize: input.sampleSize, commitment: commitment(secret) },
    });
    return row;
  });
}

/** Draws targets and inspectors (reveals the secret); once. */
export async function drawInspectionTargets(db: Kysely<DB>, viewer: Viewer, id: string, now = new Date()) {
  const office = requireRegulator(viewer).org;
  if (!isUuid(id)) throw notFound();
  return db.transaction().execute(async (trx) => {
    const i = await trx.selectFrom("inspections").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!i || i.regulatorOrgId !== office.id) throw notFound();
    if (i.status !== "planned") throw conflict("state", "errors.inspection.state");
    const draw = drawInspection(i.secret, i.population as string[], i.inspectorPool as string[], i.sampleSize, i.inspectorsPerTarget);
    await trx
      .updateTable("inspections")
      .set({ status: "drawn", seed: draw.seed, targets: JSON.stringify(draw.targets), drawnAt: now })
      .where("id", "=", i.id)
      .execute();
    for (const t of draw.targets)
      await trx
        .insertInto("notifications")
        .values({ orgId: t.agencyId, kind: "inspection.selected", subjectType: "inspection", subjectId: i.id, params: "{}" })
        .execute();
    await recordAudit(trx, {
      action: "inspection.drawn",
      subjectType: "inspection",
      subjectId: i.id,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { seed: draw.seed, targets: draw.targets },
    });
    return draw;
  });
}

/** Records one target's result; when every target has one, the inspection is completed. */
export async function recordInspectionResult(
  db: Kysely<DB>,
  viewer: Viewer,
  id: string,
  input: { agencyId: string; outcome: "compliant" | "issues" | "violation"; findings: string },
  now = new Date(),
) {
  const office = requireRegulator(viewer).org;
  if (!isUuid(id)) throw notFound();
  await db.transaction().execute(async (trx) => {
    const i = await trx.selectFrom("inspections").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!i || i.regulatorOrgId !== office.id) throw notFound();
    if (i.status !== "drawn") throw conflict("state", "errors.inspection.state");
    const targets = (i.targets as { agencyId: string; inspectorIds: string[] }[]) ?? [];
    if (!targets.some((t) => t.agencyId === input.agencyId)) throw new DomainError("not_target", "errors.inspection.notTarget", "agencyId");
    await trx
      .insertInto("inspectionResults")
      .values({
        inspectionId: i.id,
        agencyId: input.agencyId,
        outcome: input.outcome,
        findings: input.findings,
        recordedBy: viewer.userId,
        recordedAt: now,
      })
      .onConflict((oc) =>
        oc
          .columns(["inspectionId", "agencyId"])
          .doUpdateSet({ outcome: input.outcome, findings: input.findings, recordedBy: viewer.userId, recordedAt: now }),
      )
      .execute();
    const done = await trx
      .selectFrom("inspectionResults")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("inspectionId", "=", i.id)
      .executeTakeFirstOrThrow();
    if (Number(done.n) >= targets.length)
      await trx.updateTable("inspections").set({ status: "completed", completedAt: now }).where("id", "=", i.id).execute();
    await recordAudit(trx, {
      action: "inspection.result",
      subjectType: "inspection",
      subjectId: i.id,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { ...input },
    });
  });
}

/** An inspection as the public sees it once drawn: filter, population size, commitment, seed and secret, targets, inspectors' names, results. */
export async function getInspection(db: Kysely<DB>, viewer: Viewer | null, id: string) {
  if (!isUuid(id)) return null;
  const i = await db
    .selectFrom("inspections as i")
    .innerJoin("organizations as o", "o.id", "i.regulatorOrgId")
    .selectAll("i")
    .select("o.name as officeName")
    .where("i.id", "=", id)
    .executeTakeFirst();
  if (!i) return null;
  const isOffice = viewer?.org?.id === i.regulatorOrgId;
  const targets = (i.targets as { agencyId: string; inspectorIds: string[] }[] | null) ?? [];
  const userIds = [...new Set(targets.flatMap((t) => t.inspectorIds))];
  const [agencies, users, results] = await Promise.all([
    targets.length
      ? db
          .selectFrom("organizations")
          .select(["id", "name"])
          .where(
            "id",
            "in",
            targets.map((t) => t.agencyId),
          )
          .execute()
      : [],
    userIds.length ? db.selectFrom("users").select(["id", "name"]).where("id", "in", userIds).execute() : [],
    db.selectFrom("inspectionResults").selectAll().where("inspectionId", "=", i.id).execute(),
  ]);
  const { secret, ...rest } = i;
  return {
    inspection: {
      ...rest,
      secret: i.status === "planned" ? null : secret,
      populationSize: (i.population as string[]).length,
      poolSize: (i.inspectorPool as string[]).length,
    },
    targets: targets.map((t) => ({
      agencyId: t.agencyId,
      agencyName: agencies.find((a) => a.id === t.agencyId)?.name ?? t.agencyId,
      inspectors: t.inspectorIds.map((u) => users.find((x) => x.id === u)?.name ?? "—"),
      result: results.find((r) => r.agencyId === t.agencyId) ?? null,
    })),
    isOffice,
  };
}

export async function listInspections(db: Kysely<DB>, where: { officeId?: string } = {}) {
  let q = db
    .selectFrom("inspections as i")
    .innerJoin("organizations as o", "o.id", "i.regulatorOrgId")
    .select([
      "i.id",
      "i.title",
      "i.status",
      "i.sampleSize",
      "i.createdAt",
      "i.drawnAt",
      "i.completedAt",
      "o.name as officeName",
      sql<number>`jsonb_array_length(i.population)`.as("populationSize"),
    ]);
  if (where.officeId) q = q.where("i.regulatorOrgId", "=", where.officeId);
  return q.orderBy("i.createdAt", "desc").limit(100).execute();
}
