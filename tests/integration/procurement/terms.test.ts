import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TERMS_RULES_V1 } from "#db/migrations/2026-12-07-0022-terms-rules";
import { listAuditEvents, verifyAuditChain } from "~/modules/audit/audit.server";
import { getViewer, signUp } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { ProjectSchema } from "~/modules/procurement/projects.schema";
import { createProject, publishProject, updateDraft } from "~/modules/procurement/projects.server";
import { TermRulesBodySchema, type TermRulesBody } from "~/modules/procurement/terms.schema";
import {
  RestrictiveTermsError,
  listTermsRuleSets,
  projectTermProblems,
  publishTermsRuleSet,
  termsRuleSetInForce,
} from "~/modules/procurement/terms.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { expectDomainError, expectRaised } from "../../support/errors";
import { signUpInput } from "../../support/fixtures";

let h: DatabaseHandle;
let owner: Viewer;
let admin: Viewer;
let eiaFormId: number;
let geohazardId: number;

function projectInput(over: Record<string, unknown> = {}) {
  const deadline = new Date(Date.now() + 20 * 86_400_000);
  const local = new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
  return ProjectSchema.parse({
    title: "宿迁某厂房项目环境影响报告表编制",
    serviceItemId: String(eiaFormId),
    regionCode: "320100",
    description: "项目所在地为宿迁，需具备相应资质，具有类似项目经验，按国家标准编制。",
    deliverables: "环境影响报告表，3个工作日内提交初稿",
    priceCeiling: "50000",
    selectionMethod: "lowestPrice",
    bidDeadline: local,
    expectedDays: "20",
    ...over,
  });
}

async function refusal(p: Promise<unknown>): Promise<RestrictiveTermsError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RestrictiveTermsError);
  return e as RestrictiveTermsError;
}

/** Version 1 plus one rule: a fee for the site visit is an unreasonable condition. */
function withSiteVisitFee(): TermRulesBody {
  const v1 = TermRulesBodySchema.parse(TERMS_RULES_V1);
  return {
    ...v1,
    rules: [
      ...v1.rules,
      {
        id: "site-visit-fee",
        category: "unrelated",
        patterns: ["踏勘费"],
        messageKey: "errors.project.restrict.unrelated",
        basis: [{ key: "招标投标法实施条例 第三十二条（七）", text: "以其他不合理条件限制、排斥潜在投标人或者投标人。" }],
      },
    ],
  };
}

