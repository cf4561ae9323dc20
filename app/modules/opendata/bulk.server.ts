import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import type { ProjectState } from "~/modules/procurement/projects.rules";
import { lastDay, sanctionState } from "~/modules/trust/sanctions.rules";
import { csvLine } from "~/lib/csv";
import { publicSanctionsQuery } from "~/modules/trust/sanctions.server";
import {
  CURRENCY,
  DATASETS,
  fenToAmount,
  fenToYuanString,
  ocidOf,
  procurementMethod,
  tenderStatus,
  type BulkFormat,
  type Dataset,
  type OcdsConfig,
} from "./ocds.rules";
import { beijingDate } from "~/lib/beijing-calendar";

/**
 * Bulk downloads of the public record, as JSON lines or CSV, streamed: a ReadableStream pulls one page
 * of rows at a time by keyset (id > last id, in id order, on a primary key or the agencies' index), so a
 * download holds one page in memory whatever the size of the table, and a slow reader slows the queries
 * down instead of filling memory. Each page is its own query (no long transaction, which on PGlite would
 * hold the only connection): a row changed during a download appears as it was when its page was read.
 */

export const BULK_PAGE_SIZE = 1000;

/** Money in a row: a decimal number in JSON, the exact decimal string in CSV. */
class Yuan {
  constructor(readonly fen: number) {}
}
type Cell = string | number | boolean | null | string[] | Yuan;
type Row = Record<string, Cell>;

/** Reasons the platform records are codes (tooFewBids, contractTerminated …); an owner's own words are not published here. */
const reasonCode = (r: string | null) => (r && /^[A-Za-z][A-Za-z0-9_:-]*(,[A-Za-z][A-Za-z0-9_:-]*)*$/.test(r) ? r : null);
const yuan = (fen: number | null) => (fen == null ? null : new Yuan(fen));
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

interface Spec {
  columns: string[];
  page(db: Kysely<DB>, after: string | null, limit: number, cfg: OcdsConfig, now: Date): Promise<{ rows: Row[]; last: string | null }>;
}

function lastId<T extends { id: string }>(rows: T[]): string | null {
  return rows.length ? rows[rows.length - 1]!.id : null;
}

const projects: Spec = {
  columns: [
    "id",
    "ocid",
    "title",
    "status",
    "tender_status",
    "status_reason",
    "selection_method",
    "procurement_method",
    "service_item_code",
    "service_item_name",
    "region_code",
    "region_name",
    "buyer_name",
    "buyer_credit_code",
    "government_funded",
    "price_ceiling_amount",
    "price_floor_amount",
    "currency",
    "published_at",
    "bid_deadline",
    "opened_at",
    "number_of_tenderers",
    "url",
    "record_url",
  ],
  async page(db, after, limit, cfg) {
    let q = db
      .selectFrom("projects as p")
      .innerJoin("organizations as o", "o.id", "p.ownerOrgId")
      .innerJoin("serviceItems as i", "i.id", "p.serviceItemId")
      .innerJoin("regions as r", "r.code", "p.regionCode")
      .select([
        "p.id",
        "p.title",
        "p.status",
        "p.statusReason",
        "p.selectionMethod",
        "p.regionCode",
        "p.governmentFunded",
        "p.priceCeilingFen",
        "p.priceFloorFen",
        "p.publishedAt",
        "p.bidDeadline",
        "p.openedAt",
        "i.code as itemCode",
        "i.nameZh as itemName",
        "r.name as regionName",
        "o.name as ownerName",
        "o.creditCode as ownerCreditCode",
        sql<boolean>`exists (select 1 from contracts c where c.project_id = p.id)`.as("hasContract"),
        // Only through the view: nothing before the deadline, the count once bidding has closed.
        sql<
          number | null
        >`case when p.bid_deadline <= now() and p.status not in ('draft', 'published', 'bidding') and p.selection_method <> 'direct'
          then (select count(distinct ob.agency_id)::int from opened_bids ob where ob.project_id = p.id and ob.status in ('submitted', 'invalid')) end`.as(
          "tenderers",
        ),
      ])
      .where("p.status", "<>", "draft");
    if (after) q = q.where("p.id", ">", after);
    const rows = await q.orderBy("p.id").limit(limit).execute();
    return {
      last: lastId(rows),
      rows: rows.map((p) => ({
        id: p.id,
        ocid: ocidOf(cfg.ocidPrefix, p.id),
        title: p.title,
        status: p.status,
        tender_status: tenderStatus(p.status as ProjectState, p.hasContract),
        status_reason: reasonCode(p.statusReason),
        selection_method: p.selectionMethod,
        procurement_method: procurementMethod(p.selectionMethod),
        service_item_code: p.itemCode,
        service_item_name: p.itemName,
        region_code: p.regionCode,
        region_name: p.regionName,
        buyer_name: p.ownerName,
        buyer_credit_code: p.ownerCreditCode,
        government_funded: p.governmentFunded,
        price_ceiling_amount: yuan(p.priceCeilingFen),
        price_floor_amount: yuan(p.priceFloorFen),
        currency: CURRENCY,
        published_at: isoOrNull(p.publishedAt),
        bid_deadline: isoOrNull(p.bidDeadline),
        opened_at: isoOrNull(p.openedAt),
        number_of_tenderers: p.tenderers,
        url: `${cfg.baseUrl}/projects/${p.id}`,
        record_url: `${cfg.baseUrl}/ocds/records/${p.id}`,
      })),
    };
  },
};

