import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { beijingDate } from "~/modules/agencies/regions.rules";

/** The four moments eligibility is checked (FAR 9.405: after opening and again right before award). */
export type Gate = "bid" | "opening" | "award" | "contract";

export interface EligibilityReason {
  code: "qualificationMissing" | "conflictOfInterest" | "notAgency";
  params?: Record<string, string>;
}

export interface Eligibility {
  eligible: boolean;
  reasons: EligibilityReason[];
  /** What the check read of the project, so a caller at the bid gate needs no second query. */
  project: { status: string; bidDeadline: Date | null; priceCeilingFen: number | null; priceFloorFen: number | null; selectionMethod: string } | null;
}

/**
 * May agency A take part in project P now, and why not. The one place every gate asks; the trust issue
 * adds credit and sanction rules here. For now: the item's legal qualification (verified, valid today)
 * and conflict of interest (same credit code or legal representative as the owner).
 */
export interface EligibilityFacts {
  status: string;
  bidDeadline: Date | null;
  priceCeilingFen: number | null;
  priceFloorFen: number | null;
  selectionMethod: string;
  agencyKind: string;
  agencyCode: string | null;
  agencyRep: string | null;
  ownerCode: string | null;
  ownerRep: string | null;
  requiredQualificationZh: string | null;
  qualified: boolean;
}

/**
 * The facts every rule reads, as one SQL query (usable as a CTE), and the rules themselves twice: as a
 * SQL condition over those facts (for the one-statement bid at the deadline) and in plain code (for
 * the reasons shown to people). Both live here, next to each other, and the tests exercise both.
 */
export function eligibilityFactsSql(agencyId: string, projectId: string, today: string) {
  return sql<EligibilityFacts>`
    select p.status, p.bid_deadline as "bidDeadline", p.price_ceiling_fen as "priceCeilingFen", p.price_floor_fen as "priceFloorFen",
           p.selection_method as "selectionMethod", a.kind as "agencyKind", a.credit_code as "agencyCode",
           a.legal_representative as "agencyRep", ow.credit_code as "ownerCode", ow.legal_representative as "ownerRep",
           i.required_qualification_zh as "requiredQualificationZh",
           exists (select 1 from qualifications q
                   where q.agency_id = a.id and q.service_item_id = p.service_item_id and q.status = 'verified'
                     and q.valid_from <= ${today}::date and q.valid_to >= ${today}::date) as qualified
    from projects p
    join service_items i on i.id = p.service_item_id
    join organizations ow on ow.id = p.owner_org_id
    join organizations a on a.id = ${agencyId}::uuid
    where p.id = ${projectId}::uuid`;
}

/** The SQL form of `evaluateEligibility`, over the columns of `eligibilityFactsSql` aliased as `f`. */
export const ELIGIBLE_SQL = sql<boolean>`(
  f."agencyKind" = 'agency'
  and (f."requiredQualificationZh" is null or f.qualified)
  and f."agencyCode" is distinct from f."ownerCode"
  and not (f."agencyRep" is not null and f."ownerRep" is not null and btrim(f."agencyRep") = btrim(f."ownerRep"))
)`;

export function evaluateEligibility(row: EligibilityFacts | undefined): Eligibility {
  if (!row) return { eligible: false, reasons: [{ code: "notAgency" }], project: null };
  const reasons: EligibilityReason[] = [];
  if (row.agencyKind !== "agency") reasons.push({ code: "notAgency" });
  if (row.requiredQualificationZh && !row.qualified) reasons.push({ code: "qualificationMissing", params: { qualification: row.requiredQualificationZh } });
  const sameRep = !!row.agencyRep && !!row.ownerRep && row.agencyRep.trim() === row.ownerRep.trim();
  if (row.agencyCode === row.ownerCode || sameRep) reasons.push({ code: "conflictOfInterest" });
  const project = { status: row.status, bidDeadline: row.bidDeadline, priceCeilingFen: row.priceCeilingFen, priceFloorFen: row.priceFloorFen, selectionMethod: row.selectionMethod };
  return { eligible: reasons.length === 0, reasons, project };
}

export async function checkEligibility(db: Kysely<DB>, agencyId: string, projectId: string, _gate: Gate, now = new Date()): Promise<Eligibility> {
  const { rows } = await eligibilityFactsSql(agencyId, projectId, beijingDate(now)).execute(db);
  return evaluateEligibility(rows[0]);
}
