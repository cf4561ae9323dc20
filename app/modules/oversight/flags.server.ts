import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema";
import { regionPrefix } from "~/modules/agencies/regions.rules";
import { beijingDate } from "~/lib/beijing-calendar";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, notFound } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { requireRegulatorAdmin } from "~/modules/trust/credit.server";
import { requireRegulator } from "~/modules/trust/supervision.server";
import {
  FLAGS,
  evaluateFlags,
  flagDefinition,
  type FlagCode,
  type FlagDataset,
  type FlagHit,
  type FlagParams,
  type FlagProject,
  type RiskRow,
  rankRisks,
} from "./flags.rules";

const REFRESH_LOCK = 7_310_010;
// The flags watch the last year of activity (the dashboards show 12 months too); the job's memory grows
// with the window (what two years took at 1M projects: db/README.md; docs/decisions/024).
const WINDOW_DAYS = 365;

/** The thresholds in force: the stored ones over the defaults. */
export async function flagSettings(db: Kysely<DB>): Promise<Record<FlagCode, { enabled: boolean; params: FlagParams }>> {
  const rows = await db.selectFrom("redFlagSettings").selectAll().execute();
  return Object.fromEntries(
    FLAGS.map((f) => {
      const row = rows.find((r) => r.flag === f.code);
      return [f.code, { enabled: row?.enabled ?? true, params: { ...f.defaults, ...(row?.params as FlagParams | undefined) } }];
    }),
  ) as Record<FlagCode, { enabled: boolean; params: FlagParams }>;
}

/** Everything the flags read, for the projects of the last year (published, not drafts). */
export async function loadFlagDataset(db: Kysely<DB>, now = new Date()): Promise<FlagDataset> {
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  const projects = await db
    .selectFrom("projects as p")
    .leftJoin("procedurePolicies as pol", "pol.id", "p.policyId")
    .select([
      "p.id",
      "p.ownerOrgId",
      "p.serviceItemId",
      "p.regionCode",
      "p.selectionMethod",
      "p.priceCeilingFen",
      "p.publishedAt",
      "p.bidDeadline",
      "p.status",
      "pol.directCeilingFen",
      "pol.abnormallyLowPct",
      "pol.abnormallyLowCeilingPct",
    ])
    .where("p.status", "<>", "draft")
    .where("p.publishedAt", ">=", since)
    .execute();
  const ids = projects.map((p) => p.id);
  const map = new Map<string, FlagProject>(
    projects.map((p) => [
      p.id,
      {
        id: p.id,
        ownerOrgId: p.ownerOrgId,
        serviceItemId: p.serviceItemId,
        regionCode: p.regionCode,
        method: p.selectionMethod,
        ceilingFen: p.priceCeilingFen,
        publishedAt: p.publishedAt,
        bidDeadline: p.bidDeadline,
        status: p.status,
        bids: [],
        award: null,
        contract: null,
        overcharge: false,
        directCeilingFen: p.directCeilingFen,
        abnormallyLow:
          p.abnormallyLowPct != null && p.abnormallyLowCeilingPct != null
            ? { othersPct: p.abnormallyLowPct, ceilingPct: p.abnormallyLowCeilingPct }
            : null,
        drawDelayed: null,
      },
    ]),
  );
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    // Bids only as the opened-bids view shows them: nothing sealed is read.
    const [bids, awards, contracts, overcharges, cancellations, delayed] = await Promise.all([
      db
        .selectFrom("openedBids")
        .select(["id", "projectId", "agencyId", "priceFen", "status", "submittedAt", "updatedAt", "justification"])
        .where("projectId", "in", chunk)
        .execute(),
      db
        .selectFrom("awards")
        .select(["projectId", "agencyOrgId", "priceFen", "bidId", "awardedAt"])
        .where("status", "<>", "annulled")
        .where("projectId", "in", chunk)
        .execute(),
      db
        .selectFrom("contracts")
        .select(["projectId", "amountFen", "dueOn", "status", "lateWorkdays"])
        .where("projectId", "in", chunk)
        .execute(),
      db
        .selectFrom("breachEvents")
        .select("projectId")
        .where("kind", "=", "overcharge")
        .where("voidedAt", "is", null)
        .where("projectId", "in", chunk)
        .execute(),
      db
        .selectFrom("projectCancellations as c")
        .leftJoin("awards as a", "a.id", "c.awardId")
        .select(["c.projectId", "c.ground", "a.agencyOrgId", "a.priceFen"])
        .where("c.stage", "=", "awarded")
        .where("c.projectId", "in", chunk)
        .execute(),
      db
        .selectFrom("drawBeacons")
        .select(["projectId", "designatedRound", "drawRound"])
        .where("delayed", "=", true)
        .where("projectId", "in", chunk)
        .execute(),
    ]);
    for (const b of bids)
      map.get(b.projectId!)?.bids.push({
        id: b.id!,
        agencyId: b.agencyId!,
        priceFen: b.priceFen!,
        status: b.status!,
        submittedAt: b.submittedAt!,
        updatedAt: b.updatedAt!,
        justified: b.justification != null,
      });
    for (const a of awards)
      map.get(a.projectId)!.award = { agencyId: a.agencyOrgId, priceFen: a.priceFen, bidId: a.bidId, awardedAt: a.awardedAt };
    for (const c of contracts)
      map.get(c.projectId)!.contract = { amountFen: c.amountFen, dueOn: c.dueOn, status: c.status, lateWorkdays: c.lateWorkdays };
    for (const o of overcharges) if (o.projectId) map.get(o.projectId)!.overcharge = true;
    for (const d of delayed)
      map.get(d.projectId)!.drawDelayed = {
        designatedRound: Number(d.designatedRound),
        drawRound: Number(d.drawRound ?? d.designatedRound),
      };
    for (const c of cancellations)
      map.get(c.projectId)!.cancelledAfterAward = {
        ground: c.ground,
        agencyId: c.agencyOrgId,
        priceFen: c.priceFen === null ? null : Number(c.priceFen),
      };
  }
  const agencyIds = [
    ...new Set([...map.values()].flatMap((p) => [...p.bids.map((b) => b.agencyId), ...(p.award ? [p.award.agencyId] : [])])),
  ];
  const agencies = new Map<string, FlagDataset["agencies"] extends Map<string, infer A> ? A : never>();
  for (let i = 0; i < agencyIds.length; i += 5000) {
    const rows = await db
      .selectFrom("organizations")
      .select(["id", "name", "address", "contactPhone", "contactEmail", "legalRepresentative"])
      .where("id", "in", agencyIds.slice(i, i + 5000))
      .execute();
    for (const r of rows)
      agencies.set(r.id, {
        id: r.id,
        name: r.name,
        address: r.address,
        phone: r.contactPhone,
        email: r.contactEmail,
        legalRep: r.legalRepresentative,
      });
  }
  return { projects: [...map.values()], agencies, today: beijingDate(now), now };
}

