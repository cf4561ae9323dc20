import { beforeAll, describe, expect, it } from "vitest";
import { USCC_CHARSET, usccCheckChar } from "~/modules/identity/uscc";
import { loaderData, logInOverHttp, pdfBlob, send, sessionCookieOf, type Answer } from "./authz-matrix";
import { OPEN_REDIRECTS, PARAMS, SHORT, SQL, UNICODE, XSS, htmlEscaped, stored } from "./injection-corpus";
import { DEMO_PASSWORD, baseURL, useBrowser } from "./support";

// Hostile text typed into the forms is stored and shown as text; SQL in it changes
// nothing; cross-origin posts are refused; redirects stay on the site; uploads are never executed.

const b = useBrowser();
const PASSWORD = "injection test password 1";
const beijingDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
const stamp = Date.now().toString(36);

function creditCode(region: string): string {
  let serial = "";
  for (let i = 0; i < 7; i++) serial += USCC_CHARSET[Math.floor(Math.random() * USCC_CHARSET.length)];
  const body = `91${region}MA${serial}`;
  return body + usccCheckChar(body);
}

const must = <T>(v: T | null | undefined, what: string): T => {
  if (v == null) throw new Error(`injection fixture: ${what}`);
  return v;
};
const to = (res: Answer, re: RegExp, what: string) =>
  must(re.exec(res.location ?? "")?.[1], `${what}: ${res.status} ${res.location ?? res.text.slice(0, 400)}`);

/** A page and the values typed into fields that it shows. */
interface Shown {
  path: string;
  cookie: string | null;
  values: string[];
}

const s = {} as { regulator: string; huaxin: string; owner: string; agencyA: string; agencyB: string };
const ids = {} as {
  agencyA: string;
  agencyB: string;
  draft: string;
  project: string;
  case: string;
  sanction: string;
  inspection: string;
  completedOther: string;
};
const shown: Shown[] = [];
let agencyBName = "";
let sanctionGrounds = "";

