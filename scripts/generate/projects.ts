// Projects (项目) through their whole life, as the app's modules would have written them, one project at
// a time from the run's seed and the project's serial:
//
// - publication times follow the supply of agencies (the platform grows), in serial order, over the
//   three years before `now`; each project's owner is one that existed then (some owners post many);
//   its item is Zipf-like (a few items dominate) with the owner's own favourites; its region the
//   owner's; its ceiling from the item's typical fee; its method by realistic shares (direct only for
//   work that is not government-funded and under the policy's direct ceiling);
// - bids come only from agencies listing the item, serving the region, existing at publication,
//   qualified (a verified certificate valid at the bid), not restricted by a sanction in force, not
//   sharing the owner's legal representative — mostly from the same city and province, weighted by how
//   active each agency is; 2–5 bids for most projects, a tail to ~30, some 0–1 (流标), with times
//   crowding before the deadline and prices around 70–100 % of what the agency may ask;
// - the opening, the selection (the real zjcs-draw-v1 methods of selection.rules.ts over a committed
//   secret, so every generated draw verifies), the award with its publicity, the contract, deliveries
//   (some returned, some late), acceptance, reviews both ways, complaints, breach events, abandoned
//   awards, cancellations and terminations — each cut off at `now`, which decides the state;
// - one audit event per state change (and per award finalisation, review, complaint), chained.
//
// The bid deadline trigger (bids_before_deadline) refuses a bid unless the project row says 'bidding'
// with a future deadline, by the transaction's clock. So projects that have bids are inserted as
// 'bidding' with a deadline far ahead, their bids inserted, and the projects updated to their real state
// and deadline in the same transaction: every bid passes the trigger, on PGlite and PostgreSQL alike,
// and no trigger is disabled.
import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import type { JsonValue } from "~/modules/audit/audit.rules";
import { bidHash } from "~/modules/procurement/bids.server";
import { commitment, drawRng, drawSeed, type DrawEntry } from "~/modules/procurement/draw.rules";
import { minValidBids, type SelectionMethod } from "~/modules/procurement/projects.rules";
import {
  AVERAGE_PRICE_FACTORS_BP,
  AVERAGE_PRICE_TRIM_FROM,
  direct,
  ownerPick,
  select,
  type SelectionOutcome,
  type SelectionSpec,
  type ValidBid,
} from "~/modules/procurement/selection.rules";
import { REVEAL_DAYS, REVIEW_WINDOW_DAYS } from "~/modules/trust/reviews.rules";
import { AUDIT_COLUMNS, chainHead, chainRows, insertChained, lockChain, type AuditDraft, type ChainedRows } from "./audit";
import { WorkCalendar } from "./calendar";
import { DAY, YEAR, type BaseContext, type Item } from "./context";
import type { PhaseProgress } from "./owners";
import { cityOf, restricted, type AgencyP, type ListingP, type OwnerP, type Pools } from "./pools";
import { orderedUuid, rngFor, type Rng } from "./random";
import { prepareInsert, prepareUpdate, runPrepared, type Columns, type Prepared } from "./sql";
import * as W from "./words";

export const SALT_PROJECT = 0x9e0c7;
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Slots of orderedUuid(seed, project serial, slot): far above the agencies' (0 …) and owners' (500 …). */
const SLOT = {
  project: 10_000,
  publishKey: 10_001,
  award: 10_002,
  contract: 10_003,
  review: 10_010,
  complaint: 10_020,
  delivery: 10_030,
  breach: 10_040,
  bid: 10_100,
} as const;

export interface Policy {
  id: number;
  version: number;
  allowedMethods: string[];
  minBidsGovernment: number;
  minBidsOther: number;
  minBidsByMethod: unknown;
  minBiddingWorkdays: number;
  publicityWorkdays: number;
  signingWorkdays: number;
  directCeilingFen: number;
  priceWeightMin: number;
  priceWeightMax: number;
  technicalWeightMin: number;
  technicalWeightMax: number;
  creditWeightMin: number;
  creditWeightMax: number;
  complaintDecisionWorkdays: number;
  complaintWindowDays: number;
}

export async function nationalPolicy(db: Kysely<DB>): Promise<Policy> {
  const p = await db
    .selectFrom("procedurePolicies")
    .selectAll()
    .where("regionCode", "is", null)
    .orderBy("version", "desc")
    .executeTakeFirstOrThrow();
  return p as unknown as Policy;
}

// ───────────────────────────── distributions ─────────────────────────────

/** Bids wanted per project before supply limits: most 2–5, some 0–1, a tail to 30. */
const BID_WEIGHTS: number[] = (() => {
  const w = [3, 5, 14, 17, 15, 12, 8, 6, 4.5, 3.5, 2.5];
  let tail = 2.2;
  for (let k = 11; k <= 30; k++) {
    w.push(tail);
    tail *= 0.86;
  }
  return w;
})();
const BID_TOTAL = BID_WEIGHTS.reduce((a, b) => a + b, 0);
export const BASE_BID_MEAN = BID_WEIGHTS.reduce((s, w, k) => s + w * k, 0) / BID_TOTAL;

const METHODS: SelectionMethod[] = ["direct", "randomDraw", "lowestPrice", "averagePrice", "creditPreferred", "scored"];
const METHOD_WEIGHTS = [30, 30, 26, 12, 10, 16];
const AUTOMATIC = new Set<SelectionMethod>(["randomDraw", "lowestPrice", "averagePrice"]);

// ───────────────────────────── the batch ─────────────────────────────

/** Each table's columns in the order the builder fills its rows, with their SQL types. */
export const PROJECT_COLUMNS: Columns = [
  ["id", "uuid"],
  ["owner_org_id", "uuid"],
  ["service_item_id", "integer"],
  ["region_code", "text"],
  ["title", "text"],
  ["status", "text"],
  ["price_ceiling_fen", "bigint"],
  ["government_funded", "boolean"],
  ["published_at", "timestamptz"],
  ["bid_deadline", "timestamptz"],
  ["created_at", "timestamptz"],
  ["updated_at", "timestamptz"],
  ["description", "text"],
  ["deliverables", "text"],
  ["price_floor_fen", "bigint"],
  ["selection_method", "text"],
  ["expected_days", "integer"],
  ["policy_id", "integer"],
  ["publish_key", "uuid"],
  ["draw_commitment", "text"],
  ["price_weight", "integer"],
  ["technical_weight", "integer"],
  ["credit_weight", "integer"],
  ["status_reason", "text"],
  ["opened_at", "timestamptz"],
];
const SECRET_COLUMNS: Columns = [
  ["project_id", "uuid"],
  ["secret", "text"],
  ["revealed_at", "timestamptz"],
];
const BID_COLUMNS: Columns = [
  ["id", "uuid"],
  ["project_id", "uuid"],
  ["agency_id", "uuid"],
  ["price_fen", "bigint"],
  ["committed_days", "integer"],
  ["proposal", "text"],
  ["status", "text"],
  ["status_reason", "text"],
  ["version", "integer"],
  ["hash", "text"],
  ["submitted_at", "timestamptz"],
  ["updated_at", "timestamptz"],
];
const FINAL_STATE_COLUMNS: Columns = [
  ["id", "uuid"],
  ["status", "text"],
  ["bid_deadline", "timestamptz"],
];
const SELECTION_COLUMNS: Columns = [
  ["project_id", "uuid"],
  ["method", "text"],
  ["round", "integer"],
  ["valid_bids", "jsonb"],
  ["secret", "text"],
  ["seed", "text"],
  ["outcome", "jsonb"],
  ["created_at", "timestamptz"],
  ["credit_scores", "jsonb"],
];
const AWARD_COLUMNS: Columns = [
  ["id", "uuid"],
  ["project_id", "uuid"],
  ["agency_org_id", "uuid"],
  ["price_fen", "bigint"],
  ["status", "text"],
  ["awarded_at", "timestamptz"],
  ["bid_id", "uuid"],
  ["publicity_ends_at", "timestamptz"],
  ["finalized_at", "timestamptz"],
  ["annulled_reason", "text"],
];
const CONTRACT_COLUMNS: Columns = [
  ["id", "uuid"],
  ["project_id", "uuid"],
  ["award_id", "uuid"],
  ["agency_id", "uuid"],
  ["owner_org_id", "uuid"],
  ["amount_fen", "bigint"],
  ["committed_days", "integer"],
  ["signed_on", "date"],
  ["due_on", "date"],
  ["status", "text"],
  ["delivered_at", "timestamptz"],
  ["completed_at", "timestamptz"],
  ["late_workdays", "integer"],
  ["created_at", "timestamptz"],
  ["terminated_at", "timestamptz"],
  ["termination_reason", "text"],
];
const DELIVERY_COLUMNS: Columns = [
  ["id", "uuid"],
  ["contract_id", "uuid"],
  ["note", "text"],
  ["status", "text"],
  ["decision_reason", "text"],
  ["decided_at", "timestamptz"],
  ["submitted_at", "timestamptz"],
];
const BREACH_COLUMNS: Columns = [
  ["id", "uuid"],
  ["agency_id", "uuid"],
  ["project_id", "uuid"],
  ["kind", "text"],
  ["details", "jsonb"],
  ["occurred_at", "timestamptz"],
];
const REVIEW_COLUMNS: Columns = [
  ["id", "uuid"],
  ["contract_id", "uuid"],
  ["direction", "text"],
  ["reviewer_org_id", "uuid"],
  ["reviewer_user_id", "uuid"],
  ["subject_org_id", "uuid"],
  ["overall", "smallint"],
  ["ratings", "jsonb"],
  ["body", "text"],
  ["submitted_at", "timestamptz"],
  ["visible_from", "timestamptz"],
];
const COMPLAINT_COLUMNS: Columns = [
  ["id", "uuid"],
  ["complainant_org_id", "uuid"],
  ["complainant_user_id", "uuid"],
  ["subject_type", "text"],
  ["agency_id", "uuid"],
  ["project_id", "uuid"],
  ["facts", "text"],
  ["provisions", "text"],
  ["status", "text"],
  ["due_at", "timestamptz"],
  ["decision_reason", "text"],
  ["decided_by", "uuid"],
  ["decided_by_org", "uuid"],
  ["decided_at", "timestamptz"],
  ["created_at", "timestamptz"],
];

