// The scale benchmark: a generated marketplace on PostgreSQL (default 100k agencies, 20k
// owners, 1M projects, ~5M bids — `npm run db:generate`'s full scale), then, each against a reference
// measured in the same run:
//  - the regulator's dashboard and the public statistics (dashboardData) — reference: the same SQL
//    statements sent bare over pg, with the same concurrency; target < 300 ms;
//  - the risk queue (riskQueue for the province regulator) — reference: its SQL bare; target < 300 ms;
//    and the red-flag evaluation (refreshFlagHits) once, with its time and the memory it takes;
//  - the project page served by two app instances under HTTP load (autocannon on loopback, bounded in
//    time, random projects) — reference: a static file from the same servers under the same load;
//    target ≥ 500 req/s;
//  - the OCDS change feed (a page of 100 releases) and a bulk file streamed end to end (time to first
//    byte, rows per second, the server's memory before and after) — reference: the feed's bare SQL.
// Query plans (EXPLAIN (ANALYZE, BUFFERS)) of the statements measured are written to db/plans/, which is
// committed, so a reviewer sees a plan change.
//
// Run alone: `npx tsx scripts/bench/scale.ts [--agencies N] [--owners N] [--projects N] [--seconds S]
// [--keep] [--database URL]`. --database reuses an already generated database (skips generating);
// --keep leaves the generated database in place and prints its URL for the next run.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { Kysely, PostgresDialect, type LogEvent } from "kysely";
import pg from "pg";
import type { DB } from "#db/schema";
import { seedReference } from "#db/seed/reference";
import { getViewer } from "~/modules/identity/accounts.server";
import { dashboardData, officeScope, PUBLIC_SCOPE, refreshDashboardMonths } from "~/modules/oversight/dashboard.server";
import { claimJob, finishJob } from "~/jobs/job-runs.server";
import { refreshFlagHits, riskQueue } from "~/modules/oversight/flags.server";
import { kyselyPlugins, openDatabase } from "~/server/db.server";
import { migrateToLatest } from "~/server/migrate.server";
import { generate, progressBar } from "../generate";
import { GENERATOR_REGULATOR_EMAIL } from "../generate/context";
import { getProjectPage } from "~/modules/procurement/project-view.server";
import { startApp, type AppProcess } from "../lib/app-process";
import { createFreshDatabase } from "../lib/pg-admin";
import { summarize, timeIt, type Summary } from "./stats";

export interface ScaleOptions {
  agencies?: number;
  owners?: number;
  projects?: number;
  /** Seconds of HTTP load per measurement (default 15). */
  seconds?: number;
  /** Reuse this generated database instead of generating one. */
  databaseUrl?: string;
  /** Leave the generated database in place. */
  keep?: boolean;
  /** Where the query plans go (default db/plans). */
  plansDir?: string;
  seed?: number;
  /** Skip the red flags, the rollup and the dashboards (measure the HTTP side only). */
  httpOnly?: boolean;
}

export interface ScaleRow {
  name: string;
  database: "postgres";
  subject: Summary;
  reference: Summary;
  referenceName: string;
  ratioP95: number;
}

export interface HttpLoad {
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  latency: Summary;
  /** CPU milliseconds per request during the load: the app instances, PostgreSQL, this process (the load generator), the whole machine. */
  cpuMsPerRequest: CpuPerRequest | null;
}

export interface CpuPerRequest {
  apps: number;
  postgres: number;
  loadGenerator: number;
  machine: number;
}