/** An award's OCDS status now: annulled, or its process ended without a contract → cancelled. */
function awardStatusNow(a: { status: string; projectStatus: string; hasContract: boolean }) {
  if (a.status === "annulled" || ((a.projectStatus === "failed" || a.projectStatus === "cancelled") && !a.hasContract)) return "cancelled";
  return a.status === "final" || a.hasContract ? "active" : "pending";
}

const awards: Spec = {
  columns: [
    "id",
    "project_id",
    "ocid",
    "status",
    "ocds_status",
    "supplier_name",
    "supplier_credit_code",
    "value_amount",
    "currency",
    "awarded_at",
    "publicity_ends_at",
    "finalized_at",
    "annulled_reason",
  ],
  async page(db, after, limit, cfg) {
    let q = db
      .selectFrom("awards as a")
      .innerJoin("projects as p", "p.id", "a.projectId")
      .innerJoin("organizations as s", "s.id", "a.agencyOrgId")
      .select([
        "a.id",
        "a.projectId",
        "a.status",
        "a.priceFen",
        "a.awardedAt",
        "a.publicityEndsAt",
        "a.finalizedAt",
        "a.annulledReason",
        "p.status as projectStatus",
        "s.name",
        "s.creditCode",
        sql<boolean>`exists (select 1 from contracts c where c.award_id = a.id)`.as("hasContract"),
      ])
      .where("p.status", "<>", "draft");
    if (after) q = q.where("a.id", ">", after);
    const rows = await q.orderBy("a.id").limit(limit).execute();
    return {
      last: lastId(rows),
      rows: rows.map((a) => ({
        id: a.id,
        project_id: a.projectId,
        ocid: ocidOf(cfg.ocidPrefix, a.projectId),
        status: a.status,
        ocds_status: awardStatusNow(a),
        supplier_name: a.name,
        supplier_credit_code: a.creditCode,
        value_amount: yuan(a.priceFen),
        currency: CURRENCY,
        awarded_at: a.awardedAt.toISOString(),
        publicity_ends_at: isoOrNull(a.publicityEndsAt),
        finalized_at: isoOrNull(a.finalizedAt),
        annulled_reason: reasonCode(a.annulledReason),
      })),
    };
  },
};

