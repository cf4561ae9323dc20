// Backups of the database (npm run db:backup / db:restore), shared with their test.
//
// PostgreSQL: `pg_dump --format=custom` inside a repeatable-read transaction whose snapshot the dump
// imports (`--snapshot`), so the row counts and the audit-chain head written beside the dump describe
// exactly what the dump holds; restore is `pg_restore --no-owner --no-privileges --single-transaction
// --exit-on-error` (plus `--clean --if-exists` with --force) into the database DATABASE_URL names.
// PGlite: the data directory as PGlite's own tarball (`dumpDataDir`, gzip), taken with the database
// opened by this process alone — a directory some other process holds is refused — and restored with
// `loadDataDir` into an empty directory (with --force the old one is moved aside, never deleted).
// Every backup writes `<file>.json` (a manifest: row counts of every table, the audit-chain head and
// its verification); a restore prints the same for the restored database and compares the two.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { DB } from "#db/schema";
import { verifyAuditChain, type ChainReport } from "~/modules/audit/audit.server";
import { GENESIS_HASH } from "~/modules/audit/audit.rules";
import { kyselyPlugins, openDatabase } from "~/server/db.server";
import { PGliteDialect } from "~/server/pglite-dialect.server";

/** A refusal or failure worth one clear line to the operator (the scripts print it and exit 1). */
/** Environment variables, as given to the tools (PG_BIN, PGPASSWORD). */
type Env = Record<string, string | undefined>;

export class BackupError extends Error {
  override name = "BackupError";
}

/** Tables shown in the scripts' output (every table is counted and compared). */
export const MAIN_TABLES = [
  "organizations",
  "users",
  "agency_services",
  "qualifications",
  "projects",
  "bids",
  "project_questions",
  "awards",
  "contracts",
  "payment_movements",
  "reviews",
  "complaints",
  "sanctions",
  "files",
  "audit_events",
] as const;

export interface AuditHead {
  events: number;
  headId: number | null;
  headHash: string;
}

export interface DatabaseSummary {
  /** Exact row count of every base table in the public schema, by table name. */
  tables: Record<string, number>;
  audit: AuditHead;
  /** The whole chain walked (verifyAuditChain). */
  verification: ChainReport;
}

export interface BackupManifest {
  format: "pg_dump-custom" | "pglite-datadir-tgz";
  createdAt: string;
  file: string;
  bytes: number;
  source:
    | { kind: "postgres"; database: string; serverVersion: string; pgDump: string }
    | { kind: "pglite"; dataDir: string; pglite: string; pgVersion: string };
  summary: DatabaseSummary;
}

export interface RestoreResult {
  target: string;
  file: string;
  summary: DatabaseSummary;
  /** The backup's manifest when it was found beside the file, and what differs from it. */
  manifest: BackupManifest | null;
  differences: string[];
  /** The directory moved aside (PGlite with --force). */
  movedAside?: string;
  notes: string[];
}

// ------------------------------------------------------------------ summaries

/** Exact row counts of every base table (views such as opened_bids are left out). */
export async function tableRowCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const ident = `"${name.replace(/"/g, '""')}"`;
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.raw(ident)}`.execute(db);
    counts[name] = Number(r.rows[0]?.n ?? 0);
  }
  return counts;
}

export async function auditHead(db: Kysely<DB>): Promise<AuditHead> {
  const r = await sql<{ n: number | string; id: number | string | null; hash: string | null }>`
    select (select count(*) from audit_events) as n, a.id, a.hash
    from (select 1) one left join lateral (select id, hash from audit_events order by id desc limit 1) a on true`.execute(db);
  const row = r.rows[0]!;
  return { events: Number(row.n), headId: row.id == null ? null : Number(row.id), headHash: row.hash ?? GENESIS_HASH };
}

export async function summarize(db: Kysely<DB>): Promise<DatabaseSummary> {
  const tables = await tableRowCounts(db);
  const audit = await auditHead(db);
  const verification = await verifyAuditChain(db);
  return { tables, audit, verification };
}

/** Human lines: main tables, totals, the chain head and its verification. */
export function formatSummary(s: DatabaseSummary): string[] {
  const names = Object.keys(s.tables);
  const total = names.reduce((n, t) => n + s.tables[t]!, 0);
  const main = MAIN_TABLES.filter((t) => t in s.tables);
  const width = Math.max(...main.map((t) => t.length));
  const v = s.verification;
  return [
    ...main.map((t) => `  ${t.padEnd(width)} ${String(s.tables[t]).padStart(8)}`),
    `  (${names.length} tables, ${total} rows in all)`,
    `  audit chain: ${s.audit.events} events, head #${s.audit.headId ?? "—"} ${s.audit.headHash}`,
    v.ok
      ? `  audit chain verified: intact, ${v.checked} events, last hash ${v.lastHash}`
      : `  audit chain verified: BROKEN at event #${v.firstBroken!.id} (${v.firstBroken!.reason} does not match), ${v.checked} events intact before it`,
  ];
}

