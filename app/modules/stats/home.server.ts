import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";

export interface HomeCounts {
  agencies: number;
  openProjects: number;
  awardsThisMonth: number;
  serviceItems: number;
}

/** The live figures on the home page, in one round trip. "This month" is the Beijing calendar month. */
export async function getHomeCounts(db: Kysely<DB>): Promise<HomeCounts> {
  const { rows } = await sql<HomeCounts>`
    select
      (select count(*) from organizations where kind = 'agency') as agencies,
      (select count(*) from projects where status = 'bidding' and bid_deadline > now()) as "openProjects",
      (select count(*) from awards where status <> 'annulled'
         and awarded_at >= (date_trunc('month', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')) as "awardsThisMonth",
      (select count(*) from service_items) as "serviceItems"
  `.execute(db);
  return rows[0]!;
}
