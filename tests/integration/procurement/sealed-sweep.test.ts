import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { RouteConfigEntry } from "@remix-run/route-config";
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASETS } from "~/modules/opendata/ocds.rules";
import { recordAudit } from "~/modules/audit/audit.server";
import { getViewer } from "~/modules/identity/accounts.server";
import type { Viewer } from "~/modules/identity/viewer";
import { submitBid, withdrawBid } from "~/modules/procurement/bids.server";
import { openDueProjects } from "~/modules/procurement/selection.server";
import { projectAuditTrail } from "~/modules/audit/project-audit.server";
import routes from "~/routes";
import { FileStore } from "~/server/files.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { world } from "../../support/world";

// Sealed means sealed (招标投标法 第二十二条): before the opening, every route's loader, as every actor
// but the bidder, gives the same answer before and after bids arrive — no bidder's name, id or number —
// and the bidder still sees its own bid.

let h: DatabaseHandle;
let w: ReturnType<typeof world>;
let projectId = "";
let itemId = 0;
const actors: Record<string, Viewer | null> = {};
const bidders: Viewer[] = [];
const NOBODY = crypto.randomUUID();
const files = new FileStore(path.join(os.tmpdir(), `sealed-sweep-${process.pid}`));

function flatten(entries: RouteConfigEntry[]): RouteConfigEntry[] {
  return entries.flatMap((e) => [e, ...flatten(e.children ?? [])]);
}
const ROUTES = [
  { path: "", file: "root.tsx" },
  ...flatten(routes as RouteConfigEntry[])
    .map((r) => ({ path: r.index ? "" : (r.path ?? ""), file: r.file }))
    .filter((r) => r.path !== "*"),
];

/** The addresses a route is visited at: each parameter filled with what could name or count a bidder. */
function visitsOf(route: string): { url: string; params: Record<string, string> }[] {
  const fill = (values: Record<string, string>) => ({
    url: "/" + route.replace(/:([A-Za-z]+)/g, (_, k: string) => encodeURIComponent(values[k]!)),
    params: values,
  });
  if (route.startsWith("open-data/bulk/")) return DATASETS.flatMap((d) => ["jsonl", "csv"].map((f) => fill({ file: `${d}.${f}` })));
  if (route.startsWith("agencies/:id")) return bidders.map((b) => fill({ id: b.org!.id }));
  if (route.includes(":itemId")) return [fill({ itemId: String(itemId) })];
  if (route.startsWith("projects/:id") || route.startsWith("owner/projects/:id") || route.startsWith("ocds/records/"))
    return [fill({ id: projectId })];
  if (route.includes(":")) return [fill({ id: NOBODY, token: NOBODY, file: "x" })];
  if (route === "projects") return [fill({}), { url: "/projects?status=bidding", params: {} }];
  return [fill({})];
}

function contextFor(viewer: Viewer | null): AppLoadContext {
  return {
    db: h.db,
    dbKind: process.env.TEST_DATABASE_URL ? "postgres" : "pglite",
    viewer,
    sessionId: viewer ? "sweep-session" : null,
    locale: "zh-CN",
    nonce: "sweep",
    requestId: "sweep",
    receivedAt: new Date(),
    clientAddress: "127.0.0.1",
    session: { cookieSecure: false, inactivityTimeoutMs: 86_400_000 },
    limits: { signupsPerHour: 0, complaintsPerDay: 0 },
    files,
    payments: { stripe: null, currency: "cny", connectCountry: "HK", publishableKey: null, webhookSecret: null },
    pageCache: null,
  } as AppLoadContext;
}

async function textOf(r: unknown): Promise<string> {
  if (r instanceof Response) return `${r.status} ${r.headers.get("location") ?? ""} ${await r.text()}`;
  if (r && typeof r === "object" && (r as { type?: string }).type === "DataWithResponseInit")
    return JSON.stringify((r as { data: unknown }).data);
  return JSON.stringify(r ?? null);
}

/** Every loader's answer for one actor, by address. */
async function sweep(viewer: Viewer | null): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const r of ROUTES) {
    const mod = (await import(/* @vite-ignore */ path.resolve("app", r.file))) as { loader?: (a: LoaderFunctionArgs) => unknown };
    if (!mod.loader) continue;
    for (const v of visitsOf(r.path)) {
      const request = new Request(`http://localhost${v.url}`);
      let text: string;
      try {
        text = await textOf(await mod.loader({ request, params: v.params, context: contextFor(viewer) }));
      } catch (e) {
        text = e instanceof Response ? `thrown ${await textOf(e)}` : `error ${String(e)}`;
      }
      out.set(`${r.file} ${v.url}`, normalise(text));
    }
  }
  return out;
}

