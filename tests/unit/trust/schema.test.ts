import { describe, expect, it } from "vitest";
import { demoCreditCode } from "#db/seed/demo";
import {
  AgencyReviewSchema,
  ApplicationSchema,
  ComplaintSchema,
  ImportRowSchema,
  OwnerReviewSchema,
  parseAffiliates,
  SanctionSchema,
} from "~/modules/trust/trust.schema";

const UUID = "0b7c7a7e-5d1c-4e59-9a43-1f1e2d3c4b5a";
const UUID2 = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
const CODE_A = demoCreditCode("320100", 12345);
const CODE_B = demoCreditCode("320200", 777);

type Issues = { path: (string | number)[]; message: string }[] | undefined;
const issues = (r: { error?: { issues: Issues } }) => (r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]);

describe("review forms", () => {
  const agencyRatings = { quality: "4", timeliness: "5", fees: "3", attitude: "4", compliance: "5" };
  const LONG = "服务认真细致，按时交付了全部成果";

  it("needs a body of 10 characters for an overall 1 or 5", () => {
    for (const overall of ["1", "5"]) {
      const r = AgencyReviewSchema.safeParse({ overall, ...agencyRatings, body: "很好" });
      expect(issues(r), overall).toEqual([["body", "errors.review.bodyRequired"]]);
      expect(issues(AgencyReviewSchema.safeParse({ overall, ...agencyRatings })), overall).toEqual([
        ["body", "errors.review.bodyRequired"],
      ]);
    }
    // Spaces do not count.
    expect(issues(AgencyReviewSchema.safeParse({ overall: "1", ...agencyRatings, body: "   差         " }))).toEqual([
      ["body", "errors.review.bodyRequired"],
    ]);
    expect(AgencyReviewSchema.safeParse({ overall: "5", ...agencyRatings, body: "一二三四五六七八九十" }).success).toBe(true);
    expect(AgencyReviewSchema.safeParse({ overall: "5", ...agencyRatings, body: "一二三四五六七八九" }).success).toBe(false);
  });

  it("accepts a middle rating without a body and gathers the dimensions", () => {
    const r = AgencyReviewSchema.safeParse({ overall: "3", ...agencyRatings, body: "" });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ overall: 3, body: "", ratings: { quality: 4, timeliness: 5, fees: 3, attitude: 4, compliance: 5 } });
    const five = AgencyReviewSchema.parse({ overall: 5, ...agencyRatings, body: `  ${LONG}  ` });
    expect(five.body).toBe(LONG);
  });

  it("requires every dimension, each an integer 1–5", () => {
    const { fees: _fees, ...missingFees } = agencyRatings;
    expect(issues(AgencyReviewSchema.safeParse({ overall: "3", ...missingFees }))).toEqual([["fees", "errors.review.rating"]]);
    expect(issues(AgencyReviewSchema.safeParse({ overall: "3", ...agencyRatings, quality: "6" }))).toEqual([
      ["quality", "errors.review.rating"],
    ]);
    expect(issues(AgencyReviewSchema.safeParse({ overall: "0", ...agencyRatings }))).toEqual([["overall", "errors.review.rating"]]);
    expect(issues(AgencyReviewSchema.safeParse({ overall: "3.5", ...agencyRatings }))).toEqual([["overall", "errors.review.rating"]]);
    expect(issues(AgencyReviewSchema.safeParse({ overall: "abc", ...agencyRatings }))).toEqual([["overall", "errors.review.rating"]]);
  });

  it("has the owner's own dimensions", () => {
    const owner = { clarity: "4", cooperation: "4", payment: "2", integrity: "5" };
    expect(OwnerReviewSchema.parse({ overall: "2", ...owner })).toEqual({
      overall: 2,
      body: "",
      ratings: { clarity: 4, cooperation: 4, payment: 2, integrity: 5 },
    });
    expect(issues(OwnerReviewSchema.safeParse({ overall: "2", ...owner, payment: undefined }))).toEqual([
      ["payment", "errors.review.rating"],
    ]);
    expect(issues(OwnerReviewSchema.safeParse({ overall: "1", ...owner, body: "拖欠" }))).toEqual([["body", "errors.review.bodyRequired"]]);
    // Agency dimensions are not owner dimensions.
    expect(
      OwnerReviewSchema.safeParse({ overall: "3", quality: "4", timeliness: "5", fees: "3", attitude: "4", compliance: "5" }).success,
    ).toBe(false);
  });
});

