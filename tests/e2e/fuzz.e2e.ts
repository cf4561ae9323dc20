/**
 * Fuzzed input. Every form action and JSON endpoint is driven over HTTP with random
 * and hostile values — wrong types, huge strings, NUL, lone surrogates, bidi and zero-width marks,
 * combining characters, emoji, invalid UTF-8 and percent-escapes, negative / overflowing / NaN / exponent
 * numbers, impossible dates, arrays where scalars belong, missing, duplicated and unknown fields, unknown
 * intents, other content types and broken multipart bodies. Every answer must be a success or a 4xx
 * (a 400/422 page shows its message), never a 5xx, and afterwards the audit chain verifies and the
 * records hold together.
 *
 * The forms act in a world of their own: fuzz-only organisations in 西湖区 (330106) — an owner, three
 * agencies and a regulator office created through the site administrator — and fuzz-only projects, so the
 * demo state the other e2e files use is left alone. A stateful run walks one direct selection through
 * award, contract, payments, delivery, acceptance, reviews and a complaint, and one scored selection
 * through an objection, fuzzing each step's form before taking the step with a valid submission.
 *
 * FUZZ_RUNS (default 20) sets the runs per form, FUZZ_SEED (default 20261202) the base seed; a failure
 * names its seed. FUZZ_COLLECT=1 reports every failure at the end instead of stopping at the first.
 */
import { createHmac } from "node:crypto";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FLAGS } from "~/modules/oversight/flags.rules";
import { baseURL, DEMO_PASSWORD } from "./support";
import { Client, inputValue, optionValues, urlencoded, type Entry, type Reply, type Transport, type Val } from "./fuzz-http";
import {
  beijingDay,
  beijingMinute,
  buildEntries,
  ENUM_POOL,
  FILE_POOL,
  FORMS,
  freshCreditCode,
  GETS,
  hostile,
  planArb,
  validEntries,
  type Actor,
  type FormSpec,
  type World,
} from "./fuzz-forms";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const COLLECT = process.env.FUZZ_COLLECT === "1";
const REGION = "330106";
const PASSWORD = "fuzz password 123";
const WEBHOOK_SECRET = "whsec_e2e_zjcs"; // the e2e suite's Stripe fake (tests/e2e/global-setup.ts)

const stats = new Map<string, Map<number, number>>();
const failures: string[] = [];
const skipped: string[] = [];
const startedAt = new Date();
/** Flags whose thresholds a fuzzed submission may have saved (restored afterwards). */
const touchedFlags = new Set<string>();
/** Refusals whose field messages the page had no place to show (per form). */
const unrendered = new Map<string, number>();

function seedFor(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (SEED ^ h) >>> 0;
}

function record(name: string, status: number) {
  const m = stats.get(name) ?? new Map<number, number>();
  m.set(status, (m.get(status) ?? 0) + 1);
  stats.set(name, m);
}

function show(v: Val): string {
  if (typeof v === "string") return v.length > 80 ? `${JSON.stringify(v.slice(0, 60))}…(${v.length} chars)` : JSON.stringify(v);
  if ("file" in v) return `file(${JSON.stringify(v.filename.slice(0, 40))}, ${v.type}, ${v.bytes.length} bytes)`;
  if ("bytes" in v)
    return `bytes[${Array.from(v.bytes.slice(0, 12))
      .map((b) => b.toString(16))
      .join(" ")}]`;
  return `raw(${JSON.stringify(v.raw)})`;
}

function describeRequest(method: string, path: string, entries: Entry[] | null, transport: Transport | null) {
  const fields = entries ? entries.map(([k, v]) => `${JSON.stringify(k.slice(0, 40))}=${show(v)}`).join(" ") : "";
  return `${method} ${path}${transport ? ` [${transport}]` : ""} ${fields}`.slice(0, 1500);
}

/** A success, or a 4xx that says what is wrong; never a 5xx, never a redirect off the site. */
function judge(r: Reply, post: boolean): string | null {
  if (r.status === 0) return `no answer (${r.body}) to a body of ${r.sentBytes} bytes`;
  if (r.status >= 500) return `HTTP ${r.status}: ${r.body.replace(/\s+/g, " ").slice(0, 200)}`;
  // A body over its limits (size, fields, names, values): the translated refusal page, nothing else.
  if (r.status === 413 && !(r.contentType.startsWith("text/html") && r.body.includes('class="error-page"')))
    return "413 without the refusal page";
  if (r.status >= 300 && r.status < 400) {
    if (!r.location) return `HTTP ${r.status} without a Location`;
    const to = new URL(r.location, baseURL());
    if (to.origin !== new URL(baseURL()).origin) return `redirect off the site: ${r.location}`;
  }
  if (
    post &&
    (r.status === 400 || r.status === 422) &&
    r.contentType.startsWith("text/html") &&
    !/class="field-error"|role="alert"|class="error-page"/.test(r.body)
  ) {
    // The answer carries its field messages, but the page shows no form they belong to (a hidden id, a
    // form already used up): counted, not failed — a person using the page cannot get there.
    if (r.body.includes("fieldErrors")) return "unrendered";
    return `HTTP ${r.status} page without any message`;
  }
  return null;
}

