// npm run db:restore -- <file> [--force] [--ignore-lock]
// PostgreSQL (DATABASE_URL): pg_restore --no-owner --no-privileges --single-transaction into that
// database, which must be empty unless --force (then --clean --if-exists replaces what the backup holds).
// PGlite (no DATABASE_URL): loads the tarball into $DATA_DIR/pglite, which must be empty unless --force
// (then the old directory is moved aside, not deleted). --ignore-lock restores although the database
// looks in use (other connections; a postmaster.pid no running process here holds) — stop the app first.
// Prints the restored database's row counts, audit-chain head and its verification, and compares them
// with the backup's manifest (<file>.json) when it is there.
import path from "node:path";
import { readEnv } from "~/server/env.server";
import { BackupError, formatSummary, restorePglite, restorePostgres } from "./lib/backup";

const args = process.argv.slice(2);
const flags = new Set(["--force", "--ignore-lock"]);
const unknown = args.filter((a) => a.startsWith("--") && !flags.has(a));
const file = args.find((a) => !a.startsWith("--"));
if (unknown.length > 0 || !file) {
  console.error("usage: npm run db:restore -- <file> [--force] [--ignore-lock]");
  process.exit(2);
}

try {
  const env = readEnv();
  const started = Date.now();
  const opts = { file, force: args.includes("--force"), ignoreLock: args.includes("--ignore-lock") };
  const r = env.DATABASE_URL
    ? await restorePostgres({ url: env.DATABASE_URL, ...opts })
    : await restorePglite({ dataDir: path.resolve(env.DATA_DIR, "pglite"), ...opts });
  console.log(`restored ${file} into the ${r.target} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const n of r.notes) console.log(`  note: ${n}`);
  console.log(formatSummary(r.summary).join("\n"));
  if (!r.manifest) console.log("  no manifest beside the file (<file>.json): nothing to compare with");
  else if (r.differences.length === 0)
    console.log(`  matches the backup's manifest of ${r.manifest.createdAt}: every table's row count and the audit-chain head`);
  else {
    console.error(`  DIFFERS from the backup's manifest of ${r.manifest.createdAt}:`);
    for (const d of r.differences) console.error(`    ${d}`);
    process.exitCode = 1;
  }
  if (!r.summary.verification.ok) process.exitCode = 1;
} catch (e) {
  console.error(`db:restore: ${e instanceof BackupError ? e.message : (e as Error).stack}`);
  process.exitCode = 1;
}
