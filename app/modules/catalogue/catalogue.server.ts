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

/**
 * Provinces and their prefecture-level cities: what an organisation or office picks as its region; and
 * the regions in `keep` at any level (a project or organisation already placed in a district keeps it
 * on the form instead of showing "choose a region" and losing it on the next save).
 */
export async function listRegionOptions(db: Kysely<DB>, keep: readonly (string | null | undefined)[] = []): Promise<RegionOption[]> {
  const codes = keep.filter((c): c is string => !!c);
  return db
    .selectFrom("regions")
    .select(["code", "name", "level", "parentCode"])
    .where((eb) => (codes.length ? eb.or([eb("level", "<=", 2), eb("code", "in", codes)]) : eb("level", "<=", 2)))
    .orderBy("code")
    .execute();
}

export interface RegionGroup {
  province: RegionOption;
  /** Cities, and any district kept (named with its city: "南京市 · 栖霞区"), in code order. */
  cities: RegionOption[];
}

export function groupRegions(options: RegionOption[]): RegionGroup[] {
  const groups = new Map<string, RegionGroup>();
  const byCode = new Map(options.map((o) => [o.code.trim(), o]));
  for (const o of options) if (o.level === 1) groups.set(o.code, { province: o, cities: [] });
  for (const o of options) {
    if (o.level === 2 && o.parentCode) groups.get(o.parentCode)?.cities.push(o);
    if (o.level === 3 && o.parentCode) {
      const city = byCode.get(o.parentCode.trim());
      if (city?.parentCode) groups.get(city.parentCode)?.cities.push({ ...o, name: `${city.name} · ${o.name}` });
    }
  }
  for (const g of groups.values()) g.cities.sort((a, b) => a.code.localeCompare(b.code));
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
