import { describe, expect, it } from "vitest";
import {
  AssessmentSchema,
  CaseMessageSchema,
  CaseSchema,
  ConclusionSchema,
  InspectionResultSchema,
  InspectionSchema,
} from "~/modules/oversight/oversight.schema";

const UUID = "0b7c7a7e-5d1c-4e59-9a43-1f1e2d3c4b5a";
const UUID2 = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";

type Issues = { path: (string | number)[]; message: string }[] | undefined;
const issues = (r: { error?: { issues: Issues } }) => (r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]);
const paths = (r: { error?: { issues: Issues } }) => issues(r).map(([p]) => p);

describe("CaseSchema", () => {
  const base = { origin: "initiative", projectId: UUID, title: "短期公告核查", grounds: "招标期仅三天，低于七天的下限" };

  it("accepts an initiative case about a project, an agency or an owner", () => {
    expect(CaseSchema.safeParse(base).success).toBe(true);
    const { projectId: _p, ...noProject } = base;
    expect(CaseSchema.safeParse({ ...noProject, agencyId: UUID }).success).toBe(true);
    expect(CaseSchema.safeParse({ ...noProject, ownerOrgId: UUID }).success).toBe(true);
    expect(CaseSchema.parse({ ...base, title: "  短期公告核查  " }).title).toBe("短期公告核查");
  });

  it("needs a subject", () => {
    const { projectId: _p, ...noSubject } = base;
    expect(issues(CaseSchema.safeParse(noSubject))).toEqual([["_form", "errors.case.subject"]]);
    expect(issues(CaseSchema.safeParse({ ...noSubject, projectId: "", agencyId: "", ownerOrgId: null }))).toEqual([
      ["_form", "errors.case.subject"],
    ]);
  });

  it("needs the flag for a case from a flag", () => {
    expect(issues(CaseSchema.safeParse({ ...base, origin: "flag" }))).toEqual([["flag", "errors.case.flag"]]);
    expect(issues(CaseSchema.safeParse({ ...base, origin: "flag", flag: "" }))).toEqual([["flag", "errors.case.flag"]]);
    expect(CaseSchema.parse({ ...base, origin: "flag", flag: "R003" })).toMatchObject({ origin: "flag", flag: "R003" });
    expect(paths(CaseSchema.safeParse({ ...base, origin: "flag", flag: "x".repeat(41) }))).toEqual(["flag"]);
  });

  it("needs the complaint for a case from a complaint", () => {
    expect(issues(CaseSchema.safeParse({ ...base, origin: "complaint" }))).toEqual([["complaintId", "errors.case.complaint"]]);
    expect(issues(CaseSchema.safeParse({ ...base, origin: "complaint", complaintId: "" }))).toEqual([
      ["complaintId", "errors.case.complaint"],
    ]);
    expect(CaseSchema.parse({ ...base, origin: "complaint", complaintId: UUID2 }).complaintId).toBe(UUID2);
    expect(issues(CaseSchema.safeParse({ ...base, origin: "complaint", complaintId: "42" }))).toEqual([["complaintId", "errors.notFound"]]);
  });

  it("reports a missing subject and a missing reference together", () => {
    const { projectId: _p, ...noSubject } = base;
    expect(issues(CaseSchema.safeParse({ ...noSubject, origin: "flag" }))).toEqual([
      ["_form", "errors.case.subject"],
      ["flag", "errors.case.flag"],
    ]);
  });

  it("checks origin, ids, title and grounds", () => {
    expect(issues(CaseSchema.safeParse({ ...base, origin: "rumour" }))).toEqual([["origin", "errors.case.origin"]]);
    expect(issues(CaseSchema.safeParse({ ...base, projectId: "not-a-uuid" }))).toEqual([["projectId", "errors.notFound"]]);
    expect(issues(CaseSchema.safeParse({ ...base, title: "  三字  " }))).toEqual([["title", "errors.case.title"]]);
    expect(issues(CaseSchema.safeParse({ ...base, title: "题".repeat(201) }))).toEqual([["title", "errors.tooLong"]]);
    expect(issues(CaseSchema.safeParse({ ...base, title: undefined }))).toEqual([["title", "errors.case.title"]]);
    expect(issues(CaseSchema.safeParse({ ...base, grounds: "太短的理由" }))).toEqual([["grounds", "errors.case.grounds"]]);
    expect(CaseSchema.safeParse({ ...base, title: "题".repeat(200), grounds: "理".repeat(5000) }).success).toBe(true);
    expect(issues(CaseSchema.safeParse({ ...base, grounds: "理".repeat(5001) }))).toEqual([["grounds", "errors.tooLong"]]);
  });

  it("has a message schema of 2–5000 characters", () => {
    expect(CaseMessageSchema.parse({ body: "  收到  " })).toEqual({ body: "收到" });
    expect(issues(CaseMessageSchema.safeParse({ body: " 好 " }))).toEqual([["body", "errors.case.message"]]);
  });
});

