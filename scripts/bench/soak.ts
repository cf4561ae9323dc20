// The soak: the built app on a fresh database (PostgreSQL when one answers, else
// PGlite) under a bounded loopback load for `minutes` (default 10) — a rate-capped mix of public reads
// (autocannon) and, beside it, one writer going through the HTML forms as people do: agencies and
// owners sign up, owners post and publish projects, agencies bid and ask questions, each with its
// session cookie and the Origin header the same-origin guard wants, each page fetched before its form
// is sent and the redirect followed. It samples the app process's resident memory, and at the end walks
// the audit chain (over HTTP as a regulator, and in the database on PostgreSQL).
//
// Passes when: no 5xx and no transport errors; memory flat after warm-up — the median RSS of the last
// fifth of the run against the fifth right after the first `warmupFraction` (default 20 %) grows by less
// than `rssGrowthBoundPct` % (15) or `rssGrowthBoundMb` MB (50), and the live JS heap after major GCs
// (sampled inside the app by a probe loaded through NODE_OPTIONS) by less than 15 % or 10 MB; and the
// audit chain intact. Short runs (1 minute) end before V8 and the allocator settle: read RSS with the heap.
//
//   npx tsx scripts/bench/soak.ts [--minutes 10] [--only pglite|postgres] [--rate 40] [--connections 4]
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { usccCheckChar, USCC_CHARSET } from "~/modules/identity/uscc";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { beijingDateTimeLocal } from "~/lib/beijing-calendar";
import { openDatabase } from "~/server/db.server";
import { auditHead } from "../lib/backup";
import { startApp } from "../lib/app-process";
import { summarize, type Summary } from "./stats";

export interface SoakOptions {
  minutes?: number;
  /** PostgreSQL server to create the app's database on; null → PGlite; undefined → probe as npm run bench does. */
  pgBase?: string | null;
  /** Read load: autocannon connections and the overall request rate cap (req/s). */
  connections?: number;
  readRate?: number;
  /** Pause between two write actions of the writer (ms). */
  writePauseMs?: number;
  /** Memory is judged from the end of this share of the run (default 0.2). */
  warmupFraction?: number;
  rssGrowthBoundPct?: number;
  rssGrowthBoundMb?: number;
  /** Leave out the read load or the writer (to tell which one moves memory). */
  reads?: boolean;
  writes?: boolean;
  /** Extra environment for the app process (e.g. NODE_OPTIONS). */
  appEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface RssSample {
  tSeconds: number;
  rssMb: number;
}

export interface SoakResult {
  database: "pglite" | "postgres";
  minutes: number;
  seconds: number;
  reads: {
    requests: number;
    perSecond: number;
    status: Record<string, number>;
    latencyMs: Summary;
    byRoute: Record<string, { n: number; p50: number; p95: number; non2xx: number }>;
  };
  writes: {
    actions: Record<string, { ok: number; refused: number; failed: number; latencyMs: Summary }>;
    requests: number;
    status: Record<string, number>;
    refusals: Record<string, number>;
    created: { agencies: number; owners: number; projects: number; bids: number; questions: number };
  };
  requests: number;
  errors5xx: number;
  /** Requests that got no answer at all (connection errors, timeouts). */
  transportErrors: number;
  fiveXxSamples: string[];
  latencyMs: Summary;
  memory: {
    samples: RssSample[];
    startMb: number;
    warmMb: number;
    endMb: number;
    maxMb: number;
    growthMb: number;
    growthPct: number;
    slopeMbPerMinute: number;
    bound: string;
    rssFlat: boolean;
    heapFlat: boolean;
    flat: boolean;
    /** The live JS heap after each major GC (the app's own samples): warm-up on, first and last three. */
    heapAfterGc: {
      samples: RssSample[];
      warmMb: number | null;
      endMb: number | null;
      growthMb: number | null;
      slopeMbPerMinute: number | null;
    };
    /** Memory outside the JS heap at the same moments (PGlite's WebAssembly memory is counted here). */
    externalAfterGc: { samples: RssSample[]; warmMb: number | null; endMb: number | null };
  };
  cpuSeconds: number | null;
  audit: {
    events: number;
    headHash: string;
    httpVerified: boolean;
    httpText: string;
    dbVerified: boolean | null;
    dbChecked: number | null;
  };
  pass: boolean;
}

// ------------------------------------------------------------------ helpers

const SOAK_PASSWORD = "Soak-password-2026";
const DEMO_PASSWORD = "Demo-2026-zjcs";
/** Catalogue items that need no legal qualification, so any agency may bid. */
const ITEM_NAMES = [
  "建设项目环境影响报告表编制",
  "生产建设项目水土保持方案编制",
  "工程造价咨询（概算、预算、结算审核）",
  "固定资产投资项目节能报告编制",
];

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 (1-based) of the whole line, 12 and 13 after "(comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return Math.round(m * 10) / 10;
};

