import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { regionContains, regionPrefix } from "~/modules/agencies/regions.rules";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, forbidden, isUniqueViolation, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { rescore } from "~/modules/trust/credit.server";
import { requireRegulator } from "~/modules/trust/supervision.server";
import { computeAssessment, quarterRange, type AssessmentFacts } from "./assessments.rules";

/** The quarter's record of these agencies, in four queries. */
export async function loadAssessmentFacts(db: Kysely<DB>, agencyIds: string[], quarter: string): Promise<Map<string, AssessmentFacts>> {
  const { from, to } = quarterRange(quarter);
  const out = new Map<string, AssessmentFacts>(agencyIds.map((id) => [id, { completed: [], signed: [], reviews: [], breaches: 0 }]));
  if (!agencyIds.length) return out;
  const [completed, signed, reviews, breaches, complaints, sanctions] = await Promise.all([
    db
      .selectFrom("contracts")
      .select(["agencyId", "lateWorkdays"])
      .where("agencyId", "in", agencyIds)
      .where("status", "=", "completed")
      .where("completedAt", ">=", from)
      .where("completedAt", "<", to)
      .execute(),
    db
      .selectFrom("contracts as c")
      .leftJoin("breachEvents as e", (j) =>
        j.onRef("e.projectId", "=", "c.projectId").on("e.kind", "=", "overcharge").on("e.voidedAt", "is", null),
      )
      .select(["c.agencyId", "e.id as overchargeId"])
      .where("c.agencyId", "in", agencyIds)
      .where("c.createdAt", ">=", from)
      .where("c.createdAt", "<", to)
      .execute(),
    db
      .selectFrom("reviews")
      .select(["subjectOrgId", "overall", "ratings"])
      .where("direction", "=", "ofAgency")
      .where("removedAt", "is", null)
      .where("subjectOrgId", "in", agencyIds)
      .where("visibleFrom", ">=", from)
      .where("visibleFrom", "<", to)
      .execute(),
    db
      .selectFrom("breachEvents")
      .select("agencyId")
      .where("agencyId", "in", agencyIds)
      .where("voidedAt", "is", null)
      .where("kind", "<>", "upheldComplaint")
      .where("occurredAt", ">=", from)
      .where("occurredAt", "<", to)
      .execute(),
    db
      .selectFrom("complaints")
      .select("agencyId")
      .where("agencyId", "in", agencyIds)
      .where("status", "=", "upheld")
      .where("decidedAt", ">=", from)
      .where("decidedAt", "<", to)
      .execute(),
    db
      .selectFrom("sanctionSubjects as ss")
      .innerJoin("sanctions as s", "s.id", "ss.sanctionId")
      .innerJoin("organizations as o", "o.creditCode", "ss.creditCode")
      .select("o.id as agencyId")
      .where("o.id", "in", agencyIds)
      .where("ss.relation", "=", "subject")
      .where("s.type", "not in", ["reward", "redlist"])
      .where("s.startsAt", ">=", from)
      .where("s.startsAt", "<", to)
      .execute(),
  ]);
  for (const c of completed) out.get(c.agencyId)!.completed.push({ lateWorkdays: c.lateWorkdays ?? 0 });
  for (const c of signed) out.get(c.agencyId)!.signed.push({ overcharge: !!c.overchargeId });
  for (const r of reviews)
    out.get(r.subjectOrgId)!.reviews.push({ overall: r.overall, attitude: (r.ratings as Record<string, number>).attitude ?? null });
  for (const b of [...breaches, ...complaints, ...sanctions]) if (b.agencyId) out.get(b.agencyId)!.breaches += 1;
  return out;
}

