import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "#db/schema";
import { beijingDate } from "~/modules/agencies/regions.rules";
import { evaluateEligibility, type Eligibility, type EligibilityFacts, type Gate } from "./exclusions.rules";

export type { Eligibility, EligibilityFacts, EligibilityReason, Gate } from "./exclusions.rules";

/**
 * The exclusion engine (联合惩戒: one breach, restricted everywhere). One SQL query reads every fact
 * the rules need — the project, the agency, its sanctions in force whose scope covers the project, its
 * credit grade, its qualification, the rule set in force — and the rules exist twice, side by side: as
 * a SQL condition over those facts (ELIGIBLE_SQL, for the one-statement bid at the deadline and for
 * "every agency at once") and as code (evaluateEligibility, for the reasons shown to people). The
 * integration tests check that the two agree.
 *
 * Time is the moment of the check: a sanction is in force when it has started and has neither ended
 * nor been lifted at `now`; the rule set is the newest version effective at `now`.
 */
function factsSql(agencyJoin: RawBuilder<unknown>, projectId: string, now: Date) {
  const today = beijingDate(now);
  return sql<EligibilityFacts & { agencyId: string }>`
    select a.id as "agencyId", p.status, p.bid_deadline as "bidDeadline", p.price_ceiling_fen as "priceCeilingFen", p.price_floor_fen as "priceFloorFen",
           p.selection_method as "selectionMethod", a.kind as "agencyKind", a.credit_code as "agencyCode",
           a.legal_representative as "agencyRep", ow.credit_code as "ownerCode", ow.legal_representative as "ownerRep",
           i.required_qualification_zh as "requiredQualificationZh",
           (select q.id from qualifications q
             where q.agency_id = a.id and q.service_item_id = p.service_item_id and q.status = 'verified'
               and q.valid_from <= ${today}::date and q.valid_to >= ${today}::date
             order by q.valid_to desc limit 1) as "qualificationId",
           coalesce((
             select jsonb_agg(jsonb_build_object('id', s.id, 'type', s.type, 'endsAt', s.ends_at, 'decisionRef', s.decision_ref, 'issuer', io.name) order by s.starts_at)
             from sanction_subjects ss
             join sanctions s on s.id = ss.sanction_id
             join organizations io on io.id = s.issued_by_org_id
             where ss.credit_code = a.credit_code
               and s.type in (select jsonb_array_elements_text(rs.rules->'sanction'->'types'))
               and s.starts_at <= ${now}::timestamptz and (s.ends_at is null or s.ends_at > ${now}::timestamptz)
               and (s.lifted_at is null or s.lifted_at > ${now}::timestamptz)
               and (cardinality(s.scope_regions) = 0
                    or s.scope_regions && array[p.region_code, (left(p.region_code, 4) || '00')::char(6), (left(p.region_code, 2) || '0000')::char(6)])
               and (cardinality(s.scope_items) = 0 or p.service_item_id = any(s.scope_items))
           ), '[]'::jsonb) as sanctions,
           cs.grade, cs.score_centi as "scoreCenti",
           rs.version as "ruleVersion", rs.rules
    from projects p
    join service_items i on i.id = p.service_item_id
    join organizations ow on ow.id = p.owner_org_id
    cross join lateral (select version, rules from exclusion_rule_sets where effective_from <= ${now}::timestamptz order by version desc limit 1) rs
    ${agencyJoin}
    left join credit_scores cs on cs.agency_id = a.id
    where p.id = ${projectId}::uuid`;
}

/** The facts for one agency and one project (usable as a CTE). */
export function eligibilityFactsSql(agencyId: string, projectId: string, now: Date) {
  return factsSql(sql`join organizations a on a.id = ${agencyId}::uuid`, projectId, now);
}

