import { isUuid } from "~/lib/ids";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, forbidden } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { computeCreditScore, type CreditBreakdown, type CreditFacts, type CreditResult } from "./credit.rules";
import { CreditParamsSchema, type CreditParams, type EventKind, type SanctionType } from "./credit.schema";
import { beijingDate, beijingStartOfDay } from "~/lib/beijing-calendar";

/** The formula version in force at `now` (the newest effective one). */
export async function formulaInForce(
  db: Kysely<DB>,
  now = new Date(),
): Promise<{ version: number; params: CreditParams; effectiveFrom: Date }> {
  const row = await db
    .selectFrom("creditFormulas")
    .select(["version", "params", "effectiveFrom"])
    .where("effectiveFrom", "<=", now)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return { version: row.version, params: CreditParamsSchema.parse(row.params), effectiveFrom: row.effectiveFrom };
}

/** Every input of the formula for a set of agencies, in five queries whatever their number. */
export async function loadCreditFacts(db: Kysely<DB>, agencyIds: string[]): Promise<Map<string, CreditFacts>> {
  const facts = new Map<string, CreditFacts>(
    agencyIds.map((id) => [id, { reviews: [], departmentRatings: [], deliveries: [], events: [], sanctions: [] }]),
  );
  if (agencyIds.length === 0) return facts;
  const [reviews, ratings, assessments, deliveries, events, sanctions] = await Promise.all([
    db
      .selectFrom("reviews")
      .select(["id", "subjectOrgId", "overall", "visibleFrom"])
      .where("direction", "=", "ofAgency")
      .where("removedAt", "is", null)
      .where("subjectOrgId", "in", agencyIds)
      .execute(),
    db.selectFrom("departmentRatings").select(["id", "agencyId", "score", "createdAt"]).where("agencyId", "in", agencyIds).execute(),
    db.selectFrom("assessments").select(["id", "agencyId", "total", "publishedAt"]).where("agencyId", "in", agencyIds).execute(),
    db
      .selectFrom("contracts")
      .select(["id", "agencyId", "completedAt", "lateWorkdays"])
      .where("status", "=", "completed")
      .where("agencyId", "in", agencyIds)
      .execute(),
    db
      .selectFrom("breachEvents")
      .select(["id", "agencyId", "kind", "occurredAt", "projectId", sql<number | null>`(details->>'lateWorkdays')::int`.as("lateWorkdays")])
      .where("voidedAt", "is", null)
      .where("agencyId", "in", agencyIds)
      .execute(),
    db
      .selectFrom("sanctionSubjects as ss")
      .innerJoin("sanctions as s", "s.id", "ss.sanctionId")
      .innerJoin("organizations as o", "o.creditCode", "ss.creditCode")
      .select(["o.id as agencyId", "s.id", "s.type", "s.startsAt", "s.endsAt", "s.liftedAt", "s.decisionRef"])
      .where("ss.relation", "=", "subject")
      .where("o.id", "in", agencyIds)
      .execute(),
  ]);
  for (const r of reviews) facts.get(r.subjectOrgId)!.reviews.push({ id: r.id, overall: r.overall, visibleFrom: r.visibleFrom });
  for (const r of ratings) facts.get(r.agencyId)!.departmentRatings.push({ id: r.id, score: r.score, ratedAt: r.createdAt });
  // A quarterly graded assessment (0–100) counts as a department assessment on the same 1–5 scale.
  for (const a of assessments)
    facts.get(a.agencyId)!.departmentRatings.push({ id: a.id, score: 1 + (4 * a.total) / 100, ratedAt: a.publishedAt });
  for (const c of deliveries)
    if (c.completedAt)
      facts.get(c.agencyId)!.deliveries.push({ contractId: c.id, completedAt: c.completedAt, lateWorkdays: c.lateWorkdays ?? 0 });
  for (const e of events)
    facts
      .get(e.agencyId)!
      .events.push({ id: e.id, kind: e.kind as EventKind, occurredAt: e.occurredAt, lateWorkdays: e.lateWorkdays, projectId: e.projectId });
  for (const s of sanctions)
    facts.get(s.agencyId)!.sanctions.push({
      id: s.id,
      type: s.type as SanctionType,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      liftedAt: s.liftedAt,
      decisionRef: s.decisionRef,
    });
  return facts;
}

