// The patched route matcher of @remix-run/router (scripts/patch-dependencies.mjs, docs/decisions/038) against the
// unpatched one: the same matches for every route of the app and for paths no route has.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import appRoutes from "~/routes";
// @ts-expect-error plain JavaScript module without types
import { patches } from "../../../scripts/patch-dependencies.mjs";

interface Patch {
  name: string;
  version: string;
  file: string;
  marker: string;
  edits: { find: string; replace: string }[];
}
interface RouteObject {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: RouteObject[];
}
interface Match {
  params: Record<string, string | undefined>;
  pathname: string;
  pathnameBase: string;
  route: RouteObject;
}
type MatchRoutes = (routes: RouteObject[], location: string, basename?: string) => Match[] | null;

const require = createRequire(import.meta.url);
const patch = (patches as Patch[]).find((p) => p.name === "@remix-run/router")!;
const routerFile = path.join(path.dirname(require.resolve("@remix-run/router/package.json")), patch.file);
const patchedSource = fs.readFileSync(routerFile, "utf8");

/** The router module evaluated from source (its own copy, so the caches of one do not serve the other). */
function load(source: string): { matchRoutes: MatchRoutes } {
  const module = { exports: {} as Record<string, unknown> };
  vm.runInThisContext(`(function (exports, require, module) {${source}\n})`, { filename: routerFile })(module.exports, require, module);
  return module.exports as unknown as { matchRoutes: MatchRoutes };
}

/** The unpatched file: each edit undone, last first. */
function unpatched(source: string): string {
  let text = source;
  for (const e of [...patch.edits].reverse()) {
    expect(text.split(e.replace).length, `edit applied once: ${e.find.slice(0, 60)}`).toBe(2);
    text = text.replace(e.replace, () => e.find);
  }
  return text;
}

interface ConfigEntry {
  id?: string;
  file: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: ConfigEntry[];
}

/** The app's route table as Remix builds it: every route under the root layout. */
function table(): RouteObject[] {
  const convert = (entries: ConfigEntry[]): RouteObject[] =>
    entries.map((e) => ({
      id: e.id ?? e.file.replace(/\.tsx?$/, ""),
      ...(e.path !== undefined ? { path: e.path } : {}),
      ...(e.index ? { index: true } : {}),
      ...(e.caseSensitive ? { caseSensitive: true } : {}),
      ...(e.children ? { children: convert(e.children) } : {}),
    }));
  return [{ id: "root", path: "", children: convert(appRoutes as unknown as ConfigEntry[]) }];
}

/** Paths to match: each route's own (params filled in), with a trailing slash, in capitals, one segment more or less, and some no route has. */
function paths(routes: RouteObject[]): string[] {
  const out = new Set<string>([
    "/",
    "",
    "//",
    "/nope",
    "/projects/",
    "/PROJECTS",
    "/projects/a/b/c/d",
    "/%E4%B8%AD%E4%BB%8B",
    "/projects/%2F",
    "/assets/x.js",
    "/__manifest",
    "//projects/x",
    "/%70rojects/x",
    "/Projects/x",
    "/projects%2Fx",
    "/.well-known/x",
    "/ſtats",
    "/\u212Aases",
  ]);
  const walk = (rs: RouteObject[], prefix: string) => {
    for (const r of rs) {
      const p = [prefix, r.path ?? ""].filter(Boolean).join("/");
      const filled = "/" + p.replace(/:[\w-]+\??/g, "0b6f3c1e-2a4d-4c5e-9f00-1234567890ab").replace(/\*$/, "a/b");
      out.add(filled);
      out.add(filled + "/");
      out.add(filled.toUpperCase());
      out.add(filled + "/extra");
      out.add(filled.split("/").slice(0, -1).join("/") || "/");
      if (r.children) walk(r.children, p);
    }
  };
  walk(routes, "");
  return [...out];
}

/** A match list in comparable form: the route's id instead of the object. */
function view(ms: Match[] | null) {
  return ms?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, pathnameBase: m.pathnameBase }));
}

