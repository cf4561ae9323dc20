import { isUuid } from "~/lib/ids";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import type { ProjectState } from "~/modules/procurement/projects.rules";
import { readEnv } from "~/server/env.server";
import {
  RELEASE_ACTIONS,
  ocidOf,
  recordPackage,
  releasePackage,
  replay,
  buildRelease,
  type OcdsConfig,
  type OrgFacts,
  type ProjectEvent,
  type ProjectFacts,
} from "./ocds.rules";

let settings: { prefix: string; publicUrl: string | undefined } | undefined;

/** The ocid prefix (OCDS_OCID_PREFIX) and the public origin: PUBLIC_URL, else APP_ORIGIN, else the request's. */
export function openDataConfig(request: Request): OcdsConfig {
  if (!settings) {
    const env = readEnv();
    settings = { prefix: env.OCDS_OCID_PREFIX, publicUrl: env.PUBLIC_URL ?? env.APP_ORIGIN };
  }
  const baseUrl = (settings.publicUrl ?? new URL(request.url).origin).replace(/\/+$/, "");
  return { ocidPrefix: settings.prefix, baseUrl };
}

async function orgsById(db: Kysely<DB>, ids: string[]): Promise<Record<string, OrgFacts>> {
  if (!ids.length) return {};
  // Public identity of an organisation only: never its people, contacts or address.
  const rows = await db
    .selectFrom("organizations as o")
    .leftJoin("regions as r", "r.code", "o.regionCode")
    .select(["o.id", "o.name", "o.creditCode", "r.name as regionName"])
    .where("o.id", "in", [...new Set(ids)])
    .execute();
  return Object.fromEntries(rows.map((r) => [r.id, { id: r.id, name: r.name, creditCode: r.creditCode, regionName: r.regionName }]));
}

/**
 * The public facts of published projects, a handful of queries for any number of them. Bids are read only
 * through the opened_bids view, exactly as the project page does: before the deadline it returns none.
 */