async function setUp(base: string) {
  const post = (cookie: string | null, path: string, body: Record<string, string> | FormData) => send(base, cookie, "POST", path, body);
  s.regulator = await logInOverHttp(base, "regulator@demo.zjcs.cn", DEMO_PASSWORD);
  s.huaxin = await logInOverHttp(base, "huaxin@demo.zjcs.cn", DEMO_PASSWORD);
  const signUp = async (fields: Record<string, string>) => {
    const res = await post(null, "/signup", { userName: SHORT[0], password: PASSWORD, passwordConfirm: PASSWORD, ...fields });
    return must(sessionCookieOf(res.headers), `sign-up of ${fields.orgName}: ${res.status} ${res.text.slice(0, 300)}`);
  };

  // Sign-up: an owner, an agency with markup in every text field, an agency with SQL in them.
  const ownerName = `注入测试业主${stamp}${XSS[0]}`;
  s.owner = await signUp({
    kind: "owner",
    ownerType: "enterprise",
    orgName: ownerName,
    creditCode: creditCode("320100"),
    regionCode: "320100",
    email: `inj-owner-${stamp}@e2e.zjcs.cn`,
  });
  const a = {
    orgName: `注入测试机构A${stamp}${XSS[1]}`,
    legalRepresentative: SHORT[2],
    address: `南京市${XSS[2]}`,
    businessScope: `${XSS[3]} ${XSS[4]} ${UNICODE[0]}`,
    contactPerson: SHORT[3],
    contactPhone: "025-83001234",
    contactEmail: `inj-a-${stamp}@e2e.zjcs.cn`,
    contactPublic: "on",
  };
  s.agencyA = await signUp({
    kind: "agency",
    ...a,
    creditCode: creditCode("320100"),
    regionCode: "320100",
    pledge: "on",
    email: `inj-a-user-${stamp}@e2e.zjcs.cn`,
  });
  agencyBName = `注入测试机构B${stamp}${SQL[0]}`;
  const bFields = {
    orgName: agencyBName,
    legalRepresentative: SHORT[1],
    address: `扬州市${SQL[1]}`,
    businessScope: SQL.join(" "),
    contactPhone: "0514-87001234",
  };
  s.agencyB = await signUp({
    kind: "agency",
    ...bFields,
    creditCode: creditCode("321000"),
    regionCode: "321000",
    pledge: "on",
    email: `inj-b-${stamp}@e2e.zjcs.cn`,
  });
  ids.agencyA = (await loaderData<{ orgId: string }>(base, s.agencyA, "/agency", "agency/dashboard")).orgId;
  ids.agencyB = (await loaderData<{ orgId: string }>(base, s.agencyB, "/agency", "agency/dashboard")).orgId;

  // A's service listing: its fee basis and pledge.
  const listing = {
    serviceItemId: "26",
    feeMode: "rate",
    feeRate: "1.5",
    feeBasis: XSS[5],
    committedDays: "20",
    pledge: `${XSS[6]}${UNICODE[3]}`,
    active: "on",
  };
  const listed = await post(s.agencyA, "/agency/services/new", listing);
  if (listed.status !== 302) throw new Error(`listing: ${listed.status} ${listed.text.slice(0, 300)}`);
  shown.push({
    path: `/agencies/${ids.agencyA}`,
    cookie: null,
    values: [a.orgName, a.legalRepresentative, a.address, a.businessScope, a.contactPerson, listing.feeBasis, listing.pledge],
  });
  shown.push({
    path: `/agencies/${ids.agencyB}`,
    cookie: null,
    values: [agencyBName, bFields.legalRepresentative, bFields.address, bFields.businessScope],
  });
  shown.push({ path: "/account", cookie: s.agencyA, values: [SHORT[0], a.orgName] });

  // A draft (only its owner sees it), with an attachment whose title and file name are markup.
  const project = (title: string, description: string, deliverables: string, days: number) => ({
    intent: "save",
    title,
    serviceItemId: "26",
    regionCode: "320100",
    description,
    deliverables,
    priceCeiling: "50000",
    selectionMethod: "lowestPrice",
    bidDeadline: `${beijingDay(days)}T10:00`,
    expectedDays: "20",
  });
  const draft = project(`注入草稿${XSS[7]}`, `${XSS[8]}\n${XSS[9]}\n${XSS[10]}`, XSS[11], 2);
  ids.draft = to(await post(s.owner, "/owner/projects/new", draft), /^\/owner\/projects\/([0-9a-f-]{36})\?saved=1$/, "draft");
  const att = new FormData();
  att.set("title", XSS[12]);
  att.set("document", pdfBlob(), `"><script>alert(1)</script>.pdf`);
  const attached = await post(s.owner, `/owner/projects/${ids.draft}/attachments`, att);
  if (!/attached=1/.test(attached.location ?? "")) throw new Error(`attachment: ${attached.status} ${attached.location}`);
  shown.push({
    path: `/owner/projects/${ids.draft}`,
    cookie: s.owner,
    values: [draft.title, draft.description, draft.deliverables, XSS[12]],
  });
  shown.push({ path: `/projects/${ids.draft}`, cookie: s.owner, values: [draft.title, draft.description, draft.deliverables, XSS[12]] });

  // A published project: Q&A, a bid's proposal, a complaint.
  const pub = project(`注入项目${stamp}${XSS[13]}`, `${UNICODE.join(" ")} ${SQL[2]}`, SQL[3], 30);
  ids.project = to(await post(s.owner, "/owner/projects/new", pub), /^\/owner\/projects\/([0-9a-f-]{36})\?saved=1$/, "project");
  const published = await post(s.owner, `/owner/projects/${ids.project}`, { intent: "publish", publishKey: crypto.randomUUID() });
  if (!/published=1/.test(published.location ?? "")) throw new Error(`publish: ${published.status} ${published.text.slice(0, 400)}`);
  const question = `${XSS[14]} ${SQL[4]}`;
  const asked = await post(s.agencyA, `/projects/${ids.project}`, { intent: "ask", question });
  if (!/asked=1/.test(asked.location ?? "")) throw new Error(`question: ${asked.status} ${asked.text.slice(0, 300)}`);
  const view = await loaderData<{ view: { questions: { id: string }[] } }>(base, s.owner, `/projects/${ids.project}`, "public/project");
  const answer = XSS[15];
  const answered = await post(s.owner, `/projects/${ids.project}`, {
    intent: "answer",
    questionId: must(view.view.questions[0], "question").id,
    answer,
  });
  if (!/answered=1/.test(answered.location ?? "")) throw new Error(`answer: ${answered.status} ${answered.text.slice(0, 300)}`);
  const proposal = `${XSS[16]} ${SQL[9]}`;
  const bid = await post(s.agencyA, `/projects/${ids.project}`, { intent: "bid", price: "40000", committedDays: "20", proposal });
  if (!/bid=1/.test(bid.location ?? "")) throw new Error(`bid: ${bid.status} ${bid.text.slice(0, 300)}`);
  const complaint = {
    projectId: ids.project,
    subjectType: "project",
    agencyId: "",
    facts: `${XSS[17]} ${SQL[5]} 投诉事实：招标文件设置了排斥潜在投标人的条件。`,
    provisions: XSS[18],
  };
  const complained = await post(s.agencyA, "/complaints/new", complaint);
  if (complained.status !== 302) throw new Error(`complaint: ${complained.status} ${complained.text.slice(0, 300)}`);
  shown.push({
    path: `/projects/${ids.project}`,
    cookie: null,
    values: [pub.title, stored(pub.description), pub.deliverables, question, answer, ownerName],
  });
  shown.push({ path: `/projects/${ids.project}`, cookie: s.agencyA, values: [proposal] });
  shown.push({ path: "/account/complaints", cookie: s.agencyA, values: [complaint.facts, complaint.provisions] });
  shown.push({ path: "/complaints?status=pending", cookie: null, values: [complaint.provisions] });

  // A monitoring case about agency A with its public dialogue.
  const kase = { origin: "initiative", agencyId: ids.agencyA, title: `注入案件${XSS[19]}`, grounds: `${SQL[6]} ${XSS[0]} 立案理由` };
  ids.case = to(await post(s.regulator, "/regulator/cases/new", kase), /^\/cases\/([0-9a-f-]{36})$/, "case");
  const activated = await post(s.regulator, `/cases/${ids.case}`, { intent: "activate" });
  if (activated.status !== 302) throw new Error(`activate: ${activated.status}`);
  const m1 = XSS[1];
  const m2 = `${XSS[2]} ${UNICODE[1]}`;
  for (const [cookie, body] of [
    [s.regulator, m1],
    [s.agencyA, m2],
  ] as const) {
    const r = await post(cookie, `/cases/${ids.case}`, { intent: "message", body });
    if (!/posted=1/.test(r.location ?? "")) throw new Error(`case message: ${r.status} ${r.text.slice(0, 300)}`);
  }
  shown.push({ path: `/cases/${ids.case}`, cookie: null, values: [kase.title, kase.grounds, m1, stored(m2)] });

  // A sanction against agency B (its grounds start like a spreadsheet formula), and an inspection in 扬州.
  sanctionGrounds = `=cmd|' /C calc'!A0 ${XSS[3]}`;
  const sanction = {
    agencyId: ids.agencyB,
    type: "warning",
    grounds: sanctionGrounds,
    legalBasis: SQL[7],
    decisionRef: `注入〔2026〕${stamp}${SQL[8]}`,
    startsOn: beijingDay(),
    endsOn: "",
    affiliates: "",
  };
  ids.sanction = to(await post(s.regulator, "/regulator/sanctions/new", sanction), /^\/sanctions\/([0-9a-f-]{36})$/, "sanction");
  shown.push({
    path: `/sanctions/${ids.sanction}`,
    cookie: null,
    values: [sanction.grounds, sanction.legalBasis, sanction.decisionRef, agencyBName],
  });
  const inspection = { title: `注入抽查${XSS[4]}`, regionCode: "321000", sampleSize: "1", inspectorsPerTarget: "1" };
  ids.inspection = to(await post(s.regulator, "/regulator/inspections", inspection), /^\/inspections\/([0-9a-f-]{36})$/, "inspection");
  shown.push({ path: `/inspections/${ids.inspection}`, cookie: null, values: [inspection.title] });

  // A member's name, typed when accepting an invitation.
  const invited = await post(s.owner, "/account/members", { email: `inj-member-${stamp}@e2e.zjcs.cn`, role: "member" });
  const token = must(/\/invite\/([A-Za-z0-9]+)/.exec(invited.text)?.[1], `invitation: ${invited.status}`);
  const joined = await post(null, `/invite/${token}`, { userName: SHORT[3], password: PASSWORD, passwordConfirm: PASSWORD });
  if (joined.status !== 302) throw new Error(`invitation accepted: ${joined.status} ${joined.text.slice(0, 300)}`);
  shown.push({ path: "/account/members", cookie: s.owner, values: [SHORT[3]] });

  // A reply to a review (华信 answers the owner's review of it).
  const projects = (await send(base, null, "GET", "/open-data/bulk/projects.jsonl")).text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: string; title: string });
  ids.completedOther = must(
    projects.find((p) => p.title === "新港仓储区土地及地上建筑物价值评估"),
    "华信's project",
  ).id;
  const trust = (
    await loaderData<{ trust: { reviews: { visible: { id: string; direction: string }[] } } }>(
      base,
      null,
      `/projects/${ids.completedOther}`,
      "public/project",
    )
  ).trust;
  const reviewId = must(
    trust.reviews.visible.find((r) => r.direction === "ofAgency"),
    "华信's review",
  ).id;
  const reply = `${XSS[9]} ${SQL[10]}`;
  const replied = await post(s.huaxin, `/projects/${ids.completedOther}`, { intent: "reply", reviewId, reply });
  if (!/replied=1/.test(replied.location ?? "")) throw new Error(`reply: ${replied.status} ${replied.text.slice(0, 300)}`);
  shown.push({ path: `/projects/${ids.completedOther}`, cookie: null, values: [reply] });
}