function fail(msg: string) {
  if (COLLECT) failures.push(msg);
  else throw new Error(msg);
}

const reporter =
  (name: string) =>
  <T>(d: fc.RunDetails<T>) => {
    if (!d.failed) return;
    const err = d.errorInstance instanceof Error ? d.errorInstance.message : String(d.errorInstance);
    throw new Error(
      `fuzz "${name}" failed after ${d.numRuns} runs — seed ${d.seed} (FUZZ_SEED=${SEED}), path ${d.counterexamplePath}\n${err}`,
    );
  };

let w: World;

function clientFor(actor: Actor): Client {
  // Anonymous requests start without cookies each time (a successful log-in or sign-up sets one).
  return actor === "anon" ? new Client(baseURL(), "anon") : w.clients[actor];
}

/** Runs one form's property: random mutations of its valid submission, each answer judged. */
async function fuzzForm(spec: FormSpec, runs = spec.runs ?? RUNS) {
  const path = spec.path(w);
  if (!path) {
    skipped.push(spec.name);
    return;
  }
  await fc.assert(
    fc.asyncProperty(planArb(spec, w), async (plan) => {
      const entries = buildEntries(spec, w, plan);
      const r = await clientFor(spec.actor).send(path, { method: "POST", entries, transport: plan.transport });
      record(spec.name, r.status);
      if (spec.name === "red flag thresholds" && r.status < 400)
        for (const [k, v] of entries) if (k === "flag" && typeof v === "string") touchedFlags.add(v);
      const problem = judge(r, true);
      if (problem === "unrendered") unrendered.set(spec.name, (unrendered.get(spec.name) ?? 0) + 1);
      else if (problem) fail(`${spec.name} (as ${spec.actor}): ${problem}\n  ${describeRequest("POST", path, entries, plan.transport)}`);
    }),
    { numRuns: Math.max(1, Math.round(runs * (RUNS / 20))), seed: seedFor(spec.name), endOnFailure: true, reporter: reporter(spec.name) },
  );
}

async function fuzzGroup(group: keyof typeof FORMS, only?: string[]) {
  for (const spec of FORMS[group]!) if (!only || only.includes(spec.name)) await fuzzForm(spec);
}

const spec = (name: string): FormSpec => {
  for (const list of Object.values(FORMS)) for (const s of list) if (s.name === name) return s;
  throw new Error(`no form ${name}`);
};

/** The valid submission of a form (the step the fuzzing was about), from its actor. */
async function submitValid(name: string, overrides: Record<string, string | string[] | null> = {}): Promise<Reply> {
  const s = spec(name);
  const path = s.path(w)!;
  const r = await clientFor(s.actor).send(path, {
    method: "POST",
    entries: validEntries(s, w, overrides),
    transport: s.multipart ? "multipart" : "urlencoded",
  });
  record(`${s.name} (valid)`, r.status);
  const problem = judge(r, true);
  if (problem && problem !== "unrendered") throw new Error(`valid ${name}: ${problem}`);
  return r;
}

/** The messages a page shows next to fields and forms (for errors in the set-up). */
function messages(html: string): string {
  return [...html.matchAll(/<p[^>]*class="(?:field-error|alert alert-error)"[^>]*>([\s\S]*?)<\/p>/g)]
    .map((m) => m[1]!.replace(/<[^>]+>/g, ""))
    .join(" | ");
}

async function page(actor: Actor, path: string): Promise<string> {
  const r = await clientFor(actor).get(path);
  if (r.status !== 200) throw new Error(`GET ${path} as ${actor}: HTTP ${r.status}`);
  return r.body;
}

