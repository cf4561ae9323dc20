import fs from "node:fs";
import path from "node:path";
import type { RouteConfigEntry } from "@remix-run/route-config";
import { beforeAll, describe, expect, it } from "vitest";
import { USCC_CHARSET, usccCheckChar } from "~/modules/identity/uscc";
import routes from "~/routes";
import {
  ACTORS,
  MATRIX,
  draftBody,
  loaderData,
  logInOverHttp,
  pdfBlob,
  send,
  sessionCookieOf,
  type Actor,
  type Answer,
  type Expect,
  type Fixtures,
  type Row,
} from "./authz-matrix";
import { DEMO_PASSWORD, baseURL } from "./support";

// Every cell of the authorization matrix (authz-matrix.ts), checked over HTTP.

const DEMO_LOGINS: Partial<Record<Actor, string>> = {
  siteAdmin: "admin@demo.zjcs.cn",
  agencyMember: "agency-staff@demo.zjcs.cn",
  agencyAdmin: "agency@demo.zjcs.cn",
  ownerAdmin: "owner@demo.zjcs.cn",
  regulatorOther: "nj-env@demo.zjcs.cn",
  regulatorRight: "regulator@demo.zjcs.cn",
};
const TEST_PASSWORD = "authz matrix password 1";

function flatten(entries: RouteConfigEntry[]): RouteConfigEntry[] {
  return entries.flatMap((e) => [e, ...flatten(e.children ?? [])]);
}
const ROUTES = flatten(routes as RouteConfigEntry[]).map((r) => ({ key: r.index ? "" : (r.path ?? ""), file: r.file }));

