import { regionContains } from "~/modules/agencies/regions.rules";
import { lastDay } from "./sanctions.rules";
import { DomainError } from "~/modules/errors";
import type { SanctionType } from "./credit.schema";
import type { ExclusionRules } from "./exclusions.schema";

/** The four moments eligibility is checked (FAR 9.405: after opening and again right before award). */
export const GATES = ["bid", "opening", "award", "contract"] as const;
export type Gate = (typeof GATES)[number];

export type ReasonCode = "notAgency" | "sanctioned" | "creditGrade" | "qualificationMissing" | "conflictOfInterest";

export interface EligibilityReason {
  code: ReasonCode;
  /** The rule of the rule set that gave this answer (absent for "not an agency"). */
  rule?: keyof ExclusionRules;
  params?: Record<string, string>;
}

/** A sanction as the eligibility facts carry it: enough to explain it and to say when it ends. */
export interface SanctionFact {
  id: string;
  type: SanctionType;
  endsAt: string | null;
  decisionRef: string;
  issuer: string;
}

/** What every rule reads, for one agency and one project, as one SQL query returns it. */
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
  /** A verified certificate for the item valid today, if any. */
  qualificationId: string | null;
  /** Sanctions in force now, of a type the rule set restricts, whose scope covers the project. */
  sanctions: SanctionFact[];
  grade: string | null;
  scoreCenti: number | null;
  ruleVersion: number;
  rules: ExclusionRules;
}

export interface Eligibility {
  eligible: boolean;
  reasons: EligibilityReason[];
  ruleVersion: number | null;
  /** The records the answer rests on, stored with it. */
  records: { sanctionIds: string[]; grade: string | null; scoreCenti: number | null; qualificationId: string | null };
  /** What the check read of the project, so a caller at the bid gate needs no second query. */
  project: {
    status: string;
    bidDeadline: Date | null;
    priceCeilingFen: number | null;
    priceFloorFen: number | null;
    selectionMethod: string;
  } | null;
}

export function sameRepresentative(a: string | null, b: string | null): boolean {
  return !!a && !!b && a.trim() === b.trim();
}

/**
 * The code form of the rules: may this agency take part in this project now, and why not. The SQL form
 * (ELIGIBLE_SQL in exclusions.server.ts) must agree with it; the integration tests check both.
 */
export function evaluateEligibility(f: EligibilityFacts | undefined): Eligibility {
  if (!f)
    return {
      eligible: false,
      reasons: [{ code: "notAgency" }],
      ruleVersion: null,
      records: { sanctionIds: [], grade: null, scoreCenti: null, qualificationId: null },
      project: null,
    };
  const r = f.rules;
  const reasons: EligibilityReason[] = [];
  if (f.agencyKind !== "agency") reasons.push({ code: "notAgency" });
  if (r.sanction.enabled) {
    for (const s of f.sanctions)
      reasons.push({
        code: "sanctioned",
        rule: "sanction",
        params: {
          type: `@sanction.type.${s.type}`,
          until: lastDay(s.endsAt ? new Date(s.endsAt) : null) ?? "@sanction.indefinite",
          ref: s.decisionRef,
          issuer: s.issuer,
        },
      });
  }
  if (
    r.creditGrade.enabled &&
    f.grade &&
    r.creditGrade.grades.includes(f.grade as never) &&
    r.creditGrade.methods.includes(f.selectionMethod as never)
  ) {
    reasons.push({
      code: "creditGrade",
      rule: "creditGrade",
      params: { grade: f.grade, score: ((f.scoreCenti ?? 0) / 100).toFixed(2), method: `@method.${f.selectionMethod}` },
    });
  }
  if (r.qualification.enabled && f.requiredQualificationZh && !f.qualificationId) {
    reasons.push({ code: "qualificationMissing", rule: "qualification", params: { qualification: f.requiredQualificationZh } });
  }
  if (r.conflictOfInterest.enabled && (f.agencyCode === f.ownerCode || sameRepresentative(f.agencyRep, f.ownerRep))) {
    reasons.push({ code: "conflictOfInterest", rule: "conflictOfInterest" });
  }
  return {
    eligible: reasons.length === 0,
    reasons,
    ruleVersion: f.ruleVersion,
    records: { sanctionIds: f.sanctions.map((s) => s.id), grade: f.grade, scoreCenti: f.scoreCenti, qualificationId: f.qualificationId },
    project: {
      status: f.status,
      bidDeadline: f.bidDeadline,
      priceCeilingFen: f.priceCeilingFen,
      priceFloorFen: f.priceFloorFen,
      selectionMethod: f.selectionMethod,
    },
  };
}

/** A sanction's scope covers a project: no regions = everywhere, no items = every item. */
export function scopeCovers(
  scope: { regions: string[]; items: number[] },
  project: { regionCode: string; serviceItemId: number },
): boolean {
  const regionOk = scope.regions.length === 0 || scope.regions.some((r) => regionContains(r.trim(), project.regionCode));
  const itemOk = scope.items.length === 0 || scope.items.includes(project.serviceItemId);
  return regionOk && itemOk;
}

/** In force at `now`: started, not ended, not lifted. Computed at the moment of the check, never stored. */
export function sanctionInForce(s: { startsAt: Date; endsAt: Date | null; liftedAt: Date | null }, now: Date): boolean {
  return s.startsAt <= now && (s.endsAt == null || s.endsAt > now) && (s.liftedAt == null || s.liftedAt > now);
}

/** Whether `count` abandoned awards within `months` call for a proposed suspension. */
export function abandonedAwardsTrigger(abandonedAt: Date[], rule: ExclusionRules["abandonedAwards"], now: Date): boolean {
  if (!rule.enabled) return false;
  const from = new Date(now.getTime());
  from.setUTCMonth(from.getUTCMonth() - rule.months);
  return abandonedAt.filter((d) => d > from && d <= now).length >= rule.count;
}

/** The domain error for a refusal: the first reason, in plain language, with its parameters. */
export function ineligibleError(e: Eligibility, status = 409): DomainError {
  const r = e.reasons[0] ?? { code: "notAgency" as const };
  return new DomainError("ineligible", `errors.eligibility.${r.code}`, "_form", r.params ?? {}, status);
}
