import { describe, expect, it } from "vitest";
import {
  MAX_EXACT_FEN,
  bidStatus,
  buildRelease,
  currentSnapshot,
  fenToAmount,
  fenToYuanString,
  identifierScheme,
  ocdsContractStatus,
  procurementMethod,
  recordPackage,
  releasePackage,
  releaseTags,
  releasesOf,
  replay,
  tenderStatus,
  type ProjectEvent,
  type ProjectFacts,
} from "~/modules/opendata/ocds.rules";
import { ocdsValidators, formatErrors } from "../../fixtures/ocds/validator";

const cfg = { ocidPrefix: "ocds-test01", baseUrl: "https://zjcs.example.cn" };
const T0 = Date.parse("2026-03-02T02:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const OWNER = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "南京测试开发有限公司",
  creditCode: "91320100MA1TEST0X1",
  regionName: "南京市",
};
const AGENCY_A = {
  id: "00000000-0000-4000-8000-00000000000a",
  name: "江苏甲环评咨询有限公司",
  creditCode: "91320100MA1AAAA0X2",
  regionName: "南京市",
};
const AGENCY_B = {
  id: "00000000-0000-4000-8000-00000000000b",
  name: "江苏乙环评咨询有限公司",
  creditCode: "91320100MA1BBBB0X3",
  regionName: "玄武区",
};
const PROJECT = "11111111-1111-4111-8111-111111111111";
const AWARD = "22222222-2222-4222-8222-222222222222";
const CONTRACT = "33333333-3333-4333-8333-333333333333";
const BID_A = "44444444-4444-4444-8444-44444444444a";
const BID_B = "44444444-4444-4444-8444-44444444444b";

/** A completed lowest-price project as the loader would read it. */
function completedFacts(over: Partial<ProjectFacts> = {}): ProjectFacts {
  return {
    id: PROJECT,
    title: "测试项目环境影响报告表编制",
    description: "新建厂房项目，需编制环境影响报告表。",
    deliverables: "环境影响报告表及批复",
    status: "completed",
    selectionMethod: "lowestPrice",
    priceCeilingFen: 5_000_000,
    priceFloorFen: null,
    priceWeight: null,
    technicalWeight: null,
    creditWeight: null,
    publishedAt: at(0),
    bidDeadline: at(100),
    updatedAt: at(900),
    deadlinePassed: true,
    item: { code: "eia-form", nameZh: "环境影响报告表编制", nameEn: "Environmental impact report form" },
    owner: OWNER,
    attachments: [
      {
        id: "55555555-5555-4555-8555-555555555555",
        title: "项目范围图",
        fileId: "66666666-6666-4666-8666-666666666666",
        mime: "application/pdf",
      },
    ],
    bids: [
      { id: BID_A, agencyId: AGENCY_A.id, priceFen: 4_000_001, status: "submitted", submittedAt: at(50) },
      { id: BID_B, agencyId: AGENCY_B.id, priceFen: 4_500_000, status: "invalid", submittedAt: at(60) },
    ],
    awards: [
      { id: AWARD, agencyId: AGENCY_A.id, priceFen: 4_000_001, status: "final", awardedAt: at(101), finalizedAt: at(200), bidId: BID_A },
    ],
    contract: {
      id: CONTRACT,
      awardId: AWARD,
      agencyId: AGENCY_A.id,
      amountFen: 4_000_001,
      signedOn: "2026-03-05",
      dueOn: "2026-03-19",
      status: "completed",
      deliveredAt: at(700),
      completedAt: at(900),
      terminatedAt: null,
      lateWorkdays: 2,
      createdAt: at(300),
    },
    deliveries: [
      { status: "returned", submittedAt: at(400), decidedAt: at(500) },
      { status: "accepted", submittedAt: at(700), decidedAt: at(900) },
    ],
    orgs: { [AGENCY_A.id]: AGENCY_A, [AGENCY_B.id]: AGENCY_B },
    ...over,
  };
}