export interface ScaleResult {
  counts: Record<string, number>;
  generateMs: number | null;
  databaseUrl: string | null;
  rows: ScaleRow[];
  flagRefresh: { ms: number; hits: number; rssBeforeMb: number; rssPeakMb: number; heapPeakMb: number };
  rollup: { ms: number; rows: number };
  projectPage: {
    instances: number;
    connections: number;
    seconds: number;
    page: HttpLoad;
    /** cold-page requests that were not the first for their project */ repeated: number;
    hot: HttpLoad;
    staticFile: HttpLoad;
    targetMet: boolean;
    hotTargetMet: boolean;
  };
  bulk: {
    file: string;
    ttfbMs: number;
    rows: number;
    seconds: number;
    rowsPerSecond: number;
    complete: boolean;
    serverRssBeforeMb: number;
    serverRssAfterMb: number;
  };
  targets: Record<string, boolean>;
  plans: string[];
}

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

const ratio = (a: Summary, b: Summary) => Math.round((a.p95 / b.p95) * 10) / 10;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The statements `fn` sends, captured through a Kysely log callback on a separate instance. */
async function capture(url: string, fn: (db: Kysely<DB>) => Promise<unknown>): Promise<Captured[]> {
  const captured: Captured[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 10, options: "-c TimeZone=UTC -c jit=off" });
  // The database is dropped (with force) at the end: a connection it ends must not end the process.
  pool.on("error", () => undefined);
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    plugins: kyselyPlugins,
    log: (e: LogEvent) => {
      if (e.level === "query") captured.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
  return captured;
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's parent and CPU times in ms (its own user + system; its reaped children's), null when it is gone. */
function statOf(pid: number): { ppid: number; ms: number; childrenMs: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      ppid: Number(fields[1]),
      ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK,
      childrenMs: ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK,
    };
  } catch {
    return null;
  }
}

/** CPU time (user + system) of a process in ms, 0 when it is gone. */
function cpuMsOf(pid: number): number {
  return statOf(pid)?.ms ?? 0;
}

/**
 * Where the CPU goes: the given processes, PostgreSQL, this process, the machine (busy time of all cores).
 * PostgreSQL's is that of its live processes plus what the postmaster's ended children used (a backend
 * whose connection closed between two snapshots would otherwise take its time with it, and the
 * difference could come out negative).
 */
function cpuSnapshot(pids: number[]) {
  const postgresStats = new Map<number, NonNullable<ReturnType<typeof statOf>>>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, "utf8").trim() !== "postgres") continue;
      const st = statOf(Number(d));
      if (st) postgresStats.set(Number(d), st);
    } catch {
      /* gone */
    }
  }
  let postgres = 0;
  for (const st of postgresStats.values()) postgres += st.ms + (postgresStats.has(st.ppid) ? 0 : st.childrenMs);
  const [, ...t] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  const machine = ((t.slice(0, 8).reduce((a, b) => a + b, 0) - (t[3] ?? 0) - (t[4] ?? 0)) * 1000) / CLK_TCK;
  const self = process.cpuUsage();
  return { apps: pids.reduce((a, p) => a + cpuMsOf(p), 0), postgres, loadGenerator: (self.user + self.system) / 1000, machine };
}

function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** autocannon against each base URL at once for `seconds`, paths from `next()`; per-request latencies kept for p95. */
async function load(
  bases: string[],
  next: () => string,
  opts: { seconds: number; connections: number; pids?: number[] },
): Promise<HttpLoad> {
  const latencies: number[] = [];
  const cpuBefore = opts.pids ? cpuSnapshot(opts.pids) : null;
  const results = await Promise.all(
    bases.map(
      (base) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url: base,
              connections: opts.connections,
              duration: opts.seconds,
              requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: next() }) }],
            },
            (err, result) => (err ? reject(err) : resolve(result)),
          );
          instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
        }),
    ),
  );
  const requests = results.reduce((a, r) => a + r.requests.total, 0);
  let cpuMsPerRequest: CpuPerRequest | null = null;
  if (cpuBefore && requests > 0) {
    const after = cpuSnapshot(opts.pids!);
    const per = (k: keyof CpuPerRequest) => Math.round(((after[k] - cpuBefore[k]) / requests) * 100) / 100;
    cpuMsPerRequest = { apps: per("apps"), postgres: per("postgres"), loadGenerator: per("loadGenerator"), machine: per("machine") };
  }
  return {
    cpuMsPerRequest,
    requestsPerSecond: Math.round(results.reduce((a, r) => a + r.requests.average, 0)),
    requests,
    non2xx: results.reduce((a, r) => a + r.non2xx, 0),
    errors: results.reduce((a, r) => a + r.errors + r.timeouts, 0),
    latency: summarize(latencies),
  };
}

