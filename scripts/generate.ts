// npm run db:generate -- [--scale full|small] [--agencies N] [--owners N] [--projects N] [--bids-per-project MEAN]
//                        [--seed 1] [--append] [--batch N] [--project-batch N] [--no-credit]
//
// Fills the database (DATABASE_URL → PostgreSQL, else PGlite in $DATA_DIR/pglite) with generated data
// for load tests and benchmarks, all derived from a seeded PRNG, so the same seed and scale give the
// same rows. First agencies: organisations, their service listings (with version 1 of each), and
// qualification certificates. Generated agencies carry credit codes 91 + region + "MAG" + serial +
// check char; demo codes use "MA0", so the two never collide, and a second run refuses unless --append
// (which continues the serials). Then (scripts/generate/*.ts) owners with their accounts, sanctions, and
// projects through every state with their bids, selections, awards, contracts, deliveries, reviews,
// complaints, breach events and the audit chain; see scripts/generate/projects.ts.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { demoCreditCode } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { CURRENT_PLEDGE_VERSION } from "~/modules/agencies/pledge";
import {
  BRAND_1,
  BRAND_2,
  BUILDINGS,
  DAY,
  MAX_SERIAL,
  ROADS,
  YEAR,
  decodeSerial,
  dateOnly,
  ensureRegulator,
  generatedSerial,
  loadContext,
  personName,
  roundFen,
  shortPlaceName,
  type BaseContext,
  type Category,
  type Item,
} from "./generate/context";
import { WorkCalendar } from "./generate/calendar";
import { ensureAgencyAccounts, generateOwners } from "./generate/owners";
import { loadPools } from "./generate/pools";
import { ProjectBuilder, generateProjects, nationalPolicy, type ProjectTotals } from "./generate/projects";
import { Rng, mix, stableUuid } from "./generate/random";
import { generateSanctions } from "./generate/sanctions";

export { mulberry32, stableUuid } from "./generate/random";
export { generatedSerial, shortPlaceName } from "./generate/context";

// ───────────────────────────── word lists of agencies ─────────────────────────────

const NAME_WORDS: Record<Category, [string[], string[]]> = {
  environment: [
    ["环境", "环保", "生态环境", "环境工程", "环境"],
    ["工程咨询", "技术咨询", "科技", "技术服务", "咨询"],
  ],
  land: [
    ["土地", "国土", "规划", "林业"],
    ["规划设计", "勘测规划", "咨询", "技术服务"],
  ],
  construction: [
    ["工程", "建设工程", "工程造价", "建设", "建筑工程"],
    ["咨询", "造价咨询", "项目管理", "检测", "设计", "监理"],
  ],
  safety: [
    ["安全", "安全技术", "职业卫生", "安全评价", "应急"],
    ["咨询", "技术服务", "评价", "科技", "技术"],
  ],
  energy: [
    ["节能", "能源", "绿色建筑", "低碳"],
    ["科技", "技术服务", "咨询", "评估"],
  ],
  valuation: [
    ["资产评估", "房地产估价", "土地评估", "评估"],
    ["", "咨询", "事务所"],
  ],
  finance: [
    ["会计师", "审计", "税务师"],
    ["事务所", "咨询"],
  ],
  survey: [
    ["测绘", "勘测", "地理信息", "空间信息", "测绘工程"],
    ["", "技术", "科技", "院", "技术服务"],
  ],
  water: [
    ["水利", "水务", "水土保持", "水利水电"],
    ["勘测设计", "咨询", "技术服务", "工程咨询"],
  ],
  other: [
    ["气象", "防雷", "地震工程", "工程"],
    ["科技", "技术服务", "咨询", "检测"],
  ],
};

const SCOPE_PHRASES: Record<Category, string[]> = {
  environment: [
    "环境影响评价",
    "环境监测",
    "清洁生产审核",
    "排污许可咨询",
    "环保工程设计",
    "生态修复技术咨询",
    "环境保护验收监测",
    "环境污染治理技术咨询",
  ],
  land: ["土地规划", "土地整治", "不动产登记代理", "林业调查规划设计", "土地勘测定界", "国土空间规划编制"],
  construction: [
    "工程造价咨询",
    "招标代理",
    "工程监理",
    "建设工程质量检测",
    "工程勘察",
    "工程设计",
    "施工图审查",
    "全过程工程咨询",
    "项目管理",
  ],
  safety: ["安全评价", "职业卫生技术服务", "安全生产技术咨询", "安全培训", "消防设施检测", "应急预案编制"],
  energy: ["节能评估", "能源审计", "合同能源管理", "绿色建筑评价咨询", "碳排放核查"],
  valuation: ["资产评估", "房地产估价", "土地估价", "机动车鉴定评估", "司法鉴定评估"],
  finance: ["审计", "验资", "财务咨询", "税务咨询", "代理记账", "清产核资"],
  survey: ["工程测量", "不动产测绘", "地理信息系统工程", "摄影测量与遥感", "地图编制", "海洋测绘"],
  water: ["水资源论证", "水土保持方案编制", "防洪影响评价", "水文水资源调查", "水利工程咨询"],
  other: ["防雷装置检测", "气候可行性论证", "地震安全性评价", "技术咨询"],
};
const GENERAL_PHRASES = ["技术咨询", "技术服务", "信息咨询服务（不含许可类信息咨询服务）", "会议及展览服务", "软件开发", "技术培训"];

