// The populations projects draw on, read once from the database in a stable order: generated agencies
// with their listings, verified certificates and restricting sanctions, and generated owners. Traits the
// history needs but the schema does not store (how active an agency is, how good, how it prices) are
// functions of the run's seed and the agency's serial, so the same data set comes out every time.
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { RESTRICTING_TYPES } from "~/modules/trust/sanctions.rules";
import { decodeSerial, type BaseContext, type Item } from "./context";
import { rngFor, type Rng } from "./random";

export const SALT_AGENCY_TRAITS = 0x7a17;
export const SALT_OWNER_TRAITS = 0x0b7a;

export interface Restriction {
  fromMs: number;
  toMs: number;
  regions: string[];
  items: number[];
}

export interface AgencyP {
  idx: number;
  id: string;
  serial: number;
  name: string;
  creditCode: string;
  regionCode: string;
  createdMs: number;
  rep: string | null;
  userId: string | null;
  /** How often it bids, relative to others (log-normal: a few agencies are everywhere). */
  weight: number;
  /** 0–1: how good its work is (on time, reviews, technical scores). */
  quality: number;
  /** Its usual price as a share of what it may ask (the ceiling or its own maximum fee). */
  priceLevel: number;
  /** The credit score a selection of the time would have used (0–100, whole points). */
  credit: number;
  onTime: number;
  restrictions: Restriction[];
}

export interface ListingP {
  agency: number;
  item: number;
  listedMs: number;
  /** Regions served; null = everywhere. */
  regions: string[] | null;
  feeMode: string;
  feeMinFen: number | null;
  feeMaxFen: number | null;
  committedDays: number;
  version: number;
  /** Verified certificates: [valid from (ms), valid to (ms, end of day), reviewed at (ms)]. */
  certificates: [number, number, number][];
}

export interface OwnerP {
  idx: number;
  id: string;
  serial: number;
  name: string;
  creditCode: string;
  department: boolean;
  regionCode: string;
  createdMs: number;
  rep: string | null;
  userId: string;
  weight: number;
  /** The items this owner commissions most. */
  favourites: number[];
}

/** Members ordered by the time they appear, with running weights: "pick one that existed at t". */
export class TimedPool {
  readonly members: number[] = [];
  private times = new Float64Array(0);
  private cum = new Float64Array(0);
  private pendingTimes: number[] = [];
  private pendingWeights: number[] = [];

  add(member: number, timeMs: number, weight: number): void {
    this.members.push(member);
    this.pendingTimes.push(timeMs);
    this.pendingWeights.push(weight);
  }

  /** Sorts by time (then member) and computes the running weights; call once after the last add. */
  seal(): void {
    const order = this.members
      .map((_, i) => i)
      .sort((a, b) => this.pendingTimes[a]! - this.pendingTimes[b]! || this.members[a]! - this.members[b]!);
    const members = order.map((i) => this.members[i]!);
    this.times = Float64Array.from(order.map((i) => this.pendingTimes[i]!));
    this.cum = new Float64Array(order.length);
    let c = 0;
    order.forEach((i, k) => {
      c += this.pendingWeights[i]!;
      this.cum[k] = c;
    });
    this.members.length = 0;
    this.members.push(...members);
    this.pendingTimes = [];
    this.pendingWeights = [];
  }

  /** How many members appeared before `tMs`. */
  countBefore(tMs: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < tMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The total weight of the first `n` members. */
  weightOf(n: number): number {
    return n > 0 ? this.cum[n - 1]! : 0;
  }

  /** One of the first `n` members, by weight. */
  sample(rng: Rng, n: number): number {
    const r = rng.next() * this.weightOf(n);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! <= r) lo = mid + 1;
      else hi = mid;
    }
    return this.members[lo]!;
  }
}

export interface Pools {
  agencies: AgencyP[];
  listings: ListingP[];
  /** listing index by agency and item: `${agency}:${item}`. */
  listingOf: Map<string, number>;
  /** Listings of an item, of an item in a province, of an item in a city (by the agency's seat). */
  byItem: Map<number, TimedPool>;
  byItemProvince: Map<string, TimedPool>;
  byItemCity: Map<string, TimedPool>;
  owners: OwnerP[];
  ownersByTime: TimedPool;
}

function traits(rng: Rng) {
  const z = rng.normal();
  const z2 = rng.normal();
  const quality = 1 / (1 + Math.exp(-(0.9 * z + 0.7 * z2)));
  return {
    weight: Math.exp(1.3 * z),
    quality,
    priceLevel: Math.min(0.99, Math.max(0.72, 0.94 - 0.18 * quality + 0.03 * rng.normal())),
    credit: Math.min(99, Math.max(45, Math.round(64 + 32 * quality + 3 * rng.normal()))),
    onTime: 0.62 + 0.36 * quality,
  };
}

