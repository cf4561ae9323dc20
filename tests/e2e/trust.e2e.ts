import pg from "pg";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { demoCreditCode } from "#db/seed/demo";
import { seriousA11yViolations, signUpAgency, useBrowser } from "./support";

const b = useBrowser();

const beijingDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);

/** The owner posts a project in a region through the form, deadline ten days out; returns its URL. */
async function postProject(page: Page, title: string, regionCode: string) {
  await page.goto("/owner");
  await page.getByRole("link", { name: "发布新项目" }).click();
  await page.getByRole("heading", { name: "新建项目（草稿）" }).waitFor();
  await page.getByLabel("项目名称").fill(title);
  const item = page.getByLabel("服务事项").locator("option", { hasText: "建设项目环境影响报告表编制" });
  await page.getByLabel("服务事项").selectOption((await item.getAttribute("value"))!);
  await page.getByLabel("项目所在地区").selectOption(regionCode);
  await page.getByLabel("项目概况与服务内容").fill("新建厂房项目，编制环境影响报告表并配合报批。");
  await page.getByLabel("成果要求").fill("环境影响报告表（报批稿）");
  await page.getByLabel("最高限价（元）").fill("50000");
  await page.getByLabel("选取方式").selectOption("lowestPrice");
  await page.getByLabel("报名截止时间（北京时间）").fill(`${beijingDay(10)}T10:00`);
  await page.getByLabel("期望服务时限（天）").fill("15");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await page.getByText("草稿已保存。").waitFor();
  await page.getByRole("button", { name: "发布公告" }).click();
  await page.waitForURL(/\/projects\/[0-9a-f-]{36}\?published=1/);
  return page.url().split("?")[0]!;
}

async function tryBid(page: Page, projectUrl: string) {
  await page.goto(projectUrl);
  await page.getByLabel("报价（元）").fill("41000");
  await page.getByLabel("承诺时限（天）").fill("12");
  await page.getByRole("button", { name: /提交报价|修改报价/ }).click();
  await page.waitForLoadState("networkidle");
}

