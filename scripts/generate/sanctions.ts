// Sanctions (惩戒 and 奖励) of generated agencies, issued by the generator's regulator office at times
// spread over the agencies' lives: warnings and exposures most, suspensions and blacklistings fewer,
// penalties, some rewards and red-list entries for the best; some lifted early (credit repair); some
// scoped to a province or an item; some naming an affiliate by credit code. Weaker agencies are likelier.
// Each is audited ("sanction.issued", and "sanction.lifted") and, when it restricts, kept out of bidding
// while in force by the project generator.
import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { demoCreditCode } from "#db/seed/demo";
import { RESTRICTING_TYPES } from "~/modules/trust/sanctions.rules";
import type { SanctionType } from "~/modules/trust/credit.schema";
import { appendAudit, type AuditDraft } from "./audit";
import { WorkCalendar } from "./calendar";
import { DAY, markedSerial, type BaseContext } from "./context";
import type { Pools } from "./pools";
import { rngFor, stableUuid } from "./random";
import { insertRows } from "./sql";
import { PROVINCE_ABBR, SANCTION_TEXT } from "./words";
import { beijingYear } from "~/lib/beijing-calendar";

export const SALT_SANCTION = 0x5a9c;
const SLOT = 800;

const SANCTION_COLUMNS = [
  "id",
  "type",
  "subject_name",
  "grounds",
  "legal_basis",
  "decision_ref",
  "issued_by_org_id",
  "issued_by_user_id",
  "source",
  "scope_regions",
  "scope_items",
  "starts_at",
  "ends_at",
  "lifted_at",
  "lifted_reason",
  "lifted_by",
  "created_at",
];
const SUBJECT_COLUMNS = ["sanction_id", "credit_code", "relation", "name"];

function plusMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

export interface SanctionTotals {
  sanctions: number;
  subjects: number;
}

/**
 * Sanctions for the agencies with serials from `fromSerial` on; their restrictions are added to the pools
 * so that projects generated next respect them.
 */