/** What differs between two summaries (empty when the restore holds exactly what was backed up). */
export function compareSummaries(expected: DatabaseSummary, actual: DatabaseSummary): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)])) {
    if (expected.tables[t] !== actual.tables[t])
      out.push(`${t}: ${expected.tables[t] ?? "absent"} in the backup, ${actual.tables[t] ?? "absent"} restored`);
  }
  if (expected.audit.headHash !== actual.audit.headHash || expected.audit.events !== actual.audit.events) {
    out.push(
      `audit chain: ${expected.audit.events} events ending ${expected.audit.headHash} in the backup, ${actual.audit.events} ending ${actual.audit.headHash} restored`,
    );
  }
  if (!actual.verification.ok) out.push("audit chain: the restored chain does not verify");
  return out;
}

// ------------------------------------------------------------------ files

/** backups/2026-05-01T08-30-00Z.dump (PostgreSQL) or …pglite.tar.gz (PGlite). */
export function defaultBackupFile(kind: "postgres" | "pglite", now = new Date(), dir = "backups"): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
  return path.join(dir, `${stamp}${kind === "postgres" ? ".dump" : ".pglite.tar.gz"}`);
}

export type BackupFormat = "pg_dump-custom" | "pglite-datadir-tgz" | "pglite-datadir-tar" | "unknown";

/** By the file's first bytes: "PGDMP" (pg_dump custom), gzip, or a bare tar ("ustar" at 257). */
export function detectBackupFormat(file: string): BackupFormat {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(262);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    if (n >= 5 && head.subarray(0, 5).toString("latin1") === "PGDMP") return "pg_dump-custom";
    if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "pglite-datadir-tgz";
    if (n >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return "pglite-datadir-tar";
    return "unknown";
  } finally {
    fs.closeSync(fd);
  }
}

export function readManifest(file: string): BackupManifest | null {
  const m = `${file}.json`;
  if (!fs.existsSync(m)) return null;
  try {
    return JSON.parse(fs.readFileSync(m, "utf8")) as BackupManifest;
  } catch {
    return null;
  }
}

function writeManifest(file: string, manifest: BackupManifest) {
  fs.writeFileSync(`${file}.json`, JSON.stringify(manifest, null, 2) + "\n");
}

function assertReadable(file: string) {
  if (!fs.existsSync(file)) throw new BackupError(`backup file not found: ${file}`);
  if (!fs.statSync(file).isFile()) throw new BackupError(`not a file: ${file}`);
}