/** What changes from one request to the next whatever the bids are: the time of the request. */
const normalise = (s: string) =>
  s
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, "<time>")
    .replace(/filename="[^"]*"/g, "")
    // A fresh key each time the edit form is drawn (publishing twice publishes once).
    .replace(/,"publishKey":"[0-9a-f-]{36}"\}$/, "}")
    .replace(/"(generatedAt|publishedDate|asOf)":"[^"]*"/g, "");

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
  itemId = await w.itemId("eia-form");
  const owner = await w.owner("密封测试业主有限公司");
  actors.owner = owner;
  actors.regulatorOfRegion = await w.regulator("南京市密封测试监管办公室", "320100", "all");
  actors.regulatorOtherItems = await w.regulator("南京市密封测试造价监管科", "320100", ["project-cost-consulting"]);
  actors.regulatorOtherRegion = await w.regulator("苏州市密封测试监管办公室", "320500", "all");
  const admin = await h.db
    .insertInto("users")
    .values({ email: `sweep-admin-${crypto.randomUUID()}@example.cn`, name: "平台运营", passwordHash: "x", isSiteAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  actors.platform = await getViewer(h.db, admin.id);
  actors.public = null;
  actors.anotherAgency = await w.agency("密封测试旁观咨询有限公司");
  // Bidders: one bids, one bids and revises, one bids then withdraws, one tries above the ceiling.
  for (const name of ["密封甲环境咨询有限公司", "密封乙环境咨询有限公司", "密封丙环境咨询有限公司", "密封丁环境咨询有限公司"])
    bidders.push(await w.agency(name));
  projectId = await w.project(owner);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("before the opening", () => {
  it("no page, data, feed, file or trail names or counts a bidder, for anyone but the bidder", async () => {
    const before = new Map<string, Map<string, string>>();
    for (const [name, viewer] of Object.entries(actors)) before.set(name, await sweep(viewer));

    const [a, b, c, d] = bidders as [Viewer, Viewer, Viewer, Viewer];
    await submitBid(h.db, a, projectId, { price: 41_234_56, committedDays: 17, proposal: "甲方案" });
    await submitBid(h.db, b, projectId, { price: 39_876_54, committedDays: 18, proposal: null });
    await submitBid(h.db, b, projectId, { price: 38_765_43, committedDays: 18, proposal: null });
    await submitBid(h.db, c, projectId, { price: 42_000_00, committedDays: 19, proposal: null });
    await withdrawBid(h.db, c, projectId);
    await expect(submitBid(h.db, d, projectId, { price: 60_000_00, committedDays: 19, proposal: null })).rejects.toThrow();
    // The attempt above left an eligibility answer naming the agency that tried.
    expect(await h.db.selectFrom("eligibilityChecks").select("agencyId").where("agencyId", "=", d.org!.id).execute()).not.toEqual([]);

    const secrets = bidders.flatMap((v) => [v.org!.id, v.org!.name]);
    const bidIds = (await h.db.selectFrom("bids").select("id").where("projectId", "=", projectId).execute()).map((r) => r.id);
    expect(bidIds).toHaveLength(3);
    let visited = 0;
    for (const [name, viewer] of Object.entries(actors)) {
      const after = await sweep(viewer);
      for (const [where, text] of after) {
        visited += 1;
        const was = before.get(name)!.get(where) ?? "(not visited)";
        // Agencies are public (the directory, their profiles): what must not appear is them as bidders here.
        for (const s of [...secrets, ...bidIds, "41234.56", "4123456", "3876543"]) {
          if (text.includes(s) && !was.includes(s)) throw new Error(`${name} learns "${s}" at ${where}`);
        }
        // Nothing moved at all: not a count, not a withdrawal.
        if (text !== was) {
          let i = 0;
          while (text[i] === was[i]) i += 1;
          throw new Error(`${name} sees a change at ${where}: …${was.slice(i - 80, i + 80)}… became …${text.slice(i - 80, i + 80)}…`);
        }
      }
    }
    expect(visited).toBeGreaterThan(60 * Object.keys(actors).length);
  }, 300_000);

  it("the bidder still sees its own bid, and only its own", async () => {
    const [a] = bidders as [Viewer];
    const page = await sweep(a);
    const own = [...page].find(([k]) => k.startsWith("routes/public/project.tsx "))![1];
    expect(own).toContain("4123456");
    for (const other of bidders.slice(1)) expect(own).not.toContain(other.org!.name);
    expect(own).not.toContain("3876543");
  }, 120_000);

  it("an audit event that counts bids keeps its hash but shows its body only from the opening", async () => {
    await h.db
      .transaction()
      .execute((trx) =>
        recordAudit(trx, { action: "project.revised", subjectType: "project", subjectId: projectId, data: { voidedBids: 2, revision: 2 } }),
      );
    await h.db
      .transaction()
      .execute((trx) =>
        recordAudit(trx, { action: "bid.received", subjectType: "project", subjectId: projectId, data: { agencyId: bidders[0]!.org!.id } }),
      );
    for (const viewer of Object.values(actors)) {
      const trail = (await projectAuditTrail(h.db, viewer, projectId))!;
      const revised = trail.events.find((e) => e.action === "project.revised")!;
      expect(revised.body).toBeNull();
      expect(revised.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(trail.events.some((e) => e.action.startsWith("bid."))).toBe(false);
    }
  });
});

describe("from the opening", () => {
  it("the bids, the eligibility answers given at bid time and the withheld bodies are public", async () => {
    await w.passDeadline(projectId);
    await openDueProjects(h.db);
    const [a, , , d] = bidders as [Viewer, Viewer, Viewer, Viewer];
    const pub = await sweep(null);
    const page = [...pub].find(([k]) => k.startsWith("routes/public/project.tsx "))![1];
    expect(page).toContain(a.org!.name);
    const reg = [...(await sweep(actors.regulatorOfRegion!))].find(([k]) => k.startsWith("routes/public/project.tsx "))![1];
    // The regulator sees who tried, as checked at the time of the attempt.
    expect(reg).toContain(d.org!.name);
    const trail = (await projectAuditTrail(h.db, null, projectId))!;
    expect(trail.events.find((e) => e.action === "project.revised")!.body).toMatchObject({ data: { voidedBids: 2 } });
    expect(trail.events.some((e) => e.action === "bid.received")).toBe(true);
  }, 120_000);
});
