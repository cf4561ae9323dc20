import type { Kysely } from "kysely";
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
export async function checkEligibility(db: Kysely<DB>, agencyId: string, projectId: string, _gate: Gate, now = new Date()): Promise<Eligibility> {
  const today = beijingDate(now);
  const row = await db
    .selectFrom("projects as p")
    .innerJoin("serviceItems as i", "i.id", "p.serviceItemId")
    .innerJoin("organizations as ow", "ow.id", "p.ownerOrgId")
    .innerJoin("organizations as a", (j) => j.on("a.id", "=", agencyId))
    .select((eb) => [
      "p.status",
      "p.bidDeadline",
      "p.priceCeilingFen",
      "p.priceFloorFen",
      "p.selectionMethod",
      "a.kind as agencyKind",
      "a.creditCode as agencyCode",
      "a.legalRepresentative as agencyRep",
      "ow.creditCode as ownerCode",
      "ow.legalRepresentative as ownerRep",
      "i.requiredQualificationZh",
      eb
        .exists(
          eb
            .selectFrom("qualifications as q")
            .select("q.id")
            .where("q.agencyId", "=", agencyId)
            .whereRef("q.serviceItemId", "=", "p.serviceItemId")
            .where("q.status", "=", "verified")
            .where("q.validFrom", "<=", today)
            .where("q.validTo", ">=", today),
        )
        .as("qualified"),
    ])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  if (!row) return { eligible: false, reasons: [{ code: "notAgency" }], project: null };
  const reasons: EligibilityReason[] = [];
  if (row.agencyKind !== "agency") reasons.push({ code: "notAgency" });
  if (row.requiredQualificationZh && !row.qualified) reasons.push({ code: "qualificationMissing", params: { qualification: row.requiredQualificationZh } });
  const sameRep = !!row.agencyRep && !!row.ownerRep && row.agencyRep.trim() === row.ownerRep.trim();
  if (row.agencyCode === row.ownerCode || sameRep) reasons.push({ code: "conflictOfInterest" });
  const project = { status: row.status, bidDeadline: row.bidDeadline, priceCeilingFen: row.priceCeilingFen, priceFloorFen: row.priceFloorFen, selectionMethod: row.selectionMethod };
  return { eligible: reasons.length === 0, reasons, project };
}