describe("ComplaintSchema", () => {
  const base = { projectId: UUID, facts: "中选机构未按合同约定时间提交成果，且多次联系未予回复。", provisions: "合同第五条" };

  it("requires the agency when the subject is an agency", () => {
    expect(issues(ComplaintSchema.safeParse({ ...base, subjectType: "agency" }))).toEqual([["agencyId", "errors.complaint.agency"]]);
    expect(issues(ComplaintSchema.safeParse({ ...base, subjectType: "agency", agencyId: "" }))).toEqual([
      ["agencyId", "errors.complaint.agency"],
    ]);
    expect(issues(ComplaintSchema.safeParse({ ...base, subjectType: "agency", agencyId: "not-a-uuid" }))).toEqual([
      ["agencyId", "errors.notFound"],
    ]);
    expect(ComplaintSchema.parse({ ...base, subjectType: "agency", agencyId: UUID2 })).toMatchObject({
      subjectType: "agency",
      agencyId: UUID2,
    });
  });

  it("drops the agency when the subject is the project", () => {
    expect(ComplaintSchema.parse({ ...base, subjectType: "project", agencyId: UUID2 }).agencyId).toBeNull();
    expect(ComplaintSchema.parse({ ...base, subjectType: "project" }).agencyId).toBeNull();
  });

  it("checks the subject, the project and the text lengths", () => {
    expect(issues(ComplaintSchema.safeParse({ ...base, subjectType: "owner" }))).toEqual([["subjectType", "errors.complaint.subject"]]);
    expect(issues(ComplaintSchema.safeParse({ ...base, subjectType: "project", projectId: "x" }))).toEqual([
      ["projectId", "errors.notFound"],
    ]);
    expect(issues(ComplaintSchema.safeParse({ ...base, subjectType: "project", facts: "太短了" }))).toEqual([
      ["facts", "errors.complaint.facts"],
    ]);
    expect(issues(ComplaintSchema.safeParse({ ...base, subjectType: "project", provisions: " 一 " }))).toEqual([
      ["provisions", "errors.complaint.provisions"],
    ]);
  });
});