export interface ProjectBatch {
  projects: unknown[][];
  secrets: unknown[][];
  bids: unknown[][];
  /** Projects inserted as 'bidding' for their bids' sake: id, real status, real deadline. */
  finalState: unknown[][];
  selections: unknown[][];
  awards: unknown[][];
  contracts: unknown[][];
  deliveries: unknown[][];
  breaches: unknown[][];
  reviews: unknown[][];
  complaints: unknown[][];
  events: AuditDraft[];
  status: Record<string, number>;
  method: Record<string, number>;
  /** Bid count of every project that reached its opening (for the distribution report). */
  openedBidCounts: number[];
}

function emptyBatch(): ProjectBatch {
  return {
    projects: [],
    secrets: [],
    bids: [],
    finalState: [],
    selections: [],
    awards: [],
    contracts: [],
    deliveries: [],
    breaches: [],
    reviews: [],
    complaints: [],
    events: [],
    status: {},
    method: {},
    openedBidCounts: [],
  };
}

export interface ProjectTotals {
  projects: number;
  bids: number;
  selections: number;
  awards: number;
  contracts: number;
  deliveries: number;
  reviews: number;
  complaints: number;
  breachEvents: number;
  auditEvents: number;
  byStatus: Record<string, number>;
  byMethod: Record<string, number>;
  /** Over projects that reached their opening: how many bids they had. */
  bidsPerOpenedProject: { mean: number; median: number; zeroOrOne: number; twoToFive: number; overTen: number; max: number };
}

// ───────────────────────────── the builder ─────────────────────────────

type EventFn = (
  ms: number,
  action: string,
  actor: { actorUserId: string | null; actorOrgId: string | null },
  data: { [k: string]: JsonValue },
) => void;

interface Bidder {
  listing: ListingP;
  agency: AgencyP;
  submittedMs: number;
}

interface BuiltBid {
  id: string;
  agency: AgencyP;
  listing: ListingP;
  priceFen: number;
  committedDays: number;
  hash: string;
  submittedMs: number;
  status: "submitted" | "withdrawn" | "invalid";
}

export class ProjectBuilder {
  private readonly nowMs: number;
  private readonly startMs: number;
  private readonly items: Map<number, Item>;
  private readonly itemWeights: number[];
  private readonly placeNames = new Map<string, string>();
  /** The short local name a department's project title starts with ("江宁区", "南京市江宁区", "南京市"). */
  private readonly localNames = new Map<string, [string, string]>();
  /** Publication-time table: cumulative share of projects by day since `startMs`. */
  private readonly pubCdf: Float64Array;

  constructor(
    private readonly ctx: BaseContext,
    private readonly pools: Pools,
    private readonly cal: WorkCalendar,
    private readonly policy: Policy,
    private readonly regulator: { userId: string; orgId: string },
    private readonly run: { firstSerial: number; count: number; bidMean: number; placeholderMs: number },
  ) {
    this.nowMs = ctx.now.getTime();
    this.startMs = this.nowMs - 3 * YEAR;
    this.items = new Map(ctx.items.map((i) => [i.id, i]));
    this.itemWeights = ctx.items.map((i) => i.weight);
    for (const group of ctx.places) {
      for (const p of group) {
        this.placeNames.set(p.code, `${p.provinceName === p.cityName ? "" : p.provinceName}${p.cityName}${p.districtName ?? ""}`);
        this.placeNames.set(p.cityCode, `${p.provinceName === p.cityName ? "" : p.provinceName}${p.cityName}`);
        this.placeNames.set(`${p.province}0000`, p.provinceName);
        this.localNames.set(p.code, p.districtName ? [p.districtName, `${p.cityName}${p.districtName}`] : [p.cityName, p.cityName]);
        this.localNames.set(p.cityCode, [p.cityName, p.cityName]);
        this.localNames.set(`${p.province}0000`, [p.provinceName, p.provinceName]);
      }
    }
    // Projects follow the agencies: the density of publications on a day is the share of agencies that
    // existed then (plus a floor), so the marketplace grows and early projects still find bidders.
    const days = Math.ceil((this.nowMs - this.startMs) / DAY);
    const created = pools.agencies.map((a) => a.createdMs).sort((a, b) => a - b);
    const cdf = new Float64Array(days + 1);
    let k = 0;
    for (let d = 0; d < days; d++) {
      const t = this.startMs + (d + 1) * DAY;
      while (k < created.length && created[k]! < t) k++;
      cdf[d + 1] = cdf[d]! + 0.08 + (created.length ? k / created.length : 1);
    }
    for (let d = 0; d <= days; d++) cdf[d] = cdf[d]! / cdf[days]!;
    this.pubCdf = cdf;
  }

  /** The publication instant of serial n: a quantile of the growth curve, then a working hour of that day. */
  private publication(rng: Rng, serial: number): number {
    const q = (serial - this.run.firstSerial + 0.5) / this.run.count;
    let lo = 0;
    let hi = this.pubCdf.length - 1;
    while (lo < hi - 1) {
      const mid = (lo + hi) >> 1;
      if (this.pubCdf[mid]! <= q) lo = mid;
      else hi = mid;
    }
    const span = this.pubCdf[hi]! - this.pubCdf[lo]!;
    const frac = span > 0 ? (q - this.pubCdf[lo]!) / span : 0;
    let day = WorkCalendar.dayOf(this.startMs + (lo + frac) * DAY);
    if (rng.chance(0.9)) day = this.cal.addWorkdays(day - 1, 1);
    let ms = WorkCalendar.startOf(day) + rng.int(9 * 60, 18 * 60) * MINUTE + rng.int(0, 59_999);
    if (ms > this.nowMs - 30 * MINUTE) ms = this.nowMs - rng.int(30 * MINUTE, 8 * HOUR);
    return ms;
  }

