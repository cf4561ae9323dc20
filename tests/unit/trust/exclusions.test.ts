import { describe, expect, it } from "vitest";
import { demoCreditCode } from "#db/seed/demo";
import { DomainError } from "~/modules/errors";
import {
  abandonedAwardsTrigger,
  evaluateEligibility,
  ineligibleError,
  sameRepresentative,
  sanctionInForce,
  scopeCovers,
  type EligibilityFacts,
  type SanctionFact,
} from "~/modules/trust/exclusions.rules";
import { sanctionPeriod } from "~/modules/trust/sanctions.rules";
import { DEFAULT_EXCLUSION_RULES, ExclusionRulesSchema, RuleSetFormSchema, type ExclusionRules } from "~/modules/trust/exclusions.schema";

const AGENCY_CODE = demoCreditCode("320100", 12345);
const OWNER_CODE = demoCreditCode("320100", 54321);
const DEADLINE = new Date("2026-06-10T02:00:00.000Z");

function rules(patch: (r: ExclusionRules) => void = () => {}): ExclusionRules {
  const r = structuredClone(DEFAULT_EXCLUSION_RULES);
  patch(r);
  return r;
}

function facts(over: Partial<EligibilityFacts> = {}): EligibilityFacts {
  return {
    status: "bidding",
    bidDeadline: DEADLINE,
    priceCeilingFen: 5_000_000,
    priceFloorFen: null,
    selectionMethod: "randomDraw",
    agencyKind: "agency",
    agencyCode: AGENCY_CODE,
    agencyRep: "王建国",
    ownerCode: OWNER_CODE,
    ownerRep: "李海燕",
    requiredQualificationZh: null,
    qualificationId: null,
    sanctions: [],
    grade: "B",
    scoreCenti: 8123,
    ruleVersion: 3,
    rules: rules(),
    ...over,
  };
}

function sanctionFact(over: Partial<SanctionFact> = {}): SanctionFact {
  return {
    id: "s1",
    type: "suspension",
    endsAt: "2026-12-31T04:00:00.000Z",
    decisionRef: "宁市监处〔2026〕7号",
    issuer: "南京市市场监督管理局",
    ...over,
  };
}

const codes = (f: EligibilityFacts) => evaluateEligibility(f).reasons.map((r) => r.code);

