// Shared by the generator's parts: word lists, the catalogue and the map as the generator sees them,
// credit-code serials, the generator's own regulator office.
import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import { demoCreditCode } from "#db/seed/demo";
import { beijingDate } from "~/lib/beijing-calendar";
import { USCC_CHARSET } from "~/modules/identity/uscc";
import { mix, mulberry32, stableUuid, type Rng } from "./random";

// ───────────────────────────── word lists ─────────────────────────────

export const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
export const GIVEN =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉鹏飞波宇浩凯健俊帆帅旭宁欣琳晨雪婷颖鑫斌峰林海亮成志红玲燕萍春兰晓东立新永忠国庆德胜振华";
export const BRAND_1 = "中华正天永博汇金宏瑞嘉信新恒泰安德国鼎诚通立建民科智远开";
export const BRAND_2 = "信恒诚达远泰和源昌元衡智科拓正力盛联禾益诺实宇航晟嘉";
export const ROADS = [
  "中山路",
  "人民路",
  "建设路",
  "解放路",
  "和平路",
  "长江路",
  "新华路",
  "胜利路",
  "文化路",
  "科技路",
  "创业大道",
  "学府路",
  "工业园路",
  "滨江大道",
  "北京路",
  "东风路",
  "迎宾大道",
  "环城西路",
  "青年路",
  "花园路",
];
export const BUILDINGS = ["科技大厦", "金融中心", "创业园", "商务广场", "国际大厦", "软件园", "总部基地", "环保产业园"];

export type Category =
  "environment" | "land" | "construction" | "safety" | "energy" | "valuation" | "finance" | "survey" | "water" | "other";
export const CATEGORIES: readonly Category[] = [
  "environment",
  "land",
  "construction",
  "safety",
  "energy",
  "valuation",
  "finance",
  "survey",
  "water",
  "other",
];

/** Items most agencies list, most popular first; the rest of the catalogue follows in its own order. */
export const POPULAR = [
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
export const PROVINCE_WEIGHTS: Record<string, number> = {
  "32": 18,
  "33": 12,
  "44": 12,
  "37": 8,
  "11": 6,
  "31": 6,
  "51": 5,
  "42": 4,
  "41": 4,
  "35": 4,
  "34": 3,
  "43": 3,
  "13": 3,
  "50": 3,
  "12": 2,
  "61": 2,
  "21": 2,
};

export const NOT_A_CITY = new Set(["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]);

/** "南京市" → "南京", "延边朝鲜族自治州" → "延边", "广西壮族自治区" → "广西", "江宁区" → "江宁". */
export function shortPlaceName(name: string): string {
  let s = name;
  if (/自治(州|县|区|旗)$/.test(s)) {
    s = s.replace(
      /(朝鲜|土家|苗|羌|藏|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|柯尔克孜|哈萨克|维吾尔|黎|瑶|畲|满|达斡尔|鄂温克|仫佬|毛南|仡佬|水|纳西|土|撒拉|保安|东乡|裕固|锡伯|独龙|怒|普米|拉祜|佤|阿昌|德昂|布朗|基诺|门巴|珞巴|各)族?.*$/,
      "",
    );
    s = s.replace(/自治(州|县|区|旗)$/, "");
  }
  const stripped = s.replace(/(特别行政区|地区|新区|林区|矿区|省|市|区|县|盟|旗)$/, "");
  return stripped.length >= 2 ? stripped : s;
}

// ───────────────────────────── context ─────────────────────────────

export interface Item {
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

export interface Place {
  code: string;
  province: string;
  provinceName: string;
  cityCode: string;
  cityName: string;
  districtName: string | null;
}

/** What every part of the generator reads once: the catalogue, the map, the moment "now". */
export interface BaseContext {
  seed: number;
  now: Date;
  today: string;
  items: Item[];
  places: Place[][];
  provinceWeights: number[];
  provinceCodes: string[];
  citiesByProvince: Map<string, string[]>;
}

export const GENERATOR_REGULATOR_EMAIL = "generator-regulator@generated.zjcs.invalid";
// Argon2id of a random password that was thrown away: a valid hash nobody can log in with.
export const UNUSABLE_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$+0tw7evg3Zj2flo0l9fjbA$lXM7Zypg57yP8UXEucP7zR3sVJNbQuwAn4RWm0XaCTQ";
export const MAX_SERIAL = 31 ** 6 - 1;
export const DAY = 86_400_000;
export const YEAR = 365 * DAY;

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

/**
 * Serial n → the number whose base-36 form is `letter` + n in the USCC alphabet (6 characters), for
 * demoCreditCode: "G" marks generated agencies, "H" generated owners, "J" affiliates named in generated
 * sanctions (companies that are not on the platform).
 */
export function markedSerial(letter: "G" | "H" | "J", n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SERIAL) throw new Error(`serial ${n} is out of range`);
  let s = "";
  let x = n;
  for (let i = 0; i < 6; i++) {
    s = USCC_CHARSET[x % 31]! + s;
    x = Math.floor(x / 31);
  }
  return parseInt(`${letter}${s}`, 36);
}

export function decodeSerial(s: string): number {
  let n = 0;
  for (const ch of s) n = n * 31 + USCC_CHARSET.indexOf(ch);
  return n;
}

export function roundFen(fen: number): number {
  return Math.round(fen / 10_000) * 10_000; // whole hundreds of yuan
}

export async function loadContext(db: Kysely<DB>, seed: number, now: Date): Promise<BaseContext> {
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
      category: (CATEGORIES as readonly string[]).includes(r.category) ? (r.category as Category) : "other",
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
export async function ensureRegulator(db: Kysely<DB>, seed: number, itemIds: number[]): Promise<{ userId: string; orgId: string }> {
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
      .values({
        id: userId,
        email: GENERATOR_REGULATOR_EMAIL,
        name: "生成数据审核员",
        passwordHash: UNUSABLE_PASSWORD_HASH,
        createdAt: new Date(Date.UTC(2023, 0, 1)),
        passwordChangedAt: new Date(Date.UTC(2023, 0, 1)),
      })
      .execute();
    await trx
      .insertInto("memberships")
      .values({ userId, orgId, role: "admin", createdAt: new Date(Date.UTC(2023, 0, 1)) })
      .execute();
    await trx
      .insertInto("regulatorServiceItems")
      .values(itemIds.map((id) => ({ regulatorId: orgId, serviceItemId: id })))
      .execute();
  });
  return { userId, orgId };
}

export function personName(rng: Rng): string {
  const surname = SURNAMES[Math.min(SURNAMES.length - 1, Math.floor(SURNAMES.length * rng.next() ** 2))]!;
  return surname + rng.pick([...GIVEN]) + (rng.chance(0.7) ? rng.pick([...GIVEN]) : "");
}

export function dateOnly(ms: number): string {
  return beijingDate(new Date(ms));
}
