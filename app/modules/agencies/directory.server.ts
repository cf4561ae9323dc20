import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from "kysely";
import type { DB } from "#db/schema";
import { DIRECTORY_PAGE_SIZE, type DirectoryQuery } from "./directory.schema";
import { regionAncestors } from "./regions.rules";

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// The directory composes its query from optional parts; its rows are typed where they are read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyQuery = SelectQueryBuilder<any, any, {}>;

type Eb = ExpressionBuilder<DB & { o: DB["organizations"]; s: DB["agencyServices"] }, "o" | "s">;

/** Whether agency `o` holds a verified certificate for item `s`, valid on `today` (Beijing date). */
function verifiedFor(eb: ExpressionBuilder<any, any>, today: string) {
  // "limit 1" keeps the check correlated (an index probe per listing) instead of hashing every certificate.
  return eb.exists(
    eb
      .selectFrom("qualifications as qv")
      .select(sql`1`.as("one"))
      .whereRef("qv.serviceItemId", "=", "s.serviceItemId")
      .whereRef("qv.agencyId", "=", "s.agencyId")
      .where("qv.status", "=", "verified")
      .where("qv.validTo", ">=", today)
      .where("qv.validFrom", "<=", today)
      .limit(1),
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

/** Text condition: the bigram index narrows, ILIKE decides (so the index only ever speeds things up). */
function textCondition(q: DirectoryQuery) {
  if (!q.q) return null;
  const pattern = `%${escapeLike(q.q)}%`;
  const indexable = [...q.q].length >= 2;
  return indexable
    ? sql<boolean>`(o.search_bigrams @> zh_bigrams(${q.q}) and o.search_text ilike ${pattern})`
    : sql<boolean>`o.search_text ilike ${pattern}`;
}

const serviceColumns = (today: string) =>
  [
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
    (eb: ExpressionBuilder<any, any>) => verifiedFor(eb, today).as("verified"),
  ] as const;

/**
 * The directory query before paging. With a service item it is driven by that item's listings (one per
 * agency), so "cheapest first" walks the (item, fee) index and stops after a page; without one it is
 * driven by the agencies, and the best matching listing is looked up for the page only. Exported
 * unexecuted so the benchmark can run the same SQL bare.
 */
export function directoryQuery(db: Kysely<DB>, q: DirectoryQuery, today: string) {
  const text = textCondition(q);
  if (q.item) {
    let query = db
      .selectFrom("agencyServices as s")
      .innerJoin("organizations as o", "o.id", "s.agencyId")
      .innerJoin("serviceItems as i", "i.id", "s.serviceItemId")
      .innerJoin("regions as r", "r.code", "o.regionCode")
      .leftJoin("creditScores as cs", "cs.agencyId", "o.id")
      .where("o.kind", "=", "agency")
      .where((eb) => serviceConditions(eb as unknown as Eb, q, today));
    if (text) query = query.where(text);
    if (q.grade) query = query.where("cs.grade", "<=", q.grade);
    return { kind: "byItem" as const, query: query as unknown as AnyQuery };
  }
  let query = db
    .selectFrom("organizations as o")
    .innerJoin("regions as r", "r.code", "o.regionCode")
    .leftJoin("creditScores as cs", "cs.agencyId", "o.id")
    .where("o.kind", "=", "agency");
  if (text) query = query.where(text);
  // Credit grades sort A < B < C < D: "at least B" is grade <= 'B'.
  if (q.grade) query = query.where("cs.grade", "<=", q.grade);
  if (usesServices(q)) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("agencyServices as s")
          .select(sql`1`.as("one"))
          .whereRef("s.agencyId", "=", "o.id")
          .where((e) => serviceConditions(e as unknown as Eb, q, today)),
      ),
    );
  }
  return { kind: "byAgency" as const, query: query as unknown as AnyQuery };
}

/** The page query with its order, as searchAgencies runs it (the benchmark runs it bare too). */
export function directoryPageQuery(db: Kysely<DB>, q: DirectoryQuery, today: string) {
  const pattern = q.q ? `%${escapeLike(q.q)}%` : null;
  const { kind, query } = directoryQuery(db, q, today);
  const common = [
    "o.id",
    "o.name",
    "r.name as regionName",
    "o.businessScope",
    "o.createdAt",
    "cs.grade",
    "cs.scoreCenti",
    (pattern ? sql<boolean>`o.name ilike ${pattern}` : sql<boolean>`false`).as("nameMatch"),
    (pattern ? sql<boolean>`coalesce(o.business_scope ilike ${pattern}, false)` : sql<boolean>`false`).as("scopeMatch"),
  ] as const;
  let page =
    kind === "byItem"
      ? query.select([...common, ...serviceColumns(today).slice(0, -1), "s.agencyId"] as never)
      : query.select([...common] as never);
  if (q.sort === "price") {
    page =
      kind === "byItem"
        ? page.orderBy(sql`s.fee_min_fen asc nulls last`).orderBy("s.agencyId")
        : page.orderBy(sql`(select min(x.fee_min_fen) from agency_services x where x.agency_id = o.id and x.active) asc nulls last`);
  } else if (q.sort === "credit") {
    page = page.orderBy(sql`cs.score_centi desc nulls last`);
  } else if (q.sort === "relevance" && pattern) {
    page = page.orderBy(sql`(o.name ilike ${pattern})::int desc`).orderBy(sql`similarity(o.name, ${q.q!})`, "desc");
  }
  return page
    .orderBy("o.createdAt", "desc")
    .orderBy("o.id")
    .limit(DIRECTORY_PAGE_SIZE)
    .offset((q.page - 1) * DIRECTORY_PAGE_SIZE);
}