describe("evaluateEligibility", () => {
  it("lets a clean agency take part and says what it read", () => {
    const e = evaluateEligibility(facts());
    expect(e).toEqual({
      eligible: true,
      reasons: [],
      ruleVersion: 3,
      records: { sanctionIds: [], grade: "B", scoreCenti: 8123, qualificationId: null },
      project: { status: "bidding", bidDeadline: DEADLINE, priceCeilingFen: 5_000_000, priceFloorFen: null, selectionMethod: "randomDraw" },
    });
  });

  it("answers notAgency without facts (no such agency or project), with no project", () => {
    expect(evaluateEligibility(undefined)).toEqual({
      eligible: false,
      reasons: [{ code: "notAgency" }],
      ruleVersion: null,
      records: { sanctionIds: [], grade: null, scoreCenti: null, qualificationId: null },
      project: null,
    });
  });

  it("refuses an organization that is not an agency, even with every rule disabled", () => {
    expect(evaluateEligibility(facts({ agencyKind: "owner" })).reasons).toEqual([{ code: "notAgency" }]);
    const off = rules((r) => {
      r.sanction.enabled = false;
      r.creditGrade.enabled = false;
      r.qualification.enabled = false;
      r.conflictOfInterest.enabled = false;
    });
    expect(evaluateEligibility(facts({ agencyKind: "regulator", rules: off })).eligible).toBe(false);
  });

  it("gives one sanctioned reason per sanction in force, explained", () => {
    const e = evaluateEligibility(
      facts({
        sanctions: [
          sanctionFact(),
          sanctionFact({ id: "s2", type: "blacklist", endsAt: null, decisionRef: "苏信用〔2026〕2号", issuer: "江苏省发展和改革委员会" }),
        ],
      }),
    );
    expect(e.eligible).toBe(false);
    expect(e.reasons).toEqual([
      {
        code: "sanctioned",
        rule: "sanction",
        params: { type: "@sanction.type.suspension", until: "2026-12-31", ref: "宁市监处〔2026〕7号", issuer: "南京市市场监督管理局" },
      },
      {
        code: "sanctioned",
        rule: "sanction",
        params: {
          type: "@sanction.type.blacklist",
          until: "@sanction.indefinite",
          ref: "苏信用〔2026〕2号",
          issuer: "江苏省发展和改革委员会",
        },
      },
    ]);
    expect(e.records.sanctionIds).toEqual(["s1", "s2"]);
  });

  it("gives the sanction's end as a Beijing date", () => {
    // 20:00 UTC is already the next day in Beijing.
    const e = evaluateEligibility(facts({ sanctions: [sanctionFact({ endsAt: "2026-08-15T20:00:00.000Z" })] }));
    expect(e.reasons[0]?.params?.until).toBe("2026-08-16");
    expect(e.reasons[0]?.params?.until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("gives the last day in force as `until`, not the exclusive end", () => {
    // sanctionPeriod("…", "2026-12-31") ends at 2026-12-31T16:00:00Z, 00:00 of 1 January in Beijing.
    const { endsAt } = sanctionPeriod("2026-12-01", "2026-12-31");
    const e = evaluateEligibility(facts({ sanctions: [sanctionFact({ endsAt: "2026-12-31T16:00:00+00:00" })] }));
    expect(endsAt?.toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(e.reasons[0]?.params?.until).toBe("2026-12-31");
  });

  it("excludes by credit grade only for the listed grades and the listed selection methods", () => {
    const d = evaluateEligibility(facts({ grade: "D", scoreCenti: 4550, selectionMethod: "randomDraw" }));
    expect(d.eligible).toBe(false);
    expect(d.reasons).toEqual([
      { code: "creditGrade", rule: "creditGrade", params: { grade: "D", score: "45.50", method: "@method.randomDraw" } },
    ]);
    expect(d.records).toMatchObject({ grade: "D", scoreCenti: 4550 });
    expect(codes(facts({ grade: "D", selectionMethod: "creditPreferred" }))).toEqual(["creditGrade"]);
    expect(evaluateEligibility(facts({ grade: "D", selectionMethod: "lowestPrice" })).eligible).toBe(true);
    expect(evaluateEligibility(facts({ grade: "C", selectionMethod: "randomDraw" })).eligible).toBe(true);
    // No score yet: no grade, no exclusion.
    expect(evaluateEligibility(facts({ grade: null, scoreCenti: null })).eligible).toBe(true);
    // The rule set's own lists.
    const strict = rules((r) => {
      r.creditGrade.grades = ["C", "D"];
      r.creditGrade.methods = ["lowestPrice"];
    });
    expect(codes(facts({ grade: "C", selectionMethod: "lowestPrice", rules: strict }))).toEqual(["creditGrade"]);
    expect(codes(facts({ grade: "D", selectionMethod: "randomDraw", rules: strict }))).toEqual([]);
  });

  it("requires the item's qualification only when the item has one", () => {
    const missing = evaluateEligibility(facts({ requiredQualificationZh: "工程造价咨询企业资质", qualificationId: null }));
    expect(missing.reasons).toEqual([
      { code: "qualificationMissing", rule: "qualification", params: { qualification: "工程造价咨询企业资质" } },
    ]);
    const held = evaluateEligibility(facts({ requiredQualificationZh: "工程造价咨询企业资质", qualificationId: "q-1" }));
    expect(held.eligible).toBe(true);
    expect(held.records.qualificationId).toBe("q-1");
    expect(evaluateEligibility(facts({ requiredQualificationZh: null, qualificationId: null })).eligible).toBe(true);
  });

  it("finds a conflict of interest by the same credit code or the same legal representative (trimmed)", () => {
    expect(evaluateEligibility(facts({ ownerCode: AGENCY_CODE })).reasons).toEqual([
      { code: "conflictOfInterest", rule: "conflictOfInterest" },
    ]);
    expect(codes(facts({ agencyRep: " 王建国 ", ownerRep: "王建国\t" }))).toEqual(["conflictOfInterest"]);
    expect(codes(facts({ agencyRep: "王建国", ownerRep: "王建" }))).toEqual([]);
    expect(codes(facts({ agencyRep: null, ownerRep: null }))).toEqual([]);
    expect(codes(facts({ agencyRep: "", ownerRep: "" }))).toEqual([]);
    expect(codes(facts({ agencyRep: "王建国", ownerRep: null }))).toEqual([]);
    expect(sameRepresentative(" 张三", "张三 ")).toBe(true);
    expect(sameRepresentative(null, "张三")).toBe(false);
  });

  it("lists every reason that applies, in rule order", () => {
    const e = evaluateEligibility(
      facts({
        agencyKind: "owner",
        sanctions: [sanctionFact()],
        grade: "D",
        requiredQualificationZh: "资产评估资格",
        ownerCode: AGENCY_CODE,
      }),
    );
    expect(e.reasons.map((r) => r.code)).toEqual(["notAgency", "sanctioned", "creditGrade", "qualificationMissing", "conflictOfInterest"]);
  });

  it("is eligible despite the facts when every rule is disabled, and still records them", () => {
    const off = rules((r) => {
      r.sanction.enabled = false;
      r.creditGrade.enabled = false;
      r.qualification.enabled = false;
      r.conflictOfInterest.enabled = false;
    });
    const e = evaluateEligibility(
      facts({
        rules: off,
        sanctions: [sanctionFact()],
        grade: "D",
        scoreCenti: 3000,
        requiredQualificationZh: "资产评估资格",
        ownerCode: AGENCY_CODE,
        ownerRep: "王建国",
      }),
    );
    expect(e.eligible).toBe(true);
    expect(e.reasons).toEqual([]);
    expect(e.records).toEqual({ sanctionIds: ["s1"], grade: "D", scoreCenti: 3000, qualificationId: null });
    // One rule at a time.
    for (const rule of ["sanction", "creditGrade", "qualification", "conflictOfInterest"] as const) {
      const one = rules((r) => (r[rule].enabled = false));
      const left = codes(
        facts({ rules: one, sanctions: [sanctionFact()], grade: "D", requiredQualificationZh: "资产评估资格", ownerCode: AGENCY_CODE }),
      );
      expect(left, rule).toHaveLength(3);
      expect(
        left.some((c) => (c === "sanctioned" ? "sanction" : c === "qualificationMissing" ? "qualification" : c) === rule),
        rule,
      ).toBe(false);
    }
  });
});

describe("ineligibleError", () => {
  it("uses the first reason's key and parameters", () => {
    const e = evaluateEligibility(facts({ sanctions: [sanctionFact()], grade: "D" }));
    const err = ineligibleError(e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe("ineligible");
    expect(err.key).toBe("errors.eligibility.sanctioned");
    expect(err.field).toBe("_form");
    expect(err.params).toEqual(e.reasons[0]!.params);
    expect(err.status).toBe(409);
    expect(ineligibleError(evaluateEligibility(facts({ grade: "D" })), 403)).toMatchObject({
      key: "errors.eligibility.creditGrade",
      status: 403,
    });
    expect(ineligibleError(evaluateEligibility(facts({ ownerCode: AGENCY_CODE })))).toMatchObject({
      key: "errors.eligibility.conflictOfInterest",
      params: {},
    });
  });

  it("falls back to notAgency", () => {
    expect(ineligibleError(evaluateEligibility(undefined)).key).toBe("errors.eligibility.notAgency");
    expect(ineligibleError({ ...evaluateEligibility(facts()), reasons: [] }).key).toBe("errors.eligibility.notAgency");
  });
});

describe("scopeCovers", () => {
  const project = { regionCode: "320115", serviceItemId: 7 };
  it("covers everywhere and every item when the scope is empty", () => {
    expect(scopeCovers({ regions: [], items: [] }, project)).toBe(true);
    expect(scopeCovers({ regions: [], items: [] }, { regionCode: "110101", serviceItemId: 1 })).toBe(true);
  });
  it("nests regions: a province covers its districts, a city its own districts, a district only itself", () => {
    expect(scopeCovers({ regions: ["320000"], items: [] }, project)).toBe(true);
    expect(scopeCovers({ regions: ["320100"], items: [] }, project)).toBe(true);
    expect(scopeCovers({ regions: ["320200"], items: [] }, project)).toBe(false);
    expect(scopeCovers({ regions: ["320100"], items: [] }, { regionCode: "320205", serviceItemId: 7 })).toBe(false);
    expect(scopeCovers({ regions: ["320115"], items: [] }, project)).toBe(true);
    expect(scopeCovers({ regions: ["320116"], items: [] }, project)).toBe(false);
    expect(scopeCovers({ regions: ["330000"], items: [] }, project)).toBe(false);
    expect(scopeCovers({ regions: ["320200", "320100"], items: [] }, project)).toBe(true);
    expect(scopeCovers({ regions: [" 320100 "], items: [] }, project)).toBe(true);
  });
  it("restricts to the listed items, and both region and item must hold", () => {
    expect(scopeCovers({ regions: [], items: [7, 9] }, project)).toBe(true);
    expect(scopeCovers({ regions: [], items: [9] }, project)).toBe(false);
    expect(scopeCovers({ regions: ["320100"], items: [7] }, project)).toBe(true);
    expect(scopeCovers({ regions: ["320100"], items: [9] }, project)).toBe(false);
    expect(scopeCovers({ regions: ["320200"], items: [7] }, project)).toBe(false);
  });
});

describe("sanctionInForce at the boundaries", () => {
  const startsAt = new Date("2026-03-31T16:00:00.000Z");
  const endsAt = new Date("2026-06-30T16:00:00.000Z");
  const s = { startsAt, endsAt, liftedAt: null };
  it("is in force from exactly startsAt until just before endsAt", () => {
    expect(sanctionInForce(s, new Date(startsAt.getTime() - 1))).toBe(false);
    expect(sanctionInForce(s, startsAt)).toBe(true);
    expect(sanctionInForce(s, new Date(endsAt.getTime() - 1))).toBe(true);
    expect(sanctionInForce(s, endsAt)).toBe(false);
  });
  it("has no end without endsAt, and stops at liftedAt", () => {
    expect(sanctionInForce({ startsAt, endsAt: null, liftedAt: null }, new Date("2099-01-01T00:00:00Z"))).toBe(true);
    const liftedAt = new Date("2026-05-01T00:00:00.000Z");
    expect(sanctionInForce({ ...s, liftedAt }, new Date(liftedAt.getTime() - 1))).toBe(true);
    expect(sanctionInForce({ ...s, liftedAt }, liftedAt)).toBe(false);
  });
});

describe("abandonedAwardsTrigger", () => {
  const now = new Date("2026-06-15T00:00:00.000Z");
  const rule = DEFAULT_EXCLUSION_RULES.abandonedAwards; // 3 within 12 months
  const inside = [new Date("2025-07-01T00:00:00Z"), new Date("2026-01-10T00:00:00Z"), new Date("2026-06-14T00:00:00Z")];
  it("fires for count events within the months", () => {
    expect(abandonedAwardsTrigger(inside, rule, now)).toBe(true);
    expect(abandonedAwardsTrigger(inside.slice(1), rule, now)).toBe(false);
    // The oldest just inside (one millisecond after now − 12 months) still counts.
    expect(abandonedAwardsTrigger([new Date("2025-06-15T00:00:00.001Z"), ...inside.slice(1)], rule, now)).toBe(true);
    // Exactly now counts too.
    expect(abandonedAwardsTrigger([...inside.slice(1), now], rule, now)).toBe(true);
  });
  it("does not count one just outside the window, or one in the future", () => {
    expect(abandonedAwardsTrigger([new Date("2025-06-15T00:00:00.000Z"), ...inside.slice(1)], rule, now)).toBe(false);
    expect(abandonedAwardsTrigger([new Date("2025-06-14T23:59:59.999Z"), ...inside.slice(1)], rule, now)).toBe(false);
    expect(abandonedAwardsTrigger([new Date(now.getTime() + 1), ...inside.slice(1)], rule, now)).toBe(false);
  });
  it("never fires when the rule is disabled, and follows the rule's count and months", () => {
    expect(abandonedAwardsTrigger(inside, { ...rule, enabled: false }, now)).toBe(false);
    expect(abandonedAwardsTrigger(inside.slice(2), { enabled: true, count: 1, months: 1 }, now)).toBe(true);
    expect(abandonedAwardsTrigger(inside.slice(1), { enabled: true, count: 2, months: 3 }, now)).toBe(false);
    expect(abandonedAwardsTrigger(inside.slice(1), { enabled: true, count: 2, months: 6 }, now)).toBe(true);
  });
});

describe("exclusion rule sets", () => {
  it("accepts the defaults and refuses empty lists", () => {
    expect(ExclusionRulesSchema.parse(DEFAULT_EXCLUSION_RULES)).toEqual(DEFAULT_EXCLUSION_RULES);
    const r = ExclusionRulesSchema.safeParse(rules((x) => (x.creditGrade.grades = [])));
    expect(r.error?.issues).toEqual([expect.objectContaining({ path: ["creditGrade", "grades"], message: "errors.rules.grades" })]);
    expect(ExclusionRulesSchema.safeParse({ ...rules(), sanction: { enabled: true, types: ["reward"] } }).success).toBe(false);
  });

  const form = {
    effectiveFrom: "2026-07-01",
    note: "收紧信用等级规则",
    sanctionEnabled: "on",
    sanctionTypes: ["suspension", "blacklist"],
    creditGradeEnabled: "on",
    creditGrades: "D",
    creditGradeMethods: ["randomDraw", "lowestPrice"],
    qualificationEnabled: "1",
    abandonedAwardsEnabled: "on",
    abandonedAwardsCount: "2",
    abandonedAwardsMonths: "6",
  };

  it("reads the regulator's form: checkboxes, single values and lists", () => {
    const r = RuleSetFormSchema.safeParse(form);
    expect(r.success).toBe(true);
    expect(r.data).toEqual({
      effectiveFrom: "2026-07-01",
      note: "收紧信用等级规则",
      rules: {
        sanction: { enabled: true, types: ["suspension", "blacklist"] },
        creditGrade: { enabled: true, grades: ["D"], methods: ["randomDraw", "lowestPrice"] },
        qualification: { enabled: true },
        conflictOfInterest: { enabled: false },
        abandonedAwards: { enabled: true, count: 2, months: 6 },
      },
    });
  });

  it("puts a rule's error on its form field", () => {
    const r = RuleSetFormSchema.safeParse({
      ...form,
      sanctionTypes: undefined,
      creditGradeMethods: [],
      abandonedAwardsCount: "0",
      abandonedAwardsMonths: "1.5",
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["sanctionTypes", "errors.rules.types"],
      ["creditGradeMethods", "errors.rules.methods"],
      ["abandonedAwardsCount", "errors.credit.range"],
      ["abandonedAwardsMonths", "errors.credit.int"],
    ]);
    expect(RuleSetFormSchema.safeParse({ ...form, effectiveFrom: "7/1" }).error?.issues[0]).toMatchObject({
      path: ["effectiveFrom"],
      message: "errors.date",
    });
  });
});
