import type http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "~/server/db.server";
import { readEnv } from "~/server/env.server";
import { FORM_LIMITS } from "~/web/body-limits.server";
import { DISCARD_LIMIT_BYTES } from "~/web/unread-body.server";
import { createHttpApp } from "~/web/http.server";
import { createTestDatabase } from "../../support/db";

// The whole HTTP stack as the server runs it: a body declared over its route kind's limit is refused
// with the translated 413 page before anything reads it, and the client always gets to read that answer.
let h: DatabaseHandle;
let server: http.Server;
let port = 0;
let reachedApp = 0;

beforeAll(async () => {
  h = await createTestDatabase({ reference: false });
  const env = readEnv({ DATA_DIR: path.join(os.tmpdir(), "zjcs-body-limits"), LOG_LEVEL: "silent", PAGE_CACHE_SECONDS: "0" });
  const app = createHttpApp({
    env,
    db: h.db,
    dbKind: h.kind,
    build: async () => {
      reachedApp++;
      throw new Error("a refused body never reaches the app");
    },
    clientDir: path.join(os.tmpdir(), "zjcs-body-limits-client"),
  });
  server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await h?.close();
});

function connect() {
  const socket = net.connect(port, "127.0.0.1");
  let received = "";
  let closed = false;
  socket.setEncoding("utf8");
  socket.on("data", (d: string) => (received += d));
  socket.on("error", () => undefined);
  socket.on("close", () => (closed = true));
  const until = async (test: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!test()) {
      if (Date.now() > end) throw new Error(`timed out; received: ${received.slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return {
    socket,
    write: (s: string | Buffer) => new Promise<void>((r) => socket.write(s, () => r())),
    received: () => received,
    isClosed: () => closed,
    until,
  };
}

describe("a form over its limits", () => {
  it("answers a body too large to read through with the translated 413 before it is read, then closes with a FIN", async () => {
    const c = connect();
    await c.write(
      `POST /login HTTP/1.1\r\nHost: x\r\nCookie: lang=zh-CN\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${DISCARD_LIMIT_BYTES + 1}\r\n\r\n`,
    );
    await c.until(() => c.received().includes("</html>"));
    expect(c.received()).toMatch(/^HTTP\/1\.1 413/);
    expect(c.received().toLowerCase()).toContain("connection: close");
    expect(c.received()).toContain("提交的内容过多");
    expect(c.received()).toContain("没有保存任何内容");
    await c.until(() => c.isClosed(), 10_000);
    expect(reachedApp).toBe(0);
  });

  it("a body at the limit is let through to the app", async () => {
    const r = await fetch(`http://127.0.0.1:${port}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "a=" + "x".repeat(FORM_LIMITS.bytes - 2),
    });
    // Past the limits, on to the same-origin guard (no Origin header here: 403).
    expect(await r.text()).not.toContain("提交的内容过多");
    expect(r.status).not.toBe(413);
  });

  it("every client of a body too large to read through still reads its 413 (no EPIPE, no reset)", async () => {
    const big = new Uint8Array(DISCARD_LIMIT_BYTES + 5 * 1024 * 1024);
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, async () => {
        try {
          const r = await fetch(`http://127.0.0.1:${port}/complaints/new`, {
            method: "POST",
            headers: { "content-type": "multipart/form-data; boundary=b" },
            body: big,
          });
          return `${r.status} ${(await r.text()).includes("提交的内容过多")}`;
        } catch (e) {
          return `failed: ${String((e as { cause?: { code?: string } }).cause?.code ?? e)}`;
        }
      }),
    );
    expect(outcomes).toEqual(["413 true", "413 true", "413 true"]);
  });

  it("a raw client that keeps sending after the answer reads it, and is then closed with a FIN, not a reset", async () => {
    const c = connect();
    await c.write(`POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: ${DISCARD_LIMIT_BYTES + 1}\r\n\r\n`);
    await c.until(() => c.received().includes("</html>"));
    expect(c.received()).toMatch(/^HTTP\/1\.1 413/);
    expect(c.received().toLowerCase()).toContain("connection: close");
    let writeError: unknown = null;
    c.socket.on("error", (e) => (writeError = e));
    // Keep writing for a while: the server reads and drops it rather than resetting the connection.
    for (let i = 0; i < 20 && !c.isClosed(); i++) await c.write(Buffer.alloc(64 * 1024));
    expect(writeError).toBeNull();
    await c.until(() => c.isClosed(), 10_000);
  });
});