describe("sanctions form", () => {
  const base = {
    agencyId: UUID,
    type: "warning",
    grounds: "逾期交付成果",
    legalBasis: "《中介服务管理办法》第二十条",
    decisionRef: "宁市监处〔2026〕7号",
    startsOn: "2026-07-01",
  };

  it("accepts a minimal decision with defaults", () => {
    const v = SanctionSchema.parse(base);
    expect(v).toMatchObject({ type: "warning", scopeRegions: [], scopeItems: [], endsOn: null, affiliates: [] });
    expect(v.complaintId).toBeUndefined();
    expect(SanctionSchema.parse({ ...base, endsOn: "", complaintId: "", proposalId: "" })).toMatchObject({
      endsOn: null,
      complaintId: undefined,
      proposalId: undefined,
    });
  });

  it("requires an end for a suspension, and an end not before the start", () => {
    expect(issues(SanctionSchema.safeParse({ ...base, type: "suspension" }))).toEqual([["endsOn", "errors.sanction.suspensionEnd"]]);
    expect(issues(SanctionSchema.safeParse({ ...base, type: "suspension", endsOn: "" }))).toEqual([
      ["endsOn", "errors.sanction.suspensionEnd"],
    ]);
    expect(issues(SanctionSchema.safeParse({ ...base, endsOn: "2026-06-30" }))).toEqual([["endsOn", "errors.sanction.endsBeforeStart"]]);
    expect(SanctionSchema.parse({ ...base, type: "suspension", endsOn: "2026-07-01" }).endsOn).toBe("2026-07-01");
    expect(issues(SanctionSchema.safeParse({ ...base, endsOn: "2026/12/31" }))).toEqual([["endsOn", "errors.date"]]);
    expect(issues(SanctionSchema.safeParse({ ...base, type: "fine" }))).toEqual([["type", "errors.sanction.type"]]);
  });

  it("reads scope regions from a comma or space separated string or an array, and items", () => {
    expect(SanctionSchema.parse({ ...base, scopeRegions: "320100, 320200 320000，330100；340000" }).scopeRegions).toEqual([
      "320100",
      "320200",
      "320000",
      "330100",
      "340000",
    ]);
    expect(SanctionSchema.parse({ ...base, scopeRegions: ["320100", "320115"] }).scopeRegions).toEqual(["320100", "320115"]);
    expect(SanctionSchema.parse({ ...base, scopeRegions: "" }).scopeRegions).toEqual([]);
    expect(issues(SanctionSchema.safeParse({ ...base, scopeRegions: "320100, 3201" }))).toEqual([
      ["scopeRegions.1", "errors.region.invalid"],
    ]);
    expect(SanctionSchema.parse({ ...base, scopeItems: "7" }).scopeItems).toEqual([7]);
    expect(SanctionSchema.parse({ ...base, scopeItems: ["7", "12"] }).scopeItems).toEqual([7, 12]);
    expect(SanctionSchema.safeParse({ ...base, scopeItems: ["0"] }).success).toBe(false);
  });

  it("parses affiliates, one per line", () => {
    const v = SanctionSchema.parse({
      ...base,
      affiliates: `${CODE_A} controlled 南京某某分公司\r\n\n  ${CODE_B.toLowerCase()}   承继   无锡 某某 有限公司  \n`,
    });
    expect(v.affiliates).toEqual([
      { creditCode: CODE_A, relation: "controlled", name: "南京某某分公司" },
      { creditCode: CODE_B, relation: "successor", name: "无锡 某某 有限公司" },
    ]);
    expect(parseAffiliates(`${CODE_A} Controlling 某控股集团`)).toEqual({
      ok: true,
      rows: [{ creditCode: CODE_A, relation: "controlling", name: "某控股集团" }],
    });
    expect(parseAffiliates(`${CODE_A} 被控制 某子公司\n${CODE_B} 控制 某母公司`)).toMatchObject({
      ok: true,
      rows: [{ relation: "controlled" }, { relation: "controlling" }],
    });
    expect(parseAffiliates("")).toEqual({ ok: true, rows: [] });
  });

  it("refuses an invalid affiliate line and says which", () => {
    const wrongCheck = CODE_A.slice(0, 17) + (CODE_A.endsWith("0") ? "1" : "0");
    for (const [raw, line] of [
      [`${CODE_A} controlled 南京某某分公司\n${wrongCheck} controlled 另一家公司`, 2],
      [`${CODE_A} sister 南京某某分公司`, 1],
      [`${CODE_A} controlled 某`, 1],
      [`${CODE_A} controlled`, 1],
      [`${CODE_B} successor 某某公司\n\n${CODE_A} 控制 某某公司\nbad`, 3],
    ] as const) {
      expect(parseAffiliates(raw), raw).toEqual({ ok: false, line });
      const r = SanctionSchema.safeParse({ ...base, affiliates: raw });
      expect(r.success, raw).toBe(false);
      expect(r.error?.issues, raw).toEqual([
        expect.objectContaining({ path: ["affiliates"], message: "errors.sanction.affiliates", params: { line } }),
      ]);
    }
  });
});