const contracts: Spec = {
  columns: [
    "id",
    "project_id",
    "ocid",
    "award_id",
    "supplier_name",
    "supplier_credit_code",
    "buyer_name",
    "buyer_credit_code",
    "value_amount",
    "currency",
    "signed_on",
    "due_on",
    "status",
    "ocds_status",
    "delivered_at",
    "completed_at",
    "late_workdays",
    "terminated_at",
  ],
  async page(db, after, limit, cfg) {
    let q = db
      .selectFrom("contracts as c")
      .innerJoin("organizations as s", "s.id", "c.agencyId")
      .innerJoin("organizations as b", "b.id", "c.ownerOrgId")
      .select([
        "c.id",
        "c.projectId",
        "c.awardId",
        "c.amountFen",
        "c.signedOn",
        "c.dueOn",
        "c.status",
        "c.deliveredAt",
        "c.completedAt",
        "c.lateWorkdays",
        "c.terminatedAt",
        "s.name as supplierName",
        "s.creditCode as supplierCode",
        "b.name as buyerName",
        "b.creditCode as buyerCode",
      ]);
    if (after) q = q.where("c.id", ">", after);
    const rows = await q.orderBy("c.id").limit(limit).execute();
    return {
      last: lastId(rows),
      rows: rows.map((c) => ({
        id: c.id,
        project_id: c.projectId,
        ocid: ocidOf(cfg.ocidPrefix, c.projectId),
        award_id: c.awardId,
        supplier_name: c.supplierName,
        supplier_credit_code: c.supplierCode,
        buyer_name: c.buyerName,
        buyer_credit_code: c.buyerCode,
        value_amount: yuan(c.amountFen),
        currency: CURRENCY,
        signed_on: c.signedOn,
        due_on: c.dueOn,
        status: c.status,
        ocds_status: c.status === "signed" || c.status === "delivered" ? "active" : "terminated",
        delivered_at: isoOrNull(c.deliveredAt),
        completed_at: isoOrNull(c.completedAt),
        late_workdays: c.lateWorkdays,
        terminated_at: isoOrNull(c.terminatedAt),
      })),
    };
  },
};

/** The agencies' public profile fields only: never the legal representative, address or contacts. */
const agencies: Spec = {
  columns: [
    "id",
    "name",
    "credit_code",
    "region_code",
    "region_name",
    "business_scope",
    "registered_at",
    "pledge_signed_at",
    "credit_grade",
    "credit_score",
    "credit_formula_version",
    "credit_computed_at",
    "profile_url",
  ],
  async page(db, after, limit, cfg) {
    let q = db
      .selectFrom("organizations as o")
      .innerJoin("regions as r", "r.code", "o.regionCode")
      .leftJoin("creditScores as cs", "cs.agencyId", "o.id")
      .select([
        "o.id",
        "o.name",
        "o.creditCode",
        "o.regionCode",
        "r.name as regionName",
        "o.businessScope",
        "o.createdAt",
        "o.pledgeSignedAt",
        "cs.grade",
        "cs.scoreCenti",
        "cs.formulaVersion",
        "cs.computedAt",
      ])
      .where("o.kind", "=", "agency");
    if (after) q = q.where("o.id", ">", after);
    const rows = await q.orderBy("o.id").limit(limit).execute();
    return {
      last: lastId(rows),
      rows: rows.map((o) => ({
        id: o.id,
        name: o.name,
        credit_code: o.creditCode,
        region_code: o.regionCode,
        region_name: o.regionName,
        business_scope: o.businessScope,
        registered_at: o.createdAt.toISOString(),
        pledge_signed_at: isoOrNull(o.pledgeSignedAt),
        credit_grade: o.grade,
        // Stored in hundredths: the published score with two decimals, exactly (same arithmetic as fen).
        credit_score: o.scoreCenti == null ? null : fenToAmount(o.scoreCenti),
        credit_formula_version: o.formulaVersion,
        credit_computed_at: isoOrNull(o.computedAt),
        profile_url: `${cfg.baseUrl}/agencies/${o.id}`,
      })),
    };
  },
};

