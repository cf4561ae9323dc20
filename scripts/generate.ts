// npm run db:generate -- [--agencies 100000] [--seed 1] [--append] [--batch 1000]
//
// Fills the database (DATABASE_URL → PostgreSQL, else PGlite in $DATA_DIR/pglite) with generated
// agencies for load tests and benchmarks: organisations, their service listings (with version 1 of each),
// and qualification certificates, all derived from a seeded PRNG, so the same seed gives the same rows.
// Generated agencies carry credit codes 91 + region + "MAG" + serial + check char; demo codes use "MA0",
// so the two never collide, and a second run refuses unless --append (which continues the serials).
import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { demoCreditCode } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { CURRENT_PLEDGE_VERSION } from "~/modules/agencies/pledge";
import { beijingDate } from "~/modules/agencies/regions.rules";
import { USCC_CHARSET } from "~/modules/identity/uscc";

// ───────────────────────────── randomness ─────────────────────────────

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes the run's seed and an agency's serial into an independent PRNG seed (murmur3 finaliser). */
function mix(seed: number, n: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n >>> 0, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Two mulberry32 streams xor-ed: each agency gets its own pair of seeds, and with 64 bits of state the
 * 100,000 agencies' sequences do not run into each other as they would on one 32-bit cycle.
 */
class Rng {
  readonly next: () => number;
  constructor(a: number, b: number) {
    const x = mulberry32(a);
    const y = mulberry32(b);
    this.next = () => (((x() * 4294967296) ^ (y() * 4294967296)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** An index drawn with probability proportional to `weights`. */
  weighted(weights: readonly number[], total = weights.reduce((a, b) => a + b, 0)): number {
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}

/**
 * A version-4-shaped UUID from SHA-256 of (seed, serial, slot): the same on every run, and unique —
 * a 32-bit PRNG state cannot be, as 100,000 agencies' streams overlap somewhere in its single cycle.
 */
export function stableUuid(seed: number, serial: number, slot: number): string {
  const hex = crypto.createHash("sha256").update(`zjcs-generate:${seed}:${serial}:${slot}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ───────────────────────────── word lists ─────────────────────────────

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉鹏飞波宇浩凯健俊帆帅旭宁欣琳晨雪婷颖鑫斌峰林海亮成志红玲燕萍春兰晓东立新永忠国庆德胜振华";
const BRAND_1 = "中华正天永博汇金宏瑞嘉信新恒泰安德国鼎诚通立建民科智远开";
const BRAND_2 = "信恒诚达远泰和源昌元衡智科拓正力盛联禾益诺实宇航晟嘉";
const ROADS = ["中山路", "人民路", "建设路", "解放路", "和平路", "长江路", "新华路", "胜利路", "文化路", "科技路", "创业大道", "学府路", "工业园路", "滨江大道", "北京路", "东风路", "迎宾大道", "环城西路", "青年路", "花园路"];
const BUILDINGS = ["科技大厦", "金融中心", "创业园", "商务广场", "国际大厦", "软件园", "总部基地", "环保产业园"];

type Category = "environment" | "land" | "construction" | "safety" | "energy" | "valuation" | "finance" | "survey" | "water" | "other";

const NAME_WORDS: Record<Category, [string[], string[]]> = {
  environment: [["环境", "环保", "生态环境", "环境工程", "环境"], ["工程咨询", "技术咨询", "科技", "技术服务", "咨询"]],
  land: [["土地", "国土", "规划", "林业"], ["规划设计", "勘测规划", "咨询", "技术服务"]],
  construction: [["工程", "建设工程", "工程造价", "建设", "建筑工程"], ["咨询", "造价咨询", "项目管理", "检测", "设计", "监理"]],
  safety: [["安全", "安全技术", "职业卫生", "安全评价", "应急"], ["咨询", "技术服务", "评价", "科技", "技术"]],
  energy: [["节能", "能源", "绿色建筑", "低碳"], ["科技", "技术服务", "咨询", "评估"]],
  valuation: [["资产评估", "房地产估价", "土地评估", "评估"], ["", "咨询", "事务所"]],
  finance: [["会计师", "审计", "税务师"], ["事务所", "咨询"]],
  survey: [["测绘", "勘测", "地理信息", "空间信息", "测绘工程"], ["", "技术", "科技", "院", "技术服务"]],
  water: [["水利", "水务", "水土保持", "水利水电"], ["勘测设计", "咨询", "技术服务", "工程咨询"]],
  other: [["气象", "防雷", "地震工程", "工程"], ["科技", "技术服务", "咨询", "检测"]],
};

const SCOPE_PHRASES: Record<Category, string[]> = {
  environment: ["环境影响评价", "环境监测", "清洁生产审核", "排污许可咨询", "环保工程设计", "生态修复技术咨询", "环境保护验收监测", "环境污染治理技术咨询"],
  land: ["土地规划", "土地整治", "不动产登记代理", "林业调查规划设计", "土地勘测定界", "国土空间规划编制"],
  construction: ["工程造价咨询", "招标代理", "工程监理", "建设工程质量检测", "工程勘察", "工程设计", "施工图审查", "全过程工程咨询", "项目管理"],
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

/** Items most agencies list, most popular first; the rest of the catalogue follows in its own order. */
const POPULAR = [
  "eia-form",
  "project-cost-consulting",
  "topographic-survey",
  "eia-report",
  "soil-water-conservation-plan",
  "safety-pre-evaluation",
  "real-estate-appraisal",
  "asset-appraisal",
  "financial-audit",
  "energy-saving-report",
];

/** Where agencies are: a few provinces dominate, every other province gets weight 1. */
const PROVINCE_WEIGHTS: Record<string, number> = {
  "32": 18, "33": 12, "44": 12, "37": 8, "11": 6, "31": 6, "51": 5, "42": 4, "41": 4, "35": 4, "34": 3, "43": 3, "13": 3, "50": 3, "12": 2, "61": 2, "21": 2,
};

const NOT_A_CITY = new Set(["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]);

/** "南京市" → "南京", "延边朝鲜族自治州" → "延边", "广西壮族自治区" → "广西", "江宁区" → "江宁". */
export function shortPlaceName(name: string): string {
  let s = name;
  if (/自治(州|县|区|旗)$/.test(s)) {
    s = s.replace(/(朝鲜|土家|苗|羌|藏|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|柯尔克孜|哈萨克|维吾尔|黎|瑶|畲|满|达斡尔|鄂温克|仫佬|毛南|仡佬|水|纳西|土|撒拉|保安|东乡|裕固|锡伯|独龙|怒|普米|拉祜|佤|阿昌|德昂|布朗|基诺|门巴|珞巴|各)族?.*$/, "");
    s = s.replace(/自治(州|县|区|旗)$/, "");
  }
  const stripped = s.replace(/(特别行政区|地区|新区|林区|矿区|省|市|区|县|盟|旗)$/, "");
  return stripped.length >= 2 ? stripped : s;
}

// ───────────────────────────── the generator ─────────────────────────────

export interface GenerateOptions {
  agencies: number;
  seed?: number;
  /** Add to earlier generated agencies instead of refusing. */
  append?: boolean;
  /** Agencies per transaction (default 1000). */
  batchSize?: number;
  /** The moment the data is generated "at": creation dates lie in the three years before it. */
  now?: Date;
  onProgress?: (p: { done: number; total: number; elapsedMs: number }) => void;
}

export interface GenerateTotals {
  agencies: number;
  services: number;
  versions: number;
  qualifications: number;
  firstSerial: number;
  elapsedMs: number;
}

export class GeneratedDataExistsError extends Error {
  constructor(readonly existing: number) {
    super(`${existing} generated agencies are already in this database; run with --append to add more, or use a fresh database`);
    this.name = "GeneratedDataExistsError";
  }
}

interface Item {
  id: number;
  code: string;
  nameZh: string;
  category: Category;
  statutoryDays: number | null;
  qualification: string | null;
  weight: number;
  /** A typical fee for the item, in fen. */
  typicalFen: number;
}

interface Place {
  code: string;
  province: string;
  provinceName: string;
  cityCode: string;
  cityName: string;
  districtName: string | null;
}

interface Context {
  seed: number;
  now: Date;
  today: string;
  items: Item[];
  places: Place[][];
  provinceWeights: number[];
  provinceCodes: string[];
  citiesByProvince: Map<string, string[]>;
  regulatorUserId: string;
  regulatorOrgId: string;
}

const GENERATOR_REGULATOR_EMAIL = "generator-regulator@generated.zjcs.invalid";
// Argon2id of a random password that was thrown away: a valid hash nobody can log in with.
const UNUSABLE_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$+0tw7evg3Zj2flo0l9fjbA$lXM7Zypg57yP8UXEucP7zR3sVJNbQuwAn4RWm0XaCTQ";
const MAX_SERIAL = 31 ** 6 - 1;
const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** Serial n (1 … 31⁶−1) → the number whose base-36 form is "G" + n in the USCC alphabet, for demoCreditCode. */
export function generatedSerial(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SERIAL) throw new Error(`serial ${n} is out of range`);
  let s = "";
  let x = n;
  for (let i = 0; i < 6; i++) {
    s = USCC_CHARSET[x % 31]! + s;
    x = Math.floor(x / 31);
  }
  return parseInt(`G${s}`, 36);
}

function decodeSerial(s: string): number {
  let n = 0;
  for (const ch of s) n = n * 31 + USCC_CHARSET.indexOf(ch);
  return n;
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

function roundFen(fen: number): number {
  return Math.round(fen / 10_000) * 10_000; // whole hundreds of yuan
}

async function loadContext(db: Kysely<DB>, seed: number, now: Date): Promise<Omit<Context, "regulatorUserId" | "regulatorOrgId">> {
  const rows = await db
    .selectFrom("serviceItems")
    .select(["id", "code", "nameZh", "category", "statutoryDays", "requiredQualificationZh"])
    .orderBy("id")
    .execute();
  if (!rows.length) throw new Error("the service catalogue is empty: load the reference data first");
  const rank = (code: string) => {
    const i = POPULAR.indexOf(code);
    return i >= 0 ? i + 1 : POPULAR.length + 1 + rows.findIndex((r) => r.code === code);
  };
  const items: Item[] = rows.map((r) => {
    const h = mulberry32(mix(0x5eed, r.id))();
    return {
      id: r.id,
      code: r.code,
      nameZh: r.nameZh,
      category: (r.category in NAME_WORDS ? r.category : "other") as Category,
      statutoryDays: r.statutoryDays,
      qualification: r.requiredQualificationZh,
      weight: 1 / rank(r.code) ** 1.1,
      // Log-uniform between 8,000 and 150,000 yuan.
      typicalFen: Math.round(800_000 * Math.exp(h * Math.log(150_000 / 8_000))),
    };
  });

  const regions = await db.selectFrom("regions").select(["code", "name", "parentCode", "level"]).orderBy("code").execute();
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const grouped = new Map<string, Place[]>();
  const citiesByProvince = new Map<string, string[]>();
  for (const r of regions) {
    if (r.level === 1) continue;
    const province = r.code.slice(0, 2);
    const provinceRow = byCode.get(`${province}0000`);
    const cityRow = r.level === 2 ? r : byCode.get(r.parentCode ?? "");
    if (!provinceRow || !cityRow) continue;
    const place: Place = {
      code: r.code,
      province,
      provinceName: provinceRow.name,
      cityCode: cityRow.code,
      cityName: NOT_A_CITY.has(cityRow.name) ? provinceRow.name : cityRow.name,
      districtName: r.level === 3 ? r.name : null,
    };
    if (!grouped.has(province)) grouped.set(province, []);
    grouped.get(province)!.push(place);
    if (r.level === 2) {
      if (!citiesByProvince.has(province)) citiesByProvince.set(province, []);
      citiesByProvince.get(province)!.push(r.code);
    }
  }
  if (!grouped.size) throw new Error("the regions table is empty: load the reference data first");
  const provinceCodes = [...grouped.keys()].sort();
  return {
    seed,
    now,
    today: beijingDate(now),
    items,
    places: provinceCodes.map((p) => grouped.get(p)!),
    provinceWeights: provinceCodes.map((p) => PROVINCE_WEIGHTS[p] ?? 1),
    provinceCodes,
    citiesByProvince,
  };
}

/** The regulator office that "reviewed" generated certificates: created once, found again on --append. */
async function ensureRegulator(db: Kysely<DB>, seed: number, itemIds: number[]): Promise<{ userId: string; orgId: string }> {
  const existing = await db
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.userId", "u.id")
    .select(["u.id as userId", "m.orgId"])
    .where("u.email", "=", GENERATOR_REGULATOR_EMAIL)
    .executeTakeFirst();
  if (existing) return existing;
  const orgId = stableUuid(seed, 0, 0);
  const userId = stableUuid(seed, 0, 1);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("organizations")
      .values({
        id: orgId,
        kind: "regulator",
        name: "中介服务监管测试办公室（生成数据）",
        creditCode: demoCreditCode("110000", generatedSerial(0), "11"),
        regionCode: "110000",
        createdAt: new Date(Date.UTC(2023, 0, 1)),
      })
      .execute();
    await trx
      .insertInto("users")
      .values({ id: userId, email: GENERATOR_REGULATOR_EMAIL, name: "生成数据审核员", passwordHash: UNUSABLE_PASSWORD_HASH, createdAt: new Date(Date.UTC(2023, 0, 1)) })
      .execute();
    await trx.insertInto("memberships").values({ userId, orgId, role: "admin", createdAt: new Date(Date.UTC(2023, 0, 1)) }).execute();
    await trx.insertInto("regulatorServiceItems").values(itemIds.map((id) => ({ regulatorId: orgId, serviceItemId: id }))).execute();
  });
  return { userId, orgId };
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

function personName(rng: Rng): string {
  const surname = SURNAMES[Math.min(SURNAMES.length - 1, Math.floor(SURNAMES.length * rng.next() ** 2))]!;
  return surname + rng.pick([...GIVEN]) + (rng.chance(0.7) ? rng.pick([...GIVEN]) : "");
}

function dateOnly(ms: number): string {
  return beijingDate(new Date(ms));
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
  const placeName = shortPlaceName(nameUse < 0.6 ? place.cityName : nameUse < 0.85 || !place.districtName ? place.provinceName : place.districtName);
  const b1 = rng.pick([...BRAND_1]);
  const b2 = rng.pick([...BRAND_2]);
  const brand = b1 + (b2 === b1 ? "达" : b2);
  const [w1, w2] = NAME_WORDS[main.category];
  let name: string;
  if (main.category === "finance") {
    name = `${placeName}${brand}${rng.chance(0.7) ? "会计师事务所" : "税务师事务所"}${rng.pick(["（普通合伙）", "（特殊普通合伙）", "有限公司"])}`;
  } else {
    const word2 = rng.pick(w2);
    const suffix = word2 === "事务所" || word2 === "院" ? "有限公司" : rng.pick(["有限公司", "有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]);
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
    const listing = { active: true, feeMode: mode, feeMinFen, feeMaxFen, feeRateBp, feeBasis, committedDays, pledge, regions: [...regions].sort() };
    out.services.push({ id: serviceId, agencyId: id, serviceItemId: item.id, version: 1, ...listing, createdAt: listed, updatedAt: listed });
    out.versions.push({ agencyServiceId: serviceId, version: 1, ...listing, createdAt: listed, createdBy: null });

    if (item.qualification && rng.chance(0.6)) {
      const submittedMs = Math.min(nowMs, listedMs + rng.int(0, 5 * DAY));
      const expired = rng.chance(0.12);
      const validToMs = expired ? nowMs - rng.int(1, 200) * DAY : nowMs + rng.int(20, 4 * 365) * DAY;
      const validFromMs = Math.min(submittedMs - rng.int(0, 90) * DAY, validToMs - rng.pick([3, 5]) * YEAR);
      const u = rng.next();
      const status = u < 0.78 ? "verified" : u < 0.93 ? "pending" : "rejected";
      const reviewedAt = status === "pending" ? null : new Date(Math.min(nowMs, submittedMs + rng.int(3_600_000, 10 * DAY)));
      const level = /甲级或乙级/.test(item.qualification) ? rng.pick(["甲级", "乙级"]) : /综合资质/.test(item.qualification) ? rng.pick(["综合资质", "专业资质"]) : null;
      out.qualifications.push({
        id: stableUuid(ctx.seed, serial, slot++),
        agencyId: id,
        serviceItemId: item.id,
        qualType: item.qualification.split(/[（；;(]/)[0]!.trim().slice(0, 60),
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
    const chunks = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / ROWS_PER_STATEMENT) }, (_, i) => rows.slice(i * ROWS_PER_STATEMENT, (i + 1) * ROWS_PER_STATEMENT));
    for (const c of chunks(b.organizations)) await trx.insertInto("organizations").values(c).execute();
    for (const c of chunks(b.services)) await trx.insertInto("agencyServices").values(c).execute();
    for (const c of chunks(b.versions)) await trx.insertInto("agencyServiceVersions").values(c).execute();
    for (const c of chunks(b.qualifications)) await trx.insertInto("qualifications").values(c).execute();
  });
}

/**
 * Generates `agencies` agencies with their listings and certificates. The database must be migrated and
 * hold the reference data. Refuses when generated agencies exist, unless `append`.
 */
export async function generate(db: Kysely<DB>, opts: GenerateOptions): Promise<GenerateTotals> {
  const started = performance.now();
  const total = opts.agencies;
  if (!Number.isInteger(total) || total < 0) throw new Error(`--agencies must be a whole number ≥ 0, not ${total}`);
  const seed = opts.seed ?? 1;
  const batchSize = Math.max(1, opts.batchSize ?? 1000);
  const now = opts.now ?? new Date(Math.floor(Date.now() / DAY) * DAY);

  const existing = await existingGenerated(db);
  if (existing.count > 0 && !opts.append) throw new GeneratedDataExistsError(existing.count);
  const firstSerial = existing.maxSerial + 1;
  if (firstSerial + total - 1 > MAX_SERIAL) throw new Error("too many generated agencies for the serial space");

  const base = await loadContext(db, seed, now);
  const regulator = await ensureRegulator(db, seed, base.items.map((i) => i.id));
  const ctx: Context = { ...base, regulatorUserId: regulator.userId, regulatorOrgId: regulator.orgId };

  const totals = { agencies: 0, services: 0, versions: 0, qualifications: 0 };
  opts.onProgress?.({ done: 0, total, elapsedMs: 0 });
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
      opts.onProgress?.({ done: totals.agencies, total, elapsedMs: performance.now() - started });
    });
  }
  if (pending) await pending;
  await sql`analyze organizations, agency_services, agency_service_versions, qualifications`.execute(db);
  return { ...totals, firstSerial, elapsedMs: Math.round(performance.now() - started) };
}

/** The rows `generate` would insert for serials [from, to), without a database write. */
export async function previewRows(db: Kysely<DB>, opts: { seed?: number; now: Date; from: number; to: number; regulator: { userId: string; orgId: string } }): Promise<Batch> {
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

function parseArgs(argv: string[]): { agencies: number; seed: number; append: boolean; batch: number } {
  const out = { agencies: 100_000, seed: 1, append: false, batch: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (name: string) => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number ≥ 0`);
      return v;
    };
    if (a === "--agencies") out.agencies = num(a);
    else if (a === "--seed") out.seed = num(a);
    else if (a === "--batch") out.batch = Math.max(1, num(a));
    else if (a === "--append") out.append = true;
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run db:generate -- [--agencies N (100000)] [--seed N (1)] [--append] [--batch N (1000)]");
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return out;
}

async function main(): Promise<void> {
  const { openDatabase } = await import("~/server/db.server");
  const { readEnv } = await import("~/server/env.server");
  const { migrateToLatest } = await import("~/server/migrate.server");
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const env = readEnv();
  const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite"), poolSize: 4 });
  const started = performance.now();
  try {
    await migrateToLatest(handle.db);
    const ref = await seedReference(handle.db);
    console.log(`database: ${handle.kind}; reference data: ${ref.regions} regions, ${ref.serviceItems} service items`);
    const totals = await generate(handle.db, { agencies: args.agencies, seed: args.seed, append: args.append, batchSize: args.batch, onProgress: progressBar("agencies") });
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `generated ${totals.agencies} agencies (serials ${totals.firstSerial}…${totals.firstSerial + totals.agencies - 1}), ${totals.services} service listings, ` +
        `${totals.versions} listing versions, ${totals.qualifications} qualifications; seed ${args.seed}; ${secs} s in all (${(totals.elapsedMs / 1000).toFixed(1)} s generating)`,
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
