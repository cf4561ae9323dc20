// npm run db:backup / db:restore: a round trip on PGlite (always) and on PostgreSQL (TEST_DATABASE_URL)
// compares every table's row count and the audit chain (head hash, verification) between the seeded
// source and the restored target, and checks the refusals (target not empty, database in use, tools
// missing or too old).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { openDatabase, type DatabaseHandle } from "~/server/db.server";
import { migrateToLatest } from "~/server/migrate.server";
import { createFreshDatabase } from "../../../scripts/lib/pg-admin";
import { expectRaised } from "../../support/errors";
import {
  BackupError,
  backupPglite,
  backupPostgres,
  compareSummaries,
  detectBackupFormat,
  restorePglite,
  restorePostgres,
  summarize,
  type DatabaseSummary,
} from "../../../scripts/lib/backup";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-backup-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Migrates, loads reference data and the demo, and returns what the database then holds. */
async function seed(h: DatabaseHandle): Promise<DatabaseSummary> {
  await migrateToLatest(h.db);
  await seedReference(h.db);
  expect(await seedDemo(h.db)).toBe(true);
  return summarize(h.db);
}

function expectSameDatabase(source: DatabaseSummary, target: DatabaseSummary) {
  expect(target.tables).toEqual(source.tables);
  expect(target.audit).toEqual(source.audit);
  expect(target.verification).toMatchObject({ ok: true, checked: source.audit.events, lastHash: source.audit.headHash });
  expect(compareSummaries(source, target)).toEqual([]);
}

describe("PGlite: data-directory tarball", () => {
  const src = path.join(tmp, "src", "pglite");
  const file = path.join(tmp, "out", "demo.pglite.tar.gz");
  let source: DatabaseSummary;

  beforeAll(async () => {
    const h = await openDatabase({ dataDir: src });
    try {
      source = await seed(h);
    } finally {
      await h.close();
    }
  });

  it("the seeded source has rows and an intact chain to compare", () => {
    expect(source.tables.projects).toBeGreaterThan(0);
    expect(source.tables.regions).toBeGreaterThan(3000);
    expect(source.audit.events).toBeGreaterThan(0);
    expect(source.verification.ok).toBe(true);
  });

  it("backs up, restores into a fresh directory, and the target holds the same rows and chain", async () => {
    const manifest = await backupPglite({ dataDir: src, file });
    expect(detectBackupFormat(file)).toBe("pglite-datadir-tgz");
    expect(manifest.summary.tables).toEqual(source.tables);
    expect(JSON.parse(fs.readFileSync(`${file}.json`, "utf8")).summary.audit).toEqual(source.audit);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    const target = path.join(tmp, "dst", "pglite");
    const r = await restorePglite({ dataDir: target, file });
    expectSameDatabase(source, r.summary);
    expect(r.differences).toEqual([]);

    // The restored directory is an ordinary database the app opens again.
    const h = await openDatabase({ dataDir: target });
    try {
      expectSameDatabase(source, await summarize(h.db));
    } finally {
      await h.close();
    }
  });

  it("never overwrites a backup file", async () => {
    await expect(backupPglite({ dataDir: src, file })).rejects.toThrow(/already exists/);
  });

  it("refuses a directory an app may hold (postmaster.pid), unless told it is stale", async () => {
    const pid = path.join(src, "postmaster.pid");
    fs.writeFileSync(pid, "-42\n");
    try {
      await expect(backupPglite({ dataDir: src, file: path.join(tmp, "out", "locked.tar.gz") })).rejects.toThrow(
        /postmaster\.pid.*stop the app first/is,
      );
      await backupPglite({ dataDir: src, file: path.join(tmp, "out", "stale.tar.gz"), ignoreLock: true });
    } finally {
      fs.rmSync(pid, { force: true });
    }
  });

  it("refuses a non-empty target without --force, and with it moves the old directory aside", async () => {
    const target = path.join(tmp, "dst2", "pglite");
    await restorePglite({ dataDir: target, file });
    await expect(restorePglite({ dataDir: target, file })).rejects.toThrow(BackupError);
    await expect(restorePglite({ dataDir: target, file })).rejects.toThrow(/not empty.*--force/);
    const r = await restorePglite({ dataDir: target, file, force: true });
    expect(r.movedAside && fs.existsSync(path.join(r.movedAside, "PG_VERSION"))).toBe(true);
    expectSameDatabase(source, r.summary);
  });

  it("says which kind of backup a file is when it is the wrong one", async () => {
    const bogus = path.join(tmp, "out", "bogus.dump");
    fs.writeFileSync(bogus, "PGDMP\x01\x0e\x00");
    await expect(restorePglite({ dataDir: path.join(tmp, "dst3"), file: bogus })).rejects.toThrow(/pg_dump archive.*DATABASE_URL/);
    await expect(restorePostgres({ url: "postgres://nobody@127.0.0.1:1/none", file })).rejects.toThrow(/PGlite data-directory backup/);
  });
});

