import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { regionPrefix } from "~/modules/agencies/regions.rules";
import { beijingDate, beijingMonth, addMonths, beijingStartOfMonth } from "~/lib/beijing-calendar";
import type { Viewer } from "~/modules/identity/viewer";
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
  const current = beijingMonth(now);
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(addMonths(current, -i));
  return out;
}

export const NOTICE_TO_AWARD_BINS = [0, 7, 14, 21, 30, 45, 60, 90] as const;

const projectScope = (s: Scope) =>
  sql<boolean>`p.region_code like ${`${s.regionPrefix}%`} ${s.itemIds ? (s.itemIds.length ? sql`and p.service_item_id = any(${s.itemIds}::int[])` : sql`and false`) : sql``}`;

const SPEED = [1, 2, 3, 4, 5, 6, 7, 8] as const;
const bucket = sql`width_bucket(extract(epoch from (a.awarded_at - p.published_at)) / 86400, ${sql.raw(`array[${NOTICE_TO_AWARD_BINS.join(",")}]::float8[]`)})`;
const monthColumn = (col: string) => sql`date_trunc('month', ${sql.ref(col)} at time zone 'Asia/Shanghai')::date`;

/**
 * The monthly figures of [from, until) grouped by month, region and item (`by` = "cell") or by month
 * within a scope ("month"): projects published, awards and their value, savings against ceilings, days
 * from notice to award in bins, contracts signed. One statement over three sources, so the rollup the
 * job stores and the live figures of the current month are the same computation.
 */
function monthlyFigures(from: Date, until: Date | null, scope: Scope | null, by: "cell" | "month") {
  const inScope = scope ? projectScope(scope) : sql<boolean>`true`;
  const before = (col: string) => (until ? sql`and ${sql.ref(col)} < ${until}` : sql``);
  const keys = by === "cell" ? sql`month, region_code, service_item_id` : sql`month`;
  return sql`
    select ${keys}, sum(published)::int as published, sum(awards)::int as awards, sum(award_fen)::bigint as award_fen,
           sum(ceiling_awards)::int as ceiling_awards, sum(ceiling_fen)::bigint as ceiling_fen, sum(ceiling_award_fen)::bigint as ceiling_award_fen,
           ${sql.join(SPEED.map((i) => sql`count(*) filter (where bin = ${i})::int as ${sql.ref(`speed_${i}`)}`))},
           sum(contracts)::int as contracts
    from (
      select ${monthColumn("p.published_at")} as month, p.region_code, p.service_item_id, 1 as published, 0 as awards, 0::bigint as award_fen, 0 as ceiling_awards,
             0::bigint as ceiling_fen, 0::bigint as ceiling_award_fen, null::int as bin, 0 as contracts
      from projects p where p.status <> 'draft' and p.published_at >= ${from} ${before("p.published_at")} and ${inScope}
      union all
      select ${monthColumn("a.awarded_at")}, p.region_code, p.service_item_id, 0, 1, a.price_fen, (p.price_ceiling_fen is not null)::int,
             coalesce(p.price_ceiling_fen, 0), case when p.price_ceiling_fen is not null then a.price_fen else 0 end,
             case when p.published_at is not null then ${bucket} end, 0
      from awards a join projects p on p.id = a.project_id
      where a.status <> 'annulled' and a.awarded_at >= ${from} ${before("a.awarded_at")} and ${inScope}
      union all
      select ${monthColumn("c.created_at")}, p.region_code, p.service_item_id, 0, 0, 0, 0, 0, 0, null, 1
      from contracts c join projects p on p.id = c.project_id where c.created_at >= ${from} ${before("c.created_at")} and ${inScope}
    ) x group by ${keys}`;
}

const ROLLUP_JOB = "dashboard_months";
/** The rollup is used when refreshed within this long; older (or never), a dashboard refreshes it first. */
const ROLLUP_MAX_AGE_MS = 2 * 3600_000;

/** First instant of the Beijing month `m` ("YYYY-MM"). */

/**
 * Recomputes dashboard_months for the last 13 Beijing months in one transaction (the hourly job). The
 * refresh time is kept in job_runs: months before the one it fell in come from the rollup, later ones
 * are computed live, so a dashboard is always complete.
 */
