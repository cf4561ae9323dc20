import { describe, expect, it } from "vitest";
import { demoCreditCode } from "#db/seed/demo";
import { signUpAgency, useBrowser } from "./support";

const b = useBrowser();

function uniqueCode() {
  return demoCreditCode("320100", 5_000_000 + Math.floor(Math.random() * 1e9));
}

async function agenciesOnHome(page: import("playwright-core").Page) {
  await page.goto("/");
  return Number((await page.locator('[data-stat="agencies"] dd').innerText()).replace(/\D/g, ""));
}

describe("an agency signs up", () => {
  it("with a valid USCC, is listed at once and lands on its account", async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    const before = await agenciesOnHome(page);
    await page.getByRole("link", { name: "机构入驻" }).first().click();
    await page.getByRole("heading", { level: 1, name: "机构入驻" }).waitFor();
    // (signUpAgency starts from /signup again; the link above proves the way there)
    await signUpAgency(page, {
      name: "南京端到端测试咨询有限公司",
      code: uniqueCode().toLowerCase(),
      email: `e2e-${Date.now()}@example.cn`,
    });
    await page.locator("main").getByText("南京端到端测试咨询有限公司").waitFor();
    expect(await page.locator("header").innerText()).toContain("端到端");
    expect(await agenciesOnHome(page)).toBe(before + 1);
    await ctx.close();
  });

  it("with a wrong check digit, is told so next to the field (in the browser, before sending)", async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    await page.goto("/signup");
    const code = uniqueCode();
    const wrong = code.slice(0, 17) + (code[17] === "0" ? "1" : "0");
    await page.getByLabel("统一社会信用代码").fill(wrong);
    await page.getByRole("button", { name: "注册并入驻" }).click();
    const field = page.getByLabel("统一社会信用代码");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await field.getAttribute("aria-describedby"))!.split(" ");
    const message = await page.locator(`[id="${describedBy[describedBy.length - 1]}"]`).innerText();
    expect(message).toBe("统一社会信用代码校验位不正确，请核对是否输错");
    expect(page.url()).toMatch(/\/signup$/);
    await ctx.close();
  });

  it("with a wrong code and no JavaScript, gets the same message from the server and keeps what was typed", async () => {
    const ctx = await b.context({ javaScriptEnabled: false, locale: "en" });
    const page = await ctx.newPage();
    await page.goto("/signup");
    await page.getByLabel("Organisation name").fill("Test <b>Agency</b> Ltd");
    await page.getByLabel("Unified social credit code").fill("91350100M000100Y44");
    await page.getByRole("button", { name: "Sign up and list" }).click();
    await page.waitForLoadState();
    expect(await page.locator(".field-error").allInnerTexts()).toContain(
      "The check character does not match: please check the code for typos",
    );
    expect(await page.getByLabel("Organisation name").inputValue()).toBe("Test <b>Agency</b> Ltd");
    expect(await page.getByLabel("Unified social credit code").inputValue()).toBe("91350100M000100Y44");
    await ctx.close();
  });

  it("shows HTML typed into a field as text, on its public profile too", async () => {
    const ctx = await b.context();
    const page = await ctx.newPage();
    const name = `测试<img src=x onerror="document.title='pwned'">机构${Date.now().toString(36)}`;
    await signUpAgency(page, { name, code: uniqueCode(), email: `html-${Date.now()}@example.cn` });
    await page.locator("main").getByText(name, { exact: false }).first().waitFor();
    const id = (
      (await (await page.request.get(`/api/agencies?q=${encodeURIComponent(name.slice(-8))}`)).json()) as { results: { id: string }[] }
    ).results[0]!.id;
    await page.goto(`/agencies/${id}`);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(name);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.title()).not.toBe("pwned");
    await ctx.close();
  });
});