const base = process.env.TEST_DATABASE_URL;

describe.skipIf(!base)("PostgreSQL: pg_dump / pg_restore", () => {
  const file = path.join(tmp, "pg", "demo.dump");
  let src: Awaited<ReturnType<typeof createFreshDatabase>>;
  let dst: Awaited<ReturnType<typeof createFreshDatabase>>;
  let source: DatabaseSummary;

  beforeAll(async () => {
    src = await createFreshDatabase(base!, "backup_src");
    dst = await createFreshDatabase(base!, "backup_dst");
    const h = await openDatabase({ url: src.url });
    try {
      source = await seed(h);
    } finally {
      await h.close();
    }
  });
  afterAll(async () => {
    await src?.drop();
    await dst?.drop();
  });

  it("backs up, restores into a fresh database, and the target holds the same rows and chain", async () => {
    const manifest = await backupPostgres({ url: src.url, file });
    expect(detectBackupFormat(file)).toBe("pg_dump-custom");
    expect(manifest.summary.tables).toEqual(source.tables);
    expect(manifest.summary.audit).toEqual(source.audit);

    const r = await restorePostgres({ url: dst.url, file });
    expectSameDatabase(source, r.summary);
    expect(r.differences).toEqual([]);

    // Triggers came back with the schema (they are created after the data): the audit trail is still append-only.
    const h = await openDatabase({ url: dst.url });
    try {
      await expectRaised(h.db.deleteFrom("auditEvents").execute(), "audit_append_only");
      expectSameDatabase(source, await summarize(h.db));
    } finally {
      await h.close();
    }
  });

  it("refuses a non-empty target without --force, and replaces it with --force", async () => {
    await expect(restorePostgres({ url: dst.url, file })).rejects.toThrow(/not empty.*--force/);
    const r = await restorePostgres({ url: dst.url, file, force: true });
    expectSameDatabase(source, r.summary);
  });

  it("refuses a database other connections use, unless told to go ahead", async () => {
    const other = new pg.Client({ connectionString: dst.url });
    await other.connect();
    try {
      await expect(restorePostgres({ url: dst.url, file, force: true })).rejects.toThrow(/other connection.*stop the app/);
    } finally {
      await other.end();
    }
  });

  it("names a missing or too old pg_dump", async () => {
    await expect(
      backupPostgres({ url: src.url, file: path.join(tmp, "pg", "x.dump"), env: { PG_BIN: path.join(tmp, "no-such-dir") } }),
    ).rejects.toThrow(/pg_dump was not found in PG_BIN/);
    const old = path.join(tmp, "old-bin");
    fs.mkdirSync(old, { recursive: true });
    fs.writeFileSync(path.join(old, "pg_dump"), "#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n", { mode: 0o755 });
    await expect(backupPostgres({ url: src.url, file: path.join(tmp, "pg", "y.dump"), env: { PG_BIN: old } })).rejects.toThrow(
      /version mismatch.*9\.6/,
    );
    expect(fs.existsSync(path.join(tmp, "pg", "y.dump.partial"))).toBe(false);
  });
});
