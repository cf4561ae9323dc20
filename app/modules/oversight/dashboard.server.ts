import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { beijingDate, regionPrefix } from "~/modules/agencies/regions.rules";
import type { Viewer } from "~/modules/identity/accounts.server";
import { requireRegulator } from "~/modules/trust/supervision.server";

/** Where a dashboard looks: a region (prefix) and, for an office, its service items. */
export interface Scope {
  regionPrefix: string;
  itemIds: number[] | null;
}

export async function officeScope(db: Kysely<DB>, viewer: Viewer): Promise<Scope> {
  const office = requireRegulator(viewer).org;
  const items = await db.selectFrom("regulatorServiceItems").select("serviceItemId").where("regulatorId", "=", office.id).execute();
  return { regionPrefix: regionPrefix(office.regionCode), itemIds: items.map((i) => i.serviceItemId) };
}

export const PUBLIC_SCOPE: Scope = { regionPrefix: "", itemIds: null };

/** The last `n` Beijing months, oldest first, as "YYYY-MM". */
export function lastMonths(now: Date, n = 12): string[] {
  const d = new Date(now.getTime() + 8 * 3600_000);
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1));
    out.push(m.toISOString().slice(0, 7));
  }
  return out;
}

export const NOTICE_TO_AWARD_BINS = [0, 7, 14, 21, 30, 45, 60, 90] as const;

const projectScope = (s: Scope) =>
  sql<boolean>`p.region_code like ${`${s.regionPrefix}%`} ${s.itemIds ? (s.itemIds.length ? sql`and p.service_item_id = any(${s.itemIds}::int[])` : sql`and false`) : sql``}`;

/**
 * Everything a dashboard shows, for the last 12 months of a scope, in a handful of aggregate queries:
 * projects published and award values by month, savings against ceilings, days from notice to award,
 * overdue contracts, complaints by state, sanctions in force by type.
 */
export async function dashboardData(db: Kysely<DB>, scope: Scope, now = new Date()) {
  const months = lastMonths(now);
  const since = new Date(`${months[0]}-01T00:00:00+08:00`);
  const inScope = projectScope(scope);
  const [published, awarded, savings, speed, overdue, complaints, sanctions, headline] = await Promise.all([
    sql<{ month: string; n: number }>`
      select to_char(p.published_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as n
      from projects p where p.published_at >= ${since} and ${inScope} group by 1`.execute(db),
    sql<{ month: string; n: number; fen: number }>`
      select to_char(a.awarded_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as n, coalesce(sum(a.price_fen), 0)::bigint as fen
      from awards a join projects p on p.id = a.project_id
      where a.status <> 'annulled' and a.awarded_at >= ${since} and ${inScope} group by 1`.execute(db),
    sql<{ ceiling: number; awarded: number; n: number }>`
      select coalesce(sum(p.price_ceiling_fen), 0)::bigint as ceiling, coalesce(sum(a.price_fen), 0)::bigint as awarded, count(*)::int as n
      from awards a join projects p on p.id = a.project_id
      where a.status <> 'annulled' and p.price_ceiling_fen is not null and a.awarded_at >= ${since} and ${inScope}`.execute(db),
    sql<{ bin: number; n: number }>`
      select width_bucket(extract(epoch from (a.awarded_at - p.published_at)) / 86400, ${sql.raw(`array[${NOTICE_TO_AWARD_BINS.join(",")}]::float8[]`)}) as bin, count(*)::int as n
      from awards a join projects p on p.id = a.project_id
      where a.status <> 'annulled' and p.published_at is not null and a.awarded_at >= ${since} and ${inScope} group by 1`.execute(db),
    sql<{ n: number; fen: number }>`
      select count(*)::int as n, coalesce(sum(c.amount_fen), 0)::bigint as fen from contracts c join projects p on p.id = c.project_id
      where c.status in ('signed', 'delivered') and c.due_on < ${beijingDate(now)}::date and ${inScope}`.execute(db),
    sql<{ status: string; n: number; overdue: number }>`
      select c.status, count(*)::int as n, count(*) filter (where c.status = 'pending' and c.due_at <= ${now})::int as overdue
      from complaints c join projects p on p.id = c.project_id where c.created_at >= ${since} and ${inScope} group by 1`.execute(db),
    sql<{ type: string; n: number }>`
      select s.type, count(*)::int as n from sanctions s
      where s.starts_at <= ${now} and (s.ends_at is null or s.ends_at > ${now}) and (s.lifted_at is null or s.lifted_at > ${now})
        and (cardinality(s.scope_regions) = 0 or exists (select 1 from unnest(s.scope_regions) r where r like ${`${scope.regionPrefix}%`} or ${scope.regionPrefix} like rtrim(r, '0') || '%'))
      group by 1`.execute(db),
    sql<{ open: number; agencies: number; contracts: number }>`
      select (select count(*) from projects p where p.status = 'bidding' and ${inScope})::int as open,
             (select count(*) from organizations o where o.kind = 'agency' and o.region_code like ${`${scope.regionPrefix}%`})::int as agencies,
             (select count(*) from contracts c join projects p on p.id = c.project_id where c.created_at >= ${since} and ${inScope})::int as contracts`.execute(db),
  ]);
  const byMonth = <T extends { month: string }>(rows: T[]) => new Map(rows.map((r) => [r.month, r]));
  const pub = byMonth(published.rows);
  const aw = byMonth(awarded.rows);
  const s = savings.rows[0] ?? { ceiling: 0, awarded: 0, n: 0 };
  const bins = NOTICE_TO_AWARD_BINS.map((from, i) => ({ from, to: NOTICE_TO_AWARD_BINS[i + 1] ?? null, count: speed.rows.find((r) => Number(r.bin) === i + 1)?.n ?? 0 }));
  return {
    months,
    published: months.map((m) => Number(pub.get(m)?.n ?? 0)),
    awards: months.map((m) => Number(aw.get(m)?.n ?? 0)),
    awardFen: months.map((m) => Number(aw.get(m)?.fen ?? 0)),
    savings: { ceilingFen: Number(s.ceiling), awardedFen: Number(s.awarded), awards: Number(s.n), pct: Number(s.ceiling) ? Math.round((1000 * (Number(s.ceiling) - Number(s.awarded))) / Number(s.ceiling)) / 10 : null },
    noticeToAward: bins,
    overdue: { contracts: Number(overdue.rows[0]?.n ?? 0), amountFen: Number(overdue.rows[0]?.fen ?? 0) },
    complaints: (["pending", "upheld", "dismissed"] as const).map((st) => ({ status: st, count: Number(complaints.rows.find((r) => r.status === st)?.n ?? 0) })),
    overdueComplaints: complaints.rows.reduce((a, r) => a + Number(r.overdue), 0),
    sanctions: sanctions.rows.map((r) => ({ type: r.type, count: Number(r.n) })).sort((a, b) => b.count - a.count),
    headline: { open: Number(headline.rows[0]?.open ?? 0), agencies: Number(headline.rows[0]?.agencies ?? 0), contracts: Number(headline.rows[0]?.contracts ?? 0) },
  };
}

export type DashboardData = Awaited<ReturnType<typeof dashboardData>>;
