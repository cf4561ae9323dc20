import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepPrepared, type DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";

// Statements marked `keepPrepared` run as named prepared statements on PostgreSQL (planned once per
// connection); unmarked ones as before; on PGlite the mark is only a comment.
let h: DatabaseHandle;

beforeAll(async () => {
  h = await createTestDatabase({ reference: false });
});
afterAll(async () => {
  await h?.close();
});

describe("prepared statements", () => {
  it("gives the same rows, marked or not, and marking twice is marking once", async () => {
    const text = "select $1::int + 1 as n, $2::text as s";
    expect(keepPrepared(keepPrepared(text))).toBe(keepPrepared(text));
    const plain = await h.db.executeQuery(CompiledQuery.raw(text, [41, "a"]));
    const marked = await h.db.executeQuery(CompiledQuery.raw(keepPrepared(text), [41, "a"]));
    expect(marked.rows).toEqual(plain.rows);
    expect(marked.rows).toEqual([{ n: 42, s: "a" }]);
  });

  it.runIf(!!process.env.TEST_DATABASE_URL)(
    "prepares a marked statement once per connection, by name, and runs it again with new values",
    async () => {
      const text = keepPrepared("select count(*)::int as n from generate_series(1, $1::int)");
      await h.db.connection().execute(async (c) => {
        for (const k of [3, 5, 8]) expect((await c.executeQuery(CompiledQuery.raw(text, [k]))).rows).toEqual([{ n: k }]);
        const prepared = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(c);
        const mine = prepared.rows.filter((r) => r.statement === text);
        expect(mine).toHaveLength(1);
        expect(mine[0]!.name).toMatch(/^zjcs_[0-9a-f]{16}$/);
        // An unmarked statement is not kept.
        await c.executeQuery(CompiledQuery.raw("select 1 as one", []));
        const after = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(c);
        expect(after.rows.some((r) => r.statement === "select 1 as one")).toBe(false);
      });
    },
  );
});