const ev = (id: number, action: string, minutes: number, data: Record<string, unknown> = {}): ProjectEvent => ({
  id,
  action,
  occurredAt: at(minutes),
  data,
});

/** The audited history of that project, as the modules write it. */
const HISTORY: ProjectEvent[] = [
  ev(10, "project.bidding", 0, { from: "draft", to: "bidding", policyId: 1 }),
  ev(11, "project.selecting", 100, { from: "bidding", to: "selecting", validBids: 1, invalidBids: 1 }),
  ev(12, "project.awarded", 101, { from: "selecting", to: "awarded", awardId: AWARD }),
  ev(13, "award.final", 200, { awardId: AWARD }),
  ev(14, "project.contracted", 300, { from: "awarded", to: "contracted", contractId: CONTRACT }),
  ev(15, "project.delivered", 400, { from: "contracted", to: "delivered", contractId: CONTRACT }),
  ev(16, "project.contracted", 500, { from: "delivered", to: "contracted", returned: true, reason: "请补充附图" }),
  ev(17, "project.delivered", 700, { from: "contracted", to: "delivered", contractId: CONTRACT }),
  ev(18, "project.completed", 900, { from: "delivered", to: "completed", contractId: CONTRACT, lateWorkdays: 2 }),
];

describe("money: integer fen to OCDS yuan", () => {
  it("is exact from one fen to the largest exact amount", () => {
    expect(fenToYuanString(1)).toBe("0.01");
    expect(fenToYuanString(0)).toBe("0.00");
    expect(fenToYuanString(10)).toBe("0.10");
    expect(fenToYuanString(4_000_001)).toBe("40000.01");
    expect(fenToYuanString(-5)).toBe("-0.05");
    expect(fenToYuanString(MAX_EXACT_FEN)).toBe("9999999999999.99");
    expect(fenToAmount(1)).toBe(0.01);
    expect(JSON.stringify({ amount: fenToAmount(1) })).toBe('{"amount":0.01}');
    expect(JSON.stringify({ amount: fenToAmount(30) })).toBe('{"amount":0.3}');
    expect(JSON.stringify({ amount: fenToAmount(123_456_789_012_345) })).toBe('{"amount":1234567890123.45}');
    expect(JSON.stringify({ amount: fenToAmount(MAX_EXACT_FEN) })).toBe('{"amount":9999999999999.99}');
  });
  it("prints every amount as its exact decimal (sampled over the whole range)", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const magnitude = 10 ** Math.floor(next() * 15);
      const fen = Math.min(MAX_EXACT_FEN, Math.floor(next() * magnitude * 10));
      const exact = fenToYuanString(fen).replace(/\.?0+$/, "");
      expect(String(fenToAmount(fen))).toBe(exact === "" ? "0" : exact);
    }
  });
  it("refuses what it cannot represent exactly", () => {
    expect(() => fenToAmount(1.5)).toThrow(RangeError);
    expect(() => fenToAmount(MAX_EXACT_FEN + 1)).toThrow(RangeError);
    expect(() => fenToYuanString(Number.NaN)).toThrow(RangeError);
  });
});

describe("code mappings", () => {
  it("maps project states to tender statuses", () => {
    expect(tenderStatus("draft", false)).toBe("planning");
    for (const s of ["published", "bidding", "selecting"] as const) expect(tenderStatus(s, false)).toBe("active");
    for (const s of ["awarded", "contracted", "delivered", "completed"] as const) expect(tenderStatus(s, s !== "awarded")).toBe("complete");
    expect(tenderStatus("failed", false)).toBe("unsuccessful");
    expect(tenderStatus("cancelled", false)).toBe("cancelled");
    expect(tenderStatus("cancelled", true)).toBe("complete"); // a contract terminated early
  });
  it("maps methods, bids, contracts and credit codes", () => {
    expect(procurementMethod("direct")).toBe("direct");
    for (const m of ["randomDraw", "lowestPrice", "averagePrice", "creditPreferred", "scored"]) expect(procurementMethod(m)).toBe("open");
    expect(bidStatus("submitted")).toBe("valid");
    expect(bidStatus("invalid")).toBe("disqualified");
    expect(ocdsContractStatus("active")).toBe("active");
    expect(ocdsContractStatus("completed")).toBe("terminated");
    expect(ocdsContractStatus("terminated")).toBe("terminated");
    expect(identifierScheme("91320100MA1TEST0X1")).toBe("CN-SAIC");
    expect(identifierScheme("11320115014123456X")).toBe("CN-USCC");
  });
});

