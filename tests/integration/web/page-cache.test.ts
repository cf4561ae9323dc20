import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/modules/audit/audit.server";
import type { DatabaseHandle } from "~/server/db.server";
import { PageCache, projectAuditHead, projectPageCache, type PageCacheSlot } from "~/web/page-cache.server";
import { createTestDatabase } from "../../support/db";

// The anonymous project page cache in front of the renderer: a page is reused only while the project's
// audit trail has not moved, within its lifetime, for anonymous plain GETs; the CSP nonce is the request's.
// The stand-in renderer reports the audit head it read, as the project page's loader does.
let h: DatabaseHandle;
let server: ReturnType<express.Express["listen"]>;
let base = "";
let renders = 0;
let lookups = 0;
const cache = new PageCache({ ttlMs: 60_000, maxEntries: 3 });
const id = crypto.randomUUID();

beforeAll(async () => {
  h = await createTestDatabase({ reference: false });
  const app = express();
  app.use((req, res, next) => {
    res.locals.nonce = crypto.randomBytes(16).toString("base64");
    res.locals.locale = req.get("x-lang") ?? "zh-CN";
    res.locals.viewer = req.get("x-viewer") ? { userId: "u" } : null;
    res.setHeader("Content-Security-Policy", `script-src 'nonce-${res.locals.nonce}'`);
    next();
  });
  app.use(
    projectPageCache(h.db, cache, (db, projectId) => {
      lookups += 1;
      return projectAuditHead(db, projectId);
    }),
  );
  app.get("/projects/:id", async (req, res) => {
    renders += 1;
    const slot = res.locals.pageCache as PageCacheSlot | undefined;
    if (slot && !req.get("x-no-head")) slot.auditHead = await projectAuditHead(h.db, req.params.id!);
    if (req.get("x-cookie-out")) res.setHeader("Set-Cookie", "a=1");
    if (req.get("x-fail")) return res.status(500).type("html").send("<p>error</p>");
    res.type("html").send(`<html><script nonce="${res.locals.nonce}">x</script><p>render ${renders} ${res.locals.locale}</p></html>`);
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await h?.close();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const r = await fetch(base + path, { headers });
  return {
    status: r.status,
    cache: r.headers.get("x-page-cache"),
    csp: r.headers.get("content-security-policy") ?? "",
    body: await r.text(),
  };
};
const nonceOf = (body: string) => /nonce="([^"]+)"/.exec(body)?.[1];

describe("the anonymous project page cache", () => {
  it("renders once and then serves the page with each request's own nonce", async () => {
    const a = await get(`/projects/${id}`);
    // The first view of a project has nothing to compare: no audit-head lookup before its render.
    expect(lookups).toBe(0);
    const b = await get(`/projects/${id}`);
    expect([a.cache, b.cache]).toEqual(["miss", "hit"]);
    expect(lookups).toBe(1);
    expect(b.body.replace(/nonce="[^"]+"/, "")).toBe(a.body.replace(/nonce="[^"]+"/, ""));
    expect(nonceOf(b.body)).not.toBe(nonceOf(a.body));
    expect(b.csp).toContain(`'nonce-${nonceOf(b.body)}'`);
    expect(renders).toBe(1);
  });

  it("renders again once the project's audit trail has moved", async () => {
    await h.db.transaction().execute((trx) =>
      recordAudit(trx, {
        action: "project.questionAnswered",
        subjectType: "project",
        subjectId: id,
        actorUserId: null,
        actorOrgId: null,
        data: {},
      }),
    );
    const c = await get(`/projects/${id}`);
    expect(c.cache).toBe("miss");
    expect(c.body).toContain("render 2");
    expect((await get(`/projects/${id}`)).cache).toBe("hit");
  });

  it("keeps languages apart and never serves signed-in viewers, query strings or other paths from it", async () => {
    expect((await get(`/projects/${id}`, { "x-lang": "en" })).body).toContain(" en</p>");
    expect((await get(`/projects/${id}`, { "x-viewer": "1" })).cache).toBeNull();
    expect((await get(`/projects/${id}`, { cookie: "session=abc.def" })).cache).toBeNull();
    expect((await get(`/projects/${id}?tab=bids`)).cache).toBeNull();
    expect((await get(`/projects/not-a-uuid`)).cache).toBeNull();
  });

  it("keeps no error pages and no answers that set cookies, and forgets the least recently used", async () => {
    const other = crypto.randomUUID();
    expect((await get(`/projects/${other}`, { "x-fail": "1" })).status).toBe(500);
    expect((await get(`/projects/${other}`, { "x-cookie-out": "1" })).cache).toBe("miss");
    expect((await get(`/projects/${other}`)).cache).toBe("miss");
    expect((await get(`/projects/${other}`)).cache).toBe("hit");
    for (let i = 0; i < 4; i++) await get(`/projects/${crypto.randomUUID()}`);
    expect(cache.size).toBeLessThanOrEqual(3);
    expect((await get(`/projects/${other}`)).cache).toBe("miss");
  });

  it("keeps no page whose render reported no audit head", async () => {
    const other = crypto.randomUUID();
    expect((await get(`/projects/${other}`, { "x-no-head": "1" })).cache).toBe("miss");
    expect((await get(`/projects/${other}`, { "x-no-head": "1" })).cache).toBe("miss");
  });

  it("keeps the page under the head its render read, not one looked up before it", async () => {
    // A change audited while the page renders: the page shows the record after it and is kept under
    // the new head, so the next request is served it without rendering again, and nothing older.
    const other = crypto.randomUUID();
    let during = true;
    const app = express();
    app.use((_req, res, next) => ((res.locals.locale = "zh-CN"), (res.locals.viewer = null), next()));
    app.use(projectPageCache(h.db, cache));
    app.get("/projects/:id", async (_req, res) => {
      if (during)
        await h.db.transaction().execute((trx) =>
          recordAudit(trx, {
            action: "project.questionAnswered",
            subjectType: "project",
            subjectId: other,
            actorUserId: null,
            actorOrgId: null,
            data: {},
          }),
        );
      (res.locals.pageCache as PageCacheSlot).auditHead = await projectAuditHead(h.db, other);
      res.type("html").send(`<p>${during ? "after the change" : "again"}</p>`);
    });
    const s2 = app.listen(0, "127.0.0.1");
    await new Promise((r) => s2.once("listening", r));
    try {
      const url = `http://127.0.0.1:${(s2.address() as AddressInfo).port}/projects/${other}`;
      const first = await fetch(url);
      expect(first.headers.get("x-page-cache")).toBe("miss");
      during = false;
      const second = await fetch(url);
      expect(second.headers.get("x-page-cache")).toBe("hit");
      expect(await second.text()).toBe("<p>after the change</p>");
    } finally {
      s2.close();
    }
  });

  it("serves nothing older than its lifetime", async () => {
    const short = new PageCache({ ttlMs: 50, maxEntries: 10 });
    short.set("k", { at: Date.now(), head: 1, status: 200, headers: [], body: "x", nonce: "" });
    expect(short.get("k", Date.now())).toBeDefined();
    expect(short.get("k", Date.now() + 100)).toBeUndefined();
    // Expired pages do not stay in memory until they are asked for again.
    const t = Date.now();
    for (let i = 0; i < 5; i++) short.set(`old${i}`, { at: t, head: 1, status: 200, headers: [], body: "x", nonce: "" });
    short.set("new", { at: t + 100, head: 1, status: 200, headers: [], body: "x", nonce: "" });
    expect(short.size).toBe(1);
  });
});
