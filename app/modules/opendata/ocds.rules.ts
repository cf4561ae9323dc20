import { translate } from "~/i18n";
import type { ProjectState } from "~/modules/procurement/projects.rules";

/**
 * Open Contracting Data Standard 1.1 (with the bids extension) from plain project facts: no I/O, no clock.
 *
 * Every project is one contracting process, ocid = `${prefix}-${projectId}`. Every audited event that
 * changes the public record is one release, id = `${ocid}-${auditEventId}`, dated when it happened and
 * carrying the state of the process as of that event (replayed from the event chain; see `replay`). The
 * record's compiled release is the current state. Only public facts go in: organisations (name, USCC,
 * region), never people — no user names, e-mails, phones, contact persons, legal representatives,
 * complaint facts or complainants, and no party documents (public notice attachments only).
 */

export const OCDS_VERSION = "1.1";
export const BIDS_EXTENSION_URL = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json";
/** The licence of the published data (the operator may choose another; the /open-data page states it). */
export const DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/";
export const PUBLISHER_NAME = "中介超市";
export const CURRENCY = "CNY";
/** Our service catalogue, used as the item classification scheme (an open codelist in OCDS). */
export const ITEM_SCHEME = "ZJCS-SERVICE";

/**
 * Organisation identifiers are the 统一社会信用代码 (USCC, GB 32100-2015). org-id.guide registers CN-SAIC,
 * the industrial and commercial register (now SAMR), whose codes begin with 9; codes issued by other
 * registration authorities (1 机构编制 for government departments, 5 民政, …) are in no org-id.guide list
 * we could find, so they carry the locally documented scheme CN-USCC (described on /open-data). A USCC is
 * unique across all authorities, so both schemes share one namespace of ids.
 */
export function identifierScheme(creditCode: string): "CN-SAIC" | "CN-USCC" {
  return creditCode.startsWith("9") ? "CN-SAIC" : "CN-USCC";
}

export interface OcdsConfig {
  ocidPrefix: string;
  /** The site's public origin, without a trailing slash. */
  baseUrl: string;
}

/** The change feed's page sizes. */
export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 500;

/** The bulk downloads: /open-data/bulk/<dataset>.<format>. */
export const DATASETS = ["projects", "awards", "contracts", "agencies", "sanctions"] as const;
export type Dataset = (typeof DATASETS)[number];
export const BULK_FORMATS = ["jsonl", "csv"] as const;
export type BulkFormat = (typeof BULK_FORMATS)[number];

export const ocidOf = (prefix: string, projectId: string) => `${prefix}-${projectId}`;

// ---------------------------------------------------------------------------------------------------
// Money: integer fen → OCDS decimal yuan, exactly.

/** Beyond this a decimal yuan amount needs more than 15 significant digits and may not survive a double. */
export const MAX_EXACT_FEN = 999_999_999_999_999;