function slope(samples: RssSample[]): number {
  if (samples.length < 2) return 0;
  const mx = samples.reduce((a, s) => a + s.tSeconds, 0) / samples.length;
  const my = samples.reduce((a, s) => a + s.rssMb, 0) / samples.length;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.tSeconds - mx) * (s.rssMb - my);
    den += (s.tSeconds - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

/**
 * Loaded into the app process (NODE_OPTIONS --import, a data: URL; no app code changes): after each
 * major GC it appends "<ms since epoch> <heapUsed bytes> <external bytes>" to $SOAK_HEAP_FILE: the live
 * JS heap, which tells a leak (it climbs) from V8 and malloc keeping pages they may reuse (RSS climbs, the
 * heap does not); and memory outside the heap, which holds PGlite's WebAssembly memory (it never shrinks).
 */
const HEAP_PROBE = `
import fs from "node:fs";
import { PerformanceObserver, constants } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";
const out = process.env.SOAK_HEAP_FILE;
if (out && isMainThread) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if ((e.detail?.kind ?? 0) & constants.NODE_PERFORMANCE_GC_MAJOR) setImmediate(() => { const m = process.memoryUsage(); fs.appendFileSync(out, Date.now() + " " + m.heapUsed + " " + m.external + "\\n"); });
    }
  }).observe({ entryTypes: ["gc"] });
}
`;

function readHeapProbe(file: string, t0: number): { heap: RssSample[]; external: RssSample[] } {
  const rows = fs.existsSync(file)
    ? fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(" ").map(Number))
    : [];
  const at = (t: number) => Math.round((t - t0) / 100) / 10;
  const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
  return {
    heap: rows.map(([t, h]) => ({ tSeconds: at(t!), rssMb: mb(h!) })),
    external: rows.map(([t, , x]) => ({ tSeconds: at(t!), rssMb: mb(x ?? 0) })),
  };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** A valid, unique unified social credit code: 91 (enterprise) + Nanjing + a run-scoped serial + check. */
function creditCode(run: number, i: number): string {
  let serial = "";
  let n = run * 100_000 + i;
  for (let k = 0; k < 9; k++) {
    serial = USCC_CHARSET[n % 31]! + serial;
    n = Math.floor(n / 31);
  }
  const body = `91320100${serial}`;
  return body + usccCheckChar(body);
}

/** One browser's worth of state: its cookies. */
class Session {
  cookies = new Map<string, string>();
  constructor(readonly label: string) {}
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  absorb(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

class WriteOutcome extends Error {
  constructor(
    readonly kind: "refused" | "failed",
    message: string,
  ) {
    super(message);
  }
}

// ------------------------------------------------------------------ the soak

export async function benchSoak(opts: SoakOptions = {}): Promise<SoakResult> {
  const minutes = opts.minutes ?? 10;
  const log = opts.log ?? ((l: string) => console.log(l));
  const warmupFraction = opts.warmupFraction ?? 0.2;
  const boundPct = opts.rssGrowthBoundPct ?? 15;
  const boundMb = opts.rssGrowthBoundMb ?? 50;
  const pgBase = opts.pgBase === undefined ? await probePostgres() : opts.pgBase;
  const heapFile = path.join(os.tmpdir(), `zjcs-soak-heap-${process.pid}-${Date.now()}.txt`);
  const probe = `--import=data:text/javascript;base64,${Buffer.from(HEAP_PROBE).toString("base64")}`;
  const app = await startApp({
    pgBase: pgBase ?? undefined,
    // Every soak client is 127.0.0.1, so the per-address sign-up limit (tested in hardening/sessions.test.ts)
    // would turn the writer's sign-ups into refusals after the first few dozen: it is lifted for the soak.
    // MALLOC_ARENA_MAX=2, as the README recommends for production: with glibc's default of one malloc arena
    // per thread, the native password hashing (Argon2, 19 MiB a hash, on libuv's threads) left the RSS
    // climbing while the live JS heap stayed flat (docs/decisions/037; the figures in db/README.md).
    env: {
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
      NODE_OPTIONS: [process.env.NODE_OPTIONS, probe].filter(Boolean).join(" "),
      SOAK_HEAP_FILE: heapFile,
      SIGNUP_RATE_LIMIT: "0",
      ...opts.appEnv,
    },
  });
  const database = app.databaseKind;
  const base = app.baseURL;
  const origin = new URL(base).origin;
  const run = Math.floor(Date.now() / 1000) % 10_000;
  log(`soak: ${minutes} min on ${database}, app ${base} (pid ${app.pid ?? "?"})`);

  const writeStatus: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  const fiveXx: string[] = [];
  let writeRequests = 0;
  let transportErrors = 0;
  const writeLatencies: number[] = [];

  /** One request as a browser sends it: cookies, Origin on posts, no automatic redirects. */
  async function send(
    s: Session | null,
    method: "GET" | "POST",
    p: string,
    form?: Record<string, string>,
  ): Promise<{ res: Response; body: string }> {
    const headers: Record<string, string> = { "Accept-Language": "zh-CN", Accept: "text/html" };
    if (s && s.cookies.size > 0) headers.Cookie = s.header();
    if (method === "POST") {
      headers.Origin = origin;
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    const t = performance.now();
    let res: Response;
    try {
      const init: RequestInit = { method, headers, redirect: "manual", signal: AbortSignal.timeout(30_000) };
      if (method === "POST") init.body = new URLSearchParams(form ?? {}).toString();
      res = await fetch(base + p, init);
    } catch (e) {
      transportErrors++;
      throw new WriteOutcome("failed", `${method} ${p}: ${(e as Error).message}`);
    }
    const body = await res.text();
    writeLatencies.push(performance.now() - t);
    writeRequests++;
    writeStatus[res.status] = (writeStatus[res.status] ?? 0) + 1;
    s?.absorb(res);
    if (res.status >= 500) {
      if (fiveXx.length < 20) fiveXx.push(`${method} ${p} → ${res.status}: ${body.replace(/\s+/g, " ").slice(0, 300)}`);
      throw new WriteOutcome("failed", `${method} ${p} → ${res.status}`);
    }
    return { res, body };
  }

  /** Posts a form and follows its redirect; a 4xx answer is a refusal (with the field messages it names). */
  async function submit(s: Session, p: string, form: Record<string, string>, expect: RegExp): Promise<string> {
    const { res, body } = await send(s, "POST", p, form);
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get("location") ?? "";
      if (!expect.test(location)) throw new WriteOutcome("refused", `redirect to ${location}`);
      await send(s, "GET", new URL(location, base).pathname + new URL(location, base).search);
      return location;
    }
    const reason =
      /class="field-error"[^>]*>([^<]{1,80})/.exec(body)?.[1] ??
      /class="alert alert-error" role="alert"[^>]*>(?:<[^>]+>)*([^<]{1,80})/.exec(body)?.[1] ??
      `status ${res.status}`;
    throw new WriteOutcome("refused", `${p}: ${reason}`);
  }

  // What there is to read: project ids, agency ids, item ids (from the pages themselves).
  const projectIds: string[] = [];
  const agencyIds: string[] = [];
  const openProjects: { id: string; ceilingYuan: number }[] = [];
  const owners: Session[] = [];
  const agencies: Session[] = [];
  let itemIds: number[] = [];
  let allItemIds: number[] = [];

  const sampleStart = Date.now();
  const samples: RssSample[] = [];
  const cpu0 = app.pid ? cpuSeconds(app.pid) : null;
  const sample = () => {
    const mb = app.pid ? rssMb(app.pid) : null;
    if (mb != null) samples.push({ tSeconds: Math.round((Date.now() - sampleStart) / 100) / 10, rssMb: mb });
  };

  try {
    const logIn = async (email: string) => {
      const s = new Session(email);
      await send(s, "GET", "/login");
      await submit(s, "/login", { email, password: DEMO_PASSWORD, redirectTo: "" }, /\/account/);
      return s;
    };
    for (const e of ["owner@demo.zjcs.cn", "department@demo.zjcs.cn"]) owners.push(await logIn(e));
    for (const e of ["agency@demo.zjcs.cn", "jinling@demo.zjcs.cn", "suce@demo.zjcs.cn", "antai@demo.zjcs.cn", "huaxin@demo.zjcs.cn"])
      agencies.push(await logIn(e));
    const regulator = await logIn("regulator@demo.zjcs.cn");

    const form = (await send(owners[0]!, "GET", "/owner/projects/new")).body;
    const options = [...form.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)].map((m) => ({
      id: Number(m[1]),
      name: m[2]!.trim(),
    }));
    allItemIds = [...new Set(options.map((o) => o.id))];
    itemIds = options.filter((o) => ITEM_NAMES.includes(o.name)).map((o) => o.id);
    if (itemIds.length === 0) throw new Error("soak: none of the expected catalogue items is offered on /owner/projects/new");
    const projectsPage = (await send(null, "GET", "/projects")).body;
    projectIds.push(...new Set([...projectsPage.matchAll(/href="\/projects\/([0-9a-f-]{36})"/g)].map((m) => m[1]!)));
    const dir = JSON.parse((await send(null, "GET", "/api/agencies")).body) as { results: { id: string }[] };
    agencyIds.push(...dir.results.map((a) => a.id));
    log(`soak: ${projectIds.length} projects, ${agencyIds.length} agencies, ${itemIds.length} biddable items to start with`);

    // ---------------------------------------------------------------- reads (autocannon)
    const seconds = Math.max(10, Math.round(minutes * 60));
    const deadline = Date.now() + seconds * 1000;
    const qs = ["环境", "测绘", "咨询", "水土保持", "造价", "南京", "评价"];
    const reads: [number, () => string][] = [
      [3, () => "/"],
      [2, () => "/projects"],
      [4, () => `/projects/${pick(projectIds)}`],
      [1, () => `/projects/${pick(projectIds)}/audit.json`],
      [1, () => "/agencies"],
      [2, () => `/agencies?q=${encodeURIComponent(pick(qs))}`],
      [1, () => `/agencies?item=${pick(allItemIds)}&region=320100&sort=price`],
      [1, () => `/agencies?q=${encodeURIComponent(pick(qs))}&grade=B&sort=credit&page=${1 + Math.floor(Math.random() * 2)}`],
      [1, () => `/agencies/${pick(agencyIds)}`],
      [1, () => `/api/agencies?q=${encodeURIComponent(pick(qs))}`],
      [1, () => "/ocds/releases?limit=50"],
      [1, () => `/ocds/records/${pick(projectIds)}`],
      [1, () => "/stats"],
      [1, () => "/blacklist"],
      [1, () => "/blacklist?state=all"],
      [1, () => "/services"],
      [1, () => "/credit"],
      [1, () => "/complaints"],
      [1, () => "/cases"],
      [1, () => "/open-data"],
    ];
    const totalWeight = reads.reduce((a, [w]) => a + w, 0);
    const routeOf = (p: string) => p.replace(/[0-9a-f-]{36}/g, ":id").replace(/\?.*$/, "?…");
    const nextRead = () => {
      let r = Math.random() * totalWeight;
      for (const [w, f] of reads) if ((r -= w) < 0) return f();
      return "/";
    };
    const readStatus: Record<string, number> = {};
    const readLatencies: number[] = [];
    const byRoute = new Map<string, { lat: number[]; non2xx: number }>();
    const startReads = () =>
      new Promise<{ errors: number; timeouts: number }>((resolve, reject) => {
        const cannon = autocannon(
          {
            url: base,
            connections: opts.connections ?? 4,
            overallRate: opts.readRate ?? 40,
            duration: seconds,
            timeout: 30,
            headers: { "accept-language": "zh-CN", "accept-encoding": "gzip", accept: "text/html,application/json" },
            requests: [
              {
                setupRequest: (req, context) => {
                  const p = nextRead();
                  (context as { route?: string; path?: string }).route = routeOf(p);
                  (context as { route?: string; path?: string }).path = p;
                  return { ...req, method: "GET", path: p };
                },
                onResponse: (status, body, context) => {
                  if (status >= 500 && fiveXx.length < 20)
                    fiveXx.push(
                      `GET ${(context as { path?: string }).path} → ${status}: ${String(body).replace(/\s+/g, " ").slice(0, 300)}`,
                    );
                },
              },
            ],
          },
          (err, r) => (err ? reject(err) : resolve(r)),
        );
        cannon.on("response", (client: unknown, status: number, _bytes: number, ms: number) => {
          readStatus[status] = (readStatus[status] ?? 0) + 1;
          readLatencies.push(ms);
          const route = (client as { requestIterator?: { context?: { route?: string } } }).requestIterator?.context?.route ?? "?";
          const r = byRoute.get(route) ?? { lat: [], non2xx: 0 };
          r.lat.push(ms);
          if (status < 200 || status >= 300) r.non2xx++;
          byRoute.set(route, r);
        });
      });
    const readsDone =
      opts.reads === false
        ? new Promise<{ errors: number; timeouts: number }>((r) => setTimeout(() => r({ errors: 0, timeouts: 0 }), seconds * 1000))
        : startReads();

    // ---------------------------------------------------------------- memory
    sample();
    const every = Math.min(5000, Math.max(1000, Math.round((seconds * 1000) / 120)));
    const sampler = setInterval(sample, every);

    // ---------------------------------------------------------------- writes (one writer through the forms)
    const actions: Record<string, { ok: number; refused: number; failed: number; lat: number[] }> = {};
    const created = { agencies: 0, owners: 0, projects: 0, bids: 0, questions: 0 };
    let serial = 0;
    const beijingInput = beijingDateTimeLocal;

    const signUp = async (kind: "agency" | "owner") => {
      const i = ++serial;
      const s = new Session(`soak-${kind}-${i}`);
      await send(s, "GET", "/signup");
      const common = {
        kind,
        orgName: kind === "agency" ? `浸泡测试咨询有限公司${run}-${i}` : `浸泡测试建设有限公司${run}-${i}`,
        creditCode: creditCode(run, i),
        regionCode: "320100",
        userName: `测试员${i}`,
        email: `soak-${run}-${i}@soak.zjcs.test`,
        password: SOAK_PASSWORD,
        passwordConfirm: SOAK_PASSWORD,
      };
      const extra: Record<string, string> =
        kind === "agency"
          ? {
              legalRepresentative: `法人${i}`,
              address: `南京市鼓楼区测试路 ${i} 号`,
              businessScope: "环境影响评价、水土保持方案编制、工程造价咨询",
              contactPerson: "测试员",
              contactPhone: "025-83001234",
              contactEmail: "",
              pledge: "on",
            }
          : { ownerType: "enterprise" };
      await submit(s, "/signup", { ...common, ...extra }, /\/account/);
      if (kind === "agency") {
        agencies.push(s);
        created.agencies++;
      } else {
        owners.push(s);
        created.owners++;
      }
      // Keep the sessions in use bounded: the oldest soak sessions retire (the demo ones stay).
      if (agencies.length > 40) agencies.splice(5, 1);
      if (owners.length > 12) owners.splice(2, 1);
    };

    const postProject = async () => {
      const s = pick(owners);
      await send(s, "GET", "/owner/projects/new");
      const ceiling = 20_000 + Math.floor(Math.random() * 80) * 1000;
      const saved = await submit(
        s,
        "/owner/projects/new",
        {
          intent: "save",
          title: `浸泡测试项目 ${run}-${++serial} 环境影响评价`,
          serviceItemId: String(pick(itemIds)),
          regionCode: "320100",
          description: "浸泡测试：新建厂房项目，编制报告并配合报批，含现场踏勘与资料收集。",
          deliverables: "报告（报批稿）一式五份",
          priceCeiling: String(ceiling),
          priceFloor: "",
          selectionMethod: pick(["lowestPrice", "lowestPrice", "randomDraw"]),
          bidDeadline: beijingInput(new Date(Date.now() + 45 * 86_400_000)),
          expectedDays: "30",
        },
        /\/owner\/projects\/[0-9a-f-]{36}\?saved=1/,
      );
      const id = /\/owner\/projects\/([0-9a-f-]{36})/.exec(saved)![1]!;
      await submit(s, `/owner/projects/${id}`, { intent: "publish", publishKey: randomUUID() }, /\/projects\/[0-9a-f-]{36}\?published=1/);
      created.projects++;
      projectIds.push(id);
      openProjects.push({ id, ceilingYuan: ceiling });
      if (openProjects.length > 30) openProjects.shift();
    };

    const bid = async () => {
      if (openProjects.length === 0) return postProject();
      const s = pick(agencies);
      const p = pick(openProjects);
      await send(s, "GET", `/projects/${p.id}`);
      const price = Math.round(p.ceilingYuan * (0.6 + Math.random() * 0.35));
      await submit(
        s,
        `/projects/${p.id}`,
        {
          intent: "bid",
          price: String(price),
          committedDays: String(20 + Math.floor(Math.random() * 20)),
          proposal: "浸泡测试报价：按规范编制，按期交付。",
        },
        /\?bid=\d+/,
      );
      created.bids++;
    };

    const ask = async () => {
      if (openProjects.length === 0) return postProject();
      const s = pick(agencies);
      const p = pick(openProjects);
      await send(s, "GET", `/projects/${p.id}`);
      await submit(
        s,
        `/projects/${p.id}`,
        { intent: "ask", question: `请问项目 ${serial} 的现场踏勘安排在什么时间？资料清单能否提前提供？` },
        /\?asked=1/,
      );
      created.questions++;
    };

    const cycle: [string, () => Promise<unknown>][] = [
      ["project", postProject],
      ["bid", bid],
      ["bid", bid],
      ["question", ask],
      ["agency sign-up", () => signUp("agency")],
      ["bid", bid],
      ["bid", bid],
      ["project", postProject],
      ["question", ask],
      ["bid", bid],
    ];
    let step = 0;
    const writer = (async () => {
      while (opts.writes !== false && Date.now() < deadline - 1000) {
        const [name, fn] =
          step % 50 === 49 ? (["owner sign-up", () => signUp("owner")] as [string, () => Promise<unknown>]) : cycle[step % cycle.length]!;
        step++;
        const a = (actions[name] ??= { ok: 0, refused: 0, failed: 0, lat: [] });
        const t = performance.now();
        try {
          await fn();
          a.ok++;
        } catch (e) {
          if (e instanceof WriteOutcome) {
            a[e.kind]++;
            const key = `${name}: ${e.message.replace(/[0-9a-f-]{36}/g, ":id").replace(/\d+/g, "N")}`;
            refusals[key] = (refusals[key] ?? 0) + 1;
          } else throw e;
        }
        a.lat.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, opts.writePauseMs ?? 250));
      }
    })();

    const progress = setInterval(
      () => {
        const last = samples[samples.length - 1];
        log(
          `  t=${Math.round((Date.now() - sampleStart) / 1000)} s: ${readLatencies.length} reads, ${writeRequests} write-flow requests, ${fiveXx.length} 5xx, rss ${last?.rssMb ?? "?"} MB`,
        );
      },
      Math.max(10_000, Math.round(seconds * 100)),
    );

    const [readResult] = await Promise.all([readsDone, writer]);
    clearInterval(progress);
    clearInterval(sampler);
    sample();
    const cpu1 = app.pid ? cpuSeconds(app.pid) : null;

    // ---------------------------------------------------------------- the audit chain, at the end
    const auditPage = await send(regulator, "POST", "/regulator/audit", {});
    const m = /<p class="alert (alert-success|alert-error)"[^>]*data-testid="audit-result"[^>]*>([\s\S]*?)<\/p>/.exec(auditPage.body);
    const httpText = (m?.[2] ?? "no audit result on the page")
      .replace(/<!-- -->/g, "")
      .replace(/<[^>]+>/g, "")
      .trim();
    const httpVerified = m?.[1] === "alert-success";
    let dbVerified: boolean | null = null;
    let dbChecked: number | null = null;
    let head = { events: 0, headHash: "" };
    if (app.databaseUrl) {
      const h = await openDatabase({ url: app.databaseUrl, poolSize: 2 });
      try {
        const r = await verifyAuditChain(h.db);
        dbVerified = r.ok;
        dbChecked = r.checked;
        const a = await auditHead(h.db);
        head = { events: a.events, headHash: a.headHash };
      } finally {
        await h.close();
      }
    } else {
      const n = /已校验 (\d+) 条记录/.exec(httpText);
      head = { events: n ? Number(n[1]) : 0, headHash: /末条哈希 ([0-9a-f]{16})/.exec(httpText)?.[1] ?? "" };
    }

    // ---------------------------------------------------------------- figures
    const warmAt = seconds * warmupFraction;
    // Medians over windows of a fifth of the run (GC and allocator reuse make single samples swing):
    // the fifth right after warm-up, and the last fifth.
    const fifth = seconds * 0.2;
    const warmWindow = samples.filter((s) => s.tSeconds >= warmAt && s.tSeconds < warmAt + fifth);
    const endWindow = samples.filter((s) => s.tSeconds >= seconds - fifth);
    const warmRef = median((warmWindow.length ? warmWindow : samples.slice(0, 1)).map((s) => s.rssMb));
    const endMb = median((endWindow.length ? endWindow : samples.slice(-1)).map((s) => s.rssMb));
    const growthMb = Math.round((endMb - warmRef) * 10) / 10;
    const growthPct = Math.round((growthMb / warmRef) * 1000) / 10;
    const rssFlat = Number.isFinite(growthMb) && (growthMb < boundMb || growthPct < boundPct);
    const { heap, external } = readHeapProbe(heapFile, sampleStart);
    fs.rmSync(heapFile, { force: true });
    const heapWarm = heap.filter((h) => h.tSeconds >= warmAt && h.tSeconds <= seconds);
    const externalWarm = external.filter((h) => h.tSeconds >= warmAt && h.tSeconds <= seconds);
    const heapFirst = heapWarm.length >= 2 ? median(heapWarm.slice(0, 3).map((h) => h.rssMb)) : null;
    const heapLast = heapWarm.length >= 2 ? median(heapWarm.slice(-3).map((h) => h.rssMb)) : null;
    const heapGrowth = heapFirst != null && heapLast != null ? heapLast - heapFirst : null;
    const heapFlat = heapGrowth == null || heapGrowth < 10 || heapGrowth / heapFirst! < boundPct / 100;
    const flat = rssFlat && heapFlat;
    const readsTotal = readLatencies.length;
    const allLat = [...readLatencies, ...writeLatencies];
    const status5xx = (st: Record<string, number>) => Object.entries(st).reduce((n, [k, v]) => n + (Number(k) >= 500 ? v : 0), 0);
    const errors5xx = status5xx(readStatus) + status5xx(writeStatus);
    transportErrors += readResult.errors + readResult.timeouts;
    const result: SoakResult = {
      database,
      minutes,
      seconds,
      reads: {
        requests: readsTotal,
        perSecond: Math.round((readsTotal / seconds) * 10) / 10,
        status: readStatus,
        latencyMs: summarize(readLatencies),
        byRoute: Object.fromEntries(
          [...byRoute]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => {
              const s = summarize(v.lat);
              return [k, { n: s.n, p50: s.p50, p95: s.p95, non2xx: v.non2xx }];
            }),
        ),
      },
      writes: {
        actions: Object.fromEntries(
          Object.entries(actions).map(([k, v]) => [k, { ok: v.ok, refused: v.refused, failed: v.failed, latencyMs: summarize(v.lat) }]),
        ),
        requests: writeRequests,
        status: writeStatus,
        refusals,
        created,
      },
      requests: readsTotal + writeRequests,
      errors5xx,
      transportErrors,
      fiveXxSamples: fiveXx,
      latencyMs: summarize(allLat),
      memory: {
        samples,
        startMb: samples[0]?.rssMb ?? NaN,
        warmMb: Math.round(warmRef * 10) / 10,
        endMb: Math.round(endMb * 10) / 10,
        maxMb: Math.max(...samples.map((s) => s.rssMb)),
        growthMb,
        growthPct,
        slopeMbPerMinute: Math.round(slope(samples.filter((s) => s.tSeconds >= warmAt)) * 10) / 10,
        bound: `median RSS of the last fifth of the run vs the fifth after the first ${Math.round(warmupFraction * 100)} %: growth < ${boundPct} % or < ${boundMb} MB; live heap after GC: growth < ${boundPct} % or < 10 MB`,
        rssFlat,
        heapFlat,
        flat,
        heapAfterGc: {
          samples: heap,
          warmMb: heapFirst,
          endMb: heapLast,
          growthMb: heapFirst != null && heapLast != null ? Math.round((heapLast - heapFirst) * 10) / 10 : null,
          slopeMbPerMinute: heapWarm.length >= 2 ? Math.round(slope(heapWarm) * 10) / 10 : null,
        },
        externalAfterGc: {
          samples: external,
          warmMb: externalWarm.length ? median(externalWarm.slice(0, 3).map((x) => x.rssMb)) : null,
          endMb: externalWarm.length ? median(externalWarm.slice(-3).map((x) => x.rssMb)) : null,
        },
      },
      cpuSeconds: cpu0 != null && cpu1 != null ? Math.round((cpu1 - cpu0) * 10) / 10 : null,
      audit: { events: head.events, headHash: head.headHash, httpVerified, httpText, dbVerified, dbChecked },
      pass: errors5xx === 0 && transportErrors === 0 && flat && httpVerified && dbVerified !== false,
    };
    return result;
  } finally {
    await app.stop();
  }
}

