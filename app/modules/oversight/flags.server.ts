import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { beijingDate, regionPrefix } from "~/modules/agencies/regions.rules";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/accounts.server";
import { requireRegulatorAdmin } from "~/modules/trust/credit.server";
import { requireRegulator } from "~/modules/trust/supervision.server";
import { FLAGS, evaluateFlags, flagDefinition, rankRisks, type FlagCode, type FlagDataset, type FlagHit, type FlagParams, type FlagProject } from "./flags.rules";

const REFRESH_LOCK = 7_310_010;
const WINDOW_DAYS = 730;

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

/** Everything the flags read, for the projects of the last two years (published, not drafts). */
export async function loadFlagDataset(db: Kysely<DB>, now = new Date()): Promise<FlagDataset> {
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  const projects = await db
    .selectFrom("projects as p")
    .leftJoin("procedurePolicies as pol", "pol.id", "p.policyId")
    .select(["p.id", "p.ownerOrgId", "p.serviceItemId", "p.regionCode", "p.selectionMethod", "p.priceCeilingFen", "p.publishedAt", "p.bidDeadline", "p.status", "pol.directCeilingFen"])
    .where("p.status", "<>", "draft")
    .where("p.publishedAt", ">=", since)
    .execute();
  const ids = projects.map((p) => p.id);
  const map = new Map<string, FlagProject>(
    projects.map((p) => [p.id, { id: p.id, ownerOrgId: p.ownerOrgId, serviceItemId: p.serviceItemId, regionCode: p.regionCode, method: p.selectionMethod, ceilingFen: p.priceCeilingFen, publishedAt: p.publishedAt, bidDeadline: p.bidDeadline, status: p.status, bids: [], award: null, contract: null, overcharge: false, directCeilingFen: p.directCeilingFen }]),
  );
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    // Bids only as the opened-bids view shows them: nothing sealed is read.
    const [bids, awards, contracts, overcharges] = await Promise.all([
      db.selectFrom("openedBids").select(["id", "projectId", "agencyId", "priceFen", "status", "submittedAt", "updatedAt"]).where("projectId", "in", chunk).execute(),
      db.selectFrom("awards").select(["projectId", "agencyOrgId", "priceFen", "bidId", "awardedAt"]).where("status", "<>", "annulled").where("projectId", "in", chunk).execute(),
      db.selectFrom("contracts").select(["projectId", "amountFen", "dueOn", "status", "lateWorkdays"]).where("projectId", "in", chunk).execute(),
      db.selectFrom("breachEvents").select("projectId").where("kind", "=", "overcharge").where("voidedAt", "is", null).where("projectId", "in", chunk).execute(),
    ]);
    for (const b of bids) map.get(b.projectId!)?.bids.push({ id: b.id!, agencyId: b.agencyId!, priceFen: b.priceFen!, status: b.status!, submittedAt: b.submittedAt!, updatedAt: b.updatedAt! });
    for (const a of awards) map.get(a.projectId)!.award = { agencyId: a.agencyOrgId, priceFen: a.priceFen, bidId: a.bidId, awardedAt: a.awardedAt };
    for (const c of contracts) map.get(c.projectId)!.contract = { amountFen: c.amountFen, dueOn: c.dueOn, status: c.status, lateWorkdays: c.lateWorkdays };
    for (const o of overcharges) if (o.projectId) map.get(o.projectId)!.overcharge = true;
  }
  const agencyIds = [...new Set([...map.values()].flatMap((p) => [...p.bids.map((b) => b.agencyId), ...(p.award ? [p.award.agencyId] : [])]))];
  const agencies = new Map<string, FlagDataset["agencies"] extends Map<string, infer A> ? A : never>();
  for (let i = 0; i < agencyIds.length; i += 5000) {
    const rows = await db.selectFrom("organizations").select(["id", "name", "address", "contactPhone", "contactEmail", "legalRepresentative"]).where("id", "in", agencyIds.slice(i, i + 5000)).execute();
    for (const r of rows) agencies.set(r.id, { id: r.id, name: r.name, address: r.address, phone: r.contactPhone, email: r.contactEmail, legalRep: r.legalRepresentative });
  }
  return { projects: [...map.values()], agencies, today: beijingDate(now), now };
}

/**
 * Re-evaluates every flag and replaces the stored hits in one transaction. Several instances may run it:
 * the advisory lock lets one through and the others skip. Returns the number of hits (or null if skipped).
 */