/**
 * Recomputes and stores the scores of these agencies, in the caller's transaction when there is one
 * (an event and the score it moves commit together). Returns the results by agency.
 */
export async function refreshCreditScores(db: Kysely<DB>, agencyIds: string[], now = new Date()): Promise<Map<string, CreditResult>> {
  const ids = [...new Set(agencyIds)];
  const out = new Map<string, CreditResult>();
  if (ids.length === 0) return out;
  const formula = await formulaInForce(db, now);
  const facts = await loadCreditFacts(db, ids);
  const values = ids.map((id) => {
    const r = computeCreditScore(facts.get(id)!, formula.params, formula.version, now);
    out.set(id, r);
    return {
      agencyId: id,
      formulaVersion: formula.version,
      scoreCenti: r.scoreCenti,
      grade: r.grade,
      computedAt: now,
      nextChangeAt: r.nextChangeAt,
      breakdown: JSON.stringify(r.breakdown),
    };
  });
  for (let i = 0; i < values.length; i += 1000) {
    const chunk = values.slice(i, i + 1000);
    await db
      .insertInto("creditScores")
      .values(chunk.map(({ breakdown: _b, ...v }) => v))
      .onConflict((oc) =>
        oc.column("agencyId").doUpdateSet((eb) => ({
          formulaVersion: eb.ref("excluded.formulaVersion"),
          scoreCenti: eb.ref("excluded.scoreCenti"),
          grade: eb.ref("excluded.grade"),
          computedAt: eb.ref("excluded.computedAt"),
          nextChangeAt: eb.ref("excluded.nextChangeAt"),
        })),
      )
      .execute();
    await db
      .insertInto("creditBreakdowns")
      .values(chunk.map((v) => ({ agencyId: v.agencyId, breakdown: v.breakdown })))
      .onConflict((oc) => oc.column("agencyId").doUpdateSet((eb) => ({ breakdown: eb.ref("excluded.breakdown") })))
      .execute();
  }
  return out;
}

