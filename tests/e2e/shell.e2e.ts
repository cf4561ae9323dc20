import { describe, expect, it } from "vitest";
import { baseURL, logIn, seriousA11yViolations, useBrowser } from "./support";

const b = useBrowser();

describe("accessibility", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`axe finds no serious violations on the public pages (${locale})`, async () => {
      const ctx = await b.context({ locale, bypassCSP: true });
      const page = await ctx.newPage();
      const some = (await (await fetch(`${baseURL()}/api/agencies`)).json()) as { results: { id: string }[] };
      for (const path of [
        "/",
        "/signup",
        "/login",
        "/services",
        "/agencies",
        "/agencies?q=%E7%8E%AF%E5%A2%83&item=1",
        `/agencies/${some.results[0]!.id}`,
        "/projects",
        "/no-such-page",
      ]) {
        await page.goto(path);
        expect(await seriousA11yViolations(page), path).toEqual([]);
      }
      await ctx.close();
    });
  }

  it("axe finds no serious violations on the signed-in pages, and the form is usable on a phone", async () => {
    const ctx = await b.context({ bypassCSP: true, width: 390 });
    const page = await ctx.newPage();
    await logIn(page, "regulator@demo.zjcs.cn");
    await page.waitForURL("**/account");
    for (const path of ["/account", "/account/members", "/regulator/offices", "/regulator/qualifications", "/regulator/policy"]) {
      await page.goto(path);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await ctx.close();
  });

  it("axe finds no serious violations on an agency's own pages", async () => {
    const ctx = await b.context({ bypassCSP: true });
    const page = await ctx.newPage();
    await logIn(page, "antai@demo.zjcs.cn");
    await page.waitForURL("**/account");
    for (const path of ["/agency", "/agency/profile", "/agency/services/new", "/agency/qualifications/new"]) {
      await page.goto(path);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await ctx.close();
  });

  it("axe finds no serious violations on an owner's pages and a project page", async () => {
    const ctx = await b.context({ bypassCSP: true });
    const page = await ctx.newPage();
    await logIn(page, "owner@demo.zjcs.cn");
    await page.waitForURL("**/account");
    for (const path of ["/owner", "/owner/projects/new"]) {
      await page.goto(path);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await page.goto("/projects");
    await page.locator("tbody a").first().click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}/);
    await page.getByTestId("deadline").waitFor();
    expect(await seriousA11yViolations(page), page.url()).toEqual([]);
    await ctx.close();
  });

  it("starts with a skip link to the main landmark", async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await page.goto("/");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("跳到主要内容");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await ctx.close();
  });
});

describe("HTTP", () => {
  it("answers /healthz with the database kind", async () => {
    const r = await fetch(`${baseURL()}/healthz`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { status: string; database: string };
    expect(body.status).toBe("ok");
    expect(["pglite", "postgres"]).toContain(body.database);
  });

  it("sends security headers and compresses", async () => {
    const r = await fetch(`${baseURL()}/`, { headers: { "accept-encoding": "gzip" } });
    expect(r.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(r.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-encoding")).toBe("gzip");
    expect(r.headers.get("strict-transport-security")).toBeNull(); // plain http: no HSTS
  });

  it("refuses a cross-origin or origin-less POST", async () => {
    const body = new URLSearchParams({ email: "agency@demo.zjcs.cn", password: "Demo-2026-zjcs" });
    const cross = await fetch(`${baseURL()}/login`, {
      method: "POST",
      body,
      headers: { origin: "http://evil.example" },
      redirect: "manual",
    });
    expect(cross.status).toBe(403);
    const none = await fetch(`${baseURL()}/login`, { method: "POST", body, redirect: "manual" });
    expect(none.status).toBe(403);
    const same = await fetch(`${baseURL()}/login`, { method: "POST", body, headers: { origin: baseURL() }, redirect: "manual" });
    expect(same.status).toBe(302);
  });

  it("serves public/ and the built assets as files, and every other path as a page", async () => {
    const icon = await fetch(`${baseURL()}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(icon.headers.get("cache-control")).toContain("max-age=3600");
    const home = await (await fetch(`${baseURL()}/`)).text();
    const asset = home.match(/\/assets\/[\w.-]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const js = await fetch(`${baseURL()}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("cache-control")).toContain("immutable");
    // A name under public/ that is not there, and a page path that is not a file: the app answers both.
    const missing = await fetch(`${baseURL()}/favicon.svg/x`, { headers: { cookie: "lang=en" } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Page not found");
  });

  it("shows a translated 404 page", async () => {
    const r = await fetch(`${baseURL()}/no-such-page`, { headers: { cookie: "lang=en" } });
    expect(r.status).toBe(404);
    expect(await r.text()).toContain("Page not found");
  });
});