export async function refreshFlagHits(db: Kysely<DB>, now = new Date()): Promise<number | null> {
  const [ds, settings] = await Promise.all([loadFlagDataset(db, now), flagSettings(db)]);
  const hits = evaluateFlags(ds, settings);
  const projects = new Map(ds.projects.map((p) => [p.id, p]));
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${REFRESH_LOCK}) as ok`.execute(trx);
    if (!rows[0]?.ok) return null;
    await trx.deleteFrom("redFlagHits").execute();
    const values = hits.map((h) => toRow(h, projects, now));
    for (let i = 0; i < values.length; i += 1000) await trx.insertInto("redFlagHits").values(values.slice(i, i + 1000)).execute();
    return hits.length;
  });
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
function officeHits(db: Kysely<DB>, office: { id: string; regionCode: string }) {
  const prefix = `${regionPrefix(office.regionCode)}%`;
  return db
    .selectFrom("redFlagHits as h")
    .selectAll("h")
    .where(sql<boolean>`h.item_ids && array(select service_item_id from regulator_service_items where regulator_id = ${office.id}::uuid)`)
    .where(sql<boolean>`exists (select 1 from unnest(h.region_codes) rc where rc like ${prefix})`);
}

export async function listOfficeHits(db: Kysely<DB>, viewer: Viewer, filter: { flag?: string; subjectType?: string; subjectId?: string; projectId?: string } = {}) {
  const office = requireRegulator(viewer).org;
  let q = officeHits(db, office);
  if (filter.flag) q = q.where("h.flag", "=", filter.flag);
  if (filter.subjectType) q = q.where("h.subjectType", "=", filter.subjectType);
  if (filter.subjectId) q = q.where("h.subjectId", "=", filter.subjectId);
  if (filter.projectId) q = q.where(sql<boolean>`h.project_ids @> array[${filter.projectId}]::uuid[]`);
  return q.orderBy("h.valueFen", "desc").limit(500).execute();
}

/**
 * The risk queue for an office: projects, agencies and owners ranked by hits × value, with names and the
 * flags behind each row.
 */
export async function riskQueue(db: Kysely<DB>, viewer: Viewer, limit = 50) {
  const office = requireRegulator(viewer).org;
  const hits = await officeHits(db, office).execute();
  const projectIds = [...new Set(hits.flatMap((h) => h.projectIds))];
  const values = new Map<string, number>();
  for (let i = 0; i < projectIds.length; i += 5000) {
    const rows = await db
      .selectFrom("projects as p")
      .leftJoin("awards as a", (j) => j.onRef("a.projectId", "=", "p.id").on("a.status", "<>", "annulled"))
      .select(["p.id", sql<number>`coalesce(a.price_fen, p.price_ceiling_fen, 0)`.as("value")])
      .where("p.id", "in", projectIds.slice(i, i + 5000))
      .execute();
    for (const r of rows) values.set(r.id, Number(r.value));
  }
  const asHits: FlagHit[] = hits.map((h) => ({ flag: h.flag as FlagCode, subjectType: h.subjectType as FlagHit["subjectType"], subjectId: h.subjectId, projectIds: h.projectIds, agencyIds: h.agencyIds, valueFen: h.valueFen, facts: h.facts as FlagHit["facts"] }));
  const ranked = rankRisks(asHits, (id) => values.get(id) ?? 0).slice(0, limit);
  const orgIds = ranked.filter((r) => r.subjectType !== "project").map((r) => r.subjectId);
  const pIds = ranked.filter((r) => r.subjectType === "project").map((r) => r.subjectId);
  const [orgs, projects] = await Promise.all([
    orgIds.length ? db.selectFrom("organizations").select(["id", "name"]).where("id", "in", orgIds).execute() : [],
    pIds.length ? db.selectFrom("projects").select(["id", "title"]).where("id", "in", pIds).execute() : [],
  ]);
  const name = new Map<string, string>([...orgs.map((o) => [o.id, o.name] as const), ...projects.map((p) => [p.id, p.title] as const)]);
  return { rows: ranked.map((r) => ({ ...r, name: name.get(r.subjectId) ?? r.subjectId })), hits, refreshedAt: hits[0]?.detectedAt ?? null };
}

/** A regulator administrator tunes a flag (enabled, parameters within sane bounds); audited; hits refresh. */
export async function saveFlagSetting(db: Kysely<DB>, viewer: Viewer, code: string, input: { enabled: boolean; params: Record<string, number> }) {
  const office = requireRegulatorAdmin(viewer).org;
  const def = flagDefinition(code);
  if (!def) throw new DomainError("not_found", "errors.notFound", "_form", {}, 404);
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
      .onConflict((oc) => oc.column("flag").doUpdateSet({ enabled: input.enabled, params: JSON.stringify(params), updatedBy: viewer.userId, updatedAt: sql<Date>`now()` }))
      .execute();
    await recordAudit(trx, { action: "flag.tuned", subjectType: "redFlag", subjectId: def.code, actorUserId: viewer.userId, actorOrgId: office.id, data: { enabled: input.enabled, params } });
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
