// The server routes of a build are made once (scripts/patch-dependencies.mjs patches @remix-run/react's
// RemixServer; docs/decisions/039): reused while the build's manifest and route modules are the same, made again when
// they are not, and never changed by the router that renders from them.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { patches } from "../../../scripts/patch-dependencies.mjs";

interface ServerRoute {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  handle?: unknown;
  element?: unknown;
  Component?: unknown;
  loader?: unknown;
  children?: ServerRoute[];
}
type Manifest = Record<
  string,
  { id: string; parentId?: string; path?: string; index?: boolean; hasLoader: boolean; hasClientLoader?: boolean; module: string }
>;
type Modules = Record<string, { default?: unknown; handle?: unknown; ErrorBoundary?: unknown }>;
type Make = (manifest: Manifest, modules: Modules, future: object, isSpaMode: boolean) => ServerRoute[];

const require = createRequire(import.meta.url);
const patch = (patches as { name: string; file: string; marker: string }[]).find((p) => p.name === "@remix-run/react")!;
const reactDir = path.dirname(require.resolve("@remix-run/react/package.json"));
// The module Node loads for the server build (the package has no "exports": its CommonJS "main").
const server = require(path.join(reactDir, patch.file)) as { UNSAFE_serverRoutesOf?: Make };
const { createServerRoutes } = require(path.join(reactDir, "dist/routes.js")) as { createServerRoutes: Make };
const { createStaticHandler, createStaticRouter } = require("react-router-dom/server") as typeof import("react-router-dom/server");

const manifest: Manifest = {
  root: { id: "root", path: "", hasLoader: true, module: "/root.js" },
  "routes/home": { id: "routes/home", parentId: "root", index: true, hasLoader: true, module: "/home.js" },
  "routes/projects": { id: "routes/projects", parentId: "root", path: "projects", hasLoader: true, module: "/projects.js" },
  "routes/project": { id: "routes/project", parentId: "routes/projects", path: ":id", hasLoader: true, module: "/project.js" },
};
const Page = () => null;
const modulesOfBuild = (): Modules => ({
  root: { default: Page },
  "routes/home": { default: Page, handle: { crumb: "home" } },
  "routes/projects": { default: Page },
  "routes/project": { default: Page, handle: { crumb: "project" } },
});
const modules = modulesOfBuild();
const future = { v3_singleFetch: true };

/** What a route table says, without the functions and elements made for it. */
function shape(routes: ServerRoute[]): unknown {
  return routes.map((r) => ({
    id: r.id,
    path: r.path,
    index: r.index,
    caseSensitive: r.caseSensitive,
    handle: r.handle,
    hasElement: !!(r.element ?? r.Component),
    hasLoader: !!r.loader,
    children: r.children && shape(r.children),
  }));
}

describe("RemixServer's routes, kept per build", () => {
  it("is patched into the installed @remix-run/react", () => {
    expect(fs.readFileSync(path.join(reactDir, patch.file), "utf8")).toContain(patch.marker);
    expect(typeof server.UNSAFE_serverRoutesOf).toBe("function");
  });

  const of = server.UNSAFE_serverRoutesOf!;

  it("are what createServerRoutes makes, and the same objects for the next request's new route-modules object", () => {
    const first = of(manifest, { ...modules }, future, false);
    expect(shape(first)).toEqual(shape(createServerRoutes(manifest, modules, future, false)));
    // server-runtime makes a new object of the same modules for every request
    expect(of(manifest, { ...modules }, future, false)).toBe(first);
  });

  it("are made again when a route module, the future flags or SPA mode differ", () => {
    const first = of(manifest, { ...modules }, future, false);
    const changed = { ...modules, "routes/project": { default: Page, handle: { crumb: "changed" } } };
    const remade = of(manifest, changed, future, false);
    expect(remade).not.toBe(first);
    expect(JSON.stringify(shape(remade))).toContain("changed");
    const fewer: Modules = { ...changed };
    delete fewer["routes/home"];
    const more = { ...changed, extra: { default: Page } };
    expect(of(manifest, more, future, false)).not.toBe(remade);
    expect(of(manifest, changed, { ...future }, false)).not.toBe(remade);
    const spa = of(manifest, changed, future, true);
    expect(spa.every((r) => typeof (r as { lazy?: unknown }).lazy === "function")).toBe(true);
    // A missing module is still refused as createServerRoutes refuses it.
    expect(() => of(manifest, fewer, future, false)).toThrow(/No `routeModule` available/);
  });

  it("keeps another build's routes apart", () => {
    const other: Manifest = { root: { ...manifest.root! } };
    const a = of(manifest, { ...modules }, future, false);
    const b = of(other, { root: modules.root! }, future, false);
    expect(b).not.toBe(a);
    expect(shape(b)).toEqual(shape(createServerRoutes(other, { root: modules.root! }, future, false)));
    expect(of(manifest, { ...modules }, future, false)).toBe(a);
  });

  it("are left as they were by the router that renders from them, render after render", async () => {
    const routes = of(manifest, { ...modules }, future, false);
    const before = shape(routes);
    const keys = JSON.stringify(routes, (_k, v: unknown) => (typeof v === "function" ? "fn" : v));
    for (const url of ["http://x/projects/1", "http://x/", "http://x/projects/2"]) {
      const handler = createStaticHandler(routes as Parameters<typeof createStaticHandler>[0]);
      const context = await handler.query(new Request(url));
      if (context instanceof Response) throw new Error("unexpected redirect");
      const router = createStaticRouter(handler.dataRoutes, context);
      expect(router.state.matches.at(-1)?.route.id).toBe(url.endsWith("/") ? "routes/home" : "routes/project");
    }
    expect(shape(routes)).toEqual(before);
    expect(JSON.stringify(routes, (_k, v: unknown) => (typeof v === "function" ? "fn" : v))).toBe(keys);
  });
});

