/**
 * What the fuzz suite sends: hostile values by kind of field, the mutation of a valid submission, and
 * every form of the app — route, actor, intent, fields and how to make a valid value — in one list.
 */
import { CANCEL_GROUNDS } from "~/modules/procurement/amendments.rules";
import fc from "fast-check";
import { demoCreditCode } from "#db/seed/demo";
import { DEFAULT_CREDIT_PARAMS, flattenParams, NEGATIVE_SANCTION_TYPES, SANCTION_TYPES } from "~/modules/trust/credit.schema";
import { FLAGS } from "~/modules/oversight/flags.rules";
import { SELECTION_METHODS } from "~/modules/procurement/projects.rules";
import type { Client, Entry, FilePart, Transport, Val } from "./fuzz-http";

// ---------------------------------------------------------------------------------------------
// The world the forms act in: fuzz-only organisations and projects (demo state is left alone).

export type Actor = "anon" | "owner" | "agencyA" | "agencyB" | "agencyC" | "office" | "admin";

export interface World {
  base: string;
  /** Beijing calendar day, YYYY-MM-DD. */
  today: string;
  stamp: string;
  /** The fuzz region: only fuzz organisations live and post there. */
  region: string;
  items: number[];
  /** A service item that needs no legal qualification. */
  eiaForm: number;
  clients: Record<Actor, Client>;
  /** Passwords of the fuzz accounts (the password form may change one). */
  passwords: Record<string, string>;
  ids: Record<string, string | undefined>;
  /** Names of dynamic fields (e.g. tech_<bidId> of a scored selection). */
  dyn: Record<string, string[] | undefined>;
}

let serial = 0;
/** A number unique in this run, for e-mails, credit codes and titles. */
export const nextSerial = () => ++serial;

export const beijingDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
export const beijingMinute = (offsetMs: number) => new Date(Date.now() + offsetMs + 8 * 3600_000).toISOString().slice(0, 16);

/** A valid credit code nobody on the platform has (checksum computed like the demo's). */
export function freshCreditCode(region: string): string {
  return demoCreditCode(region, 20_000_000 + Math.floor(Math.random() * 1_000_000_000));
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

export type Kind =
  | "text"
  | "longtext"
  | "int"
  | "money"
  | "number"
  | "date"
  | "futureDate"
  | "datetime"
  | "uuid"
  | "enum"
  | "checkbox"
  | "email"
  | "password"
  | "uscc"
  | "region"
  | "phone"
  | "file"
  | "csv"
  | "quarter"
  | "redirect"
  | "intent"
  | "token";

/** Characters that break naive code: NUL, lone surrogates, bidi and zero-width marks, combining marks, emoji… */
export const SPECIALS = [
  "\u0000",
  "\uD800",
  "\uDBFF",
  "\uDC00",
  "\uDFFF",
  "\u202E",
  "\u202D",
  "\u2066",
  "\u200F",
  "\u200E",
  "\u061C",
  "\u200B",
  "\u200C",
  "\u200D",
  "\u2060",
  "\uFEFF",
  "\u00AD",
  "\u0301",
  "\u0308\u0308\u0308\u0308",
  "\u3000",
  "\u00A0",
  "\u2028",
  "\u2029",
  "\u0085",
  "\r",
  "\n",
  "\r\n",
  "\t",
  "\u000B",
  "\u001B",
  "\u007F",
  "\uFFFD",
  "\uFFFF",
  "\uFFFE",
  "😀",
  "👨‍👩‍👧‍👦",
  "🏳️‍🌈",
  "🇨🇳",
  "𠀀",
  "𪚥",
  "﷽",
  "Ａ",
  "１",
  "٣",
  "ⅷ",
  "'",
  '"',
  "<",
  ">",
  "&",
  "\\",
  "%",
  "%00",
  "${x}",
  "{{x}}",
  "--",
  "/*",
  ";",
  "\u0000\u0000",
  "Z\u0351\u0352\u0353\u0354\u0355\u0356",
];

const INVALID_UTF8: number[][] = [
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xe4, 0xb8],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xfe, 0xff],
];
const RAW_FRAGMENTS = ["%", "%zz", "%E4%B8", "%00", "a&b=c", "%C0%80", "=", "&&&", "%25%", "%%", "%u0041", "+%2B+", "%ED%A0%80"];

const NUMBERS = [
  "-1",
  "0",
  "-0",
  "1e309",
  "-1e309",
  "1e21",
  "1e20",
  "9007199254740993",
  "2147483647",
  "2147483648",
  "-2147483649",
  "99999999999999999999",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  "0b11",
  "0o7",
  "1e-7",
  "1.5",
  "1,5",
  "１２",
  "٣",
  "1_000",
  " 7 ",
  "+5",
  "00001",
  "1e2",
  "5e-324",
  ".5",
  "5.",
  "--1",
  "1..2",
  "1/2",
  "∞",
  "一百",
  "1e1000",
  "-9223372036854775809",
];
const MONEY = [
  "¥100",
  "￥1,000.00",
  "100.001",
  "1 000",
  "9999999999999",
  "99999999999.99",
  "10000000000.01",
  "0.00",
  "100元",
  "$5",
  "1e5",
  "-0.01",
  "１０００",
  "0.1.1",
  "1,,000",
  "¥",
  "100.",
  ".01",
];
const DATES = [
  "2026-02-30",
  "2026-02-29",
  "2024-02-29",
  "2026-13-01",
  "2026-00-10",
  "2026-12-32",
  "0000-00-00",
  "0000-01-01",
  "0001-01-01",
  "9999-12-31",
  "2026-1-1",
  "20260101",
  "2026/01/01",
  "2026-01-01T00:00",
  "2026-06-15 ",
  "+275760-09-13",
  "-2026-01-01",
  "1969-12-31",
  "1900-01-01",
  "2100-02-29",
  "2026-04-31",
  "1000-01-01",
  "２０２６-０１-０１",
  "2026-06-15\u0000",
];
const DATETIMES = [
  "2026-06-15T24:00",
  "2026-06-15T23:60",
  "2026-06-15T99:99",
  "2026-02-30T10:00",
  "0000-01-01T00:00",
  "9999-12-31T23:59",
  "2026-06-15T10:00:00",
  "2026-06-15T10:00Z",
  "2026-06-15T10:00+08:00",
  "2026-06-15t10:00",
  "1970-01-01T00:00",
  "2026-06-15 10:00",
];
const EMAILS = [
  "a@b",
  "@b.cn",
  "a@@b.cn",
  '"a"@b.cn',
  "a@b.cn,c@d.cn",
  "Ａ@b.cn",
  "a@xn--fiqs8s",
  `${"x".repeat(300)}@b.cn`,
  "a@b.cn ",
  "OWNER@DEMO.ZJCS.CN",
  "owner@demo.zjcs.cn",
  "a@b.cn\u0000",
  "a@b..cn",
  "<a@b.cn>",
  "a@[127.0.0.1]",
];
const REGIONS = [
  "000000",
  "999999",
  "320100",
  "32010",
  "3201000",
  "32010a",
  "１１００００",
  " 320100",
  "110000",
  "330100",
  "330000",
  "000001",
];
const PHONES = [
  "13800138000",
  "+8613800138000",
  "025-83009999",
  "0000",
  "1".repeat(40),
  "138-0013-8000",
  "+86 13800138000",
  "(025)83009999",
];
const REDIRECTS = [
  "//evil.example",
  "/\\evil.example",
  "https://evil.example",
  "/%2F%2Fevil.example",
  "javascript:alert(1)",
  "/\u0000",
  "/account",
  "\\\\evil.example",
  " /x",
  "/x\r\nSet-Cookie: a=b",
  "/\t/evil.example",
  "http:/evil.example",
  "/%09/evil.example",
];
const QUARTERS = ["2026-Q1", "2026-Q5", "2026-Q0", "9999-Q4", "0000-Q1", "2026-q1", "2026Q1", "2026-Q1 ", "2026-Q-1"];
const NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "intent",
  "id",
  "p.__proto__.polluted",
  "p.constructor.prototype.polluted",
  "tech___proto__",
  "minBids___proto__",
  "a[]",
  "a[0]",
  "",
  "\u0000",
  "名字",
  "x".repeat(1000),
  "toString",
  "hasOwnProperty",
  "then",
];

