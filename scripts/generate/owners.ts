// Owners (项目业主): enterprises and government departments, each with one account (an unusable password
// hash, like the generator's regulator), spread over the regions as the agencies are; and one account per
// generated agency that has none, so agencies can review owners, complain and deliver in the generated
// history. Owner credit codes read 91 (enterprise) or 11 (department) + region + "MAH" + serial + check.
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { demoCreditCode } from "#db/seed/demo";
import {
  BRAND_1,
  BRAND_2,
  ROADS,
  UNUSABLE_PASSWORD_HASH,
  YEAR,
  decodeSerial,
  markedSerial,
  personName,
  shortPlaceName,
  type BaseContext,
} from "./context";
import { rngFor, stableUuid } from "./random";
import { insertRows } from "./sql";
import { BUREAUS, ENTERPRISE_SUFFIXES, INDUSTRIES } from "./words";

export const SALT_OWNER = 0x0a11ce;
export const OWNER_SLOT = 500;
export const AGENCY_USER_SLOT = 900;

/** Generated owners: their credit codes carry "MAH" where agencies carry "MAG". */
export const isGeneratedOwner = sql<boolean>`substr(credit_code, 9, 3) = 'MAH'`;

export async function existingOwners(db: Kysely<DB>): Promise<{ count: number; maxSerial: number }> {
  const row = await db
    .selectFrom("organizations")
    .select((eb) => [eb.fn.countAll<number>().as("n"), sql<string | null>`max(substr(credit_code, 12, 6) collate "C")`.as("max")])
    .where("kind", "=", "owner")
    .where(isGeneratedOwner)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), maxSerial: row.max ? decodeSerial(row.max) : 0 };
}

interface OwnerRows {
  organizations: unknown[][];
  users: unknown[][];
  memberships: unknown[][];
}

const ORG_COLUMNS = [
  "id",
  "kind",
  "owner_type",
  "name",
  "credit_code",
  "region_code",
  "legal_representative",
  "address",
  "contact_phone",
  "contact_person",
  "created_at",
];
const USER_COLUMNS = ["id", "email", "name", "password_hash", "created_at", "password_changed_at"];
const MEMBER_COLUMNS = ["user_id", "org_id", "role", "created_at"];

function buildOwner(ctx: BaseContext, serial: number, taken: Set<string>, out: OwnerRows): void {
  const rng = rngFor(ctx.seed, SALT_OWNER, serial);
  const department = rng.chance(0.45);
  const place = rng.pick(ctx.places[rng.weighted(ctx.provinceWeights)]!);
  let level: "province" | "city" | "district" = place.districtName && rng.chance(department ? 0.6 : 0.75) ? "district" : "city";
  if (department && rng.chance(0.05)) level = "province";
  const regionCode = level === "province" ? `${place.province}0000` : level === "city" ? place.cityCode : place.code;
  const municipality = place.provinceName === place.cityName;
  let name = "";
  for (let attempt = 0; attempt < 8 && (!name || taken.has(name)); attempt++) {
    if (department) {
      const where =
        level === "province" ? place.provinceName : level === "city" ? place.cityName : `${place.cityName}${place.districtName}`;
      name = `${where}${rng.pick(BUREAUS)}`;
    } else {
      const where = shortPlaceName(level === "district" && rng.chance(0.5) ? place.districtName! : place.cityName);
      const b1 = rng.pick([...BRAND_1]);
      const b2 = rng.pick([...BRAND_2]);
      name = `${where}${b1}${b2 === b1 ? "达" : b2}${rng.pick(INDUSTRIES)}${rng.pick(ENTERPRISE_SUFFIXES)}`;
    }
  }
  if (taken.has(name)) name = `${name.replace(/(有限公司|有限责任公司|集团有限公司|股份有限公司)$/, "")}第${serial}分部`;
  taken.add(name);
  const nowMs = ctx.now.getTime();
  // Older than most agencies: owners were using the offline procedure before the marketplace opened.
  const createdMs = nowMs - Math.floor(3 * YEAR * rng.next() ** 0.6) - rng.int(3_600_000, 10 * 3_600_000);
  const id = stableUuid(ctx.seed, serial, OWNER_SLOT);
  const userId = stableUuid(ctx.seed, serial, OWNER_SLOT + 1);
  const createdAt = new Date(createdMs);
  const rep = personName(rng);
  const address = `${municipality ? "" : place.provinceName}${place.cityName}${place.districtName ?? ""}${rng.pick(ROADS)}${rng.int(1, 999)}号`;
  const phone = `0${rng.int(10, 999)}-${rng.int(2_000_000, 89_999_999)}`;
  out.organizations.push([
    id,
    "owner",
    department ? "department" : "enterprise",
    name,
    demoCreditCode(regionCode, markedSerial("H", serial), department ? "11" : "91"),
    regionCode,
    rep,
    address,
    phone,
    personName(rng),
    createdAt,
  ]);
  const userName = personName(rng);
  out.users.push([userId, `owner-${serial}@generated.zjcs.invalid`, userName, UNUSABLE_PASSWORD_HASH, createdAt, createdAt]);
  out.memberships.push([userId, id, "admin", createdAt]);
}