  private pickOwner(rng: Rng, pMs: number): OwnerP {
    const pool = this.pools.ownersByTime;
    const n = pool.countBefore(pMs - DAY);
    return this.pools.owners[n > 0 ? pool.sample(rng, n) : pool.members[0]!]!;
  }

  private pickItem(rng: Rng, owner: OwnerP): Item {
    if (rng.chance(0.45)) {
      const id = owner.favourites[rng.weighted([3, 2, 1])]!;
      const it = this.items.get(id);
      if (it) return it;
    }
    return this.ctx.items[rng.weighted(this.itemWeights)]!;
  }

  private wantedBids(rng: Rng): number {
    const k = rng.weighted(BID_WEIGHTS, BID_TOTAL);
    if (k < 2) return k;
    const scaled = 2 + ((k - 2) * Math.max(0, this.run.bidMean - 1.2)) / (BASE_BID_MEAN - 1.2);
    const whole = Math.floor(scaled);
    return Math.min(60, whole + (rng.chance(scaled - whole) ? 1 : 0));
  }

  private static serves(l: ListingP, region: string): boolean {
    if (!l.regions) return true;
    const city = `${region.slice(0, 4)}00`;
    const province = `${region.slice(0, 2)}0000`;
    return l.regions.includes(region) || l.regions.includes(city) || l.regions.includes(province);
  }

  private static certifiedAt(l: ListingP, tMs: number): boolean {
    for (const [from, to, reviewed] of l.certificates) if (from <= tMs && tMs <= to && reviewed <= tMs) return true;
    return false;
  }

  /** May the agency of this listing take part at `t` (the exclusion rules the generator can know)? */
  private eligible(l: ListingP, a: AgencyP, owner: OwnerP, item: Item, region: string, tMs: number): boolean {
    if (!ProjectBuilder.serves(l, region)) return false;
    if (owner.rep && a.rep === owner.rep) return false;
    if (item.qualification && !ProjectBuilder.certifiedAt(l, tMs)) return false;
    return !restricted(a, tMs, region, item.id);
  }

  /**
   * Up to `times.length` distinct eligible bidders, the j-th bidding at times[j]: drawn by activity from
   * the listings of the item that existed at publication, the agency's own city 12×, province 4×.
   */
  private pickAgencies(rng: Rng, item: Item, region: string, owner: OwnerP, pMs: number, times: number[]): Bidder[] {
    const out: Bidder[] = [];
    if (!times.length) return out;
    const nat = this.pools.byItem.get(item.id);
    if (!nat) return out;
    const prov = this.pools.byItemProvince.get(`${item.id}:${region.slice(0, 2)}`);
    const city = this.pools.byItemCity.get(`${item.id}:${cityOf(region)}`);
    const nN = nat.countBefore(pMs);
    const nP = prov ? prov.countBefore(pMs) : 0;
    const nC = city ? city.countBefore(pMs) : 0;
    const wC = city ? city.weightOf(nC) * 12 : 0;
    const wP = prov ? prov.weightOf(nP) * 4 : 0;
    const wN = nat.weightOf(nN);
    const total = wC + wP + wN;
    if (total <= 0) return out;
    const chosen = new Set<number>();
    const maxAttempts = times.length * 8 + 30;
    for (let attempt = 0; attempt < maxAttempts && out.length < times.length; attempt++) {
      const x = rng.next() * total;
      const li = x < wC ? city!.sample(rng, nC) : x < wC + wP ? prov!.sample(rng, nP) : nat.sample(rng, nN);
      const listing = this.pools.listings[li]!;
      const agency = this.pools.agencies[listing.agency]!;
      if (chosen.has(agency.idx)) continue;
      const t = times[out.length]!;
      if (!this.eligible(listing, agency, owner, item, region, t)) continue;
      chosen.add(agency.idx);
      out.push({ listing, agency, submittedMs: t });
    }
    return out;
  }

  private static roundPrice(fen: number): number {
    const unit = fen >= 1_000_000 ? 10_000 : 1_000;
    return Math.max(unit, Math.floor(fen / unit) * unit);
  }

  private bidPrice(rng: Rng, b: Bidder, ceiling: number, floor: number | null): number {
    const own =
      b.listing.feeMode !== "rate" && b.listing.feeMaxFen != null && b.listing.feeMaxFen < ceiling && !rng.chance(0.01)
        ? b.listing.feeMaxFen
        : ceiling;
    const f = Math.min(1, Math.max(0.7, b.agency.priceLevel + 0.045 * rng.normal()));
    let price = ProjectBuilder.roundPrice(own * f);
    if (floor != null && price < floor) price = floor;
    return Math.min(price, ceiling);
  }

  private title(rng: Rng, owner: OwnerP, item: Item): string {
    let where: string;
    if (owner.department) {
      const [short, full] = this.localNames.get(owner.regionCode) ?? ["", ""];
      where = `${rng.chance(0.5) ? short : full}${rng.pick(W.DEPARTMENT_WORKS)}`;
    } else {
      where = `${owner.name.replace(/(集团有限公司|股份有限公司|有限责任公司|有限公司|第\d+分部)+$/, "")}${rng.pick(W.ENTERPRISE_WORKS)}`;
    }
    const year = new Date(this.nowMs).getUTCFullYear() - rng.int(0, 2);
    const prefix = rng.chance(0.15) ? `${year}年` : "";
    const suffix = /编制$|服务$|测绘$|审查$|检测$|监理$|咨询$/.test(item.nameZh) ? "" : rng.pick(["", "编制", "服务", "技术服务"]);
    return `${prefix}${where}${item.nameZh}${suffix}`.slice(0, 200);
  }