describe("ConclusionSchema", () => {
  const conclusion = "经核查，该机构存在指定情形，已责令整改";

  it("needs a violation type when a violation was found", () => {
    expect(issues(ConclusionSchema.safeParse({ finding: "violation", conclusion }))).toEqual([["violation", "errors.case.violation"]]);
    expect(issues(ConclusionSchema.safeParse({ finding: "violation", violation: "", conclusion }))).toEqual([
      ["violation", "errors.case.violation"],
    ]);
    expect(ConclusionSchema.parse({ finding: "violation", violation: "designation", conclusion, followUp: "sanction" })).toEqual({
      finding: "violation",
      violation: "designation",
      conclusion,
      followUp: "sanction",
    });
    expect(paths(ConclusionSchema.safeParse({ finding: "violation", violation: "jaywalking", conclusion }))).toEqual(["violation"]);
  });

  it("refuses a follow-up when nothing was found", () => {
    expect(issues(ConclusionSchema.safeParse({ finding: "none", conclusion, followUp: "sanction" }))).toEqual([
      ["followUp", "errors.case.followUpNone"],
    ]);
    expect(issues(ConclusionSchema.safeParse({ finding: "none", conclusion, followUp: "creditEvent" }))).toEqual([
      ["followUp", "errors.case.followUpNone"],
    ]);
    expect(ConclusionSchema.parse({ finding: "none", conclusion, followUp: "" }).followUp).toBe("none");
    expect(ConclusionSchema.parse({ finding: "none", conclusion }).followUp).toBe("none");
  });

  it("defaults the follow-up to none after a violation too", () => {
    expect(ConclusionSchema.parse({ finding: "violation", violation: "overdue", conclusion }).followUp).toBe("none");
    expect(ConclusionSchema.parse({ finding: "violation", violation: "overcharge", conclusion, followUp: "creditEvent" }).followUp).toBe(
      "creditEvent",
    );
  });

  it("checks the finding, the follow-up and the conclusion's length", () => {
    expect(issues(ConclusionSchema.safeParse({ finding: "maybe", conclusion }))).toEqual([["finding", "errors.case.finding"]]);
    expect(paths(ConclusionSchema.safeParse({ finding: "violation", violation: "other", conclusion, followUp: "fine" }))).toEqual([
      "followUp",
    ]);
    expect(issues(ConclusionSchema.safeParse({ finding: "none", conclusion: "未发现问题" }))).toEqual([
      ["conclusion", "errors.case.conclusion"],
    ]);
  });
});

