// Applies this project's patches to installed dependencies (run by `postinstall`, so `npm ci` and
// `npm install` both leave node_modules patched). Plain Node, no dependencies: it runs before anything
// else is known to work.
//
// A patch names the exact version it was written against and every edit names the exact text it
// replaces. The script is idempotent: a file already patched (it carries the patch's marker) is left
// alone. If a version or a text does not match, the install fails loudly instead of running unpatched
// code that the benchmarks and tests no longer describe.
//
// Patches (why each exists and when to drop it: docs/decisions/038-040; what they saved: db/README.md):
// - @remix-run/router 1.23.3 (used by Remix v2 on the server): route matching flattened and ranked all
//   of the app's routes, and compiled a regular expression for every route it tried, on every call of
//   `matchRoutes` — five calls per document request, a large share of a cold project page's CPU. The
//   ranked branches are now kept per route-table shape (paths, index flags, nesting: never the route
//   objects, which callers make anew per request), the compiled patterns per path, and a branch whose
//   path starts with a static segment is skipped for a pathname that starts with another. A table passed
//   again (the server's are made once per build) is recognised by comparing its route objects, paths,
//   flags and children arrays with a snapshot, without building its shape string; any change made in
//   place fails that comparison. Matching results are unchanged; `tests/unit/server/route-matching.test.ts`
//   compares them with the unpatched algorithm over every route of the app and after changes in place.
//   React Router 7 made the same change upstream (remix-run/react-router#14967, #14971); Remix v2 does not get it.
// - @remix-run/react 2.17.5 (the server render): `RemixServer` made the app's route objects and their
//   elements anew for every page (`createServerRoutes`), from the build's manifest and route modules,
//   which are the same on every request. They are now kept per manifest, and made again whenever a route
//   module, the future flags or SPA mode differ from what they were made from (server-runtime passes a
//   new route-modules object per request, holding the same modules). The router copies these routes and
//   never changes them, and their elements are immutable, so sharing them between renders is safe.
//   `tests/unit/server/server-routes.test.ts` checks both properties.
// - react-router-dom 6.30.4 (`createStaticRouter`, used by `RemixServer`): it turned the route table into
//   data routes for every render; they are now kept per table (the table RemixServer passes is the one
//   kept per build above; the static router only reads its data routes). The same test file checks that
//   renders share them, each with its own matches.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const ROUTER_MARKER = "/* zhongjie-chaoshi: route matching cached (scripts/patch-dependencies.mjs) */";
const SERVER_ROUTES_MARKER = "/* zhongjie-chaoshi: server routes kept per build (scripts/patch-dependencies.mjs) */";
const STATIC_ROUTER_MARKER = "/* zhongjie-chaoshi: static router's data routes kept per route table (scripts/patch-dependencies.mjs) */";