/** The public blacklist (every state), with the columns of /blacklist.csv. */
const sanctions: Spec = {
  columns: [
    "id",
    "type",
    "state",
    "subject_name",
    "credit_code",
    "affiliates",
    "scope_regions",
    "scope_items",
    "starts_on",
    "ends_on",
    "lifted_at",
    "issuer",
    "source",
    "decision_ref",
    "legal_basis",
    "grounds",
    "url",
  ],
  async page(db, after, limit, cfg, now) {
    let q = publicSanctionsQuery(db, {}, now).clearOrderBy();
    if (after) q = q.where("s.id", ">", after);
    const rows = await q.orderBy("s.id").limit(limit).execute();
    return {
      last: lastId(rows),
      rows: rows.map((s) => {
        const subject = s.subjects.find((x) => x.relation === "subject");
        return {
          id: s.id,
          type: s.type,
          state: sanctionState(s, now),
          subject_name: s.subjectName,
          credit_code: subject?.creditCode ?? null,
          affiliates: s.subjects.filter((x) => x.relation !== "subject").map((x) => `${x.creditCode}:${x.relation}`),
          scope_regions: s.scopeRegions,
          scope_items: s.scopeItems.map(String),
          starts_on: beijingDate(s.startsAt),
          ends_on: lastDay(s.endsAt),
          lifted_at: isoOrNull(s.liftedAt),
          issuer: s.source === "reciprocal" ? s.externalAuthority : s.issuerName,
          source: s.source,
          decision_ref: s.decisionRef,
          legal_basis: s.legalBasis,
          grounds: s.grounds,
          url: `${cfg.baseUrl}/sanctions/${s.id}`,
        };
      }),
    };
  },
};

const SPECS: Record<Dataset, Spec> = { projects, awards, contracts, agencies, sanctions };

export function datasetColumns(dataset: Dataset): string[] {
  return SPECS[dataset].columns;
}

function jsonLine(row: Row): string {
  return `${JSON.stringify(row, (_k, v: unknown) => (v instanceof Yuan ? fenToAmount(v.fen) : v))}\n`;
}

function csvRow(columns: string[], row: Row): string {
  return csvLine(
    columns.map((c) => {
      const v = row[c];
      if (v instanceof Yuan) return fenToYuanString(v.fen);
      if (Array.isArray(v)) return v.join(" ");
      return v;
    }),
  );
}

/**
 * A dataset as a byte stream: CSV (UTF-8 with BOM for spreadsheets, a header line) or JSON lines.
 * Each pull reads one page by keyset; the stream closes after a short page.
 */
export function bulkStream(
  db: Kysely<DB>,
  dataset: Dataset,
  format: BulkFormat,
  cfg: OcdsConfig,
  opts: { pageSize?: number; now?: Date } = {},
): ReadableStream<Uint8Array> {
  const spec = SPECS[dataset];
  const pageSize = opts.pageSize ?? BULK_PAGE_SIZE;
  const now = opts.now ?? new Date();
  const encoder = new TextEncoder();
  let after: string | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started && format === "csv") {
          started = true;
          controller.enqueue(encoder.encode(`\uFEFF${csvLine(spec.columns)}`));
          return;
        }
        started = true;
        const { rows, last } = await spec.page(db, after, pageSize, cfg, now);
        after = last ?? after;
        if (rows.length)
          controller.enqueue(encoder.encode(rows.map((r) => (format === "csv" ? csvRow(spec.columns, r) : jsonLine(r))).join("")));
        if (rows.length < pageSize) controller.close();
      },
    },
    // One page at a time: the next query runs only when the reader has taken the previous page.
    { highWaterMark: 0 },
  );
}

export function parseBulkFile(file: string): { dataset: Dataset; format: BulkFormat } | null {
  const m = /^([a-z]+)\.(jsonl|csv)$/.exec(file);
  if (!m || !(DATASETS as readonly string[]).includes(m[1]!)) return null;
  return { dataset: m[1] as Dataset, format: m[2] as BulkFormat };
}