export async function generateSanctions(
  db: Kysely<DB>,
  ctx: BaseContext,
  pools: Pools,
  regulator: { userId: string; orgId: string },
  fromSerial: number,
): Promise<SanctionTotals> {
  const nowMs = ctx.now.getTime();
  const rows: unknown[][] = [];
  const subjects: unknown[][] = [];
  const events: AuditDraft[] = [];
  const firstItem = new Map<number, number>();
  for (const l of pools.listings) if (!firstItem.has(l.agency)) firstItem.set(l.agency, l.item);
  for (const a of pools.agencies) {
    if (a.serial < fromSerial) continue;
    const rng = rngFor(ctx.seed, SALT_SANCTION, a.serial);
    const pBad = 0.004 + 0.06 * (1 - a.quality) ** 3;
    const pGood = 0.012 * a.quality ** 4;
    const n = rng.chance(pBad) ? (rng.chance(0.2) ? 2 : 1) : 0;
    const kinds: SanctionType[] = [];
    for (let k = 0; k < n; k++)
      kinds.push(
        (["warning", "warning", "warning", "exposure", "exposure", "suspension", "suspension", "blacklist", "penalty"] as const)[
          rng.int(0, 8)
        ]!,
      );
    if (rng.chance(pGood)) kinds.push(rng.chance(0.6) ? "reward" : "redlist");
    const ageMs = nowMs - a.createdMs;
    if (ageMs < 60 * DAY) continue;
    kinds.forEach((type, k) => {
      const startDay = WorkCalendar.dayOf(a.createdMs + 30 * DAY + rng.next() * (ageMs - 30 * DAY));
      const startsMs = WorkCalendar.startOf(startDay);
      let endsMs: number | null;
      switch (type) {
        case "warning":
          endsMs = plusMonths(startsMs, 12);
          break;
        case "exposure":
        case "reward":
        case "redlist":
          endsMs = plusMonths(startsMs, 24);
          break;
        case "suspension":
          endsMs = plusMonths(startsMs, rng.pick([3, 6, 6, 12]));
          break;
        case "blacklist":
          endsMs = rng.chance(0.15) ? null : plusMonths(startsMs, rng.pick([12, 24, 36]));
          break;
        default:
          endsMs = null;
      }
      const restricting = RESTRICTING_TYPES.includes(type);
      const lifted = restricting && rng.chance(0.12) && (endsMs === null || endsMs > startsMs + 60 * DAY);
      const liftedMs = lifted
        ? Math.min(nowMs - DAY, startsMs + Math.floor((Math.min(endsMs ?? nowMs, nowMs) - startsMs) * rng.between(0.3, 0.8)))
        : null;
      const liftedOk = liftedMs !== null && liftedMs > startsMs;
      const scopeRoll = rng.next();
      const scopeRegions = scopeRoll < 0.2 ? [`${a.regionCode.slice(0, 2)}0000`] : [];
      const mainItem = firstItem.get(a.idx);
      const scopeItems = scopeRoll >= 0.2 && scopeRoll < 0.3 && mainItem !== undefined ? [mainItem] : [];
      const id = stableUuid(ctx.seed, a.serial, SLOT + k);
      const text = SANCTION_TEXT[type] ?? SANCTION_TEXT.warning!;
      const year = beijingYear(new Date(startsMs));
      const decisionRef = `${PROVINCE_ABBR[a.regionCode.slice(0, 2)] ?? "中"}中介监〔${year}〕${a.serial * 10 + k}号`;
      const createdMs = startsMs - rng.int(0, 3) * DAY + rng.int(9, 17) * 3_600_000;
      const issuedMs = Math.max(a.createdMs + DAY, Math.min(createdMs, nowMs));
      const grounds = rng.pick(text.grounds);
      rows.push([
        id,
        type,
        a.name,
        grounds,
        text.basis,
        decisionRef,
        regulator.orgId,
        regulator.userId,
        "platform",
        scopeRegions,
        scopeItems,
        new Date(startsMs),
        endsMs === null ? null : new Date(endsMs),
        liftedOk ? new Date(liftedMs!) : null,
        liftedOk ? "信用修复：已完成整改并通过核查" : null,
        liftedOk ? regulator.userId : null,
        new Date(issuedMs),
      ]);
      const affiliates: { creditCode: string; relation: string; name: string }[] = [];
      subjects.push([id, a.creditCode, "subject", a.name]);
      if (restricting && rng.chance(0.15)) {
        const aff = {
          creditCode: demoCreditCode(a.regionCode, markedSerial("J", a.serial * 4 + k)),
          relation: rng.chance(0.5) ? "controlled" : "successor",
          name: `${a.name.replace(/(有限公司|有限责任公司|股份有限公司)$/, "")}分公司`,
        };
        affiliates.push(aff);
        subjects.push([id, aff.creditCode, aff.relation, aff.name]);
      }
      const startsOn = WorkCalendar.iso(startDay);
      const endsOn = endsMs === null ? null : WorkCalendar.iso(WorkCalendar.dayOf(endsMs) - 1);
      events.push({
        occurredMs: issuedMs,
        action: "sanction.issued",
        subjectType: "organization",
        subjectId: a.id,
        actorUserId: regulator.userId,
        actorOrgId: regulator.orgId,
        data: {
          sanctionId: id,
          agencyId: a.id,
          type,
          grounds,
          legalBasis: text.basis,
          decisionRef,
          startsOn,
          endsOn,
          scopeRegions,
          scopeItems,
          affiliates,
          startsAt: new Date(startsMs).toISOString(),
          endsAt: endsMs === null ? null : new Date(endsMs).toISOString(),
          documentFileId: null,
        },
      });
      if (liftedOk)
        events.push({
          occurredMs: liftedMs!,
          action: "sanction.lifted",
          subjectType: "sanction",
          subjectId: id,
          actorUserId: regulator.userId,
          actorOrgId: regulator.orgId,
          data: { reason: "信用修复：已完成整改并通过核查" },
        });
      if (restricting) {
        const end = Math.min(endsMs ?? Infinity, liftedOk ? liftedMs! : Infinity);
        a.restrictions.push({ fromMs: startsMs, toMs: end, regions: scopeRegions, items: scopeItems });
      }
    });
  }
  if (!rows.length) return { sanctions: 0, subjects: 0 };
  events.sort((x, y) => x.occurredMs - y.occurredMs);
  await db.transaction().execute(async (trx) => {
    await sql`set local synchronous_commit = off`.execute(trx);
    await insertRows(trx, "sanctions", SANCTION_COLUMNS, rows);
    await insertRows(trx, "sanction_subjects", SUBJECT_COLUMNS, subjects);
    await appendAudit(trx, events);
  });
  return { sanctions: rows.length, subjects: subjects.length };
}
