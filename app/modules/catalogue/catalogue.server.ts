import type { Kysely } from "kysely";
import type { DB } from "#db/schema";

export async function listServiceItems(db: Kysely<DB>) {
  return db.selectFrom("serviceItems").selectAll().orderBy("category").orderBy("id").execute();
}

export interface RegionOption {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

/** Provinces and their prefecture-level cities: what an organisation or office picks as its region. */
export async function listRegionOptions(db: Kysely<DB>): Promise<RegionOption[]> {
  return db.selectFrom("regions").select(["code", "name", "level", "parentCode"]).where("level", "<=", 2).orderBy("code").execute();
}

export interface RegionGroup {
  province: RegionOption;
  cities: RegionOption[];
}

export function groupRegions(options: RegionOption[]): RegionGroup[] {
  const groups = new Map<string, RegionGroup>();
  for (const o of options) if (o.level === 1) groups.set(o.code, { province: o, cities: [] });
  for (const o of options) if (o.level === 2 && o.parentCode) groups.get(o.parentCode)?.cities.push(o);
  return [...groups.values()];
}

/** Display names of region codes, with the parent for cities and districts ("江苏省 南京市"). */
export async function regionNames(db: Kysely<DB>, codes: string[]): Promise<Record<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return {};
  const rows = await db
    .selectFrom("regions as r")
    .leftJoin("regions as p", "p.code", "r.parentCode")
    .select(["r.code", "r.name", "r.level", "p.name as parentName"])
    .where("r.code", "in", unique)
    .execute();
  return Object.fromEntries(
    rows.map((r) => [r.code, r.level > 1 && r.parentName && r.name !== r.parentName ? `${r.parentName} ${r.name}` : r.name]),
  );
}

export async function listItemOptions(db: Kysely<DB>) {
  return db
    .selectFrom("serviceItems")
    .select(["id", "nameZh", "nameEn", "statutoryDays", "requiredQualificationZh", "requiredQualificationEn"])
    .orderBy("category")
    .orderBy("id")
    .execute();
}
