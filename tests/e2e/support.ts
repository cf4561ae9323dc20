import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { CHROMIUM_ARGS, chromiumPath } from "./browser";

export const baseURL = () => inject("baseURL");

let browser: Browser;

// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Every page a test navigates to is scanned for control characters other than tab, line feed and carriage
 * return (React 18.3.1's stream encoder once put NULs into Chinese text): found ones fail the test file.
 */
function scanNavigations(ctx: BrowserContext, found: string[], pending: Promise<unknown>[]) {
  ctx.on("response", (response) => {
    if (!response.request().isNavigationRequest() || (response.status() >= 300 && response.status() < 400)) return;
    pending.push(
      response
        .body()
        .then((body) => {
          const text = body.toString("utf8");
          const hits = text.match(CONTROL_CHARACTERS);
          if (!hits) return;
          const at = text.search(CONTROL_CHARACTERS);
          found.push(
            `${response.url()}: ${hits.length} control character(s) (${[...new Set(hits)].map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(", ")}), first in ${JSON.stringify(text.slice(Math.max(0, at - 30), at + 30))}`,
          );
        })
        .catch(() => undefined), // the page went away before its body was read
    );
  });
}

type ContextOptions = { locale?: "zh-CN" | "en"; javaScriptEnabled?: boolean; width?: number; bypassCSP?: boolean };

/** One Chromium per test file; each test opens its own context (cookies). */
export function useBrowser() {
  const found: string[] = [];
  const pending: Promise<unknown>[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await Promise.all(pending);
    await browser?.close();
    if (found.length) throw new Error(`pages with control characters:\n${found.slice(0, 20).join("\n")}`);
  });
  async function context(opts: ContextOptions = {}): Promise<BrowserContext> {
    const ctx = await browser.newContext({
      baseURL: baseURL(),
      javaScriptEnabled: opts.javaScriptEnabled ?? true,
      // Only the accessibility check injects a script (axe), which the app's CSP rightly blocks.
      bypassCSP: opts.bypassCSP ?? false,
      viewport: { width: opts.width ?? 1280, height: 900 },
    });
    if (opts.locale) await ctx.addCookies([{ name: "lang", value: opts.locale, url: baseURL() }]);
    scanNavigations(ctx, found, pending);
    return ctx;
  }
  return {
    context,
    /** A context of its own, logged in as `email` and arrived on the account page; `prepare` runs before its first page opens. */
    async signedIn(
      email: string,
      opts: ContextOptions & { prepare?: (ctx: BrowserContext) => Promise<void> } = {},
    ): Promise<{ ctx: BrowserContext; page: Page }> {
      const ctx = await context(opts);
      await opts.prepare?.(ctx);
      const page = await ctx.newPage();
      await logIn(page, email);
      await page.waitForURL("**/account");
      return { ctx, page };
    },
  };
}

export const DEMO_PASSWORD = "Demo-2026-zjcs";

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(/电子邮箱|E-mail/).fill(email);
  await page.getByLabel(/^密码|^Password/).fill(password);
  await page.getByRole("button", { name: /^登录$|^Log in$/ }).click();
}

const require = createRequire(import.meta.url);

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
}

/** Fills and sends the sign-up form for an agency (zh-CN labels). */
export async function signUpAgency(page: Page, a: { name: string; code: string; email: string; password?: string; region?: string }) {
  await page.goto("/signup");
  await page.getByLabel("中介机构（提供中介服务）").check();
  await page.getByLabel("机构名称").fill(a.name);
  await page.getByLabel("统一社会信用代码").fill(a.code);
  await page.getByLabel("所在地区").selectOption(a.region ?? "320100");
  await page.getByLabel("法定代表人").fill("端到端法人");
  await page.getByLabel("服务场所（地址）").fill("南京市鼓楼区端到端路 1 号");
  await page.getByLabel("业务范围").fill("工程测量、地形图测绘、不动产测绘");
  await page.getByLabel("联系电话").fill("025-83009999");
  await page.getByLabel("我代表本机构签署以上信用承诺（将在机构主页公开）").check();
  await page.getByLabel("您的姓名").fill("端到端");
  await page.getByLabel("电子邮箱（登录名）").fill(a.email);
  await page.getByLabel(/^密码/).fill(a.password ?? "e2e password 123");
  await page.getByLabel("确认密码").fill(a.password ?? "e2e password 123");
  await page.getByRole("button", { name: "注册并入驻" }).click();
  await page.waitForURL("**/account");
}