describe("releases replayed from the audit trail", () => {
  it("tags each event and carries the state as of that event", () => {
    const f = completedFacts();
    const rs = replay(f, HISTORY);
    expect(rs.map((r) => [r.eventId, r.tags.join("+")])).toEqual([
      [10, "tender"],
      [11, "tenderUpdate"],
      [12, "award"],
      [13, "awardUpdate"],
      [14, "contract"],
      [15, "implementation"],
      [16, "implementationUpdate"],
      [17, "implementation"],
      [18, "implementationUpdate+contractTermination"],
    ]);
    const releases = releasesOf(f, HISTORY, cfg) as Array<Record<string, any>>;
    expect(releases[0]!.id).toBe(`ocds-test01-${PROJECT}-10`);
    expect(releases[0]!.date).toBe(at(0).toISOString());
    // Bidding: no bids, no tenderers, no awards — even though the facts hold opened bids now.
    expect(releases[0]!.tender.status).toBe("active");
    expect(releases[0]!.bids).toBeUndefined();
    expect(releases[0]!.tender.numberOfTenderers).toBeUndefined();
    expect(releases[0]!.awards).toBeUndefined();
    // The opening: bids appear, with their statistics.
    expect(releases[1]!.bids.details.map((b: { status: string }) => b.status)).toEqual(["valid", "disqualified"]);
    expect(releases[1]!.bids.statistics.find((s: { measure: string }) => s.measure === "lowestValidBidValue").value).toBe(40000.01);
    expect(releases[1]!.tender.numberOfTenderers).toBe(2);
    expect(releases[2]!.awards[0].status).toBe("pending");
    expect(releases[2]!.awards[0].relatedBid).toBe(BID_A);
    expect(releases[3]!.awards[0].status).toBe("active");
    expect(releases[3]!.contracts).toBeUndefined();
    expect(releases[4]!.contracts[0].status).toBe("active");
    expect(releases[4]!.contracts[0].implementation.milestones[0].status).toBe("scheduled");
    expect(releases[6]!.contracts[0].implementation.milestones[0].description).toContain("退回 1 次");
    const last = releases[8]!.contracts[0];
    expect(last.status).toBe("terminated");
    expect(last.value).toEqual({ amount: 40000.01, currency: "CNY" });
    expect(last.period).toEqual({ startDate: "2026-03-05T00:00:00+08:00", endDate: "2026-03-19T23:59:59+08:00" });
    expect(last.implementation.milestones[0]).toMatchObject({
      status: "met",
      dateMet: at(700).toISOString(),
      description: expect.stringContaining("逾期 2 个工作日"),
    });
    const roles = Object.fromEntries(releases[8]!.parties.map((p: { name: string; roles: string[] }) => [p.name, p.roles]));
    expect(roles[OWNER.name]).toEqual(["buyer", "procuringEntity"]);
    expect(roles[AGENCY_A.name]).toEqual(["tenderer", "supplier"]);
    expect(roles[AGENCY_B.name]).toEqual(["tenderer"]);
  });

  it("compiles the current state to what the last release says", () => {
    const f = completedFacts();
    const rel = releasesOf(f, HISTORY, cfg) as Record<string, unknown>[];
    const { id: _i, tag: _t, date: _d, ...lastRest } = rel[rel.length - 1]!;
    const record = recordPackage(f, HISTORY, { uri: "https://zjcs.example.cn/ocds/records/x", publishedDate: at(1000) }, cfg) as {
      records: [{ compiledRelease: Record<string, unknown> }];
    };
    const { id: _ci, tag, date: _cd, ...compiledRest } = record.records[0].compiledRelease;
    expect(tag).toEqual(["compiled"]);
    expect(compiledRest).toEqual(lastRest);
  });

  it("cancels the award when the winner walks away, and terminates a contract ended early", () => {
    const failed = completedFacts({
      status: "failed",
      contract: null,
      deliveries: [],
      awards: [{ ...completedFacts().awards[0]!, status: "annulled" }],
    });
    const history = [
      ...HISTORY.slice(0, 3),
      ev(19, "project.failed", 150, { from: "awarded", to: "failed", reason: "awardAbandoned", awardId: AWARD }),
    ];
    const rs = releasesOf(failed, history, cfg) as Array<Record<string, any>>;
    expect(rs[3]!.tag).toEqual(["awardCancellation", "tenderUpdate"]);
    expect(rs[3]!.tender.status).toBe("unsuccessful");
    expect(rs[3]!.awards[0].status).toBe("cancelled");
    expect(rs[2]!.awards[0].status).toBe("pending");

    const terminated = completedFacts({
      status: "cancelled",
      contract: { ...completedFacts().contract!, status: "terminated", completedAt: null, lateWorkdays: null },
      deliveries: [{ status: "returned", submittedAt: at(400), decidedAt: at(450) }],
    });
    const h2 = [
      ...HISTORY.slice(0, 6),
      ev(20, "project.cancelled", 450, {
        from: "delivered",
        to: "cancelled",
        reason: "contractTerminated",
        terminationReason: "业主负责人张三决定终止",
      }),
    ];
    const r2 = releasesOf(terminated, h2, cfg) as Array<Record<string, any>>;
    const end = r2[r2.length - 1]!;
    expect(end.tag).toEqual(["contractTermination"]);
    expect(end.tender.status).toBe("complete");
    expect(end.awards[0].status).toBe("active");
    expect(end.contracts[0].status).toBe("terminated");
    expect(end.contracts[0].implementation.milestones[0].status).toBe("notMet");
    expect(JSON.stringify(r2)).not.toContain("张三");
  });

  it("keeps a release made before the opening without bids, even once the view shows them", () => {
    const f = completedFacts({ status: "cancelled", awards: [], contract: null, deliveries: [] });
    const rs = releasesOf(
      f,
      [HISTORY[0]!, ev(21, "project.cancelled", 50, { from: "bidding", to: "cancelled", reason: "x" })],
      cfg,
    ) as Array<Record<string, any>>;
    expect(rs.map((r) => r.tag)).toEqual([["tender"], ["tenderCancellation"]]);
    expect(rs[1]!.bids).toBeUndefined();
    expect(rs[1]!.tender.status).toBe("cancelled");
    // The compiled release is what the project page shows now: the deadline has passed, so the bids.
    const compiled = buildRelease(f, currentSnapshot(f), { id: "c", date: at(60), tags: ["compiled"] }, cfg) as Record<string, any>;
    expect(compiled.bids.details).toHaveLength(2);
    // Before the deadline nothing, whatever the state says.
    const early = completedFacts({ status: "cancelled", deadlinePassed: false, awards: [], contract: null, deliveries: [] });
    expect(buildRelease(early, currentSnapshot(early), { id: "c", date: at(60), tags: ["compiled"] }, cfg).bids).toBeUndefined();
  });

  it("tags a direct selection's publication as the tender and a revision as an amendment", () => {
    const before = currentSnapshot(completedFacts({ status: "draft", awards: [], contract: null, deliveries: [] }));
    expect(releaseTags(ev(1, "project.selecting", 0, { from: "draft", to: "selecting" }), before)).toEqual(["tender"]);
    expect(
      releaseTags(ev(2, "project.bidding", 0, { from: "bidding", to: "bidding", revision: 1 }), { ...before, status: "bidding" }),
    ).toEqual(["tenderAmendment"]);
    expect(releaseTags(ev(3, "project.cancelled", 0, { from: "bidding", to: "cancelled" }), { ...before, status: "bidding" })).toEqual([
      "tenderCancellation",
    ]);
    expect(releaseTags(ev(4, "objection.filed", 0, { grounds: "x" }), before)).toBeNull();
    expect(releaseTags(ev(5, "project.drafted", 0), before)).toBeNull();
  });

  it("makes one release of the current state when nothing was audited, and the first release a tender", () => {
    const f = completedFacts();
    const only = releasesOf(f, [], cfg) as Array<Record<string, unknown>>;
    expect(only).toHaveLength(1);
    expect(only[0]!.id).toBe(`ocds-test01-${PROJECT}-current`);
    const partial = replay(f, HISTORY.slice(1));
    expect(partial[0]!.tags).toEqual(["tender"]);
  });
});