  /** Everything of project `serial`, appended to `out`. */
  build(serial: number, out: ProjectBatch): void {
    const { seed } = this.ctx;
    const rng = rngFor(seed, SALT_PROJECT, serial);
    const nowMs = this.nowMs;
    const policy = this.policy;
    const cal = this.cal;
    let pMs = this.publication(rng, serial);
    const owner = this.pickOwner(rng, pMs);
    if (pMs < owner.createdMs + DAY) pMs = Math.min(nowMs - HOUR, owner.createdMs + DAY + rng.int(HOUR, 8 * HOUR));
    const item = this.pickItem(rng, owner);
    const region = owner.regionCode;
    const gov = owner.department ? rng.chance(0.95) : rng.chance(0.12);
    const ceiling = Math.min(
      200_000_000,
      Math.max(500_000, Math.round((item.typicalFen * Math.exp(0.55 * rng.normal())) / 10_000) * 10_000),
    );
    const directOk = !gov && ceiling <= policy.directCeilingFen && policy.allowedMethods.includes("direct");
    const weights = METHODS.map((m, i) => ((m === "direct" && !directOk) || !policy.allowedMethods.includes(m) ? 0 : METHOD_WEIGHTS[i]!));
    const method = METHODS[rng.weighted(weights)]!;
    let priceWeight: number | null = null;
    let technicalWeight: number | null = null;
    let creditWeight: number | null = null;
    if (method === "scored") {
      for (let attempt = 0; attempt < 20; attempt++) {
        const p = Math.round(rng.between(policy.priceWeightMin, policy.priceWeightMax) / 5) * 5;
        const c = Math.round(rng.between(policy.creditWeightMin, policy.creditWeightMax) / 5) * 5;
        const t = 100 - p - c;
        if (
          p >= policy.priceWeightMin &&
          p <= policy.priceWeightMax &&
          c >= policy.creditWeightMin &&
          c <= policy.creditWeightMax &&
          t >= policy.technicalWeightMin &&
          t <= policy.technicalWeightMax
        ) {
          [priceWeight, technicalWeight, creditWeight] = [p, t, c];
          break;
        }
      }
      if (priceWeight === null)
        [priceWeight, technicalWeight, creditWeight] = [
          policy.priceWeightMin,
          100 - policy.priceWeightMin - policy.creditWeightMin,
          policy.creditWeightMin,
        ];
    }
    const floor = rng.chance(0.06) ? Math.round((ceiling * 0.6) / 10_000) * 10_000 : null;
    const expectedDays = item.statutoryDays ?? rng.int(20, 90);
    const title = this.title(rng, owner, item);
    const regionName = this.placeNames.get(region) ?? "";
    const description = `${title}。项目位于${regionName}，需${rng.pick(["完成", "编制", "开展"])}${item.nameZh}并配合相关部门审查、报批，服务期内按要求修改完善成果。`;
    const deliverables = rng.pick(W.DELIVERABLES[item.category]);
    const createdMs = Math.max(owner.createdMs + HOUR, pMs - rng.int(2 * HOUR, 12 * DAY));
    const projectId = orderedUuid(seed, serial, SLOT.project);
    const ownerActor = { actorUserId: owner.userId, actorOrgId: owner.id };
    const system = { actorUserId: null, actorOrgId: null };
    const events: AuditDraft[] = [];
    const event: EventFn = (ms, action, actor, data) => {
      events.push({ occurredMs: Math.floor(ms), action, subjectType: "project", subjectId: projectId, ...actor, data });
    };
    /** Instants go into rows as epoch milliseconds (sql.ts writes them as ISO strings). */
    const date = (ms: number) => Math.floor(ms);
    let slotBreach = 0;
    const breach = (agency: AgencyP, kind: string, details: { [k: string]: JsonValue }, ms: number) =>
      out.breaches.push([
        orderedUuid(seed, serial, SLOT.breach + slotBreach++),
        agency.id,
        projectId,
        kind,
        JSON.stringify(details),
        date(ms),
      ]);

    // The project row, completed as the story unfolds.
    let status = "draft";
    let publishedAt: number | null = null;
    let bidDeadlineMs: number | null = null;
    let statusReason: string | null = null;
    let openedAt: number | null = null;
    let policyId: number | null = null;
    let publishKey: string | null = null;
    let drawCommitment: string | null = null;
    let lastMs = createdMs;
    let hasBids = false;
    const finish = () => {
      for (const e of events) lastMs = Math.max(lastMs, e.occurredMs);
      const insertedStatus = hasBids ? "bidding" : status;
      const insertedDeadline = hasBids ? date(this.run.placeholderMs) : bidDeadlineMs === null ? null : date(bidDeadlineMs);
      out.projects.push([
        projectId,
        owner.id,
        item.id,
        region,
        title,
        insertedStatus,
        ceiling,
        gov,
        publishedAt,
        insertedDeadline,
        date(createdMs),
        date(lastMs),
        description,
        deliverables,
        floor,
        method,
        expectedDays,
        policyId,
        publishKey,
        drawCommitment,
        priceWeight,
        technicalWeight,
        creditWeight,
        statusReason,
        openedAt,
      ]);
      if (hasBids) out.finalState.push([projectId, status, bidDeadlineMs === null ? null : date(bidDeadlineMs)]);
      events.sort((a, b) => a.occurredMs - b.occurredMs);
      out.events.push(...events);
      out.status[status] = (out.status[status] ?? 0) + 1;
      out.method[method] = (out.method[method] ?? 0) + 1;
    };

    // ── a draft that was never published
    if (rng.chance(0.03)) {
      bidDeadlineMs = rng.chance(0.6) ? Math.max(pMs, nowMs) + rng.int(5, 30) * DAY : null;
      const draftMs = Math.min(createdMs, nowMs - HOUR);
      event(draftMs, "project.drafted", ownerActor, { title });
      finish();
      return;
    }

    policyId = policy.id;
    publishKey = orderedUuid(seed, serial, SLOT.publishKey);
    publishedAt = date(pMs);
    const secret = crypto.createHash("sha256").update(`zjcs-generate-secret:${seed}:${serial}`).digest("hex");
    const min = minValidBids(policy, gov, method);

    // Who wins, when, for how much: filled by the selection step.
    let awardMs = 0;
    let winner: AgencyP | null = null;
    let winnerListing: ListingP | null = null;
    let winnerBidId: string | null = null;
    let priceFen = 0;
    let committedDays = 0;
    let bidders: BuiltBid[] = [];

    if (method === "direct") {
      // Published straight into selection: the owner is shown up to 20 eligible listed agencies.
      const candidates = this.pickAgencies(
        rng,
        item,
        region,
        owner,
        pMs,
        Array.from({ length: 40 }, () => pMs),
      );
      const shown = candidates
        .sort(
          (a, b) =>
            (a.listing.feeMinFen ?? Infinity) - (b.listing.feeMinFen ?? Infinity) ||
            (a.agency.id < b.agency.id ? -1 : a.agency.id > b.agency.id ? 1 : 0),
        )
        .slice(0, 20);
      const shownIds = shown.map((c) => c.agency.id);
      status = "selecting";
      event(pMs, "project.selecting", ownerActor, {
        from: "draft",
        to: "selecting",
        policyId: policy.id,
        policyVersion: policy.version,
        shownAgencyIds: shownIds,
      });
      const choiceMs = pMs + rng.between(1, 10) * DAY;
      if (!shown.length || rng.chance(0.02)) {
        const cancelMs = pMs + rng.between(5, 30) * DAY;
        if (cancelMs <= nowMs) {
          status = "cancelled";
          statusReason = rng.pick(W.CANCEL_REASONS);
          event(cancelMs, "project.cancelled", ownerActor, { from: "selecting", to: "cancelled", reason: statusReason });
        }
        out.selections.push([
          projectId,
          "direct",
          1,
          "[]",
          null,
          null,
          JSON.stringify({ method: "direct", pending: true, shownAgencyIds: shownIds }),
          date(pMs),
          "{}",
        ]);
        finish();
        return;
      }
      if (choiceMs > nowMs) {
        out.selections.push([
          projectId,
          "direct",
          1,
          "[]",
          null,
          null,
          JSON.stringify({ method: "direct", pending: true, shownAgencyIds: shownIds }),
          date(pMs),
          "{}",
        ]);
        finish();
        return;
      }
      const pick = shown[rng.weighted(shown.map((c, i) => c.agency.weight / (1 + 0.15 * i)))]!;
      const outcome = direct({ shownAgencyIds: shownIds, chosenAgencyId: pick.agency.id, reason: rng.pick(W.DIRECT_REASONS) });
      out.selections.push([projectId, "direct", 2, "[]", null, null, JSON.stringify(outcome), date(choiceMs), "{}"]);
      const l = pick.listing;
      let price =
        l.feeMode === "fixed"
          ? l.feeMinFen!
          : l.feeMode === "range"
            ? l.feeMinFen! + (l.feeMaxFen! - l.feeMinFen!) * rng.between(0, 0.6)
            : ceiling * rng.between(0.8, 1);
      price = Math.min(ceiling, ProjectBuilder.roundPrice(price));
      if (floor != null && price < floor) price = floor;
      [awardMs, winner, winnerListing, priceFen, committedDays] = [choiceMs, pick.agency, l, price, l.committedDays];
    } else {
      // ── bidding
      drawCommitment = commitment(secret);
      const k = rng.weighted([5, 10, 20, 25, 15, 10, 8, 4, 3], 100) + 3;
      const dMs = cal.deadlineAfterWorkdays(pMs, Math.max(policy.minBiddingWorkdays, k), rng.pick([9, 10, 14, 17, undefined]));
      bidDeadlineMs = dMs;
      status = "bidding";
      event(pMs, "project.bidding", ownerActor, {
        from: "draft",
        to: "bidding",
        policyId: policy.id,
        policyVersion: policy.version,
        drawCommitment,
      });
      const cancelMs = rng.chance(0.02) ? pMs + (dMs - pMs) * rng.between(0.1, 0.9) : null;
      const want = this.wantedBids(rng);
      const times = Array.from({ length: want }, () => {
        const u = rng.next();
        return Math.floor(Math.min(dMs - MINUTE, Math.max(pMs + 10 * MINUTE, pMs + (dMs - pMs) * (1 - u * u))));
      }).sort((a, b) => a - b);
      const found = this.pickAgencies(rng, item, region, owner, pMs, times);
      const cutMs = Math.min(nowMs, cancelMs ?? Infinity);
      const scoredMethod = method === "scored";
      found.forEach((b, j) => {
        if (b.submittedMs >= cutMs) return;
        const id = orderedUuid(seed, serial, SLOT.bid + j);
        const price = this.bidPrice(rng, b, ceiling, floor);
        const days = Math.max(1, Math.round(b.listing.committedDays * rng.between(0.75, 1)));
        const proposal = scoredMethod
          ? `技术方案：${rng.pick(["组建专项项目组，", "由高级工程师担任项目负责人，", "采用现场踏勘与资料分析相结合的方法，"])}${days}日内完成${item.nameZh}。`
          : null;
        const hash = bidHash({ projectId, agencyId: b.agency.id, priceFen: price, committedDays: days, proposal, nonce: rng.hex128() });
        let st: BuiltBid["status"] = "submitted";
        let reason: string | null = null;
        let updatedMs = b.submittedMs;
        if (rng.chance(0.03)) {
          const w = b.submittedMs + (Math.min(dMs, cutMs) - b.submittedMs) * rng.next();
          if (w < cutMs) [st, reason, updatedMs] = ["withdrawn", "withdrawnByAgency", Math.floor(w)];
        }
        if (st === "submitted" && dMs <= cutMs) {
          // The opening checks eligibility again: a certificate that lapsed or a sanction since the bid.
          const reasons: string[] = [];
          if (restricted(b.agency, dMs, region, item.id)) reasons.push("sanctioned");
          if (item.qualification && !ProjectBuilder.certifiedAt(b.listing, dMs)) reasons.push("qualificationMissing");
          if (reasons.length) [st, reason, updatedMs] = ["invalid", reasons.join(","), dMs];
        }
        out.bids.push([id, projectId, b.agency.id, price, days, proposal, st, reason, 1, hash, date(b.submittedMs), date(updatedMs)]);
        bidders.push({
          id,
          agency: b.agency,
          listing: b.listing,
          priceFen: price,
          committedDays: days,
          hash,
          submittedMs: b.submittedMs,
          status: st,
        });
      });
      hasBids = bidders.length > 0;
      const secretRow: unknown[] = [projectId, secret, null];
      out.secrets.push(secretRow);
      if (cancelMs !== null && cancelMs <= nowMs && cancelMs < dMs) {
        status = "cancelled";
        statusReason = rng.pick(W.CANCEL_REASONS);
        event(cancelMs, "project.cancelled", ownerActor, { from: "bidding", to: "cancelled", reason: statusReason });
        finish();
        return;
      }
      if (dMs > nowMs) {
        finish();
        return;
      }
      // ── the opening
      const valid = bidders.filter((b) => b.status === "submitted");
      out.openedBidCounts.push(bidders.length);
      openedAt = date(dMs);
      status = "selecting";
      event(dMs, "project.selecting", system, {
        from: "bidding",
        to: "selecting",
        validBids: valid.length,
        invalidBids: bidders.filter((b) => b.status === "invalid").length,
      });
      const validBids: ValidBid[] = valid.map((b) => ({
        id: b.id,
        agencyId: b.agency.id,
        priceFen: b.priceFen,
        hash: b.hash,
        creditScore: b.agency.credit,
        submittedAt: new Date(b.submittedMs),
      }));
      const creditScores = JSON.stringify(
        Object.fromEntries([...validBids].sort((a, b) => (a.id < b.id ? -1 : 1)).map((b) => [b.id, b.creditScore])),
      );
      const entries: DrawEntry[] = [...validBids].sort((a, b) => (a.id < b.id ? -1 : 1)).map((b) => ({ id: b.id, hash: b.hash }));
      if (valid.length < min) {
        const failed: SelectionOutcome = {
          method,
          spec: { method: "direct" },
          algorithm: "zjcs-draw-v1",
          seed: null,
          wordsUsed: 0,
          validBids: valid.length,
          winnerBidId: null,
          winnerAgencyId: null,
          ranking: [],
          tieBreak: null,
          failed: { reason: "tooFewBids", validBids: valid.length, minValidBids: min },
        };
        out.selections.push([projectId, method, 1, "[]", null, null, JSON.stringify(failed), date(dMs), "{}"]);
        status = "failed";
        statusReason = "tooFewBids";
        event(dMs, "project.failed", system, {
          from: "selecting",
          to: "failed",
          reason: "tooFewBids",
          validBids: valid.length,
          minValidBids: min,
        });
        finish();
        return;
      }
      let spec: SelectionSpec;
      switch (method) {
        case "randomDraw":
        case "lowestPrice":
          spec = { method, minValidBids: min };
          break;
        case "averagePrice":
          spec = { method, minValidBids: min, factorsBp: [...AVERAGE_PRICE_FACTORS_BP], trimFrom: AVERAGE_PRICE_TRIM_FROM };
          break;
        case "creditPreferred":
          spec = { method, minValidBids: min, longListSize: 7, shortListSize: 3 };
          break;
        default: {
          const technical: Record<string, number[]> = {};
          for (const b of valid)
            technical[b.id] = Array.from({ length: 3 }, () =>
              Math.min(100, Math.max(0, Math.round(52 + 40 * b.agency.quality + 6 * rng.normal()))),
            );
          spec = {
            method: "scored",
            minValidBids: min,
            weights: { pricePct: priceWeight!, technicalPct: technicalWeight!, creditPct: creditWeight! },
            technicalScores: technical,
          };
        }
      }
      const seedHex = drawSeed(secret, entries);
      const runAt = method === "scored" ? dMs + rng.between(2, 10) * DAY : dMs;
      if (runAt > nowMs) {
        finish(); // scored: the evaluators have not scored yet
        return;
      }
      let outcome = select(spec, validBids, drawRng(secret, entries));
      secretRow[2] = date(runAt);
      if (method === "scored") event(runAt, "selection.declaredNoConflict", ownerActor, { bidders: validBids.map((b) => b.agencyId) });
      awardMs = runAt;
      if (method === "creditPreferred") {
        const pickMs = dMs + rng.between(1, 7) * DAY;
        if (pickMs > nowMs) {
          out.selections.push([
            projectId,
            method,
            1,
            JSON.stringify(entries),
            secret,
            seedHex,
            JSON.stringify(outcome),
            date(runAt),
            creditScores,
          ]);
          finish();
          return;
        }
        const short = outcome.shortList!.shortListBidIds;
        const byPrice = [...short].sort(
          (a, b) => validBids.find((v) => v.id === a)!.priceFen - validBids.find((v) => v.id === b)!.priceFen,
        );
        const pickId = rng.chance(0.6) ? byPrice[0]! : rng.pick(short);
        outcome = ownerPick(outcome, pickId, rng.pick(W.OWNER_PICK_REASONS));
        awardMs = pickMs;
      }
      out.selections.push([
        projectId,
        method,
        1,
        JSON.stringify(entries),
        secret,
        seedHex,
        JSON.stringify(outcome),
        date(runAt),
        creditScores,
      ]);
      const won = bidders.find((b) => b.id === outcome.winnerBidId)!;
      [winner, winnerListing, winnerBidId, priceFen, committedDays] = [won.agency, won.listing, won.id, won.priceFen, won.committedDays];
    }

    // ── the award and its publicity
    const w = winner!;
    const agencyActor = { actorUserId: w.userId, actorOrgId: w.id };
    const awardId = orderedUuid(seed, serial, SLOT.award);
    const publicityEndsMs = policy.publicityWorkdays === 0 ? awardMs : cal.deadlineAfterWorkdays(awardMs, policy.publicityWorkdays);
    const byOwner = !AUTOMATIC.has(method);
    status = "awarded";
    event(awardMs, "project.awarded", byOwner ? ownerActor : system, {
      awardId,
      ...(winnerBidId ? { winnerBidId } : { method: "direct" }),
      agencyId: w.id,
      priceFen,
      publicityEndsAt: new Date(Math.floor(publicityEndsMs)).toISOString(),
    });
    const award: unknown[] = [
      awardId,
      projectId,
      w.id,
      priceFen,
      "publicity",
      date(awardMs),
      winnerBidId,
      date(publicityEndsMs),
      null,
      null,
    ];
    out.awards.push(award);
    this.bidderComplaint(rng, serial, out, { projectId, owner, winner: w, bidders, awardMs, event });

    const abandonMs = rng.chance(0.012 * (1.6 - w.quality)) ? awardMs + rng.between(1, 12) * DAY : null;
    if (publicityEndsMs <= nowMs && (abandonMs === null || abandonMs > publicityEndsMs)) {
      award[4] = "final";
      award[8] = date(publicityEndsMs);
      event(publicityEndsMs, "award.final", system, { awardId });
    }
    if (abandonMs !== null && abandonMs <= nowMs) {
      award[4] = "annulled";
      award[9] = "abandonedByAgency";
      breach(w, "abandonedAward", { awardId }, abandonMs);
      status = "failed";
      statusReason = "awardAbandoned";
      event(abandonMs, "project.failed", agencyActor, { from: "awarded", to: "failed", reason: "awardAbandoned", awardId });
      finish();
      return;
    }
    if (publicityEndsMs > nowMs) {
      finish();
      return;
    }

    // ── the contract
    const signingDeadline = cal.deadlineAfterWorkdays(publicityEndsMs, policy.signingWorkdays);
    const lateSigning = rng.chance(0.06);
    const signedMs = lateSigning
      ? signingDeadline + rng.between(1, 15) * DAY
      : publicityEndsMs + (signingDeadline - publicityEndsMs) * rng.between(0.05, 0.95);
    if (lateSigning && signingDeadline + HOUR <= nowMs) {
      breach(
        w,
        "lateSigning",
        { finalizedAt: new Date(Math.floor(publicityEndsMs)).toISOString(), signingWorkdays: policy.signingWorkdays },
        signingDeadline + rng.int(1, HOUR - 1),
      );
    }
    if (signedMs > nowMs) {
      finish();
      return;
    }
    const contractId = orderedUuid(seed, serial, SLOT.contract);
    const signedDay = WorkCalendar.dayOf(signedMs);
    const signedOn = WorkCalendar.iso(signedDay);
    const dueDay = cal.addWorkdays(signedDay, committedDays);
    const dueOn = WorkCalendar.iso(dueDay);
    const overcharge =
      !!winnerListing && winnerListing.feeMode !== "rate" && winnerListing.feeMaxFen != null && priceFen > winnerListing.feeMaxFen;
    if (overcharge)
      breach(
        w,
        "overcharge",
        { contractId, amountFen: priceFen, feeMaxFen: winnerListing!.feeMaxFen, listingVersion: winnerListing!.version },
        signedMs,
      );
    status = "contracted";
    event(signedMs, "project.contracted", ownerActor, {
      from: "awarded",
      to: "contracted",
      contractId,
      amountFen: priceFen,
      signedOn,
      dueOn,
      overcharge,
    });
    const contract: unknown[] = [
      contractId,
      projectId,
      awardId,
      w.id,
      owner.id,
      priceFen,
      committedDays,
      signedOn,
      dueOn,
      "signed",
      null,
      null,
      null,
      date(signedMs),
      null,
      null,
    ];
    out.contracts.push(contract);

    // ── delivery, perhaps returned once, acceptance; or a termination
    const dueEnd = WorkCalendar.startOf(dueDay + 1) - 1;
    const onTime = rng.chance(w.onTime);
    const firstMs = onTime ? signedMs + (dueEnd - signedMs) * rng.between(0.55, 0.98) : dueEnd + rng.between(0.5, 35) * DAY;
    const terminateMs = rng.chance(0.015) ? signedMs + (dueEnd - signedMs) * rng.between(0.2, 1.3) : null;
    let endedMs: number | null = null;
    let late = 0;
    let slotDelivery = 0;
    const deliveryNote = () => `已提交${item.nameZh}成果文件：${deliverables}。`;
    const terminate = (ms: number, from: string, openDelivery: unknown[] | null) => {
      const reason = rng.pick(W.TERMINATION_REASONS);
      if (openDelivery) [openDelivery[3], openDelivery[4], openDelivery[5]] = ["returned", reason, date(ms)];
      contract[9] = "terminated";
      contract[14] = date(ms);
      contract[15] = reason;
      status = "cancelled";
      statusReason = "contractTerminated";
      event(ms, "project.cancelled", ownerActor, {
        from,
        to: "cancelled",
        contractId,
        reason: "contractTerminated",
        terminationReason: reason,
      });
      endedMs = ms;
    };
    const deliver = (ms: number) => {
      const d: unknown[] = [
        orderedUuid(seed, serial, SLOT.delivery + slotDelivery++),
        contractId,
        deliveryNote(),
        "submitted",
        null,
        null,
        date(ms),
      ];
      out.deliveries.push(d);
      contract[9] = "delivered";
      contract[10] = date(ms);
      status = "delivered";
      event(ms, "project.delivered", agencyActor, { from: "contracted", to: "delivered", contractId });
      return d;
    };
    (() => {
      if (terminateMs !== null && terminateMs < firstMs) {
        if (terminateMs <= nowMs) terminate(terminateMs, "contracted", null);
        return;
      }
      if (firstMs > nowMs) return;
      let d = deliver(firstMs);
      let lastDelivery = firstMs;
      if (rng.chance(0.07)) {
        const returnMs = firstMs + rng.between(2, 10) * DAY;
        if (returnMs > nowMs) return;
        const reason = rng.pick(W.RETURN_REASONS);
        [d[3], d[4], d[5]] = ["returned", reason, date(returnMs)];
        contract[9] = "signed";
        contract[10] = null;
        status = "contracted";
        event(returnMs, "project.contracted", ownerActor, { from: "delivered", to: "contracted", returned: true, reason });
        const againMs = returnMs + rng.between(3, 20) * DAY;
        if (terminateMs !== null && terminateMs < againMs) {
          if (terminateMs <= nowMs) terminate(terminateMs, "contracted", null);
          return;
        }
        if (againMs > nowMs) return;
        d = deliver(againMs);
        lastDelivery = againMs;
      }
      const acceptMs = lastDelivery + rng.between(0.5, 12) * DAY;
      if (terminateMs !== null && terminateMs < acceptMs && terminateMs > lastDelivery) {
        if (terminateMs <= nowMs) terminate(terminateMs, "delivered", d);
        return;
      }
      if (acceptMs > nowMs) return;
      const deliveredDay = WorkCalendar.dayOf(lastDelivery);
      late = deliveredDay > dueDay ? cal.workdaysBetween(dueDay, deliveredDay) : 0;
      [d[3], d[5]] = ["accepted", date(acceptMs)];
      contract[9] = "completed";
      contract[11] = date(acceptMs);
      contract[12] = late;
      if (late > 0) breach(w, "lateDelivery", { lateWorkdays: late, dueOn, deliveredOn: WorkCalendar.iso(deliveredDay) }, acceptMs);
      status = "completed";
      event(acceptMs, "project.completed", ownerActor, { from: "delivered", to: "completed", contractId, lateWorkdays: late });
      endedMs = acceptMs;
    })();

    if (endedMs !== null) {
      this.reviews(rng, serial, out, { projectId, contractId, owner, agency: w, endedMs, late, terminated: status === "cancelled", event });
      if (late >= 5 && rng.chance(0.25)) this.ownerComplaint(rng, serial, out, { projectId, owner, agency: w, afterMs: endedMs, event });
    }
    finish();
  }

