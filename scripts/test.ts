// npm test: typecheck, lint, the formatter's check, unit and integration tests on PGlite, the integration tests again on
// PostgreSQL when TEST_DATABASE_URL or DATABASE_URL names a server (plus the schema check), then the
// end-to-end tests in Chromium against the built app. Ends with one "N passed, N failed" line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const started = Date.now();
const resultsDir = path.resolve(".test-results");
fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });
const bin = (name: string) => path.resolve("node_modules/.bin", name);
const pgUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "";

let passed = 0;
let failed = 0;
const failures: string[] = [];

function run(title: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  const t = Date.now();
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`${ok ? "✔" : "✘"} ${title} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  if (!ok) failures.push(title);
  return ok;
}

function vitest(title: string, reportName: string, args: string[], env: Record<string, string> = {}) {
  const report = path.join(resultsDir, `${reportName}.json`);
  run(title, bin("vitest"), ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], env);
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number; numTotalTests: number };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numTotalTests === 0) failures.push(`${title}: no tests ran`);
  } else {
    failed += 1;
  }
}

async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch (e) {
    console.error(`PostgreSQL at ${url.replace(/\/\/[^@]*@/, "//***@")} is not reachable: ${(e as Error).message}`);
    return false;
  }
}

run("typecheck", bin("tsc"), ["-p", "tsconfig.json"]);
run("lint", bin("oxlint"), ["--deny-warnings", "app", "db", "scripts", "tests"]);
run("format", bin("prettier"), ["--check", "--log-level", "warn", "."]);
// The embedded database: no DATABASE_URL reaches the tests.
vitest("unit + integration (PGlite)", "pglite", ["--project", "unit", "--project", "integration"], {
  TEST_DATABASE_URL: "",
  DATABASE_URL: "",
});

let e2eDb = "";
if (pgUrl) {
  if (await reachable(pgUrl)) {
    vitest("integration (PostgreSQL)", "postgres", ["--project", "integration"], { TEST_DATABASE_URL: pgUrl });
    run("db/schema.ts and db/schema.sql match the migrations", bin("tsx"), ["scripts/db-schema.ts", "--verify"], {
      TEST_DATABASE_URL: pgUrl,
    });
    e2eDb = pgUrl;
  } else {
    failures.push("PostgreSQL not reachable");
    failed += 1;
  }
} else {
  console.log("\n(no TEST_DATABASE_URL or DATABASE_URL: the PostgreSQL pass is skipped)");
}

if (run("build", process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"])) {
  // On PostgreSQL the suite runs against two app instances behind a round-robin balancer (nothing another
  // instance needs may live in one process's memory: docs/decisions/031); E2E_INSTANCES overrides it.
  const instances = e2eDb ? (process.env.E2E_INSTANCES ?? "2") : "1";
  vitest(`end-to-end (Chromium, ${e2eDb ? `PostgreSQL, ${instances} instances` : "PGlite"})`, "e2e", ["-c", "vitest.e2e.config.ts"], {
    TEST_DATABASE_URL: e2eDb,
    E2E_INSTANCES: instances,
  });
}

const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\n${failures.length ? `failed steps: ${failures.join("; ")}\n` : ""}finished in ${seconds} s`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failures.length || failed ? 1 : 0);
