import { isUuid } from "~/lib/ids";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import type { Viewer } from "~/modules/identity/viewer";
import type { AgencyDetails } from "./profile.schema";
import { profileCompleteness } from "./profile.rules";
import { countsAsVerified } from "./qualifications.rules";
import { listAgencyQualifications } from "./qualifications.server";
import { listAgencyServices, listServiceVersions, requireAgencyMember } from "./services.server";

/**
 * The public profile: every field of seed 003's plan. Personal contact data (the contact person, phone
 * and e-mail) appears only when the agency chose to publish it; rejected certificates and their reasons
 * stay between the agency and the regulator.
 */
export async function getPublicProfile(db: Kysely<DB>, agencyId: string, today: string) {
  if (!isUuid(agencyId)) return null;
  const org = await db
    .selectFrom("organizations as o")
    .innerJoin("regions as r", "r.code", "o.regionCode")
    .leftJoin("regions as p", (j) => j.onRef("p.code", "=", "r.parentCode"))
    .select([
      "o.id",
      "o.name",
      "o.creditCode",
      "o.regionCode",
      "r.name as regionName",
      "p.name as parentRegionName",
      "o.legalRepresentative",
      "o.address",
      "o.businessScope",
      "o.contactPerson",
      "o.contactPhone",
      "o.contactEmail",
      "o.contactPublic",
      "o.pledgeVersion",
      "o.pledgeSignedAt",
      "o.createdAt",
    ])
    .where("o.id", "=", agencyId)
    .where("o.kind", "=", "agency")
    .executeTakeFirst();
  if (!org) return null;
  const [services, versions, qualifications, awards] = await Promise.all([
    listAgencyServices(db, agencyId, { activeOnly: true }),
    listServiceVersions(db, agencyId),
    listAgencyQualifications(db, agencyId, today),
    db
      .selectFrom("awards as a")
      .innerJoin("projects as p", "p.id", "a.projectId")
      .innerJoin("organizations as ow", "ow.id", "p.ownerOrgId")
      .innerJoin("serviceItems as i", "i.id", "p.serviceItemId")
      .select([
        "a.id",
        "p.title",
        "ow.name as ownerName",
        "i.nameZh as itemNameZh",
        "i.nameEn as itemNameEn",
        "a.priceFen",
        "a.status",
        "a.awardedAt",
      ])
      .where("a.agencyOrgId", "=", agencyId)
      .where("a.status", "<>", "annulled")
      .orderBy("a.awardedAt", "desc")
      .limit(50)
      .execute(),
  ]);
  const { contactPerson, contactPhone, contactEmail, contactPublic, ...rest } = org;
  const publicQualifications = qualifications
    .filter((q) => q.state !== "rejected")
    .map(({ reviewReason: _r, documentFileId: _d, ...q }) => q);
  const verifiedItems = new Set(qualifications.filter((q) => countsAsVerified(q.state)).map((q) => q.serviceItemId));
  return {
    ...rest,
    contact: contactPublic ? { person: contactPerson, phone: contactPhone, email: contactEmail } : null,
    services: services.map((s) => ({ ...s, verified: verifiedItems.has(s.serviceItemId) })),
    versions,
    qualifications: publicQualifications,
    awards,
  };
}

export async function getAgencyDashboard(db: Kysely<DB>, viewer: Viewer, today: string) {
  const agency = requireAgencyMember(viewer).org;
  const [org, services, qualifications] = await Promise.all([
    db
      .selectFrom("organizations")
      .select([
        "legalRepresentative",
        "address",
        "businessScope",
        "contactPerson",
        "contactPhone",
        "contactEmail",
        "contactPublic",
        "pledgeSignedAt",
        "pledgeVersion",
      ])
      .where("id", "=", agency.id)
      .executeTakeFirstOrThrow(),
    listAgencyServices(db, agency.id),
    listAgencyQualifications(db, agency.id, today),
  ]);
  const verifiedItems = new Set(qualifications.filter((q) => countsAsVerified(q.state)).map((q) => q.serviceItemId));
  const active = services.filter((s) => s.active);
  const needing = active.filter((s) => s.requiredQualificationZh);
  const completeness = profileCompleteness({
    ...org,
    activeServices: active.length,
    itemsNeedingQualification: needing.length,
    itemsWithVerifiedQualification: needing.filter((s) => verifiedItems.has(s.serviceItemId)).length,
  });
  return {
    org,
    completeness,
    services: services.map((s) => ({ ...s, verified: verifiedItems.has(s.serviceItemId) })),
    qualifications,
  };
}

export async function updateAgencyDetails(db: Kysely<DB>, viewer: Viewer, details: AgencyDetails) {
  const agency = requireAgencyMember(viewer).org;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("organizations").set(details).where("id", "=", agency.id).execute();
    await recordAudit(trx, {
      action: "organization.detailsUpdated",
      subjectType: "organization",
      subjectId: agency.id,
      actorUserId: viewer.userId,
      actorOrgId: agency.id,
      data: { ...details },
    });
  });
}