/** "12345.67" from 1234567 fen, by integer arithmetic (no floating point). */
export function fenToYuanString(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer number of fen: ${fen}`);
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const yuan = (abs - cents) / 100;
  return `${fen < 0 ? "-" : ""}${yuan}.${String(cents).padStart(2, "0")}`;
}

/**
 * The OCDS `amount` (a JSON number in yuan). Parsing the exact decimal string gives the double nearest to
 * it, and every decimal of at most 15 significant digits round-trips, so JSON shows exactly that decimal.
 */
export function fenToAmount(fen: number): number {
  if (!Number.isSafeInteger(fen) || Math.abs(fen) > MAX_EXACT_FEN) throw new RangeError(`amount out of exact range: ${fen}`);
  return Number(fenToYuanString(fen));
}

export const valueOf = (fen: number) => ({ amount: fenToAmount(fen), currency: CURRENCY });

// ---------------------------------------------------------------------------------------------------
// Facts: what the loader reads (public columns only) and the audited events.

export interface OrgFacts {
  id: string;
  name: string;
  creditCode: string | null;
  regionName: string | null;
}

export interface BidFacts {
  id: string;
  agencyId: string;
  priceFen: number;
  status: string;
  submittedAt: Date;
}

export interface AwardFacts {
  id: string;
  agencyId: string;
  priceFen: number;
  status: string;
  awardedAt: Date;
  finalizedAt: Date | null;
  bidId: string | null;
}

export interface ContractFacts {
  id: string;
  awardId: string;
  agencyId: string;
  amountFen: number;
  signedOn: string;
  dueOn: string;
  status: string;
  deliveredAt: Date | null;
  completedAt: Date | null;
  terminatedAt: Date | null;
  lateWorkdays: number | null;
  createdAt: Date;
}

export interface DeliveryFacts {
  status: string;
  submittedAt: Date;
  decidedAt: Date | null;
}

export interface ProjectFacts {
  id: string;
  title: string;
  description: string;
  deliverables: string;
  status: ProjectState;
  selectionMethod: string;
  priceCeilingFen: number | null;
  priceFloorFen: number | null;
  priceWeight: number | null;
  technicalWeight: number | null;
  creditWeight: number | null;
  publishedAt: Date | null;
  bidDeadline: Date | null;
  updatedAt: Date;
  /** The deadline has passed by the database's clock: the condition under which opened_bids shows bids. */
  deadlinePassed: boolean;
  item: { code: string; nameZh: string; nameEn: string };
  owner: OrgFacts;
  /** Public attachments of the notice (never confidential ones). */
  attachments: { id: string; title: string; fileId: string; mime: string }[];
  /** Amendment notices (更正公告), oldest first: which terms each changed. */
  amendments?: { id: string; revision: number; date: Date; fields: string[] }[];
  /** The cancellation notice: its ground (from the fixed list) and explanation. */
  cancellation?: { ground: string; explanation: string; stage: string; cancelledAt: Date } | null;
  /** Bids read through the opened_bids view (empty until the deadline has passed and bidding closed). */
  bids: BidFacts[];
  awards: AwardFacts[];
  contract: ContractFacts | null;
  /** The contract's deliveries in submission order. */
  deliveries: DeliveryFacts[];
  /** Every agency the bids, awards and contract name. */
  orgs: Record<string, OrgFacts>;
}

export interface ProjectEvent {
  id: number;
  action: string;
  occurredAt: Date;
  data: unknown;
}

/** The audited actions that change a process's public record, i.e. those that make a release. */
export const RELEASE_ACTIONS = [
  "project.published",
  "project.bidding",
  "project.selecting",
  "project.awarded",
  "award.final",
  "project.contracted",
  "project.delivered",
  "project.completed",
  "project.failed",
  "project.cancelled",
] as const;

interface EventData {
  from?: ProjectState;
  to?: ProjectState;
  awardId?: string;
  contractId?: string;
  returned?: boolean;
}

/** Only the members the replay needs are read from an event's data (the rest never leaves the server). */
function eventData(e: ProjectEvent): EventData {
  const d = (e.data && typeof e.data === "object" ? e.data : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    from: str(d.from) as ProjectState | undefined,
    to: str(d.to) as ProjectState | undefined,
    awardId: str(d.awardId),
    contractId: str(d.contractId),
    returned: d.returned === true,
  };
}

const transitionTo = (e: ProjectEvent): ProjectState | null =>
  e.action.startsWith("project.") ? (e.action.slice(8) as ProjectState) : null;

// ---------------------------------------------------------------------------------------------------
// The state of a process at a point of its history.

export type AwardState = "pending" | "active" | "cancelled";
export type ContractState = "active" | "completed" | "terminated";
export type DeliveryState = "submitted" | "accepted" | "returned";

export interface Snapshot {
  status: ProjectState;
  /** Bidding has closed at the deadline (the opening): from then on the bids are public. */
  opened: boolean;
  awards: Record<string, AwardState>;
  contract: ContractState | null;
  deliveries: DeliveryState[];
}

const TERMINAL: ProjectState[] = ["failed", "cancelled"];
const SEALED: ProjectState[] = ["draft", "published", "bidding"];

function contractStateOf(status: string): ContractState {
  return status === "completed" ? "completed" : status === "terminated" ? "terminated" : "active";
}

function deliveryStateOf(status: string): DeliveryState {
  return status === "accepted" ? "accepted" : status === "returned" ? "returned" : "submitted";
}

/** The current state, from the rows as they are now. */
export function currentSnapshot(f: ProjectFacts): Snapshot {
  const ended = TERMINAL.includes(f.status) && !f.contract;
  return {
    status: f.status,
    opened: f.deadlinePassed && !SEALED.includes(f.status),
    awards: Object.fromEntries(
      f.awards.map(
        (a) =>
          [
            a.id,
            a.status === "annulled" || ended ? "cancelled" : a.status === "final" || f.contract?.awardId === a.id ? "active" : "pending",
          ] as const,
      ),
    ),
    contract: f.contract ? contractStateOf(f.contract.status) : null,
    deliveries: f.deliveries.map((d) => deliveryStateOf(d.status)),
  };
}

/** One event applied to the state before it. */
export function applyEvent(s: Snapshot, e: ProjectEvent): Snapshot {
  const d = eventData(e);
  const next: Snapshot = {
    status: s.status,
    opened: s.opened,
    awards: { ...s.awards },
    contract: s.contract,
    deliveries: [...s.deliveries],
  };
  if (e.action === "award.final") {
    if (d.awardId && d.awardId in next.awards) next.awards[d.awardId] = "active";
    return next;
  }
  const to = transitionTo(e);
  if (!to) return next;
  next.status = to;
  const cancelLiveAwards = () => {
    for (const [id, st] of Object.entries(next.awards)) if (st !== "cancelled") next.awards[id] = "cancelled";
  };
  switch (to) {
    case "awarded":
      if (d.awardId) next.awards[d.awardId] = "pending";
      break;
    case "selecting":
      if (s.status === "bidding") next.opened = true;
      // Back to selection after an award (an upheld objection re-run): the award no longer stands.
      if (s.status === "awarded") cancelLiveAwards();
      break;
    case "contracted":
      if (d.returned) {
        const last = next.deliveries.length - 1;
        if (last >= 0) next.deliveries[last] = "returned";
      } else {
        next.contract = "active";
        for (const [id, st] of Object.entries(next.awards)) if (st === "pending") next.awards[id] = "active";
      }
      break;
    case "delivered":
      next.deliveries.push("submitted");
      break;
    case "completed": {
      const last = next.deliveries.length - 1;
      if (last >= 0) next.deliveries[last] = "accepted";
      next.contract = "completed";
      break;
    }
    case "failed":
    case "cancelled":
      if (next.contract) {
        next.contract = "terminated";
        const last = next.deliveries.length - 1;
        if (last >= 0 && next.deliveries[last] === "submitted") next.deliveries[last] = "returned";
      } else cancelLiveAwards();
      break;
    default:
      break;
  }
  return next;
}

/** The release tags of an event, given the state before it; null when the event makes no release. */
export function releaseTags(e: ProjectEvent, before: Snapshot): string[] | null {
  if (!(RELEASE_ACTIONS as readonly string[]).includes(e.action)) return null;
  if (e.action === "award.final") return ["awardUpdate"];
  const to = transitionTo(e)!;
  const from = eventData(e).from ?? before.status;
  switch (to) {
    case "published":
      return ["tender"];
    case "bidding":
      // bidding → bidding is a revision of the notice after publication.
      return from === "bidding" ? ["tenderAmendment"] : ["tender"];
    case "selecting":
      if (from === "draft" || from === "published") return ["tender"]; // direct selection: published straight into selection
      return from === "awarded" ? ["awardCancellation", "tenderUpdate"] : ["tenderUpdate"]; // the opening: bids become public
    case "awarded":
      return ["award"];
    case "contracted":
      return from === "delivered" ? ["implementationUpdate"] : ["contract"];
    case "delivered":
      return ["implementation"];
    case "completed":
      return ["implementationUpdate", "contractTermination"];
    case "failed":
      return from === "awarded" ? ["awardCancellation", "tenderUpdate"] : ["tenderUpdate"];
    case "cancelled":
      if (from === "contracted" || from === "delivered") return ["contractTermination"];
      return from === "awarded" ? ["tenderCancellation", "awardCancellation"] : ["tenderCancellation"];
    default:
      return null;
  }
}

export interface ReplayedRelease {
  eventId: number;
  date: Date;
  tags: string[];
  snapshot: Snapshot;
}

/**
 * Replays a process's events (in id order) into one release per event that changes the public record.
 * The state before the first event is the state that event left (its `from`); rows no event links to
 * (data loaded outside the audited modules, like the demo's) count from the start with their current state.
 */
export function replay(f: ProjectFacts, events: ProjectEvent[]): ReplayedRelease[] {
  const now = currentSnapshot(f);
  const linkedAwards = new Set(events.map((e) => (e.action === "project.awarded" ? eventData(e).awardId : undefined)).filter(Boolean));
  const contractLinked = events.some((e) => e.action === "project.contracted" && eventData(e).contractId);
  const deliveredEvents = events.filter((e) => e.action === "project.delivered").length;
  const first = events.find((e) => transitionTo(e));
  const initial = (first && eventData(first).from) ?? f.status;
  let s: Snapshot = {
    status: initial,
    opened: f.deadlinePassed && !SEALED.includes(initial),
    awards: Object.fromEntries(Object.entries(now.awards).filter(([id]) => !linkedAwards.has(id))),
    contract: contractLinked ? null : now.contract,
    deliveries: deliveredEvents > 0 ? [] : now.deliveries,
  };
  const out: ReplayedRelease[] = [];
  for (const e of events) {
    let tags = releaseTags(e, s);
    s = applyEvent(s, e);
    if (!tags) continue;
    // A process's first release always introduces the tender (tenderUpdate needs an earlier tender).
    if (out.length === 0 && !tags.includes("tender"))
      tags = tags.map((t) => (t === "tenderUpdate" || t === "tenderAmendment" ? "tender" : t));
    out.push({ eventId: e.id, date: e.occurredAt, tags, snapshot: s });
  }
  return out;
}

/** The tags of a record's only release when no event was audited (data loaded outside the modules). */
export function tagsForState(s: Snapshot): string[] {
  switch (s.status) {
    case "awarded":
      return ["tender", "award"];
    case "contracted":
      return ["tender", "award", "contract"];
    case "delivered":
      return ["tender", "award", "contract", "implementation"];
    case "completed":
      return ["tender", "award", "contract", "contractTermination"];
    case "cancelled":
      return s.contract ? ["tender", "contractTermination"] : ["tender", "tenderCancellation"];
    default:
      return ["tender"];
  }
}

// ---------------------------------------------------------------------------------------------------
// Code mappings.

export function tenderStatus(
  status: ProjectState,
  hasContract: boolean,
): "planning" | "active" | "complete" | "cancelled" | "unsuccessful" {
  switch (status) {
    case "draft":
      return "planning";
    case "published":
    case "bidding":
    case "selecting":
      return "active";
    case "awarded":
    case "contracted":
    case "delivered":
    case "completed":
      return "complete";
    case "failed":
      return "unsuccessful";
    case "cancelled":
      // A contract terminated early ends a tender that had completed.
      return hasContract ? "complete" : "cancelled";
  }
}

export function ocdsAwardStatus(s: AwardState): "pending" | "active" | "cancelled" {
  return s;
}

/** OCDS contract status: a completed contract has come to a close, which OCDS calls terminated. */
export function ocdsContractStatus(s: ContractState): "active" | "terminated" {
  return s === "active" ? "active" : "terminated";
}

/** Direct selection has no competition; every other method is open to every eligible listed agency. */
export function procurementMethod(selectionMethod: string): "open" | "direct" {
  return selectionMethod === "direct" ? "direct" : "open";
}

export const METHOD_DETAILS: Record<string, string> = {
  direct: "直接选取（direct selection）",
  randomDraw: "随机抽取（random draw, zjcs-draw-v1）",
  lowestPrice: "竞价选取，最低价中选（lowest price）",
  averagePrice: "最优价，平均价下浮（average price）",
  creditPreferred: "信用择优（credit preferred）",
  scored: "综合评分（scored: price, technical, credit）",
};

export function awardCriteria(selectionMethod: string): "priceOnly" | "ratedCriteria" | undefined {
  if (selectionMethod === "lowestPrice") return "priceOnly";
  if (selectionMethod === "scored") return "ratedCriteria";
  return undefined;
}

/** A bid read through opened_bids: valid when it stood at the opening, disqualified when found ineligible. */
export function bidStatus(status: string): "valid" | "disqualified" | "withdrawn" {
  return status === "invalid" ? "disqualified" : status === "withdrawn" ? "withdrawn" : "valid";
}

// ---------------------------------------------------------------------------------------------------
// Building releases.

const iso = (d: Date) => d.toISOString();
/** A Beijing calendar date as the start of that day (date-time, +08:00). */
const dayStart = (date: string) => `${date}T00:00:00+08:00`;
/** Periods end at 24:00 Beijing time of their last day. */
const dayEnd = (date: string) => `${date}T23:59:59+08:00`;

export function partyId(o: OrgFacts): string {
  return o.creditCode ? `${identifierScheme(o.creditCode)}-${o.creditCode}` : `ZJCS-ORG-${o.id}`;
}

const orgRef = (o: OrgFacts) => ({ id: partyId(o), name: o.name });

type Json = Record<string, unknown>;

/** Drops undefined members (and empty arrays) so releases carry only what is known. */
function compact<T extends Json>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

export interface ReleaseMeta {
  id: string;
  date: Date;
  tags: string[];
}

/** The release of a process in a given state. */
export function buildRelease(f: ProjectFacts, s: Snapshot, meta: ReleaseMeta, cfg: OcdsConfig): Json {
  const ocid = ocidOf(cfg.ocidPrefix, f.id);
  const org = (id: string): OrgFacts => f.orgs[id] ?? { id, name: id, creditCode: null, regionName: null };
  const parties = new Map<string, { o: OrgFacts; roles: Set<string> }>();
  const addParty = (o: OrgFacts, ...roles: string[]) => {
    const key = partyId(o);
    const p = parties.get(key) ?? { o, roles: new Set<string>() };
    for (const r of roles) p.roles.add(r);
    parties.set(key, p);
  };
  addParty(f.owner, "buyer", "procuringEntity");

  // Bids are public once bidding has closed at the deadline (as the opened_bids view says). A release shows
  // them from the opening on, so a process cancelled before its deadline keeps its releases as they were.
  const bidsOpen = s.opened && f.deadlinePassed && f.selectionMethod !== "direct";
  const bids = bidsOpen ? f.bids : [];
  for (const b of bids) addParty(org(b.agencyId), "tenderer");
  const tenderers = [...new Set(bids.map((b) => b.agencyId))];

  const awards = f.awards.filter((a) => a.id in s.awards);
  for (const a of awards) addParty(org(a.agencyId), "supplier");

  const projectUrl = `${cfg.baseUrl}/projects/${f.id}`;
  const documents = [
    {
      id: "notice",
      documentType: "tenderNotice",
      title: f.title,
      url: projectUrl,
      format: "text/html",
      language: "zh",
      datePublished: f.publishedAt ? iso(f.publishedAt) : undefined,
    },
    ...f.attachments.map((a) =>
      compact({
        id: a.id,
        documentType: "biddingDocuments",
        title: a.title,
        url: `${cfg.baseUrl}/files/${a.fileId}`,
        format: a.mime,
        language: "zh",
        datePublished: f.publishedAt ? iso(f.publishedAt) : undefined,
      }),
    ),
  ].map((d) => compact(d));

  // The amendment notices published by the time of this release, and the cancellation notice once made.
  const asOf = new Date(meta.date).getTime();
  const amendments = (f.amendments ?? [])
    .filter((a) => a.date.getTime() <= asOf)
    .map((a) =>
      compact({
        id: a.id,
        date: iso(a.date),
        rationale: `更正公告（第 ${a.revision} 次）`,
        description: `变更：${a.fields.join(", ")}`,
      }),
    );
  const cancellation = f.cancellation && f.cancellation.cancelledAt.getTime() <= asOf ? f.cancellation : null;
  if (cancellation)
    documents.push(
      compact({
        id: `${f.id}-cancellation`,
        documentType: "cancellationDetails",
        title: "取消公告",
        // The ground only: the explanation is free text, read on the page (open data carries no people's names).
        description: `取消理由：${translate("zh-CN", `cancel.ground.${cancellation.ground}`)}`,
        url: `${cfg.baseUrl}/projects/${f.id}#cancellation`,
        format: "text/html",
        language: "zh",
        datePublished: iso(cancellation.cancelledAt),
      }),
    );

  const direct = f.selectionMethod === "direct";
  const tender = compact({
    id: f.id,
    title: f.title,
    description: f.description,
    status: tenderStatus(s.status, s.contract !== null),
    procuringEntity: orgRef(f.owner),
    items: [
      {
        id: "1",
        description: f.deliverables || f.item.nameZh,
        classification: { scheme: ITEM_SCHEME, id: f.item.code, description: f.item.nameZh, description_en: f.item.nameEn },
        quantity: 1,
      },
    ],
    value: f.priceCeilingFen != null ? valueOf(f.priceCeilingFen) : undefined,
    minValue: f.priceFloorFen != null ? valueOf(f.priceFloorFen) : undefined,
    procurementMethod: procurementMethod(f.selectionMethod),
    procurementMethodDetails: METHOD_DETAILS[f.selectionMethod],
    mainProcurementCategory: "services",
    awardCriteria: awardCriteria(f.selectionMethod),
    awardCriteriaDetails:
      f.selectionMethod === "scored" && f.priceWeight != null
        ? `价格 ${f.priceWeight}%、技术 ${f.technicalWeight ?? 0}%、信用 ${f.creditWeight ?? 0}%`
        : undefined,
    submissionMethod: direct ? undefined : ["electronicSubmission"],
    tenderPeriod:
      !direct && f.publishedAt
        ? compact({ startDate: iso(f.publishedAt), endDate: f.bidDeadline ? iso(f.bidDeadline) : undefined })
        : undefined,
    numberOfTenderers: bidsOpen ? tenderers.length : undefined,
    tenderers: bidsOpen ? tenderers.map((id) => orgRef(org(id))) : undefined,
    documents,
    amendments: amendments.length ? amendments : undefined,
  });

  const release: Json = {
    ocid,
    id: meta.id,
    date: iso(meta.date),
    tag: meta.tags,
    initiationType: "tender",
    language: "zh",
    buyer: orgRef(f.owner),
    tender,
  };

  if (bidsOpen) {
    const valid = bids.filter((b) => b.status === "submitted");
    const prices = valid.map((b) => b.priceFen);
    const statistics: Json[] = [
      { id: "bids", measure: "bids", value: bids.length },
      { id: "validBids", measure: "validBids", value: valid.length },
      { id: "bidders", measure: "bidders", value: tenderers.length },
    ];
    if (prices.length) {
      statistics.push({
        id: "lowestValidBidValue",
        measure: "lowestValidBidValue",
        value: fenToAmount(Math.min(...prices)),
        currency: CURRENCY,
      });
      statistics.push({
        id: "highestValidBidValue",
        measure: "highestValidBidValue",
        value: fenToAmount(Math.max(...prices)),
        currency: CURRENCY,
      });
    }
    release.bids = {
      statistics,
      details: bids.map((b) => ({
        id: b.id,
        date: iso(b.submittedAt),
        status: bidStatus(b.status),
        tenderers: [orgRef(org(b.agencyId))],
        value: valueOf(b.priceFen),
      })),
    };
  }

  if (awards.length) {
    release.awards = awards.map((a) =>
      compact({
        id: a.id,
        status: ocdsAwardStatus(s.awards[a.id]!),
        date: iso(a.awardedAt),
        value: valueOf(a.priceFen),
        suppliers: [orgRef(org(a.agencyId))],
        relatedBid: a.bidId ?? undefined,
      }),
    );
  }

  const c = f.contract;
  if (c && s.contract) {
    const accepted = s.contract === "completed" ? f.deliveries.find((d) => d.status === "accepted") : undefined;
    const deliveredAt = accepted?.submittedAt ?? (s.contract === "completed" ? (c.deliveredAt ?? c.completedAt) : null);
    const submissions = s.deliveries.length;
    const returned = s.deliveries.filter((d) => d === "returned").length;
    const late = s.contract === "completed" ? (c.lateWorkdays ?? 0) : null;
    const parts = [`已提交成果 ${submissions} 次，退回 ${returned} 次`];
    if (late != null) parts.push(late > 0 ? `逾期 ${late} 个工作日交付` : "按期交付");
    if (s.contract === "terminated") parts.push("合同提前解除");
    addParty(org(c.agencyId), "supplier");
    release.contracts = [
      {
        id: c.id,
        awardID: c.awardId,
        status: ocdsContractStatus(s.contract),
        dateSigned: dayStart(c.signedOn),
        period: { startDate: dayStart(c.signedOn), endDate: dayEnd(c.dueOn) },
        value: valueOf(c.amountFen),
        implementation: {
          milestones: [
            compact({
              id: "delivery",
              title: "成果交付与验收",
              type: "delivery",
              description: parts.join("；"),
              dueDate: dayEnd(c.dueOn),
              status: s.contract === "completed" ? "met" : s.contract === "terminated" ? "notMet" : "scheduled",
              dateMet: deliveredAt && s.contract === "completed" ? iso(deliveredAt) : undefined,
            }),
          ],
        },
      },
    ];
  }

  release.parties = [...parties.values()].map(({ o, roles }) =>
    compact({
      id: partyId(o),
      name: o.name,
      identifier: o.creditCode ? { scheme: identifierScheme(o.creditCode), id: o.creditCode, legalName: o.name } : undefined,
      address: o.regionName ? { region: o.regionName, countryName: "中国" } : undefined,
      roles: [...roles],
    }),
  );
  return release;
}