describe("InspectionSchema", () => {
  const base = { title: "第二季度随机抽查", sampleSize: "10" };

  it("accepts a minimal plan and defaults two inspectors per target", () => {
    const v = InspectionSchema.parse(base);
    expect(v).toMatchObject({ title: "第二季度随机抽查", sampleSize: 10, inspectorsPerTarget: 2 });
    expect(v.itemId).toBeUndefined();
    expect(v.regionCode).toBeUndefined();
    expect(v.activeSinceDays).toBeUndefined();
    expect(InspectionSchema.parse({ ...base, itemId: "", regionCode: "", activeSinceDays: "" })).toMatchObject({
      sampleSize: 10,
      inspectorsPerTarget: 2,
    });
  });

  it("bounds the sample to an integer 1–500", () => {
    for (const ok of ["1", "500", 250]) expect(InspectionSchema.safeParse({ ...base, sampleSize: ok }).success, String(ok)).toBe(true);
    for (const bad of ["0", "501", "2.5", "abc", -1])
      expect(issues(InspectionSchema.safeParse({ ...base, sampleSize: bad })), String(bad)).toEqual([
        ["sampleSize", "errors.inspection.sample"],
      ]);
  });

  it("bounds inspectors per target to 1–5", () => {
    expect(InspectionSchema.parse({ ...base, inspectorsPerTarget: "1" }).inspectorsPerTarget).toBe(1);
    expect(InspectionSchema.parse({ ...base, inspectorsPerTarget: "5" }).inspectorsPerTarget).toBe(5);
    for (const bad of ["0", "6"])
      expect(issues(InspectionSchema.safeParse({ ...base, inspectorsPerTarget: bad })), bad).toEqual([
        ["inspectorsPerTarget", "errors.inspection.inspectors"],
      ]);
  });

  it("checks the optional filters", () => {
    expect(InspectionSchema.parse({ ...base, itemId: "7", regionCode: "320100", activeSinceDays: "365" })).toMatchObject({
      itemId: 7,
      regionCode: "320100",
      activeSinceDays: 365,
    });
    expect(issues(InspectionSchema.safeParse({ ...base, regionCode: "32010" }))).toEqual([["regionCode", "errors.region.invalid"]]);
    expect(issues(InspectionSchema.safeParse({ ...base, regionCode: "32010a" }))).toEqual([["regionCode", "errors.region.invalid"]]);
    expect(paths(InspectionSchema.safeParse({ ...base, itemId: "0" }))).toEqual(["itemId"]);
    expect(paths(InspectionSchema.safeParse({ ...base, activeSinceDays: "0" }))).toEqual(["activeSinceDays"]);
    expect(paths(InspectionSchema.safeParse({ ...base, activeSinceDays: "3651" }))).toEqual(["activeSinceDays"]);
    expect(InspectionSchema.parse({ ...base, activeSinceDays: "3650" }).activeSinceDays).toBe(3650);
  });

  it("needs a title of 4–200 characters", () => {
    expect(issues(InspectionSchema.safeParse({ ...base, title: "抽查" }))).toEqual([["title", "errors.inspection.title"]]);
    expect(issues(InspectionSchema.safeParse({ ...base, title: "抽".repeat(201) }))).toEqual([["title", "errors.tooLong"]]);
  });

  it("has a result schema with an outcome and findings", () => {
    expect(InspectionResultSchema.parse({ agencyId: UUID, outcome: "issues", findings: "  档案不全  " })).toEqual({
      agencyId: UUID,
      outcome: "issues",
      findings: "档案不全",
    });
    expect(issues(InspectionResultSchema.safeParse({ agencyId: UUID, outcome: "fine", findings: "档案不全" }))).toEqual([
      ["outcome", "errors.inspection.outcome"],
    ]);
    expect(issues(InspectionResultSchema.safeParse({ agencyId: "x", outcome: "compliant", findings: "良好" }))).toEqual([
      ["agencyId", "errors.notFound"],
    ]);
  });
});

describe("AssessmentSchema", () => {
  const base = { agencyId: UUID, quarter: "2026-Q1" };

  it("accepts no adjustment without a reason", () => {
    expect(AssessmentSchema.parse(base)).toMatchObject({ agencyId: UUID, quarter: "2026-Q1", adjustment: 0 });
    expect(AssessmentSchema.parse({ ...base, adjustment: "", adjustmentReason: "" })).toMatchObject({
      adjustment: 0,
      adjustmentReason: undefined,
    });
    expect(AssessmentSchema.parse({ ...base, adjustment: "0" }).adjustment).toBe(0);
  });

  it("needs a reason of at least four characters for a non-zero adjustment", () => {
    expect(issues(AssessmentSchema.safeParse({ ...base, adjustment: "5" }))).toEqual([["adjustmentReason", "errors.assessment.reason"]]);
    expect(issues(AssessmentSchema.safeParse({ ...base, adjustment: "-3", adjustmentReason: "" }))).toEqual([
      ["adjustmentReason", "errors.assessment.reason"],
    ]);
    expect(issues(AssessmentSchema.safeParse({ ...base, adjustment: "-3", adjustmentReason: "  迟交  " }))).toEqual([
      ["adjustmentReason", "errors.assessment.reason"],
    ]);
    expect(AssessmentSchema.parse({ ...base, adjustment: "-3", adjustmentReason: " 资料迟交 " })).toMatchObject({
      adjustment: -3,
      adjustmentReason: "资料迟交",
    });
  });

  it("bounds the adjustment to an integer ±20", () => {
    for (const ok of ["20", "-20", 7])
      expect(AssessmentSchema.safeParse({ ...base, adjustment: ok, adjustmentReason: "表现突出" }).success, String(ok)).toBe(true);
    for (const bad of ["21", "-21", "1.5"]) {
      expect(issues(AssessmentSchema.safeParse({ ...base, adjustment: bad, adjustmentReason: "表现突出" })), bad).toEqual([
        ["adjustment", "errors.assessment.adjustment"],
      ]);
    }
  });

  it("checks the quarter and the agency", () => {
    for (const bad of ["2026-Q5", "2026Q1", "2026-Q1x", "26-Q1"])
      expect(issues(AssessmentSchema.safeParse({ ...base, quarter: bad })), bad).toEqual([["quarter", "errors.assessment.quarter"]]);
    expect(issues(AssessmentSchema.safeParse({ ...base, agencyId: "nope" }))).toEqual([["agencyId", "errors.notFound"]]);
    expect(issues(AssessmentSchema.safeParse({ ...base, adjustmentReason: "理".repeat(2001) }))).toEqual([
      ["adjustmentReason", "errors.tooLong"],
    ]);
  });
});
