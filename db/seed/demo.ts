import { randomBytes, randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { bidHash } from "~/modules/procurement/bids.server";
import { commitment } from "~/modules/procurement/draw.rules";
import { openDueProjects } from "~/modules/procurement/selection.server";
import type { DB } from "#db/schema";
import { hashPassword } from "~/modules/identity/password.server";
import { usccCheckChar } from "~/modules/identity/uscc";
import { CURRENT_PLEDGE_VERSION } from "~/modules/agencies/pledge";
import { refreshCreditScores } from "~/modules/trust/credit.server";
import { refreshFlagHits } from "~/modules/oversight/flags.server";
import { beijingDate } from "~/lib/beijing-calendar";

/** Every demo account uses this password; the start-up banner and the README print it. */
export const DEMO_PASSWORD = "Demo-2026-zjcs";

export interface DemoLogin {
  email: string;
  role: string;
  org: string;
}

/** A well-formed USCC for demo data: 91 (enterprise, market regulator) + region + a serial + check char. */
export function demoCreditCode(regionCode: string, serial: number, prefix = "91"): string {
  const body = `${prefix}${regionCode}MA${serial.toString(36).toUpperCase().padStart(7, "0")}`.replace(/[IOSVZ]/g, "1").slice(0, 17);
  return body + usccCheckChar(body);
}

interface DemoOrg {
  key: string;
  kind: "agency" | "owner" | "regulator";
  ownerType?: "enterprise" | "department";
  name: string;
  regionCode: string;
  legalRepresentative?: string;
  address?: string;
  phone?: string;
  scope?: string;
  users: { email: string; name: string; role: "admin" | "member" }[];
  supervises?: string[] | "all";
  services?: {
    item: string;
    mode: "fixed" | "range" | "rate";
    min?: number;
    max?: number;
    rateBp?: number;
    basis?: string;
    days: number;
    regions?: string[];
  }[];
  qualifications?: {
    item: string;
    type: string;
    level?: string;
    no: string;
    issuer: string;
    from: number;
    to: number;
    status: "verified" | "pending";
  }[];
  contactPublic?: boolean;
}

const ORGS: DemoOrg[] = [
  {
    key: "reg-js",
    kind: "regulator",
    name: "江苏省政务服务管理办公室（中介服务监管处）",
    regionCode: "320000",
    supervises: "all",
    users: [{ email: "regulator@demo.zjcs.cn", name: "周监管", role: "admin" }],
  },
  {
    key: "reg-nj-env",
    kind: "regulator",
    name: "南京市生态环境局",
    regionCode: "320100",
    supervises: ["eia-report", "eia-form", "eia-completion-acceptance", "sewage-outlet-demonstration"],
    users: [{ email: "nj-env@demo.zjcs.cn", name: "钱环保", role: "admin" }],
  },
  {
    key: "ag-huanke",
    services: [
      { item: "eia-report", mode: "range", min: 8_000_000, max: 40_000_000, days: 60 },
      { item: "eia-form", mode: "range", min: 1_500_000, max: 6_000_000, days: 30 },
      { item: "soil-water-conservation-plan", mode: "rate", rateBp: 80, basis: "按水土保持投资额", days: 30, regions: ["320000"] },
    ],
    contactPublic: true,
    kind: "agency",
    name: "江苏环科环境工程咨询有限公司",
    regionCode: "320100",
    legalRepresentative: "王建国",
    address: "南京市鼓楼区中山北路 101 号",
    phone: "025-83000001",
    scope: "环境影响评价、水土保持方案编制、环境监测技术咨询",
    users: [
      { email: "agency@demo.zjcs.cn", name: "王晓明", role: "admin" },
      { email: "agency-staff@demo.zjcs.cn", name: "李芳", role: "member" },
    ],
  },
  {
    key: "ag-jinling",
    services: [
      { item: "project-cost-consulting", mode: "rate", rateBp: 50, basis: "按工程造价", days: 30 },
      { item: "bidding-agency", mode: "range", min: 500_000, max: 5_000_000, days: 20, regions: ["320100", "320200"] },
    ],
    kind: "agency",
    name: "南京金陵工程造价咨询有限公司",
    regionCode: "320100",
    legalRepresentative: "陈立新",
    address: "南京市秦淮区汉中路 88 号",
    phone: "025-84000002",
    scope: "工程造价咨询、招标代理、项目管理",
    users: [{ email: "jinling@demo.zjcs.cn", name: "陈静", role: "admin" }],
  },
  {
    key: "ag-suce",
    services: [
      { item: "topographic-survey", mode: "range", min: 2_000_000, max: 15_000_000, days: 30 },
      { item: "real-estate-survey", mode: "fixed", min: 300_000, days: 15, regions: ["320500"] },
    ],
    qualifications: [
      {
        item: "topographic-survey",
        type: "测绘资质证书",
        level: "乙级",
        no: "乙测资字 32500123",
        issuer: "江苏省自然资源厅",
        from: -400,
        to: 20,
        status: "verified",
      },
    ],
    kind: "agency",
    name: "苏州中测测绘院有限公司",
    regionCode: "320500",
    legalRepresentative: "沈伟",
    address: "苏州市姑苏区人民路 300 号",
    phone: "0512-65000003",
    scope: "工程测量、不动产测绘、地理信息系统工程",
    users: [{ email: "suce@demo.zjcs.cn", name: "沈丽", role: "admin" }],
  },
  {
    key: "ag-antai",
    services: [
      { item: "safety-pre-evaluation", mode: "range", min: 5_000_000, max: 25_000_000, days: 30 },
      { item: "safety-acceptance-evaluation", mode: "range", min: 6_000_000, max: 30_000_000, days: 30 },
    ],
    qualifications: [
      {
        item: "safety-pre-evaluation",
        type: "安全评价机构资质证书",
        level: "乙级",
        no: "APJ-（苏）-0456",
        issuer: "江苏省应急管理厅",
        from: -300,
        to: 800,
        status: "verified",
      },
      {
        item: "safety-acceptance-evaluation",
        type: "安全评价机构资质证书",
        level: "乙级",
        no: "APJ-（苏）-0456",
        issuer: "江苏省应急管理厅",
        from: -300,
        to: 800,
        status: "pending",
      },
    ],
    kind: "agency",
    name: "无锡安泰安全技术评价有限公司",
    regionCode: "320200",
    legalRepresentative: "赵强",
    address: "无锡市梁溪区解放西路 18 号",
    phone: "0510-82000004",
    scope: "安全评价、职业卫生技术服务、安全生产咨询",
    users: [{ email: "antai@demo.zjcs.cn", name: "赵敏", role: "admin" }],
  },
  {
    key: "ag-huaxin",
    services: [
      { item: "asset-appraisal", mode: "rate", rateBp: 30, basis: "按评估资产总值", days: 20 },
      { item: "real-estate-appraisal", mode: "range", min: 200_000, max: 3_000_000, days: 10 },
    ],
    kind: "agency",
    name: "江苏华信资产评估有限公司",
    regionCode: "320100",
    legalRepresentative: "孙浩",
    address: "南京市建邺区江东中路 200 号",
    phone: "025-86000005",
    scope: "资产评估、房地产估价、土地估价",
    users: [{ email: "huaxin@demo.zjcs.cn", name: "孙悦", role: "admin" }],
  },
  {
    key: "ow-xingang",
    kind: "owner",
    ownerType: "enterprise",
    name: "南京新港开发建设有限公司",
    regionCode: "320100",
    legalRepresentative: "刘洋",
    address: "南京市栖霞区恒通大道 1 号",
    users: [{ email: "owner@demo.zjcs.cn", name: "刘工", role: "admin" }],
  },
  {
    key: "ow-jiangning",
    kind: "owner",
    ownerType: "department",
    name: "南京市江宁区交通运输局",
    regionCode: "320100",
    legalRepresentative: "吴刚",
    address: "南京市江宁区上元大街 398 号",
    users: [{ email: "department@demo.zjcs.cn", name: "吴科长", role: "admin" }],
  },
];

const SITE_ADMIN = { email: "admin@demo.zjcs.cn", name: "平台管理员" };

export function demoLogins(): DemoLogin[] {
  return [
    { email: SITE_ADMIN.email, role: "site admin", org: "—" },
    ...ORGS.flatMap((o) =>
      o.users.map((u) => ({ email: u.email, role: `${o.kind}${o.ownerType ? `/${o.ownerType}` : ""} ${u.role}`, org: o.name })),
    ),
  ];
}

export async function hasDemo(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom("users").select("id").where("email", "=", SITE_ADMIN.email).executeTakeFirst());
}