export const patches = [
  {
    name: "@remix-run/router",
    version: "1.23.3",
    file: "dist/router.cjs.js",
    marker: ROUTER_MARKER,
    edits: [
      {
        find: `  let branches = flattenRoutes(routes);
  rankRouteBranches(branches);
  let matches = null;`,
        replace: `  let branches = rankedBranches(routes);
  let matches = null;`,
      },
      {
        find: `  for (let i = 0; matches == null && i < branches.length; ++i) {`,
        replace: `  let first = firstSegment(decoded).toLowerCase();
  for (let i = 0; matches == null && i < branches.length; ++i) {
    if (branches[i].firstStatic !== undefined && branches[i].firstStatic !== first) continue;`,
      },
      {
        find: `    matches = matchRouteBranch(branches[i], decoded, allowPartial);
  }
  return matches;
}`,
        replace: `    matches = matchRouteBranch(branches[i], decoded, allowPartial, routes);
  }
  return matches;
}

${ROUTER_MARKER}
// The ranked branches of a route table depend only on its shape: each route's path, index and
// caseSensitive flags, and its children, in order. They are kept per shape without the route objects
// (a table made anew for each request has the same shape); a branch's routes are found again by their
// child indexes in the table being matched. A table changed in place (routes patched in on the client)
// has a new shape and so gets its own entry.
const rankedBranchesByShape = new Map();
const MAX_SHAPES = 64;
function routesShape(routes) {
  let key = "";
  for (let i = 0; i < routes.length; i++) {
    let route = routes[i];
    key += (route.path == null ? "\\u0000" : route.path) + "\\u0001" + (route.index === true ? "i" : "") + (route.caseSensitive === true ? "c" : "");
    if (route.children && route.children.length > 0) key += "\\u0002" + routesShape(route.children) + "\\u0003";
    key += "\\u0004";
  }
  return key;
}
function firstSegment(path) {
  let start = 0;
  while (start < path.length && path.charCodeAt(start) === 47) start++;
  let end = path.indexOf("/", start);
  return path.slice(start, end < 0 ? path.length : end);
}
// Each table matched, by identity, with a snapshot of what its shape was made of (each route object,
// its path, index and caseSensitive flags, its children array and that array's length): a table passed
// again unchanged (the server's tables are made once per build) is recognised by comparing those, without
// building its shape; one changed in place, at any depth, fails the comparison and is looked up by shape.
const rankedBranchesByTable = new WeakMap();
function tableSnapshot(routes, out) {
  for (let i = 0; i < routes.length; i++) {
    let route = routes[i];
    let children = route.children;
    out.push(route, route.path, route.index, route.caseSensitive, children, children ? children.length : 0);
    if (children && children.length > 0) tableSnapshot(children, out);
  }
  return out;
}
function sameTable(routes, snapshot) {
  let at = 0;
  let walk = (rs) => {
    for (let i = 0; i < rs.length; i++) {
      let route = rs[i];
      let children = route.children;
      let n = children ? children.length : 0;
      if (snapshot[at] !== route || snapshot[at + 1] !== route.path || snapshot[at + 2] !== route.index || snapshot[at + 3] !== route.caseSensitive || snapshot[at + 4] !== children || snapshot[at + 5] !== n) return false;
      at += 6;
      if (n > 0 && !walk(children)) return false;
    }
    return true;
  };
  return walk(routes) && at === snapshot.length;
}
function rankedBranches(routes) {
  let kept = rankedBranchesByTable.get(routes);
  if (kept !== undefined && sameTable(routes, kept.snapshot)) return kept.branches;
  let shape = routesShape(routes);
  let branches = rankedBranchesByShape.get(shape);
  if (branches === undefined) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    for (let branch of branches) {
      // Parents' metas are shared by their children's branches: strip each once.
      for (let meta of branch.routesMeta) meta.route = undefined;
      // A branch whose path starts with a static ASCII segment can only match a pathname whose first
      // segment is that one, case aside (a case-insensitive RegExp without the u flag never matches an
      // ASCII character with a non-ASCII one): other pathnames skip it without running its patterns.
      let head = firstSegment(branch.path);
      if (/^[A-Za-z0-9._~!$&'()+,;=@-]+$/.test(head)) branch.firstStatic = head.toLowerCase();
    }
    if (rankedBranchesByShape.size >= MAX_SHAPES) rankedBranchesByShape.clear();
    rankedBranchesByShape.set(shape, branches);
  }
  rankedBranchesByTable.set(routes, { branches, snapshot: tableSnapshot(routes, []) });
  return branches;
}`,
      },
      {
        find: `function matchRouteBranch(branch, pathname, allowPartial) {`,
        replace: `function matchRouteBranch(branch, pathname, allowPartial, routes) {
  let siblings = routes;`,
      },
      {
        find: `    let meta = routesMeta[i];
    let end = i === routesMeta.length - 1;
    let remainingPathname = matchedPathname === "/" ? pathname : pathname.slice(matchedPathname.length) || "/";
    let match = matchPath({
      path: meta.relativePath,
      caseSensitive: meta.caseSensitive,
      end
    }, remainingPathname);
    let route = meta.route;`,
        replace: `    let meta = routesMeta[i];
    let route = meta.route !== undefined ? meta.route : siblings[meta.childrenIndex];
    siblings = route.children;
    let end = i === routesMeta.length - 1;
    let remainingPathname = matchedPathname === "/" ? pathname : pathname.slice(matchedPathname.length) || "/";
    // A meta is the last of its own branch and a parent in its children's: one compiled pattern for each.
    let compiled = end ? meta.compiledEnd || (meta.compiledEnd = compilePath(meta.relativePath, meta.caseSensitive, true)) : meta.compiledPrefix || (meta.compiledPrefix = compilePath(meta.relativePath, meta.caseSensitive, false));
    let match = matchPath({
      path: meta.relativePath,
      caseSensitive: meta.caseSensitive,
      end
    }, remainingPathname, compiled);`,
      },
      {
        find: `function matchPath(pattern, pathname) {`,
        replace: `function matchPath(pattern, pathname, compiled) {`,
      },
      {
        find: `  let [matcher, compiledParams] = compilePath(pattern.path, pattern.caseSensitive, pattern.end);`,
        replace: `  let [matcher, compiledParams] = compiled || compilePath(pattern.path, pattern.caseSensitive, pattern.end);`,
      },
      {
        find: `    if (!match && end && allowPartial && !routesMeta[routesMeta.length - 1].route.index) {`,
        replace: `    if (!match && end && allowPartial && !route.index) {`,
      },
      {
        find: `function compilePath(path, caseSensitive, end) {`,
        replace: `// Compiled patterns, per path and flags (a pattern is a pure function of them; its RegExp has no
// global flag, so it keeps no state between uses).
const compiledPaths = new Map();
const MAX_COMPILED_PATHS = 2000;
function compilePath(path, caseSensitive, end) {
  let key = (caseSensitive ? "c" : "-") + (end === void 0 || end ? "e" : "-") + path;
  let compiled = compiledPaths.get(key);
  if (compiled === undefined) {
    compiled = compilePathUncached(path, caseSensitive, end);
    if (compiledPaths.size >= MAX_COMPILED_PATHS) compiledPaths.clear();
    compiledPaths.set(key, compiled);
  }
  return compiled;
}
function compilePathUncached(path, caseSensitive, end) {`,
      },
    ],
  },
  {
    name: "@remix-run/react",
    version: "2.17.5",
    file: "dist/server.js",
    marker: SERVER_ROUTES_MARKER,
    edits: [
      {
        find: `  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);`,
        replace: `  let routes$1 = serverRoutesOf(manifest.routes, routeModules, context.future, context.isSpaMode);`,
      },
      {
        find: `exports.RemixServer = RemixServer;`,
        replace: `exports.RemixServer = RemixServer;

${SERVER_ROUTES_MARKER}
// The server routes of a build, made once: kept per manifest while the route modules, the future flags
// and SPA mode are the ones they were made from.
const serverRoutesByManifest = new WeakMap();
function serverRoutesOf(manifestRoutes, routeModules, future, isSpaMode) {
  let kept = serverRoutesByManifest.get(manifestRoutes);
  if (kept !== undefined && kept.future === future && kept.isSpaMode === isSpaMode && sameModules(kept.routeModules, routeModules)) return kept.routes;
  let made = routes.createServerRoutes(manifestRoutes, routeModules, future, isSpaMode);
  serverRoutesByManifest.set(manifestRoutes, { routes: made, routeModules: { ...routeModules }, future, isSpaMode });
  return made;
}
function sameModules(a, b) {
  let keys = Object.keys(b);
  if (keys.length !== Object.keys(a).length) return false;
  for (let key of keys) if (a[key] !== b[key]) return false;
  return true;
}
exports.UNSAFE_serverRoutesOf = serverRoutesOf;`,
      },
    ],
  },
  {
    name: "react-router-dom",
    version: "6.30.4",
    file: "server.js",
    marker: STATIC_ROUTER_MARKER,
    edits: [
      {
        find: `function createStaticRouter(routes, context, opts = {}) {
  let manifest = {};
  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);`,
        replace: `${STATIC_ROUTER_MARKER}
// A route table's data routes, made once per table: Remix passes the same table (kept per build) to every
// render, and neither it nor the data routes are changed afterwards (the static router only reads them).
const dataRoutesByTable = new WeakMap();
function createStaticRouter(routes, context, opts = {}) {
  let kept = dataRoutesByTable.get(routes);
  if (kept === undefined) {
    let made = {};
    kept = { dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, made), manifest: made };
    dataRoutesByTable.set(routes, kept);
  }
  let { dataRoutes, manifest } = kept;`,
      },
    ],
  },
];