export async function refreshDashboardMonths(db: Kysely<DB>, now = new Date()): Promise<number> {
  const from = beijingStartOfMonth(lastMonths(now, 13)[0]!);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7310020)`.execute(trx);
    await sql`delete from dashboard_months`.execute(trx);
    // Every cell (month, district, item) counts at each level a scope may ask for: the platform, its
    // province, its city and its district (the prefixes regionPrefix gives).
    const r = await sql`
      insert into dashboard_months (region_key, month, service_item_id, published, awards, award_fen, ceiling_awards, ceiling_fen, ceiling_award_fen,
                                    ${sql.join(SPEED.map((i) => sql.ref(`speed_${i}`)))}, contracts)
      select k.region_key, c.month, c.service_item_id, sum(c.published), sum(c.awards), sum(c.award_fen), sum(c.ceiling_awards), sum(c.ceiling_fen), sum(c.ceiling_award_fen),
             ${sql.join(SPEED.map((i) => sql`sum(${sql.ref(`c.speed_${i}`)})`))}, sum(c.contracts)
      from (${monthlyFigures(from, null, null, "cell")}) c
      cross join lateral (values (''), (left(c.region_code, 2)), (left(c.region_code, 4)), (c.region_code::text)) k(region_key)
      group by 1, 2, 3`.execute(trx);
    await sql`
      insert into job_runs (name, started_at, finished_at, ok) values (${ROLLUP_JOB}, now(), now(), true)
      on conflict (name) do update set started_at = now(), finished_at = now(), ok = true`.execute(trx);
    return Number(r.numAffectedRows ?? 0);
  });
}

// Result columns reach the code in camelCase (the CamelCasePlugin): award_fen → awardFen, speed_1 → speed1.
type MonthRow = {
  month: string | Date;
  published: number;
  awards: number;
  awardFen: number;
  ceilingAwards: number;
  ceilingFen: number;
  ceilingAwardFen: number;
  contracts: number;
} & Record<`speed${(typeof SPEED)[number]}`, number>;

/**
 * Everything a dashboard shows, for the last 12 months of a scope: projects published and award values
 * by month, savings against ceilings, days from notice to award (from the rollup for past months and
 * live for the current one), and live: overdue contracts, complaints by state, sanctions in force.
 */
export async function dashboardData(db: Kysely<DB>, scope: Scope, now = new Date(), opts: { live?: boolean } = {}) {
  const months = lastMonths(now);
  const since = beijingStartOfMonth(months[0]!);
  let state = await db.selectFrom("jobRuns").select("startedAt").where("name", "=", ROLLUP_JOB).executeTakeFirst();
  if (!state || now.getTime() - new Date(state.startedAt).getTime() > ROLLUP_MAX_AGE_MS) {
    await refreshDashboardMonths(db, now);
    state = await db.selectFrom("jobRuns").select("startedAt").where("name", "=", ROLLUP_JOB).executeTakeFirstOrThrow();
  }
  // The live part starts with the Beijing month the rollup was computed in.
  // (`live`: every month computed from the source tables, which is what the rollup must agree with.)
  const liveFrom = opts.live ? since : beijingStartOfMonth(beijingMonth(new Date(state.startedAt)));
  const rollupFrom = since < liveFrom ? since : liveFrom;
  const cellScope = sql<boolean>`d.region_key = ${scope.regionPrefix} ${scope.itemIds ? (scope.itemIds.length ? sql`and d.service_item_id = any(${scope.itemIds}::int[])` : sql`and false`) : sql``}`;
  const inScope = projectScope(scope);
  // The whole platform's scope filters nothing, so its counts skip the join to projects that a region's
  // or an office's need (the join cost more than the count at scale: db/README.md).
  const whole = scope.regionPrefix === "" && scope.itemIds === null;
  // (Every contract and complaint has a project: project_id is a required foreign key.)
  const ofProject = whole
    ? { join: sql``, where: sql<boolean>`true` }
    : { join: sql`join projects p on p.id = c.project_id`, where: inScope };
  const [stored, live, overdue, complaints, sanctions, headline] = await Promise.all([
    sql<MonthRow>`
      select to_char(d.month, 'YYYY-MM') as month, sum(d.published)::int as published, sum(d.awards)::int as awards, sum(d.award_fen)::bigint as award_fen,
             sum(d.ceiling_awards)::int as ceiling_awards, sum(d.ceiling_fen)::bigint as ceiling_fen, sum(d.ceiling_award_fen)::bigint as ceiling_award_fen,
             ${sql.join(SPEED.map((i) => sql`sum(${sql.ref(`d.speed_${i}`)})::int as ${sql.ref(`speed_${i}`)}`))}, sum(d.contracts)::int as contracts
      from dashboard_months d
      where d.month >= ${beijingDate(rollupFrom)}::date and d.month < ${beijingDate(liveFrom)}::date and ${cellScope}
      group by 1`.execute(db),
    sql<
      MonthRow & { monthKey: string }
    >`select to_char(m.month, 'YYYY-MM') as month_key, m.* from (${monthlyFigures(liveFrom > since ? liveFrom : since, null, scope, "month")}) m`.execute(
      db,
    ),
    sql<{ n: number; fen: number }>`
      select count(*)::int as n, coalesce(sum(c.amount_fen), 0)::bigint as fen from contracts c ${ofProject.join}
      where c.status in ('signed', 'delivered') and c.due_on < ${beijingDate(now)}::date and ${ofProject.where}`.execute(db),
    sql<{ status: string; n: number; overdue: number }>`
      select c.status, count(*)::int as n, count(*) filter (where c.status = 'pending' and c.due_at <= ${now})::int as overdue
      from complaints c ${ofProject.join} where c.created_at >= ${since} and ${ofProject.where} group by 1`.execute(db),
    sql<{ type: string; n: number }>`
      select s.type, count(*)::int as n from sanctions s
      where s.starts_at <= ${now} and (s.ends_at is null or s.ends_at > ${now}) and (s.lifted_at is null or s.lifted_at > ${now})
        and (cardinality(s.scope_regions) = 0 or exists (select 1 from unnest(s.scope_regions) r where r like ${`${scope.regionPrefix}%`} or ${scope.regionPrefix} like rtrim(r, '0') || '%'))
      group by 1`.execute(db),
    sql<{ open: number; agencies: number }>`
      select (select count(*) from projects p where p.status = 'bidding' and ${inScope})::int as open,
             (select count(*) from organizations o where o.kind = 'agency' and o.region_code like ${`${scope.regionPrefix}%`})::int as agencies`.execute(
      db,
    ),
  ]);
  const rows = [...stored.rows, ...live.rows.map((r) => ({ ...r, month: r.monthKey }))].filter((r) => months.includes(String(r.month)));
  const sum = (f: (r: MonthRow) => number) => rows.reduce((a, r) => a + Number(f(r)), 0);
  const perMonth = (m: string, f: (r: MonthRow) => number) => rows.filter((r) => r.month === m).reduce((a, r) => a + Number(f(r)), 0);
  const s = { ceiling: sum((r) => r.ceilingFen), awarded: sum((r) => r.ceilingAwardFen), n: sum((r) => r.ceilingAwards) };
  const bins = NOTICE_TO_AWARD_BINS.map((from, i) => ({
    from,
    to: NOTICE_TO_AWARD_BINS[i + 1] ?? null,
    count: sum((r) => r[`speed${SPEED[i]!}`]),
  }));
  return {
    months,
    published: months.map((m) => perMonth(m, (r) => r.published)),
    awards: months.map((m) => perMonth(m, (r) => r.awards)),
    awardFen: months.map((m) => perMonth(m, (r) => r.awardFen)),
    savings: {
      ceilingFen: s.ceiling,
      awardedFen: s.awarded,
      awards: s.n,
      pct: s.ceiling ? Math.round((1000 * (s.ceiling - s.awarded)) / s.ceiling) / 10 : null,
    },
    noticeToAward: bins,
    overdue: { contracts: Number(overdue.rows[0]?.n ?? 0), amountFen: Number(overdue.rows[0]?.fen ?? 0) },
    complaints: (["pending", "upheld", "dismissed"] as const).map((st) => ({
      status: st,
      count: Number(complaints.rows.find((r) => r.status === st)?.n ?? 0),
    })),
    overdueComplaints: complaints.rows.reduce((a, r) => a + Number(r.overdue), 0),
    sanctions: sanctions.rows.map((r) => ({ type: r.type, count: Number(r.n) })).sort((a, b) => b.count - a.count),
    headline: {
      open: Number(headline.rows[0]?.open ?? 0),
      agencies: Number(headline.rows[0]?.agencies ?? 0),
      contracts: sum((r) => r.contracts),
    },
    asOf: new Date(state.startedAt),
  };
}

export type DashboardData = Awaited<ReturnType<typeof dashboardData>>;
