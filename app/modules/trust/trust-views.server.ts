import { isUuid } from "~/lib/ids";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { listAgencyApplications } from "./applications.server";
import { listPublicComplaints } from "./complaints.server";
import type { Viewer } from "~/modules/identity/viewer";
import { getCreditReport } from "./credit.server";
import { listEligibilityChecks, previewEligibility } from "./exclusions.server";
import { getReviewState, listAgencyReviews, listDepartmentRatings } from "./reviews.server";
import { supervises } from "./supervision.server";
import { bidsUnsealed } from "~/modules/procurement/sealing.rules";
import { listAgencyAssessments } from "~/modules/oversight/assessments.server";
import { listPublicCases } from "~/modules/oversight/cases.server";
import { listAgencySanctions } from "./sanctions.server";

export async function getAgencyName(db: Kysely<DB>, agencyId: string): Promise<string | null> {
  if (!isUuid(agencyId)) return null;
  return (
    (await db.selectFrom("organizations").select("name").where("id", "=", agencyId).where("kind", "=", "agency").executeTakeFirst())
      ?.name ?? null
  );
}

/** Everything of the trust record an agency's public profile shows (negative records are never hidden). */
export async function getPublicTrustRecord(db: Kysely<DB>, agencyId: string, now = new Date()) {
  const [credit, reviews, departmentRatings, complaints, sanctions, applications, assessments, cases] = await Promise.all([
    getCreditReport(db, agencyId, now),
    listAgencyReviews(db, agencyId, now),
    listDepartmentRatings(db, { agencyId }),
    listPublicComplaints(db, { agencyId }, now),
    listAgencySanctions(db, agencyId, now),
    listAgencyApplications(db, agencyId),
    listAgencyAssessments(db, agencyId),
    listPublicCases(db, { agencyId }),
  ]);
  return {
    assessments,
    cases: cases.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      violation: c.violation,
      regulatorName: c.regulatorName,
      updatedAt: c.updatedAt,
    })),
    credit,
    reviews,
    departmentRatings: departmentRatings.map(({ regulatorOrgId: _r, ...d }) => d),
    complaints,
    penalties: sanctions.filter((s) => s.type !== "reward" && s.type !== "redlist"),
    rewards: sanctions.filter((s) => s.type === "reward" || s.type === "redlist"),
    applications: applications.map(({ agencyId: _a, ...a }) => a),
  };
}

/**
 * The trust side of a project page: the contract's reviews (as the viewer may see them), the
 * department's ratings, complaints about the matter, for an agency whether it may take part and why
 * not, and for regulators the stored eligibility answers.
 */
export async function getProjectTrust(
  db: Kysely<DB>,
  viewer: Viewer | null,
  project: { id: string; status: string; serviceItemId: number; regionCode: string; bidDeadline: Date | string | null },
  now = new Date(),
) {
  const [reviews, ratings, complaints] = await Promise.all([
    getReviewState(db, viewer, project.id, now),
    listDepartmentRatings(db, { projectId: project.id }),
    listPublicComplaints(db, { projectId: project.id }, now),
  ]);
  return projectTrustOf(db, viewer, project, { reviews, ratings, complaints }, now);
}

/**
 * The project page's trust section from the project's public records already read (its reviews, the
 * departments' ratings, the complaints about it), adding only what depends on the viewer: a regulator's
 * competence and the eligibility checks, an agency's eligibility preview.
 */
export async function projectTrustOf(
  db: Kysely<DB>,
  viewer: Viewer | null,
  project: { id: string; status: string; serviceItemId: number; regionCode: string; bidDeadline: Date | string | null },
  records: {
    reviews: Awaited<ReturnType<typeof getReviewState>>;
    ratings: Awaited<ReturnType<typeof listDepartmentRatings>>;
    complaints: Awaited<ReturnType<typeof listPublicComplaints>>;
  },
  now = new Date(),
) {
  const { reviews, ratings, complaints } = records;
  const isRegulator = viewer?.org?.kind === "regulator";
  const competent = isRegulator ? await supervises(db, viewer!.org!, project) : false;
  const eligibility =
    viewer?.org?.kind === "agency" && project.status === "bidding" ? await previewEligibility(db, viewer.org.id, project.id, now) : null;
  // Who tried to bid is sealed like the bids themselves: the stored answers are shown from the opening on.
  const checks = isRegulator && bidsUnsealed(project, now) ? await listEligibilityChecks(db, project.id) : [];
  return {
    reviews,
    ratings: ratings.map(({ regulatorOrgId, ...r }) => ({ ...r, mine: regulatorOrgId === viewer?.org?.id })),
    mayRate: competent && project.status === "completed" && !ratings.some((r) => r.regulatorOrgId === viewer?.org?.id),
    complaints,
    mayComplain: !!viewer?.org && !isRegulator && project.status !== "draft",
    eligibility: eligibility
      ? { eligible: eligibility.eligible, reasons: eligibility.reasons, ruleVersion: eligibility.ruleVersion }
      : null,
    checks,
  };
}