describe("no personal data", () => {
  it("never emits people's names, e-mails or phones, whatever the loader hands over", () => {
    const careless = {
      ...completedFacts(),
      owner: {
        ...OWNER,
        legalRepresentative: "王大法",
        contactEmail: "boss@example.cn",
        contactPhone: "025-83001234",
        contactPerson: "李联系",
      },
      orgs: {
        [AGENCY_A.id]: {
          ...AGENCY_A,
          legalRepresentative: "赵法人",
          contactEmail: "agency@example.cn",
          address: "南京市玄武区测试路 1 号",
        },
        [AGENCY_B.id]: AGENCY_B,
      },
      complaintFacts: "投诉人钱某某反映……",
    } as unknown as ProjectFacts;
    const history = HISTORY.map((e) => ({
      ...e,
      data: { ...(e.data as object), actorName: "孙用户", email: "user@example.cn", grounds: "异议人周某" },
    }));
    const json = JSON.stringify([
      releasesOf(careless, history, cfg),
      recordPackage(careless, history, { uri: "https://zjcs.example.cn/ocds/records/x", publishedDate: at(1000) }, cfg),
    ]);
    for (const secret of [
      "王大法",
      "boss@example.cn",
      "025-83001234",
      "李联系",
      "赵法人",
      "agency@example.cn",
      "测试路",
      "钱某某",
      "孙用户",
      "user@example.cn",
      "周某",
    ]) {
      expect(json).not.toContain(secret);
    }
    expect(json).not.toMatch(/contactPoint|legalRepresentative|telephone|email/i);
  });
});

