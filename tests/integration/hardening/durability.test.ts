import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "~/server/db.server";

/*
 * An acknowledged embedded write is on the disk (docs/decisions/041-embedded-durability.md): PostgreSQL in
 * PGlite runs with fsync on, and each commit reaches the host's fsync(2) before the call returns. A power
 * cut cannot be staged here; what is checked is that the flush happens, once per commit, before the answer.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-durability-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("durable embedded writes", () => {
  it("a data directory runs with fsync on, and every commit is flushed with fsync(2) before it is acknowledged", async () => {
    const h = await openDatabase({ dataDir: path.join(dir, "pglite") });
    try {
      const show = async (name: string) =>
        (await sql<Record<string, string>>`${sql.raw(`show ${name}`)}`.execute(h.db)).rows.map((r) => Object.values(r)[0])[0];
      expect(await show("fsync")).toBe("on");
      expect(await show("wal_sync_method")).toBe("fsync");
      await sql`create table durability_probe (id serial primary key, v text)`.execute(h.db);
      const spy = vi.spyOn(fs, "fsyncSync");
      try {
        for (let i = 0; i < 5; i++) {
          const before = spy.mock.calls.length;
          await sql`insert into durability_probe (v) values (${`写入${i}`})`.execute(h.db);
          // The flush happened before the insert's promise resolved.
          expect(spy.mock.calls.length, `commit ${i}`).toBeGreaterThan(before);
        }
        const before = spy.mock.calls.length;
        await h.db.transaction().execute(async (trx) => {
          await sql`insert into durability_probe (v) values ('a')`.execute(trx);
          await sql`insert into durability_probe (v) values ('b')`.execute(trx);
          // Nothing is flushed for a statement inside a transaction; the commit flushes.
          expect(spy.mock.calls.length).toBe(before);
        });
        expect(spy.mock.calls.length).toBeGreaterThan(before);
      } finally {
        spy.mockRestore();
      }
    } finally {
      await h.close();
    }
    const again = await openDatabase({ dataDir: path.join(dir, "pglite") });
    try {
      expect((await sql<{ n: number }>`select count(*)::int as n from durability_probe`.execute(again.db)).rows[0]!.n).toBe(7);
    } finally {
      await again.close();
    }
  }, 60_000);

  it("an in-memory database (the tests') is not flushed", async () => {
    const h = await openDatabase({ dataDir: "memory://" });
    try {
      expect((await sql<{ fsync: string }>`show fsync`.execute(h.db)).rows[0]!.fsync).toBe("off");
    } finally {
      await h.close();
    }
  });
});