async function waitForPage(
  actor: Actor,
  path: string,
  test: (html: string) => boolean,
  what: string,
  timeoutMs = 150_000,
): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const html = await page(actor, path);
    if (test(html)) return html;
    if (Date.now() > until) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s (${path})`);
    await new Promise((r) => setTimeout(r, 1500));
  }
}

/** The page offers the form with this intent (a hidden input or a button named intent). */
const hasIntent = (name: string) => (html: string) =>
  [...html.matchAll(/<(?:input|button)[^>]*name="intent"[^>]*>/g)].some((m) => m[0].includes(`value="${name}"`));
const idFrom = (location: string | null, prefix: string) => new RegExp(`${prefix}/([0-9a-f-]{36})`).exec(location ?? "")?.[1];

async function logIn(label: string, email: string, password: string): Promise<Client> {
  const client = new Client(baseURL(), label);
  const r = await client.post("/login", [
    ["email", email],
    ["password", password],
  ]);
  if (r.status !== 302) throw new Error(`log-in of ${email}: HTTP ${r.status}`);
  return client;
}

async function signUp(label: string, kind: "agency" | "owner", name: string): Promise<Client> {
  const client = new Client(baseURL(), label);
  const entries: Entry[] = [
    ["kind", kind],
    ...(kind === "owner" ? ([["ownerType", "enterprise"]] as Entry[]) : []),
    ["orgName", name],
    ["creditCode", freshCreditCode(REGION)],
    ["regionCode", REGION],
    ["legalRepresentative", `${label}法人`],
    ["address", `杭州市西湖区模糊测试路 ${label} 号`],
    ["businessScope", "环境影响评价、环境监测咨询"],
    ["contactPhone", "0571-88001234"],
    ["pledge", "on"],
    ["userName", label],
    ["email", `fuzz-${label.toLowerCase()}-${w.stamp}@fuzz.example`],
    ["password", PASSWORD],
    ["passwordConfirm", PASSWORD],
  ];
  const r = await client.post("/signup", entries);
  if (r.status !== 302) throw new Error(`sign-up of ${name}: HTTP ${r.status} ${messages(r.body) || r.body.slice(0, 300)}`);
  w.passwords[label] = PASSWORD;
  return client;
}

async function agencyOrgId(actor: Actor): Promise<string> {
  const html = await page(actor, "/agency");
  const id = /href="\/agencies\/([0-9a-f-]{36})"/.exec(html)?.[1];
  if (!id) throw new Error(`no profile link on /agency for ${actor}`);
  return id;
}

/** A project of the fuzz owner: created as a draft, published unless told otherwise; its id. */
async function postProject(
  title: string,
  opts: { method?: string; deadline?: string; ceiling?: string; publish?: boolean; weights?: [string, string, string] } = {},
): Promise<string> {
  const owner = w.clients.owner;
  const entries: Entry[] = [
    ["title", title],
    ["serviceItemId", String(w.eiaForm)],
    ["regionCode", REGION],
    ["description", "模糊测试项目，编制环境影响报告表并配合报批。"],
    ["deliverables", "环境影响报告表（报批稿）"],
    ["priceCeiling", opts.ceiling ?? "50000"],
    ["selectionMethod", opts.method ?? "lowestPrice"],
    ["bidDeadline", opts.deadline ?? `${beijingDay(10)}T10:00`],
    ["expectedDays", "15"],
    ...(opts.weights
      ? ([
          ["priceWeight", opts.weights[0]],
          ["technicalWeight", opts.weights[1]],
          ["creditWeight", opts.weights[2]],
        ] as Entry[])
      : []),
  ];
  const created = await owner.post("/owner/projects/new", entries);
  const id = idFrom(created.location, "/owner/projects");
  if (created.status !== 302 || !id) throw new Error(`project ${title}: HTTP ${created.status} ${messages(created.body)}`);
  if (opts.publish !== false) {
    const key = inputValue(await page("owner", `/owner/projects/${id}`), "publishKey");
    const published = await owner.post(`/owner/projects/${id}`, [
      ["intent", "publish"],
      ["publishKey", key ?? crypto.randomUUID()],
    ]);
    if (published.status !== 302 || !published.location?.includes("published=1"))
      throw new Error(`publishing ${title}: HTTP ${published.status} ${messages(published.body)}`);
  }
  return id;
}

async function savePolicy(publicityWorkdays: number) {
  const r = await w.clients.office.send("/regulator/policy", {
    method: "POST",
    entries: validEntries(spec("procedure policy (the fuzz region)"), w, { publicityWorkdays: String(publicityWorkdays) }),
  });
  if (r.status !== 200) throw new Error(`policy: HTTP ${r.status}`);
}

beforeAll(async () => {
  const anon = new Client(baseURL(), "anon");
  w = {
    base: baseURL(),
    today: beijingDay(0),
    stamp: `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`,
    region: REGION,
    items: [],
    eiaForm: 0,
    clients: {} as World["clients"],
    passwords: {},
    ids: {},
    dyn: {},
  };
  w.clients.anon = anon;
  w.clients.admin = await logIn("admin", "admin@demo.zjcs.cn", DEMO_PASSWORD);
  w.clients.owner = await signUp("Owner", "owner", `模糊测试业主${w.stamp}有限公司`);
  w.clients.agencyA = await signUp("AgencyA", "agency", `模糊测试甲${w.stamp}咨询有限公司`);
  w.clients.agencyB = await signUp("AgencyB", "agency", `模糊测试乙${w.stamp}咨询有限公司`);
  w.clients.agencyC = await signUp("agencyC", "agency", `模糊测试丙${w.stamp}咨询有限公司`);

  // The service items, from the owner's project form; the environmental report form needs no certificate.
  const form = await page("owner", "/owner/projects/new");
  w.items = optionValues(form, "serviceItemId")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const eia = /<option value="(\d+)"[^>]*>[^<]*建设项目环境影响报告表编制/.exec(form);
  w.eiaForm = Number(eia?.[1] ?? w.items[0]);
  expect(w.items.length).toBeGreaterThan(5);

  // A regulator office for the fuzz region, every item, created by the site administrator.
  const made = await w.clients.admin.post("/regulator/offices", [
    ["officeName", `模糊测试监管办公室${w.stamp}`],
    ["regionCode", REGION],
    ...w.items.map((i): Entry => ["serviceItemIds", String(i)]),
    ["adminEmail", `fuzz-office-${w.stamp}@fuzz.example`],
  ]);
  const token = /\/invite\/([A-Za-z0-9_.~-]+)/.exec(made.body)?.[1];
  if (!token) throw new Error(`office: HTTP ${made.status}, no invitation link`);
  const office = new Client(baseURL(), "office");
  const accepted = await office.post(`/invite/${token}`, [
    ["userName", "模糊测试监管员"],
    ["password", PASSWORD],
    ["passwordConfirm", PASSWORD],
  ]);
  if (accepted.status !== 302) throw new Error(`office invitation: HTTP ${accepted.status}`);
  w.clients.office = office;

  w.ids.agencyA = await agencyOrgId("agencyA");
  w.ids.agencyB = await agencyOrgId("agencyB");
  w.ids.agencyC = await agencyOrgId("agencyC");

  // Agency A lists the item (so a direct selection is shown it), then the projects go up: periods of
  // zero working days here, so the stateful run needs no waiting beyond the one deadline below.
  const listing = await w.clients.agencyA.post("/agency/services/new", [
    ["serviceItemId", String(w.eiaForm)],
    ["feeMode", "fixed"],
    ["feeMin", "40000"],
    ["committedDays", "10"],
    ["pledge", "按承诺时限和收费标准提供服务。"],
    ["regions", REGION],
    ["active", "on"],
  ]);
  if (listing.status !== 302) throw new Error(`listing: HTTP ${listing.status}`);
  await savePolicy(0);
  w.ids.direct = await postProject(`模糊测试直接选择${w.stamp}`, { method: "direct" });
  w.ids.bidding = await postProject(`模糊测试报名中${w.stamp}`);
  w.ids.draft = await postProject(`模糊测试草稿${w.stamp}`, { publish: false });
  w.ids.draftPublish = await postProject(`模糊测试待发布${w.stamp}`, { publish: false });
  w.ids.draftCancel = await postProject(`模糊测试待取消${w.stamp}`, { publish: false });
  // A scored selection with a deadline a minute away and a publicity period (so an objection can be filed).
  await savePolicy(5);
  const deadline = beijingMinute(Math.ceil((Date.now() + 50_000) / 60_000) * 60_000 - Date.now());
  w.ids.scored = await postProject(`模糊测试综合评分${w.stamp}`, { method: "scored", deadline, weights: ["50", "40", "10"] });
  for (const [actor, price] of [
    ["agencyA", "45000"],
    ["agencyB", "48000"],
  ] as const) {
    const bid = await w.clients[actor].post(`/projects/${w.ids.scored}`, [
      ["intent", "bid"],
      ["price", price],
      ["committedDays", "10"],
      ["proposal", "技术方案：现场踏勘、资料收集、报告编制与报批配合。"],
    ]);
    if (bid.status !== 302) throw new Error(`bid on the scored project: HTTP ${bid.status} ${messages(bid.body)}`);
  }
  await savePolicy(0);

  // A question to answer, an invitation to accept, sanctions for the credit-repair and lift forms.
  await w.clients.agencyB.post(`/projects/${w.ids.bidding}`, [
    ["intent", "ask"],
    ["question", "请问是否需要现场踏勘？"],
  ]);
  w.ids.question = inputValue(await page("owner", `/projects/${w.ids.bidding}`), "questionId") ?? undefined;
  const invited = await w.clients.owner.post("/account/members", [
    ["email", `fuzz-invitee-${w.stamp}@fuzz.example`],
    ["role", "member"],
  ]);
  w.ids.inviteToken = /\/invite\/([A-Za-z0-9_.~-]+)/.exec(invited.body)?.[1];
  for (const key of ["sanctionC", "sanctionLift"]) {
    const r = await submitValid("sanction decision");
    w.ids[key] = idFrom(r.location, "/sanctions");
  }
  expect(w.ids.sanctionC && w.ids.sanctionLift).toBeTruthy();
}, 120_000);

afterAll(() => {
  const lines = [...stats].map(
    ([name, m]) =>
      `  ${name.padEnd(46)} ${[...m]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(" ")}`,
  );
  console.log(
    `fuzz: ${[...stats.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0)} requests (FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS})\n${lines.join("\n")}${skipped.length ? `\n  skipped (no fixture): ${skipped.join(", ")}` : ""}${unrendered.size ? `\n  refusals with field messages but no form on the page to show them: ${[...unrendered].map(([k, n]) => `${k} ×${n}`).join(", ")}` : ""}`,
  );
});

describe("fuzzed input never makes a 5xx", () => {
  it("log-in, sign-up, language, log-out, invitations", { timeout: 240_000 }, async () => {
    await fuzzGroup("anonymous");
  });

  it(
    "accounts, members and the agencies' own forms (profile, listings, qualifications, payouts, credit repair)",
    { timeout: 240_000 },
    async () => {
      await fuzzGroup("account");
      // The change-password form may have replaced agency C's session: it still gets in.
      expect((await w.clients.agencyC.get("/account")).status).toBe(200);
      // The reviews below need one certificate and one application in the queues.
      await submitValid("qualification upload");
      await submitValid("credit repair application").catch(() => undefined);
    },
  );

  it("owners' drafts: create, edit, attachments, publication, cancellation", { timeout: 240_000 }, async () => {
    await fuzzGroup("owner");
  });

  it("bidding: bids, questions and answers, withdrawals, copies, revisions, intents out of place", { timeout: 240_000 }, async () => {
    await fuzzGroup("bidding");
  });

  it(
    "regulators: sanctions, imports, rules, formula, thresholds, policy, cases, inspections, assessments, reviews, offices",
    { timeout: 300_000 },
    async () => {
      const office = w.clients.office;
      w.ids.qualification = inputValue(await page("office", "/regulator/qualifications"), "id") ?? undefined;
      w.ids.application = inputValue(await page("office", "/regulator/applications"), "id") ?? undefined;
      touchedFlags.clear();
      await fuzzGroup("regulator", [
        "sanction decision",
        "lift a sanction",
        "dismiss a proposal",
        "reciprocal import (CSV)",
        "exclusion rules",
        "credit formula",
        "red flag thresholds",
        "procedure policy (the fuzz region)",
      ]);
      // Thresholds are global: every flag a fuzzed submission saved goes back to its defaults (the
      // oversight e2e reads the seeded hits).
      for (const code of touchedFlags) {
        const def = FLAGS.find((f) => f.code === code);
        if (!def) continue;
        const r = await office.post("/regulator/flags", [
          ["flag", code],
          ["enabled", "on"],
          ...Object.entries(def.defaults).map(([k, v]): Entry => [k, String(v)]),
        ]);
        expect(r.status, `restoring ${code}`).toBe(302);
      }
      await savePolicy(0);

      await fuzzForm(spec("open a case"));
      const opened = await submitValid("open a case");
      w.ids.case = idFrom(opened.location, "/cases");
      await fuzzForm(spec("case: activate, dialogue, conclude"));
      await office.post(`/cases/${w.ids.case}`, [["intent", "activate"]]);
      await fuzzForm(spec("case: the agency answers"));

      await fuzzForm(spec("plan an inspection"));
      const planned = await submitValid("plan an inspection");
      w.ids.inspection = idFrom(planned.location, "/inspections");
      await office.post(`/inspections/${w.ids.inspection}`, [["intent", "draw"]]);
      w.ids.inspectionTarget = inputValue(await page("office", `/inspections/${w.ids.inspection}`), "agencyId") ?? undefined;
      await fuzzGroup("regulator", [
        "inspection: draw and results",
        "graded assessment",
        "qualification review",
        "credit application decision",
        "new regulator office (site admin)",
        "risk queue refresh",
      ]);
    },
  );

  it(
    "bodies around the limits: over them 413 with the translated page, at them read as usual — never a 5xx",
    { timeout: 240_000 },
    async () => {
      const client = new Client(baseURL(), "anon");
      const form = "application/x-www-form-urlencoded";
      // Shapes around FORM_LIMITS (64 KB, 1,000 fields, names of 100, values of 20,000).
      const shape = fc.record({
        fields: fc.constantFrom(1, 999, 1000, 1001, 10_000, 40_000),
        valueChars: fc.constantFrom(0, 19_999, 20_000, 20_001, 70_000),
        nameChars: fc.constantFrom(5, 100, 101, 5000),
        multipart: fc.boolean(),
        // Forms read before any guard (a guard's redirect would come first elsewhere).
        path: fc.constantFrom("/login", "/signup"),
      });
      await fc.assert(
        fc.asyncProperty(shape, async ({ fields, valueChars, nameChars, multipart, path }) => {
          const entries: Entry[] = Array.from({ length: fields }, (_, i) => [
            i === 0 ? "n".repeat(nameChars) : `f${i}`,
            i === 0 ? "a".repeat(valueChars) : "1",
          ]);
          const r = await client.send(path, { method: "POST", entries, transport: multipart ? "multipart" : "urlencoded" });
          record(`limits ${path}`, r.status);
          const problem = judge(r, true);
          if (problem)
            fail(
              `limits: ${fields} fields, name ${nameChars}, value ${valueChars}, ${multipart ? "multipart" : form} to ${path}: ${problem}`,
            );
          const over = fields > 1000 || nameChars > 100 || valueChars > 20_000;
          if (over && r.status !== 413)
            fail(`limits: over the limits (${fields} fields, name ${nameChars}, value ${valueChars}) to ${path} answered ${r.status}`);
          if (!over && r.sentBytes <= 64 * 1024 && r.status === 413)
            fail(`limits: within the limits (${r.sentBytes} bytes) to ${path} answered 413`);
        }),
        { numRuns: Math.max(20, RUNS), seed: seedFor("limits"), endOnFailure: true, reporter: reporter("limits") },
      );
    },
  );

  it("public pages, JSON and CSV endpoints: hostile ids and query parameters", { timeout: 240_000 }, async () => {
    const ids = (): string[] => Object.values(w.ids).filter((v): v is string => !!v);
    for (const g of GETS) {
      const idArb = fc.oneof(hostile("uuid", ids()), hostile("text"), fc.constantFrom(...FILE_POOL));
      const paramArb = fc.record(
        Object.fromEntries(
          Object.entries(g.params).map(([k, kind]) => [k, fc.option(hostile(kind, ENUM_POOL), { nil: undefined })]),
        ) as Record<string, fc.Arbitrary<Val | undefined>>,
      );
      const headersArb = fc.option(
        fc.record({
          cookie: fc.constantFrom(
            "session=%",
            "session=a.b",
            "lang=xx",
            "session=\u00ff",
            "lang=en; lang=zh-CN",
            `session=${"x".repeat(5000)}`,
          ),
          "accept-language": fc.constantFrom("*", "xx", "zh-CN;q=NaN", ""),
          "if-none-match": fc.constantFrom("*", '"x"', 'W/""'),
        }),
        { nil: undefined },
      );
      await fc.assert(
        fc.asyncProperty(idArb, paramArb, fc.boolean(), headersArb, async (id, params, dup, headers) => {
          const idText =
            typeof id === "object" && "raw" in id
              ? id.raw
              : urlencoded([["", id]])
                  .slice(1)
                  .replace(/\+/g, "%20");
          const entries: Entry[] = Object.entries(params).filter((e): e is [string, Val] => e[1] !== undefined);
          if (dup && entries.length) entries.push([entries[0]![0], "1"]);
          const path = `${g.path.replace("{id}", idText).replace("{file}", idText)}${entries.length ? `?${urlencoded(entries)}` : ""}`;
          const client = g.actor === "anon" ? new Client(baseURL(), "anon") : w.clients[g.actor];
          const r = await client.send(path, {
            method: "GET",
            headers: headers
              ? {
                  ...headers,
                  ...(g.actor === "anon"
                    ? {}
                    : {
                        cookie:
                          [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") +
                          (headers.cookie.startsWith("lang") ? `; ${headers.cookie}` : ""),
                      }),
                }
              : undefined,
          });
          record(`GET ${g.name}`, r.status);
          const problem = judge(r, false);
          if (problem) fail(`GET ${g.name} (as ${g.actor}): ${problem}\n  GET ${path.slice(0, 600)}`);
        }),
        { numRuns: Math.max(1, Math.round(RUNS * 0.75)), seed: seedFor(g.name), endOnFailure: true, reporter: reporter(`GET ${g.name}`) },
      );
    }
  });

  it(
    "the Stripe webhook: garbage bodies and signatures are refused with a 400, signed garbage does not crash it",
    { timeout: 120_000 },
    async () => {
      const client = new Client(baseURL(), "stripe");
      const body = fc.oneof(
        fc.json(),
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.constantFrom("", "{", "null", "[]", '{"type":"payment_intent.succeeded"}', "\u0000"),
        fc.constant("x".repeat(300_000)),
      );
      const signature = fc.option(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.constantFrom("t=1,v1=00", "t=abc,v1=", "v1=deadbeef", `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`, "t=,v1=,v0="),
        ),
        { nil: undefined },
      );
      await fc.assert(
        fc.asyncProperty(
          body,
          signature,
          fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", ""),
          async (payload, sig, type) => {
            const r = await client.send("/api/stripe/webhook", {
              method: "POST",
              rawBody: payload,
              contentType: type || undefined,
              headers: sig === undefined ? {} : { "stripe-signature": sig },
              noOrigin: true,
            });
            record("webhook: unsigned garbage", r.status);
            if (r.status !== 400)
              fail(
                `webhook: unsigned garbage answered ${r.status}: ${r.body.slice(0, 200)}\n  body ${JSON.stringify(payload.slice(0, 200))} signature ${JSON.stringify(sig)}`,
              );
          },
        ),
        { numRuns: RUNS, seed: seedFor("webhook unsigned"), endOnFailure: true, reporter: reporter("webhook unsigned") },
      );
      // Correctly signed events with made-up contents (as a compromised or buggy sender would send).
      const types = [
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "payment_intent.canceled",
        "charge.refunded",
        "refund.updated",
        "account.updated",
        "transfer.created",
        "transfer.reversed",
        "payout.paid",
        "customer.created",
        "",
        "__proto__",
      ];
      const object = fc.record({
        id: fc.oneof(fc.constantFrom("pi_missing", "acct_missing", "re_missing", "tr_missing", ""), fc.string({ maxLength: 20 })),
        object: fc.constantFrom("payment_intent", "account", "refund", "transfer", "charge", "nonsense"),
        amount: fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.string({ maxLength: 5 })),
        status: fc.constantFrom("succeeded", "failed", "canceled", "pending", "", "???"),
        metadata: fc.oneof(
          fc.constant({}),
          fc.record({
            movementId: hostile("uuid").map((v) => (typeof v === "string" ? v : "x")),
            contractId: hostile("uuid").map((v) => (typeof v === "string" ? v : "x")),
          }),
          fc.constant(null),
        ),
        charges_enabled: fc.boolean(),
        payouts_enabled: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...types), object, fc.string({ maxLength: 20 }), async (type, obj, eventId) => {
          const payload = JSON.stringify({
            id: `evt_fuzz_${eventId}`,
            object: "event",
            type,
            api_version: "2024-06-20",
            created: Math.floor(Date.now() / 1000),
            livemode: false,
            data: { object: obj },
          });
          const t = Math.floor(Date.now() / 1000);
          const v1 = createHmac("sha256", WEBHOOK_SECRET).update(`${t}.${payload}`).digest("hex");
          const r = await client.send("/api/stripe/webhook", {
            method: "POST",
            rawBody: payload,
            contentType: "application/json",
            headers: { "stripe-signature": `t=${t},v1=${v1}` },
            noOrigin: true,
          });
          record("webhook: signed made-up events", r.status);
          if (r.status >= 500) fail(`webhook: signed ${type} answered ${r.status}: ${r.body.slice(0, 200)}\n  ${payload.slice(0, 400)}`);
        }),
        { numRuns: RUNS, seed: seedFor("webhook signed"), endOnFailure: true, reporter: reporter("webhook signed") },
      );
    },
  );

  it(
    "a direct selection through award, contract, payments, delivery, acceptance, reviews and a complaint",
    { timeout: 300_000 },
    async () => {
      const path = `/projects/${w.ids.direct}`;
      await fuzzForm(spec("direct selection: complete"));
      await submitValid("direct selection: complete").catch(() => undefined);
      // No publicity period in the fuzz region: the job makes the award final within seconds.
      await waitForPage("owner", path, hasIntent("sign"), "the direct award becoming final", 60_000);
      await fuzzForm(spec("contract: sign"));
      await submitValid("contract: sign").catch(() => undefined);
      await waitForPage("agencyA", path, hasIntent("deliver"), "the signed contract");

      await fuzzForm(spec("payments: milestones"));
      await submitValid("payments: milestones").catch(() => undefined);
      w.ids.milestone = inputValue(await page("owner", path), "milestoneId") ?? undefined;
      await fuzzGroup("contract", [
        "payments: accept a milestone",
        "payments: offline payment",
        "payments: fund (Stripe)",
        "payments: refund order",
        "delivery",
      ]);
      const deliver = async () => {
        const html = await page("agencyA", path);
        if (hasIntent("deliver")(html)) await submitValid("delivery");
      };
      await deliver();
      await fuzzForm(spec("delivery: return"));
      await deliver();
      await waitForPage("owner", path, hasIntent("accept"), "the delivery");
      await fuzzForm(spec("delivery: accept"));
      await submitValid("delivery: accept").catch(() => undefined);
      await waitForPage("owner", path, (h) => h.includes('data-testid="review-form"'), "the completed contract");

      await fuzzForm(spec("review of the agency"));
      await submitValid("review of the agency").catch(() => undefined);
      await fuzzForm(spec("review of the owner"));
      await submitValid("review of the owner").catch(() => undefined);
      w.ids.review = inputValue(await page("agencyA", path), "reviewId") ?? undefined;
      await fuzzGroup("contract", ["reply to a review", "department rating", "complaint"]);
      await submitValid("complaint").catch(() => undefined);
      w.ids.complaint = inputValue(await page("office", "/regulator/complaints"), "id") ?? undefined;
      await fuzzGroup("contract", ["complaint decision", "terminate a contract"]);
    },
  );

  it("a scored selection through the owner's scores and an objection", { timeout: 300_000 }, async () => {
    const path = `/projects/${w.ids.scored}`;
    const html = await waitForPage("owner", path, (h) => /name="tech_[0-9a-f-]{36}"/.test(h), "the scored project opening", 180_000);
    w.dyn.tech = [...new Set([...html.matchAll(/name="(tech_[0-9a-f-]{36})"/g)].map((m) => m[1]!))];
    await fuzzForm(spec("scored selection: complete"));
    await submitValid("scored selection: complete").catch(() => undefined);
    await waitForPage("agencyB", path, hasIntent("object"), "the scored award in publicity", 30_000);
    await fuzzForm(spec("objection"));
    await submitValid("objection").catch(() => undefined);
    w.ids.objection = inputValue(await page("owner", path), "objectionId") ?? undefined;
    await fuzzForm(spec("objection: the owner answers"));
    await submitValid("objection: the owner answers").catch(() => undefined);
    await fuzzForm(spec("objection: escalate"));
    await submitValid("objection: escalate").catch(() => undefined);
    await fuzzGroup("objection", ["objection decision", "abandon an award"]);
  });
});

describe("after the fuzzing nothing is half-written", () => {
  it("the audit chain verifies and the records hold together", { timeout: 180_000 }, async () => {
    if (failures.length) throw new Error(`${failures.length} fuzz failures:\n${failures.join("\n")}`);
    const audit = await w.clients.office.post("/regulator/audit", []);
    expect(audit.status).toBe(200);
    expect(audit.body).toMatch(/data-testid="audit-result"/);
    expect(/class="alert alert-success"[^>]*data-testid="audit-result"/.test(audit.body), "the audit chain is intact").toBe(true);

    // Published facts agree with each other: every award within its project's ceiling.
    const projects = new Map(
      (await (await fetch(`${baseURL()}/open-data/bulk/projects.jsonl`)).text())
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { id: string; price_ceiling_amount: number | null; status: string })
        .map((p) => [p.id, p]),
    );
    const awards = (await (await fetch(`${baseURL()}/open-data/bulk/awards.jsonl`)).text())
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { project_id: string; value_amount: number; status: string });
    for (const a of awards) {
      const p = projects.get(a.project_id);
      expect(p, `award of an unknown project ${a.project_id}`).toBeTruthy();
      if (p?.price_ceiling_amount != null) expect(a.value_amount).toBeLessThanOrEqual(p.price_ceiling_amount);
      expect(["draft", "bidding", "published"]).not.toContain(p?.status);
    }

    const databaseUrl = inject("databaseUrl");
    if (!databaseUrl) return; // PGlite lives inside the app process: the HTTP checks above are what can be seen.
    const cli = spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const since = startedAt.toISOString();
      const checks: [string, string][] = [
        [
          "a project with a draw commitment but no secret",
          "select count(*)::int as n from projects p where p.draw_commitment is not null and not exists (select 1 from project_secrets s where s.project_id = p.id)",
        ],
        [
          "an award whose project never left bidding",
          "select count(*)::int as n from awards a join projects p on p.id = a.project_id where p.status in ('draft', 'published', 'bidding')",
        ],
        [
          "an award of a fuzz project without its audit event",
          `select count(*)::int as n from awards a join projects p on p.id = a.project_id where p.created_at >= '${since}' and not exists (select 1 from audit_events e where e.subject_id = p.id::text and e.action like 'project.awarded%')`,
        ],
        [
          "a bid above its project's ceiling",
          "select count(*)::int as n from bids b join projects p on p.id = b.project_id where p.price_ceiling_fen is not null and b.price_fen > p.price_ceiling_fen",
        ],
        [
          "a bid below its project's floor",
          "select count(*)::int as n from bids b join projects p on p.id = b.project_id where p.price_floor_fen is not null and b.price_fen < p.price_floor_fen",
        ],
        [
          "a contract whose award is not final",
          "select count(*)::int as n from contracts c join awards a on a.id = c.award_id where a.status not in ('final')",
        ],
        [
          "a contract for another amount than its award",
          "select count(*)::int as n from contracts c join awards a on a.id = c.award_id where c.amount_fen <> a.price_fen",
        ],
        [
          "milestones that do not add up to the contract",
          "select count(*)::int as n from (select m.contract_id from contract_milestones m join contracts c on c.id = m.contract_id group by m.contract_id, c.amount_fen having sum(m.amount_fen) <> c.amount_fen) x",
        ],
        [
          "funding above the contract amount",
          "select count(*)::int as n from (select p.contract_id from payment_movements p join contracts c on c.id = p.contract_id where p.kind = 'funding' and p.status in ('pending', 'succeeded') group by p.contract_id, c.amount_fen having sum(p.amount_fen) > c.amount_fen) x",
        ],
        [
          "an organisation signed up during the run without a member",
          `select count(*)::int as n from organizations o where o.created_at >= '${since}' and o.kind in ('agency', 'owner') and not exists (select 1 from memberships m where m.org_id = o.id)`,
        ],
        [
          "a user created during the run without an organisation",
          `select count(*)::int as n from users u where u.created_at >= '${since}' and not exists (select 1 from memberships m where m.user_id = u.id)`,
        ],
        [
          "a sanction without its subject",
          "select count(*)::int as n from sanctions s where not exists (select 1 from sanction_subjects x where x.sanction_id = s.id)",
        ],
        [
          "a published project without a policy",
          "select count(*)::int as n from projects p where p.status not in ('draft', 'cancelled') and p.published_at is not null and p.policy_id is null",
        ],
      ];
      const broken: string[] = [];
      for (const [what, q] of checks) {
        const n = (await client.query<{ n: number }>(q)).rows[0]!.n;
        if (n) broken.push(`${what}: ${n}`);
      }
      expect(broken).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