  /** Both parties may review within the window; hidden until both are in or REVEAL_DAYS after the first. */
  private reviews(
    rng: Rng,
    serial: number,
    out: ProjectBatch,
    p: {
      projectId: string;
      contractId: string;
      owner: OwnerP;
      agency: AgencyP;
      endedMs: number;
      late: number;
      terminated: boolean;
      event: EventFn;
    },
  ) {
    const windowEnd = p.endedMs + REVIEW_WINDOW_DAYS * DAY;
    const drafts: { direction: "ofAgency" | "ofOwner"; ms: number }[] = [];
    if (rng.chance(0.72)) drafts.push({ direction: "ofAgency", ms: p.endedMs + rng.between(0.2, 27) * DAY });
    if (rng.chance(0.5)) drafts.push({ direction: "ofOwner", ms: p.endedMs + rng.between(0.2, 27) * DAY });
    drafts.sort((a, b) => a.ms - b.ms);
    const kept: { direction: "ofAgency" | "ofOwner"; ms: number; visibleMs: number }[] = [];
    for (const d of drafts) {
      if (d.ms > this.nowMs || d.ms >= windowEnd) continue;
      const first = kept[0];
      if (!first) kept.push({ ...d, visibleMs: Math.min(d.ms + REVEAL_DAYS * DAY, windowEnd) });
      else if (d.ms < first.visibleMs) {
        first.visibleMs = d.ms; // the second review reveals both at once
        kept.push({ ...d, visibleMs: d.ms });
      }
    }
    kept.forEach((k, i) => {
      const id = orderedUuid(this.ctx.seed, serial, SLOT.review + i);
      let overall: number;
      let ratings: Record<string, number>;
      let body: string;
      const clamp = (x: number) => Math.min(5, Math.max(1, Math.round(x)));
      if (k.direction === "ofAgency") {
        overall = clamp(2.4 + 2.6 * p.agency.quality - (p.late > 0 ? 1.2 : 0) - (p.terminated ? 1.5 : 0) + 0.6 * rng.normal());
        const near = () => clamp(overall + rng.int(-1, 1) * (rng.chance(0.4) ? 1 : 0));
        ratings = {
          quality: near(),
          timeliness: p.late > 0 ? clamp(3 - p.late / 5) : clamp(overall + rng.int(0, 1)),
          fees: near(),
          attitude: near(),
          compliance: near(),
        };
        body = overall >= 4 ? rng.pick(W.AGENCY_PRAISE) : overall <= 2 ? rng.pick(W.AGENCY_COMPLAINTS) : rng.pick(W.AGENCY_NEUTRAL);
        if (overall === 5 && !body) body = W.AGENCY_PRAISE[0]!;
      } else {
        overall = clamp(4.1 + 0.8 * rng.normal());
        const near = () => clamp(overall + rng.int(-1, 1) * (rng.chance(0.4) ? 1 : 0));
        ratings = { clarity: near(), cooperation: near(), payment: near(), integrity: near() };
        body =
          overall >= 4
            ? rng.pick(W.OWNER_PRAISE)
            : overall <= 2
              ? rng.pick(W.OWNER_CRITIC)
              : rng.chance(0.5)
                ? rng.pick(W.OWNER_PRAISE)
                : "";
      }
      if ((overall === 1 || overall === 5) && !body) body = overall === 1 ? W.AGENCY_COMPLAINTS[0]! : W.OWNER_PRAISE[0]!;
      const ofAgency = k.direction === "ofAgency";
      const reviewerOrg = ofAgency ? p.owner.id : p.agency.id;
      const reviewerUser = ofAgency ? p.owner.userId : p.agency.userId;
      if (!reviewerUser) return;
      out.reviews.push([
        id,
        p.contractId,
        k.direction,
        reviewerOrg,
        reviewerUser,
        ofAgency ? p.agency.id : p.owner.id,
        overall,
        JSON.stringify(ratings),
        body,
        Math.floor(k.ms),
        Math.floor(k.visibleMs),
      ]);
      p.event(
        k.ms,
        "review.submitted",
        { actorUserId: reviewerUser, actorOrgId: reviewerOrg },
        {
          reviewId: id,
          direction: k.direction,
          overall,
          ratings,
          visibleFrom: new Date(Math.floor(k.visibleMs)).toISOString(),
          revealedBoth: i === 1,
        },
      );
    });
  }