/** Loads the demo organisations, accounts, projects and awards once; later calls do nothing. */
export async function seedDemo(db: Kysely<DB>, now = new Date()): Promise<boolean> {
  if (await hasDemo(db)) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const items = await trx.selectFrom("serviceItems").select(["id", "code", "statutoryDays"]).execute();
    const itemId = (code: string) => {
      const found = items.find((i) => i.code === code);
      if (!found) throw new Error(`demo seed: unknown service item ${code}`);
      return found.id;
    };
    await trx.insertInto("users").values({ email: SITE_ADMIN.email, name: SITE_ADMIN.name, passwordHash, isSiteAdmin: true }).execute();
    const orgIds = new Map<string, string>();
    let serial = 1;
    for (const o of ORGS) {
      const org = await trx
        .insertInto("organizations")
        .values({
          kind: o.kind,
          ownerType: o.ownerType ?? null,
          name: o.name,
          creditCode: o.kind === "regulator" ? demoCreditCode(o.regionCode, serial++, "11") : demoCreditCode(o.regionCode, serial++),
          regionCode: o.regionCode,
          legalRepresentative: o.legalRepresentative ?? null,
          address: o.address ?? null,
          contactPhone: o.phone ?? null,
          businessScope: o.scope ?? null,
          contactPerson: o.kind === "agency" ? o.users[0]!.name : null,
          contactPublic: o.contactPublic ?? false,
          ...(o.kind === "agency" ? { pledgeVersion: CURRENT_PLEDGE_VERSION, pledgeSignedAt: now } : {}),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      orgIds.set(o.key, org.id);
      for (const u of o.users) {
        const user = await trx
          .insertInto("users")
          .values({ email: u.email, name: u.name, passwordHash })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx.insertInto("memberships").values({ userId: user.id, orgId: org.id, role: u.role }).execute();
      }
      for (const sv of o.services ?? []) {
        const fields = {
          active: true,
          feeMode: sv.mode,
          feeMinFen: sv.mode === "rate" ? null : sv.min!,
          feeMaxFen: sv.mode === "rate" ? null : sv.mode === "fixed" ? sv.min! : sv.max!,
          feeRateBp: sv.rateBp ?? null,
          feeBasis: sv.basis ?? null,
          committedDays: sv.days,
          pledge: "按承诺时限完成，按公开标准收费，不满意可投诉。",
          regions: sv.regions ?? [],
        };
        const row = await trx
          .insertInto("agencyServices")
          .values({ agencyId: org.id, serviceItemId: itemId(sv.item), version: 1, ...fields })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("agencyServiceVersions")
          .values({ agencyServiceId: row.id, version: 1, ...fields })
          .execute();
      }
      if (o.supervises) {
        const ids = o.supervises === "all" ? items.map((i) => i.id) : o.supervises.map(itemId);
        await trx
          .insertInto("regulatorServiceItems")
          .values(ids.map((id) => ({ regulatorId: org.id, serviceItemId: id })))
          .execute();
      }
    }
    const nationalPolicy = await trx
      .selectFrom("procedurePolicies")
      .select("id")
      .where("regionCode", "is", null)
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    const reviewer = await trx.selectFrom("users").select("id").where("email", "=", "regulator@demo.zjcs.cn").executeTakeFirstOrThrow();
    const dateAt = (days: number) => beijingDate(new Date(now.getTime() + days * 86_400_000));
    for (const o of ORGS) {
      for (const q of o.qualifications ?? []) {
        await trx
          .insertInto("qualifications")
          .values({
            agencyId: orgIds.get(o.key)!,
            serviceItemId: itemId(q.item),
            qualType: q.type,
            level: q.level ?? null,
            certificateNo: q.no,
            issuer: q.issuer,
            validFrom: dateAt(q.from),
            validTo: dateAt(q.to),
            status: q.status,
            ...(q.status === "verified" ? { reviewedBy: reviewer.id, reviewerOrgId: orgIds.get("reg-js")!, reviewedAt: now } : {}),
          })
          .execute();
      }
    }
    const day = 86_400_000;
    const at = (days: number) => new Date(now.getTime() + days * day);
    const org = (k: string) => orgIds.get(k)!;
    // Projects go through the real pipeline: published with a draw commitment, bids placed before the
    // deadline, then (below, after this transaction) opened and selected by the same job as in production.
    const projects: {
      owner: string;
      item: string;
      title: string;
      description: string;
      deliverables: string;
      method: "lowestPrice" | "randomDraw";
      ceiling: number;
      gov: boolean;
      published: number;
      deadline: number;
      expectedDays: number;
      bids?: { agency: string; price: number; days: number }[];
    }[] = [
      {
        owner: "ow-xingang",
        item: "eia-report",
        title: "新港物流园二期建设项目环境影响报告书编制",
        description: "新港物流园二期规划用地约 12 公顷，建设仓储及配套设施，需编制环境影响报告书并配合技术评估与报批。",
        deliverables: "环境影响报告书（送审稿、报批稿）及公众参与说明",
        method: "lowestPrice",
        ceiling: 38_000_000,
        gov: false,
        published: -2,
        deadline: 6,
        expectedDays: 60,
      },
      {
        owner: "ow-jiangning",
        item: "topographic-survey",
        title: "江宁区 S337 省道改扩建工程 1:500 地形图测绘",
        description: "测区沿 S337 省道约 8.6 公里，带状宽 200 米，需完成 1:500 数字化地形图测绘。",
        deliverables: "1:500 数字化地形图、控制测量成果及技术总结",
        method: "randomDraw",
        ceiling: 12_000_000,
        gov: true,
        published: -1,
        deadline: 8,
        expectedDays: 15,
      },
      {
        owner: "ow-jiangning",
        item: "project-cost-consulting",
        title: "江宁区农村公路提档升级工程全过程造价咨询",
        description: "涉及农村公路提档升级 36 公里，需提供从预算编制、清单控制价到结算审核的全过程造价咨询。",
        deliverables: "预算书、招标控制价、结算审核报告",
        method: "lowestPrice",
        ceiling: 45_000_000,
        gov: true,
        published: -3,
        deadline: 4,
        expectedDays: 30,
      },
      {
        owner: "ow-xingang",
        item: "safety-pre-evaluation",
        title: "新港危化品仓储项目安全预评价",
        description: "新建危险化学品仓库 3 栋，需开展安全预评价并出具报告。",
        deliverables: "安全预评价报告",
        method: "lowestPrice",
        ceiling: 20_000_000,
        gov: false,
        published: -12,
        deadline: -4,
        expectedDays: 30,
        bids: [
          { agency: "ag-antai", price: 16_800_000, days: 25 },
          { agency: "ag-huanke", price: 15_500_000, days: 28 },
        ],
      },
      {
        owner: "ow-xingang",
        item: "eia-form",
        title: "新港码头配套办公楼环境影响报告表编制",
        description: "新建配套办公楼一栋，需编制环境影响报告表。",
        deliverables: "环境影响报告表（报批稿）",
        method: "lowestPrice",
        ceiling: 6_000_000,
        gov: false,
        published: -15,
        deadline: -8,
        expectedDays: 20,
        bids: [
          { agency: "ag-huanke", price: 4_950_000, days: 15 },
          { agency: "ag-jinling", price: 5_200_000, days: 18 },
          { agency: "ag-huaxin", price: 5_600_000, days: 20 },
        ],
      },
    ];
    for (const p of projects) {
      const secret = randomBytes(32).toString("hex");
      const row = await trx
        .insertInto("projects")
        .values({
          ownerOrgId: org(p.owner),
          serviceItemId: itemId(p.item),
          regionCode: p.owner === "ow-jiangning" ? "320115" : "320113",
          title: p.title,
          description: p.description,
          deliverables: p.deliverables,
          selectionMethod: p.method,
          status: "bidding",
          priceCeilingFen: p.ceiling,
          governmentFunded: p.gov,
          expectedDays: p.expectedDays,
          policyId: nationalPolicy.id,
          drawCommitment: commitment(secret),
          publishedAt: at(p.published),
          // Past deadlines are moved into the past after the bids are in (the database refuses late bids).
          bidDeadline: p.deadline > 0 ? at(p.deadline) : at(1),
          createdAt: at(p.published - 1),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("projectSecrets").values({ projectId: row.id, secret }).execute();
      for (const b of p.bids ?? []) {
        const fields = { projectId: row.id, agencyId: org(b.agency), priceFen: b.price, committedDays: b.days, proposal: null };
        await trx
          .insertInto("bids")
          .values({ ...fields, hash: bidHash({ ...fields, nonce: randomUUID() }), submittedAt: at(p.deadline - 1) })
          .execute();
      }
      if (p.deadline <= 0)
        await trx
          .updateTable("projects")
          .set({ bidDeadline: at(p.deadline) })
          .where("id", "=", row.id)
          .execute();
    }
  });
  // The deadlines that have passed: opened, checked and selected by the production job.
  await openDueProjects(db, now);
  await seedTrustDemo(db, now);
  await seedOversightDemo(db, now);
  await seedPaymentsDemo(db, now);
  await sql`analyze`.execute(db);
  return true;
}

/**
 * A trust record to look at: two finished contracts with both reviews and a department rating (环科 on
 * time and praised; 华信 12 working days late and criticised, with an upheld complaint and a warning, so
 * its grade is D), and a reciprocal blacklisting of a company that is not on the platform. Then every
 * agency is scored.
 */
async function seedTrustDemo(db: Kysely<DB>, now: Date) {
  const day = 86_400_000;
  const at = (days: number) => new Date(now.getTime() + days * day);
  const date = (days: number) => beijingDate(new Date(now.getTime() + days * day));
  await db.transaction().execute(async (trx) => {
    const orgs = await trx.selectFrom("organizations").select(["id", "name", "creditCode", "kind"]).execute();
    const byName = (prefix: string) => orgs.find((o) => o.name.startsWith(prefix))!;
    const users = await trx
      .selectFrom("users")
      .innerJoin("memberships", "memberships.userId", "users.id")
      .select(["users.id", "users.email", "memberships.orgId"])
      .execute();
    const userOf = (email: string) => users.find((u) => u.email === email)!;
    const items = await trx.selectFrom("serviceItems").select(["id", "code"]).execute();
    const item = (code: string) => items.find((i) => i.code === code)!.id;
    const policy = await trx
      .selectFrom("procedurePolicies")
      .select("id")
      .where("regionCode", "is", null)
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    const owner = byName("南京新港开发建设");
    const regJs = byName("江苏省政务服务管理办公室");
    const finished = [
      {
        agency: byName("江苏环科"),
        itemCode: "soil-water-conservation-plan",
        title: "新港综合服务中心水土保持方案编制",
        price: 3_800_000,
        late: 0,
        ownerStars: 5,
        agencyStars: 4,
        dept: 4,
        ownerText: "方案编制规范，现场踏勘细致，提前两天提交报批稿，一次通过技术审查。",
        agencyText: "需求清楚，资料提供及时，付款按合同约定。",
        completed: -20,
      },
      {
        agency: byName("江苏华信"),
        itemCode: "real-estate-appraisal",
        title: "新港仓储区土地及地上建筑物价值评估",
        price: 2_600_000,
        late: 12,
        ownerStars: 2,
        agencyStars: 3,
        dept: 2,
        ownerText: "评估报告比承诺时限晚了十多个工作日，期间多次催促才回复，部分建筑面积核对有误。",
        agencyText: "",
        completed: -30,
      },
      // Finished two days ago and not reviewed yet: both parties' review windows are open.
      {
        agency: byName("无锡安泰"),
        itemCode: "safety-pre-evaluation",
        title: "新港码头油品罐区改造安全预评价",
        price: 9_800_000,
        late: 0,
        ownerStars: 0,
        agencyStars: 0,
        dept: 0,
        ownerText: "",
        agencyText: "",
        completed: -2,
      },
    ];
    for (const f of finished) {
      const secret = randomBytes(32).toString("hex");
      const project = await trx
        .insertInto("projects")
        .values({
          ownerOrgId: owner.id,
          serviceItemId: item(f.itemCode),
          regionCode: "320113",
          title: f.title,
          description: `${f.title}，已完成并验收。`,
          deliverables: "成果文件",
          selectionMethod: "lowestPrice",
          status: "completed",
          priceCeilingFen: f.price + 400_000,
          governmentFunded: false,
          expectedDays: 20,
          policyId: policy.id,
          drawCommitment: commitment(secret),
          publishedAt: at(f.completed - 60),
          bidDeadline: at(f.completed - 50),
          openedAt: at(f.completed - 50),
          createdAt: at(f.completed - 61),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      // The secret the published commitment stands for, revealed when the bids were opened.
      await trx
        .insertInto("projectSecrets")
        .values({ projectId: project.id, secret, revealedAt: at(f.completed - 50) })
        .execute();
      const award = await trx
        .insertInto("awards")
        .values({
          projectId: project.id,
          agencyOrgId: f.agency.id,
          priceFen: f.price,
          status: "final",
          awardedAt: at(f.completed - 49),
          publicityEndsAt: at(f.completed - 45),
          finalizedAt: at(f.completed - 45),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const contract = await trx
        .insertInto("contracts")
        .values({
          projectId: project.id,
          awardId: award.id,
          agencyId: f.agency.id,
          ownerOrgId: owner.id,
          amountFen: f.price,
          committedDays: 20,
          signedOn: date(f.completed - 44),
          dueOn: date(f.completed - 16 - f.late),
          status: "completed",
          deliveredAt: at(f.completed - 1),
          completedAt: at(f.completed),
          lateWorkdays: f.late,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (f.late > 0)
        await trx
          .insertInto("breachEvents")
          .values({
            agencyId: f.agency.id,
            projectId: project.id,
            kind: "lateDelivery",
            details: JSON.stringify({ lateWorkdays: f.late }),
            occurredAt: at(f.completed),
          })
          .execute();
      const ownerUser = userOf("owner@demo.zjcs.cn");
      const agencyUser = users.find((u) => u.orgId === f.agency.id)!;
      if (!f.ownerStars) continue;
      await trx
        .insertInto("reviews")
        .values([
          {
            contractId: contract.id,
            direction: "ofAgency",
            reviewerOrgId: owner.id,
            reviewerUserId: ownerUser.id,
            subjectOrgId: f.agency.id,
            overall: f.ownerStars,
            ratings: JSON.stringify({ quality: f.ownerStars, timeliness: f.late ? 1 : 5, fees: 4, attitude: f.ownerStars, compliance: 4 }),
            body: f.ownerText,
            submittedAt: at(f.completed + 2),
            visibleFrom: at(f.completed + 3),
          },
          {
            contractId: contract.id,
            direction: "ofOwner",
            reviewerOrgId: f.agency.id,
            reviewerUserId: agencyUser.id,
            subjectOrgId: owner.id,
            overall: f.agencyStars,
            ratings: JSON.stringify({ clarity: 4, cooperation: f.agencyStars, payment: 4, integrity: 5 }),
            body: f.agencyText,
            submittedAt: at(f.completed + 3),
            visibleFrom: at(f.completed + 3),
          },
        ])
        .execute();
      await trx
        .insertInto("departmentRatings")
        .values({
          contractId: contract.id,
          agencyId: f.agency.id,
          regulatorOrgId: regJs.id,
          ratedBy: userOf("regulator@demo.zjcs.cn").id,
          score: f.dept,
          comment: f.dept >= 4 ? "成果完整，符合技术规范。" : "报告存在面积核对错误，已责令整改。",
          createdAt: at(f.completed + 5),
        })
        .execute();
      if (f.late > 0) {
        const complaint = await trx
          .insertInto("complaints")
          .values({
            complainantOrgId: owner.id,
            complainantUserId: ownerUser.id,
            subjectType: "agency",
            agencyId: f.agency.id,
            projectId: project.id,
            facts: "评估报告超过承诺时限 12 个工作日才提交，期间未说明原因，影响土地出让进度。",
            provisions: "服务承诺（承诺时限）；《江苏省行政审批中介服务管理办法》",
            status: "upheld",
            dueAt: at(f.completed + 10),
            decisionReason: "经核查，超期属实且无正当理由。",
            decidedBy: userOf("regulator@demo.zjcs.cn").id,
            decidedByOrg: regJs.id,
            decidedAt: at(f.completed + 8),
            createdAt: at(f.completed + 1),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("breachEvents")
          .values({
            agencyId: f.agency.id,
            projectId: project.id,
            kind: "upheldComplaint",
            details: JSON.stringify({ complaintId: complaint.id }),
            occurredAt: at(f.completed + 8),
          })
          .execute();
      }
    }
    // A warning for 华信 (not a restriction by itself), and a reciprocal blacklisting.
    const huaxin = byName("江苏华信");
    const warning = await trx
      .insertInto("sanctions")
      .values({
        type: "warning",
        subjectName: huaxin.name,
        grounds: "在服务承诺中标注的收费标准与实际报价不一致，经约谈后已整改。",
        legalBasis: "《江苏省行政审批中介服务管理办法》",
        decisionRef: "苏政务中介〔2026〕12号",
        issuedByOrgId: regJs.id,
        startsAt: at(-40),
        endsAt: at(325),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("sanctionSubjects")
      .values({ sanctionId: warning.id, creditCode: huaxin.creditCode!, relation: "subject", name: huaxin.name })
      .execute();
    const external = await trx
      .insertInto("sanctions")
      .values({
        type: "blacklist",
        subjectName: "南京某某环境技术咨询有限公司",
        grounds: "出具虚假环境影响评价文件。",
        legalBasis: "《环境影响评价法》第三十二条",
        decisionRef: "宁环罚〔2026〕7号",
        issuedByOrgId: regJs.id,
        source: "reciprocal",
        externalAuthority: "南京市生态环境局",
        startsAt: at(-100),
        endsAt: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("sanctionSubjects")
      .values({
        sanctionId: external.id,
        creditCode: demoCreditCode("320100", 990001),
        relation: "subject",
        name: "南京某某环境技术咨询有限公司",
      })
      .execute();
    await refreshCreditScores(
      trx,
      orgs.filter((o) => o.kind === "agency").map((o) => o.id),
      now,
    );
  });
}

/**
 * A rigged pattern for the regulator's risk queue: a second "agency" registered at 金陵's address with
 * its phone number bids exactly the same price as 金陵 on a cost-consulting project that 金陵 wins
 * (R028 identical prices, R044 business similarities). Then the red flags are evaluated once.
 */
async function seedOversightDemo(db: Kysely<DB>, now: Date) {
  const day = 86_400_000;
  const at = (days: number) => new Date(now.getTime() + days * day);
  const date = (days: number) => beijingDate(new Date(now.getTime() + days * day));
  await db.transaction().execute(async (trx) => {
    const jinling = await trx
      .selectFrom("organizations")
      .selectAll()
      .where("name", "=", "南京金陵工程造价咨询有限公司")
      .executeTakeFirstOrThrow();
    const owner = await trx.selectFrom("organizations").select("id").where("name", "=", "南京市江宁区交通运输局").executeTakeFirstOrThrow();
    const item = await trx.selectFrom("serviceItems").select("id").where("code", "=", "project-cost-consulting").executeTakeFirstOrThrow();
    const policy = await trx
      .selectFrom("procedurePolicies")
      .select("id")
      .where("regionCode", "is", null)
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    const shell = await trx
      .insertInto("organizations")
      .values({
        kind: "agency",
        name: "南京金陵同创工程咨询有限公司",
        creditCode: demoCreditCode("320100", 880_001),
        regionCode: "320100",
        legalRepresentative: "陈立民",
        address: jinling.address,
        contactPhone: jinling.contactPhone,
        businessScope: "工程造价咨询",
        pledgeVersion: CURRENT_PLEDGE_VERSION,
        pledgeSignedAt: at(-90),
        createdAt: at(-90),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const secret = randomBytes(32).toString("hex");
    const project = await trx
      .insertInto("projects")
      .values({
        ownerOrgId: owner.id,
        serviceItemId: item.id,
        regionCode: "320115",
        title: "江宁区淳化街道道路改造工程结算审核",
        description: "道路改造工程竣工结算审核，出具结算审核报告。",
        deliverables: "结算审核报告",
        selectionMethod: "lowestPrice",
        status: "bidding",
        priceCeilingFen: 3_000_000,
        governmentFunded: true,
        expectedDays: 20,
        policyId: policy.id,
        drawCommitment: commitment(secret),
        publishedAt: at(-40),
        bidDeadline: at(1),
        createdAt: at(-41),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Bids go in while the project is open (the database refuses late ones); then the deadline moves back.
    const bidIds: string[] = [];
    for (const agencyId of [jinling.id, shell.id]) {
      const fields = { projectId: project.id, agencyId, priceFen: 2_880_000, committedDays: 20, proposal: null };
      const b = await trx
        .insertInto("bids")
        .values({ ...fields, hash: bidHash({ ...fields, nonce: randomUUID() }), submittedAt: at(-31), updatedAt: at(-31) })
        .returning("id")
        .executeTakeFirstOrThrow();
      bidIds.push(b.id);
    }
    await trx
      .updateTable("projects")
      .set({ status: "contracted", bidDeadline: at(-30), openedAt: at(-30) })
      .where("id", "=", project.id)
      .execute();
    const award = await trx
      .insertInto("awards")
      .values({
        projectId: project.id,
        agencyOrgId: jinling.id,
        bidId: bidIds[0]!,
        priceFen: 2_880_000,
        status: "final",
        awardedAt: at(-29),
        publicityEndsAt: at(-25),
        finalizedAt: at(-25),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("contracts")
      .values({
        projectId: project.id,
        awardId: award.id,
        agencyId: jinling.id,
        ownerOrgId: owner.id,
        amountFen: 2_880_000,
        committedDays: 20,
        signedOn: date(-24),
        dueOn: date(4),
      })
      .execute();
    await trx
      .insertInto("projectSecrets")
      .values({ projectId: project.id, secret, revealedAt: at(-30) })
      .execute();
    await refreshCreditScores(trx, [shell.id], now);
  });
  await refreshFlagHits(db, now);
}

/**
 * A contract in progress that nobody has paid for yet: 新港 and 苏州中测 signed three days ago for a
 * topographic survey, so the owner can fund it (with Stripe configured) or record an offline payment,
 * and 中测 can connect a payout account and deliver.
 */
async function seedPaymentsDemo(db: Kysely<DB>, now: Date) {
  const day = 86_400_000;
  const at = (days: number) => new Date(now.getTime() + days * day);
  const date = (days: number) => beijingDate(new Date(now.getTime() + days * day));
  await db.transaction().execute(async (trx) => {
    const owner = await trx
      .selectFrom("organizations")
      .select("id")
      .where("name", "=", "南京新港开发建设有限公司")
      .executeTakeFirstOrThrow();
    const suce = await trx.selectFrom("organizations").select("id").where("name", "=", "苏州中测测绘院有限公司").executeTakeFirstOrThrow();
    const item = await trx.selectFrom("serviceItems").select("id").where("code", "=", "topographic-survey").executeTakeFirstOrThrow();
    const policy = await trx
      .selectFrom("procedurePolicies")
      .select("id")
      .where("regionCode", "is", null)
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    const secret = randomBytes(32).toString("hex");
    const price = 8_600_000;
    const project = await trx
      .insertInto("projects")
      .values({
        ownerOrgId: owner.id,
        serviceItemId: item.id,
        regionCode: "320113",
        title: "新港物流园区 1:500 地形图测绘",
        description: "物流园区约 1.2 平方公里 1:500 数字地形图测绘，含控制测量和地下管线调查。",
        deliverables: "1:500 数字地形图、控制测量成果表、技术总结",
        selectionMethod: "lowestPrice",
        status: "contracted",
        priceCeilingFen: 9_500_000,
        governmentFunded: false,
        expectedDays: 20,
        policyId: policy.id,
        drawCommitment: commitment(secret),
        publishedAt: at(-20),
        bidDeadline: at(-10),
        openedAt: at(-10),
        createdAt: at(-21),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const award = await trx
      .insertInto("awards")
      .values({
        projectId: project.id,
        agencyOrgId: suce.id,
        priceFen: price,
        status: "final",
        awardedAt: at(-9),
        publicityEndsAt: at(-4),
        finalizedAt: at(-4),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("contracts")
      .values({
        projectId: project.id,
        awardId: award.id,
        agencyId: suce.id,
        ownerOrgId: owner.id,
        amountFen: price,
        committedDays: 20,
        signedOn: date(-3),
        dueOn: date(25),
      })
      .execute();
    await trx
      .insertInto("projectSecrets")
      .values({ projectId: project.id, secret, revealedAt: at(-10) })
      .execute();
  });
}