const ISSUERS: Record<Category, string> = {
  environment: "市场监督管理局",
  land: "自然资源厅",
  construction: "住房和城乡建设厅",
  safety: "应急管理厅",
  energy: "发展和改革委员会",
  valuation: "财政厅",
  finance: "财政厅",
  survey: "自然资源厅",
  water: "水利厅",
  other: "气象局",
};

const RATE_BASIS: Partial<Record<Category, string>> = {
  valuation: "按评估资产总额分档累进计费",
  finance: "按审计资产总额分档累进计费",
  construction: "按工程建设项目总投资额计费",
};

const REJECT_REASONS = ["证书扫描件不清晰，请重新上传", "证书有效期与登记信息不一致", "证书类别与所列服务事项不符"];

// ───────────────────────────── the generator ─────────────────────────────

/** The mean bids a project gets by default: with the projects that never reach bidding, 5.8 gives about
 * 5 bids per project, the load the benchmarks target (the generated distribution is in db/README.md). */
export const DEFAULT_BID_MEAN = 5.8;

export interface GenerateOptions {
  agencies: number;
  /** Owners (enterprises and departments, with an account each); default projects / 50 when projects are asked for, else 0. */
  owners?: number;
  /** Projects through every state with their bids, selections, awards, contracts, … (default 0). */
  projects?: number;
  /** The mean of the bids wanted per project before supply limits (default 5: most 2–5, a tail to ~30, some 0–1). */
  bidsPerProject?: number;
  /** Sanctions of this run's agencies (default: when projects are generated). */
  sanctions?: boolean;
  /** Credit scores of every agency at the end, by the app's job (default: when projects are generated). */
  credit?: boolean;
  seed?: number;
  /** Add to earlier generated agencies (owners, projects) instead of refusing. */
  append?: boolean;
  /** Agencies per transaction (default 1000). */
  batchSize?: number;
  /** Projects per transaction, with everything that belongs to them (default 2000). */
  projectBatchSize?: number;
  /** Project batches written at once, each on its own connection (default 2 on PostgreSQL, 1 on PGlite, which has one connection). */
  parallel?: number;
  /** The moment the data is generated "at": creation dates lie in the three years before it. */
  now?: Date;
  /** The agencies phase, as before. */
  onProgress?: (p: { done: number; total: number; elapsedMs: number }) => void;
  /** Every phase: "agencies", "owners", "accounts", "sanctions", "projects", "credit", "analyze". */
  onPhaseProgress?: (phase: string, p: { done: number; total: number; elapsedMs: number }) => void;
}

export interface GenerateTotals {
  agencies: number;
  services: number;
  versions: number;
  qualifications: number;
  firstSerial: number;
  elapsedMs: number;
  owners: number;
  agencyAccounts: number;
  sanctions: number;
  sanctionSubjects: number;
  projects: ProjectTotals | null;
  creditScores: number;
  /** Milliseconds per phase. */
  phases: Record<string, number>;
}

export class GeneratedDataExistsError extends Error {
  constructor(
    readonly existing: number,
    what = "agencies are",
  ) {
    super(`${existing} generated ${what} already in this database; run with --append to add more, or use a fresh database`);
    this.name = "GeneratedDataExistsError";
  }
}

interface Context extends BaseContext {
  regulatorUserId: string;
  regulatorOrgId: string;
}

/** Generated agencies: their credit codes read 91 + region + "MAG" + serial + check character. */
const isGenerated = sql<boolean>`substr(credit_code, 9, 3) = 'MAG'`;

async function existingGenerated(db: Kysely<DB>): Promise<{ count: number; maxSerial: number }> {
  const row = await db
    .selectFrom("organizations")
    .select((eb) => [eb.fn.countAll<number>().as("n"), sql<string | null>`max(substr(credit_code, 12, 6) collate "C")`.as("max")])
    .where("kind", "=", "agency")
    .where(isGenerated)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), maxSerial: row.max ? decodeSerial(row.max) : 0 };
}