  private decide(
    rng: Rng,
    filedMs: number,
    upheldChance: number,
  ): { status: "pending" | "upheld" | "dismissed"; decidedMs: number | null; dueMs: number } {
    const dueMs = this.cal.deadlineAfterWorkdays(filedMs, this.policy.complaintDecisionWorkdays);
    const decidedMs = filedMs + rng.between(3, 30) * DAY;
    if (decidedMs > this.nowMs || rng.chance(0.06)) return { status: "pending", decidedMs: null, dueMs };
    return { status: rng.chance(upheldChance) ? "upheld" : "dismissed", decidedMs, dueMs };
  }

  private complaint(
    rng: Rng,
    serial: number,
    out: ProjectBatch,
    c: {
      slot: number;
      projectId: string;
      complainantOrg: string;
      complainantUser: string;
      subjectType: "agency" | "project";
      agency: AgencyP | null;
      filedMs: number;
      upheldChance: number;
      facts: string;
    },
    event: EventFn,
  ) {
    if (c.filedMs > this.nowMs) return;
    const id = orderedUuid(this.ctx.seed, serial, SLOT.complaint + c.slot);
    const provisions = rng.pick(W.COMPLAINT_PROVISIONS);
    const d = this.decide(rng, c.filedMs, c.upheldChance);
    const reason = d.status === "upheld" ? rng.pick(W.COMPLAINT_UPHELD) : d.status === "dismissed" ? rng.pick(W.COMPLAINT_DISMISSED) : null;
    const decided = d.decidedMs === null ? null : Math.floor(d.decidedMs);
    out.complaints.push([
      id,
      c.complainantOrg,
      c.complainantUser,
      c.subjectType,
      c.agency?.id ?? null,
      c.projectId,
      c.facts,
      provisions,
      d.status,
      Math.floor(d.dueMs),
      reason,
      decided !== null ? this.regulator.userId : null,
      decided !== null ? this.regulator.orgId : null,
      decided,
      Math.floor(c.filedMs),
    ]);
    event(
      c.filedMs,
      "complaint.filed",
      { actorUserId: c.complainantUser, actorOrgId: c.complainantOrg },
      {
        complaintId: id,
        subjectType: c.subjectType,
        agencyId: c.agency?.id ?? null,
        provisions,
        dueAt: new Date(Math.floor(d.dueMs)).toISOString(),
      },
    );
    if (d.decidedMs !== null) {
      if (d.status === "upheld" && c.agency) {
        out.breaches.push([
          orderedUuid(this.ctx.seed, serial, SLOT.breach + 8 + c.slot),
          c.agency.id,
          c.projectId,
          "upheldComplaint",
          JSON.stringify({ complaintId: id, reason }),
          decided,
        ]);
      }
      event(
        d.decidedMs,
        `complaint.${d.status}`,
        { actorUserId: this.regulator.userId, actorOrgId: this.regulator.orgId },
        { complaintId: id, reason },
      );
    }
  }