/** Counting stops at this many: past it the page says "1,000+" instead of scanning every match. */
export const COUNT_CAP = 1_000;

export interface DirectoryResult {
  id: string;
  name: string;
  regionName: string;
  businessScope: string | null;
  createdAt: Date;
  nameMatch: boolean;
  scopeMatch: boolean;
  serviceCount: number;
  credit: { grade: string; scoreCenti: number } | null;
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
  totalCapped: boolean;
  page: number;
  pageSize: number;
  pages: number;
  results: DirectoryResult[];
}

export async function searchAgencies(db: Kysely<DB>, q: DirectoryQuery, today: string): Promise<DirectoryPage> {
  const { kind, query } = directoryQuery(db, q, today);
  const [rows, count] = await Promise.all([
    directoryPageQuery(db, q, today).execute() as Promise<Record<string, unknown>[]>,
    db
      .selectFrom(
        query
          .select(sql`1`.as("one"))
          .limit(COUNT_CAP + 1)
          .as("m"),
      )
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.id as string);
  // Without an item filter, each agency on the page shows its cheapest listing that matches the filters.
  const services = new Map<string, Record<string, unknown>>();
  if (kind === "byAgency" && ids.length) {
    const listed = (await db
      .selectFrom("agencyServices as s")
      .innerJoin("serviceItems as i", "i.id", "s.serviceItemId")
      .select([...serviceColumns(today), "s.agencyId"] as never)
      .where("s.agencyId", "in", ids)
      .where((eb) => serviceConditions(eb as unknown as Eb, q, today))
      .orderBy(sql`s.fee_min_fen asc nulls last`)
      .execute()) as Record<string, unknown>[];
    for (const l of listed) if (!services.has(l.agencyId as string)) services.set(l.agencyId as string, l);
  }
  // One look-up for the page: how many listings each agency has, and (with an item) whether it holds
  // a verified certificate for it today.
  const details = ids.length
    ? await db
        .selectFrom("agencyServices as s")
        .select((eb) => [
          "s.agencyId",
          eb.fn.count<number>("s.id").filterWhere("s.active", "=", true).as("n"),
          (q.item ? eb.fn.max(sql<number>`(s.service_item_id = ${q.item} and ${verifiedFor(eb, today)})::int`) : sql<number>`0`).as(
            "verified",
          ),
        ])
        .where("s.agencyId", "in", ids)
        .groupBy("s.agencyId")
        .execute()
    : [];
  const countOf = new Map(details.map((c) => [c.agencyId, Number(c.n)]));
  const verifiedOf = new Map(details.map((c) => [c.agencyId, Number(c.verified) === 1]));
  const total = Math.min(count.n, COUNT_CAP);
  return {
    total,
    totalCapped: count.n > COUNT_CAP,
    page: q.page,
    pageSize: DIRECTORY_PAGE_SIZE,
    pages: Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE)),
    results: rows.map((r) => {
      const m = kind === "byItem" ? r : (services.get(r.id as string) ?? null);
      return {
        id: r.id as string,
        name: r.name as string,
        regionName: r.regionName as string,
        businessScope: (r.businessScope as string | null) ?? null,
        createdAt: r.createdAt as Date,
        nameMatch: !!r.nameMatch,
        scopeMatch: !!r.scopeMatch,
        serviceCount: countOf.get(r.id as string) ?? 0,
        credit: r.grade ? { grade: r.grade as string, scoreCenti: r.scoreCenti as number } : null,
        service:
          m && m.serviceId
            ? {
                serviceItemId: m.serviceItemId as number,
                itemNameZh: m.itemNameZh as string,
                itemNameEn: m.itemNameEn as string,
                requiresQualification: !!m.requiresQualification,
                feeMode: m.feeMode as string,
                feeMinFen: (m.feeMinFen as number | null) ?? null,
                feeMaxFen: (m.feeMaxFen as number | null) ?? null,
                feeRateBp: (m.feeRateBp as number | null) ?? null,
                feeBasis: (m.feeBasis as string | null) ?? null,
                committedDays: m.committedDays as number,
                verified: kind === "byItem" ? (verifiedOf.get(r.id as string) ?? false) : !!m.verified,
              }
            : null,
      };
    }),
  };
}