async function insertOwnerRows(db: Kysely<DB>, rows: OwnerRows): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local synchronous_commit = off`.execute(trx);
    await insertRows(trx, "organizations", ORG_COLUMNS, rows.organizations);
    await insertRows(trx, "users", USER_COLUMNS, rows.users);
    await insertRows(trx, "memberships", MEMBER_COLUMNS, rows.memberships);
  });
}

export type PhaseProgress = (p: { done: number; total: number; elapsedMs: number }) => void;

/** Owners with serials after the last generated one; returns the first serial. */
export async function generateOwners(
  db: Kysely<DB>,
  ctx: BaseContext,
  count: number,
  batchSize: number,
  onProgress?: PhaseProgress,
): Promise<{ owners: number; firstSerial: number }> {
  const started = performance.now();
  const existing = await existingOwners(db);
  const first = existing.maxSerial + 1;
  const taken = new Set((await db.selectFrom("organizations").select("name").where("kind", "=", "owner").execute()).map((r) => r.name));
  onProgress?.({ done: 0, total: count, elapsedMs: 0 });
  let pending: Promise<void> | null = null;
  let done = 0;
  for (let from = first; from < first + count; from += batchSize) {
    const to = Math.min(first + count, from + batchSize);
    const rows: OwnerRows = { organizations: [], users: [], memberships: [] };
    for (let s = from; s < to; s++) buildOwner(ctx, s, taken, rows);
    if (pending) await pending;
    pending = insertOwnerRows(db, rows).then(() => {
      done += to - from;
      onProgress?.({ done, total: count, elapsedMs: performance.now() - started });
    });
  }
  if (pending) await pending;
  return { owners: count, firstSerial: first };
}

/** One administrator account for every generated agency that has none (agencies review, complain, deliver). */
export async function ensureAgencyAccounts(db: Kysely<DB>, seed: number, onProgress?: PhaseProgress): Promise<number> {
  const started = performance.now();
  const rows = await db
    .selectFrom("organizations as o")
    .select(["o.id", "o.contactPerson", "o.createdAt", sql<string>`substr(o.credit_code, 12, 6)`.as("serial")])
    .where("o.kind", "=", "agency")
    .where(sql<boolean>`substr(o.credit_code, 9, 3) = 'MAG'`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("memberships as m").select("m.userId").whereRef("m.orgId", "=", "o.id"))))
    .orderBy(sql`substr(o.credit_code, 12, 6) collate "C"`)
    .execute();
  onProgress?.({ done: 0, total: rows.length, elapsedMs: 0 });
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const users: unknown[][] = [];
    const members: unknown[][] = [];
    for (const r of chunk) {
      const serial = decodeSerial(r.serial);
      const userId = stableUuid(seed, serial, AGENCY_USER_SLOT);
      const at = new Date(r.createdAt.getTime() + 60_000);
      users.push([userId, `agency-${serial}@generated.zjcs.invalid`, r.contactPerson ?? "机构管理员", UNUSABLE_PASSWORD_HASH, at, at]);
      members.push([userId, r.id, "admin", at]);
    }
    await db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      await insertRows(trx, "users", USER_COLUMNS, users);
      await insertRows(trx, "memberships", MEMBER_COLUMNS, members);
    });
    onProgress?.({ done: Math.min(rows.length, i + 1000), total: rows.length, elapsedMs: performance.now() - started });
  }
  return rows.length;
}