/** The intents an action tells apart, read from its source (`case "x":`, `intent === "x"`). */
function intentsOf(file: string): string[] {
  const src = fs.readFileSync(path.resolve("app", file), "utf8");
  const action = src.slice(src.search(/export (async )?function action\b/));
  if (!/\bintent\b/.test(action)) return [];
  const found = new Set<string>();
  for (const m of action.matchAll(/case "([A-Za-z]+)":/g)) found.add(m[1]!);
  for (const m of action.matchAll(/intent"?\)?\s*===\s*"([A-Za-z]+)"/g)) found.add(m[1]!);
  return [...found];
}
const hasAction = (file: string) => /export (async )?function action\b/.test(fs.readFileSync(path.resolve("app", file), "utf8"));

/** What a response amounts to, in the matrix's words. */
function outcomeOf(row: Row, res: Answer): string {
  if (res.status >= 300 && res.status < 400) {
    const to = res.location ?? "";
    return /^(https?:\/\/[^/]+)?\/login(\?|$)/.test(to) ? "login" : "redirect";
  }
  if (res.status >= 200 && res.status < 300) return row.method === "POST" && res.text.includes("fieldErrors") ? "invalid" : "ok";
  if (res.status === 403) return "forbidden";
  if (res.status === 404) return "notFound";
  if (res.status === 405) return "methodNotAllowed";
  if ([400, 409, 413, 422].includes(res.status)) return "invalid";
  return `HTTP ${res.status}`;
}

function matches(expected: Expect, got: string, res: Answer): boolean {
  if (typeof expected === "string") return expected === got;
  return got === "redirect" && expected.redirect.test(res.location ?? "");
}

const show = (e: Expect) => (typeof e === "string" ? e : `redirect ${e.redirect}`);
const beijingDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);

function previousQuarter(): string {
  const [y, m] = beijingDay().split("-").map(Number) as [number, number];
  const q = Math.ceil(m / 3);
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

function newCreditCode(region: string): string {
  let serial = "";
  for (let i = 0; i < 7; i++) serial += USCC_CHARSET[Math.floor(Math.random() * USCC_CHARSET.length)];
  const body = `91${region}MA${serial}`;
  return body + usccCheckChar(body);
}

const sessions = {} as Record<Actor, string | null>;
const emails = { ...DEMO_LOGINS } as Partial<Record<Actor, string>>;
let fx: Fixtures;

const must = <T>(v: T | null | undefined, what: string): T => {
  if (v == null) throw new Error(`fixture: ${what} not found`);
  return v;
};
const idFrom = (res: Answer, re: RegExp, what: string) =>
  must(re.exec(res.location ?? "")?.[1], `${what} (got ${res.status} ${res.location ?? res.text.slice(0, 300)})`);

async function makeFixtures(base: string): Promise<Fixtures> {
  const stamp = Date.now().toString(36);
  const get = (cookie: string | null, p: string) => send(base, cookie, "GET", p);
  const post = (cookie: string | null, p: string, body: Record<string, string> | FormData) => send(base, cookie, "POST", p, body);

  // The demo's records, found where anyone finds them.
  const projects = (await (await get(null, "/open-data/bulk/projects.jsonl")).text.trim().split("\n")).map(
    (l) => JSON.parse(l) as { id: string; title: string },
  );
  const project = (title: string) =>
    must(
      projects.find((p) => p.title === title),
      title,
    ).id;
  const agency = async (q: string) =>
    must(
      (JSON.parse((await get(null, `/api/agencies?q=${encodeURIComponent(q)}`)).text) as { results: { id: string }[] }).results[0]?.id,
      q,
    );
  const items = (await loaderData<{ items: { id: number; code: string }[] }>(base, null, "/services", "public/services")).items;
  const item = (code: string) =>
    must(
      items.find((i) => i.code === code),
      code,
    ).id;
  const completedOther = project("新港仓储区土地及地上建筑物价值评估");
  const trust = (
    await loaderData<{ trust: { reviews: { visible: { id: string; direction: string }[] } } }>(
      base,
      null,
      `/projects/${completedOther}`,
      "public/project",
    )
  ).trust;
  const complaints = (
    await loaderData<{ rows: { id: string; agencyName: string | null }[] }>(base, null, "/complaints?status=upheld", "public/complaints")
  ).rows;
  const drawProject = project("新港码头配套办公楼环境影响报告表编制");

  // An owner member: 新港's administrator invites one, who accepts over HTTP.
  const invite = async (email: string) => {
    const res = await post(sessions.ownerAdmin, "/account/members", { email, role: "member" });
    return must(/\/invite\/([A-Za-z0-9]+)/.exec(res.text)?.[1], `invitation for ${email} (${res.status})`);
  };
  emails.ownerMember = `authz-owner-member-${stamp}@e2e.zjcs.cn`;
  const accepted = await post(null, `/invite/${await invite(emails.ownerMember)}`, {
    userName: "矩阵成员",
    password: TEST_PASSWORD,
    passwordConfirm: TEST_PASSWORD,
  });
  sessions.ownerMember = must(sessionCookieOf(accepted.headers), `owner member's session (${accepted.status})`);
  const invitationToken = await invite(`authz-pending-${stamp}@e2e.zjcs.cn`);

  // The test's own agency, alone in 盐城.
  const signedUp = await post(null, "/signup", {
    kind: "agency",
    orgName: `盐城授权矩阵测试咨询有限公司${stamp}`,
    creditCode: newCreditCode("320900"),
    regionCode: "320900",
    legalRepresentative: "矩阵法人",
    address: "盐城市亭湖区矩阵路 1 号",
    businessScope: "环境影响评价文件编制",
    contactPhone: "0515-88001234",
    pledge: "on",
    userName: "矩阵机构",
    email: `authz-agency-${stamp}@e2e.zjcs.cn`,
    password: TEST_PASSWORD,
    passwordConfirm: TEST_PASSWORD,
  });
  const agencySession = must(
    sessionCookieOf(signedUp.headers),
    `test agency's session (${signedUp.status} ${signedUp.text.slice(0, 200)})`,
  );
  const eia = item("eia-report");

  // 新港's draft, with two attachments.
  const draft = idFrom(
    await post(sessions.ownerAdmin, "/owner/projects/new", draftBody(`授权矩阵测试草稿 ${stamp}`, item("topographic-survey"))),
    /^\/owner\/projects\/([0-9a-f-]{36})\?saved=1$/,
    "draft",
  );
  for (const confidential of [true, false]) {
    const form = new FormData();
    form.set("title", confidential ? "保密附件" : "普通附件");
    if (confidential) form.set("confidential", "on");
    form.set("document", pdfBlob(), "matrix.pdf");
    const res = await post(sessions.ownerAdmin, `/owner/projects/${draft}/attachments`, form);
    if (!/attached=1/.test(res.location ?? "")) throw new Error(`attachment: ${res.status} ${res.location}`);
  }
  const attachments = (
    await loaderData<{ attachments: { fileId: string; confidential: boolean }[] }>(
      base,
      sessions.ownerAdmin,
      `/owner/projects/${draft}`,
      "owner/project-edit",
    )
  ).attachments;

  // The test agency's certificate (pending, for the province to review), with its scan.
  const cert = new FormData();
  for (const [k, v] of Object.entries({
    serviceItemId: String(eia),
    qualType: "环境影响评价资质",
    certificateNo: `JZ-${stamp}`,
    issuer: "授权矩阵发证机关",
    validFrom: beijingDay(-10),
    validTo: beijingDay(700),
  }))
    cert.set(k, v);
  cert.set("document", pdfBlob(), "certificate.pdf");
  const certified = await post(agencySession, "/agency/qualifications/new", cert);
  if (certified.status !== 302) throw new Error(`certificate: ${certified.status} ${certified.text.slice(0, 300)}`);
  const dashboard = await loaderData<{ orgId: string; qualifications: { id: string; documentFileId: string | null }[] }>(
    base,
    agencySession,
    "/agency",
    "agency/dashboard",
  );
  const testAgency = dashboard.orgId;
  const qualification = must(dashboard.qualifications[0], "certificate");

  // The province's warning against the test agency, and the agency's application to lift it.
  const warned = await post(sessions.regulatorRight, "/regulator/sanctions/new", {
    agencyId: testAgency,
    type: "warning",
    grounds: "授权矩阵：测试用警示。",
    legalBasis: "授权矩阵",
    decisionRef: `矩阵〔2026〕${stamp}号`,
    startsOn: beijingDay(),
    endsOn: "",
    affiliates: "",
  });
  const sanction = idFrom(warned, /^\/sanctions\/([0-9a-f-]{36})$/, "sanction");
  const applied = await post(agencySession, "/agency/credit", {
    kind: "liftSanction",
    targetId: sanction,
    grounds: "授权矩阵：已经整改完毕，申请提前解除。",
  });
  if (applied.status !== 302) throw new Error(`application: ${applied.status} ${applied.text.slice(0, 300)}`);
  const applications = (
    await loaderData<{ rows: { id: string; agencyId: string }[] }>(
      base,
      sessions.regulatorRight,
      "/regulator/applications",
      "regulator/applications",
    )
  ).rows;

  // A draft case of the province's, and an inspection it plans in 盐城.
  const opened = await post(sessions.regulatorRight, "/regulator/cases/new", {
    origin: "initiative",
    projectId: project("新港物流园区 1:500 地形图测绘"),
    title: `授权矩阵案件 ${stamp}`,
    grounds: "授权矩阵：检查谁能看到和处理草稿案件。",
  });
  const planned = await post(sessions.regulatorRight, "/regulator/inspections", {
    title: `授权矩阵抽查 ${stamp}`,
    regionCode: "320900",
    sampleSize: "1",
    inspectorsPerTarget: "1",
  });

  return {
    biddingProject: project("新港物流园二期建设项目环境影响报告书编制"),
    otherOwnerBidding: project("江宁区 S337 省道改扩建工程 1:500 地形图测绘"),
    contractProject: project("新港物流园区 1:500 地形图测绘"),
    otherOwnerContract: project("江宁区淳化街道道路改造工程结算审核"),
    completedProject: project("新港综合服务中心水土保持方案编制"),
    completedOther,
    otherAgencyReview: must(
      trust.reviews.visible.find((r) => r.direction === "ofAgency"),
      "华信's review",
    ).id,
    drawProject,
    ownAgency: await agency("江苏环科环境工程咨询"),
    otherAgency: await agency("南京金陵工程造价咨询"),
    demoComplaint: must(
      complaints.find((c) => c.agencyName?.startsWith("江苏华信")),
      "华信's complaint",
    ).id,
    ownListedItem: eia,
    surveyItem: item("topographic-survey"),
    testAgency,
    draft,
    confidentialFile: must(
      attachments.find((a) => a.confidential),
      "confidential attachment",
    ).fileId,
    draftFile: must(
      attachments.find((a) => !a.confidential),
      "attachment",
    ).fileId,
    qualification: qualification.id,
    scanFile: must(qualification.documentFileId, "scan"),
    sanction,
    application: must(
      applications.find((a) => a.agencyId === testAgency),
      "application",
    ).id,
    case: idFrom(opened, /^\/cases\/([0-9a-f-]{36})$/, "case"),
    inspection: idFrom(planned, /^\/inspections\/([0-9a-f-]{36})$/, "inspection"),
    invitationToken,
    quarter: previousQuarter(),
    stamp,
  };
}

describe("authorization matrix", () => {
  it("names every route of app/routes.ts, both methods, and every intent of its action", () => {
    const problems: string[] = [];
    const inTable = new Set(MATRIX.map((r) => r.route));
    for (const r of ROUTES) {
      for (const method of ["GET", "POST"] as const)
        if (!MATRIX.some((x) => x.route === r.key && x.method === method)) problems.push(`${method} ${r.key || "(index)"}: no row`);
      const posts = MATRIX.filter((x) => x.route === r.key && x.method === "POST");
      const refusedAsMethod = posts.every((x) => ACTORS.every((a) => x.expect[a] === "methodNotAllowed"));
      if (hasAction(r.file) === refusedAsMethod)
        problems.push(`POST ${r.key || "(index)"}: ${hasAction(r.file) ? "has an action" : "has no action"}, the table says otherwise`);
      for (const i of intentsOf(r.file)) if (!posts.some((x) => x.intent === i)) problems.push(`POST ${r.key} intent ${i}: no row`);
    }
    for (const key of inTable) if (!ROUTES.some((r) => r.key === key)) problems.push(`${key}: in the table but not in app/routes.ts`);
    expect(problems).toEqual([]);
    expect(ROUTES.length).toBeGreaterThan(60);
  });

  describe("over HTTP", () => {
    beforeAll(async () => {
      const base = baseURL();
      sessions.anonymous = null;
      // One after the other: log-ins from one address at once count against its throttle.
      for (const [actor, email] of Object.entries(DEMO_LOGINS)) sessions[actor as Actor] = await logInOverHttp(base, email, DEMO_PASSWORD);
      fx = await makeFixtures(base);
    }, 60_000);

    it("answers every cell as the table says", { timeout: 120_000 }, async () => {
      const base = baseURL();
      const wrong: string[] = [];
      let requests = 0;
      const slow: [number, string][] = [];
      const runCell = async (row: Row, actor: Actor) => {
        const cookie =
          row.freshSession && actor !== "anonymous"
            ? await logInOverHttp(base, emails[actor]!, actor === "ownerMember" ? TEST_PASSWORD : DEMO_PASSWORD)
            : sessions[actor];
        const p = row.path(fx, actor);
        const started = Date.now();
        const res = await send(base, cookie, row.method, p, row.body?.(fx, actor));
        slow.push([Date.now() - started, `${row.method} ${row.route} ${row.intent ?? ""} ${actor}`]);
        requests++;
        const got = outcomeOf(row, res);
        const expected = row.expect[actor];
        if (!matches(expected, got, res)) {
          wrong.push(
            `${row.method} ${p}${row.intent ? ` [${row.intent}]` : ""} (${row.what}) as ${actor}: expected ${show(expected)}, got ${got} (${res.status}${res.location ? ` → ${res.location}` : ""})`,
          );
        }
      };
      // The cells of a row that are refused run together; those that act run after them, in ACTORS order
      // (so every refusal sees the state before the change).
      const acts = (row: Row, a: Actor) =>
        row.method === "POST" && ["ok", "redirect"].includes(typeof row.expect[a] === "string" ? (row.expect[a] as string) : "redirect");
      const runRow = async (row: Row) => {
        await Promise.all(ACTORS.filter((a) => !acts(row, a)).map((a) => runCell(row, a)));
        for (const a of ACTORS.filter((x) => acts(row, x))) await runCell(row, a);
      };
      // Rows where nothing acts (reads, refusals) run a few at a time; a row that changes something runs
      // alone, in the table's order.
      const pure = (row: Row) => !row.freshSession && ACTORS.every((a) => !acts(row, a));
      for (let i = 0; i < MATRIX.length;) {
        const batch: Row[] = [MATRIX[i++]!];
        while (pure(batch[0]!) && i < MATRIX.length && pure(MATRIX[i]!) && batch.length < 4) batch.push(MATRIX[i++]!);
        await Promise.all(batch.map(runRow));
      }
      if (process.env.AUTHZ_TIMING)
        console.log(
          slow
            .sort((a, b) => b[0] - a[0])
            .slice(0, 25)
            .map(([ms, what]) => `${ms} ms ${what}`)
            .join("\n"),
        );
      expect(wrong).toEqual([]);
      expect(requests).toBe(MATRIX.length * ACTORS.length);
    });
  });
});