describe("one breach, restricted where its scope reaches; reviews revealed together move the credit score", () => {
  it(
    "blacklists for Nanjing → refused there with the reason → bids in Suzhou → can bid again after the end date",
    { timeout: 180_000 },
    async () => {
      // A new agency lists itself (zero barriers).
      const code = demoCreditCode("320100", 6_000_000 + Math.floor(Math.random() * 1e8));
      const agencyCtx = await b.context();
      const agency = await agencyCtx.newPage();
      await signUpAgency(agency, {
        name: `端到端信用测试咨询${Date.now().toString(36)}有限公司`,
        code,
        email: `e2e-trust-${Date.now()}@example.cn`,
      });

      // The owner has a project in Nanjing and posts one in Suzhou.
      const owner = await b.signedIn("department@demo.zjcs.cn");
      const nanjing = await postProject(owner.page, `端到端南京环评项目 ${Date.now().toString(36)}`, "320100");
      const suzhou = await postProject(owner.page, `端到端苏州环评项目 ${Date.now().toString(36)}`, "320500");

      // The provincial regulator blacklists the agency for Nanjing, for 30 days.
      const reg = await b.signedIn("regulator@demo.zjcs.cn", { bypassCSP: true });
      await reg.page.goto(`/regulator/sanctions/new?code=${code}`);
      await reg.page.getByLabel("类型").selectOption("blacklist");
      await reg.page.getByLabel("事实与理由").fill("在南京市某项目中出具虚假监测数据，情节严重。");
      await reg.page.getByLabel("法律依据").fill("《江苏省行政审批中介服务管理办法》第三十条");
      await reg.page.getByLabel("决定文号").fill(`苏中介罚〔2026〕E${Date.now().toString(36)}号`);
      await reg.page.getByLabel("截止日期（含当日）").fill(beijingDay(30));
      await reg.page.getByLabel("地区范围（可多选）").selectOption(["320100"]);
      await reg.page.getByRole("button", { name: "作出决定" }).click();
      await reg.page.waitForURL(/\/sanctions\/[0-9a-f-]{36}$/);
      const sanctionUrl = reg.page.url();
      expect(await reg.page.getByTestId("sanction").innerText()).toContain("南京市");
      expect(await seriousA11yViolations(reg.page)).toEqual([]);

      // In Nanjing the agency is told, before and on bidding, why it may not, and what would repair it.
      await agency.goto(nanjing);
      const notice = await agency.getByTestId("eligibility").innerText();
      expect(notice).toContain("不能参与");
      expect(notice).toContain("黑名单");
      expect(notice).toContain("信用修复");
      await tryBid(agency, nanjing);
      const refusal = await agency.getByRole("alert").first().innerText();
      expect(refusal).toContain("黑名单");
      expect(refusal).toContain(beijingDay(30));

      // In Suzhou the scope does not reach: the bid goes in.
      await tryBid(agency, suzhou);
      await agency.getByText(/报价已提交/).waitFor();

      // The public sees it on the blacklist, found by credit code; the public trust pages pass axe.
      const pub = await (await b.context({ bypassCSP: true })).newPage();
      await pub.goto(`/blacklist?q=${code}`);
      expect(await pub.getByTestId("blacklist").innerText()).toContain("黑名单");
      expect(await seriousA11yViolations(pub)).toEqual([]);
      for (const path of ["/credit", "/reviews/how", "/complaints"]) {
        await pub.goto(path);
        expect(await seriousA11yViolations(pub), path).toEqual([]);
      }
      const csv = await (await fetch(new URL(`/blacklist.csv?q=${code}`, pub.url()))).text();
      expect(csv.split("\r\n")[1]).toContain(code);

      // Time passes beyond the end date (moved in the database, as the integration tests do with deadlines):
      // the same bid in Nanjing is accepted. The embedded database lives inside the app process, so this
      // step runs where the app uses PostgreSQL (the first CI pass).
      const databaseUrl = inject("databaseUrl");
      if (databaseUrl) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(
          "update sanctions set starts_at = now() - interval '40 days', ends_at = now() - interval '1 day' where id = $1",
          [sanctionUrl.split("/").pop()],
        );
        await client.end();
        await agency.goto(nanjing);
        expect(await agency.getByTestId("eligibility").innerText()).toContain("可以参与");
        await tryBid(agency, nanjing);
        await agency.getByText(/报价已提交/).waitFor();
        await pub.goto(sanctionUrl);
        expect(await pub.locator("main").innerText()).toContain("已到期");
      }
    },
  );

  it("a completed contract → both reviews → revealed together → the credit breakdown moves", { timeout: 120_000 }, async () => {
    const pub = await (await b.context()).newPage();
    // The owner's dashboard lists the contract whose review is due.
    const owner = await b.signedIn("owner@demo.zjcs.cn");
    await owner.page.goto("/owner");
    const link = owner.page.getByTestId("pending-reviews").getByRole("link", { name: "新港码头油品罐区改造安全预评价" });
    const projectUrl = new URL((await link.getAttribute("href"))!, owner.page.url()).toString().split("#")[0]!;

    const agency = await b.signedIn("antai@demo.zjcs.cn");
    await agency.page.goto("/agency/credit");
    const reviewsBefore = await agency.page.locator('[data-part="reviews"]').innerText();
    expect(reviewsBefore).toContain("0 条");
    const scoreBefore = await agency.page.getByTestId("credit-grade").first().innerText();

    // The owner reviews first. Five stars need a reason: without one the server says so next to the field
    // and keeps what was chosen; with one the review goes in and stays hidden.
    await owner.page.goto(projectUrl);
    const form = owner.page.getByTestId("review-form");
    await form.getByLabel("5 星", { exact: true }).check();
    for (const dim of ["成果质量", "时效", "收费", "服务态度", "合规"]) await form.getByLabel(dim).selectOption("5");
    await form.getByRole("button", { name: "提交评价" }).click();
    await owner.page.getByText("1 星或 5 星的评价须写明理由").waitFor();
    const again = owner.page.getByTestId("review-form");
    expect(await again.getByLabel("5 星", { exact: true }).isChecked()).toBe(true);
    await again.getByLabel("评价内容").fill("方案规范，现场踏勘细致，技术审查一次通过。");
    await again.getByRole("button", { name: "提交评价" }).click();
    await owner.page.getByText("评价已提交。").waitFor();
    await owner.page.getByTestId("review-pending").waitFor();
    await pub.goto(projectUrl);
    expect(await pub.locator("main").innerText()).not.toContain("评价本次中介服务");
    expect(await pub.locator('[data-testid="reviews"]').count()).toBe(0);

    // The agency sees that a review is in, not what it says, and reviews the owner: both appear together.
    await agency.page.goto(projectUrl);
    expect(await agency.page.locator("main").innerText()).toContain("对方已提交评价");
    const aform = agency.page.getByTestId("review-form");
    await aform.getByLabel("4 星", { exact: true }).check();
    for (const dim of ["需求清晰", "配合程度", "付款及时", "廉洁守信"]) await aform.getByLabel(dim).selectOption("4");
    await aform.getByRole("button", { name: "提交评价" }).click();
    await agency.page.getByText("评价已提交。").waitFor();
    await pub.goto(projectUrl);
    const shown = await pub.getByTestId("reviews").innerText();
    expect(shown).toContain("业主对中介机构的评价");
    expect(shown).toContain("中介机构对业主的评价");
    expect(shown).toContain("技术审查一次通过");

    // The credit breakdown counts the review and the score moved up; the public breakdown passes axe.
    await agency.page.goto("/agency/credit");
    expect(await agency.page.locator('[data-part="reviews"]').innerText()).toContain("1 条");
    const scoreAfter = await agency.page.getByTestId("credit-grade").first().innerText();
    const n = (s: string) => Number(/([\d.]+) 分/.exec(s)![1]);
    expect(n(scoreAfter)).toBeGreaterThan(n(scoreBefore));
    const a11y = await (await b.context({ bypassCSP: true })).newPage();
    await a11y.goto(projectUrl);
    await a11y.getByRole("link", { name: "无锡安泰安全技术评价有限公司" }).first().click();
    await a11y.waitForURL(/\/agencies\/[0-9a-f-]{36}$/);
    expect(await a11y.getByTestId("record-reviews").innerText()).toContain("技术审查一次通过");
    expect(await seriousA11yViolations(a11y)).toEqual([]);
    await a11y.goto(`${a11y.url()}/credit`);
    expect(await seriousA11yViolations(a11y)).toEqual([]);
  });
});