function versionOf(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
}

export function applyPatches(nodeModules = path.join(root, "node_modules"), log = (m) => console.log(m)) {
  for (const p of patches) {
    const dir = path.join(nodeModules, p.name);
    if (!fs.existsSync(dir)) throw new Error(`patch-dependencies: ${p.name} is not installed`);
    const version = versionOf(dir);
    if (version !== p.version) {
      throw new Error(
        `patch-dependencies: ${p.name} is ${version}, the patch was written for ${p.version}; check whether it is still needed and rewrite it`,
      );
    }
    const file = path.join(dir, p.file);
    let text = fs.readFileSync(file, "utf8");
    if (text.includes(p.marker)) {
      log(`patch-dependencies: ${p.name}@${version} already patched`);
      continue;
    }
    for (const e of p.edits) {
      const at = text.indexOf(e.find);
      if (at < 0 || text.indexOf(e.find, at + 1) >= 0)
        throw new Error(`patch-dependencies: ${p.name}/${p.file}: the text to replace is ${at < 0 ? "missing" : "not unique"}:\n${e.find}`);
      text = text.slice(0, at) + e.replace + text.slice(at + e.find.length);
    }
    fs.writeFileSync(file, text);
    log(`patch-dependencies: patched ${p.name}@${version} (${p.file})`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) applyPatches();
