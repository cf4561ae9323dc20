import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema";
import { recordAudit } from "~/modules/audit/audit.server";
import { DomainError, forbidden } from "~/modules/errors";
import type { Viewer } from "~/modules/identity/viewer";
import { TermRulesBodySchema, type TermRulesBody } from "./terms.schema";
import { problemsByField, termProblems, type TermField, type TermProblem, type TermRuleSet } from "./terms.rules";

/** The rule set every check uses now: the latest published version. */
export async function termsRuleSetInForce(db: Kysely<DB>): Promise<TermRuleSet & { note: string; createdAt: Date }> {
  const row = await db
    .selectFrom("termsRuleSets")
    .select(["version", "rules", "note", "createdAt"])
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return { version: row.version, ...TermRulesBodySchema.parse(row.rules), note: row.note, createdAt: row.createdAt };
}

/** Every version, newest first, with who published it (the public reads the rules a notice is held to). */
export async function listTermsRuleSets(db: Kysely<DB>) {
  return db
    .selectFrom("termsRuleSets as t")
    .leftJoin("users as u", "u.id", "t.createdBy")
    .select(["t.version", "t.note", "t.createdAt", "u.name as createdByName"])
    .orderBy("t.version", "desc")
    .execute();
}

/** A refusal naming every restrictive term at once, each next to its field. */
export class RestrictiveTermsError extends DomainError {
  constructor(readonly problems: TermProblem[]) {
    super("restrictive_terms", problems[0]!.messageKey, problems[0]!.field, { count: problems.length });
  }
  override fieldErrors(): Record<string, string[]> {
    return { _form: ["errors.project.terms.refused"], ...problemsByField(this.problems) };
  }
  override get details() {
    return { termProblems: this.problems };
  }
}

/** The qualification the catalogue item requires (null: none, or no such item). */
async function itemQualification(db: Kysely<DB>, serviceItemId: number): Promise<string | null> {
  const item = await db.selectFrom("serviceItems").select("requiredQualificationZh").where("id", "=", serviceItemId).executeTakeFirst();
  return item?.requiredQualificationZh ?? null;
}

type TermText = { serviceItemId: number } & Record<TermField, string | null>;

/** Every restrictive term in a project's text under the rule set in force, and that set's version. */
export async function projectTermProblems(db: Kysely<DB>, project: TermText): Promise<{ version: number; problems: TermProblem[] }> {
  const [set, requiredQualification] = await Promise.all([termsRuleSetInForce(db), itemQualification(db, project.serviceItemId)]);
  return { version: set.version, problems: termProblems(project, { requiredQualification }, set) };
}

/** Refuses a project whose text has restrictive terms, naming all of them; answers the version it was checked under. */
export async function assertNoRestrictiveTerms(db: Kysely<DB>, project: TermText): Promise<number> {
  const { version, problems } = await projectTermProblems(db, project);
  if (problems.length) throw new RestrictiveTermsError(problems);
  return version;
}

/**
 * The platform authority (a site administrator, today) publishes a new version of the rules. It
 * applies to every check from then on; earlier versions stay as they were (the table is append-only),
 * and each check records the version it used.
 */
export async function publishTermsRuleSet(db: Kysely<DB>, viewer: Viewer, input: { rules: TermRulesBody; note: string }) {
  if (!viewer.isSiteAdmin) throw forbidden();
  const body = TermRulesBodySchema.parse(input.rules);
  const note = input.note.trim();
  if (!note) throw new DomainError("note", "errors.required", "note");
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7310022)`.execute(trx);
    const last = await trx.selectFrom("termsRuleSets").select("version").orderBy("version", "desc").limit(1).executeTakeFirst();
    const version = (last?.version ?? 0) + 1;
    await trx
      .insertInto("termsRuleSets")
      .values({ version, rules: JSON.stringify(body), note, createdBy: viewer.userId })
      .execute();
    await recordAudit(trx, {
      action: "terms.rulesPublished",
      subjectType: "termsRuleSet",
      subjectId: String(version),
      actorUserId: viewer.userId,
      actorOrgId: viewer.org?.id ?? null,
      data: { version, note, ruleIds: body.rules.map((r) => r.id), rules: body },
    });
    return { version };
  });
}
