import { sql, type Kysely } from "kysely";
import { recordAudit } from "~/modules/audit/audit.server";
import { forbidden } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import type { PolicyInput } from "./policy.schema";
import type { DB } from "#db/schema";
import { regionAncestors } from "~/modules/agencies/regions.rules";

/**
 * The policy in force for a region at a moment: the newest version already effective, from the most
 * specific region that has one (district, city, province), else the national default.
 */
export async function getPolicyFor(db: Kysely<DB>, regionCode: string, at: Date = new Date()) {
  const chain = regionAncestors(regionCode); // most specific first
  const rows = await db
    .selectFrom("procedurePolicies")
    .selectAll()
    .where((eb) => eb.or([eb("regionCode", "in", chain), eb("regionCode", "is", null)]))
    .where("effectiveFrom", "<=", at)
    .orderBy("version", "desc")
    .execute();
  // Order by specificity: the region list is most specific first; null (national) last.
  const rank = (code: string | null) => (code === null ? chain.length : chain.indexOf(code.trim()));
  rows.sort((a, b) => rank(a.regionCode) - rank(b.regionCode) || b.version - a.version);
  const policy = rows[0];
  if (!policy) throw new Error("no procedure policy in force: the national default is missing");
  return policy;
}

export type Policy = Awaited<ReturnType<typeof getPolicyFor>>;

/** A regulator adds a new version of its region's policy, in force from now; projects keep theirs. */
export async function savePolicy(db: Kysely<DB>, viewer: Viewer, input: PolicyInput) {
  if (!viewer.org || viewer.org.kind !== "regulator" || viewer.role !== "admin") throw forbidden();
  const region = viewer.org.regionCode;
  return db.transaction().execute(async (trx) => {
    // Serialise version numbers per region: two saves at once get versions n and n+1, never a clash.
    await sql`select pg_advisory_xact_lock(7310002, ${Number(region)})`.execute(trx);
    const last = await trx
      .selectFrom("procedurePolicies")
      .select("version")
      .where("regionCode", "=", region)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
    const version = (last?.version ?? 0) + 1;
    const row = await trx
      .insertInto("procedurePolicies")
      .values({
        regionCode: region,
        version,
        effectiveFrom: sql<Date>`now()`,
        ...input,
        minBidsByMethod: JSON.stringify(input.minBidsByMethod),
        createdBy: viewer.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: "policy.saved",
      subjectType: "region",
      subjectId: region,
      actorUserId: viewer.userId,
      actorOrgId: viewer.org!.id,
      data: { policyId: row.id, version, ...input },
    });
    return { id: row.id, version };
  });
}

export async function listPolicyVersions(db: Kysely<DB>, regionCode: string) {
  return db.selectFrom("procedurePolicies").selectAll().where("regionCode", "=", regionCode).orderBy("version", "desc").execute();
}