/**
 * Re-evaluates every flag and replaces the stored hits in one transaction. Several instances may run it:
 * the advisory lock lets one through and the others skip. Returns the number of hits (or null if skipped).
 */
export async function refreshFlagHits(db: Kysely<DB>, now = new Date()): Promise<number | null> {
  const [ds, settings, offices] = await Promise.all([loadFlagDataset(db, now), flagSettings(db), regulatorOffices(db)]);
  const hits = evaluateFlags(ds, settings);
  const projects = new Map(ds.projects.map((p) => [p.id, p]));
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${REFRESH_LOCK}) as ok`.execute(trx);
    if (!rows[0]?.ok) return null;
    // The offices' scopes and queues first (nothing then cascades), then the hits themselves.
    await trx.deleteFrom("redFlagOfficeHits").execute();
    await trx.deleteFrom("riskQueueRows").execute();
    await trx.deleteFrom("riskQueueOffices").execute();
    await trx.deleteFrom("redFlagHits").execute();
    const values = hits.map((h) => toRow(h, projects, now));
    const ids: number[] = [];
    for (let i = 0; i < values.length; i += 1000) {
      const inserted = await trx
        .insertInto("redFlagHits")
        .values(values.slice(i, i + 1000))
        .returning("id")
        .execute();
      for (const r of inserted) ids.push(Number(r.id));
    }
    await storeOfficeQueues(trx, offices, hits, values, ids, projects, now);
    return hits.length;
  });
}

/** Every regulator office with its scope (region prefix and service items). */
async function regulatorOffices(db: Kysely<DB>) {
  const [orgs, items] = await Promise.all([
    db.selectFrom("organizations").select(["id", "regionCode"]).where("kind", "=", "regulator").execute(),
    db.selectFrom("regulatorServiceItems").select(["regulatorId", "serviceItemId"]).execute(),
  ]);
  const byOffice = new Map<string, Set<number>>();
  for (const i of items) {
    const set = byOffice.get(i.regulatorId) ?? new Set<number>();
    set.add(i.serviceItemId);
    byOffice.set(i.regulatorId, set);
  }
  return orgs.map((o) => ({ id: o.id, prefix: regionPrefix(o.regionCode), items: byOffice.get(o.id) ?? new Set<number>() }));
}

/** How many ranked rows each office's stored queue keeps (a longer queue is ranked live). */
export const STORED_QUEUE_ROWS = 200;

/** The order of the live query: score, hits, then the subject id byte-wise (collate "C"). */
const byRisk = (a: RiskRow, b: RiskRow) =>
  b.score - a.score || b.hits - a.hits || (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0);

/**
 * For each office: which hits fall in its scope (an item of its and a region under it, as officeHitsWhere
 * says) and its queue ranked by rankRisks, stored in the refresh's transaction. A project's value is its
 * award, else its ceiling, as in the live query.
 */
async function storeOfficeQueues(
  trx: Transaction<DB>,
  offices: Awaited<ReturnType<typeof regulatorOffices>>,
  hits: FlagHit[],
  rows: ReturnType<typeof toRow>[],
  ids: number[],
  projects: Map<string, FlagProject>,
  now: Date,
) {
  const value = (id: string) => {
    const p = projects.get(id);
    return p?.award?.priceFen ?? p?.ceilingFen ?? 0;
  };
  for (const office of offices) {
    const inScope: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.itemIds.some((it) => office.items.has(it)) && r.regionCodes.some((rc) => rc.startsWith(office.prefix))) inScope.push(i);
    }
    for (let i = 0; i < inScope.length; i += 5000) {
      await trx
        .insertInto("redFlagOfficeHits")
        .values(
          inScope
            .slice(i, i + 5000)
            .map((k) => ({ officeId: office.id, hitId: ids[k]!, flag: rows[k]!.flag, valueFen: rows[k]!.valueFen })),
        )
        .execute();
    }
    const ranked = rankRisks(
      inScope.map((k) => hits[k]!),
      value,
    ).sort(byRisk);
    const top = ranked.slice(0, STORED_QUEUE_ROWS);
    if (top.length) {
      await trx
        .insertInto("riskQueueRows")
        .values(
          top.map((r, i) => ({
            officeId: office.id,
            rank: i + 1,
            subjectType: r.subjectType,
            subjectId: r.subjectId,
            hits: r.hits,
            flags: [...r.flags].sort(),
            valueFen: r.valueFen,
            score: r.score,
          })),
        )
        .execute();
    }
    await trx.insertInto("riskQueueOffices").values({ officeId: office.id, refreshedAt: now, subjects: ranked.length }).execute();
  }
}

function toRow(h: FlagHit, projects: Map<string, FlagProject>, now: Date) {
  const ps = h.projectIds.map((id) => projects.get(id)).filter((p): p is FlagProject => !!p);
  return {
    flag: h.flag,
    subjectType: h.subjectType,
    subjectId: h.subjectId,
    projectIds: h.projectIds,
    agencyIds: h.agencyIds,
    regionCodes: [...new Set(ps.map((p) => p.regionCode))],
    itemIds: [...new Set(ps.map((p) => p.serviceItemId))],
    valueFen: h.valueFen,
    facts: JSON.stringify(h.facts),
    detectedAt: now,
  };
}

/** The hits an office sees: those touching its items inside its region. */
function officeHitsWhere(office: { id: string; regionCode: string }) {
  const prefix = `${regionPrefix(office.regionCode)}%`;
  return sql<boolean>`h.item_ids && array(select service_item_id from regulator_service_items where regulator_id = ${office.id}::uuid)
    and exists (select 1 from unnest(h.region_codes) rc where rc like ${prefix})`;
}

function officeHits(db: Kysely<DB>, office: { id: string; regionCode: string }) {
  return db.selectFrom("redFlagHits as h").selectAll("h").where(officeHitsWhere(office));
}

export async function listOfficeHits(
  db: Kysely<DB>,
  viewer: Viewer,
  filter: { flag?: string; subjectType?: string; subjectId?: string; projectId?: string } = {},
) {
  const office = requireRegulator(viewer).org;
  // The office's scope as the last refresh stored it; an office newer than that is matched live.
  const stored = await db.selectFrom("riskQueueOffices").select("officeId").where("officeId", "=", office.id).executeTakeFirst();
  if (stored && filter.flag && !filter.subjectType && !filter.subjectId && !filter.projectId) {
    return db
      .selectFrom("redFlagOfficeHits as oh")
      .innerJoin("redFlagHits as h", "h.id", "oh.hitId")
      .selectAll("h")
      .where("oh.officeId", "=", office.id)
      .where("oh.flag", "=", filter.flag)
      .orderBy("oh.valueFen", "desc")
      .limit(500)
      .execute();
  }
  let q = officeHits(db, office);
  if (filter.flag) q = q.where("h.flag", "=", filter.flag);
  if (filter.subjectType) q = q.where("h.subjectType", "=", filter.subjectType);
  if (filter.subjectId) q = q.where("h.subjectId", "=", filter.subjectId);
  if (filter.projectId) q = q.where(sql<boolean>`h.project_ids @> array[${filter.projectId}]::uuid[]`);
  return q.orderBy("h.valueFen", "desc").limit(500).execute();
}

/**
 * The risk queue for an office: projects, agencies and owners ranked by hits × value, with names and the
 * flags behind each row, and the number of hits per flag. `rankRisks` (flags.rules.ts) is the formula;
 * this is the same ranking done by the database, so the queue costs one query however many hits there
 * are (the integration tests check that both agree).
 */
export async function riskQueue(db: Kysely<DB>, viewer: Viewer, limit = 50) {
  const office = requireRegulator(viewer).org;
  const stored = await db.selectFrom("riskQueueOffices").selectAll().where("officeId", "=", office.id).executeTakeFirst();
  if (stored && limit <= STORED_QUEUE_ROWS) {
    const [ranked, perFlag] = await Promise.all([
      sql<{
        subjectType: RiskRow["subjectType"];
        subjectId: string;
        hits: number;
        flags: FlagCode[];
        valueFen: number;
        score: number;
        name: string | null;
      }>`
        select q.subject_type as "subjectType", q.subject_id as "subjectId", q.hits, q.flags, q.value_fen::float8 as "valueFen", q.score,
               case when q.subject_type = 'project' then (select title from projects where id = q.subject_id::uuid) else (select name from organizations where id = q.subject_id::uuid) end as name
        from risk_queue_rows q where q.office_id = ${office.id}::uuid order by q.rank limit ${limit}`.execute(db),
      db
        .selectFrom("redFlagOfficeHits")
        .select(["flag", sql<number>`count(*)::int`.as("n")])
        .where("officeId", "=", office.id)
        .groupBy("flag")
        .execute(),
    ]);
    return {
      rows: ranked.rows.map((r) => ({ ...r, valueFen: Number(r.valueFen), score: Number(r.score), name: r.name ?? r.subjectId })),
      counts: Object.fromEntries(perFlag.map((r) => [r.flag, Number(r.n)])) as Partial<Record<FlagCode, number>>,
      refreshedAt: new Date(stored.refreshedAt),
    };
  }
  // Ranked live (an office created since the last refresh, or a longer list than is stored).
  const [ranked, perFlag] = await Promise.all([
    sql<{
      subjectType: RiskRow["subjectType"];
      subjectId: string;
      hits: number;
      flags: FlagCode[];
      valueFen: number;
      score: number;
      name: string | null;
    }>`
      with h as materialized (select h.flag, h.subject_type, h.subject_id, h.project_ids, h.agency_ids from red_flag_hits h where ${officeHitsWhere(office)}),
      s as (
        select flag, subject_type, subject_id, project_ids from h where subject_type in ('project', 'owner')
        union all
        select h.flag, 'agency', a::text, h.project_ids from h cross join lateral unnest(h.agency_ids) a
      ),
      agg as (select subject_type, subject_id, count(*)::int as hits, array_agg(distinct flag order by flag) as flags from s group by 1, 2),
      sp as (select distinct s.subject_type, s.subject_id, pid from s cross join lateral unnest(s.project_ids) pid),
      pv as (
        select p.id, coalesce((select a.price_fen from awards a where a.project_id = p.id and a.status <> 'annulled' order by a.awarded_at desc limit 1), p.price_ceiling_fen, 0) as v
        from projects p where p.id in (select distinct pid from sp)
      ),
      val as (select sp.subject_type, sp.subject_id, sum(pv.v)::bigint as value_fen from sp join pv on pv.id = sp.pid group by 1, 2),
      top as (
        select agg.subject_type, agg.subject_id, agg.hits, agg.flags, coalesce(val.value_fen, 0)::bigint as value_fen,
               agg.hits * greatest(1, coalesce(val.value_fen, 0) / 100.0) as score
        from agg left join val using (subject_type, subject_id)
        order by score desc, hits desc, subject_id collate "C" limit ${limit}
      )
      select top.subject_type as "subjectType", top.subject_id as "subjectId", top.hits, top.flags, top.value_fen::float8 as "valueFen", top.score::float8 as score,
             case when top.subject_type = 'project' then (select title from projects where id = top.subject_id::uuid) else (select name from organizations where id = top.subject_id::uuid) end as name
      from top order by top.score desc, top.hits desc, top.subject_id collate "C"`.execute(db),
    sql<{
      flag: string;
      n: number;
      at: Date | null;
    }>`select h.flag, count(*)::int as n, max(h.detected_at) as at from red_flag_hits h where ${officeHitsWhere(office)} group by 1`.execute(
      db,
    ),
  ]);
  const counts = Object.fromEntries(perFlag.rows.map((r) => [r.flag, Number(r.n)])) as Partial<Record<FlagCode, number>>;
  const refreshedAt =
    perFlag.rows.reduce<Date | null>((m, r) => (r.at && (!m || new Date(r.at) > m) ? new Date(r.at) : m), null) ?? (await lastRefresh(db));
  return {
    rows: ranked.rows.map((r) => ({ ...r, valueFen: Number(r.valueFen), score: Number(r.score), name: r.name ?? r.subjectId })),
    counts,
    refreshedAt,
  };
}

/** When the hits were last evaluated (any office's). */
async function lastRefresh(db: Kysely<DB>): Promise<Date | null> {
  const r = await db
    .selectFrom("redFlagHits")
    .select(sql<Date | null>`max(detected_at)`.as("at"))
    .executeTakeFirst();
  return r?.at ? new Date(r.at) : null;
}

/** A regulator administrator tunes a flag (enabled, parameters within sane bounds); audited; hits refresh. */
export async function saveFlagSetting(
  db: Kysely<DB>,
  viewer: Viewer,
  code: string,
  input: { enabled: boolean; params: Record<string, number> },
) {
  const office = requireRegulatorAdmin(viewer).org;
  const def = flagDefinition(code);
  if (!def) throw notFound();
  const params: FlagParams = {};
  for (const key of Object.keys(def.defaults)) {
    const v = input.params[key];
    if (v == null || !Number.isFinite(v) || v < 0 || v > 1_000_000) throw new DomainError("param", "errors.flag.param", key);
    params[key] = v;
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("redFlagSettings")
      .values({ flag: def.code, enabled: input.enabled, params: JSON.stringify(params), updatedBy: viewer.userId })
      .onConflict((oc) =>
        oc
          .column("flag")
          .doUpdateSet({ enabled: input.enabled, params: JSON.stringify(params), updatedBy: viewer.userId, updatedAt: sql<Date>`now()` }),
      )
      .execute();
    await recordAudit(trx, {
      action: "flag.tuned",
      subjectType: "redFlag",
      subjectId: def.code,
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { enabled: input.enabled, params },
    });
  });
  await refreshFlagHits(db);
}

/** Titles of projects named by hits (for links). */
export async function projectTitles(db: Kysely<DB>, ids: string[]): Promise<Record<string, string>> {
  const unique = [...new Set(ids)].slice(0, 2000);
  if (!unique.length) return {};
  const rows = await db.selectFrom("projects").select(["id", "title"]).where("id", "in", unique).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.title]));
}
