import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { Outlet, Scripts } from "@remix-run/react";
import { createElement as h, Fragment } from "react";
import { describe, expect, it } from "vitest";
import * as entry from "~/entry.server";

// The document as the server renders it (app/entry.server.tsx), through Remix's own request handler.
// React 18.3.1's stream encoder put NUL characters into Chinese text at its 2,048-byte buffer edges.

/** Many short Chinese texts of every length mod 3: some of them straddle each buffer edge. */
function Page() {
  return h(
    Fragment,
    null,
    Array.from({ length: 600 }, (_, i) => h("p", { key: i }, "工程咨询" + "环".repeat(i % 11) + "评价服务" + "中介超市".repeat(i % 5))),
  );
}

function Root() {
  return h("html", { lang: "zh-CN" }, h("head", null, h("meta", { charSet: "utf-8" })), h("body", null, h(Outlet), h(Scripts)));
}

const route = (
  id: string,
  parentId: string | undefined,
  path: string | undefined,
  index: boolean | undefined,
  Component: () => unknown,
) => ({
  id,
  parentId,
  path,
  index,
  caseSensitive: undefined,
  module: { default: Component },
});

const build = {
  mode: "production",
  entry: { module: entry },
  routes: {
    root: route("root", undefined, "", undefined, Root),
    page: { ...route("page", "root", undefined, true, Page), module: { default: Page, loader: () => ({ marker: "装载数据-7f3a" }) } },
  },
  assets: {
    entry: { imports: [], module: "/entry.client.js" },
    routes: {
      root: {
        id: "root",
        path: "",
        module: "/root.js",
        hasAction: false,
        hasLoader: false,
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: false,
        imports: [],
      },
      page: {
        id: "page",
        parentId: "root",
        index: true,
        module: "/page.js",
        hasAction: false,
        hasLoader: true,
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: false,
        imports: [],
      },
    },
    url: "/manifest.js",
    version: "test",
  },
  publicPath: "/",
  assetsBuildDirectory: "public",
  future: { v3_singleFetch: true },
  isSpaMode: false,
  basename: "/",
} as unknown as ServerBuild;

describe("the rendered document", () => {
  it("holds long Chinese text without NUL or other control characters, and says how long it is", async () => {
    const handler = createRequestHandler(build, "production");
    const res = await handler(new Request("http://localhost/"), { nonce: "n0nce" } as unknown as Parameters<typeof handler>[1]);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    expect(res.status).toBe(200);
    expect(bytes.byteLength).toBeGreaterThan(20_000); // many of React's 2,048-byte buffers
    expect(res.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(text.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(text).toContain("工程咨询环环环评价服务");
    // The loaders' data the browser hydrates from (single fetch streams it in a script) is in the document.
    expect(text).toContain("装载数据-7f3a");
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(text.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g)).toBeNull();
  });
});
