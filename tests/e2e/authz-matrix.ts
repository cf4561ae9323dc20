/**
 * The authorization matrix, written down once: for every route of app/routes.ts, each
 * method and — where an action has intents with different rules — each intent, what each kind of user
 * gets. authz-matrix.e2e.ts checks every cell over HTTP against the running app, and fails when a route
 * of app/routes.ts (or an intent of its action) is missing here.
 *
 * The actors (demo logins, see db/seed/demo.ts):
 *   anonymous       no session
 *   agencyMember    agency-staff@  江苏环科 (member)          agencyAdmin    agency@     江苏环科 (admin)
 *   ownerMember     invited into 南京新港 by the test         ownerAdmin     owner@      南京新港 (admin)
 *   regulatorOther  nj-env@  南京市生态环境局: Nanjing, environmental items only — the wrong office for
 *                   every matter used here (surveys, appraisals, a region it does not cover)
 *   regulatorRight  regulator@  the province's office: every item, every region
 *   siteAdmin       admin@  the platform's administrator (no organisation)
 *
 * Targets are the demo's records (found over HTTP) and records the test makes first (the fixtures). "Other
 * organisations' ids" (IDOR) are rows of their own: another owner's project, another agency's contract,
 * scan or sanction, a case or an inspection of another office — the app answers 404 (or 403 where the
 * thing itself is public and only the act is refused).
 *
 * POST cells never change the demo's records: a cell that is allowed either acts on a fixture of the
 * test's own, or is refused after the permission check for a reason of content or state ("invalid").
 * Cells of one row run in the order of ACTORS, rows in the order of the table (a case is dropped before
 * the other moves on it are tried, an application is decided before its sanction is lifted).
 */

export const ACTORS = [
  "anonymous",
  "siteAdmin",
  "agencyMember",
  "agencyAdmin",
  "ownerMember",
  "ownerAdmin",
  "regulatorOther",
  "regulatorRight",
] as const;
export type Actor = (typeof ACTORS)[number];

/**
 * ok                2xx (a page, a file, JSON; for a POST an answer that is not a form error)
 * redirect          3xx anywhere but the log-in page (for a POST: done, or the next step of a flow)
 * login             3xx to /login?redirectTo=… (a page that needs a session, asked without one)
 * forbidden         403
 * notFound          404 — also another organisation's record, which does not exist for the asker
 * invalid           allowed, but refused on content or state, nothing changed: 400, 409, 413, 422, or the
 *                   form shown again with its field errors
 * methodNotAllowed  405 (the route has no action, or is POST-only)
 */
export type Outcome = "ok" | "redirect" | "login" | "forbidden" | "notFound" | "invalid" | "methodNotAllowed";
export type Expect = Outcome | { redirect: RegExp };
export type Cells = Record<Actor, Expect>;

/** The records the rows point at: the demo's (found over HTTP) and the test's own (made in beforeAll). */
export interface Fixtures {
  /** 新港物流园二期…环境影响报告书编制: 新港's, open for bids. */
  biddingProject: string;
  /** 江宁区 S337…地形图测绘: 江宁's (another owner), open for bids, a survey in 江宁. */
  otherOwnerBidding: string;
  /** 新港物流园区 1:500 地形图测绘: 新港 × 苏州中测, signed (the payments demo). */
  contractProject: string;
  /** 江宁区淳化街道…结算审核: 江宁 × 南京金陵, signed. */
  otherOwnerContract: string;
  /** 新港综合服务中心水土保持方案编制: 新港 × 江苏环科, completed, both reviews in. */
  completedProject: string;
  /** 新港仓储区…价值评估: 新港 × 江苏华信, completed; its review of 华信 is `otherAgencyReview`. */
  completedOther: string;
  otherAgencyReview: string;
  /** A project whose draw is revealed (draw.json, verify). */
  drawProject: string;
  /** 江苏环科 (the agency actors' own) and 南京金陵 (another agency). */
  ownAgency: string;
  otherAgency: string;
  /** 华信's upheld complaint (an appraisal, decided by the province). */
  demoComplaint: string;
  /** An item 江苏环科 lists (its listing page), and the topographic survey item (the drafts'). */
  ownListedItem: number;
  surveyItem: number;
  /** An agency signed up by the test in 盐城 (320900), where no other agency is. */
  testAgency: string;
  /** A draft of 新港's made by the test, with a confidential and a plain attachment (both private while a draft). */
  draft: string;
  confidentialFile: string;
  draftFile: string;
  /** The test agency's pending certificate (an environmental item) and its scan. */
  qualification: string;
  scanFile: string;
  /** A warning the province issued against the test agency, and the agency's application to lift it. */
  sanction: string;
  application: string;
  /** A draft monitoring case of the province's about `contractProject` (parties: 新港, 苏州中测). */
  case: string;
  /** A random inspection the province planned in 盐城 (one target: the test agency). */
  inspection: string;
  /** An open invitation into 新港. */
  invitationToken: string;
  /** The last finished quarter, e.g. 2026-Q3. */
  quarter: string;
  /** A per-run suffix for unique names and e-mails. */
  stamp: string;
}

export type Body = Record<string, string> | FormData;

export interface Row {
  /** The path exactly as app/routes.ts writes it ("" for the index route, "*" for the catch-all). */
  route: string;
  method: "GET" | "POST";
  intent?: string;
  /** What is tried, in words. */
  what: string;
  path: (f: Fixtures, actor: Actor) => string;
  body?: (f: Fixtures, actor: Actor) => Body;
  /** Each actor logs in afresh for this row (log-out would end the sessions the other rows use). */
  freshSession?: boolean;
  expect: Cells;
}

/** Every actor gets `base`, except those named. */
export function cells(base: Expect, except: Partial<Cells> = {}): Cells {
  return Object.fromEntries(ACTORS.map((a) => [a, except[a] ?? base])) as Cells;
}
const everyone = (x: Expect) => cells(x);
const signedIn = (x: Expect, except: Partial<Cells> = {}) => cells(x, { anonymous: "login", ...except });
/** Members of an organisation (any kind); the site administrator has none. */
const orgMembers = (x: Expect, except: Partial<Cells> = {}) => cells(x, { anonymous: "login", siteAdmin: "forbidden", ...except });
const agencies = (x: Expect) => cells("forbidden", { anonymous: "login", agencyMember: x, agencyAdmin: x });
const owners = (x: Expect) => cells("forbidden", { anonymous: "login", ownerMember: x, ownerAdmin: x });
const regulators = (x: Expect, except: Partial<Cells> = {}) =>
  cells("forbidden", { anonymous: "login", regulatorOther: x, regulatorRight: x, ...except });
/** The province decides; the Nanjing environment bureau is not competent; nobody else is a regulator. */
const rightRegulator = (x: Expect, other: Expect = "forbidden") => regulators(x, { regulatorOther: other });