const someUuid = fc.uuid();
/** ids that parse loosely but are not uuids, or uuids in odd spellings. */
const UUIDISH = [
  "-".repeat(36),
  "0".repeat(36),
  "a".repeat(36),
  "00000000-0000-0000-0000-000000000000",
  "00000000000000000000000000000000",
  "00000000-0000-0000-0000-00000000000g",
  "{00000000-0000-0000-0000-000000000000}",
  "urn:uuid:00000000-0000-0000-0000-000000000000",
  "undefined",
  "null",
  "1",
  "-1",
  "'",
  "00000000-0000-0000-0000-000000000000\u0000",
];

const hugeText = fc
  .tuple(fc.constantFrom("a", "中", "😀", "\u0301", " ", "\u0000", "\u202E", "<"), fc.integer({ min: 2_000, max: 120_000 }))
  .map(([c, n]) => c.repeat(n));
const specialsText = fc.array(fc.constantFrom(...SPECIALS), { minLength: 1, maxLength: 12 }).map((a) => a.join(""));
const loneSurrogateText = fc
  .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 8 }))
  .map(([a, c, b]) => a + String.fromCharCode(c) + b);
const invalidBytes: fc.Arbitrary<Val> = fc
  .tuple(fc.constantFrom(...INVALID_UTF8), fc.string({ maxLength: 6 }))
  .map(([bad, s]) => ({ bytes: Uint8Array.from([...new TextEncoder().encode(s), ...bad]) }));
const rawFragment: fc.Arbitrary<Val> = fc.constantFrom(...RAW_FRAGMENTS).map((raw) => ({ raw }));

function genericText(): fc.Arbitrary<Val> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 3, arbitrary: specialsText },
    { weight: 2, arbitrary: loneSurrogateText },
    { weight: 1, arbitrary: hugeText },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        " ",
        "   ",
        "\u3000\u3000",
        "\t\n",
        "null",
        "undefined",
        "true",
        "[]",
        "{}",
        '{"a":1}',
        "[1,2]",
        "__proto__",
        "constructor",
        "0",
        "on",
      ),
    },
    // Short strings of astral characters: two UTF-16 units each, one character for the database.
    { weight: 1, arbitrary: fc.constantFrom("😀", "😀😀", "𠀀𠀀𠀀", "🇨🇳", "𪚥𪚥𪚥𪚥𪚥", "😀😀😀😀😀😀😀😀😀") },
    { weight: 1, arbitrary: invalidBytes },
    { weight: 1, arbitrary: rawFragment },
  );
}

const numberText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31) - 10, max: 2 ** 31 + 10 }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
);
const dateText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...DATES) },
  { weight: 1, arbitrary: fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms).toISOString().slice(0, 10)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
  },
);
/** Never a date that is today or earlier and valid: publishing with it would change the rules in force now. */
const futureOrInvalidDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "2099-02-29",
    "2026-1-1",
    "20990101",
    "2099-00-10",
    "2099-04-31",
    "+275760-09-13",
    "2099-01-01T00:00",
  ),
  fc.integer({ min: 2090, max: 9999 }).map((y) => `${y}-01-01`),
);

/** Hostile values for a field of this kind; `pool` adds values that are plausible but wrong (other ids, enum values). */
export function hostile(kind: Kind, pool: readonly string[] = []): fc.Arbitrary<Val> {
  const specific: fc.Arbitrary<Val>[] = [];
  switch (kind) {
    case "int":
    case "number":
      specific.push(numberText);
      break;
    case "money":
      specific.push(numberText, fc.constantFrom(...MONEY));
      break;
    case "date":
      specific.push(dateText);
      break;
    case "futureDate":
      // The generic strings below never make a valid date, so nothing here takes effect today.
      specific.push(futureOrInvalidDate);
      break;
    case "datetime":
      specific.push(
        fc.constantFrom(...DATETIMES),
        dateText,
        dateText.map((d) => `${d}T10:00`),
      );
      break;
    case "uuid":
      specific.push(
        someUuid,
        fc.constantFrom(...UUIDISH),
        someUuid.map((u) => u.toUpperCase()),
        someUuid.map((u) => u.replace(/-/g, "")),
        someUuid.map((u) => ` ${u}`),
      );
      break;
    case "checkbox":
      specific.push(fc.constantFrom("on", "off", "true", "false", "1", "0", "yes", "", "ON", "checked"));
      break;
    case "email":
      specific.push(fc.constantFrom(...EMAILS), fc.emailAddress());
      break;
    case "password":
      specific.push(fc.constantFrom("short", "x".repeat(129), "x".repeat(128), "密码密码密码密码密码", "\u0000".repeat(10), "          "));
      break;
    case "uscc":
      specific.push(
        fc.constantFrom("91320100MA1XXXXXX1", "91320100MA00000000", "9132010", "913201000000000000000", "91320100ma1w9d3q5k"),
        fc.nat().map((n) => demoCreditCode("320100", n).toLowerCase()),
        fc.nat().map((n) => demoCreditCode("320100", n).slice(0, 17) + "I"),
        fc.nat().map((n) => ` ${demoCreditCode("320100", n).replace(/(.{4})/g, "$1 ")}`),
      );
      break;
    case "region":
      specific.push(
        fc.constantFrom(...REGIONS),
        fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, "0")),
      );
      break;
    case "phone":
      specific.push(fc.constantFrom(...PHONES));
      break;
    case "quarter":
      specific.push(
        fc.constantFrom(...QUARTERS),
        fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: -1, max: 9 })).map(([y, q]) => `${y}-Q${q}`),
      );
      break;
    case "redirect":
      specific.push(fc.constantFrom(...REDIRECTS));
      break;
    case "intent":
      specific.push(
        fc.constantFrom(
          "",
          "INTENT",
          "bid ",
          "__proto__",
          "constructor",
          "toString",
          "delete",
          "publish",
          "cancel",
          "formula",
          "rules",
          "draw",
          "accept",
          "terminate",
        ),
      );
      break;
    case "file":
      specific.push(filePart());
      break;
    case "csv":
      specific.push(csvText());
      break;
    case "token":
      specific.push(fc.constantFrom("", ".", "..", "a.b", "x".repeat(500), "%00", "invite"), fc.base64String({ maxLength: 60 }));
      break;
    default:
      break;
  }
  if (pool.length) specific.push(fc.constantFrom(...pool));
  return fc.oneof({ weight: 2, arbitrary: genericText() }, ...specific.map((a) => ({ weight: 3, arbitrary: a })));
}

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);