/** The SQL form of `evaluateEligibility`, over the columns of the facts query aliased as `f`. */
export const ELIGIBLE_SQL = sql<boolean>`(
  f."agencyKind" = 'agency'
  and (not (f.rules->'sanction'->>'enabled')::boolean or jsonb_array_length(f.sanctions) = 0)
  and (not (f.rules->'creditGrade'->>'enabled')::boolean or f.grade is null
       or not ((f.rules->'creditGrade'->'grades') ? (f.grade::text) and (f.rules->'creditGrade'->'methods') ? f."selectionMethod"))
  and (not (f.rules->'qualification'->>'enabled')::boolean or f."requiredQualificationZh" is null or f."qualificationId" is not null)
  and (not (f.rules->'conflictOfInterest'->>'enabled')::boolean
       or (f."agencyCode" is distinct from f."ownerCode"
           and not (f."agencyRep" is not null and f."ownerRep" is not null and btrim(f."agencyRep") = btrim(f."ownerRep"))))
)`;

/** The records an answer rests on, in SQL (the same shape as Eligibility.records). */
export const RECORDS_SQL = sql<unknown>`jsonb_build_object(
  'sanctionIds', coalesce((select jsonb_agg(x->>'id') from jsonb_array_elements(f.sanctions) x), '[]'::jsonb),
  'grade', f.grade, 'scoreCenti', f."scoreCenti", 'qualificationId', f."qualificationId")`;

/** Stores an answer given at a gate, with the rule version and the records used. */
export async function storeEligibility(db: Kysely<DB>, agencyId: string, projectId: string, gate: Gate, e: Eligibility) {
  if (e.ruleVersion == null) return;
  await db
    .insertInto("eligibilityChecks")
    .values({ agencyId, projectId, gate, eligible: e.eligible, ruleVersion: e.ruleVersion, reasons: e.reasons.map((r) => r.code), records: JSON.stringify(e.records) })
    .execute();
}

/** May agency A take part in project P now, and why not — asked at a gate, the answer is stored. */
export async function checkEligibility(db: Kysely<DB>, agencyId: string, projectId: string, gate: Gate, now = new Date()): Promise<Eligibility> {
  const e = await previewEligibility(db, agencyId, projectId, now);
  await storeEligibility(db, agencyId, projectId, gate, e);
  return e;
}

/** The same answer without storing it: for showing an agency, before it bids, whether it may. */
export async function previewEligibility(db: Kysely<DB>, agencyId: string, projectId: string, now = new Date()): Promise<Eligibility> {
  if (!/^[0-9a-f-]{36}$/.test(agencyId) || !/^[0-9a-f-]{36}$/.test(projectId)) return evaluateEligibility(undefined);
  const { rows } = await eligibilityFactsSql(agencyId, projectId, now).execute(db);
  return evaluateEligibility(rows[0]);
}

/**
 * Every agency that may take part in a project now, in one query: the same facts and the same SQL
 * condition, for all agencies at once (direct selection's list, the regulator's view, the benchmark).
 */
export function eligibleAgenciesSql(projectId: string, now = new Date()) {
  return sql<{ agencyId: string }>`
    select f."agencyId" from (${factsSql(sql`join organizations a on a.kind = 'agency'`, projectId, now)}) f
    where ${ELIGIBLE_SQL}`;
}

/** The stored answers for a project (and one agency), newest first: what the regulator audits. */
export async function listEligibilityChecks(db: Kysely<DB>, projectId: string, agencyId?: string) {
  let q = db
    .selectFrom("eligibilityChecks as c")
    .innerJoin("organizations as a", "a.id", "c.agencyId")
    .select(["c.id", "c.agencyId", "a.name as agencyName", "c.gate", "c.eligible", "c.ruleVersion", "c.reasons", "c.records", "c.checkedAt"])
    .where("c.projectId", "=", projectId);
  if (agencyId) q = q.where("c.agencyId", "=", agencyId);
  return q.orderBy("c.id", "desc").limit(200).execute();
}