function prepareOutput(file: string): string {
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists: choose another path (backups are never overwritten)`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return `${file}.partial`;
}

// ------------------------------------------------------------------ PostgreSQL

interface Tool {
  bin: string;
  version: string;
  major: number;
}

/** pg_dump or pg_restore: PG_BIN if set, else Debian's /usr/lib/postgresql/<server major>/bin, else PATH. */
export function findPgTool(name: "pg_dump" | "pg_restore", serverMajor?: number, env: Env = process.env): Tool {
  const candidates: string[] = [];
  if (env.PG_BIN) candidates.push(path.join(env.PG_BIN, name));
  else {
    if (serverMajor) candidates.push(`/usr/lib/postgresql/${serverMajor}/bin/${name}`);
    candidates.push(name);
  }
  for (const bin of candidates) {
    if (bin.includes("/") && !fs.existsSync(bin)) continue;
    const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
    if (r.error) continue;
    const m = /(\d+)(?:\.(\d+))?/.exec(r.stdout ?? "");
    if (r.status === 0 && m) return { bin, version: (r.stdout ?? "").trim(), major: Number(m[1]) };
  }
  throw new BackupError(
    `${name} was not found${env.PG_BIN ? ` in PG_BIN=${env.PG_BIN}` : " on PATH"}: install the PostgreSQL client tools` +
      `${serverMajor ? ` of version ${serverMajor} or later (Debian: apt-get install postgresql-client-${serverMajor})` : " (Debian: apt-get install postgresql-client)"}, or set PG_BIN to the directory holding ${name}`,
  );
}

/** The URL without its password (which goes to the tools through PGPASSWORD, not the process list). */
function splitPassword(url: string): { url: string; env: Env; name: string } {
  const u = new URL(url);
  const env: Env = {};
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = "";
  }
  return { url: u.toString(), env, name: decodeURIComponent(u.pathname.replace(/^\//, "")) || "(default)" };
}

function run(bin: string, args: string[], env: Env): Promise<{ code: number; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr, stdout }));
  });
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, options: "-c TimeZone=UTC" });
  try {
    await client.connect();
  } catch (e) {
    throw new BackupError(`cannot connect to ${splitPassword(url).url}: ${(e as Error).message}`);
  }
  return client;
}

/** A Kysely whose every query runs on this one client (inside whatever transaction it has open). */
function kyselyOnClient(client: pg.Client): Kysely<DB> {
  const pool = {
    connect: async () => Object.assign(client, { release: () => undefined }),
    end: async () => undefined,
  };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }), plugins: kyselyPlugins });
}

async function serverVersion(client: pg.Client): Promise<{ text: string; major: number }> {
  const r = await client.query<{ v: string; n: string }>(
    "select current_setting('server_version') as v, current_setting('server_version_num') as n",
  );
  return { text: r.rows[0]!.v, major: Math.floor(Number(r.rows[0]!.n) / 10000) };
}

export async function backupPostgres(opts: { url: string; file: string; env?: Env }): Promise<BackupManifest> {
  const partial = prepareOutput(opts.file);
  const target = splitPassword(opts.url);
  const client = await connect(opts.url);
  try {
    const server = await serverVersion(client);
    const tool = findPgTool("pg_dump", server.major, opts.env);
    if (tool.major < server.major) {
      throw new BackupError(
        `version mismatch: ${tool.bin} is ${tool.version}, the server is PostgreSQL ${server.text}; pg_dump must be at least the server's major version ` +
          `(Debian: apt-get install postgresql-client-${server.major}, or set PG_BIN=/usr/lib/postgresql/${server.major}/bin)`,
      );
    }
    // Counts and dump from one snapshot: the transaction stays open until pg_dump has finished.
    await client.query("begin isolation level repeatable read read only");
    const snapshot = (await client.query<{ s: string }>("select pg_export_snapshot() as s")).rows[0]!.s;
    const db = kyselyOnClient(client);
    const dumping = run(tool.bin, ["--format=custom", `--snapshot=${snapshot}`, `--file=${partial}`, `--dbname=${target.url}`], target.env);
    const summary = await summarize(db);
    const dumped = await dumping;
    await client.query("commit");
    if (dumped.code !== 0) {
      fs.rmSync(partial, { force: true });
      throw new BackupError(`pg_dump failed (exit ${dumped.code}): ${dumped.stderr.trim()}`);
    }
    fs.renameSync(partial, opts.file);
    const manifest: BackupManifest = {
      format: "pg_dump-custom",
      createdAt: new Date().toISOString(),
      file: path.basename(opts.file),
      bytes: fs.statSync(opts.file).size,
      source: { kind: "postgres", database: target.name, serverVersion: server.text, pgDump: tool.version },
      summary,
    };
    writeManifest(opts.file, manifest);
    return manifest;
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** What `pg_restore --list` says of an archive (and a clear error when this pg_restore cannot read it). */
export async function inspectDump(file: string, restore: Tool): Promise<{ dumpedFrom: string | null; dumpedBy: string | null }> {
  const r = await run(restore.bin, ["--list", file], {});
  if (r.code !== 0) {
    const err = r.stderr.trim();
    if (/unsupported version/i.test(err)) {
      throw new BackupError(
        `version mismatch: ${restore.bin} (${restore.version}) cannot read ${file}, which a newer pg_dump wrote (${err}); use the pg_restore of that version (set PG_BIN)`,
      );
    }
    throw new BackupError(`${file} is not a readable pg_dump archive: ${err}`);
  }
  return {
    dumpedFrom: /Dumped from database version: (.+)/.exec(r.stdout)?.[1]?.trim() ?? null,
    dumpedBy: /Dumped by pg_dump version: (.+)/.exec(r.stdout)?.[1]?.trim() ?? null,
  };
}