export function validPdf(name = "证明材料.pdf"): FilePart {
  return { file: true, filename: name, type: "application/pdf", bytes: PDF };
}

export function filePart(): fc.Arbitrary<FilePart> {
  const bytes = fc.oneof(
    fc.constant(PDF),
    fc.constant(PNG),
    fc.constant(JPEG),
    fc.constant(new Uint8Array(0)),
    fc.uint8Array({ maxLength: 2000 }),
    fc.constant(new TextEncoder().encode("<html><script>alert(1)</script></html>")),
    fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.from([...PDF.slice(0, 5), ...b])),
  );
  const filename = fc.oneof(
    fc.constantFrom(
      "a.pdf",
      "../../etc/passwd",
      "a.pdf\u0000.exe",
      "",
      `${"x".repeat(500)}.pdf`,
      "文件.pdf",
      "evil.html",
      "a\r\nb.pdf",
      "CON",
      ".htaccess",
      "\u202Efdp.exe",
    ),
    fc.string({ unit: "binary", maxLength: 30 }),
  );
  const type = fc.constantFrom(
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/html",
    "application/octet-stream",
    "",
    "image/svg+xml",
    "application/pdf; charset=utf-8",
  );
  return fc.record({ file: fc.constant(true as const), filename, type, bytes });
}

function csvText(): fc.Arbitrary<string> {
  const cell = fc.oneof(
    fc.string({ unit: "binary", maxLength: 20 }),
    specialsText,
    fc.constantFrom('"', '""', '"a,b"', "=cmd|' /C calc'!A0", "", "warning", "blacklist", "2026-02-30", "320100 330106", "\r\n"),
  );
  const row = fc.array(cell, { minLength: 0, maxLength: 12 }).map((cells) => cells.join(","));
  const header = fc.constantFrom(
    "credit_code,name,type,starts_on,ends_on,authority,decision_ref,grounds,legal_basis,regions",
    "",
    "a,b,c",
    "credit_code,credit_code,name",
    "\uFEFFcredit_code,name,type,starts_on,ends_on,authority,decision_ref,grounds",
  );
  return fc
    .tuple(header, fc.array(row, { maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\r"))
    .map(([h, rows, nl]) => [h, ...rows].join(nl));
}

// ---------------------------------------------------------------------------------------------
// Forms and the mutation of a valid submission.

type Base = string | string[] | FilePart | null;

export interface FieldSpec {
  name: string | ((w: World) => string);
  kind: Kind;
  /** A valid value (null: absent in a valid submission). */
  valid: (w: World) => Base;
  /** Plausible but wrong values (other ids, other enum members). */
  pool?: (w: World) => readonly string[];
}

export interface FormSpec {
  name: string;
  actor: Actor;
  /** The page the form posts to; null when the fixture it needs does not exist. */
  path: (w: World) => string | null;
  fields: FieldSpec[] | ((w: World) => FieldSpec[]);
  /** The form carries a file: sent as multipart (mostly). */
  multipart?: boolean;
  runs?: number;
  /** Makes a submission safe to send (e.g. log-in: never a wrong password for a real address, which would throttle). */
  sanitize?: (entries: Entry[], w: World) => Entry[];
}

export type Op =
  | { op: "keep" }
  | { op: "drop" }
  | { op: "replace"; v: Val }
  | { op: "dup"; v: Val; first: boolean }
  | { op: "many"; vs: Val[] }
  | { op: "decorate"; inserts: [number, string][] };

export interface Plan {
  /** few: 0–2 fields changed, the rest valid (reaches the deep code); wild: every field's op applies. */
  mode: "few" | "wild";
  few: number[];
  ops: Op[];
  extras: Entry[];
  extrasFirst: boolean;
  transport: Transport;
}

function opArb(f: FieldSpec, w: World): fc.Arbitrary<Op> {
  const h = hostile(f.kind, f.pool?.(w) ?? []);
  const decorate = fc
    .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...SPECIALS)), { minLength: 1, maxLength: 4 })
    .map((inserts) => ({ op: "decorate" as const, inserts }));
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ op: "keep" as const }) },
    { weight: 5, arbitrary: h.map((v) => ({ op: "replace" as const, v })) },
    { weight: 3, arbitrary: decorate },
    { weight: 1, arbitrary: fc.constant({ op: "drop" as const }) },
    { weight: 1, arbitrary: fc.tuple(h, fc.boolean()).map(([v, first]) => ({ op: "dup" as const, v, first })) },
    { weight: 1, arbitrary: fc.array(h, { minLength: 2, maxLength: 4 }).map((vs) => ({ op: "many" as const, vs })) },
  );
}

export function fieldsOf(spec: FormSpec, w: World): FieldSpec[] {
  return typeof spec.fields === "function" ? spec.fields(w) : spec.fields;
}

export function planArb(spec: FormSpec, w: World): fc.Arbitrary<Plan> {
  const fields = fieldsOf(spec, w);
  const transports: Transport[] = spec.multipart
    ? ["multipart", "multipart", "multipart", "multipart", "multipart", "multipart", "urlencoded", "brokenMultipart", "json"]
    : [
        "urlencoded",
        "urlencoded",
        "urlencoded",
        "urlencoded",
        "urlencoded",
        "urlencoded",
        "multipart",
        "multipart",
        "json",
        "text",
        "none",
        "brokenMultipart",
      ];
  return fc.record({
    mode: fc.constantFrom("few" as const, "few" as const, "wild" as const),
    few: fc.array(fc.nat({ max: Math.max(0, fields.length - 1) }), { maxLength: 2 }),
    ops: fc.tuple(...fields.map((f) => opArb(f, w))),
    extras: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string({ unit: "binary", maxLength: 12 })), genericText()), {
      maxLength: 3,
    }),
    extrasFirst: fc.boolean(),
    transport: fc.constantFrom(...transports),
  });
}

function decorateValue(base: string, inserts: [number, string][]): string {
  let s = base;
  for (const [at, c] of inserts) {
    const i = Math.floor(at * (s.length + 1));
    s = s.slice(0, i) + c + s.slice(i);
  }
  return s;
}

function baseVals(b: Base): Val[] {
  if (b == null) return [];
  return Array.isArray(b) ? b : [b];
}

