// npm run bench: measures the speed targets. Each figure is reported with a reference measured
// in the same run (a static file for page serving, the bare SQL for data reads) and their ratio.
// Options: --requests N (default 300), --only pglite|postgres. PostgreSQL is used when DATABASE_URL or
// TEST_DATABASE_URL is set, else the local server at 127.0.0.1:5432 when it answers.
// The directory search runs on PostgreSQL only, on --agencies N generated agencies (default 100000);
// --skip-directory leaves it out. The bid burst (--bidders N, default 1000; --skip-bids) runs on PostgreSQL.
// The exclusion engine's eligibility (all agencies at once, and one check) runs on PostgreSQL on
// --agencies N generated agencies; --skip-eligibility leaves it out.
// The scale benchmark (scripts/bench/scale.ts: dashboards, risk queue, project page on two instances, OCDS
// feed and bulk file) generates --projects N projects (default 1000000; the longest part) on PostgreSQL, or reuses
// an already generated database given by --scale-database URL; --skip-scale leaves it out.
// The soak (scripts/bench/soak.ts) runs --soak-minutes N (default 10) of mixed load; --skip-soak.
// The request limits (scripts/bench/limits.ts): CPU per worst-case request and /healthz under ten of them; --skip-limits.
// --small: a quick run of everything at a small scale (2,000 agencies, 10,000 projects, a 1-minute soak),
// as CI does to keep the benchmarks working; targets are reported, but judged at the full scale.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { startApp } from "../lib/app-process";
import { benchBidBurst } from "./bids";
import { benchDirectory, type DirectoryBenchResult } from "./directory";
import { benchEligibility, type EligibilityBenchResult } from "./eligibility";
import { benchDurability, formatDurability, type DurabilityResult } from "./durability";
import { benchLimits, formatLimits, type LimitsResult } from "./limits";
import { benchScale, type ScaleResult } from "./scale";
import { benchSoak, formatSoak, type SoakResult } from "./soak";
import { timeIt, type Summary } from "./stats";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const small = process.argv.includes("--small");
const requests = Number(arg("requests", small ? "100" : "300"));
const only = arg("only", "");
const agencies = Number(arg("agencies", small ? "2000" : "100000"));
const projects = Number(arg("projects", small ? "10000" : "1000000"));
// The query plans of a full-scale run are kept in db/plans (committed); a small run's go to bench-results.
const plansDir = path.resolve(small ? "bench-results/plans-small" : "db/plans");
const soakMinutes = Number(arg("soak-minutes", small ? "1" : "10"));
const skipDirectory = process.argv.includes("--skip-directory");
if (!Number.isInteger(agencies) || agencies < 1) throw new Error("--agencies needs a whole number ≥ 1");