// The static router's data routes are kept per route table too (react-router-dom's createStaticRouter,
// patched by the same script): RemixServer passes it the routes kept above on every render.
describe("the static router's data routes, kept per route table", () => {
  const staticPatch = (patches as { name: string; file: string; marker: string }[]).find((p) => p.name === "react-router-dom")!;
  const { UNSAFE_convertRoutesToDataRoutes: convert } = require("@remix-run/router") as {
    UNSAFE_convertRoutesToDataRoutes: (
      routes: unknown[],
      map: unknown,
      parentPath: undefined,
      manifest: Record<string, unknown>,
    ) => ServerRoute[];
  };
  const { UNSAFE_mapRouteProperties: mapRouteProperties } = require("react-router") as { UNSAFE_mapRouteProperties: unknown };

  const contextFor = async (routes: ServerRoute[], url: string) => {
    const handler = createStaticHandler(routes as Parameters<typeof createStaticHandler>[0]);
    const context = await handler.query(new Request(url));
    if (context instanceof Response) throw new Error("unexpected redirect");
    return context;
  };

  it("is patched into the installed react-router-dom", () => {
    expect(fs.readFileSync(path.join(path.dirname(require.resolve("react-router-dom/package.json")), staticPatch.file), "utf8")).toContain(
      staticPatch.marker,
    );
  });

  it("are made once for a table and serve every render of it, each with its own matches and data", async () => {
    const routes = server.UNSAFE_serverRoutesOf!(manifest, { ...modules }, future, false);
    const a = createStaticRouter(routes as Parameters<typeof createStaticRouter>[0], await contextFor(routes, "http://x/projects/1"));
    const b = createStaticRouter(routes as Parameters<typeof createStaticRouter>[0], await contextFor(routes, "http://x/"));
    expect(b.routes).toBe(a.routes);
    expect(a.state.matches.at(-1)?.route.id).toBe("routes/project");
    expect(a.state.matches.at(-1)?.params).toEqual({ id: "1" });
    expect(b.state.matches.at(-1)?.route.id).toBe("routes/home");
    // Each match names the kept data route of its id, as the unpatched router named the ones it made.
    const byId = new Map<string, ServerRoute>();
    const walk = (rs: ServerRoute[]) => rs.forEach((r) => (byId.set(r.id, r), r.children && walk(r.children)));
    walk(a.routes as unknown as ServerRoute[]);
    for (const m of [...a.state.matches, ...b.state.matches]) expect(m.route).toBe(byId.get(m.route.id));
    // They are what the unpatched createStaticRouter made, the same each time.
    expect(shape(a.routes as unknown as ServerRoute[])).toEqual(shape(convert(routes, mapRouteProperties, undefined, {})));
  });

  it("are made anew for another table", async () => {
    const one = server.UNSAFE_serverRoutesOf!(manifest, { ...modules }, future, false);
    const other = createServerRoutes(manifest, modules, future, false);
    const a = createStaticRouter(one as Parameters<typeof createStaticRouter>[0], await contextFor(one, "http://x/"));
    const b = createStaticRouter(other as Parameters<typeof createStaticRouter>[0], await contextFor(other, "http://x/"));
    expect(b.routes).not.toBe(a.routes);
    expect(shape(b.routes as unknown as ServerRoute[])).toEqual(shape(a.routes as unknown as ServerRoute[]));
  });
});