/** The submission a plan makes of the form's valid values. */
export function buildEntries(spec: FormSpec, w: World, plan: Plan): Entry[] {
  const fields = fieldsOf(spec, w);
  const out: Entry[] = [];
  fields.forEach((f, i) => {
    const name = typeof f.name === "function" ? f.name(w) : f.name;
    const vals = baseVals(f.valid(w));
    const active = plan.mode === "wild" || plan.few.includes(i);
    const op: Op = active ? plan.ops[i]! : { op: "keep" };
    let put: Val[];
    switch (op.op) {
      case "keep":
        put = vals;
        break;
      case "drop":
        put = [];
        break;
      case "replace":
        put = [op.v];
        break;
      case "dup":
        put = op.first ? [op.v, ...vals] : [...vals, op.v];
        break;
      case "many":
        put = op.vs;
        break;
      case "decorate":
        put = vals.length ? vals.map((v) => (typeof v === "string" ? decorateValue(v, op.inserts) : v)) : [decorateValue("", op.inserts)];
        break;
    }
    for (const v of put) out.push([name, v]);
  });
  const result = plan.extrasFirst ? [...plan.extras, ...out] : [...out, ...plan.extras];
  return spec.sanitize ? spec.sanitize(result, w) : result;
}

/** The valid submission itself. */
export function validEntries(spec: FormSpec, w: World, overrides: Record<string, Base> = {}): Entry[] {
  const out: Entry[] = [];
  for (const f of fieldsOf(spec, w)) {
    const name = typeof f.name === "function" ? f.name(w) : f.name;
    for (const v of baseVals(name in overrides ? overrides[name]! : f.valid(w))) out.push([name, v]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The field helpers and the list of forms.

const f = (name: string, kind: Kind, valid: (w: World) => Base, pool?: (w: World) => readonly string[]): FieldSpec => ({
  name,
  kind,
  valid,
  pool,
});
const c = (v: Base) => () => v;
const at = (p: string) => () => p;
const intent = (value: string, others: readonly string[] = []): FieldSpec => f("intent", "intent", c(value), () => others);
const uniq = (prefix: string) => `${prefix}${nextSerial()}`;

const PROJECT_INTENTS = [
  "bid",
  "withdraw",
  "ask",
  "answer",
  "complete",
  "sign",
  "deliver",
  "accept",
  "return",
  "fund",
  "milestones",
  "acceptMilestone",
  "offline",
  "orderRefund",
  "object",
  "answerObjection",
  "escalate",
  "copy",
  "abandon",
  "review",
  "reply",
  "rate",
  "terminate",
] as const;
const projectPath = (key: string) => (w: World) => (w.ids[key] ? `/projects/${w.ids[key]}` : null);
const fixtureIds = (w: World) => Object.values(w.ids).filter((v): v is string => !!v && /^[0-9a-f-]{36}$/.test(v));

const AGENCY_DETAILS: FieldSpec[] = [
  f("legalRepresentative", "text", c("模糊测试法人")),
  f("address", "text", c("杭州市西湖区模糊测试路 1 号")),
  f("businessScope", "longtext", c("环境影响评价、环境监测咨询")),
  f("contactPerson", "text", c("联系人")),
  f("contactPhone", "phone", c("0571-88001234")),
  f("contactEmail", "email", c("contact@fuzz.example")),
  f("contactPublic", "checkbox", c("on")),
];

const projectFields = (deadlineDays: number): FieldSpec[] => [
  f("title", "text", () => uniq("模糊测试项目 ")),
  f(
    "serviceItemId",
    "int",
    (w) => String(w.eiaForm),
    (w) => w.items.map(String),
  ),
  f("regionCode", "region", (w) => w.region),
  f("description", "longtext", c("模糊测试项目，编制环境影响报告表并配合报批。")),
  f("deliverables", "text", c("环境影响报告表（报批稿）")),
  f("priceCeiling", "money", c("50000")),
  f("priceFloor", "money", c("")),
  f("governmentFunded", "checkbox", c(null)),
  f("selectionMethod", "enum", c("lowestPrice"), () => SELECTION_METHODS),
  f("bidDeadline", "datetime", () => `${beijingDay(deadlineDays)}T10:00`),
  f("expectedDays", "int", c("15")),
  f("priceWeight", "int", c("")),
  f("technicalWeight", "int", c("")),
  f("creditWeight", "int", c("")),
];

const LOGIN_GOOD = "owner@demo.zjcs.cn";

/** Every form, grouped by when its fixture exists. */
export const FORMS: Record<string, FormSpec[]> = {
  anonymous: [
    {
      name: "log in",
      actor: "anon",
      path: at("/login"),
      runs: 30,
      fields: [
        f("email", "email", c(LOGIN_GOOD)),
        f("password", "password", c("Demo-2026-zjcs")),
        f("redirectTo", "redirect", c("/account")),
      ],
      // A well-formed wrong e-mail/password pair counts towards the log-in throttle of this address (shared
      // by the whole suite): whenever the e-mail alone would pass, the pair is made the right one.
      sanitize: (entries) => {
        const emails = entries.filter(([k]) => k === "email");
        const last = emails[emails.length - 1]?.[1];
        const text = typeof last === "string" ? last.trim().toLowerCase() : null;
        const plausible = text !== null && /@/.test(text) && text.length <= 254;
        return entries
          .map(([k, v]): Entry => (k === "email" && typeof v !== "string" ? [k, "not-an-email"] : [k, v]))
          .map(([k, v]): Entry =>
            plausible && k === "email" ? [k, LOGIN_GOOD] : plausible && k === "password" ? [k, "Demo-2026-zjcs"] : [k, v],
          );
      },
    },
    {
      name: "sign up",
      actor: "anon",
      path: at("/signup"),
      runs: 30,
      fields: [
        f("kind", "enum", c("agency"), () => ["agency", "owner", "regulator", "admin"]),
        f("ownerType", "enum", c(null), () => ["enterprise", "department", "regulator"]),
        f("orgName", "text", () => uniq("模糊测试注册机构")),
        f("creditCode", "uscc", (w) => freshCreditCode(w.region)),
        f("regionCode", "region", (w) => w.region),
        ...AGENCY_DETAILS,
        f("pledge", "checkbox", c("on")),
        f("userName", "text", c("模糊测试")),
        f("email", "email", () => `fuzz-signup-${Date.now()}-${nextSerial()}@fuzz.example`),
        f("password", "password", c("fuzz password 123")),
        f("passwordConfirm", "password", c("fuzz password 123")),
      ],
    },
    {
      name: "language",
      actor: "anon",
      path: at("/lang"),
      fields: [f("locale", "enum", c("en"), () => ["zh-CN", "en", "fr", "zh-cn", "EN"]), f("redirectTo", "redirect", c("/"))],
    },
    { name: "log out (anonymous)", actor: "anon", path: at("/logout"), runs: 8, fields: [f("redirectTo", "redirect", c("/"))] },
    {
      name: "accept an invitation",
      actor: "anon",
      path: (w) => (w.ids.inviteToken ? `/invite/${w.ids.inviteToken}` : null),
      fields: [
        f("userName", "text", c("受邀成员")),
        f("password", "password", c("fuzz password 123")),
        f("passwordConfirm", "password", c("fuzz password 123")),
      ],
    },
  ],
  account: [
    {
      name: "change password",
      actor: "agencyC",
      path: at("/account"),
      fields: [
        f("currentPassword", "password", (w) => w.passwords.agencyC!),
        f("newPassword", "password", (w) => w.passwords.agencyC!),
        f("newPasswordConfirm", "password", (w) => w.passwords.agencyC!),
      ],
    },
    {
      name: "invite a member",
      actor: "owner",
      path: at("/account/members"),
      fields: [
        f("email", "email", () => `fuzz-member-${nextSerial()}-${Date.now()}@fuzz.example`),
        f("role", "enum", c("member"), () => ["admin", "member", "owner", "regulator"]),
      ],
    },
    { name: "agency profile", actor: "agencyA", path: at("/agency/profile"), fields: AGENCY_DETAILS },
    {
      name: "service listing",
      actor: "agencyB",
      path: at("/agency/services/new"),
      fields: [
        f(
          "serviceItemId",
          "int",
          (w) => String(w.items[nextSerial() % w.items.length]),
          (w) => w.items.map(String),
        ),
        f("feeMode", "enum", c("fixed"), () => ["fixed", "range", "rate", "free"]),
        f("feeMin", "money", c("1000")),
        f("feeMax", "money", c("")),
        f("feeRate", "number", c("")),
        f("feeBasis", "text", c("")),
        f("committedDays", "int", c("10")),
        f("pledge", "longtext", c("按承诺时限和收费标准提供服务。")),
        f("regions", "region", (w) => [w.region]),
        f("active", "checkbox", c("on")),
      ],
    },
    {
      name: "qualification upload",
      actor: "agencyB",
      path: at("/agency/qualifications/new"),
      multipart: true,
      fields: [
        f(
          "serviceItemId",
          "int",
          (w) => String(w.eiaForm),
          (w) => w.items.map(String),
        ),
        f("qualType", "text", c("环评资质")),
        f("level", "text", c("甲级")),
        f("certificateNo", "text", () => uniq("模糊-")),
        f("issuer", "text", c("浙江省生态环境厅")),
        f("validFrom", "date", () => beijingDay(-365)),
        f("validTo", "date", () => beijingDay(365)),
        f("document", "file", () => validPdf()),
      ],
    },
    { name: "payout account", actor: "agencyB", path: at("/agency/payouts"), runs: 4, fields: [] },
    {
      name: "credit repair application",
      actor: "agencyC",
      path: at("/agency/credit"),
      multipart: true,
      fields: [
        f("kind", "enum", c("liftSanction"), () => ["liftSanction", "correctEvent", "appealReview", "other"]),
        f("targetId", "uuid", (w) => w.ids.sanctionC ?? "00000000-0000-4000-8000-000000000000", fixtureIds),
        f("reasonCode", "enum", c(""), () => ["offTopic", "abusive", "personalData", "notAParty", "coercion"]),
        f("grounds", "longtext", c("已完成整改，申请信用修复，附整改材料。")),
        f("document", "file", c(null)),
      ],
    },
  ],
  owner: [
    { name: "project draft: create", actor: "owner", path: at("/owner/projects/new"), runs: 30, fields: projectFields(10) },
    {
      name: "project draft: edit",
      actor: "owner",
      path: (w) => (w.ids.draft ? `/owner/projects/${w.ids.draft}` : null),
      runs: 25,
      fields: [...projectFields(10), f("intent", "intent", c(null), () => ["publish", "cancel", "save"])],
    },
    {
      name: "project draft: publish",
      actor: "owner",
      path: (w) => (w.ids.draftPublish ? `/owner/projects/${w.ids.draftPublish}` : null),
      fields: [intent("publish", ["cancel"]), f("publishKey", "uuid", () => crypto.randomUUID())],
    },
    {
      name: "project draft: cancel",
      actor: "owner",
      path: (w) => (w.ids.draftCancel ? `/owner/projects/${w.ids.draftCancel}` : null),
      fields: [
        intent("cancel", ["publish"]),
        f("ground", "enum", c("requirementWithdrawn"), () => [...CANCEL_GROUNDS]),
        f("explanation", "longtext", c("建设项目已终止，不再需要该服务。")),
      ],
    },
    {
      name: "project attachments",
      actor: "owner",
      path: (w) => (w.ids.draft ? `/owner/projects/${w.ids.draft}/attachments` : null),
      multipart: true,
      fields: [
        f("title", "text", c("项目附件")),
        f("confidential", "checkbox", c(null)),
        f("document", "file", () => validPdf("附件.pdf")),
      ],
    },
  ],
  bidding: [
    {
      name: "bid",
      actor: "agencyA",
      path: projectPath("bidding"),
      runs: 30,
      fields: [
        intent("bid", PROJECT_INTENTS),
        f("price", "money", c("40000")),
        f("committedDays", "int", c("10")),
        f("proposal", "longtext", c("")),
      ],
    },
    {
      name: "ask a question",
      actor: "agencyB",
      path: projectPath("bidding"),
      fields: [intent("ask", PROJECT_INTENTS), f("question", "longtext", c("请问是否需要现场踏勘？"))],
    },
    {
      name: "answer a question",
      actor: "owner",
      path: projectPath("bidding"),
      fields: [
        intent("answer", PROJECT_INTENTS),
        f("questionId", "uuid", (w) => w.ids.question ?? null, fixtureIds),
        f("answer", "longtext", c("需要，请提前预约。")),
      ],
    },
    { name: "withdraw a bid", actor: "agencyB", path: projectPath("bidding"), runs: 6, fields: [intent("withdraw", PROJECT_INTENTS)] },
    { name: "copy as draft", actor: "owner", path: projectPath("bidding"), runs: 4, fields: [intent("copy", PROJECT_INTENTS)] },
    {
      name: "project revision while bidding",
      actor: "owner",
      path: (w) => (w.ids.bidding ? `/owner/projects/${w.ids.bidding}` : null),
      runs: 15,
      fields: projectFields(12),
    },
    {
      name: "project page: unknown intents, any actor",
      actor: "agencyC",
      path: projectPath("bidding"),
      runs: 15,
      fields: [
        intent("terminate", PROJECT_INTENTS),
        f("reason", "text", c("理由理由理由")),
        f("objectionId", "uuid", c(null), fixtureIds),
        f("milestoneId", "uuid", c(null), fixtureIds),
        f("reviewId", "uuid", c(null), fixtureIds),
      ],
    },
  ],
  regulator: [
    {
      name: "sanction decision",
      actor: "office",
      path: at("/regulator/sanctions/new"),
      multipart: true,
      fields: [
        f(
          "agencyId",
          "uuid",
          (w) => w.ids.agencyC ?? null,
          (w) => [w.ids.agencyC ?? "", w.ids.ownerProbe ?? ""].filter(Boolean),
        ),
        f("type", "enum", c("warning"), () => SANCTION_TYPES),
        f("grounds", "longtext", c("模糊测试：未按承诺时限提交成果。")),
        f("legalBasis", "text", c("《江苏省行政审批中介服务管理办法》")),
        f("decisionRef", "text", () => uniq("浙模糊〔2026〕")),
        f("scopeRegions", "region", c([])),
        f("scopeItems", "int", c([]), (w) => w.items.map(String)),
        f("startsOn", "date", () => beijingDay(0)),
        f("endsOn", "date", () => beijingDay(30)),
        f("affiliates", "longtext", c("")),
        f("complaintId", "uuid", c(""), fixtureIds),
        f("proposalId", "uuid", c(""), fixtureIds),
        f("caseId", "uuid", c(""), fixtureIds),
        f("document", "file", c(null)),
      ],
    },
    {
      name: "lift a sanction",
      actor: "office",
      path: (w) => (w.ids.sanctionLift ? `/sanctions/${w.ids.sanctionLift}` : null),
      fields: [f("reason", "longtext", c("已整改完毕，提前解除。")), f("id", "uuid", c(null), fixtureIds)],
    },
    {
      name: "dismiss a proposal",
      actor: "office",
      path: at("/regulator/sanctions"),
      fields: [f("id", "uuid", () => crypto.randomUUID(), fixtureIds), f("reason", "text", c("不予处理"))],
    },
    {
      name: "reciprocal import (CSV)",
      actor: "office",
      path: at("/regulator/sanctions/import"),
      fields: [
        f(
          "csv",
          "csv",
          (w) =>
            `credit_code,name,type,starts_on,ends_on,authority,decision_ref,grounds,legal_basis,regions\n${freshCreditCode("330100")},模糊测试互认企业${nextSerial()},warning,${w.today},,浙江省市场监督管理局,浙市监${nextSerial()}号,模糊测试互认,,`,
        ),
        f("file", "file", c(null)),
      ],
    },
    {
      name: "exclusion rules",
      actor: "office",
      path: at("/regulator/rules"),
      fields: [
        intent("rules", ["formula"]),
        f("effectiveFrom", "futureDate", c("2099-01-01")),
        f("note", "text", c("模糊测试版本（远期生效）")),
        f("sanctionEnabled", "checkbox", c("on")),
        f("sanctionTypes", "enum", c(["suspension", "blacklist", "removal", "ban"]), () => NEGATIVE_SANCTION_TYPES),
        f("creditGradeEnabled", "checkbox", c("on")),
        f("creditGrades", "enum", c(["D"]), () => ["A", "B", "C", "D", "E"]),
        f("creditGradeMethods", "enum", c(["randomDraw", "creditPreferred"]), () => SELECTION_METHODS),
        f("qualificationEnabled", "checkbox", c("on")),
        f("conflictOfInterestEnabled", "checkbox", c("on")),
        f("abandonedAwardsEnabled", "checkbox", c("on")),
        f("abandonedAwardsCount", "int", c("3")),
        f("abandonedAwardsMonths", "int", c("12")),
      ],
    },
    {
      name: "credit formula",
      actor: "office",
      path: at("/regulator/rules"),
      fields: [
        intent("formula", ["rules"]),
        f("effectiveFrom", "futureDate", c("2099-01-01")),
        f("note", "text", c("模糊测试公式（远期生效）")),
        ...Object.entries(flattenParams(DEFAULT_CREDIT_PARAMS)).map(([k, v]) => f(`p.${k}`, "number", c(v))),
      ],
    },
    {
      name: "red flag thresholds",
      actor: "office",
      path: at("/regulator/flags"),
      fields: [
        f("flag", "enum", c("R028"), () => FLAGS.map((x) => x.code)),
        f("enabled", "checkbox", c("on")),
        ...[...new Set(FLAGS.flatMap((x) => Object.keys(x.defaults)))].map((k) =>
          f(k, "number", c(String(FLAGS.find((x) => k in x.defaults)!.defaults[k]!))),
        ),
      ],
    },
    {
      name: "procedure policy (the fuzz region)",
      actor: "office",
      path: at("/regulator/policy"),
      fields: [
        f("allowedMethods", "enum", c([...SELECTION_METHODS]), () => [...SELECTION_METHODS, "auction"]),
        f("minBidsGovernment", "int", c("1")),
        f("minBidsOther", "int", c("1")),
        f("minBiddingWorkdays", "int", c("0")),
        f("publicityWorkdays", "int", c("0")),
        f("objectionAnswerWorkdays", "int", c("5")),
        f("signingWorkdays", "int", c("10")),
        f("directCeiling", "money", c("1000000")),
        f("abnormallyLowPct", "int", c("50")),
        f("abnormallyLowCeilingPct", "int", c("40")),
        f("maxBiddingDays", "int", c("90")),
        f("directFloorPct", "int", c("30")),
        f("complaintWindowDays", "int", c("90")),
        f("complaintDecisionWorkdays", "int", c("15")),
        ...SELECTION_METHODS.map((m) => f(`minBids_${m}`, "int", c(""))),
      ],
    },
    {
      name: "open a case",
      actor: "office",
      path: at("/regulator/cases/new"),
      fields: [
        f("origin", "enum", c("initiative"), () => ["flag", "complaint", "initiative", "rumour"]),
        f("flag", "text", c(""), () => FLAGS.map((x) => x.code)),
        f("complaintId", "uuid", c(""), fixtureIds),
        f("projectId", "uuid", (w) => w.ids.bidding ?? "", fixtureIds),
        f("agencyId", "uuid", (w) => w.ids.agencyC ?? "", fixtureIds),
        f("ownerOrgId", "uuid", c(""), fixtureIds),
        f("title", "text", () => uniq("模糊测试监督案件")),
        f("grounds", "longtext", c("模糊测试：核查报价与服务承诺是否一致。")),
      ],
    },
    {
      name: "case: activate, dialogue, conclude",
      actor: "office",
      path: (w) => (w.ids.case ? `/cases/${w.ids.case}` : null),
      fields: [
        intent("message", ["activate", "drop", "message", "conclude", "finish"]),
        f("body", "longtext", c("请说明报价编制过程。")),
        f("finding", "enum", c("violation"), () => ["violation", "none"]),
        f("violation", "enum", c("other"), () => [
          "collusion",
          "designation",
          "overcharge",
          "overdue",
          "procedure",
          "falseMaterials",
          "conflictOfInterest",
          "other",
        ]),
        f("conclusion", "longtext", c("模糊测试结论：存在程序瑕疵，予以提醒。")),
        f("followUp", "enum", c("none"), () => ["none", "sanction", "creditEvent"]),
      ],
    },
    {
      name: "case: the agency answers",
      actor: "agencyC",
      path: (w) => (w.ids.case ? `/cases/${w.ids.case}` : null),
      runs: 12,
      fields: [intent("message", ["activate", "conclude", "finish", "drop"]), f("body", "longtext", c("已按要求说明。"))],
    },
    {
      name: "plan an inspection",
      actor: "office",
      path: at("/regulator/inspections"),
      fields: [
        f("title", "text", () => uniq("模糊测试双随机抽查")),
        f("itemId", "int", c(""), (w) => w.items.map(String)),
        f("regionCode", "region", (w) => w.region),
        f("activeSinceDays", "int", c("")),
        f("sampleSize", "int", c("1")),
        f("inspectorsPerTarget", "int", c("1")),
      ],
    },
    {
      name: "inspection: draw and results",
      actor: "office",
      path: (w) => (w.ids.inspection ? `/inspections/${w.ids.inspection}` : null),
      fields: [
        f("intent", "intent", c(null), () => ["draw", "result"]),
        f("agencyId", "uuid", (w) => w.ids.inspectionTarget ?? null, fixtureIds),
        f("outcome", "enum", c("compliant"), () => ["compliant", "issues", "violation", "fine"]),
        f("findings", "longtext", c("抽查未发现问题。")),
      ],
    },
    {
      name: "graded assessment",
      actor: "office",
      path: at("/regulator/assessments"),
      fields: [
        f("agencyId", "uuid", (w) => w.ids.agencyC ?? null, fixtureIds),
        f("quarter", "quarter", (w) => `${w.today.slice(0, 4)}-Q${Math.ceil(Number(w.today.slice(5, 7)) / 3)}`),
        f("adjustment", "int", c("0")),
        f("adjustmentReason", "longtext", c("")),
      ],
    },
    {
      name: "qualification review",
      actor: "office",
      path: at("/regulator/qualifications"),
      fields: [
        f("id", "uuid", (w) => w.ids.qualification ?? crypto.randomUUID(), fixtureIds),
        f("decision", "enum", c("verify"), () => ["verify", "reject", "approve"]),
        f("reason", "text", c("")),
      ],
    },
    {
      name: "credit application decision",
      actor: "office",
      path: at("/regulator/applications"),
      fields: [
        f("id", "uuid", (w) => w.ids.application ?? crypto.randomUUID(), fixtureIds),
        f("decision", "enum", c("refuse"), () => ["grant", "refuse", "maybe"]),
        f("reason", "text", c("材料不足")),
      ],
    },
    {
      name: "new regulator office (site admin)",
      actor: "admin",
      path: at("/regulator/offices"),
      fields: [
        f("officeName", "text", () => uniq("模糊测试监管办公室")),
        f("regionCode", "region", c("330108")),
        f(
          "serviceItemIds",
          "int",
          (w) => w.items.slice(0, 3).map(String),
          (w) => w.items.map(String),
        ),
        f("adminEmail", "email", () => `fuzz-office-${nextSerial()}-${Date.now()}@fuzz.example`),
      ],
    },
    { name: "risk queue refresh", actor: "office", path: at("/regulator/risk"), runs: 3, fields: [] },
  ],
  contract: [
    {
      name: "direct selection: complete",
      actor: "owner",
      path: projectPath("direct"),
      fields: [
        intent("complete", PROJECT_INTENTS),
        f("agencyId", "uuid", (w) => w.ids.agencyA ?? null, fixtureIds),
        f("price", "money", c("45000")),
        f("reason", "longtext", c("直接选择：服务承诺时限最短。")),
        f("declaredNoConflict", "checkbox", c("on")),
        f("bidId", "uuid", c(null), fixtureIds),
      ],
    },
    {
      name: "contract: sign",
      actor: "owner",
      path: projectPath("direct"),
      multipart: true,
      fields: [intent("sign", PROJECT_INTENTS), f("signedOn", "date", (w) => w.today), f("document", "file", c(null))],
    },
    {
      name: "payments: milestones",
      actor: "owner",
      path: projectPath("direct"),
      fields: [intent("milestones", PROJECT_INTENTS), f("milestones", "longtext", c("初稿 20000\n终稿 25000"))],
    },
    {
      name: "payments: accept a milestone",
      actor: "owner",
      path: projectPath("direct"),
      runs: 10,
      fields: [intent("acceptMilestone", PROJECT_INTENTS), f("milestoneId", "uuid", (w) => w.ids.milestone ?? null, fixtureIds)],
    },
    {
      name: "payments: offline payment",
      actor: "owner",
      path: projectPath("direct"),
      multipart: true,
      fields: [
        intent("offline", PROJECT_INTENTS),
        f("amount", "money", c("100")),
        f("paidOn", "date", (w) => w.today),
        f("reference", "text", () => uniq("银行转账 ")),
        f("document", "file", c(null)),
      ],
    },
    { name: "payments: fund (Stripe)", actor: "owner", path: projectPath("direct"), runs: 4, fields: [intent("fund", PROJECT_INTENTS)] },
    {
      name: "payments: refund order",
      actor: "office",
      path: projectPath("direct"),
      fields: [intent("orderRefund", PROJECT_INTENTS), f("amount", "money", c("")), f("reason", "longtext", c("监管责令退款。"))],
    },
    {
      name: "delivery",
      actor: "agencyA",
      path: projectPath("direct"),
      multipart: true,
      fields: [
        intent("deliver", PROJECT_INTENTS),
        f("note", "longtext", c("环境影响报告表（报批稿）及附图")),
        f("document", "file", c(null)),
      ],
    },
    {
      name: "delivery: return",
      actor: "owner",
      path: projectPath("direct"),
      runs: 12,
      fields: [intent("return", PROJECT_INTENTS), f("reason", "longtext", c("附图不全，请补充。"))],
    },
    {
      name: "delivery: accept",
      actor: "owner",
      path: projectPath("direct"),
      runs: 12,
      fields: [intent("accept", PROJECT_INTENTS), f("reason", "longtext", c(""))],
    },
    {
      name: "review of the agency",
      actor: "owner",
      path: projectPath("direct"),
      fields: [
        intent("review", PROJECT_INTENTS),
        f("overall", "int", c("4")),
        ...["quality", "timeliness", "fees", "attitude", "compliance"].map((d) => f(d, "int", c("4"))),
        f("body", "longtext", c("成果规范，按期交付。")),
      ],
    },
    {
      name: "review of the owner",
      actor: "agencyA",
      path: projectPath("direct"),
      fields: [
        intent("review", PROJECT_INTENTS),
        f("overall", "int", c("4")),
        ...["clarity", "cooperation", "payment", "integrity"].map((d) => f(d, "int", c("4"))),
        f("body", "longtext", c("")),
      ],
    },
    {
      name: "reply to a review",
      actor: "agencyA",
      path: projectPath("direct"),
      fields: [
        intent("reply", PROJECT_INTENTS),
        f("reviewId", "uuid", (w) => w.ids.review ?? null, fixtureIds),
        f("reply", "longtext", c("感谢评价。")),
      ],
    },
    {
      name: "department rating",
      actor: "office",
      path: projectPath("direct"),
      fields: [intent("rate", PROJECT_INTENTS), f("score", "int", c("4")), f("comment", "longtext", c("成果完整，符合规范。"))],
    },
    {
      name: "complaint",
      actor: "owner",
      path: at("/complaints/new"),
      multipart: true,
      fields: [
        f("subjectType", "enum", c("agency"), () => ["agency", "project", "owner"]),
        f("projectId", "uuid", (w) => w.ids.direct ?? null, fixtureIds),
        f("agencyId", "uuid", (w) => w.ids.agencyA ?? "", fixtureIds),
        f("facts", "longtext", c("模糊测试：成果提交后多次催促才修改附图，影响报批进度。")),
        f("provisions", "text", c("服务承诺（承诺时限）")),
        f("document", "file", c(null)),
      ],
    },
    {
      name: "complaint decision",
      actor: "office",
      path: at("/regulator/complaints"),
      fields: [
        f("id", "uuid", (w) => w.ids.complaint ?? crypto.randomUUID(), fixtureIds),
        f("decision", "enum", c("dismiss"), () => ["uphold", "dismiss", "maybe"]),
        f("reason", "longtext", c("经核查，证据不足。")),
      ],
    },
    {
      name: "terminate a contract",
      actor: "owner",
      path: projectPath("direct"),
      runs: 10,
      fields: [intent("terminate", PROJECT_INTENTS), f("reason", "longtext", c("机构无法继续履约，解除合同。"))],
    },
  ],
  objection: [
    {
      name: "scored selection: complete",
      actor: "owner",
      path: projectPath("scored"),
      fields: (w) => [
        intent("complete", PROJECT_INTENTS),
        ...(w.dyn.tech ?? []).map((name, i) => f(name, "number", c(String(80 - i * 5)))),
        f("declaredNoConflict", "checkbox", c("on")),
        f("reason", "longtext", c("")),
      ],
    },
    {
      name: "objection",
      actor: "agencyB",
      path: projectPath("scored"),
      multipart: true,
      fields: [
        intent("object", PROJECT_INTENTS),
        f("grounds", "longtext", c("模糊测试异议：技术评分与评审标准不符。")),
        f("document", "file", c(null)),
      ],
    },
    {
      name: "objection: the owner answers",
      actor: "owner",
      path: projectPath("scored"),
      fields: [
        intent("answerObjection", PROJECT_INTENTS),
        f("objectionId", "uuid", (w) => w.ids.objection ?? null, fixtureIds),
        f("answer", "longtext", c("评分依据评审标准，详见评分表。")),
      ],
    },
    {
      name: "objection: escalate",
      actor: "agencyB",
      path: projectPath("scored"),
      runs: 10,
      fields: [intent("escalate", PROJECT_INTENTS), f("objectionId", "uuid", (w) => w.ids.objection ?? null, fixtureIds)],
    },
    {
      name: "objection decision",
      actor: "office",
      path: at("/regulator/objections"),
      fields: [
        f("id", "uuid", (w) => w.ids.objection ?? crypto.randomUUID(), fixtureIds),
        f("decision", "enum", c("dismiss"), () => ["uphold", "dismiss", "maybe"]),
        f("reason", "longtext", c("异议理由不成立。")),
      ],
    },
    { name: "abandon an award", actor: "agencyA", path: projectPath("scored"), runs: 4, fields: [intent("abandon", PROJECT_INTENTS)] },
  ],
};

// ---------------------------------------------------------------------------------------------
// GET routes with hostile ids and query parameters.

export interface GetSpec {
  name: string;
  actor: Actor;
  /** A path template: {id} is replaced by a hostile id, {file} by a hostile file name. */
  path: string;
  params: Record<string, Kind>;
}

export const GETS: GetSpec[] = [
  {
    name: "directory",
    actor: "anon",
    path: "/agencies",
    params: {
      q: "text",
      item: "int",
      region: "region",
      verified: "checkbox",
      feeMin: "money",
      feeMax: "money",
      grade: "enum",
      sort: "enum",
      page: "int",
    },
  },
  {
    name: "directory JSON",
    actor: "anon",
    path: "/api/agencies",
    params: {
      q: "text",
      item: "int",
      region: "region",
      verified: "checkbox",
      feeMin: "money",
      feeMax: "money",
      grade: "enum",
      sort: "enum",
      page: "int",
    },
  },
  { name: "blacklist", actor: "anon", path: "/blacklist", params: { q: "text", type: "enum", state: "enum", page: "int" } },
  { name: "blacklist CSV", actor: "anon", path: "/blacklist.csv", params: { q: "text", type: "enum", state: "enum", page: "int" } },
  { name: "complaints register", actor: "anon", path: "/complaints", params: { status: "enum", page: "int" } },
  { name: "OCDS feed", actor: "anon", path: "/ocds/releases", params: { after: "int", limit: "int" } },
  { name: "OCDS record", actor: "anon", path: "/ocds/records/{id}", params: {} },
  { name: "project page", actor: "anon", path: "/projects/{id}", params: { published: "text", bid: "int" } },
  { name: "project draw JSON", actor: "anon", path: "/projects/{id}/draw.json", params: {} },
  { name: "project audit", actor: "anon", path: "/projects/{id}/audit", params: {} },
  { name: "project audit JSON", actor: "anon", path: "/projects/{id}/audit.json", params: {} },
  { name: "project verification", actor: "anon", path: "/projects/{id}/verify", params: {} },
  { name: "agency profile", actor: "anon", path: "/agencies/{id}", params: {} },
  { name: "agency credit", actor: "anon", path: "/agencies/{id}/credit", params: {} },
  { name: "sanction page", actor: "anon", path: "/sanctions/{id}", params: {} },
  { name: "case page", actor: "anon", path: "/cases/{id}", params: {} },
  { name: "inspection page", actor: "anon", path: "/inspections/{id}", params: {} },
  { name: "document", actor: "agencyB", path: "/files/{id}", params: {} },
  { name: "invitation", actor: "anon", path: "/invite/{id}", params: {} },
  { name: "bulk files", actor: "anon", path: "/open-data/bulk/{file}", params: {} },
  { name: "statistics CSV", actor: "anon", path: "/stats.csv", params: { series: "enum" } },
  { name: "dashboard CSV", actor: "office", path: "/regulator/dashboard.csv", params: { series: "enum" } },
  { name: "risk queue", actor: "office", path: "/regulator/risk", params: { flag: "enum" } },
  { name: "assessments", actor: "office", path: "/regulator/assessments", params: { quarter: "quarter" } },
  { name: "qualification queue", actor: "office", path: "/regulator/qualifications", params: { status: "enum" } },
  {
    name: "sanction form",
    actor: "office",
    path: "/regulator/sanctions/new",
    params: { agency: "uuid", case: "uuid", code: "uscc", complaint: "uuid", proposal: "uuid", type: "enum" },
  },
  {
    name: "case form",
    actor: "office",
    path: "/regulator/cases/new",
    params: { origin: "enum", flag: "enum", complaint: "uuid", project: "uuid", agency: "uuid", owner: "uuid" },
  },
  { name: "complaint form", actor: "owner", path: "/complaints/new", params: { project: "uuid", agency: "uuid" } },
  { name: "owner project form", actor: "owner", path: "/owner/projects/{id}", params: { saved: "text", attachmentError: "text" } },
  { name: "owner pay page", actor: "owner", path: "/owner/projects/{id}/pay", params: { payment_intent: "text", redirect_status: "text" } },
  { name: "service listing form", actor: "agencyB", path: "/agency/services/{file}", params: { saved: "int" } },
  { name: "payouts", actor: "agencyB", path: "/agency/payouts", params: { refresh: "text", return: "text" } },
  { name: "log-in page", actor: "anon", path: "/login", params: { redirectTo: "redirect" } },
];

export const ENUM_POOL = [
  "relevance",
  "price",
  "credit",
  "newest",
  "A",
  "B",
  "C",
  "D",
  "1",
  "inForce",
  "all",
  "pending",
  "upheld",
  "dismissed",
  "warning",
  "blacklist",
  "monthly",
  "noticeToAward",
  "complaints",
  "sanctions",
  "R028",
  "R044",
  "flag",
  "initiative",
  "verified",
  "rejected",
];
export const FILE_POOL = [
  "projects.jsonl",
  "projects.csv",
  "awards.jsonl",
  "contracts.csv",
  "agencies.jsonl",
  "sanctions.csv",
  "bids.jsonl",
  "projects.xml",
  "projects.",
  ".jsonl",
  "PROJECTS.JSONL",
  "projects.jsonl.gz",
  "new",
  "1",
  "1e20",
  "99999999999",
  "-1",
  "0",
  "1.5",
  "2147483648",
];