export async function benchScale(pgBaseUrl: string, opts: ScaleOptions = {}): Promise<ScaleResult> {
  const seconds = opts.seconds ?? 15;
  const plansDir = path.resolve(opts.plansDir ?? "db/plans");
  const fresh = opts.databaseUrl ? null : await createFreshDatabase(pgBaseUrl, "bench_scale");
  const url = opts.databaseUrl ?? fresh!.url;
  const cleanups: (() => Promise<void>)[] = [];
  const rows: ScaleRow[] = [];
  const plans: string[] = [];
  try {
    const handle = await openDatabase({ url });
    cleanups.push(() => handle.close());
    let generateMs: number | null = null;
    if (!opts.databaseUrl) {
      await migrateToLatest(handle.db);
      await seedReference(handle.db);
      const bars = new Map<string, ReturnType<typeof progressBar>>();
      const totals = await generate(handle.db, {
        agencies: opts.agencies ?? 100_000,
        owners: opts.owners,
        projects: opts.projects ?? 1_000_000,
        seed: opts.seed ?? 1,
        onPhaseProgress: (name, p) => {
          if (!bars.has(name)) bars.set(name, progressBar(`generating ${name.padEnd(9)}`));
          bars.get(name)!(p);
        },
      });
      generateMs = totals.elapsedMs;
    }
    const bare = new pg.Pool({ connectionString: url, max: 10, options: "-c TimeZone=UTC -c jit=off" });
    // The database is dropped (with force) at the end: a connection it ends must not end the process.
    bare.on("error", () => undefined);
    cleanups.push(() => bare.end());
    const count = async (table: string) => Number((await bare.query(`select count(*)::int as n from ${table}`)).rows[0].n);
    const counts: Record<string, number> = {};
    for (const t of ["organizations", "projects", "bids", "awards", "contracts", "reviews", "complaints", "sanctions", "audit_events"])
      counts[t] = await count(t);
    console.log(
      `scale bench: ${Object.entries(counts)
        .map(([k, v]) => `${v.toLocaleString("en-US")} ${k}`)
        .join(", ")}`,
    );

    const runBare = (cs: Captured[]) => Promise.all(cs.map((c) => bare.query(c.sql, [...c.parameters])));
    const explain = async (title: string, cs: Captured[]) => {
      const parts = [
        `${title} — ${(counts.projects ?? 0).toLocaleString("en-US")} projects, ${(counts.bids ?? 0).toLocaleString("en-US")} bids; ${new Date().toISOString()}`,
        "",
      ];
      for (const c of cs) {
        const plan = (await bare.query(`explain (analyze, buffers) ${c.sql}`, [...c.parameters])).rows
          .map((r: Record<string, string>) => r["QUERY PLAN"])
          .join("\n");
        parts.push("── statement ──", c.sql.trim(), `parameters: ${JSON.stringify(c.parameters).slice(0, 400)}`, "", plan, "");
      }
      fs.mkdirSync(plansDir, { recursive: true });
      const file = path.join(plansDir, `${title.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.txt`);
      // Timings and buffer counts change every run; the plan's shape is what a reviewer compares.
      fs.writeFileSync(file, parts.join("\n"));
      plans.push(path.relative(process.cwd(), file));
    };

    // The regulator the generator made (province-wide, every item).
    const reg = await handle.db.selectFrom("users").select("id").where("email", "=", GENERATOR_REGULATOR_EMAIL).executeTakeFirstOrThrow();
    const viewer = (await getViewer(handle.db, reg.id))!;

    let flagRefresh = { ms: 0, hits: 0, rssBeforeMb: 0, rssPeakMb: 0, heapPeakMb: 0 };
    let rollup = { ms: 0, rows: 0 };
    if (!opts.httpOnly) {
      // Red flags: evaluated once, as the hourly job does, measuring time and this process's memory.
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      let heapPeak = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        rssPeak = Math.max(rssPeak, m.rss);
        heapPeak = Math.max(heapPeak, m.heapUsed);
      }, 100);
      const t0 = performance.now();
      const hits = (await refreshFlagHits(handle.db)) ?? 0;
      const flagMs = Math.round(performance.now() - t0);
      clearInterval(sampler);
      flagRefresh = { ms: flagMs, hits, rssBeforeMb: mb(rssBefore), rssPeakMb: mb(rssPeak), heapPeakMb: mb(heapPeak) };
      console.log(
        `red flags: ${hits} hits evaluated in ${(flagMs / 1000).toFixed(1)} s (RSS ${flagRefresh.rssBeforeMb} → peak ${flagRefresh.rssPeakMb} MB)`,
      );
      // The dashboards' monthly rollup, as the hourly job refreshes it.
      const r0 = performance.now();
      const rollupRows = await refreshDashboardMonths(handle.db);
      rollup = { ms: Math.round(performance.now() - r0), rows: rollupRows };
      console.log(`dashboard rollup: ${rollupRows} cells in ${(rollup.ms / 1000).toFixed(1)} s`);

      // Dashboards and the risk queue, in process, against their bare SQL.
      const scope = await officeScope(handle.db, viewer);
      const variants: { name: string; run: (db: Kysely<DB>) => Promise<unknown> }[] = [
        { name: "public statistics", run: (db) => dashboardData(db, PUBLIC_SCOPE) },
        { name: "regulator dashboard", run: (db) => dashboardData(db, scope) },
        { name: "risk queue", run: (db) => riskQueue(db, viewer) },
      ];
      for (const v of variants) {
        const cs = await capture(url, v.run);
        await explain(v.name, cs);
        const reference = await timeIt(30, 3, () => runBare(cs));
        const subject = await timeIt(30, 3, () => v.run(handle.db));
        rows.push({
          name: v.name,
          database: "postgres",
          subject,
          reference,
          referenceName: "bare SQL",
          ratioP95: ratio(subject, reference),
        });
      }
    }

    // The hourly job's heavy work was done above (or, with --http-only, is not what is measured): mark it
    // done, so that an app instance started below does not redo it while its pages are measured.
    if (await claimJob(handle.db, "hourly", 0)) await finishJob(handle.db, "hourly", true);

    // Two app instances on this database (no demo seeding), each behind its own autocannon.
    const apps: AppProcess[] = [];
    const env = { SEED_DEMO: "false", LOG_LEVEL: "warn" };
    for (let i = 0; i < 2; i++) {
      const a = await startApp({ databaseUrl: url, env });
      apps.push(a);
      cleanups.push(() => a.stop());
    }
    const bases = apps.map((a) => a.baseURL);
    // Cold pages: projects spread over the whole table (a stable pseudo-random order), each requested once,
    // so neither the anonymous page cache nor PostgreSQL's buffers have seen the page before. The warm-up
    // takes its own ids from the end of the list.
    const ids = (await bare.query("select id from projects where status <> 'draft' order by md5(id::text) limit 40000")).rows.map(
      (r: { id: string }) => r.id,
    );
    let k = 0;
    let w = ids.length - 1;
    const connections = 10;
    // Warm both servers (JIT, connections, prepared statements), then measure the static file and the page under the same load.
    await load(bases, () => `/projects/${ids[w-- % ids.length]}`, { seconds: 3, connections });
    const pids = apps.map((a) => a.pid ?? 0).filter(Boolean);
    const staticFile = await load(bases, () => "/favicon.svg", { seconds, connections, pids });
    const page = await load(bases, () => `/projects/${ids[k++ % ids.length]}`, { seconds, connections, pids });
    const repeated = Math.max(0, k - (w + 1));
    // The page's statements, as an anonymous visitor's view of a completed project runs them.
    const sample = (await bare.query("select id from projects where status = 'completed' order by md5(id::text) limit 1")).rows[0] as
      { id: string } | undefined;
    if (sample) await explain("project page", await capture(url, (db) => getProjectPage(db, null, sample.id)));
    rows.push({
      name: "project page (2 instances)",
      database: "postgres",
      subject: page.latency,
      reference: staticFile.latency,
      referenceName: "static file",
      ratioP95: ratio(page.latency, staticFile.latency),
    });
    // Readers crowd the open notices: nine requests in ten go to 100 projects taking bids, the rest anywhere
    // (the anonymous page cache serves the popular ones while their record does not change).
    const open = (await bare.query("select id from projects where status = 'bidding' order by published_at desc limit 100")).rows.map(
      (r: { id: string }) => r.id,
    );
    let seedH = 7;
    const rnd = () => (seedH = (seedH * 1103515245 + 12345) % 2147483648) / 2147483648;
    const hot = open.length
      ? await load(bases, () => `/projects/${rnd() < 0.9 ? open[Math.floor(rnd() * open.length)] : ids[k++ % ids.length]}`, {
          seconds,
          connections,
          pids,
        })
      : page;
    rows.push({
      name: "project page, open notices hot (2 instances)",
      database: "postgres",
      subject: hot.latency,
      reference: staticFile.latency,
      referenceName: "static file",
      ratioP95: ratio(hot.latency, staticFile.latency),
    });
    const projectPage = {
      instances: apps.length,
      connections,
      seconds,
      page,
      repeated,
      hot,
      staticFile,
      targetMet: page.requestsPerSecond >= 500 && page.non2xx === 0 && page.errors === 0,
      hotTargetMet: hot.requestsPerSecond >= 500 && hot.non2xx === 0 && hot.errors === 0,
    };
    console.log(
      `project page: ${page.requestsPerSecond} req/s over ${apps.length} instances, cold pages of random projects${repeated ? ` (${repeated} repeated: fewer projects than requests)` : ", none repeated"} (static file ${staticFile.requestsPerSecond} req/s), p95 ${page.latency.p95} ms, ${page.non2xx} non-2xx`,
    );
    const cpu = (l: HttpLoad) =>
      l.cpuMsPerRequest
        ? `CPU per request ${l.cpuMsPerRequest.machine} ms (app instances ${l.cpuMsPerRequest.apps}, PostgreSQL ${l.cpuMsPerRequest.postgres}, load generator ${l.cpuMsPerRequest.loadGenerator})`
        : "";
    console.log(`  cold page: ${cpu(page)}; static file: ${cpu(staticFile)}`);
    console.log(
      `project page, 90 % on 100 open notices: ${hot.requestsPerSecond} req/s, p95 ${hot.latency.p95} ms, ${hot.non2xx} non-2xx; ${cpu(hot)}`,
    );

    // The OCDS change feed over HTTP, and its bare SQL.
    const feedLatest = await fetch(`${bases[0]}/ocds/releases?limit=100`);
    if (!feedLatest.ok) throw new Error(`/ocds/releases → ${feedLatest.status}`);
    await feedLatest.arrayBuffer();
    const maxAudit = Number((await bare.query("select max(id)::bigint as m from audit_events")).rows[0].m ?? 0);
    const cursors = Array.from({ length: 40 }, (_, i) => Math.floor((maxAudit * (i + 1)) / 41));
    let c = 0;
    const feed = await timeIt(40, 5, async () => {
      const r = await fetch(`${bases[c % 2]}/ocds/releases?limit=100&after=${cursors[c++ % cursors.length]}`);
      if (!r.ok) throw new Error(`/ocds/releases → ${r.status}`);
      await r.arrayBuffer();
    });
    const favicon = await timeIt(40, 5, async () => {
      const r = await fetch(`${bases[0]}/favicon.svg`);
      await r.arrayBuffer();
    });
    rows.push({
      name: "OCDS feed page (100)",
      database: "postgres",
      subject: feed,
      reference: favicon,
      referenceName: "static file",
      ratioP95: ratio(feed, favicon),
    });

    // A bulk file streamed end to end (bounded in time), with the server's memory.
    const file = "projects.jsonl";
    const rssBeforeServer = rssOf(apps[0]!.pid);
    const started = performance.now();
    const controller = new AbortController();
    const limitMs = Math.max(30, seconds * 4) * 1000;
    const timer = setTimeout(() => controller.abort(), limitMs);
    let ttfb = 0;
    let lines = 0;
    let complete = false;
    let peakServer = rssBeforeServer;
    const memTimer = setInterval(() => (peakServer = Math.max(peakServer, rssOf(apps[0]!.pid))), 250);
    try {
      const r = await fetch(`${bases[0]}/open-data/bulk/${file}`, { signal: controller.signal });
      if (!r.ok || !r.body) throw new Error(`/open-data/bulk/${file} → ${r.status}`);
      const reader = r.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!ttfb) ttfb = performance.now() - started;
        for (const b of value) if (b === 10) lines++;
      }
      complete = true;
    } catch (e) {
      if ((e as Error).name !== "AbortError") throw e;
    } finally {
      clearTimeout(timer);
      clearInterval(memTimer);
    }
    const bulkSeconds = (performance.now() - started) / 1000;
    const bulk = {
      file,
      ttfbMs: Math.round(ttfb),
      rows: lines,
      seconds: Math.round(bulkSeconds * 10) / 10,
      rowsPerSecond: Math.round(lines / bulkSeconds),
      complete,
      serverRssBeforeMb: mb(rssBeforeServer),
      serverRssAfterMb: mb(peakServer),
    };
    console.log(
      `bulk ${file}: first byte ${bulk.ttfbMs} ms, ${lines.toLocaleString("en-US")} rows in ${bulk.seconds} s (${bulk.rowsPerSecond}/s, ${complete ? "complete" : "stopped at the time limit"}); server RSS ${bulk.serverRssBeforeMb} → ${bulk.serverRssAfterMb} MB`,
    );

    const row = (name: string) => rows.find((r) => r.name === name);
    const targets = {
      dashboardUnder300ms:
        !!row("regulator dashboard") && row("regulator dashboard")!.subject.p95 < 300 && row("public statistics")!.subject.p95 < 300,
      riskQueueUnder300ms: !!row("risk queue") && row("risk queue")!.subject.p95 < 300,
      projectPage500rps: projectPage.targetMet,
      projectPageHot500rps: projectPage.hotTargetMet,
      bulkStreamsInBoundedMemory: bulk.serverRssAfterMb - bulk.serverRssBeforeMb < 200,
    };
    if (opts.keep && fresh) console.log(`kept the generated database: ${url}`);
    return {
      counts,
      generateMs,
      databaseUrl: opts.keep || opts.databaseUrl ? url : null,
      rows,
      flagRefresh,
      rollup,
      projectPage,
      bulk,
      targets,
      plans,
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    if (fresh && !opts.keep) await fresh.drop();
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const num = (name: string) => (arg(name) === undefined ? undefined : Number(arg(name)));
  const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const result = await benchScale(base, {
    agencies: num("agencies"),
    owners: num("owners"),
    projects: num("projects"),
    seconds: num("seconds"),
    databaseUrl: arg("database"),
    keep: process.argv.includes("--keep"),
    httpOnly: process.argv.includes("--http-only"),
  });
  console.log(JSON.stringify(result, null, 2));
}