interface Batch {
  organizations: {
    id: string;
    kind: "agency";
    name: string;
    creditCode: string;
    regionCode: string;
    legalRepresentative: string;
    address: string;
    contactPerson: string;
    contactPhone: string;
    contactPublic: boolean;
    businessScope: string;
    pledgeVersion: string;
    pledgeSignedAt: Date;
    createdAt: Date;
  }[];
  services: {
    id: string;
    agencyId: string;
    serviceItemId: number;
    version: number;
    active: boolean;
    feeMode: string;
    feeMinFen: number | null;
    feeMaxFen: number | null;
    feeRateBp: number | null;
    feeBasis: string | null;
    committedDays: number;
    pledge: string;
    regions: string[];
    createdAt: Date;
    updatedAt: Date;
  }[];
  versions: {
    agencyServiceId: string;
    version: number;
    active: boolean;
    feeMode: string;
    feeMinFen: number | null;
    feeMaxFen: number | null;
    feeRateBp: number | null;
    feeBasis: string | null;
    committedDays: number;
    pledge: string;
    regions: string[];
    createdAt: Date;
    createdBy: null;
  }[];
  qualifications: {
    id: string;
    agencyId: string;
    serviceItemId: number;
    qualType: string;
    level: string | null;
    certificateNo: string;
    issuer: string;
    validFrom: string;
    validTo: string;
    status: "pending" | "verified" | "rejected";
    reviewedBy: string | null;
    reviewerOrgId: string | null;
    reviewedAt: Date | null;
    reviewReason: string | null;
    createdAt: Date;
  }[];
}

function pickItems(rng: Rng, items: Item[], count: number): Item[] {
  const chosen: Item[] = [];
  const weights = items.map((i) => i.weight);
  for (let k = 0; k < count; k++) {
    const i = rng.weighted(weights);
    const item = items[i]!;
    chosen.push(item);
    weights[i] = 0;
    // Agencies tend to offer related services: the first item's category gets more likely.
    if (k === 0) {
      for (let j = 0; j < items.length; j++) if (items[j]!.category === item.category) weights[j] = weights[j]! * 6;
    }
  }
  return chosen;
}