describe("ImportRowSchema", () => {
  const row = {
    credit_code: ` ${CODE_A.toLowerCase()} `,
    name: "南京某某环境技术咨询有限公司",
    type: "blacklist",
    starts_on: "2026-01-01",
    ends_on: "",
    authority: "江苏省发展和改革委员会",
    decision_ref: "苏发改信用〔2026〕1号",
    grounds: "严重失信",
  };

  it("trims and uppercases the credit code, and defaults the legal basis and the end", () => {
    const v = ImportRowSchema.parse(row);
    expect(v.credit_code).toBe(CODE_A);
    expect(v.legal_basis).toBe("联合惩戒备忘录（互认名单）");
    expect(v.ends_on).toBeNull();
    expect(v.regions).toEqual([]);
    expect(ImportRowSchema.parse({ ...row, legal_basis: "  " }).legal_basis).toBe("联合惩戒备忘录（互认名单）");
    expect(ImportRowSchema.parse({ ...row, legal_basis: "《关于对失信主体实施联合惩戒的合作备忘录》" }).legal_basis).toBe(
      "《关于对失信主体实施联合惩戒的合作备忘录》",
    );
  });

  it("validates the credit code's check character", () => {
    const wrong = CODE_A.slice(0, 17) + (CODE_A.endsWith("0") ? "1" : "0");
    expect(issues(ImportRowSchema.safeParse({ ...row, credit_code: wrong }))).toEqual([["credit_code", "errors.uscc.invalid"]]);
    expect(issues(ImportRowSchema.safeParse({ ...row, credit_code: "" }))).toEqual([["credit_code", "errors.uscc.invalid"]]);
  });

  it("reads regions and checks the dates", () => {
    expect(ImportRowSchema.parse({ ...row, regions: "320100;320200 | 320000" }).regions).toEqual(["320100", "320200", "320000"]);
    expect(issues(ImportRowSchema.safeParse({ ...row, regions: "32010" }))).toEqual([["regions.0", "errors.region.invalid"]]);
    expect(issues(ImportRowSchema.safeParse({ ...row, ends_on: "2025-12-31" }))).toEqual([["ends_on", "errors.sanction.endsBeforeStart"]]);
    expect(issues(ImportRowSchema.safeParse({ ...row, type: "suspension" }))).toEqual([["ends_on", "errors.sanction.suspensionEnd"]]);
    expect(ImportRowSchema.parse({ ...row, type: "suspension", ends_on: "2026-12-31" }).ends_on).toBe("2026-12-31");
  });
});

describe("ApplicationSchema", () => {
  const grounds = "该评价包含与本项目无关的个人信息。";
  it("requires a listed reason for an appeal against a review", () => {
    expect(issues(ApplicationSchema.safeParse({ kind: "appealReview", targetId: UUID, grounds }))).toEqual([
      ["reasonCode", "errors.application.reasonCode"],
    ]);
    expect(issues(ApplicationSchema.safeParse({ kind: "appealReview", targetId: UUID, grounds, reasonCode: "" }))).toEqual([
      ["reasonCode", "errors.application.reasonCode"],
    ]);
    expect(issues(ApplicationSchema.safeParse({ kind: "appealReview", targetId: UUID, grounds, reasonCode: "dislike" }))).toEqual([
      ["reasonCode", "errors.application.reasonCode"],
    ]);
    expect(ApplicationSchema.parse({ kind: "appealReview", targetId: UUID, grounds, reasonCode: "personalData" }).reasonCode).toBe(
      "personalData",
    );
  });
  it("needs no reason for the other kinds, but grounds of 10 characters", () => {
    expect(ApplicationSchema.parse({ kind: "liftSanction", targetId: UUID, grounds, reasonCode: "" }).reasonCode).toBeUndefined();
    expect(ApplicationSchema.safeParse({ kind: "correctEvent", targetId: UUID, grounds }).success).toBe(true);
    expect(issues(ApplicationSchema.safeParse({ kind: "correctEvent", targetId: UUID, grounds: "太短" }))).toEqual([
      ["grounds", "errors.application.grounds"],
    ]);
    expect(issues(ApplicationSchema.safeParse({ kind: "correctEvent", targetId: "x", grounds }))).toEqual([
      ["targetId", "errors.notFound"],
    ]);
  });
});