export async function loadProjectFacts(db: Kysely<DB>, projectIds: string[]): Promise<Map<string, ProjectFacts>> {
  const ids = [...new Set(projectIds)].filter(isUuid);
  const out = new Map<string, ProjectFacts>();
  if (!ids.length) return out;
  const projects = await db
    .selectFrom("projects as p")
    .innerJoin("organizations as o", "o.id", "p.ownerOrgId")
    .innerJoin("serviceItems as i", "i.id", "p.serviceItemId")
    .leftJoin("regions as orr", "orr.code", "o.regionCode")
    .select([
      "p.id",
      "p.title",
      "p.description",
      "p.deliverables",
      "p.status",
      "p.selectionMethod",
      "p.priceCeilingFen",
      "p.priceFloorFen",
      "p.priceWeight",
      "p.technicalWeight",
      "p.creditWeight",
      "p.publishedAt",
      "p.bidDeadline",
      "p.updatedAt",
      "i.code as itemCode",
      "i.nameZh as itemNameZh",
      "i.nameEn as itemNameEn",
      "o.id as ownerId",
      "o.name as ownerName",
      "o.creditCode as ownerCreditCode",
      "orr.name as ownerRegionName",
      sql<boolean>`coalesce(p.bid_deadline <= now(), false)`.as("deadlinePassed"),
    ])
    .where("p.id", "in", ids)
    .where("p.status", "<>", "draft")
    .where("p.publishedAt", "is not", null)
    .execute();
  if (!projects.length) return out;
  const found = projects.map((p) => p.id);
  const [attachments, bids, awards, contracts, amendments, cancellations] = await Promise.all([
    db
      .selectFrom("projectAttachments as a")
      .innerJoin("files as f", "f.id", "a.fileId")
      .select(["a.id", "a.projectId", "a.title", "a.fileId", "f.mime"])
      .where("a.projectId", "in", found)
      .where("a.confidential", "=", false)
      .orderBy("a.createdAt")
      .orderBy("a.id")
      .execute(),
    db
      .selectFrom("openedBids as b")
      .select(["b.id", "b.projectId", "b.agencyId", "b.priceFen", "b.status", "b.submittedAt"])
      .where("b.projectId", "in", found)
      .where("b.status", "in", ["submitted", "invalid"])
      .orderBy("b.priceFen")
      .orderBy("b.id")
      .execute(),
    db
      .selectFrom("awards")
      .select(["id", "projectId", "agencyOrgId", "priceFen", "status", "awardedAt", "finalizedAt", "bidId"])
      .where("projectId", "in", found)
      .orderBy("awardedAt")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("contracts")
      .select([
        "id",
        "projectId",
        "awardId",
        "agencyId",
        "amountFen",
        "signedOn",
        "dueOn",
        "status",
        "deliveredAt",
        "completedAt",
        "terminatedAt",
        "lateWorkdays",
        "createdAt",
      ])
      .where("projectId", "in", found)
      .execute(),
    db
      .selectFrom("projectAmendments")
      .select(["id", "projectId", "revision", "changes", "amendedAt"])
      .where("projectId", "in", found)
      .orderBy("revision")
      .execute(),
    db
      .selectFrom("projectCancellations")
      .select(["projectId", "ground", "explanation", "stage", "cancelledAt"])
      .where("projectId", "in", found)
      .execute(),
  ]);
  const deliveries = contracts.length
    ? await db
        .selectFrom("deliveries")
        .select(["contractId", "status", "submittedAt", "decidedAt"])
        .where(
          "contractId",
          "in",
          contracts.map((c) => c.id),
        )
        .orderBy("submittedAt")
        .orderBy("id")
        .execute()
    : [];
  const orgs = await orgsById(db, [
    ...bids.map((b) => b.agencyId!),
    ...awards.map((a) => a.agencyOrgId),
    ...contracts.map((c) => c.agencyId),
  ]);
  for (const p of projects) {
    const contract = contracts.find((c) => c.projectId === p.id) ?? null;
    out.set(p.id, {
      id: p.id,
      title: p.title,
      description: p.description,
      deliverables: p.deliverables,
      status: p.status as ProjectState,
      selectionMethod: p.selectionMethod,
      priceCeilingFen: p.priceCeilingFen,
      priceFloorFen: p.priceFloorFen,
      priceWeight: p.priceWeight,
      technicalWeight: p.technicalWeight,
      creditWeight: p.creditWeight,
      publishedAt: p.publishedAt,
      bidDeadline: p.bidDeadline,
      updatedAt: p.updatedAt,
      deadlinePassed: p.deadlinePassed,
      item: { code: p.itemCode, nameZh: p.itemNameZh, nameEn: p.itemNameEn },
      owner: { id: p.ownerId, name: p.ownerName, creditCode: p.ownerCreditCode, regionName: p.ownerRegionName },
      attachments: attachments.filter((a) => a.projectId === p.id).map(({ projectId: _p, ...a }) => a),
      amendments: amendments
        .filter((a) => a.projectId === p.id)
        .map((a) => ({
          id: a.id,
          revision: a.revision,
          date: a.amendedAt,
          fields: ((typeof a.changes === "string" ? JSON.parse(a.changes) : a.changes) as { field: string }[]).map((c) => c.field),
        })),
      cancellation: cancellations.find((c) => c.projectId === p.id) ?? null,
      // A view's columns are nullable to the type generator; these are the bids table's NOT NULL columns.
      bids: bids
        .filter((b) => b.projectId === p.id)
        .map((b) => ({ id: b.id!, agencyId: b.agencyId!, priceFen: b.priceFen!, status: b.status!, submittedAt: b.submittedAt! })),
      awards: awards
        .filter((a) => a.projectId === p.id)
        .map((a) => ({
          id: a.id,
          agencyId: a.agencyOrgId,
          priceFen: a.priceFen,
          status: a.status,
          awardedAt: a.awardedAt,
          finalizedAt: a.finalizedAt,
          bidId: a.bidId,
        })),
      contract: contract && {
        id: contract.id,
        awardId: contract.awardId,
        agencyId: contract.agencyId,
        amountFen: contract.amountFen,
        signedOn: contract.signedOn,
        dueOn: contract.dueOn,
        status: contract.status,
        deliveredAt: contract.deliveredAt,
        completedAt: contract.completedAt,
        terminatedAt: contract.terminatedAt,
        lateWorkdays: contract.lateWorkdays,
        createdAt: contract.createdAt,
      },
      deliveries: contract ? deliveries.filter((d) => d.contractId === contract.id).map(({ contractId: _c, ...d }) => d) : [],
      orgs,
    });
  }
  return out;
}