describe("route matching (patched @remix-run/router)", () => {
  it("is installed patched, at the version the patch was written for", () => {
    expect(JSON.parse(fs.readFileSync(require.resolve("@remix-run/router/package.json"), "utf8")).version).toBe(patch.version);
    expect(patchedSource).toContain(patch.marker);
  });

  it("matches every path of the app as the unpatched matcher does, on one table and on tables made anew per call", () => {
    const before = load(unpatched(patchedSource));
    const after = load(patchedSource);
    const stable = table();
    const all = paths(stable);
    expect(all.length).toBeGreaterThan(250);
    for (const p of all) {
      const expected = view(before.matchRoutes(table(), p));
      expect(view(after.matchRoutes(stable, p)), p).toEqual(expected);
      // A fresh table: the matches name its own route objects, not those of the table cached first.
      const fresh = table();
      const got = after.matchRoutes(fresh, p);
      expect(view(got), p).toEqual(expected);
      if (got)
        for (const [i, m] of got.entries()) expect(m.route).toBe(i === 0 ? fresh[0] : fresh[0]!.children!.find((r) => r.id === m.route.id));
    }
    // Matched twice: the second answer comes from the caches and is the same.
    for (const p of all.slice(0, 50)) expect(view(after.matchRoutes(stable, p))).toEqual(view(before.matchRoutes(stable, p)));
  });

  it("follows a table that changes shape (routes added in place, as lazy discovery does on the client)", () => {
    const before = load(unpatched(patchedSource));
    const after = load(patchedSource);
    const routes: RouteObject[] = [
      {
        id: "root",
        path: "",
        children: [
          { id: "a", path: "a/:x" },
          { id: "splat", path: "*" },
        ],
      },
    ];
    expect(view(after.matchRoutes(routes, "/a/b/c"))?.at(-1)?.id).toBe("splat");
    routes[0]!.children!.push(
      { id: "deep", path: "a/:x/c" },
      { id: "opt", path: "o/:y?", caseSensitive: true },
      { id: "idx", index: true },
    );
    for (const p of ["/a/b/c", "/a/b", "/o", "/o/1", "/O/1", "/", "/zzz"])
      expect(view(after.matchRoutes(routes, p)), p).toEqual(view(before.matchRoutes(routes, p)));
    expect(view(after.matchRoutes(routes, "/a/b/c"))?.at(-1)?.id).toBe("deep");
    // With a basename, as Remix passes one.
    expect(view(after.matchRoutes(routes, "/base/a/b", "/base"))).toEqual(view(before.matchRoutes(routes, "/base/a/b", "/base")));
  });
});

describe("route matching of a table passed again (patched @remix-run/router)", () => {
  it("follows every change made in place to a table it matched before, at any depth", () => {
    const before = load(unpatched(patchedSource));
    const after = load(patchedSource);
    const routes = table();
    const all = paths(routes).slice(0, 120);
    const same = () => {
      for (const p of all) expect(view(after.matchRoutes(routes, p)), p).toEqual(view(before.matchRoutes(routes, p)));
    };
    same();
    const top = routes[0]!.children!;
    // A route's path changed in place; a route object replaced by another at the same place; a child added
    // deep down; a route removed; a children array replaced; a flag flipped.
    const projects = top.find((r) => r.path === "projects")!;
    projects.path = "notices";
    same();
    const i = top.findIndex((r) => r.path === "agencies");
    top[i] = { id: "replaced", path: "firms" };
    same();
    const nested = top.find((r) => r.children && r.children.length > 0) ?? top.find((r) => !r.index && r.path)!;
    (nested.children ??= []).push({ id: "deep", path: "deep/:x" });
    same();
    top.pop();
    same();
    nested.children = [{ id: "only", path: "only" }];
    same();
    nested.caseSensitive = true;
    same();
    routes.push({ id: "second-root", path: "zz" });
    same();
    expect(view(after.matchRoutes(routes, "/zz"))?.[0]?.id).toBe("second-root");
  });
});