beforeAll(async () => {
  h = await createTestDatabase();
  const items = await h.db.selectFrom("serviceItems").select(["id", "code"]).execute();
  eiaFormId = items.find((i) => i.code === "eia-form")!.id;
  geohazardId = items.find((i) => i.code === "geohazard-risk-assessment")!.id;
  owner = (await getViewer(
    h.db,
    (await signUp(h.db, signUpInput({ kind: "owner", ownerType: "enterprise", orgName: "条款测试业主有限公司" }))).userId,
  ))!;
  const row = await h.db
    .insertInto("users")
    .values({ email: "terms-admin@example.cn", name: "平台管理员", passwordHash: "x", isSiteAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  admin = (await getViewer(h.db, row.id))!;
});
afterAll(async () => {
  await h?.close();
});

describe("restrictive terms when posting", () => {
  it("version 1 is seeded by the migration, as the code reads it", async () => {
    const set = await termsRuleSetInForce(h.db);
    expect(set.version).toBe(1);
    expect(set.rules.map((r) => r.id)).toEqual(TERMS_RULES_V1.rules.map((r) => r.id));
  });

  it("refuses a draft naming every problem of every field at once", async () => {
    const e = await refusal(
      createProject(
        h.db,
        owner,
        projectInput({
          title: "环评编制（仅限本地注册企业）",
          description: "须为国有企业，且须具有甲级资质。注册资本不低于500万元；近三年在宿迁有类似业绩。优先选择江苏某某环境咨询有限公司。",
          deliverables: "须为江苏省环境保护产业协会会员单位",
        }),
      ),
    );
    expect(e.problems.map((p) => [p.field, p.category])).toEqual([
      ["title", "localPresence"],
      ["description", "ownership"],
      ["description", "gradeBeyondItem"],
      ["description", "size"],
      ["description", "localPerformance"],
      ["description", "namedParty"],
      ["deliverables", "association"],
    ]);
    expect(e.fieldErrors()._form).toEqual(["errors.project.terms.refused"]);
    expect(e.fieldErrors().description).toHaveLength(5);
    expect(e.details.termProblems.every((p) => p.basis.length > 0 && p.version === 1)).toBe(true);
    expect(await h.db.selectFrom("projects").select("id").where("ownerOrgId", "=", owner.org!.id).execute()).toEqual([]);
  });

  it("judges a grade against the item: 乙级 is what a geohazard assessment requires, and more than an EIA form needs", async () => {
    await createProject(
      h.db,
      owner,
      projectInput({ serviceItemId: String(geohazardId), description: "须具有地质灾害评估乙级及以上资质。" }),
    );
    await expectDomainError(
      createProject(h.db, owner, projectInput({ serviceItemId: String(geohazardId), description: "须具有地质灾害评估甲级资质。" })),
      "errors.project.restrict.grade",
      "description",
    );
    await expectDomainError(
      createProject(h.db, owner, projectInput({ description: "新建厂房项目环评，须具有乙级资质。" })),
      "errors.project.restrict.grade",
      "description",
    );
  });

  it("refuses an edit of a draft with the same list", async () => {
    const { id } = await createProject(h.db, owner, projectInput());
    const e = await refusal(updateDraft(h.db, owner, id, projectInput({ description: "须在本地设立分支机构。须缴纳会费。" })));
    expect(e.problems.map((p) => p.ruleId)).toEqual(["local-office", "association-membership"]);
  });
});

describe("a new version of the rules", () => {
  it("only the platform authority publishes one, and a body that does not parse is refused", async () => {
    const regulatorLike = { ...owner, isSiteAdmin: false, org: { ...owner.org!, kind: "regulator" as const }, role: "admin" as const };
    await expectDomainError(publishTermsRuleSet(h.db, owner, { rules: withSiteVisitFee(), note: "x" }), "errors.forbidden");
    await expectDomainError(publishTermsRuleSet(h.db, regulatorLike, { rules: withSiteVisitFee(), note: "x" }), "errors.forbidden");
    await expect(
      publishTermsRuleSet(h.db, admin, { rules: { negations: [], rules: [] } as unknown as TermRulesBody, note: "x" }),
    ).rejects.toThrow();
    expect((await termsRuleSetInForce(h.db)).version).toBe(1);
  });

  it("applies to later checks only: an earlier publication stands, a draft saved before is refused at publish, all audited", async () => {
    const text = { description: "现场踏勘时须缴纳踏勘费200元。" };
    const before = await createProject(h.db, owner, projectInput(text));
    await publishProject(h.db, owner, before.id, crypto.randomUUID());
    const draft = await createProject(h.db, owner, projectInput(text));

    const { version } = await publishTermsRuleSet(h.db, admin, { rules: withSiteVisitFee(), note: "增加踏勘费规则" });
    expect(version).toBe(2);

    // The project published under version 1 keeps its publication and the version it was checked under.
    const published = await h.db.selectFrom("projects").select("status").where("id", "=", before.id).executeTakeFirstOrThrow();
    expect(published.status).toBe("bidding");
    const bidding = (await listAuditEvents(h.db, "project", before.id)).find((e) => e.action === "project.bidding")!;
    expect(bidding.data).toMatchObject({ termsRulesVersion: 1 });

    // The draft saved under version 1 is refused at publish under version 2, with the new rule named.
    const e = await refusal(publishProject(h.db, owner, draft.id, crypto.randomUUID()));
    expect(e.problems.map((p) => [p.ruleId, p.version])).toEqual([["site-visit-fee", 2]]);
    expect(
      (await projectTermProblems(h.db, await h.db.selectFrom("projects").selectAll().where("id", "=", draft.id).executeTakeFirstOrThrow()))
        .problems,
    ).toHaveLength(1);
    expect((await h.db.selectFrom("projects").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow()).status).toBe("draft");

    // A project without it publishes under version 2, and says so.
    const after = await createProject(h.db, owner, projectInput());
    await publishProject(h.db, owner, after.id, crypto.randomUUID());
    const afterEvent = (await listAuditEvents(h.db, "project", after.id)).find((ev) => ev.action === "project.bidding")!;
    expect(afterEvent.data).toMatchObject({ termsRulesVersion: 2 });

    const audit = await listAuditEvents(h.db, "termsRuleSet", "2");
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([["terms.rulesPublished", admin.userId]]);
    expect(audit[0]!.data).toMatchObject({ version: 2, note: "增加踏勘费规则" });
    expect((await listTermsRuleSets(h.db)).map((v) => [v.version, v.createdByName])).toEqual([
      [2, "平台管理员"],
      [1, null],
    ]);
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });

  it("two publications at once get two versions, one after the other", async () => {
    const results = await Promise.all([
      publishTermsRuleSet(h.db, admin, { rules: withSiteVisitFee(), note: "甲" }),
      publishTermsRuleSet(h.db, admin, { rules: withSiteVisitFee(), note: "乙" }),
    ]);
    expect(results.map((r) => r.version).sort()).toEqual([3, 4]);
  });

  it("an insider with full database access cannot rewrite or remove a published version", async () => {
    await expectRaised(
      sql`update terms_rule_sets set rules = '{"negations":[],"rules":[]}' where version = 1`.execute(h.db),
      "terms_rules_append_only",
    );
    await expectRaised(sql`delete from terms_rule_sets where version = 2`.execute(h.db), "terms_rules_append_only");
    await expectRaised(sql`truncate terms_rule_sets`.execute(h.db), "terms_rules_append_only");
    expect((await listTermsRuleSets(h.db)).map((v) => v.version)).toEqual([4, 3, 2, 1]);
  });
});