export async function restorePostgres(opts: {
  url: string;
  file: string;
  force?: boolean;
  ignoreLock?: boolean;
  env?: Env;
}): Promise<RestoreResult> {
  assertReadable(opts.file);
  const format = detectBackupFormat(opts.file);
  if (format !== "pg_dump-custom") {
    throw new BackupError(
      format === "unknown"
        ? `${opts.file} is not a pg_dump custom-format archive`
        : `${opts.file} is a PGlite data-directory backup: restore it with DATABASE_URL unset (into DATA_DIR), not into PostgreSQL`,
    );
  }
  const target = splitPassword(opts.url);
  const notes: string[] = [];
  const client = await connect(opts.url);
  let server: { text: string; major: number };
  try {
    server = await serverVersion(client);
    const objects = Number(
      (
        await client.query<{ n: string }>(`
          select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'
            and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`)
      ).rows[0]!.n,
    );
    const others = Number(
      (
        await client.query<{ n: string }>(
          "select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
        )
      ).rows[0]!.n,
    );
    if (others > 0 && !opts.ignoreLock) {
      throw new BackupError(
        `${others} other connection(s) are open on database ${target.name}: stop the app (and anything else using it) first, or pass --ignore-lock to restore underneath them`,
      );
    }
    if (objects > 0 && !opts.force) {
      throw new BackupError(
        `target database ${target.name} is not empty (${objects} tables, views or sequences): restore into an empty database, or pass --force to replace what the backup holds (pg_restore --clean --if-exists)`,
      );
    }
    if (objects > 0)
      notes.push(
        `--force: objects of the backup were dropped and recreated (pg_restore --clean --if-exists); objects the backup does not hold were left as they were`,
      );
  } finally {
    await client.end().catch(() => undefined);
  }
  const tool = findPgTool("pg_restore", server.major, opts.env);
  const info = await inspectDump(opts.file, tool);
  const fromMajor = Number(/^(\d+)/.exec(info.dumpedFrom ?? "")?.[1] ?? 0);
  if (fromMajor > server.major)
    notes.push(`the dump comes from PostgreSQL ${info.dumpedFrom}, the target is ${server.text}: restoring into an older server may fail`);
  const args = [
    "--no-owner",
    "--no-privileges",
    "--single-transaction",
    "--exit-on-error",
    ...(opts.force ? ["--clean", "--if-exists"] : []),
    `--dbname=${target.url}`,
    opts.file,
  ];
  const restored = await run(tool.bin, args, target.env);
  if (restored.code !== 0)
    throw new BackupError(`pg_restore failed (exit ${restored.code}); nothing was changed (single transaction): ${restored.stderr.trim()}`);
  const handle = await openDatabase({ url: opts.url, poolSize: 2 });
  try {
    const summary = await summarize(handle.db);
    const manifest = readManifest(opts.file);
    return {
      target: `PostgreSQL database ${target.name} (${server.text})`,
      file: opts.file,
      summary,
      manifest,
      differences: manifest ? compareSummaries(manifest.summary, summary) : [],
      notes,
    };
  } finally {
    await handle.close();
  }
}

// ------------------------------------------------------------------ PGlite

function pgliteVersion(): string {
  try {
    const pkg = path.resolve("node_modules/@electric-sql/pglite/package.json");
    return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/**
 * Processes (other than this one) with a file under `dir` open: a running PGlite keeps its relation
 * and WAL files open. Linux only (/proc); null where it cannot be told.
 */
export function processesHolding(dir: string): number[] | null {
  if (process.platform !== "linux" || !fs.existsSync("/proc/self/fd")) return null;
  const real = fs.realpathSync(dir);
  const holders: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target === real || target.startsWith(real + path.sep)) {
        holders.push(Number(entry));
        break;
      }
    }
  }
  return holders;
}

