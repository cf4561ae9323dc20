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
  return db
    .selectFrom("regions")
    .select(["code", "name", "level", "parentCode"])
    .where("level", "<=", 2)
    .orderBy("code")
    .execute();
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
