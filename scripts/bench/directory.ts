// The agency directory on a generated population: searchAgencies() for "text + item + region, sorted by
// price, first page" against the same SQL sent bare over one pg.Client, on a fresh PostgreSQL database
// filled by scripts/generate.ts (dropped afterwards). Writes EXPLAIN (ANALYZE, BUFFERS) of the page query.
import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect, type LogEvent } from "kysely";
import pg from "pg";
import type { DB } from "#db/schema";
import { seedReference } from "#db/seed/reference";
import { DirectoryQuerySchema } from "~/modules/agencies/directory.schema";
import { searchAgencies } from "~/modules/agencies/directory.server";
import { beijingDate } from "~/lib/beijing-calendar";
import { kyselyPlugins, openDatabase } from "~/server/db.server";
import { migrateToLatest } from "~/server/migrate.server";
import { generate, progressBar } from "../generate";
import { createFreshDatabase } from "../lib/pg-admin";
import { timeIt, type Summary } from "./stats";

export interface DirectoryBenchOptions {
  /** Generated agencies (default 100,000). */
  agencies?: number;
  /** Timed runs of each variant after `warmup` untimed ones (defaults 200 and 20). */
  runs?: number;
  warmup?: number;
  /** Time allowed per variant (default 120 s): a slow query gets fewer runs (at least 30) rather than hours. */
  budgetMs?: number;
  seed?: number;
  /** Where directory-plan.txt goes (default bench-results/). */
  outDir?: string;
  /** The search: a word of the generated names, a popular item (by code), a city. */
  text?: string;
  itemCode?: string;
  region?: string;
}

export interface DirectoryBenchRow {
  name: string;
  database: "postgres";
  subject: Summary;
  reference: Summary;
  referenceName: string;
  ratioP95: number;
}

export interface DirectoryBenchResult {
  agencies: number;
  generateMs: number;
  query: { q: string; item: number; itemCode: string; region: string; sort: string };
  total: number;
  rows: DirectoryBenchRow[];
  planFile: string;
}

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

const ratio = (a: Summary, b: Summary) => Math.round((a.p95 / b.p95) * 10) / 10;

