import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { DIRECTORY_PAGE_SIZE, type DirectoryQuery } from "./directory.schema";
import { regionAncestors } from "./regions.rules";

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type Eb = ExpressionBuilder<DB & { o: DB["organizations"]; s: DB["agencyServices"] }, "o" | "s">;

/** Whether agency `o` holds a verified certificate for item `s`, valid on `today` (Beijing date). */
function verifiedFor(eb: ExpressionBuilder<any, any>, today: string) {
  return eb.exists(
    eb
      .selectFrom("qualifications as qv")
      .select(sql`1`.as("one"))
      .whereRef("qv.agencyId", "=", "s.agencyId")
      .whereRef("qv.serviceItemId", "=", "s.serviceItemId")
      .where("qv.status", "=", "verified")
      .where("qv.validFrom", "<=", today)
      .where("qv.validTo", ">=", today),
  );
}

function serviceConditions(eb: Eb, q: DirectoryQuery, today: string) {
  const conds = [eb("s.active", "=", true)];
  if (q.item) conds.push(eb("s.serviceItemId", "=", q.item));
  if (q.region) {
    // Empty regions = everywhere; a listing for a province or city serves every place inside it.
    conds.push(eb.or([eb(sql`cardinality(s.regions)`, "=", 0), eb(sql`s.regions`, "&&", sql`${regionAncestors(q.region)}::char(6)[]`)]));
  }
  // A fee range matches listings whose amount range overlaps it; rate-based fees cannot be compared.
  if (q.feeMin != null) conds.push(eb("s.feeMaxFen", ">=", q.feeMin));
  if (q.feeMax != null) conds.push(eb("s.feeMinFen", "<=", q.feeMax));
  if (q.verified) {
    conds.push(
      eb.or([
        eb.exists(
          eb
            .selectFrom("serviceItems as si")
            .select(sql`1`.as("one"))
            .whereRef("si.id", "=", "s.serviceItemId")
            .where("si.requiredQualificationZh", "is", null),
        ),
        verifiedFor(eb, today),
      ]),
    );
  }
  return eb.and(conds);
}

function usesServices(q: DirectoryQuery) {
  return !!(q.item || q.region || q.feeMin != null || q.feeMax != null || q.verified);
}

/**
 * The directory query before paging: agencies matching the text, each with the one listing that best
 * matches the filters (cheapest first). Exported unexecuted so the benchmark can run the same SQL bare.
 */
export function directoryQuery(db: Kysely<DB>, q: DirectoryQuery, today: string) {
  const pattern = q.q ? `%${escapeLike(q.q)}%` : null;
  let query = db
    .selectFrom("organizations as o")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("agencyServices as s")
          .innerJoin("serviceItems as i", "i.id", "s.serviceItemId")
          .select((e) => [
            "s.id as serviceId",
            "s.serviceItemId",
            "i.nameZh as itemNameZh",
            "i.nameEn as itemNameEn",
            sql<boolean>`i.required_qualification_zh is not null`.as("requiresQualification"),
            "s.feeMode",
            "s.feeMinFen",
            "s.feeMaxFen",
            "s.feeRateBp",
            "s.feeBasis",
            "s.committedDays",
            "s.regions",
            verifiedFor(e, today).as("verified"),
          ])
          .whereRef("s.agencyId", "=", "o.id")
          .where((e) => serviceConditions(e as unknown as Eb, q, today))
          .orderBy(sql`s.fee_min_fen asc nulls last`)
          .orderBy("s.serviceItemId")
          .limit(1)
          .as("m"),
      (join) => join.onTrue(),
    )
    .innerJoin("regions as r", "r.code", "o.regionCode")
    .where("o.kind", "=", "agency");
  if (pattern) query = query.where(sql<boolean>`o.search_text ilike ${pattern}`);
  if (usesServices(q)) query = query.where("m.serviceId", "is not", null);
  return query;
}

export interface DirectoryResult {
  id: string;
  name: string;
  regionName: string;
  businessScope: string | null;
  createdAt: Date;
  nameMatch: boolean;
  scopeMatch: boolean;
  serviceCount: number;
  service: {
    serviceItemId: number;
    itemNameZh: string;
    itemNameEn: string;
    requiresQualification: boolean;
    feeMode: string;
    feeMinFen: number | null;
    feeMaxFen: number | null;
    feeRateBp: number | null;
    feeBasis: string | null;
    committedDays: number;
    verified: boolean;
  } | null;
}

export interface DirectoryPage {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  results: DirectoryResult[];
}

export async function searchAgencies(db: Kysely<DB>, q: DirectoryQuery, today: string): Promise<DirectoryPage> {
  const base = directoryQuery(db, q, today);
  const pattern = q.q ? `%${escapeLike(q.q)}%` : null;
  let page = base.select((eb) => [
    "o.id",
    "o.name",
    "r.name as regionName",
    "o.businessScope",
    "o.createdAt",
    (pattern ? sql<boolean>`o.name ilike ${pattern}` : sql<boolean>`false`).as("nameMatch"),
    (pattern ? sql<boolean>`coalesce(o.business_scope ilike ${pattern}, false)` : sql<boolean>`false`).as("scopeMatch"),
    eb
      .selectFrom("agencyServices as c")
      .select((e) => e.fn.countAll<number>().as("n"))
      .whereRef("c.agencyId", "=", "o.id")
      .where("c.active", "=", true)
      .as("serviceCount"),
    "m.serviceId",
    "m.serviceItemId",
    "m.itemNameZh",
    "m.itemNameEn",
    "m.requiresQualification",
    "m.feeMode",
    "m.feeMinFen",
    "m.feeMaxFen",
    "m.feeRateBp",
    "m.feeBasis",
    "m.committedDays",
    "m.verified",
  ]);
  if (q.sort === "price") page = page.orderBy(sql`m.fee_min_fen asc nulls last`);
  else if (q.sort === "relevance" && pattern) {
    page = page.orderBy(sql`(o.name ilike ${pattern})::int desc`).orderBy(sql`similarity(o.name, ${q.q!})`, "desc");
  }
  page = page.orderBy("o.createdAt", "desc").orderBy("o.id");
  const [rows, count] = await Promise.all([
    page.limit(DIRECTORY_PAGE_SIZE).offset((q.page - 1) * DIRECTORY_PAGE_SIZE).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: count.n,
    page: q.page,
    pageSize: DIRECTORY_PAGE_SIZE,
    pages: Math.max(1, Math.ceil(count.n / DIRECTORY_PAGE_SIZE)),
    results: rows.map((r) => ({
      id: r.id,
      name: r.name,
      regionName: r.regionName,
      businessScope: r.businessScope,
      createdAt: r.createdAt,
      nameMatch: r.nameMatch,
      scopeMatch: r.scopeMatch,
      serviceCount: Number(r.serviceCount ?? 0),
      service:
        r.serviceId && r.serviceItemId != null
          ? {
              serviceItemId: r.serviceItemId,
              itemNameZh: r.itemNameZh!,
              itemNameEn: r.itemNameEn!,
              requiresQualification: !!r.requiresQualification,
              feeMode: r.feeMode!,
              feeMinFen: r.feeMinFen ?? null,
              feeMaxFen: r.feeMaxFen ?? null,
              feeRateBp: r.feeRateBp ?? null,
              feeBasis: r.feeBasis ?? null,
              committedDays: r.committedDays!,
              verified: !!r.verified,
            }
          : null,
    })),
  };
}