async function probePostgres(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return url;
  } catch {
    return null;
  }
}

export function formatSoak(r: SoakResult): string[] {
  const w = r.writes;
  const lines = [
    `soak on ${r.database}, ${r.minutes} min: ${r.requests} requests (${r.reads.requests} reads at ${r.reads.perSecond}/s, ${w.requests} in the write flows), ${r.errors5xx} 5xx, ${r.transportErrors} transport errors`,
    `  latency all p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms; reads p50 ${r.reads.latencyMs.p50} ms, p95 ${r.reads.latencyMs.p95} ms`,
    `  writes: ${Object.entries(w.actions)
      .map(
        ([k, v]) =>
          `${k} ${v.ok} ok${v.refused ? ` / ${v.refused} refused` : ""}${v.failed ? ` / ${v.failed} FAILED` : ""} (p95 ${v.latencyMs.p95} ms)`,
      )
      .join("; ")}`,
    `  created: ${w.created.agencies} agencies, ${w.created.owners} owners, ${w.created.projects} projects, ${w.created.bids} bids, ${w.created.questions} questions`,
    `  rss: start ${r.memory.startMb} MB, after warm-up ${r.memory.warmMb} MB, end ${r.memory.endMb} MB (max ${r.memory.maxMb}), growth ${r.memory.growthMb} MB = ${r.memory.growthPct} %, slope ${r.memory.slopeMbPerMinute} MB/min → ${r.memory.rssFlat ? "flat" : "NOT flat"}`,
    `  live JS heap after major GCs (${r.memory.heapAfterGc.samples.length} of them): ${r.memory.heapAfterGc.warmMb ?? "?"} MB after warm-up → ${r.memory.heapAfterGc.endMb ?? "?"} MB at the end (growth ${r.memory.heapAfterGc.growthMb ?? "?"} MB, slope ${r.memory.heapAfterGc.slopeMbPerMinute ?? "?"} MB/min) → ${r.memory.heapFlat ? "flat" : "NOT flat"}`,
    `  outside the JS heap (buffers, PGlite's WebAssembly memory): ${r.memory.externalAfterGc.warmMb ?? "?"} MB after warm-up → ${r.memory.externalAfterGc.endMb ?? "?"} MB at the end`,
    `  memory bound: ${r.memory.bound}`,
    `  cpu: ${r.cpuSeconds ?? "?"} s of app CPU`,
    `  audit chain: ${r.audit.events} events, head ${r.audit.headHash.slice(0, 16)}…; over HTTP ${r.audit.httpVerified ? "intact" : "NOT intact"} (${r.audit.httpText})${r.audit.dbVerified == null ? "" : `; in the database ${r.audit.dbVerified ? "intact" : "BROKEN"} (${r.audit.dbChecked} events)`}`,
  ];
  if (Object.keys(w.refusals).length)
    lines.push(
      `  refusals: ${Object.entries(w.refusals)
        .map(([k, v]) => `${k} ×${v}`)
        .join("; ")}`,
    );
  for (const s of r.fiveXxSamples) lines.push(`  5xx: ${s}`);
  lines.push(`  ${r.pass ? "PASS" : "FAIL"}: zero 5xx, memory flat, audit chain intact`);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const only = arg("only");
  const r = await benchSoak({
    minutes: Number(arg("minutes") ?? 10),
    pgBase:
      only === "pglite"
        ? null
        : only === "postgres"
          ? ((await probePostgres()) ??
            (() => {
              throw new Error("PostgreSQL not reachable");
            })())
          : undefined,
    readRate: arg("rate") ? Number(arg("rate")) : undefined,
    connections: arg("connections") ? Number(arg("connections")) : undefined,
  });
  console.log(formatSoak(r).join("\n"));
  const out = path.resolve("bench-results", `soak-${r.database}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(r, null, 2) + "\n");
  console.log(`  written to ${path.relative(process.cwd(), out)}`);
  process.exitCode = r.pass ? 0 : 1;
}