/** Markup that must never reach the page as markup. */
const isMarkup = (v: string) => /[<>]/.test(v);

describe("injection", () => {
  beforeAll(async () => {
    await setUp(baseURL());
  }, 60_000);

  it("stores hostile text and shows it as plain text (escaped in HTML and in the page's data)", async () => {
    const problems: string[] = [];
    for (const page of shown) {
      const res = await send(baseURL(), page.cookie, "GET", page.path);
      if (res.status !== 200) {
        problems.push(`${page.path}: ${res.status}`);
        continue;
      }
      for (const typed of page.values) {
        const v = stored(typed).trim();
        if (!res.text.includes(htmlEscaped(v))) problems.push(`${page.path}: does not show ${JSON.stringify(v.slice(0, 60))} as text`);
        if (isMarkup(v) && res.text.includes(v)) problems.push(`${page.path}: ${JSON.stringify(v.slice(0, 60))} appears unescaped`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("runs none of it in a browser, even with the CSP switched off", { timeout: 90_000 }, async () => {
    const ctx = await b.context({ bypassCSP: true });
    const dialogs: string[] = [];
    const problems: string[] = [];
    const visit = async (path: string) => {
      const page = await ctx.newPage();
      page.on("dialog", (d) => {
        dialogs.push(`${path}: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(path);
      await page.waitForLoadState("load");
      await page.waitForTimeout(300);
      const found = await page.evaluate(() => {
        const w = window as unknown as { __xss?: unknown };
        const out: string[] = [];
        if (w.__xss) out.push("window.__xss was set");
        for (const el of Array.from(document.querySelectorAll("*"))) {
          const handlers = Array.from(el.attributes).filter((a) => /^on/i.test(a.name));
          if (handlers.length) out.push(`<${el.tagName.toLowerCase()} ${handlers.map((h) => h.name).join(" ")}>`);
        }
        for (const sc of Array.from(document.scripts))
          if (/^\s*(alert|window\.__xss|parent\.__xss)/.test(sc.textContent ?? "")) out.push(`a script: ${sc.textContent}`);
        for (const sel of [
          "iframe[srcdoc]",
          "a[href^='javascript:' i]",
          "meta[http-equiv='refresh' i]",
          "base[href*='evil']",
          "details[open]",
          "math",
          "svg[onload]",
        ]) {
          if (document.querySelector(sel)) out.push(`an element ${sel}`);
        }
        for (const st of Array.from(document.querySelectorAll("style")))
          if (/evil\.example/.test(st.textContent ?? "")) out.push("an injected style");
        return { out, text: document.body.innerText };
      });
      problems.push(...found.out.map((o) => `${path}: ${o}`));
      if (new URL(page.url()).origin !== new URL(baseURL()).origin) problems.push(`${path}: navigated to ${page.url()}`);
      await page.close();
      return found.text;
    };
    const profile = await visit(`/agencies/${ids.agencyA}`);
    expect(profile).toContain(`注入测试机构A${stamp}${XSS[1]}`);
    expect(profile).toContain(XSS[2]);
    const project = await visit(`/projects/${ids.project}`);
    expect(project).toContain(XSS[14]);
    expect(project).toContain(XSS[15]);
    expect(await visit(`/cases/${ids.case}`)).toContain(XSS[1]);
    expect(await visit(`/sanctions/${ids.sanction}`)).toContain(XSS[3]);
    expect(await visit(`/agencies?q=${encodeURIComponent(XSS[6])}`)).toContain("中介机构");
    await ctx.close();
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("lets SQL in text change nothing: no error, searches find only what they should", async () => {
    const base = baseURL();
    const search = async (q: string) =>
      JSON.parse((await send(base, null, "GET", `/api/agencies?q=${encodeURIComponent(q)}`)).text) as {
        total: number;
        results: { id: string }[];
      };
    // The agency whose name ends in a quote trick is found by its name, and only it.
    const byName = await search(agencyBName);
    expect(byName.results.map((r) => r.id)).toEqual([ids.agencyB]);
    const everyone = (await search("有限公司")).total;
    expect(everyone).toBeGreaterThan(3);
    for (const p of SQL) {
      const r = await send(base, null, "GET", `/api/agencies?q=${encodeURIComponent(p)}`);
      expect(r.status, p).toBe(200);
      const found = (JSON.parse(r.text) as { results: { id: string }[] }).results.map((x) => x.id);
      // Only agency B has these texts in its name or business scope.
      expect(
        found.filter((id) => id !== ids.agencyB),
        p,
      ).toEqual([]);
    }
    // The blacklist finds B's warning by its SQL-looking decision number, and the CSV disarms the formula.
    const list = await send(base, null, "GET", `/blacklist?q=${encodeURIComponent(agencyBName)}`);
    expect(list.status).toBe(200);
    const csv = await send(base, null, "GET", `/blacklist.csv?q=${encodeURIComponent(agencyBName)}`);
    expect(csv.status).toBe(200);
    const row = must(
      csv.text.split("\r\n").find((l) => l.startsWith(ids.sanction)),
      "CSV row",
    );
    // The cell starts with a quote mark, so a spreadsheet shows it as text instead of running it.
    expect(row).toContain(`'${sanctionGrounds}`);
    expect(row).not.toMatch(/(^|,)"?=cmd/);
    // Nothing was dropped: the demo and the new records are all there.
    expect((await send(base, null, "GET", "/healthz")).status).toBe(200);
    const projects = await send(base, null, "GET", "/projects");
    expect(projects.text).toContain("新港物流园二期建设项目环境影响报告书编制");
    expect(projects.text).toContain(htmlEscaped(`注入项目${stamp}${XSS[13]}`));
    expect((await search("有限公司")).total).toBe(everyone);
    expect((await send(base, s.regulator, "GET", "/regulator/audit")).status).toBe(200);
    const chain = await send(base, s.regulator, "POST", "/regulator/audit", {});
    expect(chain.status).toBe(200);
    expect(chain.text).not.toContain("brokenAt");
  });

  it("never fails on hostile query parameters and path segments", { timeout: 90_000 }, async () => {
    const base = baseURL();
    const e = encodeURIComponent;
    const asAnyone = (p: string) => [
      `/agencies?q=${e(p)}`,
      `/agencies?q=x&item=${e(p)}&region=${e(p)}&sort=${e(p)}&page=${e(p)}&feeMin=${e(p)}&verified=${e(p)}`,
      `/api/agencies?q=${e(p)}&region=${e(p)}&item=${e(p)}`,
      `/blacklist?q=${e(p)}&state=${e(p)}&page=${e(p)}`,
      `/blacklist.csv?q=${e(p)}`,
      `/complaints?status=${e(p)}&page=${e(p)}`,
      `/ocds/releases?after=${e(p)}&limit=${e(p)}`,
      `/ocds/records/${e(p)}`,
      `/stats.csv?series=${e(p)}`,
      `/login?redirectTo=${e(p)}`,
      `/projects/${e(p)}`,
      `/projects/${e(p)}/audit`,
      `/projects/${e(p)}/audit.json`,
      `/projects/${e(p)}/draw.json`,
      `/projects/${e(p)}/verify`,
      `/cases/${e(p)}`,
      `/sanctions/${e(p)}`,
      `/agencies/${e(p)}`,
      `/agencies/${e(p)}/credit`,
      `/files/${e(p)}`,
      `/inspections/${e(p)}`,
      `/invite/${e(p)}`,
      `/open-data/bulk/${e(p)}`,
    ];
    const asRegulator = (p: string) => [
      `/regulator/risk?flag=${e(p)}`,
      `/regulator/assessments?quarter=${e(p)}`,
      `/regulator/qualifications?status=${e(p)}`,
      `/regulator/dashboard.csv?series=${e(p)}`,
      `/regulator/sanctions/new?agency=${e(p)}&code=${e(p)}&complaint=${e(p)}&proposal=${e(p)}&case=${e(p)}&type=${e(p)}`,
      `/regulator/cases/new?origin=${e(p)}&flag=${e(p)}&complaint=${e(p)}&project=${e(p)}&agency=${e(p)}&owner=${e(p)}`,
      `/complaints/new?project=${e(p)}&agency=${e(p)}`,
    ];
    const asOwner = (p: string) => [`/owner/projects/${e(p)}`, `/owner/projects/${e(p)}/pay`, `/owner/projects/${e(p)}/attachments`];
    const asAgency = (p: string) => [`/agency/services/${e(p)}`, `/agency/payouts?return=${e(p)}`];
    const problems: string[] = [];
    const check = async (cookie: string | null, method: "GET" | "POST", path: string, body?: Record<string, string>) => {
      const r = await send(base, cookie, method, path, body);
      if (r.status >= 500) problems.push(`${method} ${path.slice(0, 160)}: ${r.status}`);
      // Markup matters in a page; a CSV or JSON answer carries stored text as data (with nosniff, never rendered).
      const html = (r.headers.get("content-type") ?? "").includes("text/html");
      if (html && /<script>alert\(1\)<\/script>|<img src=x onerror=alert\(1\)>/.test(r.text))
        problems.push(`${method} ${path.slice(0, 160)}: reflects markup`);
      if (!html && r.status < 300 && r.headers.get("x-content-type-options") !== "nosniff")
        problems.push(`${method} ${path.slice(0, 160)}: ${r.headers.get("content-type")} without nosniff`);
    };
    for (const p of PARAMS) {
      const gets: [string | null, string][] = [
        ...asAnyone(p).map((u) => [null, u] as [null, string]),
        ...asRegulator(p).map((u) => [s.regulator, u] as [string, string]),
        ...asOwner(p).map((u) => [s.owner, u] as [string, string]),
        ...asAgency(p).map((u) => [s.agencyA, u] as [string, string]),
      ];
      for (let i = 0; i < gets.length; i += 6) await Promise.all(gets.slice(i, i + 6).map(([c, u]) => check(c, "GET", u)));
      // Actions on hostile ids: refused, never a crash.
      await Promise.all([
        ...["ask", "withdraw", "deliver", "abandon", "object", "bid"].map((intent) =>
          check(s.agencyA, "POST", `/projects/${e(p)}`, {
            intent,
            question: "问题内容",
            note: "说明",
            grounds: "足够长的异议理由内容",
            price: "1",
            committedDays: "1",
          }),
        ),
        ...["sign", "accept", "return", "complete", "terminate", "copy", "fund", "milestones", "offline"].map((intent) =>
          check(s.owner, "POST", `/projects/${e(p)}`, {
            intent,
            signedOn: "2026-01-01",
            reason: "足够长的理由",
            amount: "1",
            paidOn: "2026-01-01",
            reference: "ref",
            milestones: "",
          }),
        ),
        ...["activate", "drop", "message", "conclude", "finish"].map((intent) =>
          check(s.regulator, "POST", `/cases/${e(p)}`, { intent, body: "消息", finding: "none", conclusion: "足够长的结论内容" }),
        ),
        check(s.regulator, "POST", `/inspections/${e(p)}`, { intent: "draw" }),
        check(s.regulator, "POST", `/sanctions/${e(p)}`, { reason: "解除理由" }),
        check(s.regulator, "POST", "/regulator/qualifications", { id: p, decision: "verify" }),
        check(s.regulator, "POST", "/regulator/complaints", { id: p, decision: "dismiss", reason: "理由" }),
        check(s.owner, "POST", `/owner/projects/${e(p)}`, { intent: "publish", publishKey: p }),
        check(s.owner, "POST", `/owner/projects/${e(p)}`, { intent: "cancel", reason: "理由理由" }),
        check(s.agencyA, "POST", `/agency/services/${e(p)}`, { serviceItemId: p }),
        check(null, "POST", `/invite/${e(p)}`, { userName: "名字", password: PASSWORD, passwordConfirm: PASSWORD }),
      ]);
    }
    expect(problems).toEqual([]);
  });

  it("refuses cross-origin posts, whatever the form", async () => {
    const base = baseURL();
    const attempts: [string | null, string, Record<string, string>][] = [
      [null, "/login", { email: "owner@demo.zjcs.cn", password: DEMO_PASSWORD }],
      [s.owner, "/account/members", { email: `csrf-${stamp}@e2e.zjcs.cn`, role: "admin" }],
      [s.owner, `/owner/projects/${ids.draft}`, { intent: "publish", publishKey: crypto.randomUUID() }],
      [s.agencyA, `/projects/${ids.project}`, { intent: "withdraw" }],
      [s.regulator, `/sanctions/${ids.sanction}`, { reason: "跨站解除" }],
      [s.owner, "/logout", {}],
      [s.owner, "/lang", { locale: "en" }],
    ];
    const variants: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: base, "sec-fetch-site": "cross-site" },
      { origin: base, "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "none" },
      { origin: base.replace("localhost", "127.0.0.1") },
      { origin: `${base}.evil.example` },
      { referer: `${base}/` },
    ];
    for (const [cookie, path, body] of attempts) {
      for (const headers of variants) {
        const r = await send(base, cookie, "POST", path, body, {
          ...headers,
          ...(headers.origin || headers["sec-fetch-site"] ? {} : { "sec-fetch-site": "" }),
        });
        expect(r.status, `${path} with ${JSON.stringify(headers)}`).toBe(403);
        expect(r.headers.get("set-cookie"), path).toBeNull();
      }
    }
    // Nothing happened: no invitation, the bid stands, the warning is in force, the session lives.
    expect((await send(base, s.owner, "GET", "/account/members")).text).not.toContain(`csrf-${stamp}`);
    expect((await send(base, s.agencyA, "GET", `/projects/${ids.project}`)).text).not.toContain("withdrawn=1");
    expect((await send(base, null, "GET", `/sanctions/${ids.sanction}`)).text).not.toContain("跨站解除");
    expect((await send(base, s.owner, "GET", "/account")).status).toBe(200);
    // The same request from the site itself goes through.
    expect((await send(base, s.owner, "POST", "/lang", { locale: "zh-CN", redirectTo: "/" })).status).toBe(302);
  });

  it("never redirects off the site", async () => {
    const base = baseURL();
    const site = new URL(base).origin;
    const signedIn = await logInOverHttp(base, "agency@demo.zjcs.cn", DEMO_PASSWORD);
    const problems: string[] = [];
    const onSite = (label: string, r: Answer) => {
      if (r.status >= 500) return problems.push(`${label}: ${r.status}`);
      if (r.status < 300 || r.status >= 400) return;
      const loc = r.location ?? "";
      // Browsers read "\" as "/" and strip tabs and new lines before resolving a Location.
      const resolved = new URL(loc.replace(/\\/g, "/").replace(/[\t\r\n]/g, ""), base);
      if (resolved.origin !== site || !/^https?:$/.test(resolved.protocol) || !loc.startsWith("/") || loc.startsWith("//"))
        problems.push(`${label}: Location ${JSON.stringify(loc)}`);
      if (/[^\x21-\x7e]/.test(loc)) problems.push(`${label}: Location has raw characters ${JSON.stringify(loc)}`);
    };
    for (const target of OPEN_REDIRECTS) {
      onSite(`GET /login?redirectTo=${target}`, await send(base, signedIn, "GET", `/login?redirectTo=${encodeURIComponent(target)}`));
      onSite(`POST /lang ${target}`, await send(base, null, "POST", "/lang", { locale: "zh-CN", redirectTo: target }));
    }
    // The log-in form itself, with a real password (a few: each log-in is a session).
    for (const target of ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "/项目?x=1"]) {
      const r = await send(base, null, "POST", "/login", { email: "agency@demo.zjcs.cn", password: DEMO_PASSWORD, redirectTo: target });
      expect(r.status, target).toBe(302);
      onSite(`POST /login ${target}`, r);
    }
    // A page that needs a session sends to the log-in page with a path of this site only.
    const guarded = await send(base, null, "GET", "/account/members?x=%E9%A1%B9%0D%0A");
    expect(guarded.location).toBe(`/login?redirectTo=${encodeURIComponent("/account/members?x=%E9%A1%B9%0D%0A")}`);
    expect(problems).toEqual([]);
  });

  it("serves uploads with safe types and never as a page; refuses HTML and SVG", async () => {
    const base = baseURL();
    const upload = async (bytes: BlobPart, name: string, type: string) => {
      const form = new FormData();
      form.set("title", `上传 ${name}`);
      form.set("document", new Blob([bytes], { type }), name);
      return send(base, s.owner, "POST", `/owner/projects/${ids.draft}/attachments`, form);
    };
    // HTML, SVG and a script are refused by their bytes, whatever they are called.
    for (const [bytes, name, type] of [
      ["<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "page.html", "text/html"],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>', "image.svg", "image/svg+xml"],
      ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "scan.pdf", "application/pdf"],
      ["<html><script>alert(1)</script></html>", "scan.png", "image/png"],
      ["alert(1)", "x.js", "application/javascript"],
    ] as const) {
      const r = await upload(bytes, name, type);
      expect(r.location, name).toMatch(/attachmentError=errors\.file\.type$/);
    }
    // A PDF-looking file with HTML inside is stored as a PDF and served so that nothing runs.
    const r = await upload(
      `%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF`,
      `"><img src=x onerror=alert(1)>.html`,
      "text/html",
    );
    expect(r.location ?? `no redirect: ${r.status} ${r.text.slice(0, 300)}`).toMatch(/attached=1$/);
    const atts = (
      await loaderData<{ attachments: { fileId: string; title: string; mime: string }[] }>(
        base,
        s.owner,
        `/owner/projects/${ids.draft}`,
        "owner/project-edit",
      )
    ).attachments;
    const file = must(
      atts.find((a) => a.title.endsWith(".html")),
      "the uploaded file",
    );
    expect(file.mime).toBe("application/pdf");
    const served = await fetch(`${base}/files/${file.fileId}`, { headers: { cookie: s.owner } });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toMatch(/sandbox/);
    expect(served.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    const disposition = served.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^(inline|attachment); filename="document\.pdf"; filename\*=UTF-8''/);
    expect(disposition).not.toMatch(/[<>"]\w*[^;]*onerror|\r|\n/);
    expect(served.headers.get("cache-control")).toContain("no-store");
    expect((await served.text()).startsWith("%PDF-")).toBe(true);
    // Nobody else gets it.
    expect((await fetch(`${base}/files/${file.fileId}`)).status).toBe(404);
  });
});