/** Refuses a data directory another process may be using (PGlite has one connection: two would corrupt it). */
export function assertPgliteFree(dataDir: string, ignoreLock = false) {
  const holders = processesHolding(dataDir);
  if (holders && holders.length > 0) {
    throw new BackupError(
      `${dataDir} is in use by process ${holders.join(", ")} (a running app): stop it first (Ctrl-C or SIGTERM on npm start), then run this again`,
    );
  }
  if (fs.existsSync(path.join(dataDir, "postmaster.pid")) && !ignoreLock) {
    throw new BackupError(
      `${dataDir} holds postmaster.pid: an app has it open${holders ? " on another machine or container sharing the directory, or it did not shut down cleanly (no process here holds it)" : ", or it did not shut down cleanly"}. ` +
        `Stop the app first; if you are sure none runs, pass --ignore-lock (PGlite recovers an unclean directory when it opens it)`,
    );
  }
}

async function openPglite(dataDir: string, loadDataDir?: Blob) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  // The same parsers as the app (app/server/db.server.ts): int8 as number, numeric and date as text.
  const client = await PGlite.create({
    dataDir,
    extensions: { pg_trgm },
    parsers: { 20: (v: string) => Number(v), 1700: (v: string) => v, 1082: (v: string) => v },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  await client.exec("set time zone 'UTC'");
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client), plugins: kyselyPlugins });
  return { client, db };
}

export async function backupPglite(opts: { dataDir: string; file: string; ignoreLock?: boolean }): Promise<BackupManifest> {
  const dataDir = path.resolve(opts.dataDir);
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION")))
    throw new BackupError(`no PGlite database in ${dataDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`);
  assertPgliteFree(dataDir, opts.ignoreLock);
  const partial = prepareOutput(opts.file);
  const pgVersion = fs.readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim();
  const { client, db } = await openPglite(dataDir);
  try {
    await client.exec("checkpoint");
    const summary = await summarize(db);
    const tarball = await client.dumpDataDir("gzip");
    fs.writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
    fs.renameSync(partial, opts.file);
    const manifest: BackupManifest = {
      format: "pglite-datadir-tgz",
      createdAt: new Date().toISOString(),
      file: path.basename(opts.file),
      bytes: fs.statSync(opts.file).size,
      source: { kind: "pglite", dataDir, pglite: pgliteVersion(), pgVersion },
      summary,
    };
    writeManifest(opts.file, manifest);
    return manifest;
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  } finally {
    await db.destroy();
  }
}

export async function restorePglite(opts: {
  dataDir: string;
  file: string;
  force?: boolean;
  ignoreLock?: boolean;
}): Promise<RestoreResult> {
  assertReadable(opts.file);
  const format = detectBackupFormat(opts.file);
  if (format === "pg_dump-custom")
    throw new BackupError(`${opts.file} is a pg_dump archive: restore it with DATABASE_URL set to the PostgreSQL database to fill`);
  if (format === "unknown") throw new BackupError(`${opts.file} is neither a PGlite data-directory tarball nor a pg_dump archive`);
  const dataDir = path.resolve(opts.dataDir);
  const notes: string[] = [];
  const manifest = readManifest(opts.file);
  if (manifest?.source.kind === "pglite" && manifest.source.pglite !== pgliteVersion()) {
    notes.push(`the backup was made with PGlite ${manifest.source.pglite}, this is ${pgliteVersion()}`);
  }
  let movedAside: string | undefined;
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    assertPgliteFree(dataDir, opts.ignoreLock);
    if (!opts.force)
      throw new BackupError(
        `${dataDir} is not empty: pass --force to move it aside (it is kept, renamed) and restore in its place, or set DATA_DIR to a new directory`,
      );
    movedAside = `${dataDir}.before-restore-${new Date()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z")
      .replace(/:/g, "-")}`;
    fs.renameSync(dataDir, movedAside);
    notes.push(`the previous data directory was moved to ${movedAside}`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  let opened: Awaited<ReturnType<typeof openPglite>> | null = null;
  try {
    opened = await openPglite(dataDir, new Blob([fs.readFileSync(opts.file)]));
    const summary = await summarize(opened.db);
    return {
      target: `PGlite data directory ${dataDir}`,
      file: opts.file,
      summary,
      manifest,
      differences: manifest ? compareSummaries(manifest.summary, summary) : [],
      movedAside,
      notes,
    };
  } catch (e) {
    // Put things back as they were.
    await opened?.db.destroy().catch(() => undefined);
    opened = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (movedAside) fs.renameSync(movedAside, dataDir);
    throw e instanceof BackupError ? e : new BackupError(`the restore failed and ${dataDir} was left as it was: ${(e as Error).message}`);
  } finally {
    await opened?.db.destroy();
  }
}