/** Every row of one agency; a function of the run's seed and the agency's serial only. */
function buildAgency(ctx: Context, serial: number, out: Batch): void {
  const rng = new Rng(mix(ctx.seed, serial), mix(ctx.seed ^ 0x5bd1e995, serial ^ 0x27d4eb2f));
  const provinceIdx = rng.weighted(ctx.provinceWeights);
  const provincePlaces = ctx.places[provinceIdx]!;
  const place = rng.pick(provincePlaces);
  const serviceCount = 1 + rng.weighted([30, 28, 20, 13, 9]);
  const items = pickItems(rng, ctx.items, serviceCount);
  const main = items[0]!;

  const nameUse = rng.next();
  const placeName = shortPlaceName(
    nameUse < 0.6 ? place.cityName : nameUse < 0.85 || !place.districtName ? place.provinceName : place.districtName,
  );
  const b1 = rng.pick([...BRAND_1]);
  const b2 = rng.pick([...BRAND_2]);
  const brand = b1 + (b2 === b1 ? "达" : b2);
  const [w1, w2] = NAME_WORDS[main.category];
  let name: string;
  if (main.category === "finance") {
    name = `${placeName}${brand}${rng.chance(0.7) ? "会计师事务所" : "税务师事务所"}${rng.pick(["（普通合伙）", "（特殊普通合伙）", "有限公司"])}`;
  } else {
    const word2 = rng.pick(w2);
    const suffix =
      word2 === "事务所" || word2 === "院"
        ? "有限公司"
        : rng.pick(["有限公司", "有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]);
    // "安全技术" + "技术服务" reads "安全技术服务", as a registrar would have it.
    name = `${placeName}${brand}${rng.pick(w1)}${word2}${suffix}`.replace(/(..)\1/g, "$1");
  }

  const scope = new Set<string>();
  const mainPhrases = SCOPE_PHRASES[main.category];
  const nMain = rng.int(2, Math.min(4, mainPhrases.length));
  while (scope.size < nMain) scope.add(rng.pick(mainPhrases));
  for (const it of items.slice(1)) if (rng.chance(0.5)) scope.add(rng.pick(SCOPE_PHRASES[it.category]));
  for (let i = rng.int(0, 2); i > 0; i--) scope.add(rng.pick(GENERAL_PHRASES));
  const businessScope = `${[...scope].join("、")}${rng.chance(0.5) ? "（依法须经批准的项目，经相关部门批准后方可开展经营活动）" : ""}`;

  const address = `${place.provinceName === place.cityName ? "" : place.provinceName}${place.cityName}${place.districtName ?? ""}${rng.pick(ROADS)}${rng.int(1, 999)}号${
    rng.chance(0.5) ? `${rng.pick(BUILDINGS)}${rng.int(2, 28)}层` : ""
  }`;
  const nowMs = ctx.now.getTime();
  const createdMs = nowMs - Math.floor(3 * YEAR * rng.next() ** 1.4) - rng.int(60_000, 3_600_000);
  const createdAt = new Date(createdMs);
  let slot = 0;
  const id = stableUuid(ctx.seed, serial, slot++);
  const mobile = `1${rng.pick(["3", "5", "7", "8", "9"])}${String(rng.int(0, 999_999_999)).padStart(9, "0")}`;
  out.organizations.push({
    id,
    kind: "agency",
    name,
    creditCode: demoCreditCode(place.code, generatedSerial(serial)),
    regionCode: place.code,
    legalRepresentative: personName(rng),
    address,
    contactPerson: personName(rng),
    contactPhone: mobile,
    contactPublic: rng.chance(0.6),
    businessScope,
    pledgeVersion: CURRENT_PLEDGE_VERSION,
    pledgeSignedAt: new Date(createdMs + rng.int(0, 600_000)),
    createdAt,
  });

  const cities = ctx.citiesByProvince.get(place.province) ?? [place.cityCode];
  for (const item of items) {
    const listedMs = Math.min(nowMs, createdMs + rng.int(600_000, 30 * DAY));
    const rateLikely = RATE_BASIS[item.category] ? 0.3 : 0.08;
    const mode = rng.chance(rateLikely) ? "rate" : rng.chance(0.55) ? "range" : "fixed";
    let feeMinFen: number | null = null;
    let feeMaxFen: number | null = null;
    let feeRateBp: number | null = null;
    let feeBasis: string | null = null;
    const amount = Math.min(50_000_000, Math.max(500_000, roundFen(item.typicalFen * Math.exp((rng.next() + rng.next() - 1) * 1.2))));
    if (mode === "fixed") {
      feeMinFen = feeMaxFen = amount;
    } else if (mode === "range") {
      feeMinFen = Math.max(500_000, roundFen(amount * 0.75));
      feeMaxFen = Math.min(50_000_000, roundFen(feeMinFen * (1.3 + rng.next() * 1.7)));
      if (feeMaxFen <= feeMinFen) feeMinFen = feeMaxFen - 200_000;
    } else {
      feeRateBp = rng.int(4, 60) * 5; // 0.2 % … 3 %
      feeBasis = RATE_BASIS[item.category] ?? "按项目总投资额计费";
    }
    const sd = item.statutoryDays;
    const committedDays = sd ? rng.int(Math.max(1, Math.ceil(sd * 0.35)), sd) : rng.int(15, 120);
    const regions = new Set<string>();
    if (rng.chance(0.35)) {
      for (let n = rng.int(1, 3); n > 0; n--) {
        const r = rng.next();
        if (r < 0.4) regions.add(`${place.province}0000`);
        else if (r < 0.75) regions.add(place.cityCode);
        else if (r < 0.9) regions.add(rng.pick(cities));
        else regions.add(`${ctx.provinceCodes[rng.weighted(ctx.provinceWeights)]}0000`);
      }
    }
    const pledge = `本机构承诺在${committedDays}日内完成${item.nameZh}，严格执行公示收费标准，不另行收取任何费用。`;
    const serviceId = stableUuid(ctx.seed, serial, slot++);
    const listed = new Date(listedMs);
    const listing = {
      active: true,
      feeMode: mode,
      feeMinFen,
      feeMaxFen,
      feeRateBp,
      feeBasis,
      committedDays,
      pledge,
      regions: [...regions].sort(),
    };
    out.services.push({
      id: serviceId,
      agencyId: id,
      serviceItemId: item.id,
      version: 1,
      ...listing,
      createdAt: listed,
      updatedAt: listed,
    });
    out.versions.push({ agencyServiceId: serviceId, version: 1, ...listing, createdAt: listed, createdBy: null });

    if (item.qualification && rng.chance(0.6)) {
      const submittedMs = Math.min(nowMs, listedMs + rng.int(0, 5 * DAY));
      const expired = rng.chance(0.12);
      const validToMs = expired ? nowMs - rng.int(1, 200) * DAY : nowMs + rng.int(20, 4 * 365) * DAY;
      const validFromMs = Math.min(submittedMs - rng.int(0, 90) * DAY, validToMs - rng.pick([3, 5]) * YEAR);
      const u = rng.next();
      const status = u < 0.78 ? "verified" : u < 0.93 ? "pending" : "rejected";
      const reviewedAt = status === "pending" ? null : new Date(Math.min(nowMs, submittedMs + rng.int(3_600_000, 10 * DAY)));
      const level = /甲级或乙级/.test(item.qualification)
        ? rng.pick(["甲级", "乙级"])
        : /综合资质/.test(item.qualification)
          ? rng.pick(["综合资质", "专业资质"])
          : null;
      out.qualifications.push({
        id: stableUuid(ctx.seed, serial, slot++),
        agencyId: id,
        serviceItemId: item.id,
        qualType: item.qualification
          .split(/[（；;(]/)[0]!
          .trim()
          .slice(0, 60),
        level,
        certificateNo: `${item.category.slice(0, 2).toUpperCase()}${place.province}${new Date(validFromMs).getUTCFullYear()}${String(rng.int(0, 999_999)).padStart(6, "0")}`,
        issuer: `${place.provinceName}${ISSUERS[item.category]}`,
        validFrom: dateOnly(validFromMs),
        validTo: dateOnly(validToMs),
        status,
        reviewedBy: status === "pending" ? null : ctx.regulatorUserId,
        reviewerOrgId: status === "pending" ? null : ctx.regulatorOrgId,
        reviewedAt,
        reviewReason: status === "rejected" ? rng.pick(REJECT_REASONS) : null,
        createdAt: new Date(submittedMs),
      });
    }
  }
}

/** The rows of the agencies with serials [from, to). */
function buildBatch(ctx: Context, from: number, to: number): Batch {
  const out: Batch = { organizations: [], services: [], versions: [], qualifications: [] };
  for (let s = from; s < to; s++) buildAgency(ctx, s, out);
  return out;
}

const ROWS_PER_STATEMENT = 1000;

async function insertBatch(db: Kysely<DB>, b: Batch): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Bulk load: a crash loses at most the last batches, which --append can redo.
    await sql`set local synchronous_commit = off`.execute(trx);
    const chunks = <T>(rows: T[]) =>
      Array.from({ length: Math.ceil(rows.length / ROWS_PER_STATEMENT) }, (_, i) =>
        rows.slice(i * ROWS_PER_STATEMENT, (i + 1) * ROWS_PER_STATEMENT),
      );
    for (const c of chunks(b.organizations)) await trx.insertInto("organizations").values(c).execute();
    for (const c of chunks(b.services)) await trx.insertInto("agencyServices").values(c).execute();
    for (const c of chunks(b.versions)) await trx.insertInto("agencyServiceVersions").values(c).execute();
    for (const c of chunks(b.qualifications)) await trx.insertInto("qualifications").values(c).execute();
  });
}

