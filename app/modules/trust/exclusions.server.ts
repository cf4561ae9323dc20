import { isUuid } from "~/lib/ids";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { beijingDate } from "~/lib/beijing-calendar";
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
function factsSql(agency: { id: string } | "all", projectId: string, now: Date) {
  const today = beijingDate(now);
  const one = agency !== "all";
  // The project's side is one row, computed first (materialized, so the planner never multiplies it
  // with every agency); sanctions and qualifications are gathered as sets for the project (and, for one
  // agency, only that agency's), then joined to the agencies by credit code and id.
  return sql<EligibilityFacts & { agencyId: string }>`
    with pj as materialized (
      select p.id, p.status, p.bid_deadline, p.price_ceiling_fen, p.price_floor_fen, p.selection_method, p.region_code, p.service_item_id,
             ow.credit_code as owner_code, ow.legal_representative as owner_rep, i.required_qualification_zh, rs.version as rule_version, rs.rules,
             -- the rule set's switches and lists, read once for the project rather than once per agency
             (rs.rules->'sanction'->>'enabled')::boolean as r_sanction,
             (rs.rules->'creditGrade'->>'enabled')::boolean and (rs.rules->'creditGrade'->'methods') ? p.selection_method as r_grade,
             array(select jsonb_array_elements_text(rs.rules->'creditGrade'->'grades')) as r_grades,
             (rs.rules->'qualification'->>'enabled')::boolean as r_qualification,
             (rs.rules->'conflictOfInterest'->>'enabled')::boolean as r_conflict
      from projects p
      join service_items i on i.id = p.service_item_id
      join organizations ow on ow.id = p.owner_org_id
      cross join lateral (select version, rules from exclusion_rule_sets where effective_from <= ${now}::timestamptz order by version desc limit 1) rs
      where p.id = ${projectId}::uuid
    ),
    restricted as (
      select ss.credit_code,
             jsonb_agg(jsonb_build_object('id', s.id, 'type', s.type, 'endsAt', s.ends_at, 'decisionRef', s.decision_ref, 'issuer', io.name) order by s.starts_at) as sanctions
      from pj
      join sanctions s on s.starts_at <= ${now}::timestamptz and (s.ends_at is null or s.ends_at > ${now}::timestamptz)
                      and (s.lifted_at is null or s.lifted_at > ${now}::timestamptz)
                      and s.type in (select jsonb_array_elements_text(pj.rules->'sanction'->'types'))
                      and (cardinality(s.scope_regions) = 0
                           or s.scope_regions && array[pj.region_code, (left(pj.region_code, 4) || '00')::char(6), (left(pj.region_code, 2) || '0000')::char(6)])
                      and (cardinality(s.scope_items) = 0 or pj.service_item_id = any(s.scope_items))
      join sanction_subjects ss on ss.sanction_id = s.id
      join organizations io on io.id = s.issued_by_org_id
      ${one ? sql`where ss.credit_code = (select credit_code from organizations where id = ${agency.id}::uuid)` : sql``}
      group by ss.credit_code
    ),
    qualified as (
      select distinct on (q.agency_id) q.agency_id, q.id
      from pj join qualifications q on q.service_item_id = pj.service_item_id and q.status = 'verified'
                                     and q.valid_from <= ${today}::date and q.valid_to >= ${today}::date
      where pj.required_qualification_zh is not null ${one ? sql`and q.agency_id = ${agency.id}::uuid` : sql``}
      order by q.agency_id, q.valid_to desc
    )
    select a.id as "agencyId", pj.status, pj.bid_deadline as "bidDeadline", pj.price_ceiling_fen as "priceCeilingFen", pj.price_floor_fen as "priceFloorFen",
           pj.selection_method as "selectionMethod", a.kind as "agencyKind", a.credit_code as "agencyCode",
           a.legal_representative as "agencyRep", pj.owner_code as "ownerCode", pj.owner_rep as "ownerRep",
           pj.required_qualification_zh as "requiredQualificationZh", qf.id as "qualificationId",
           coalesce(r.sanctions, '[]'::jsonb) as sanctions,
           cs.grade, cs.score_centi as "scoreCenti", pj.rule_version as "ruleVersion", pj.rules,
           pj.r_sanction as "rSanction", pj.r_grade as "rGrade", pj.r_grades as "rGrades", pj.r_qualification as "rQualification", pj.r_conflict as "rConflict"
    from pj
    join organizations a on ${one ? sql`a.id = ${agency.id}::uuid` : sql`a.kind = 'agency'`}
    left join restricted r on r.credit_code = a.credit_code
    left join qualified qf on qf.agency_id = a.id
    left join credit_scores cs on cs.agency_id = a.id`;
}

