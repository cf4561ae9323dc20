import { describe, expect, it } from "vitest";
import { TERMS_RULES_V1 } from "#db/migrations/2026-12-07-0022-terms-rules";
import { gradeBeyondItem, lowestGrade, sentences, termProblems, type TermRuleSet } from "~/modules/procurement/terms.rules";
import { TermRuleSetFormSchema, TermRulesBodySchema } from "~/modules/procurement/terms.schema";
import { TERMS_CORPUS } from "./terms-corpus";

// Exactly what the migration seeds as version 1 (parsed by the same schema the server reads it with).
const V1: TermRuleSet = { version: 1, ...TermRulesBodySchema.parse(TERMS_RULES_V1) };
const NONE = { requiredQualification: null };

function categories(text: string, requiredQualification: string | null = null, set = V1) {
  return [...new Set(termProblems({ description: text }, { requiredQualification }, set).map((p) => p.category))];
}

describe("the term corpus", () => {
  it("has at least 60 sentences, half restrictive and half acceptable, none twice", () => {
    expect(TERMS_CORPUS.length).toBeGreaterThanOrEqual(60);
    const restrictive = TERMS_CORPUS.filter((e) => e.restrictive).length;
    expect(restrictive).toBe(TERMS_CORPUS.length - restrictive);
    expect(new Set(TERMS_CORPUS.map((e) => e.text)).size).toBe(TERMS_CORPUS.length);
  });

  it("is classified at least 95 % right by version 1 (each miss is listed)", () => {
    const misses: string[] = [];
    for (const e of TERMS_CORPUS) {
      const found = categories(e.text, e.item ?? null);
      const right = e.restrictive ? found.includes(e.category!) : found.length === 0;
      if (!right) misses.push(`${e.restrictive ? "restrictive" : "acceptable"} ${e.category ?? ""}: ${e.text} → [${found.join(", ")}]`);
    }
    const accuracy = (TERMS_CORPUS.length - misses.length) / TERMS_CORPUS.length;
    if (misses.length) console.info(`terms corpus: ${misses.length} missed\n${misses.join("\n")}`);
    expect(accuracy, misses.join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("covers every category with at least three restrictive sentences", () => {
    for (const c of ["localPresence", "ownership", "size", "gradeBeyondItem", "namedParty", "localPerformance", "association", "unrelated"])
      expect(TERMS_CORPUS.filter((e) => e.category === c).length, c).toBeGreaterThanOrEqual(3);
  });
});

describe("restrictive terms, by category", () => {
  it("local registration, office, social insurance and local pools", () => {
    for (const t of [
      "须为本地注册企业",
      "投标人注册地应位于宿迁市",
      "须在本地设立分支机构",
      "投标人须在宿迁设有办事处",
      "外省机构不得参加",
      "仅限本市机构报名",
      "项目负责人须在本市缴纳社保",
      "须为本部门中介库入库机构",
    ])
      expect(categories(t), t).toEqual(["localPresence"]);
    expect(termProblems({ description: "须在本地设立分支机构" }, NONE, V1)[0]!.ruleId).toBe("local-office");
  });

  it("ownership form, whatever it is called", () => {
    for (const t of [
      "须为国有企业",
      "国企优先",
      "央企方可参与",
      "仅限民营企业",
      "应为国有控股公司",
      "所有制形式须为全民所有制",
      "须具有国企背景",
    ])
      expect(categories(t), t).toEqual(["ownership"]);
  });

  it("registered capital, assets, revenue, headcount, age", () => {
    for (const t of [
      "注册资本不低于500万元",
      "注册资金须达到1000万元",
      "净资产500万元以上",
      "年营业收入超过1亿元",
      "员工人数不少于50人",
      "成立满3年以上",
      "须为上市公司",
    ])
      expect(categories(t), t).toEqual(["size"]);
  });

  it("named or implied agencies and brands", () => {
    for (const t of [
      "指定南京某某环保科技有限公司编制",
      "优先江苏某某工程咨询有限公司",
      "推荐某某会计师事务所",
      "须曾为我局提供过服务",
      "须与本单位有过合作",
      "须使用广联达软件",
      "须提供原厂授权",
    ])
      expect(categories(t), t).toEqual(["namedParty"]);
  });

  it("local past performance and regional awards", () => {
    for (const t of ["近三年在宿迁有类似业绩", "须有本市业绩", "类似项目须位于本省", "省内同类项目经验优先", "获得市级优秀成果奖"])
      expect(categories(t), t).toEqual(["localPerformance"]);
  });

  it("association membership, ratings and fees", () => {
    for (const t of ["须为某某协会会员", "须缴纳会费", "报名时须交纳报名费", "须为省勘察设计协会理事单位", "须取得行业协会星级评定"])
      expect(categories(t), t).toEqual(["association"]);
  });

  it("conditions unrelated to the item", () => {
    for (const t of [
      "须为高新技术企业",
      "须通过ISO 14001认证",
      "项目负责人须为女性",
      "年龄在40周岁以下",
      "中标人须带资进场",
      "须无偿承担额外工作",
    ])
      expect(categories(t), t).toEqual(["unrelated"]);
  });

  it("does not flag the acceptable wordings close to them", () => {
    for (const t of [
      "需具备相应资质",
      "项目所在地为宿迁",
      "具有类似项目经验",
      "按国家标准编制",
      "3个工作日内提交",
      "不限注册地",
      "无需在本地设立分支机构",
      "不得以注册资本作为条件",
      "不得指定品牌，采用广联达或同等软件均可",
      "本项目为国有资金投资项目",
      "项目组成员不少于3人",
    ])
      expect(categories(t), t).toEqual([]);
  });
});

describe("qualification grades beyond the item", () => {
  const AorB = "雷电防护装置检测资质（甲级或乙级）";
  it("reads the lowest grade an item accepts", () => {
    expect(lowestGrade(AorB)).toBe(2);
    expect(lowestGrade("测绘资质证书（界线与不动产测绘专业）")).toBeNull();
    expect(lowestGrade(null)).toBeNull();
  });
  it("accepts the item's lowest grade (at), or a lower one (inside), and refuses a higher one (outside)", () => {
    expect(gradeBeyondItem("须具有乙级资质", { requiredQualification: AorB }, null)).toBe(false);
    expect(gradeBeyondItem("须具有丙级及以上资质", { requiredQualification: AorB }, null)).toBe(false);
    expect(gradeBeyondItem("须具有甲级资质", { requiredQualification: AorB }, null)).toBe(true);
    expect(gradeBeyondItem("须具有甲级或乙级资质", { requiredQualification: AorB }, null)).toBe(false);
  });
  it("refuses any grade when the item requires none, and ignores grades of people or negated ones", () => {
    expect(categories("须具有甲级资质")).toEqual(["gradeBeyondItem"]);
    expect(categories("须具有乙级资质")).toEqual(["gradeBeyondItem"]);
    expect(categories("项目负责人须为一级注册造价工程师")).toEqual([]);
    expect(categories("不要求甲级资质")).toEqual([]);
  });
  it("refuses the abolished EIA qualification", () => {
    expect(categories("须持有环评资质证书")).toEqual(["gradeBeyondItem"]);
    expect(categories("项目负责人须为环境影响评价工程师")).toEqual([]);
  });
});

describe("the checker", () => {
  it("returns every problem of every field at once, with field, rule, message and basis", () => {
    const problems = termProblems(
      {
        title: "某项目环评（仅限本地注册企业）",
        description: "须为国有企业，且须具有甲级资质。注册资本不低于500万元；近三年在宿迁有类似业绩。",
        deliverables: "须为某某协会会员",
      },
      NONE,
      V1,
    );
    expect(problems.map((p) => [p.field, p.ruleId])).toEqual([
      ["title", "local-registration"],
      ["description", "ownership-form"],
      ["description", "grade-beyond-item"],
      ["description", "size-threshold"],
      ["description", "local-performance"],
      ["deliverables", "association-membership"],
    ]);
    for (const p of problems) {
      expect(p.messageKey).toMatch(/^errors\.project\.restrict\./);
      expect(p.basis.length).toBeGreaterThan(0);
      expect(p.version).toBe(1);
    }
    expect(problems[1]!.basis.map((b) => b.key)).toContain("招标投标法实施条例 第三十二条（六）");
    expect(problems[1]!.excerpt).toBe("须为国有企业，且须具有甲级资质");
  });

  it("cites the seeds and the statutes in every rule", () => {
    for (const r of V1.rules) {
      expect(
        r.basis.some((b) => /^seed 00\d/.test(b.key) || /条例|法/.test(b.key)),
        r.id,
      ).toBe(true);
      for (const b of r.basis) expect(b.text.length, r.id).toBeGreaterThan(10);
    }
  });

  it("splits sentences at full stops, semicolons and lines only", () => {
    expect(sentences("甲，乙。丙；丁\n戊")).toEqual(["甲，乙", "丙", "丁", "戊"]);
  });

  it("follows the rule set it is given: a rule added in a later version finds what the earlier did not", () => {
    const v2: TermRuleSet = {
      ...V1,
      version: 2,
      rules: [
        ...V1.rules,
        {
          id: "site-visit-fee",
          category: "unrelated",
          patterns: ["踏勘费"],
          messageKey: "errors.project.restrict.unrelated",
          basis: [{ key: "招标投标法实施条例 第三十二条（七）", text: "以其他不合理条件限制、排斥潜在投标人或者投标人。" }],
        },
      ],
    };
    expect(termProblems({ description: "须缴纳踏勘费200元" }, NONE, V1)).toEqual([]);
    expect(termProblems({ description: "须缴纳踏勘费200元" }, NONE, v2).map((p) => [p.ruleId, p.version])).toEqual([["site-visit-fee", 2]]);
  });
});

describe("the rule set's schema", () => {
  const body = JSON.stringify(TERMS_RULES_V1);
  it("accepts version 1 as the authority's form sends it", () => {
    expect(TermRuleSetFormSchema.safeParse({ rules: body, note: "复核" }).success).toBe(true);
  });
  it("refuses bad JSON, a pattern that does not compile or matches empty text, duplicate ids, a rule without basis", () => {
    const issue = (rules: string) => {
      const r = TermRuleSetFormSchema.safeParse({ rules, note: "x" });
      return r.success ? null : r.error.issues[0]!.message;
    };
    const rule = (extra: object) => JSON.stringify({ negations: [], rules: [{ ...TERMS_RULES_V1.rules[0], ...extra }] });
    expect(issue("{not json")).toBe("errors.terms.json");
    expect(issue(rule({ patterns: ["(unclosed"] }))).toBe("errors.terms.pattern");
    expect(issue(rule({ patterns: ["a*"] }))).toBe("errors.terms.pattern");
    expect(issue(rule({ basis: [] }))).toBe("errors.terms.basis");
    expect(issue(rule({ messageKey: "nav.home" }))).toBe("errors.terms.messageKey");
    expect(issue(JSON.stringify({ negations: [], rules: [TERMS_RULES_V1.rules[0], TERMS_RULES_V1.rules[0]] }))).toBe(
      "errors.terms.duplicateId",
    );
    expect(issue(JSON.stringify({ negations: [], rules: [] }))).toBe("errors.terms.empty");
    expect(issue(JSON.stringify({ rules: [] }))).toBe("errors.terms.json");
  });
});