const NIL = "00000000-0000-4000-8000-000000000000";
const beijingDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A valid draft of the project form (a survey in 栖霞区). Its deadline is yesterday, too soon to publish
 * under any policy — tomorrow was not: the fuzz suite, sharing the database, may leave a policy of 0 days.
 */
export function draftBody(title: string, itemId: number): Record<string, string> {
  return {
    intent: "save",
    title,
    serviceItemId: String(itemId),
    regionCode: "320113",
    description: "授权矩阵测试用的草稿项目，用于检查谁能看到和修改它。",
    deliverables: "测试成果",
    priceCeiling: "50000",
    selectionMethod: "lowestPrice",
    bidDeadline: `${beijingDay(-1)}T10:00`,
    expectedDays: "20",
  };
}

/** The smallest PDF-typed file (typed by its first bytes). */
export function pdfBlob(extra = ""): Blob {
  return new Blob([`%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\n${extra}\ntrailer <<>>\n%%EOF\n`], { type: "application/pdf" });
}

function attachment(f: Fixtures, confidential: boolean): FormData {
  const form = new FormData();
  form.set("title", `授权矩阵附件 ${f.stamp}`);
  if (confidential) form.set("confidential", "on");
  form.set("document", pdfBlob(), "matrix.pdf");
  return form;
}

// Bodies of the project page's intents: valid for their schema, so that the permission check is reached.
const reviewFields = {
  overall: "4",
  quality: "4",
  timeliness: "4",
  fees: "4",
  attitude: "4",
  compliance: "4",
  clarity: "4",
  cooperation: "4",
  payment: "4",
  integrity: "4",
  body: "",
};
const intent =
  (name: string, fields: Record<string, string> = {}) =>
  () => ({ intent: name, ...fields });