/** The facts for one agency and one project (usable as a CTE). */
export function eligibilityFactsSql(agencyId: string, projectId: string, now: Date) {
  return factsSql({ id: agencyId }, projectId, now);
}

/**
 * The SQL form of `evaluateEligibility`, over the columns of the facts query aliased as `f` (the rule
 * set's switches arrive as columns: rSanction, rGrade — on and covering this selection method — rGrades,
 * rQualification, rConflict).
 */
export const ELIGIBLE_SQL = sql<boolean>`(
  f."agencyKind" = 'agency'
  and (not f."rSanction" or jsonb_array_length(f.sanctions) = 0)
  and (not f."rGrade" or f.grade is null or not (f.grade::text = any(f."rGrades")))
  and (not f."rQualification" or f."requiredQualificationZh" is null or f."qualificationId" is not null)
  and (not f."rConflict"
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
    .values({
      agencyId,
      projectId,
      gate,
      eligible: e.eligible,
      ruleVersion: e.ruleVersion,
      reasons: e.reasons.map((r) => r.code),
      records: JSON.stringify(e.records),
    })
    .execute();
}

/** May agency A take part in project P now, and why not — asked at a gate, the answer is stored. */
export async function checkEligibility(
  db: Kysely<DB>,
  agencyId: string,
  projectId: string,
  gate: Gate,
  now = new Date(),
): Promise<Eligibility> {
  const e = await previewEligibility(db, agencyId, projectId, now);
  await storeEligibility(db, agencyId, projectId, gate, e);
  return e;
}

/** The same answer without storing it: for showing an agency, before it bids, whether it may. */
export async function previewEligibility(db: Kysely<DB>, agencyId: string, projectId: string, now = new Date()): Promise<Eligibility> {
  if (!isUuid(agencyId) || !isUuid(projectId)) return evaluateEligibility(undefined);
  const { rows } = await eligibilityFactsSql(agencyId, projectId, now).execute(db);
  return evaluateEligibility(rows[0]);
}

/**
 * Every agency that may take part in a project now, in one query: the same facts and the same SQL
 * condition, for all agencies at once (direct selection's list, the regulator's view, the benchmark).
 */
export function eligibleAgenciesSql(projectId: string, now = new Date()) {
  return sql<{ agencyId: string }>`
    select f."agencyId" from (${factsSql("all", projectId, now)}) f
    where ${ELIGIBLE_SQL}`;
}

/** The stored answers for a project (and one agency), newest first: what the regulator audits. */
export async function listEligibilityChecks(db: Kysely<DB>, projectId: string, agencyId?: string) {
  let q = db
    .selectFrom("eligibilityChecks as c")
    .innerJoin("organizations as a", "a.id", "c.agencyId")
    .select([
      "c.id",
      "c.agencyId",
      "a.name as agencyName",
      "c.gate",
      "c.eligible",
      "c.ruleVersion",
      "c.reasons",
      "c.records",
      "c.checkedAt",
    ])
    .where("c.projectId", "=", projectId);
  if (agencyId) q = q.where("c.agencyId", "=", agencyId);
  return q.orderBy("c.id", "desc").limit(200).execute();
}
