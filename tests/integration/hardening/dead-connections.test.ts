import type { AddressInfo } from "node:net";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "~/modules/identity/accounts.server";
import { isDatabaseUnavailable, openDatabase, type DatabaseHandle } from "~/server/db.server";
import { readEnv } from "~/server/env.server";
import { createHttpApp } from "~/web/http.server";
import { createTestDatabase } from "../../support/db";
import { signUpInput } from "../../support/fixtures";
import { controlClient, databaseUrl, onPostgres } from "./pg-control";

/*
 * A connection the database terminated is never used again: not by the next statement of the same request,
 * not by the next request. A read that met it is sent once more on a fresh connection; a write fails and
 * says nothing was saved. And an answer under a database fault is a translated page, never plain text.
 */

let h: DatabaseHandle;
let control: pg.Client | null = null;

beforeAll(async () => {
  h = await createTestDatabase();
  if (onPostgres) control = await controlClient(h.db);
});
afterAll(async () => {
  await control?.end();
  await h?.close();
});

/** A one-connection pool whose backend is terminated on demand, without waiting for the client to notice. */
async function singleConnection(name: string) {
  const handle = await openDatabase({ url: await databaseUrl(h.db, { application_name: name }), poolSize: 1 });
  const terminate = async () => {
    const { rows } = await control!.query(
      "select count(*) filter (where pg_terminate_backend(pid)) as n from pg_stat_activity where application_name = $1 and datname = current_database()",
      [name],
    );
    return Number(rows[0].n);
  };
  return { ...handle, terminate };
}

const backendPid = async (db: DatabaseHandle["db"]) =>
  (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;

describe.skipIf(!onPostgres)("terminated backends (PostgreSQL)", () => {
  it("a read right after its connection was terminated is answered on a fresh connection", async () => {
    const c = await singleConnection("dead-read");
    try {
      const before = await backendPid(c.db);
      expect(await c.terminate()).toBe(1);
      // No pause: the pool still holds the client as idle; the read meets it dead and is sent again.
      const after = await backendPid(c.db);
      expect(after).not.toBe(before);
      expect(Number((await sql<{ n: number }>`select count(*)::int as n from regions`.execute(c.db)).rows[0]!.n)).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  });

  it("a transaction whose connection is terminated fails as 'nothing saved', and the next statement does not meet the dead connection", async () => {
    const c = await singleConnection("dead-trx");
    try {
      const input = signUpInput({ orgName: "断线后续语句测试有限公司" });
      let pidInside = 0;
      const r = await c.db
        .transaction()
        .execute(async (trx) => {
          pidInside = await backendPid(trx);
          await trx.insertInto("users").values({ email: input.email, name: "断线", passwordHash: "x" }).execute();
          await c.terminate();
          await trx
            .insertInto("users")
            .values({ email: `2${input.email}`, name: "断线", passwordHash: "x" })
            .execute();
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(isDatabaseUnavailable(r), String(r)).toBe(true);
      // Immediately, with one connection in the pool: a write (never retried) goes through on a fresh one.
      await c.db
        .insertInto("users")
        .values({ email: `3${input.email}`, name: "断线", passwordHash: "x" })
        .execute();
      expect(await backendPid(c.db)).not.toBe(pidInside);
      const saved = await h.db
        .selectFrom("users")
        .select("email")
        .where("email", "in", [input.email, `2${input.email}`])
        .execute();
      expect(saved).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("a sign-up after a terminated connection goes through on the same pool, many times over", async () => {
    const c = await singleConnection("dead-many");
    try {
      for (let i = 0; i < 5; i++) {
        await backendPid(c.db);
        await c.terminate();
        const { orgId, sessionToken } = await signUp(c.db, signUpInput());
        expect(orgId).toBeTruthy();
        expect(sessionToken).toMatch(/\./);
      }
    } finally {
      await c.close();
    }
  });
});

describe("an answer under a database fault is a page", () => {
  async function serve(db: DatabaseHandle["db"]) {
    const env = readEnv({ DATA_DIR: path.join(os.tmpdir(), "zjcs-dead-conn"), LOG_LEVEL: "silent", PAGE_CACHE_SECONDS: "0" });
    const app = createHttpApp({
      env,
      db,
      dbKind: "postgres",
      build: async () => {
        throw new Error("the app is not reached in these tests");
      },
      clientDir: path.join(os.tmpdir(), "zjcs-dead-conn-client"),
    });
    const server: http.Server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
  }

  it("session validation that loses the database answers the translated 503 page saying nothing was saved", async () => {
    const lost = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    // Every statement fails as a lost connection would.
    const broken = h.db.withPlugin({
      transformQuery: () => {
        throw lost;
      },
      transformResult: async (a) => a.result,
    });
    const s = await serve(broken);
    try {
      for (const [lang, text] of [
        ["zh-CN", "与数据库的连接中断，本次操作没有保存"],
        ["en", "nothing was saved"],
      ] as const) {
        const res = await fetch(`${s.url}/account`, {
          headers: { cookie: `session=abcdefghijkmnpqrstuvwxyz.abcdefghijkmnpqrstuvwxyz; lang=${lang}` },
        });
        expect(res.status).toBe(503);
        expect(res.headers.get("content-type")).toMatch(/^text\/html/);
        expect(res.headers.get("retry-after")).toBe("5");
        const body = await res.text();
        expect(body).toContain(text);
        expect(body).toContain(`<html lang="${lang}">`);
        expect(body).not.toContain("Internal error");
      }
    } finally {
      await s.close();
    }
  });
});