/** Picks `count` distinct items by popularity, the first one's category made likelier (as agencies do). */
export function favouriteItems(rng: Rng, items: Item[], count: number): number[] {
  const weights = items.map((i) => i.weight);
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const i = rng.weighted(weights);
    out.push(items[i]!.id);
    weights[i] = 0;
    if (k === 0) for (let j = 0; j < items.length; j++) if (items[j]!.category === items[i]!.category) weights[j] = weights[j]! * 4;
  }
  return out;
}

const CITY = (code: string) => `${code.slice(0, 4)}00`;
const PROVINCE = (code: string) => code.slice(0, 2);

export async function loadPools(db: Kysely<DB>, ctx: BaseContext): Promise<Pools> {
  const agencyRows = await db
    .selectFrom("organizations as o")
    .leftJoin("memberships as m", "m.orgId", "o.id")
    .select([
      "o.id",
      "o.name",
      "o.creditCode",
      "o.regionCode",
      "o.createdAt",
      "o.legalRepresentative",
      "m.userId",
      sql<string>`substr(o.credit_code, 12, 6)`.as("serial"),
    ])
    .where("o.kind", "=", "agency")
    .where(sql<boolean>`substr(o.credit_code, 9, 3) = 'MAG'`)
    .orderBy(sql`substr(o.credit_code, 12, 6) collate "C"`)
    .orderBy("m.userId")
    .execute();
  const agencies: AgencyP[] = [];
  const agencyIdx = new Map<string, number>();
  const byCode = new Map<string, number>();
  for (const r of agencyRows) {
    if (agencyIdx.has(r.id)) continue;
    const serial = decodeSerial(r.serial);
    const t = traits(rngFor(ctx.seed, SALT_AGENCY_TRAITS, serial));
    const a: AgencyP = {
      idx: agencies.length,
      id: r.id,
      serial,
      name: r.name,
      creditCode: r.creditCode!,
      regionCode: r.regionCode,
      createdMs: r.createdAt.getTime(),
      rep: r.legalRepresentative?.trim() || null,
      userId: r.userId,
      ...t,
      restrictions: [],
    };
    agencyIdx.set(r.id, a.idx);
    byCode.set(a.creditCode, a.idx);
    agencies.push(a);
  }

  const listingRows = await db
    .selectFrom("agencyServices as s")
    .innerJoin("organizations as o", "o.id", "s.agencyId")
    .select([
      "s.agencyId",
      "s.serviceItemId",
      "s.feeMode",
      "s.feeMinFen",
      "s.feeMaxFen",
      "s.committedDays",
      "s.regions",
      "s.createdAt",
      "s.version",
    ])
    .where("s.active", "=", true)
    .where("o.kind", "=", "agency")
    .where(sql<boolean>`substr(o.credit_code, 9, 3) = 'MAG'`)
    .execute();
  const certRows = await db
    .selectFrom("qualifications as q")
    .innerJoin("organizations as o", "o.id", "q.agencyId")
    .select(["q.agencyId", "q.serviceItemId", "q.validFrom", "q.validTo", "q.reviewedAt"])
    .where("q.status", "=", "verified")
    .where(sql<boolean>`substr(o.credit_code, 9, 3) = 'MAG'`)
    .execute();
  const certs = new Map<string, [number, number, number][]>();
  for (const c of certRows) {
    const key = `${agencyIdx.get(c.agencyId)}:${c.serviceItemId}`;
    const from = Date.parse(`${c.validFrom}T00:00:00+08:00`);
    const to = Date.parse(`${c.validTo}T00:00:00+08:00`) + 86_400_000 - 1;
    if (!certs.has(key)) certs.set(key, []);
    certs.get(key)!.push([from, to, c.reviewedAt ? c.reviewedAt.getTime() : from]);
  }
  const listings: ListingP[] = listingRows
    .map((r) => {
      const agency = agencyIdx.get(r.agencyId)!;
      return {
        agency,
        item: r.serviceItemId,
        listedMs: r.createdAt.getTime(),
        regions: r.regions.length ? r.regions.map((x) => x.trim()) : null,
        feeMode: r.feeMode,
        feeMinFen: r.feeMinFen,
        feeMaxFen: r.feeMaxFen,
        committedDays: r.committedDays,
        version: r.version,
        certificates: certs.get(`${agency}:${r.serviceItemId}`) ?? [],
      };
    })
    .sort((a, b) => a.agency - b.agency || a.item - b.item);
  const listingOf = new Map<string, number>();
  const byItem = new Map<number, TimedPool>();
  const byItemProvince = new Map<string, TimedPool>();
  const byItemCity = new Map<string, TimedPool>();
  const pool = <K>(m: Map<K, TimedPool>, k: K) => {
    let p = m.get(k);
    if (!p) m.set(k, (p = new TimedPool()));
    return p;
  };
  listings.forEach((l, i) => {
    const a = agencies[l.agency]!;
    listingOf.set(`${l.agency}:${l.item}`, i);
    const t = Math.max(l.listedMs, a.createdMs);
    pool(byItem, l.item).add(i, t, a.weight);
    pool(byItemProvince, `${l.item}:${PROVINCE(a.regionCode)}`).add(i, t, a.weight);
    pool(byItemCity, `${l.item}:${CITY(a.regionCode)}`).add(i, t, a.weight);
  });
  for (const m of [byItem, byItemProvince, byItemCity]) for (const p of m.values()) p.seal();

  // Sanctions in force restrict bidding wherever their scope covers the project (matched by credit code).
  const sanctionRows = await db
    .selectFrom("sanctions as s")
    .innerJoin("sanctionSubjects as ss", "ss.sanctionId", "s.id")
    .select(["ss.creditCode", "s.type", "s.startsAt", "s.endsAt", "s.liftedAt", "s.scopeRegions", "s.scopeItems"])
    .where("s.type", "in", RESTRICTING_TYPES)
    .execute();
  for (const s of sanctionRows) {
    const idx = byCode.get(s.creditCode);
    if (idx === undefined) continue;
    const end = Math.min(s.endsAt ? s.endsAt.getTime() : Infinity, s.liftedAt ? s.liftedAt.getTime() : Infinity);
    agencies[idx]!.restrictions.push({
      fromMs: s.startsAt.getTime(),
      toMs: end,
      regions: s.scopeRegions.map((r) => r.trim()),
      items: s.scopeItems,
    });
  }

  const ownerRows = await db
    .selectFrom("organizations as o")
    .innerJoin("memberships as m", "m.orgId", "o.id")
    .select([
      "o.id",
      "o.name",
      "o.creditCode",
      "o.ownerType",
      "o.regionCode",
      "o.createdAt",
      "o.legalRepresentative",
      "m.userId",
      sql<string>`substr(o.credit_code, 12, 6)`.as("serial"),
    ])
    .where("o.kind", "=", "owner")
    .where(sql<boolean>`substr(o.credit_code, 9, 3) = 'MAH'`)
    .orderBy(sql`substr(o.credit_code, 12, 6) collate "C"`)
    .orderBy("m.userId")
    .execute();
  const owners: OwnerP[] = [];
  const seen = new Set<string>();
  const ownersByTime = new TimedPool();
  for (const r of ownerRows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const serial = decodeSerial(r.serial);
    const rng = rngFor(ctx.seed, SALT_OWNER_TRAITS, serial);
    const department = r.ownerType === "department";
    const o: OwnerP = {
      idx: owners.length,
      id: r.id,
      serial,
      name: r.name,
      creditCode: r.creditCode!,
      department,
      regionCode: r.regionCode,
      createdMs: r.createdAt.getTime(),
      rep: r.legalRepresentative?.trim() || null,
      userId: r.userId,
      weight: Math.exp(0.9 * rng.normal()) * (department ? 1.6 : 1),
      favourites: favouriteItems(rng, ctx.items, 3),
    };
    owners.push(o);
    ownersByTime.add(o.idx, o.createdMs, o.weight);
  }
  ownersByTime.seal();
  return { agencies, listings, listingOf, byItem, byItemProvince, byItemCity, owners, ownersByTime };
}

/** Whether a sanction of the agency in force at `t` restricts it from a project in `region` for `item`. */
export function restricted(a: AgencyP, tMs: number, region: string, item: number): boolean {
  for (const r of a.restrictions) {
    if (r.fromMs > tMs || r.toMs <= tMs) continue;
    const regionOk =
      r.regions.length === 0 ||
      r.regions.some((x) =>
        x.endsWith("0000") ? region.startsWith(x.slice(0, 2)) : x.endsWith("00") ? region.startsWith(x.slice(0, 4)) : x === region,
      );
    if (regionOk && (r.items.length === 0 || r.items.includes(item))) return true;
  }
  return false;
}

export { CITY as cityOf, PROVINCE as provinceOf };