/** Every release of a process: one per audited event, or one of the current state when none was audited. */
export function releasesOf(f: ProjectFacts, events: ProjectEvent[], cfg: OcdsConfig): Json[] {
  const ocid = ocidOf(cfg.ocidPrefix, f.id);
  const replayed = replay(f, events);
  if (replayed.length)
    return replayed.map((r) => buildRelease(f, r.snapshot, { id: `${ocid}-${r.eventId}`, date: r.date, tags: r.tags }, cfg));
  const s = currentSnapshot(f);
  return [buildRelease(f, s, { id: `${ocid}-current`, date: f.updatedAt, tags: tagsForState(s) }, cfg)];
}

export interface PackageMeta {
  uri: string;
  publishedDate: Date;
}

function packageHead(meta: PackageMeta, cfg: OcdsConfig) {
  return {
    uri: meta.uri,
    version: OCDS_VERSION,
    extensions: [BIDS_EXTENSION_URL],
    publishedDate: iso(meta.publishedDate),
    publisher: { name: PUBLISHER_NAME, uri: cfg.baseUrl },
    license: DATA_LICENSE_URL,
    publicationPolicy: `${cfg.baseUrl}/open-data`,
  };
}

export function releasePackage(releases: Json[], meta: PackageMeta & { next?: string }, cfg: OcdsConfig): Json {
  return { ...packageHead(meta, cfg), releases, ...(meta.next ? { links: { next: meta.next } } : {}) };
}

/** The record of a process: its releases embedded (oldest first) and the compiled current state. */
export function recordPackage(f: ProjectFacts, events: ProjectEvent[], meta: PackageMeta, cfg: OcdsConfig): Json {
  const ocid = ocidOf(cfg.ocidPrefix, f.id);
  const releases = releasesOf(f, events, cfg);
  const latest = releases[releases.length - 1]!;
  const compiledRelease = buildRelease(
    f,
    currentSnapshot(f),
    { id: `${ocid}-compiled`, date: new Date(latest.date as string), tags: ["compiled"] },
    cfg,
  );
  return { ...packageHead(meta, cfg), packages: [`${cfg.baseUrl}/ocds/releases`], records: [{ ocid, releases, compiledRelease }] };
}