/** The release-making events of some projects, oldest first, up to an event id. */
async function projectEvents(db: Kysely<DB>, projectIds: string[], uptoId?: number): Promise<Map<string, ProjectEvent[]>> {
  const out = new Map<string, ProjectEvent[]>();
  if (!projectIds.length) return out;
  let q = db
    .selectFrom("auditEvents")
    .select(["id", "subjectId", "action", "occurredAt", "data"])
    .where("subjectType", "=", "project")
    .where("subjectId", "in", projectIds)
    .where("action", "in", [...RELEASE_ACTIONS]);
  if (uptoId != null) q = q.where("id", "<=", uptoId);
  for (const e of await q.orderBy("id").execute()) {
    const list = out.get(e.subjectId) ?? [];
    list.push({ id: e.id, action: e.action, occurredAt: e.occurredAt, data: e.data });
    out.set(e.subjectId, list);
  }
  return out;
}

/**
 * One page of the change feed: the releases made by the audited events after `after` (an audit event id),
 * in id order. Ids are assigned under the audit chain's lock and committed in that order, so a cursor never
 * skips an event that commits later. Each page reads at most `limit` events, the facts of their projects
 * and those projects' earlier events (to replay their state): memory is bounded by the page, not the table.
 */
export async function releaseFeedPage(
  db: Kysely<DB>,
  cfg: OcdsConfig,
  opts: { after: number; limit: number; selfUrl: string },
  now = new Date(),
) {
  const events = await db
    .selectFrom("auditEvents")
    .select(["id", "subjectId"])
    .where("id", ">", opts.after)
    .where("subjectType", "=", "project")
    .where("action", "in", [...RELEASE_ACTIONS])
    .orderBy("id")
    .limit(opts.limit)
    .execute();
  const releases: Record<string, unknown>[] = [];
  let last = opts.after;
  if (events.length) {
    last = events[events.length - 1]!.id;
    const projectIds = [...new Set(events.map((e) => e.subjectId))].filter(isUuid);
    const [facts, history] = await Promise.all([loadProjectFacts(db, projectIds), projectEvents(db, projectIds, last)]);
    const byEvent = new Map<number, Record<string, unknown>>();
    for (const [id, f] of facts) {
      const ocid = ocidOf(cfg.ocidPrefix, id);
      for (const r of replay(f, history.get(id) ?? [])) {
        if (r.eventId > opts.after)
          byEvent.set(r.eventId, buildRelease(f, r.snapshot, { id: `${ocid}-${r.eventId}`, date: r.date, tags: r.tags }, cfg));
      }
    }
    for (const e of events) {
      const r = byEvent.get(e.id);
      if (r) releases.push(r);
    }
  }
  const next = new URL(opts.selfUrl);
  next.searchParams.set("after", String(last));
  next.searchParams.set("limit", String(opts.limit));
  return {
    package: releasePackage(releases, { uri: opts.selfUrl, publishedDate: now, next: next.toString() }, cfg),
    next: last,
    count: releases.length,
  };
}

/** The record package of one published project (by id or ocid), or null. */
export async function projectRecord(db: Kysely<DB>, cfg: OcdsConfig, idOrOcid: string, selfUrl: string, now = new Date()) {
  const id = idOrOcid.startsWith(`${cfg.ocidPrefix}-`) ? idOrOcid.slice(cfg.ocidPrefix.length + 1) : idOrOcid;
  if (!isUuid(id)) return null;
  const facts = (await loadProjectFacts(db, [id])).get(id);
  if (!facts) return null;
  const events = (await projectEvents(db, [id])).get(id) ?? [];
  return recordPackage(facts, events, { uri: selfUrl, publishedDate: now }, cfg);
}

/** The most recently published project, for the example links on /open-data. */
export async function latestPublishedProjectId(db: Kysely<DB>): Promise<string | null> {
  const row = await db
    .selectFrom("projects")
    .select("id")
    .where("status", "<>", "draft")
    .where("publishedAt", "is not", null)
    .orderBy("publishedAt", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}