describe("schema", () => {
  it("release and record packages validate against OCDS 1.1.5 with the bids extension", () => {
    const v = ocdsValidators();
    const f = completedFacts();
    const pkg = releasePackage(
      releasesOf(f, HISTORY, cfg),
      {
        uri: "https://zjcs.example.cn/ocds/releases?after=0",
        publishedDate: at(1000),
        next: "https://zjcs.example.cn/ocds/releases?after=18",
      },
      cfg,
    );
    expect(v.releasePackage(pkg), formatErrors(v.releasePackage.errors)).toBe(true);
    const rec = recordPackage(f, HISTORY, { uri: "https://zjcs.example.cn/ocds/records/x", publishedDate: at(1000) }, cfg);
    expect(v.recordPackage(rec), formatErrors(v.recordPackage.errors)).toBe(true);
    const direct = completedFacts({
      selectionMethod: "direct",
      bidDeadline: null,
      bids: [],
      status: "selecting",
      awards: [],
      contract: null,
      deliveries: [],
    });
    const one = buildRelease(direct, currentSnapshot(direct), { id: "x-1", date: at(0), tags: ["tender"] }, cfg);
    expect(v.release(one), formatErrors(v.release.errors)).toBe(true);
    // The validator does bite: a wrong status code is refused.
    expect(v.release({ ...one, tender: { ...(one.tender as object), status: "open" } })).toBe(false);
  });
});