  /** The owner complains about an agency that delivered very late. */
  private ownerComplaint(
    rng: Rng,
    serial: number,
    out: ProjectBatch,
    p: { projectId: string; owner: OwnerP; agency: AgencyP; afterMs: number; event: EventFn },
  ) {
    this.complaint(
      rng,
      serial,
      out,
      {
        slot: 1,
        projectId: p.projectId,
        complainantOrg: p.owner.id,
        complainantUser: p.owner.userId,
        subjectType: "agency",
        agency: p.agency,
        filedMs: p.afterMs + rng.between(1, 20) * DAY,
        upheldChance: 0.6,
        facts: W.COMPLAINT_FACTS_AGENCY[0]!,
      },
      p.event,
    );
  }

  /** A losing bidder complains about the selection (the project) or about the winner, during publicity. */
  private bidderComplaint(
    rng: Rng,
    serial: number,
    out: ProjectBatch,
    p: { projectId: string; owner: OwnerP; winner: AgencyP; bidders: BuiltBid[]; awardMs: number; event: EventFn },
  ) {
    const losers = p.bidders.filter((b) => b.agency.idx !== p.winner.idx && b.agency.userId);
    if (!losers.length || !rng.chance(0.01)) return;
    const who = rng.pick(losers).agency;
    const aboutWinner = rng.chance(0.35);
    this.complaint(
      rng,
      serial,
      out,
      {
        slot: 0,
        projectId: p.projectId,
        complainantOrg: who.id,
        complainantUser: who.userId!,
        subjectType: aboutWinner ? "agency" : "project",
        agency: aboutWinner ? p.winner : null,
        filedMs: p.awardMs + rng.between(0.5, 3) * DAY,
        upheldChance: aboutWinner ? 0.3 : 0.2,
        facts: aboutWinner ? rng.pick(W.COMPLAINT_FACTS_AGENCY.slice(1)) : rng.pick(W.COMPLAINT_FACTS_PROJECT),
      },
      p.event,
    );
  }

