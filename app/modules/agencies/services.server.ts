import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, conflict, forbidden } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import type { ServiceListingInput } from "./services.schema";
import { assertListingAllowed, listingChanged, listingFields } from "./services.rules";

export function requireAgencyMember(viewer: Viewer | null): Viewer & { org: NonNullable<Viewer["org"]> } {
  if (!viewer?.org || viewer.org.kind !== "agency") throw forbidden();
  return viewer as Viewer & { org: NonNullable<Viewer["org"]> };
}

/**
 * Creates or edits the agency's listing of one catalogue item. Every change is a new, immutable version;
 * the listing row carries the current one for search.
 */
export async function saveServiceListing(
  db: Kysely<DB>,
  viewer: Viewer,
  input: ServiceListingInput,
): Promise<{ id: string; version: number; changed: boolean }> {
  const agency = requireAgencyMember(viewer).org;
  return db.transaction().execute(async (trx) => {
    const item = await trx
      .selectFrom("serviceItems")
      .select(["id", "statutoryDays"])
      .where("id", "=", input.serviceItemId)
      .executeTakeFirst();
    if (!item) throw new DomainError("unknown_item", "errors.serviceItem", "serviceItemId");
    assertListingAllowed(input, item);
    if (input.regions.length) {
      const known = await trx.selectFrom("regions").select("code").where("code", "in", input.regions).execute();
      if (known.length !== input.regions.length) throw new DomainError("unknown_region", "errors.region.unknown", "regions");
    }
    const next = listingFields(input);
    const current = await trx
      .selectFrom("agencyServices")
      .selectAll()
      .where("agencyId", "=", agency.id)
      .where("serviceItemId", "=", input.serviceItemId)
      .forUpdate()
      .executeTakeFirst();
    if (current && !listingChanged(current, next)) return { id: current.id, version: current.version, changed: false };
    let id: string;
    let version: number;
    if (!current) {
      const row = await trx
        .insertInto("agencyServices")
        .values({ agencyId: agency.id, serviceItemId: input.serviceItemId, version: 1, ...next })
        .onConflict((oc) => oc.columns(["agencyId", "serviceItemId"]).doNothing())
        .returning(["id", "version"])
        .executeTakeFirst();
      // Two first saves at once: the loser finds the winner's row and reports no change.
      if (!row) throw conflict("conflict", "errors.conflict");
      ({ id, version } = row);
    } else {
      const row = await trx
        .updateTable("agencyServices")
        .set({ ...next, version: current.version + 1, updatedAt: new Date() })
        .where("id", "=", current.id)
        .returning(["id", "version"])
        .executeTakeFirstOrThrow();
      ({ id, version } = row);
    }
    await trx
      .insertInto("agencyServiceVersions")
      .values({ agencyServiceId: id, version, ...next, createdBy: viewer.userId })
      .execute();
    await recordAudit(trx, {
      action: current ? "agencyService.updated" : "agencyService.listed",
      subjectType: "organization",
      subjectId: agency.id,
      actorUserId: viewer.userId,
      actorOrgId: agency.id,
      data: { serviceId: id, serviceItemId: input.serviceItemId, version, ...next },
    });
    return { id, version, changed: true };
  });
}

export async function listAgencyServices(db: Kysely<DB>, agencyId: string, opts: { activeOnly?: boolean } = {}) {
  let q = db
    .selectFrom("agencyServices as s")
    .innerJoin("serviceItems as i", "i.id", "s.serviceItemId")
    .select([
      "s.id",
      "s.serviceItemId",
      "i.code as itemCode",
      "i.nameZh as itemNameZh",
      "i.nameEn as itemNameEn",
      "i.statutoryDays",
      "i.requiredQualificationZh",
      "i.requiredQualificationEn",
      "s.version",
      "s.active",
      "s.feeMode",
      "s.feeMinFen",
      "s.feeMaxFen",
      "s.feeRateBp",
      "s.feeBasis",
      "s.committedDays",
      "s.pledge",
      "s.regions",
      "s.updatedAt",
    ])
    .where("s.agencyId", "=", agencyId)
    .orderBy("i.category")
    .orderBy("i.id");
  if (opts.activeOnly) q = q.where("s.active", "=", true);
  return q.execute();
}

export async function getServiceListing(db: Kysely<DB>, agencyId: string, serviceItemId: number) {
  return db
    .selectFrom("agencyServices")
    .selectAll()
    .where("agencyId", "=", agencyId)
    .where("serviceItemId", "=", serviceItemId)
    .executeTakeFirst();
}

export async function listServiceVersions(db: Kysely<DB>, agencyId: string) {
  return db
    .selectFrom("agencyServiceVersions as v")
    .innerJoin("agencyServices as s", "s.id", "v.agencyServiceId")
    .select([
      "v.agencyServiceId",
      "s.serviceItemId",
      "v.version",
      "v.active",
      "v.feeMode",
      "v.feeMinFen",
      "v.feeMaxFen",
      "v.feeRateBp",
      "v.feeBasis",
      "v.committedDays",
      "v.pledge",
      "v.regions",
      "v.createdAt",
    ])
    .where("s.agencyId", "=", agencyId)
    .orderBy("s.serviceItemId")
    .orderBy("v.version", "desc")
    .execute();
}