export async function benchDirectory(pgBaseUrl: string, opts: DirectoryBenchOptions = {}): Promise<DirectoryBenchResult> {
  const agencies = opts.agencies ?? 100_000;
  const runs = opts.runs ?? 200;
  const warmup = opts.warmup ?? 20;
  const outDir = path.resolve(opts.outDir ?? "bench-results");
  const fresh = await createFreshDatabase(pgBaseUrl, "bench_dir");
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // The app's own handle (same pool settings, plugins and type parsers as the server).
    const handle = await openDatabase({ url: fresh.url });
    cleanups.push(() => handle.close());
    await migrateToLatest(handle.db);
    await seedReference(handle.db);
    const totals = await generate(handle.db, {
      agencies,
      seed: opts.seed ?? 1,
      onProgress: progressBar(`generating ${agencies} agencies`),
    });
    console.log(
      `directory bench: generated ${totals.agencies} agencies, ${totals.services} listings, ${totals.qualifications} qualifications in ${(totals.elapsedMs / 1000).toFixed(1)} s`,
    );

    const itemCode = opts.itemCode ?? "eia-form";
    const item = await handle.db.selectFrom("serviceItems").select("id").where("code", "=", itemCode).executeTakeFirstOrThrow();
    const text = opts.text ?? "环境";
    const region = opts.region ?? "320100";
    const query = DirectoryQuerySchema.parse({ q: text, item: String(item.id), region, sort: "price" });
    const today = beijingDate(new Date());

    // The SQL searchAgencies sends, captured through a Kysely log callback on a second instance.
    const captured: Captured[] = [];
    const capturePool = new pg.Pool({ connectionString: fresh.url, max: 2, options: "-c TimeZone=UTC -c jit=off" });
    // The database is dropped (with force) at the end: a connection it ends must not end the process.
    capturePool.on("error", () => undefined);
    const capturer = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: capturePool }),
      plugins: kyselyPlugins,
      log: (e: LogEvent) => {
        if (e.level === "query") captured.push({ sql: e.query.sql, parameters: e.query.parameters });
      },
    });
    const first = await searchAgencies(capturer, query, today);
    await capturer.destroy();
    // Only the page query has an offset; the count query is the capped count(*).
    const pageQuery = captured.find((c) => /\boffset\b/i.test(c.sql));
    const countQuery = captured.find((c) => c !== pageQuery && /count\(\*\)/i.test(c.sql) && /\blimit\b/i.test(c.sql));
    if (!pageQuery || !countQuery) throw new Error(`expected a page and a count query, captured ${captured.length}`);
    if (first.total === 0) throw new Error("the benchmark query matches nothing: the generated data or the filters are off");

    // Bare: the same statements and parameters over plain pg clients (two, for the count run alongside).
    const client = new pg.Client({ connectionString: fresh.url, options: "-c TimeZone=UTC -c jit=off" });
    client.on("error", () => undefined);
    const client2 = new pg.Client({ connectionString: fresh.url, options: "-c TimeZone=UTC -c jit=off" });
    client2.on("error", () => undefined);
    await client.connect();
    cleanups.push(() => client.end());
    await client2.connect();
    cleanups.push(() => client2.end());
    const bare = (c: Captured, on = client) => on.query(c.sql, [...c.parameters]);
    const check = await bare(pageQuery);
    if (check.rows.length !== first.results.length)
      throw new Error(`bare page query returned ${check.rows.length} rows, searchAgencies ${first.results.length}`);

    const plan = async (c: Captured) =>
      (await client.query(`explain (analyze, buffers) ${c.sql}`, [...c.parameters])).rows
        .map((r: Record<string, string>) => r["QUERY PLAN"])
        .join("\n");
    fs.mkdirSync(outDir, { recursive: true });
    const planFile = path.join(outDir, "directory-plan.txt");
    fs.writeFileSync(
      planFile,
      [
        `directory search on ${agencies} generated agencies, ${new Date().toISOString()}`,
        `query: ${JSON.stringify(query)}  (item ${itemCode}); today ${today}; ${first.total} matches`,
        "",
        "── page query ──",
        pageQuery.sql,
        `parameters: ${JSON.stringify(pageQuery.parameters)}`,
        "",
        await plan(pageQuery),
        "",
        "── count query (run alongside by searchAgencies) ──",
        countQuery.sql,
        "",
        await plan(countQuery),
        "",
      ].join("\n"),
    );

    // A query far off its target would take hours at 200 runs: fit the runs to the time budget.
    const probeStart = performance.now();
    for (let i = 0; i < 3; i++) await searchAgencies(handle.db, query, today);
    const perRun = (performance.now() - probeStart) / 3;
    const budget = opts.budgetMs ?? 120_000;
    const fitted = Math.max(30, Math.min(runs, Math.floor(budget / perRun)));
    if (fitted < runs)
      console.log(`directory bench: a search takes ~${Math.round(perRun)} ms; ${fitted} runs per variant instead of ${runs}`);
    const n = fitted;
    const w = Math.min(warmup, Math.max(5, Math.floor(n / 10)));
    const barePage = await timeIt(n, w, () => bare(pageQuery));
    const bareBoth = await timeIt(n, w, () => Promise.all([bare(pageQuery), bare(countQuery, client2)]));
    // Everything searchAgencies sends, bare, with the same concurrency: page and count together, then
    // the page's look-ups one after another.
    const rest = captured.filter((c) => c !== pageQuery && c !== countQuery);
    const bareAll = await timeIt(n, w, async () => {
      await Promise.all([bare(pageQuery), bare(countQuery, client2)]);
      for (const c of rest) await bare(c);
    });
    const search = await timeIt(n, w, () => searchAgencies(handle.db, query, today));

    const label = `directory ${agencies >= 1000 ? `${Math.round(agencies / 1000)}k` : agencies}`;
    return {
      agencies,
      generateMs: totals.elapsedMs,
      query: { q: text, item: item.id, itemCode, region, sort: "price" },
      total: first.total,
      rows: [
        {
          name: `${label} search`,
          database: "postgres",
          subject: search,
          reference: barePage,
          referenceName: "bare page SQL",
          ratioP95: ratio(search, barePage),
        },
        {
          name: `${label} search`,
          database: "postgres",
          subject: search,
          reference: bareBoth,
          referenceName: "bare page+count",
          ratioP95: ratio(search, bareBoth),
        },
        {
          name: `${label} search`,
          database: "postgres",
          subject: search,
          reference: bareAll,
          referenceName: "bare, all its SQL",
          ratioP95: ratio(search, bareAll),
        },
      ],
      planFile,
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await fresh.drop();
  }
}
