// npm run db:backup [-- <file>] [--ignore-lock]
// PostgreSQL (DATABASE_URL): pg_dump --format=custom to <file> (default backups/<timestamp>.dump).
// PGlite (no DATABASE_URL): PGlite's data-directory tarball of $DATA_DIR/pglite to <file> (default
// backups/<timestamp>.pglite.tar.gz); stop the app first — a directory a running app holds is refused.
// Beside the file, <file>.json records the row counts of every table and the audit-chain head.
import path from "node:path";
import { readEnv } from "~/server/env.server";
import { BackupError, backupPglite, backupPostgres, defaultBackupFile, formatSummary } from "./lib/backup";

const args = process.argv.slice(2);
const unknown = args.filter((a) => a.startsWith("--") && a !== "--ignore-lock");
if (unknown.length > 0 || args.includes("--help")) {
  console.error("usage: npm run db:backup [-- <file>] [--ignore-lock]");
  process.exit(unknown.length > 0 ? 2 : 0);
}
const fileArg = args.find((a) => !a.startsWith("--"));

try {
  const env = readEnv();
  const started = Date.now();
  if (env.DATABASE_URL) {
    const file = fileArg ?? defaultBackupFile("postgres");
    const m = await backupPostgres({ url: env.DATABASE_URL, file });
    console.log(
      `backed up PostgreSQL database ${m.source.kind === "postgres" ? `${m.source.database} (server ${m.source.serverVersion}, ${m.source.pgDump})` : ""}`,
    );
    console.log(
      `  to ${file} (${(m.bytes / 1024 / 1024).toFixed(1)} MB, pg_dump custom format, one snapshot) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(formatSummary(m.summary).join("\n"));
    console.log(`  manifest: ${file}.json`);
  } else {
    const dataDir = path.resolve(env.DATA_DIR, "pglite");
    const file = fileArg ?? defaultBackupFile("pglite");
    const m = await backupPglite({ dataDir, file, ignoreLock: args.includes("--ignore-lock") });
    console.log(`backed up the PGlite database in ${dataDir}`);
    console.log(
      `  to ${file} (${(m.bytes / 1024 / 1024).toFixed(1)} MB, PGlite dumpDataDir tarball) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(formatSummary(m.summary).join("\n"));
    console.log(`  manifest: ${file}.json`);
  }
  console.log(
    `  uploaded documents are files, not rows: back up ${env.UPLOADS_DIR ?? path.join(env.DATA_DIR, "uploads")} as well (e.g. tar or rsync)`,
  );
} catch (e) {
  console.error(`db:backup: ${e instanceof BackupError ? e.message : (e as Error).stack}`);
  process.exitCode = 1;
}