export const MATRIX: Row[] = [
  // ── public pages ────────────────────────────────────────────────────────────────────────────────
  { route: "", method: "GET", what: "home page", path: () => "/", expect: everyone("ok") },
  { route: "", method: "POST", what: "no action", path: () => "/", body: () => ({}), expect: everyone("methodNotAllowed") },
  { route: "services", method: "GET", what: "catalogue", path: () => "/services", expect: everyone("ok") },
  { route: "services", method: "POST", what: "no action", path: () => "/services", body: () => ({}), expect: everyone("methodNotAllowed") },
  { route: "projects", method: "GET", what: "public projects", path: () => "/projects", expect: everyone("ok") },
  { route: "projects", method: "POST", what: "no action", path: () => "/projects", body: () => ({}), expect: everyone("methodNotAllowed") },

  // ── a project page and its actions ──────────────────────────────────────────────────────────────
  {
    route: "projects/:id",
    method: "GET",
    what: "a published project",
    path: (f) => `/projects/${f.biddingProject}`,
    expect: everyone("ok"),
  },
  {
    route: "projects/:id",
    method: "GET",
    what: "新港's draft (IDOR: nobody else sees a draft)",
    path: (f) => `/projects/${f.draft}`,
    expect: cells("notFound", { ownerMember: "ok", ownerAdmin: "ok" }),
  },
  { route: "projects/:id", method: "GET", what: "a malformed id", path: () => "/projects/not-a-project", expect: everyone("notFound") },
  {
    route: "projects/:id",
    method: "POST",
    intent: "bid",
    what: "a bid above the ceiling",
    path: (f) => `/projects/${f.biddingProject}`,
    body: intent("bid", { price: "99999999", committedDays: "30" }),
    expect: signedIn("forbidden", { agencyMember: "invalid", agencyAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "withdraw",
    what: "withdraw from a project the agency never bid on (no bid of its own there)",
    path: (f) => `/projects/${f.contractProject}`,
    body: intent("withdraw"),
    expect: signedIn("forbidden", { agencyMember: "notFound", agencyAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "ask",
    what: "a question after bidding closed",
    path: (f) => `/projects/${f.contractProject}`,
    body: intent("ask", { question: "请问是否需要现场踏勘？" }),
    expect: signedIn("forbidden", { agencyMember: "invalid", agencyAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "answer",
    what: "answer a question that is not the owner's",
    path: (f) => `/projects/${f.biddingProject}`,
    body: intent("answer", { questionId: NIL, answer: "答复" }),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "complete",
    what: "complete a selection of the owner's project while it is still bidding",
    path: (f) => `/projects/${f.biddingProject}`,
    body: intent("complete"),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "complete",
    what: "IDOR: complete another owner's selection",
    path: (f) => `/projects/${f.otherOwnerBidding}`,
    body: intent("complete"),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "sign",
    what: "sign a contract already signed",
    path: (f) => `/projects/${f.contractProject}`,
    body: intent("sign", { signedOn: "2026-01-05" }),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "sign",
    what: "IDOR: sign another owner's contract",
    path: (f) => `/projects/${f.otherOwnerContract}`,
    body: intent("sign", { signedOn: "2026-01-05" }),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "deliver",
    what: "IDOR: deliver on another agency's contract",
    path: (f) => `/projects/${f.contractProject}`,
    body: intent("deliver", { note: "成果已提交" }),
    expect: signedIn("forbidden", { agencyMember: "notFound", agencyAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "accept",
    what: "accept when nothing was delivered",
    path: (f) => `/projects/${f.contractProject}`,
    body: intent("accept"),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "accept",
    what: "IDOR: accept another owner's delivery",
    path: (f) => `/projects/${f.otherOwnerContract}`,
    body: intent("accept"),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "return",
    what: "return when nothing was delivered",
    path: (f) => `/projects/${f.contractProject}`,
    body: intent("return", { reason: "成果不完整" }),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "fund",
    what: "IDOR: fund another owner's contract",
    path: (f) => `/projects/${f.otherOwnerContract}`,
    body: intent("fund"),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "milestones",
    what: "milestones on a completed contract",
    path: (f) => `/projects/${f.completedProject}`,
    body: intent("milestones", { milestones: "" }),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "milestones",
    what: "IDOR: milestones on another owner's contract",
    path: (f) => `/projects/${f.otherOwnerContract}`,
    body: intent("milestones", { milestones: "" }),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "acceptMilestone",
    what: "accept a milestone of a completed contract",
    path: (f) => `/projects/${f.completedProject}`,
    body: intent("acceptMilestone", { milestoneId: NIL }),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "offline",
    what: "an offline payment above the contract amount",
    path: (f) => `/projects/${f.completedProject}`,
    body: intent("offline", { amount: "99999999", paidOn: "2026-01-05", reference: "NO-SUCH-PAYMENT" }),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "offline",
    what: "IDOR: an offline payment on another owner's contract",
    path: (f) => `/projects/${f.otherOwnerContract}`,
    body: intent("offline", { amount: "1", paidOn: "2026-01-05", reference: "NO-SUCH-PAYMENT" }),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "orderRefund",
    what: "a refund order above what is held (a survey: the province only)",
    path: (f) => `/projects/${f.contractProject}`,
    body: intent("orderRefund", { amount: "99999999", reason: "授权矩阵：超出托管金额" }),
    expect: signedIn("forbidden", { regulatorRight: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "object",
    what: "an objection with no award in publicity",
    path: (f) => `/projects/${f.biddingProject}`,
    body: intent("object", { grounds: "授权矩阵：没有公示中的结果可以质疑。" }),
    expect: signedIn("forbidden", { agencyMember: "invalid", agencyAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "answerObjection",
    what: "answer an objection that is not the owner's",
    path: (f) => `/projects/${f.biddingProject}`,
    body: intent("answerObjection", { objectionId: NIL, answer: "答复" }),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "escalate",
    what: "escalate an objection that is not the agency's",
    path: (f) => `/projects/${f.biddingProject}`,
    body: intent("escalate", { objectionId: NIL }),
    expect: signedIn("forbidden", { agencyMember: "notFound", agencyAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "copy",
    what: "copy a project that has not failed",
    path: (f) => `/projects/${f.biddingProject}`,
    body: intent("copy"),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "copy",
    what: "IDOR: copy another owner's project",
    path: (f) => `/projects/${f.otherOwnerBidding}`,
    body: intent("copy"),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "abandon",
    what: "IDOR: abandon another agency's award",
    path: (f) => `/projects/${f.contractProject}`,
    body: intent("abandon"),
    expect: signedIn("forbidden", { agencyMember: "notFound", agencyAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "review",
    what: "review again (both parties reviewed already)",
    path: (f) => `/projects/${f.completedProject}`,
    body: intent("review", reviewFields),
    expect: signedIn("forbidden", { agencyMember: "invalid", agencyAdmin: "invalid", ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "review",
    what: "IDOR: review a contract of others",
    path: (f) => `/projects/${f.otherOwnerContract}`,
    body: intent("review", reviewFields),
    expect: signedIn("forbidden"),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "reply",
    what: "IDOR: reply to a review of another agency",
    path: (f) => `/projects/${f.completedOther}`,
    body: (f) => ({ intent: "reply", reviewId: f.otherAgencyReview, reply: "授权矩阵：不是本机构的评价" }),
    expect: signedIn("notFound"),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "rate",
    what: "a department rating of a contract not completed (a survey: the province only)",
    path: (f) => `/projects/${f.contractProject}`,
    body: intent("rate", { score: "4", comment: "授权矩阵" }),
    expect: signedIn("forbidden", { regulatorRight: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "terminate",
    what: "terminate a completed contract",
    path: (f) => `/projects/${f.completedProject}`,
    body: intent("terminate", { reason: "授权矩阵：已完成的合同不能终止" }),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "terminate",
    what: "IDOR: terminate another owner's contract",
    path: (f) => `/projects/${f.otherOwnerContract}`,
    body: intent("terminate", { reason: "授权矩阵：不是本单位的合同" }),
    expect: signedIn("forbidden", { ownerMember: "notFound", ownerAdmin: "notFound" }),
  },
  {
    route: "projects/:id",
    method: "POST",
    intent: "(unknown)",
    what: "an intent the page does not have",
    path: (f) => `/projects/${f.biddingProject}`,
    body: intent("nope"),
    expect: signedIn("invalid"),
  },
  {
    route: "projects/:id",
    method: "POST",
    what: "a malformed id",
    path: () => "/projects/x'%20or%20'1'='1",
    body: intent("ask", { question: "请问是否需要现场踏勘？" }),
    expect: signedIn("notFound"),
  },
  {
    route: "projects/:id/verify",
    method: "GET",
    what: "a revealed draw",
    path: (f) => `/projects/${f.drawProject}/verify`,
    expect: everyone("ok"),
  },
  {
    route: "projects/:id/verify",
    method: "POST",
    what: "no action",
    path: (f) => `/projects/${f.drawProject}/verify`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "projects/:id/draw.json",
    method: "GET",
    what: "a revealed draw's inputs",
    path: (f) => `/projects/${f.drawProject}/draw.json`,
    expect: everyone("ok"),
  },
  {
    route: "projects/:id/draw.json",
    method: "POST",
    what: "no action",
    path: (f) => `/projects/${f.drawProject}/draw.json`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "draw/verifier.txt",
    method: "GET",
    what: "the draw verifier's source",
    path: () => "/draw/verifier.txt",
    expect: everyone("ok"),
  },
  {
    route: "draw/verifier.txt",
    method: "POST",
    what: "no action",
    path: () => "/draw/verifier.txt",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },

  // ── owners ──────────────────────────────────────────────────────────────────────────────────────
  { route: "owner", method: "GET", what: "owner's dashboard", path: () => "/owner", expect: owners("ok") },
  { route: "owner", method: "POST", what: "no action", path: () => "/owner", body: () => ({}), expect: everyone("methodNotAllowed") },
  { route: "owner/projects/:id", method: "GET", what: "a new draft's form", path: () => "/owner/projects/new", expect: owners("ok") },
  {
    route: "owner/projects/:id",
    method: "GET",
    what: "the owner's draft",
    path: (f) => `/owner/projects/${f.draft}`,
    expect: owners("ok"),
  },
  {
    route: "owner/projects/:id",
    method: "GET",
    what: "IDOR: another owner's project",
    path: (f) => `/owner/projects/${f.otherOwnerBidding}`,
    expect: owners("notFound"),
  },
  {
    route: "owner/projects/:id",
    method: "POST",
    intent: "save",
    what: "a new draft with an empty form",
    path: () => "/owner/projects/new",
    body: () => ({ intent: "save" }),
    expect: owners("invalid"),
  },
  {
    route: "owner/projects/:id",
    method: "POST",
    intent: "save",
    what: "save the owner's draft",
    path: (f) => `/owner/projects/${f.draft}`,
    body: (f) => draftBody(`授权矩阵测试草稿 ${f.stamp}`, f.surveyItem),
    expect: owners({ redirect: /\?saved=1$/ }),
  },
  {
    route: "owner/projects/:id",
    method: "POST",
    intent: "save",
    what: "IDOR: edit another owner's project",
    path: (f) => `/owner/projects/${f.otherOwnerBidding}`,
    body: (f) => draftBody(`授权矩阵 IDOR ${f.stamp}`, f.surveyItem),
    expect: owners("notFound"),
  },
  {
    route: "owner/projects/:id",
    method: "POST",
    intent: "publish",
    what: "publish the owner's draft (deadline too soon)",
    path: (f) => `/owner/projects/${f.draft}`,
    body: () => ({ intent: "publish", publishKey: crypto.randomUUID() }),
    expect: owners("invalid"),
  },
  {
    route: "owner/projects/:id",
    method: "POST",
    intent: "publish",
    what: "IDOR: publish another owner's project",
    path: (f) => `/owner/projects/${f.otherOwnerBidding}`,
    body: () => ({ intent: "publish", publishKey: crypto.randomUUID() }),
    expect: owners("notFound"),
  },
  {
    route: "owner/projects/:id",
    method: "POST",
    intent: "cancel",
    what: "cancel the owner's draft (never published: nothing to cancel)",
    path: (f) => `/owner/projects/${f.draft}`,
    body: () => ({ intent: "cancel", ground: "requirementWithdrawn", explanation: "授权矩阵：撤销测试草稿，项目已终止。" }),
    expect: owners("invalid"),
  },
  {
    route: "owner/projects/:id",
    method: "POST",
    intent: "cancel",
    what: "IDOR: cancel another owner's project",
    path: (f) => `/owner/projects/${f.otherOwnerBidding}`,
    body: () => ({ intent: "cancel", ground: "requirementWithdrawn", explanation: "授权矩阵：不是本单位的项目，试图取消。" }),
    expect: owners("notFound"),
  },
  {
    route: "owner/projects/:id/attachments",
    method: "GET",
    what: "goes back to the draft",
    path: (f) => `/owner/projects/${f.draft}/attachments`,
    expect: everyone("redirect"),
  },
  {
    route: "owner/projects/:id/attachments",
    method: "POST",
    what: "attach a PDF to the owner's draft",
    path: (f) => `/owner/projects/${f.draft}/attachments`,
    body: (f) => attachment(f, false),
    expect: owners({ redirect: /\?attached=1$/ }),
  },
  {
    route: "owner/projects/:id/attachments",
    method: "POST",
    what: "IDOR: attach to another owner's project",
    path: (f) => `/owner/projects/${f.otherOwnerBidding}/attachments`,
    body: (f) => attachment(f, false),
    expect: owners({ redirect: /attachmentError=errors\.notFound$/ }),
  },
  {
    route: "owner/projects/:id/pay",
    method: "GET",
    what: "pay the owner's contract",
    path: (f) => `/owner/projects/${f.contractProject}/pay`,
    expect: owners("ok"),
  },
  {
    route: "owner/projects/:id/pay",
    method: "GET",
    what: "IDOR: another owner's payment page",
    path: (f) => `/owner/projects/${f.otherOwnerContract}/pay`,
    expect: owners("notFound"),
  },
  {
    route: "owner/projects/:id/pay",
    method: "POST",
    what: "no action",
    path: (f) => `/owner/projects/${f.contractProject}/pay`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },

  // ── bid receipts (the bidding agency's own members only; 404 for everyone else) ────────────────
  {
    route: "agency/receipts/:id",
    method: "GET",
    what: "a receipt that is nobody's (or another agency's): not found",
    path: () => `/agency/receipts/${NIL}`,
    expect: everyone("notFound"),
  },
  {
    route: "agency/receipts/:id",
    method: "POST",
    what: "no action",
    path: () => `/agency/receipts/${NIL}`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "agency/receipts/:id/receipt.json",
    method: "GET",
    what: "a receipt's JSON that is nobody's (or another agency's): not found",
    path: () => `/agency/receipts/${NIL}/receipt.json`,
    expect: everyone("notFound"),
  },
  {
    route: "agency/receipts/:id/receipt.json",
    method: "POST",
    what: "no action",
    path: () => `/agency/receipts/${NIL}/receipt.json`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },

  // ── payments ────────────────────────────────────────────────────────────────────────────────────
  { route: "agency/payouts", method: "GET", what: "the agency's payout account", path: () => "/agency/payouts", expect: agencies("ok") },
  {
    route: "agency/payouts",
    method: "POST",
    what: "start Stripe onboarding (one account per agency)",
    path: () => "/agency/payouts",
    body: () => ({}),
    expect: agencies("ok"),
  },
  {
    route: "api/stripe/webhook",
    method: "GET",
    what: "POST only",
    path: () => "/api/stripe/webhook",
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "api/stripe/webhook",
    method: "POST",
    what: "no Stripe signature",
    path: () => "/api/stripe/webhook",
    body: () => ({ type: "payment_intent.succeeded" }),
    expect: everyone("invalid"),
  },

  // ── the regulator's console ─────────────────────────────────────────────────────────────────────
  { route: "regulator", method: "GET", what: "console", path: () => "/regulator", expect: regulators("ok") },
  {
    route: "regulator",
    method: "POST",
    what: "no action",
    path: () => "/regulator",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "regulator/dashboard",
    method: "GET",
    what: "the office's dashboard",
    path: () => "/regulator/dashboard",
    expect: regulators("ok"),
  },
  {
    route: "regulator/dashboard",
    method: "POST",
    what: "no action",
    path: () => "/regulator/dashboard",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "regulator/dashboard.csv",
    method: "GET",
    what: "the office's figures",
    path: () => "/regulator/dashboard.csv?series=monthly",
    expect: regulators("ok"),
  },
  {
    route: "regulator/dashboard.csv",
    method: "POST",
    what: "no action",
    path: () => "/regulator/dashboard.csv?series=monthly",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  { route: "regulator/risk", method: "GET", what: "risk queue", path: () => "/regulator/risk", expect: regulators("ok") },
  {
    route: "regulator/risk",
    method: "POST",
    what: "re-evaluate the red flags",
    path: () => "/regulator/risk",
    body: () => ({}),
    expect: regulators("redirect"),
  },
  { route: "regulator/flags", method: "GET", what: "flag thresholds", path: () => "/regulator/flags", expect: regulators("ok") },
  {
    route: "regulator/flags",
    method: "POST",
    what: "an unknown flag",
    path: () => "/regulator/flags",
    body: () => ({ flag: "nope" }),
    expect: regulators("invalid"),
  },
  { route: "regulator/cases", method: "GET", what: "the office's cases", path: () => "/regulator/cases", expect: regulators("ok") },
  {
    route: "regulator/cases",
    method: "POST",
    what: "no action",
    path: () => "/regulator/cases",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "regulator/cases/new",
    method: "GET",
    what: "case form",
    path: (f) => `/regulator/cases/new?project=${f.otherOwnerBidding}`,
    expect: regulators("ok"),
  },
  {
    route: "regulator/cases/new",
    method: "POST",
    what: "open a case about a survey in 江宁",
    path: () => "/regulator/cases/new",
    body: (f) => ({
      origin: "initiative",
      projectId: f.otherOwnerBidding,
      title: `授权矩阵立案 ${f.stamp}`,
      grounds: "授权矩阵：检查谁能就该事项立案。",
    }),
    expect: rightRegulator({ redirect: /^\/cases\/[0-9a-f-]{36}$/ }),
  },
  {
    route: "regulator/inspections",
    method: "GET",
    what: "the office's inspections",
    path: () => "/regulator/inspections",
    expect: regulators("ok"),
  },
  {
    route: "regulator/inspections",
    method: "POST",
    what: "plan an inspection in 盐城 larger than its population",
    path: () => "/regulator/inspections",
    body: (f) => ({ title: `授权矩阵抽查 ${f.stamp}`, regionCode: "320900", sampleSize: "500", inspectorsPerTarget: "1" }),
    expect: rightRegulator("invalid"),
  },
  {
    route: "regulator/assessments",
    method: "GET",
    what: "quarterly assessments",
    path: () => "/regulator/assessments",
    expect: regulators("ok"),
  },
  {
    route: "regulator/assessments",
    method: "POST",
    what: "assess the test agency in 盐城",
    path: () => "/regulator/assessments",
    body: (f) => ({ agencyId: f.testAgency, quarter: f.quarter, adjustment: "0" }),
    expect: rightRegulator("redirect"),
  },
  { route: "regulator/audit", method: "GET", what: "audit chain page", path: () => "/regulator/audit", expect: regulators("ok") },
  {
    route: "regulator/audit",
    method: "POST",
    what: "walk the chain",
    path: () => "/regulator/audit",
    body: () => ({}),
    expect: regulators("ok"),
  },

  // ── monitoring cases and inspections (public pages with the office's actions) ───────────────────
  { route: "cases", method: "GET", what: "public cases", path: () => "/cases", expect: everyone("ok") },
  { route: "cases", method: "POST", what: "no action", path: () => "/cases", body: () => ({}), expect: everyone("methodNotAllowed") },
  {
    route: "cases/:id",
    method: "GET",
    what: "the province's draft case (only its office sees it)",
    path: (f) => `/cases/${f.case}`,
    expect: cells("notFound", { regulatorRight: "ok" }),
  },
  {
    route: "cases/:id",
    method: "POST",
    intent: "drop",
    what: "drop the draft (the office only)",
    path: (f) => `/cases/${f.case}`,
    body: intent("drop"),
    expect: signedIn("forbidden", { regulatorRight: "redirect" }),
  },
  {
    route: "cases/:id",
    method: "GET",
    what: "the dropped draft stays the office's",
    path: (f) => `/cases/${f.case}`,
    expect: cells("notFound", { regulatorRight: "ok" }),
  },
  {
    route: "cases/:id",
    method: "POST",
    intent: "activate",
    what: "activate a closed case",
    path: (f) => `/cases/${f.case}`,
    body: intent("activate"),
    expect: signedIn("forbidden", { regulatorRight: "invalid" }),
  },
  {
    route: "cases/:id",
    method: "POST",
    intent: "message",
    what: "write in the dialogue of a closed case (the office and the parties: 新港)",
    path: (f) => `/cases/${f.case}`,
    body: intent("message", { body: "授权矩阵：对话已关闭。" }),
    expect: signedIn("forbidden", { ownerMember: "invalid", ownerAdmin: "invalid", regulatorRight: "invalid" }),
  },
  {
    route: "cases/:id",
    method: "POST",
    intent: "conclude",
    what: "conclude a closed case",
    path: (f) => `/cases/${f.case}`,
    body: intent("conclude", { finding: "none", conclusion: "授权矩阵：未发现违规行为。", followUp: "" }),
    expect: signedIn("forbidden", { regulatorRight: "invalid" }),
  },
  {
    route: "cases/:id",
    method: "POST",
    intent: "finish",
    what: "finish a closed case",
    path: (f) => `/cases/${f.case}`,
    body: intent("finish"),
    expect: signedIn("forbidden", { regulatorRight: "invalid" }),
  },
  {
    route: "cases/:id",
    method: "POST",
    intent: "(unknown)",
    what: "an intent the page does not have",
    path: (f) => `/cases/${f.case}`,
    body: intent("nope"),
    expect: signedIn("invalid"),
  },
  {
    route: "inspections/:id",
    method: "GET",
    what: "a planned inspection (public)",
    path: (f) => `/inspections/${f.inspection}`,
    expect: everyone("ok"),
  },
  {
    route: "inspections/:id",
    method: "POST",
    intent: "draw",
    what: "draw the targets (the planning office only)",
    path: (f) => `/inspections/${f.inspection}`,
    body: intent("draw"),
    expect: rightRegulator("redirect", "notFound"),
  },
  {
    route: "inspections/:id",
    method: "POST",
    intent: "result",
    what: "record a target's result (the planning office only)",
    path: (f) => `/inspections/${f.inspection}`,
    body: (f) => ({ intent: "result", agencyId: f.testAgency, outcome: "compliant", findings: "授权矩阵：未发现问题。" }),
    expect: rightRegulator("redirect", "notFound"),
  },

  // ── statistics and the audit trail ──────────────────────────────────────────────────────────────
  { route: "stats", method: "GET", what: "public statistics", path: () => "/stats", expect: everyone("ok") },
  { route: "stats", method: "POST", what: "no action", path: () => "/stats", body: () => ({}), expect: everyone("methodNotAllowed") },
  { route: "stats.csv", method: "GET", what: "public figures", path: () => "/stats.csv?series=monthly", expect: everyone("ok") },
  {
    route: "stats.csv",
    method: "POST",
    what: "no action",
    path: () => "/stats.csv?series=monthly",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "projects/:id/audit",
    method: "GET",
    what: "a published project's trail",
    path: (f) => `/projects/${f.biddingProject}/audit`,
    expect: everyone("ok"),
  },
  {
    route: "projects/:id/audit",
    method: "GET",
    what: "IDOR: a draft's trail",
    path: (f) => `/projects/${f.draft}/audit`,
    expect: cells("notFound", { ownerMember: "ok", ownerAdmin: "ok" }),
  },
  {
    route: "projects/:id/audit",
    method: "POST",
    what: "no action",
    path: (f) => `/projects/${f.biddingProject}/audit`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "projects/:id/audit.json",
    method: "GET",
    what: "a published project's trail",
    path: (f) => `/projects/${f.biddingProject}/audit.json`,
    expect: everyone("ok"),
  },
  {
    route: "projects/:id/audit.json",
    method: "GET",
    what: "IDOR: a draft's trail",
    path: (f) => `/projects/${f.draft}/audit.json`,
    expect: cells("notFound", { ownerMember: "ok", ownerAdmin: "ok" }),
  },
  {
    route: "projects/:id/audit.json",
    method: "POST",
    what: "no action",
    path: (f) => `/projects/${f.biddingProject}/audit.json`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },

  // ── trust: policy, complaints, sanctions, applications, rules ───────────────────────────────────
  {
    route: "regulator/policy",
    method: "GET",
    what: "the region's procedure policy",
    path: () => "/regulator/policy",
    expect: regulators("ok"),
  },
  {
    route: "regulator/policy",
    method: "POST",
    what: "an empty policy form",
    path: () => "/regulator/policy",
    body: () => ({}),
    expect: regulators("invalid"),
  },
  {
    route: "regulator/shares",
    method: "GET",
    what: "the office's draw reveal shares",
    path: () => "/regulator/shares",
    expect: regulators("ok"),
  },
  {
    route: "regulator/shares",
    method: "POST",
    intent: "commit",
    what: "commit a share for a beacon project (no share asked: no such request)",
    path: () => "/regulator/shares",
    body: (f) => ({ intent: "commit", projectId: f.biddingProject, commitment: "0".repeat(64) }),
    expect: regulators("notFound"),
  },
  {
    route: "regulator/shares",
    method: "POST",
    intent: "reveal",
    what: "reveal a share for a beacon project (no share asked: no such request)",
    path: () => "/regulator/shares",
    body: (f) => ({ intent: "reveal", projectId: f.biddingProject, share: "0".repeat(64) }),
    expect: regulators("notFound"),
  },
  { route: "regulator/complaints", method: "GET", what: "complaint queue", path: () => "/regulator/complaints", expect: regulators("ok") },
  {
    route: "regulator/complaints",
    method: "POST",
    what: "decide 华信's complaint (an appraisal: the province; decided already)",
    path: () => "/regulator/complaints",
    body: (f) => ({ id: f.demoComplaint, decision: "dismiss", reason: "授权矩阵" }),
    expect: rightRegulator("invalid"),
  },
  {
    route: "regulator/sanctions",
    method: "GET",
    what: "issued sanctions and proposals",
    path: () => "/regulator/sanctions",
    expect: regulators("ok"),
  },
  {
    route: "regulator/sanctions",
    method: "POST",
    what: "dismiss a proposal that does not exist",
    path: () => "/regulator/sanctions",
    body: () => ({ id: NIL, reason: "授权矩阵" }),
    expect: regulators("notFound"),
  },
  {
    route: "regulator/sanctions/new",
    method: "GET",
    what: "sanction form",
    path: (f) => `/regulator/sanctions/new?agency=${f.testAgency}`,
    expect: regulators("ok"),
  },
  {
    route: "regulator/sanctions/new",
    method: "POST",
    what: "an empty sanction form",
    path: () => "/regulator/sanctions/new",
    body: () => ({}),
    expect: regulators("invalid"),
  },
  {
    route: "regulator/sanctions/import",
    method: "GET",
    what: "import form",
    path: () => "/regulator/sanctions/import",
    expect: regulators("ok"),
  },
  {
    route: "regulator/sanctions/import",
    method: "POST",
    what: "a CSV without its columns",
    path: () => "/regulator/sanctions/import",
    body: () => ({ csv: "nonsense\n1" }),
    expect: regulators("invalid"),
  },
  {
    route: "regulator/applications",
    method: "GET",
    what: "repair applications",
    path: () => "/regulator/applications",
    expect: regulators("ok"),
  },
  {
    route: "regulator/applications",
    method: "POST",
    what: "refuse the test agency's application (the issuing office only)",
    path: () => "/regulator/applications",
    body: (f) => ({ id: f.application, decision: "refuse", reason: "授权矩阵：理由不足" }),
    expect: rightRegulator("redirect"),
  },
  {
    route: "regulator/rules",
    method: "GET",
    what: "exclusion rules and credit formula",
    path: () => "/regulator/rules",
    expect: regulators("ok"),
  },
  {
    route: "regulator/rules",
    method: "POST",
    intent: "rules",
    what: "an empty rule set",
    path: () => "/regulator/rules",
    body: intent("rules"),
    expect: regulators("invalid"),
  },
  {
    route: "regulator/rules",
    method: "POST",
    intent: "formula",
    what: "an empty formula",
    path: () => "/regulator/rules",
    body: intent("formula"),
    expect: regulators("invalid"),
  },
  {
    route: "regulator/rules",
    method: "POST",
    intent: "(unknown)",
    what: "no form named",
    path: () => "/regulator/rules",
    body: () => ({}),
    expect: regulators("invalid"),
  },
  {
    route: "regulator/terms",
    method: "GET",
    what: "restrictive-terms rules and their versions",
    path: () => "/regulator/terms",
    expect: regulators("ok", { siteAdmin: "ok" }),
  },
  {
    route: "regulator/terms",
    method: "POST",
    what: "a rule set that is not JSON (only the platform authority may publish)",
    path: () => "/regulator/terms",
    body: () => ({ rules: "{not json", note: "authz" }),
    expect: cells("forbidden", { anonymous: "login", siteAdmin: "invalid" }),
  },
  { route: "blacklist", method: "GET", what: "public blacklist", path: () => "/blacklist", expect: everyone("ok") },
  {
    route: "blacklist",
    method: "POST",
    what: "no action",
    path: () => "/blacklist",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  { route: "blacklist.csv", method: "GET", what: "public blacklist as CSV", path: () => "/blacklist.csv", expect: everyone("ok") },
  {
    route: "blacklist.csv",
    method: "POST",
    what: "no action",
    path: () => "/blacklist.csv",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  { route: "sanctions/:id", method: "GET", what: "a sanction (public)", path: (f) => `/sanctions/${f.sanction}`, expect: everyone("ok") },
  {
    route: "sanctions/:id",
    method: "POST",
    what: "lift the province's warning (its issuer or an office above it)",
    path: (f) => `/sanctions/${f.sanction}`,
    body: () => ({ reason: "授权矩阵：提前解除" }),
    expect: rightRegulator({ redirect: /\?lifted=1$/ }),
  },
  { route: "complaints", method: "GET", what: "public complaints", path: () => "/complaints", expect: everyone("ok") },
  {
    route: "complaints",
    method: "POST",
    what: "no action",
    path: () => "/complaints",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "complaints/new",
    method: "GET",
    what: "complaint form",
    path: (f) => `/complaints/new?project=${f.biddingProject}`,
    expect: orgMembers("ok"),
  },
  {
    route: "complaints/new",
    method: "POST",
    what: "a complaint about an agency not involved",
    path: () => "/complaints/new",
    body: (f) => ({
      projectId: f.contractProject,
      subjectType: "agency",
      agencyId: f.ownAgency,
      facts: "授权矩阵：该机构与本项目无关，投诉应当不予受理。",
      provisions: "授权矩阵",
    }),
    expect: orgMembers("invalid"),
  },
  {
    route: "account/complaints",
    method: "GET",
    what: "the organisation's complaints",
    path: () => "/account/complaints",
    expect: orgMembers("ok"),
  },
  {
    route: "account/complaints",
    method: "POST",
    what: "no action",
    path: () => "/account/complaints",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  { route: "credit", method: "GET", what: "how credit works", path: () => "/credit", expect: everyone("ok") },
  { route: "credit", method: "POST", what: "no action", path: () => "/credit", body: () => ({}), expect: everyone("methodNotAllowed") },
  { route: "reviews/how", method: "GET", what: "how reviews work", path: () => "/reviews/how", expect: everyone("ok") },
  {
    route: "reviews/how",
    method: "POST",
    what: "no action",
    path: () => "/reviews/how",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "agencies/:id/credit",
    method: "GET",
    what: "an agency's credit report",
    path: (f) => `/agencies/${f.otherAgency}/credit`,
    expect: everyone("ok"),
  },
  {
    route: "agencies/:id/credit",
    method: "POST",
    what: "no action",
    path: (f) => `/agencies/${f.otherAgency}/credit`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  { route: "agency/credit", method: "GET", what: "the agency's own credit record", path: () => "/agency/credit", expect: agencies("ok") },
  {
    route: "agency/credit",
    method: "POST",
    what: "IDOR: apply to lift another agency's sanction",
    path: () => "/agency/credit",
    body: (f) => ({ kind: "liftSanction", targetId: f.sanction, grounds: "授权矩阵：不是本机构的惩戒。" }),
    expect: agencies("notFound"),
  },
  { route: "regulator/objections", method: "GET", what: "objection queue", path: () => "/regulator/objections", expect: regulators("ok") },
  {
    route: "regulator/objections",
    method: "POST",
    what: "decide an objection that does not exist",
    path: () => "/regulator/objections",
    body: () => ({ id: NIL, decision: "dismiss", reason: "授权矩阵" }),
    expect: regulators("notFound"),
  },

  // ── the directory and agencies ──────────────────────────────────────────────────────────────────
  { route: "agencies", method: "GET", what: "directory", path: () => "/agencies?q=%E7%8E%AF%E5%A2%83", expect: everyone("ok") },
  { route: "agencies", method: "POST", what: "no action", path: () => "/agencies", body: () => ({}), expect: everyone("methodNotAllowed") },
  {
    route: "agencies/:id",
    method: "GET",
    what: "another agency's public profile",
    path: (f) => `/agencies/${f.otherAgency}`,
    expect: everyone("ok"),
  },
  {
    route: "agencies/:id",
    method: "GET",
    what: "an id that is not an agency (an owner's)",
    path: (f) => `/agencies/${f.biddingProject}`,
    expect: everyone("notFound"),
  },
  {
    route: "agencies/:id",
    method: "POST",
    what: "no action",
    path: (f) => `/agencies/${f.otherAgency}`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "api/agencies",
    method: "GET",
    what: "directory as JSON",
    path: () => "/api/agencies?q=%E7%8E%AF%E5%A2%83",
    expect: everyone("ok"),
  },
  {
    route: "api/agencies",
    method: "POST",
    what: "no action",
    path: () => "/api/agencies",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  { route: "agency", method: "GET", what: "agency's dashboard", path: () => "/agency", expect: agencies("ok") },
  { route: "agency", method: "POST", what: "no action", path: () => "/agency", body: () => ({}), expect: everyone("methodNotAllowed") },
  { route: "agency/profile", method: "GET", what: "public details form", path: () => "/agency/profile", expect: agencies("ok") },
  {
    route: "agency/profile",
    method: "POST",
    what: "an empty details form",
    path: () => "/agency/profile",
    body: () => ({}),
    expect: agencies("invalid"),
  },
  { route: "agency/services/:itemId", method: "GET", what: "a new listing", path: () => "/agency/services/new", expect: agencies("ok") },
  {
    route: "agency/services/:itemId",
    method: "GET",
    what: "the agency's listing",
    path: (f) => `/agency/services/${f.ownListedItem}`,
    expect: agencies("ok"),
  },
  {
    route: "agency/services/:itemId",
    method: "POST",
    what: "an empty listing form",
    path: () => "/agency/services/new",
    body: () => ({}),
    expect: agencies("invalid"),
  },
  {
    route: "agency/qualifications/new",
    method: "GET",
    what: "certificate form",
    path: () => "/agency/qualifications/new",
    expect: agencies("ok"),
  },
  {
    route: "agency/qualifications/new",
    method: "POST",
    what: "a certificate without a scan",
    path: () => "/agency/qualifications/new",
    body: () => {
      const form = new FormData();
      form.set("qualType", "x");
      return form;
    },
    expect: agencies("invalid"),
  },
  {
    route: "regulator/qualifications",
    method: "GET",
    what: "certificate queue",
    path: () => "/regulator/qualifications",
    expect: regulators("ok"),
  },
  {
    route: "regulator/qualifications",
    method: "POST",
    what: "verify the test agency's certificate (盐城: not Nanjing's)",
    path: () => "/regulator/qualifications",
    body: (f) => ({ id: f.qualification, decision: "verify" }),
    expect: rightRegulator("redirect"),
  },
  {
    route: "files/:id",
    method: "GET",
    what: "IDOR: a confidential attachment of 新港's draft",
    path: (f) => `/files/${f.confidentialFile}`,
    expect: cells("notFound", { ownerMember: "ok", ownerAdmin: "ok" }),
  },
  {
    route: "files/:id",
    method: "GET",
    what: "IDOR: an attachment of a draft (not published yet)",
    path: (f) => `/files/${f.draftFile}`,
    expect: cells("notFound", { ownerMember: "ok", ownerAdmin: "ok" }),
  },
  {
    route: "files/:id",
    method: "GET",
    what: "IDOR: another agency's certificate scan (its reviewers see it)",
    path: (f) => `/files/${f.scanFile}`,
    expect: cells("notFound", { regulatorRight: "ok" }),
  },
  {
    route: "files/:id",
    method: "POST",
    what: "no action",
    path: (f) => `/files/${f.draftFile}`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },

  // ── accounts ────────────────────────────────────────────────────────────────────────────────────
  {
    route: "signup",
    method: "GET",
    what: "sign-up form (signed in: to the account)",
    path: () => "/signup",
    expect: cells("redirect", { anonymous: "ok" }),
  },
  {
    route: "signup",
    method: "POST",
    what: "an empty sign-up form (signed in: the form is not shown again)",
    path: () => "/signup",
    body: () => ({}),
    expect: cells("redirect", { anonymous: "invalid" }),
  },
  {
    route: "login",
    method: "GET",
    what: "log-in form (signed in: to the account)",
    path: () => "/login",
    expect: cells("redirect", { anonymous: "ok" }),
  },
  {
    route: "login",
    method: "POST",
    what: "an empty log-in form, no failure counted (signed in: the form is not shown again)",
    path: () => "/login",
    body: () => ({}),
    expect: cells("redirect", { anonymous: "invalid" }),
  },
  { route: "logout", method: "GET", what: "to the home page", path: () => "/logout", expect: everyone("redirect") },
  {
    route: "logout",
    method: "POST",
    what: "log out",
    path: () => "/logout",
    body: () => ({}),
    freshSession: true,
    expect: everyone({ redirect: /^\/$/ }),
  },
  { route: "lang", method: "GET", what: "to the home page", path: () => "/lang", expect: everyone("redirect") },
  {
    route: "lang",
    method: "POST",
    what: "choose Chinese",
    path: () => "/lang",
    body: () => ({ locale: "zh-CN", redirectTo: "/services" }),
    expect: everyone({ redirect: /^\/services$/ }),
  },
  { route: "account", method: "GET", what: "own account", path: () => "/account", expect: signedIn("ok") },
  {
    route: "account",
    method: "POST",
    what: "new passwords that do not match",
    path: () => "/account",
    body: () => ({
      currentPassword: "not the password",
      newPassword: "授权矩阵 new password 1",
      newPasswordConfirm: "授权矩阵 new password 2",
    }),
    expect: signedIn("invalid"),
  },
  { route: "account/members", method: "GET", what: "the organisation's members", path: () => "/account/members", expect: orgMembers("ok") },
  {
    route: "account/members",
    method: "POST",
    what: "invite a member (administrators only)",
    path: () => "/account/members",
    body: (f, a) => ({ email: `authz-invite-${a.toLowerCase()}-${f.stamp}@e2e.zjcs.cn`, role: "member" }),
    expect: orgMembers("forbidden", { agencyAdmin: "ok", ownerAdmin: "ok", regulatorOther: "ok", regulatorRight: "ok" }),
  },
  {
    route: "invite/:token",
    method: "GET",
    what: "an open invitation",
    path: (f) => `/invite/${f.invitationToken}`,
    expect: everyone("ok"),
  },
  {
    route: "invite/:token",
    method: "POST",
    what: "accept with a short password (signed in: to the account)",
    path: (f) => `/invite/${f.invitationToken}`,
    body: () => ({ userName: "授权矩阵", password: "short", passwordConfirm: "short" }),
    expect: cells("redirect", { anonymous: "invalid" }),
  },
  {
    route: "regulator/offices",
    method: "GET",
    what: "regulator offices",
    path: () => "/regulator/offices",
    expect: cells("forbidden", { anonymous: "login", siteAdmin: "ok", regulatorOther: "ok", regulatorRight: "ok" }),
  },
  {
    route: "regulator/offices",
    method: "POST",
    what: "an office for the whole province (outside Nanjing's remit; unknown item)",
    path: () => "/regulator/offices",
    body: (f) => ({
      officeName: `授权矩阵监管局 ${f.stamp}`,
      regionCode: "320000",
      serviceItemIds: "999999",
      adminEmail: `authz-office-${f.stamp}@e2e.zjcs.cn`,
    }),
    expect: cells("forbidden", { anonymous: "login", siteAdmin: "invalid", regulatorRight: "invalid" }),
  },

  // ── open data ───────────────────────────────────────────────────────────────────────────────────
  { route: "open-data", method: "GET", what: "open data page", path: () => "/open-data", expect: everyone("ok") },
  {
    route: "open-data",
    method: "POST",
    what: "no action",
    path: () => "/open-data",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "open-data/bulk/:file",
    method: "GET",
    what: "a bulk file",
    path: () => "/open-data/bulk/projects.jsonl",
    expect: everyone("ok"),
  },
  {
    route: "open-data/bulk/:file",
    method: "GET",
    what: "an unknown file",
    path: () => "/open-data/bulk/users.csv",
    expect: everyone("notFound"),
  },
  {
    route: "open-data/bulk/:file",
    method: "POST",
    what: "no action",
    path: () => "/open-data/bulk/projects.jsonl",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  { route: "ocds/releases", method: "GET", what: "change feed", path: () => "/ocds/releases?limit=5", expect: everyone("ok") },
  {
    route: "ocds/releases",
    method: "POST",
    what: "no action",
    path: () => "/ocds/releases",
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  {
    route: "ocds/records/:id",
    method: "GET",
    what: "a published project's record",
    path: (f) => `/ocds/records/${f.biddingProject}`,
    expect: everyone("ok"),
  },
  {
    route: "ocds/records/:id",
    method: "GET",
    what: "a draft has no record (not even for its owner)",
    path: (f) => `/ocds/records/${f.draft}`,
    expect: everyone("notFound"),
  },
  {
    route: "ocds/records/:id",
    method: "POST",
    what: "no action",
    path: (f) => `/ocds/records/${f.biddingProject}`,
    body: () => ({}),
    expect: everyone("methodNotAllowed"),
  },
  { route: "healthz", method: "GET", what: "health", path: () => "/healthz", expect: everyone("ok") },
  { route: "healthz", method: "POST", what: "no action", path: () => "/healthz", body: () => ({}), expect: everyone("methodNotAllowed") },
  { route: "*", method: "GET", what: "no such page", path: () => "/no-such-page", expect: everyone("notFound") },
  { route: "*", method: "POST", what: "no such page", path: () => "/no-such-page", body: () => ({}), expect: everyone("methodNotAllowed") },
];

// ── HTTP helpers (shared with injection.e2e.ts) ─────────────────────────────────────────────────────

export interface Answer {
  status: number;
  location: string | null;
  headers: Headers;
  text: string;
}

/** One request as a browser would send it on this site: the session cookie, and Origin on a POST. */
export async function send(
  base: string,
  cookie: string | null,
  method: string,
  path: string,
  body?: Body,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const h: Record<string, string> = { ...headers };
  if (cookie) h.cookie = cookie;
  if (method !== "GET" && method !== "HEAD" && !("origin" in h) && !("sec-fetch-site" in h)) h.origin = base;
  const payload = body === undefined ? undefined : body instanceof FormData ? body : new URLSearchParams(body);
  const res = await fetch(base + path, { method, headers: h, body: payload, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), headers: res.headers, text: await res.text() };
}

/** Logs in through the form and returns the session cookie ("session=…"). */
export async function logInOverHttp(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    headers: { origin: base },
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  const cookie = sessionCookieOf(res.headers);
  if (res.status !== 302 || !cookie) throw new Error(`log-in as ${email} failed: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return cookie;
}

export function sessionCookieOf(headers: Headers): string | null {
  const c = headers.getSetCookie().find((x) => x.startsWith("session=") && !x.startsWith("session=;"));
  return c ? c.split(";")[0]! : null;
}

/**
 * Decodes a single-fetch answer (`<path>.data`, turbo-stream): a flat JSON array whose objects name
 * their keys and values by index. Enough for reading loader data (dates become Date, specials null).
 */
export function decodeTurboStream(text: string): unknown {
  const flat = JSON.parse(text.split("\n")[0] ?? "null") as unknown[];
  const at = (i: unknown): unknown => {
    if (typeof i !== "number" || i < 0) return null;
    const v = flat[i];
    if (Array.isArray(v)) return typeof v[0] === "string" ? (v[0] === "D" ? new Date(v[1] as number) : null) : v.map(at);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [String(flat[Number(k.slice(1))]), at(x)]));
    return v;
  };
  return at(0);
}

/** The loader data of the route whose module path ends with `moduleEnd` (e.g. "owner/project-edit"). */
export async function loaderData<T>(base: string, cookie: string | null, path: string, moduleEnd: string): Promise<T> {
  const [pathname, search] = path.split("?");
  const res = await send(base, cookie, "GET", `${pathname === "/" ? "/_root" : pathname}.data${search ? `?${search}` : ""}`);
  if (res.status !== 200) throw new Error(`GET ${path}.data: ${res.status}`);
  const all = decodeTurboStream(res.text) as Record<string, { data?: unknown }>;
  const key = Object.keys(all).find((k) => k.endsWith(moduleEnd));
  if (!key) throw new Error(`no data of ${moduleEnd} in ${path}.data`);
  return all[key]!.data as T;
}