/** Agencies of the office's region with any activity in the quarter, each with the computed preview. */
export async function assessmentCandidates(db: Kysely<DB>, viewer: Viewer, quarter: string) {
  const office = requireRegulator(viewer).org;
  const { from, to } = quarterRange(quarter);
  const active = await db
    .selectFrom("organizations as o")
    .select(["o.id", "o.name"])
    .where("o.kind", "=", "agency")
    .where("o.regionCode", "like", `${regionPrefix(office.regionCode)}%`)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("contracts as c")
            .select("c.id")
            .whereRef("c.agencyId", "=", "o.id")
            .where((e) =>
              e.or([
                e.and([e("c.createdAt", ">=", from), e("c.createdAt", "<", to)]),
                e.and([e("c.completedAt", ">=", from), e("c.completedAt", "<", to)]),
              ]),
            ),
        ),
        eb.exists(
          eb
            .selectFrom("bids as b")
            .select("b.id")
            .whereRef("b.agencyId", "=", "o.id")
            .where("b.submittedAt", ">=", from)
            .where("b.submittedAt", "<", to),
        ),
      ]),
    )
    .orderBy("o.name")
    .limit(500)
    .execute();
  const facts = await loadAssessmentFacts(
    db,
    active.map((a) => a.id),
    quarter,
  );
  const published = active.length
    ? await db
        .selectFrom("assessments")
        .select(["agencyId", "total", "grade"])
        .where("regulatorOrgId", "=", office.id)
        .where("quarter", "=", quarter)
        .where(
          "agencyId",
          "in",
          active.map((a) => a.id),
        )
        .execute()
    : [];
  return active.map((a) => ({
    ...a,
    facts: facts.get(a.id)!,
    preview: computeAssessment(facts.get(a.id)!),
    published: published.find((p) => p.agencyId === a.id) ?? null,
  }));
}

/** Publishes one agency's assessment for a quarter (once per office); it counts in the credit score. */
export async function publishAssessment(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { agencyId: string; quarter: string; adjustment: number; adjustmentReason?: string },
  now = new Date(),
) {
  const office = requireRegulator(viewer).org;
  const { to } = quarterRange(input.quarter);
  if (to > now) throw new DomainError("open_quarter", "errors.assessment.open", "quarter");
  const agency = await db
    .selectFrom("organizations")
    .select(["id", "regionCode", "kind"])
    .where("id", "=", input.agencyId)
    .executeTakeFirst();
  if (!agency || agency.kind !== "agency") throw notFound("agencyId");
  if (!regionContains(office.regionCode, agency.regionCode)) throw forbidden("errors.trust.notCompetent");
  const facts = (await loadAssessmentFacts(db, [agency.id], input.quarter)).get(agency.id)!;
  const s = computeAssessment(facts, input.adjustment);
  return db
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .insertInto("assessments")
        .values({
          agencyId: agency.id,
          regulatorOrgId: office.id,
          quarter: input.quarter,
          efficiency: s.efficiency,
          fees: s.fees,
          quality: s.quality,
          integrity: s.integrity,
          satisfaction: s.satisfaction,
          adjustment: input.adjustment,
          adjustmentReason: input.adjustmentReason ?? null,
          total: s.total,
          grade: s.grade,
          facts: JSON.stringify(facts),
          assessedBy: viewer.userId,
          publishedAt: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await rescore(trx, [agency.id], now);
      await recordAudit(trx, {
        action: "assessment.published",
        subjectType: "organization",
        subjectId: agency.id,
        actorUserId: viewer.userId,
        actorOrgId: office.id,
        data: {
          assessmentId: row.id,
          quarter: input.quarter,
          ...s,
          adjustment: input.adjustment,
          adjustmentReason: input.adjustmentReason ?? null,
        },
      });
      return { id: row.id, ...s };
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e, "assessments_agency_id_regulator_org_id_quarter_key"))
        throw conflict("duplicate", "errors.assessment.duplicate");
      throw e;
    });
}

/** Published assessments of an agency (its profile). */
export async function listAgencyAssessments(db: Kysely<DB>, agencyId: string) {
  return db
    .selectFrom("assessments as a")
    .innerJoin("organizations as o", "o.id", "a.regulatorOrgId")
    .select([
      "a.id",
      "a.quarter",
      "a.efficiency",
      "a.fees",
      "a.quality",
      "a.integrity",
      "a.satisfaction",
      "a.adjustment",
      "a.adjustmentReason",
      "a.total",
      "a.grade",
      "a.publishedAt",
      "o.name as officeName",
    ])
    .where("a.agencyId", "=", agencyId)
    .orderBy("a.quarter", "desc")
    .limit(40)
    .execute();
}
