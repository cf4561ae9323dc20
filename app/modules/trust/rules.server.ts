import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { requireRegulatorAdmin } from "./credit.server";
import { ExclusionRulesSchema, type ExclusionRules } from "./exclusions.schema";
import { beijingDate, beijingStartOfDay } from "~/lib/beijing-calendar";

export async function ruleSetInForce(
  db: Kysely<DB>,
  now = new Date(),
): Promise<{ version: number; rules: ExclusionRules; effectiveFrom: Date }> {
  const row = await db
    .selectFrom("exclusionRuleSets")
    .select(["version", "rules", "effectiveFrom"])
    .where("effectiveFrom", "<=", now)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return { version: row.version, rules: ExclusionRulesSchema.parse(row.rules), effectiveFrom: row.effectiveFrom };
}

export async function listRuleSets(db: Kysely<DB>) {
  const rows = await db.selectFrom("exclusionRuleSets").selectAll().orderBy("version", "desc").execute();
  return rows.map((r) => ({ ...r, rules: ExclusionRulesSchema.parse(r.rules) }));
}

/** A regulator publishes a new version of the exclusion rules, in force from a Beijing date (today at the earliest). */
export async function publishRuleSet(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { effectiveFrom: string; note: string; rules: ExclusionRules },
  now = new Date(),
) {
  const office = requireRegulatorAdmin(viewer).org;
  const rules = ExclusionRulesSchema.parse(input.rules);
  if (input.effectiveFrom < beijingDate(now)) throw new DomainError("past", "errors.credit.effectivePast", "effectiveFrom");
  const start = beijingStartOfDay(input.effectiveFrom);
  const effectiveFrom = start < now ? now : start;
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7310004)`.execute(trx);
    const last = await trx.selectFrom("exclusionRuleSets").select("version").orderBy("version", "desc").limit(1).executeTakeFirst();
    const version = (last?.version ?? 0) + 1;
    await trx
      .insertInto("exclusionRuleSets")
      .values({ version, effectiveFrom, rules: JSON.stringify(rules), note: input.note, createdBy: viewer.userId })
      .execute();
    await recordAudit(trx, {
      action: "exclusion.rulesPublished",
      subjectType: "exclusionRuleSet",
      subjectId: String(version),
      actorUserId: viewer.userId,
      actorOrgId: office.id,
      data: { version, effectiveFrom: effectiveFrom.toISOString(), note: input.note, rules },
    });
    return { version, effectiveFrom };
  });
}