/**
 * Generates `agencies` agencies with their listings and certificates; then, when asked, `owners` owners
 * and `projects` projects with everything that happens to them (scripts/generate/projects.ts). The
 * database must be migrated and hold the reference data. Refuses when generated data exists, unless
 * `append`. The same seed and scale give the same rows.
 */
export async function generate(db: Kysely<DB>, opts: GenerateOptions): Promise<GenerateTotals> {
  const started = performance.now();
  const total = opts.agencies;
  const whole = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number ≥ 0, not ${v}`);
    return v;
  };
  whole("agencies", total);
  const projectCount = whole("projects", opts.projects ?? 0);
  const ownerCount = whole("owners", opts.owners ?? (projectCount > 0 ? Math.max(10, Math.round(projectCount / 50)) : 0));
  const bidMean = opts.bidsPerProject ?? DEFAULT_BID_MEAN;
  if (!(bidMean >= 1.5 && bidMean <= 30)) throw new Error(`--bids-per-project must be between 1.5 and 30, not ${bidMean}`);
  const seed = opts.seed ?? 1;
  const batchSize = Math.max(1, opts.batchSize ?? 1000);
  const projectBatch = Math.max(1, opts.projectBatchSize ?? 2000);
  const now = opts.now ?? new Date(Math.floor(Date.now() / DAY) * DAY);
  const phases: Record<string, number> = {};
  const phase = async <T>(
    name: string,
    f: (progress: (p: { done: number; total: number; elapsedMs: number }) => void) => Promise<T>,
  ): Promise<T> => {
    const t0 = performance.now();
    const r = await f((p) => opts.onPhaseProgress?.(name, p));
    phases[name] = Math.round(performance.now() - t0);
    return r;
  };

  const existing = await existingGenerated(db);
  if (existing.count > 0 && !opts.append) throw new GeneratedDataExistsError(existing.count);
  const existingProjects = projectCount > 0 ? await countGeneratedProjects(db) : 0;
  if (existingProjects > 0 && !opts.append) throw new GeneratedDataExistsError(existingProjects, "projects are");
  const firstSerial = existing.maxSerial + 1;
  if (firstSerial + total - 1 > MAX_SERIAL) throw new Error("too many generated agencies for the serial space");

  const base = await loadContext(db, seed, now);
  const regulator = await ensureRegulator(
    db,
    seed,
    base.items.map((i) => i.id),
  );
  const ctx: Context = { ...base, regulatorUserId: regulator.userId, regulatorOrgId: regulator.orgId };

  const totals = { agencies: 0, services: 0, versions: 0, qualifications: 0 };
  await phase("agencies", async (progress) => {
    const report = (p: { done: number; total: number; elapsedMs: number }) => {
      opts.onProgress?.(p);
      progress(p);
    };
    report({ done: 0, total, elapsedMs: 0 });
    // The next batch is built while the database stores the previous one.
    let pending: Promise<void> | null = null;
    for (let from = firstSerial; from < firstSerial + total; from += batchSize) {
      const to = Math.min(firstSerial + total, from + batchSize);
      const batch = buildBatch(ctx, from, to);
      if (pending) await pending;
      pending = insertBatch(db, batch).then(() => {
        totals.agencies += batch.organizations.length;
        totals.services += batch.services.length;
        totals.versions += batch.versions.length;
        totals.qualifications += batch.qualifications.length;
        report({ done: totals.agencies, total, elapsedMs: performance.now() - started });
      });
    }
    if (pending) await pending;
  });

  let owners = 0;
  let agencyAccounts = 0;
  let sanctions = { sanctions: 0, subjects: 0 };
  let projects: ProjectTotals | null = null;
  let creditScores = 0;
  if (ownerCount > 0 || projectCount > 0) {
    owners = (await phase("owners", (progress) => generateOwners(db, base, ownerCount, batchSize, progress))).owners;
    agencyAccounts = await phase("accounts", (progress) => ensureAgencyAccounts(db, seed, progress));
  }
  if (projectCount > 0 || opts.sanctions) {
    const pools = await phase("pools", async () => loadPools(db, base));
    if (opts.sanctions ?? projectCount > 0) {
      sanctions = await phase("sanctions", () => generateSanctions(db, base, pools, regulator, firstSerial));
    }
    if (projectCount > 0) {
      if (!pools.owners.length) throw new Error("projects need owners: pass --owners N");
      if (!pools.agencies.length) throw new Error("projects need agencies: pass --agencies N");
      const policy = await nationalPolicy(db);
      const calendar = new WorkCalendar(now.getTime() - 4 * YEAR, now.getTime() + 3 * YEAR);
      const builder = new ProjectBuilder(base, pools, calendar, policy, regulator, {
        firstSerial: existingProjects + 1,
        count: projectCount,
        bidMean,
        // A deadline the bid trigger accepts whatever the clock says (see projects.ts).
        placeholderMs: Math.max(Date.now(), now.getTime()) + 400 * DAY,
      });
      const parallel = opts.parallel ?? ((await isPGlite(db)) ? 1 : 2);
      projects = await phase("projects", (progress) =>
        generateProjects(db, builder, existingProjects + 1, projectCount, projectBatch, progress, parallel),
      );
    }
  }
  if (projectCount > 0 && opts.credit !== false) {
    creditScores = await phase("credit", async () => {
      const { recomputeDueCreditScores } = await import("~/modules/trust/credit.server");
      return recomputeDueCreditScores(db, now);
    });
  }
  await phase("analyze", async () => {
    // Vacuumed, not only analysed: rows just inserted are not marked all-visible until a vacuum, and until
    // then counting agencies by region (the dashboards) scans the table instead of its index (db/README.md),
    // as it would on a live system only until autovacuum came by.
    await sql`vacuum (analyze) organizations`.execute(db);
    await sql`analyze agency_services, agency_service_versions, qualifications`.execute(db);
    if (ownerCount > 0 || projectCount > 0) await sql`analyze users, memberships`.execute(db);
    if (projectCount > 0) {
      // The projects were updated in bulk (each to its final state): vacuum them, so their indexes do not
      // carry a dead entry per project into the first queries (as autovacuum would, later).
      await sql`vacuum (analyze) projects`.execute(db);
      await sql`analyze project_secrets, bids, selections, awards, contracts, deliveries, breach_events, reviews, complaints, sanctions, sanction_subjects, audit_events, credit_scores, credit_breakdowns`.execute(
        db,
      );
    }
  });
  return {
    ...totals,
    firstSerial,
    elapsedMs: Math.round(performance.now() - started),
    owners,
    agencyAccounts,
    sanctions: sanctions.sanctions,
    sanctionSubjects: sanctions.subjects,
    projects,
    creditScores,
    phases,
  };
}

/** PGlite answers version() with its own name; one connection, so one batch at a time. */
async function isPGlite(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  return /wasm|emscripten|pglite/i.test(rows[0]?.v ?? "");
}

/** Projects whose owner is a generated owner. */
async function countGeneratedProjects(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom("projects as p")
    .innerJoin("organizations as o", "o.id", "p.ownerOrgId")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(sql<boolean>`substr(o.credit_code, 9, 3) = 'MAH'`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The rows `generate` would insert for serials [from, to), without a database write. */
export async function previewRows(
  db: Kysely<DB>,
  opts: { seed?: number; now: Date; from: number; to: number; regulator: { userId: string; orgId: string } },
): Promise<Batch> {
  const base = await loadContext(db, opts.seed ?? 1, opts.now);
  return buildBatch({ ...base, regulatorUserId: opts.regulator.userId, regulatorOrgId: opts.regulator.orgId }, opts.from, opts.to);
}

// ───────────────────────────── progress and the command line ─────────────────────────────

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return "--:--";
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** A progress bar on stderr: one line redrawn with \r on a terminal, else a line every ~10 %. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastDecile = -1;
  const fmt = new Intl.NumberFormat("en-US");
  return (p: { done: number; total: number; elapsedMs: number }) => {
    const frac = p.total ? p.done / p.total : 1;
    const rate = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 1000 : 0;
    const eta = rate > 0 ? ((p.total - p.done) / rate) * 1000 : Infinity;
    const width = 30;
    const filled = Math.round(frac * width);
    const text = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${fmt.format(p.done)}/${fmt.format(p.total)} ${(frac * 100).toFixed(1).padStart(5)}%  ${fmt.format(Math.round(rate))}/s  ETA ${p.done >= p.total ? "0:00" : duration(eta)}`;
    if (stream.isTTY) {
      stream.write(`\r${text}`);
      if (p.done >= p.total) stream.write("\n");
    } else {
      const decile = Math.floor(frac * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${text}\n`);
      }
    }
  };
}

const SCALES = {
  full: { agencies: 100_000, owners: 20_000, projects: 1_000_000 },
  small: { agencies: 2_000, owners: 500, projects: 10_000 },
} as const;

const USAGE = `usage: npm run db:generate -- [options]
  --scale full|small        full (default): 100000 agencies, 20000 owners, 1000000 projects; small: 2000, 500, 10000
  --agencies N              agencies (with listings and certificates)
  --owners N                owners (enterprises and departments, an account each)
  --projects N              projects through every state, with bids, selections, awards, contracts, reviews, …
  --bids-per-project MEAN   mean bids wanted per project (5.8: ~5M bids at 1M projects): most get 2–5, a tail to ~30, some 0–1
  --seed N (1)  --append  --batch N (agencies per transaction, 1000)  --project-batch N (2000)
  --parallel N              project batches written at once (2 on PostgreSQL, 1 on PGlite)
  --no-credit               leave the credit scores to the app's hourly job`;

interface Args {
  agencies: number;
  owners: number;
  projects: number;
  bidsPerProject: number;
  seed: number;
  append: boolean;
  batch: number;
  projectBatch: number;
  credit: boolean;
  parallel: number | undefined;
}

export function parseArgs(argv: string[]): Args {
  const given: Partial<Args> = {};
  let scale: keyof typeof SCALES = "full";
  const out = {
    seed: 1,
    append: false,
    batch: 1000,
    projectBatch: 2000,
    bidsPerProject: DEFAULT_BID_MEAN,
    credit: true,
    parallel: undefined as number | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (name: string) => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number ≥ 0`);
      return v;
    };
    if (a === "--agencies") given.agencies = num(a);
    else if (a === "--owners") given.owners = num(a);
    else if (a === "--projects") given.projects = num(a);
    else if (a === "--bids-per-project") {
      const v = Number(argv[++i]);
      if (!(v >= 1.5 && v <= 30)) throw new Error("--bids-per-project needs a mean between 1.5 and 30");
      out.bidsPerProject = v;
    } else if (a === "--scale") {
      const v = argv[++i] ?? "";
      if (!(v in SCALES)) throw new Error(`--scale is one of ${Object.keys(SCALES).join(", ")}`);
      scale = v as keyof typeof SCALES;
    } else if (a === "--seed") out.seed = num(a);
    else if (a === "--batch") out.batch = Math.max(1, num(a));
    else if (a === "--project-batch") out.projectBatch = Math.max(1, num(a));
    else if (a === "--append") out.append = true;
    else if (a === "--no-credit") out.credit = false;
    else if (a === "--parallel") out.parallel = Math.max(1, num(a));
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  const s = SCALES[scale];
  return { ...out, agencies: given.agencies ?? s.agencies, owners: given.owners ?? s.owners, projects: given.projects ?? s.projects };
}

async function main(): Promise<void> {
  const { openDatabase } = await import("~/server/db.server");
  const { readEnv } = await import("~/server/env.server");
  const { migrateToLatest } = await import("~/server/migrate.server");
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const env = readEnv();
  const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite"), poolSize: 4 });
  const started = performance.now();
  const bars = new Map<string, ReturnType<typeof progressBar>>();
  const fmt = new Intl.NumberFormat("en-US");
  try {
    await migrateToLatest(handle.db);
    const ref = await seedReference(handle.db);
    console.log(`database: ${handle.kind}; reference data: ${ref.regions} regions, ${ref.serviceItems} service items`);
    console.log(
      `generating ${fmt.format(args.agencies)} agencies, ${fmt.format(args.owners)} owners, ${fmt.format(args.projects)} projects (seed ${args.seed})`,
    );
    const totals = await generate(handle.db, {
      agencies: args.agencies,
      owners: args.owners,
      projects: args.projects,
      bidsPerProject: args.bidsPerProject,
      credit: args.credit,
      seed: args.seed,
      append: args.append,
      batchSize: args.batch,
      projectBatchSize: args.projectBatch,
      ...(args.parallel ? { parallel: args.parallel } : {}),
      onPhaseProgress: (name, p) => {
        if (!bars.has(name)) bars.set(name, progressBar(name.padEnd(9)));
        bars.get(name)!(p);
      },
    });
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `generated ${fmt.format(totals.agencies)} agencies (serials ${totals.firstSerial}…${totals.firstSerial + totals.agencies - 1}), ${fmt.format(totals.services)} service listings, ` +
        `${fmt.format(totals.versions)} listing versions, ${fmt.format(totals.qualifications)} qualifications`,
    );
    if (totals.owners || totals.projects) {
      console.log(
        `${fmt.format(totals.owners)} owners, ${fmt.format(totals.agencyAccounts)} agency accounts, ${fmt.format(totals.sanctions)} sanctions (${fmt.format(totals.sanctionSubjects)} subjects)`,
      );
    }
    const p = totals.projects;
    if (p) {
      console.log(
        `${fmt.format(p.projects)} projects, ${fmt.format(p.bids)} bids, ${fmt.format(p.selections)} selections, ${fmt.format(p.awards)} awards, ${fmt.format(p.contracts)} contracts, ` +
          `${fmt.format(p.deliveries)} deliveries, ${fmt.format(p.reviews)} reviews, ${fmt.format(p.complaints)} complaints, ${fmt.format(p.breachEvents)} breach events, ${fmt.format(p.auditEvents)} audit events; ` +
          `${fmt.format(totals.creditScores)} credit scores`,
      );
      console.log(
        `  by state: ${Object.entries(p.byStatus)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${fmt.format(v)}`)
          .join(", ")}`,
      );
      console.log(
        `  by method: ${Object.entries(p.byMethod)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${fmt.format(v)}`)
          .join(", ")}`,
      );
      const b = p.bidsPerOpenedProject;
      console.log(
        `  bids per opened project: mean ${b.mean}, median ${b.median}, 0–1: ${(b.zeroOrOne * 100).toFixed(1)} %, 2–5: ${(b.twoToFive * 100).toFixed(1)} %, >10: ${(b.overTen * 100).toFixed(1)} %, max ${b.max}`,
      );
    }
    if (process.env.GEN_PROFILE) {
      const { statementTimes } = await import("./generate/sql");
      for (const [k, v] of statementTimes)
        console.log(
          `  ${k.padEnd(24)} ${(v.ms / 1000).toFixed(1).padStart(7)} s  ${fmt.format(v.rows).padStart(11)} rows  ${fmt.format(Math.round((v.rows / v.ms) * 1000)).padStart(8)} rows/s`,
        );
    }
    console.log(
      `phases: ${Object.entries(totals.phases)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
        .join(", ")}; seed ${args.seed}; ${secs} s in all`,
    );
  } catch (e) {
    if (e instanceof GeneratedDataExistsError) {
      console.error(`refused: ${e.message}`);
      process.exitCode = 1;
    } else throw e;
  } finally {
    await handle.close();
  }
}

const invokedAs = process.argv[1] ? pathToFileURL(path.resolve(process.argv[1])).href : "";
if (import.meta.url === invokedAs) await main();
