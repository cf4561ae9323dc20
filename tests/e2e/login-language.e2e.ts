import { describe, expect, it } from "vitest";
import { logIn, useBrowser } from "./support";

const b = useBrowser();

describe("log in and out", () => {
  it("logs a demo agency in, shows who is signed in, and logs out", async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await logIn(page, "agency@demo.zjcs.cn");
    await page.waitForURL("**/account");
    await page.locator("header").getByText("王晓明", { exact: false }).waitFor();
    expect(await page.locator("main").innerText()).toContain("江苏环科环境工程咨询有限公司");
    const cookie = (await ctx.cookies()).find((c) => c.name === "session")!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax" });

    await page.getByRole("button", { name: "退出" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.locator("header").getByRole("link", { name: "登录" }).waitFor();

    // The old cookie, replayed after log-out, no longer opens the account.
    const replay = await fetch(new URL("/account", page.url()), { headers: { cookie: `session=${cookie.value}` }, redirect: "manual" });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toContain("/login");
    await ctx.close();
  });

  it("says so when the password is wrong", async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await logIn(page, "owner@demo.zjcs.cn", "not the password");
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").innerText()).toBe("邮箱或密码不正确");
    await ctx.close();
  });

  it("comes back to the page that asked for log-in", async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await page.goto("/account/members");
    await page.waitForURL("**/login?redirectTo=%2Faccount%2Fmembers");
    await page.getByLabel("电子邮箱").fill("owner@demo.zjcs.cn");
    await page.getByLabel("密码").fill("Demo-2026-zjcs");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL("**/account/members");
    await page.getByRole("heading", { level: 1, name: /机构成员/ }).waitFor();
    await ctx.close();
  });
});

describe("language", () => {
  it("switches to English and back, and remembers the choice", async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await page.goto("/services");
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("中介服务事项目录");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByRole("button", { name: /English/ }).click();
    await page.getByRole("heading", { level: 1, name: "Catalogue of intermediary service items" }).waitFor();
    expect(page.url()).toMatch(/\/services$/);
    await page.goto("/");
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Intermediary Services Marketplace");
    await page.reload();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("button", { name: /中文/ }).click();
    await page.getByRole("heading", { level: 1, name: "网上中介服务超市" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await ctx.close();
  });
});