async function pgBase(): Promise<string | null> {
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

interface Row {
  name: string;
  database: string;
  subject: Summary;
  reference: Summary;
  referenceName: string;
  ratioP95: number;
}

async function get(url: string) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url} → ${r.status}`);
  await r.arrayBuffer();
}

const rows: Row[] = [];
const kinds: ("pglite" | "postgres")[] = only ? [only as "pglite" | "postgres"] : ["pglite", "postgres"];
for (const kind of kinds) {
  const base = kind === "postgres" ? await pgBase() : undefined;
  if (kind === "postgres" && !base) {
    console.log("PostgreSQL not reachable: skipping the PostgreSQL run");
    continue;
  }
  const app = await startApp({ pgBase: base ?? undefined });
  try {
    // Interleave nothing: reference first, subject second, same number of requests, same connection reuse.
    const reference = await timeIt(requests, 30, () => get(`${app.baseURL}/favicon.svg`));
    const subject = await timeIt(requests, 30, () => get(`${app.baseURL}/`));
    rows.push({
      name: "home page SSR",
      database: kind,
      subject,
      reference,
      referenceName: "static file",
      ratioP95: Math.round((subject.p95 / reference.p95) * 10) / 10,
    });
  } finally {
    await app.stop();
  }
}

let directory: Omit<DirectoryBenchResult, "rows"> | null = null;
if (!skipDirectory && only !== "pglite") {
  const base = await pgBase();
  if (!base) console.log("PostgreSQL not reachable: skipping the directory benchmark");
  else {
    const { rows: dirRows, ...rest } = await benchDirectory(base, { agencies, outDir: plansDir });
    rows.push(...dirRows);
    directory = rest;
  }
}

let eligibility: Omit<EligibilityBenchResult, "rows"> | null = null;
if (!process.argv.includes("--skip-eligibility") && only !== "pglite") {
  const base = await pgBase();
  if (base) {
    const { rows: eRows, ...rest } = await benchEligibility(base, { agencies, outDir: plansDir });
    rows.push(...eRows);
    eligibility = rest;
  }
}

let burst: Awaited<ReturnType<typeof benchBidBurst>> | null = null;
if (!process.argv.includes("--skip-bids") && only !== "pglite") {
  const base = await pgBase();
  if (base) {
    burst = await benchBidBurst(base, { agencies: Number(arg("bidders", "1000")) });
    rows.push({
      name: `bid burst ${burst.agencies}`,
      database: "postgres",
      subject: burst.subject,
      reference: burst.reference,
      referenceName: "bare INSERT",
      ratioP95: Math.round((burst.subject.p95 / burst.reference.p95) * 10) / 10,
    });
  }
}

let scale: ScaleResult | null = null;
if (!process.argv.includes("--skip-scale") && only !== "pglite") {
  const base = await pgBase();
  if (base) {
    const reuse = arg("scale-database", "");
    scale = await benchScale(base, {
      agencies: small ? agencies : Math.max(agencies, 100_000),
      owners: small ? 500 : undefined,
      projects,
      seconds: small ? 3 : 15,
      databaseUrl: reuse || undefined,
      // A small run must not overwrite the committed plans of the full scale.
      plansDir,
    });
    rows.push(...scale.rows);
  }
}

let limits: LimitsResult | null = null;
if (!process.argv.includes("--skip-limits") && only !== "postgres") {
  limits = await benchLimits({ requests: small ? 20 : 100, seconds: small ? 3 : 15 });
}

// What flushing each embedded commit to the disk costs (scripts/bench/durability.ts); --skip-durability.
let durability: DurabilityResult | null = null;
if (!process.argv.includes("--skip-durability") && only !== "postgres") durability = await benchDurability({ writes: small ? 100 : 1000 });

let soak: SoakResult | null = null;
if (!process.argv.includes("--skip-soak") && soakMinutes > 0) {
  soak = await benchSoak({ minutes: soakMinutes, pgBase: only === "pglite" ? null : await pgBase() });
}

console.log("\nbenchmark                 db        p50 ms   p95 ms   reference (p95 ms)       ratio p95");
for (const r of rows) {
  console.log(
    `${r.name.padEnd(25)} ${r.database.padEnd(9)} ${String(r.subject.p50).padStart(6)}   ${String(r.subject.p95).padStart(6)}   ${`${r.referenceName} ${r.reference.p95}`.padEnd(24)} ${r.ratioP95}×`,
  );
}
if (directory) {
  const d = rows.find((r) => r.referenceName === "bare, all its SQL" && r.name.startsWith("directory"));
  console.log(
    `\ndirectory: ${directory.agencies} agencies (generated in ${(directory.generateMs / 1000).toFixed(1)} s), q=${directory.query.q} item=${directory.query.itemCode} ` +
      `region=${directory.query.region} sort=${directory.query.sort}, ${directory.total} matches; plan: ${path.relative(process.cwd(), directory.planFile)}`,
  );
  if (d)
    console.log(
      `target p95 < 50 ms and ratio ≤ 2: ${d.subject.p95 < 50 && d.ratioP95 <= 2 ? "met" : "NOT met"} (p95 ${d.subject.p95} ms, ratio ${d.ratioP95}×)`,
    );
}
if (eligibility) {
  const [all, one] = rows.filter((r) => r.name.startsWith("eligibility"));
  console.log(
    `\neligibility: ${eligibility.agencies} agencies (${eligibility.sanctioned} sanctioned, ${eligibility.gradeD} grade D), ${eligibility.eligible} eligible for a random draw; ` +
      `all at once p95 ${all?.subject.p95} ms (target < 200: ${eligibility.targets.allUnder200ms ? "met" : "NOT met"}), one check p95 ${one?.subject.p95} ms (target < 5: ${eligibility.targets.singleP95Under5ms ? "met" : "NOT met"}); plan: ${path.relative(process.cwd(), eligibility.planFile)}`,
  );
}
if (burst) {
  console.log(
    `\nbid burst: ${burst.accepted}/${burst.agencies} bids accepted in the last second (${burst.throughputPerSecond}/s), ` +
      `${burst.lost} lost, ${burst.refusedLate} late bids refused, ${burst.lateAccepted} late accepted — ${burst.lost === 0 && burst.lateAccepted === 0 && burst.accepted === burst.agencies ? "met" : "NOT met"}`,
  );
}
if (scale) {
  const c = scale.counts;
  console.log(
    `\nscale: ${c.projects?.toLocaleString("en-US")} projects, ${c.bids?.toLocaleString("en-US")} bids, ${c.organizations?.toLocaleString("en-US")} organisations` +
      `${scale.generateMs ? ` (generated in ${(scale.generateMs / 60_000).toFixed(1)} min)` : ""}; red flags ${scale.flagRefresh.hits} hits in ${(scale.flagRefresh.ms / 1000).toFixed(1)} s`,
  );
  const p = scale.projectPage;
  console.log(
    `  project page, cold: ${p.page.requestsPerSecond} req/s on ${p.instances} instances (static file ${p.staticFile.requestsPerSecond} req/s) — target ≥ 500: ${p.targetMet ? "met" : "NOT met"}`,
  );
  console.log(
    `  project page, 90 % on the 100 open notices: ${p.hot.requestsPerSecond} req/s — ≥ 500: ${p.hotTargetMet ? "met" : "NOT met"}`,
  );
  console.log(
    `  bulk ${scale.bulk.file}: first byte ${scale.bulk.ttfbMs} ms, ${scale.bulk.rowsPerSecond} rows/s, server RSS ${scale.bulk.serverRssBeforeMb} → ${scale.bulk.serverRssAfterMb} MB`,
  );
  console.log(
    `  targets: ${Object.entries(scale.targets)
      .map(([k, v]) => `${k} ${v ? "met" : "NOT met"}`)
      .join(", ")}`,
  );
}
if (limits) console.log(`\n${formatLimits(limits).join("\n")}`);
if (durability) console.log(`\n${formatDurability(durability).join("\n")}`);
if (soak) console.log(`\n${formatSoak(soak).join("\n")}`);
const outDir = path.resolve("bench-results");
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
fs.writeFileSync(
  file,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      requests,
      rows,
      ...(directory ? { directory } : {}),
      ...(eligibility ? { eligibility } : {}),
      ...(burst ? { bidBurst: burst } : {}),
      ...(scale ? { scale } : {}),
      ...(limits ? { limits } : {}),
      ...(durability ? { durability } : {}),
      ...(soak ? { soak } : {}),
    },
    null,
    2,
  ),
);
console.log(`\nwritten: ${path.relative(process.cwd(), file)}`);
// A run whose soak saw a 5xx, memory growth or a broken chain fails. The small run (CI's) is too short to
// judge memory growth: there a 5xx or a broken chain fails it.
if (soak && (small ? soak.errors5xx > 0 || !soak.audit.httpVerified || soak.audit.dbVerified === false : !soak.pass)) process.exitCode = 1;