  /** The projects with serials [from, to), yielding to the event loop now and then so the database keeps working. */
  async buildBatch(from: number, to: number): Promise<ProjectBatch> {
    const out = emptyBatch();
    for (let s = from; s < to; s++) {
      this.build(s, out);
      if ((s - from) % 50 === 49) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return out;
  }
}

/** A batch with its statements' parameters and its audit rows built, ready for one transaction. */
export interface PreparedBatch {
  statements: Prepared[];
  chained: ChainedRows;
  audit: Prepared[];
  events: AuditDraft[];
  counts: Omit<ProjectTotals, "byStatus" | "byMethod" | "bidsPerOpenedProject">;
  status: Record<string, number>;
  method: Record<string, number>;
  openedBidCounts: number[];
}

/**
 * Builds the parameters of every statement of the batch and chains its audit events onto `head` (the
 * chain's head once the previous batch is in), all in JS while the database writes the previous batch.
 */
export async function prepareProjectBatch(b: ProjectBatch, head: string): Promise<PreparedBatch> {
  const statements = [
    ...(await prepareInsert("projects", PROJECT_COLUMNS, b.projects)),
    ...(await prepareInsert("project_secrets", SECRET_COLUMNS, b.secrets)),
    ...(await prepareInsert("bids", BID_COLUMNS, b.bids)),
    // The projects that took bids get their real state and deadline (see the top of this file).
    ...(await prepareUpdate("projects", FINAL_STATE_COLUMNS, b.finalState)),
    ...(await prepareInsert("selections", SELECTION_COLUMNS, b.selections, 2000)),
    ...(await prepareInsert("awards", AWARD_COLUMNS, b.awards)),
    ...(await prepareInsert("contracts", CONTRACT_COLUMNS, b.contracts)),
    ...(await prepareInsert("deliveries", DELIVERY_COLUMNS, b.deliveries)),
    ...(await prepareInsert("breach_events", BREACH_COLUMNS, b.breaches)),
    ...(await prepareInsert("reviews", REVIEW_COLUMNS, b.reviews)),
    ...(await prepareInsert("complaints", COMPLAINT_COLUMNS, b.complaints)),
  ];
  const chained = await chainRows(b.events, head);
  const audit = await prepareInsert("audit_events", AUDIT_COLUMNS, chained.rows);
  chained.rows = [];
  return {
    statements,
    chained,
    audit,
    events: b.events,
    counts: {
      projects: b.projects.length,
      bids: b.bids.length,
      selections: b.selections.length,
      awards: b.awards.length,
      contracts: b.contracts.length,
      deliveries: b.deliveries.length,
      reviews: b.reviews.length,
      complaints: b.complaints.length,
      breachEvents: b.breaches.length,
      auditEvents: b.events.length,
    },
    status: b.status,
    method: b.method,
    openedBidCounts: b.openedBidCounts,
  };
}

/**
 * One batch in one transaction: projects, secrets, bids, the projects' real state, the rest; then, once
 * the previous batch has committed (`after`), the audit events under the chain's lock, so the chain
 * keeps the batches' order even when two batches are written at once on two connections.
 */
export async function insertProjectBatch(db: Kysely<DB>, p: PreparedBatch, after: Promise<unknown> = Promise.resolve()): Promise<string> {
  return db.transaction().execute(async (trx) => {
    // Bulk load: a crash loses at most the last batches.
    await sql`set local synchronous_commit = off`.execute(trx);
    await runPrepared(trx, p.statements);
    await after;
    const head = await lockChain(trx);
    return insertChained(trx, p.chained, p.events, head, p.audit);
  });
}

function summarise(counts: number[]): ProjectTotals["bidsPerOpenedProject"] {
  if (!counts.length) return { mean: 0, median: 0, zeroOrOne: 0, twoToFive: 0, overTen: 0, max: 0 };
  const sorted = [...counts].sort((a, b) => a - b);
  const share = (f: (n: number) => boolean) => Math.round((counts.filter(f).length / counts.length) * 1000) / 1000;
  return {
    mean: Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 100) / 100,
    median: sorted[Math.floor(sorted.length / 2)]!,
    zeroOrOne: share((n) => n <= 1),
    twoToFive: share((n) => n >= 2 && n <= 5),
    overTen: share((n) => n > 10),
    max: sorted[sorted.length - 1]!,
  };
}

/**
 * Builds and stores projects [firstSerial, firstSerial + count): the next batch is built while the last
 * ones are written, `parallel` batches at once on as many connections (PostgreSQL; PGlite has one).
 */
export async function generateProjects(
  db: Kysely<DB>,
  builder: ProjectBuilder,
  firstSerial: number,
  count: number,
  batchSize: number,
  onProgress?: PhaseProgress,
  parallel = 1,
): Promise<ProjectTotals> {
  const started = performance.now();
  const totals: ProjectTotals = {
    projects: 0,
    bids: 0,
    selections: 0,
    awards: 0,
    contracts: 0,
    deliveries: 0,
    reviews: 0,
    complaints: 0,
    breachEvents: 0,
    auditEvents: 0,
    byStatus: {},
    byMethod: {},
    bidsPerOpenedProject: summarise([]),
  };
  // A sample of opened projects' bid counts (every project's would not stay bounded at 1M).
  const sample: number[] = [];
  onProgress?.({ done: 0, total: count, elapsedMs: 0 });
  const inFlight: Promise<void>[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  let head = await chainHead(db);
  for (let from = firstSerial; from < firstSerial + count; from += batchSize) {
    const to = Math.min(firstSerial + count, from + batchSize);
    const batch = await prepareProjectBatch(await builder.buildBatch(from, to), head);
    head = batch.chained.last;
    while (inFlight.length >= Math.max(1, parallel)) await inFlight.shift();
    const written = insertProjectBatch(db, batch, previous);
    written.catch(() => {}); // awaited below; a failure must not also surface as an unhandled rejection
    previous = written;
    const counted = written.then(() => {
      for (const [k, v] of Object.entries(batch.counts) as [keyof PreparedBatch["counts"], number][]) totals[k] += v;
      for (const [k, v] of Object.entries(batch.status)) totals.byStatus[k] = (totals.byStatus[k] ?? 0) + v;
      for (const [k, v] of Object.entries(batch.method)) totals.byMethod[k] = (totals.byMethod[k] ?? 0) + v;
      for (let i = 0; i < batch.openedBidCounts.length; i += Math.max(1, Math.floor(count / 200_000)))
        sample.push(batch.openedBidCounts[i]!);
      onProgress?.({ done: totals.projects, total: count, elapsedMs: performance.now() - started });
    });
    counted.catch(() => {});
    inFlight.push(counted);
  }
  await Promise.all(inFlight);
  totals.bidsPerOpenedProject = summarise(sample);
  return totals;
}