/** The stored scores (hundredths) of these agencies, computing any that are missing. */
export async function creditScoresOf(db: Kysely<DB>, agencyIds: string[], now = new Date()): Promise<Map<string, number>> {
  const ids = [...new Set(agencyIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("creditScores").select(["agencyId", "scoreCenti"]).where("agencyId", "in", ids).execute();
  const scores = new Map(rows.map((r) => [r.agencyId, r.scoreCenti]));
  const missing = ids.filter((id) => !scores.has(id));
  if (missing.length) for (const [id, r] of await refreshCreditScores(db, missing, now)) scores.set(id, r.scoreCenti);
  return scores;
}

/**
 * The job that keeps stored scores true to the formula between events: agencies without a score, those
 * scored under an older formula version than the one now in force, and those whose score changes by
 * itself now (a deduction's period ends, a review is revealed, a day of recency decay). Idempotent: run
 * twice, it computes the same numbers. Batches of 1,000 agencies, each batch in its own transaction.
 */
export async function recomputeDueCreditScores(db: Kysely<DB>, now = new Date(), batch = 1000): Promise<number> {
  const formula = await formulaInForce(db, now);
  let done = 0;
  for (;;) {
    const due = await db
      .selectFrom("organizations as o")
      .leftJoin("creditScores as c", "c.agencyId", "o.id")
      .select("o.id")
      .where("o.kind", "=", "agency")
      .where((eb) => eb.or([eb("c.agencyId", "is", null), eb("c.formulaVersion", "<>", formula.version), eb("c.nextChangeAt", "<=", now)]))
      // Skip what this run already did (its next change is later than now).
      .where((eb) => eb.or([eb("c.computedAt", "is", null), eb("c.computedAt", "<", now), eb("c.formulaVersion", "<>", formula.version)]))
      .orderBy("o.id")
      .limit(batch)
      .execute();
    if (due.length === 0) return done;
    await db.transaction().execute((trx) =>
      refreshCreditScores(
        trx,
        due.map((d) => d.id),
        now,
      ),
    );
    done += due.length;
    if (due.length < batch) return done;
  }
}

export interface CreditReport {
  scoreCenti: number;
  grade: string;
  formulaVersion: number;
  computedAt: Date;
  breakdown: CreditBreakdown;
}

/** The stored score and its full breakdown (computing it if the agency has none yet). */
export async function getCreditReport(db: Kysely<DB>, agencyId: string, now = new Date()): Promise<CreditReport | null> {
  if (!isUuid(agencyId)) return null;
  const read = () =>
    db
      .selectFrom("creditScores as c")
      .innerJoin("creditBreakdowns as b", "b.agencyId", "c.agencyId")
      .selectAll("c")
      .select("b.breakdown")
      .where("c.agencyId", "=", agencyId)
      .executeTakeFirst();
  let row = await read();
  if (!row) {
    const org = await db.selectFrom("organizations").select("kind").where("id", "=", agencyId).executeTakeFirst();
    if (org?.kind !== "agency") return null;
    await refreshCreditScores(db, [agencyId], now);
    row = (await read())!;
  }
  return {
    scoreCenti: row.scoreCenti,
    grade: row.grade,
    formulaVersion: row.formulaVersion,
    computedAt: row.computedAt,
    breakdown: row.breakdown as unknown as CreditBreakdown,
  };
}

export async function listFormulaVersions(db: Kysely<DB>) {
  const rows = await db.selectFrom("creditFormulas").selectAll().orderBy("version", "desc").execute();
  return rows.map((r) => ({ ...r, params: CreditParamsSchema.parse(r.params) }));
}

export function requireRegulatorAdmin(viewer: Viewer | null): Viewer & { org: NonNullable<Viewer["org"]> } {
  if (!viewer?.org || viewer.org.kind !== "regulator" || viewer.role !== "admin") throw forbidden();
  return viewer as Viewer & { org: NonNullable<Viewer["org"]> };
}

/**
 * A regulator publishes a new formula version, in force from the start of a Beijing date (today or
 * later). When it takes effect the recompute job rescores every agency under it.
 */
export async function publishFormula(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { effectiveFrom: string; note: string; params: CreditParams },
  now = new Date(),
) {
  const office = requireRegulatorAdmin(viewer).org;
  const effectiveFrom = beijingStartOfDay(input.effectiveFrom);
  if (input.effectiveFrom < beijingDate(now)) throw new DomainError("past", "errors.credit.effectivePast", "effectiveFrom");
  const from = effectiveFrom < now ? now : effectiveFrom;
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7310003)`.execute(trx);
    const last = await trx.selectFrom("creditFormulas").select("version").orderBy("version", "desc").limit(1).executeTakeFirst();
    const version = (last?.version ?? 0) + 1;
    await trx
      .insertInto("creditFormulas")
      .values({ version, effectiveFrom: from, params: JSON.stringify(input.params), note: input.note, createdBy: viewer.userId })
      .execute();
    await recordAudit(trx, {
      action: "credit.formulaPublished",
      subjectType: "creditFormula",
      subjectId: String(version),
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { version, effectiveFrom: from.toISOString(), note: input.note, params: input.params },
    });
    return { version, effectiveFrom: from };
  });
}

/** Used inside a transaction where an event was written: the agency's score moves with it. */
export async function rescore(trx: Transaction<DB>, agencyIds: (string | null | undefined)[], now = new Date()) {
  await refreshCreditScores(
    trx,
    agencyIds.filter((id): id is string => !!id),
    now,
  );
}
