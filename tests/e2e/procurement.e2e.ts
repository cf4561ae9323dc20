import { spawnSync } from "node:child_process";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseURL, useBrowser } from "./support";

const b = useBrowser();

/** Reloads until the text shows: the scheduled job acts on its own, every few seconds. */
async function waitForText(page: Page, text: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.locator("main").innerText()).includes(text)) return;
    if (Date.now() > until) throw new Error(`"${text}" did not appear within ${timeoutMs} ms`);
    await page.waitForTimeout(2000);
    await page.reload();
  }
}

describe("an owner posts, three agencies bid, the draw is verifiable, and the work is delivered", () => {
  it(
    "posts → three bids → deadline passes → random draw → verifiable award → contract → delivery → acceptance",
    { timeout: 240_000 },
    async () => {
      // The province's regulator allows short periods for this run: no minimum bidding days, no publicity.
      const reg = await b.signedIn("regulator@demo.zjcs.cn");
      await reg.page.goto("/regulator/policy");
      await reg.page.getByLabel("最短报名期（工作日）").fill("0");
      await reg.page.getByLabel("公示期（工作日）").fill("0");
      await reg.page.getByRole("button", { name: "保存为新版本" }).click();
      await reg.page.getByText(/已保存为第 \d+ 版/).waitFor();

      // The owner posts a random-draw project with a deadline a minute away.
      const owner = await b.signedIn("owner@demo.zjcs.cn");
      await owner.page.goto("/owner");
      await owner.page.getByRole("link", { name: "发布新项目" }).click();
      await owner.page.getByRole("heading", { name: "新建项目（草稿）" }).waitFor();
      const title = `端到端随机抽取项目 ${Date.now().toString(36)}`;
      await owner.page.getByLabel("项目名称").fill(title);
      const item = owner.page.getByLabel("服务事项").locator("option", { hasText: "建设项目环境影响报告表编制" });
      await owner.page.getByLabel("服务事项").selectOption((await item.getAttribute("value"))!);
      await owner.page.getByLabel("项目所在地区").selectOption("320100");
      await owner.page.getByLabel("项目概况与服务内容").fill("新建仓储项目，编制环境影响报告表并配合报批。");
      await owner.page.getByLabel("成果要求").fill("环境影响报告表（报批稿）");
      await owner.page.getByLabel("最高限价（元）").fill("50000");
      await owner.page.getByLabel("选取方式").selectOption("randomDraw");
      // The field has minute precision: the next whole minute at least 45 s away (the policy needs 30 s).
      const deadline = new Date(Math.ceil((Date.now() + 45_000) / 60_000) * 60_000);
      await owner.page.getByLabel("报名截止时间（北京时间）").fill(new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 16));
      await owner.page.getByLabel("期望服务时限（天）").fill("10");
      await owner.page.getByRole("button", { name: "保存草稿" }).click();
      await owner.page.getByText("草稿已保存。").waitFor();
      await owner.page.getByRole("button", { name: "发布公告" }).click();
      await owner.page.waitForURL(/\/projects\/[0-9a-f-]{36}\?published=1/);
      const projectUrl = owner.page.url().split("?")[0]!;
      const commitment = await owner.page.getByTestId("commitment").innerText();
      expect(commitment).toMatch(/^[0-9a-f]{64}$/);

      // Three agencies bid; prices stay sealed to everyone else.
      const bidders = ["agency@demo.zjcs.cn", "jinling@demo.zjcs.cn", "suce@demo.zjcs.cn"];
      const contexts: Record<string, Page> = {};
      for (const [i, email] of bidders.entries()) {
        const a = await b.signedIn(email);
        contexts[email] = a.page;
        await a.page.goto(projectUrl);
        await a.page.getByLabel("报价（元）").fill(String(42000 + i * 1500));
        await a.page.getByLabel("承诺时限（天）").fill("10");
        await a.page.getByRole("button", { name: "提交报价" }).click();
        await a.page.getByText(/报价已提交/).waitFor();
      }
      const pub = await (await b.context()).newPage();
      await pub.goto(projectUrl);
      // Not even how many have applied (招标投标法 第二十二条).
      const sealed = await pub.getByTestId("sealed").innerText();
      expect(sealed).toContain("报名数量");
      expect(sealed).not.toMatch(/\d/);
      expect(await pub.locator("main").innerText()).not.toContain("¥42,000.00");

      // The deadline passes with nobody visiting: the scheduled job opens the bids and draws.
      await waitForText(pub, "公示中", 150_000).catch(async () => waitForText(pub, "已生效", 10_000));
      const award = await pub.getByTestId("award").innerText();
      const winner = ["江苏环科环境工程咨询有限公司", "南京金陵工程造价咨询有限公司", "苏州中测测绘院有限公司"].find((n) =>
        award.includes(n),
      )!;
      expect(winner).toBeTruthy();
      expect(await pub.getByTestId("opened-bids").innerText()).toContain("¥42,000.00");
      expect(await pub.getByTestId("seed").innerText()).toMatch(/^[0-9a-f]{64}$/);

      // Anyone can verify the draw: the public page, and the command line from the published inputs.
      await pub.getByRole("link", { name: "复核抽取过程" }).click();
      await pub.getByTestId("checks").waitFor();
      expect((await pub.getByTestId("checks").innerText()).match(/✔/g)).toHaveLength(3);
      const projectId = projectUrl.split("/").pop()!;
      const cli = spawnSync(process.execPath, ["--import", "tsx", "scripts/verify-draw.ts", projectId, "--url", baseURL()], {
        encoding: "utf8",
      });
      expect(cli.status, cli.stdout + cli.stderr).toBe(0);
      expect(cli.stdout).toContain("re-running randomDraw gives the published result");

      // No publicity period here: the award becomes final, the owner records the contract.
      await waitForText(owner.page, "已生效", 30_000);
      await owner.page.getByLabel("签订日期").fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
      await owner.page.getByRole("button", { name: "登记合同" }).click();
      await owner.page.getByText("合同已登记。").waitFor();

      // The winner delivers, the owner accepts.
      const winnerEmail =
        bidders[["江苏环科环境工程咨询有限公司", "南京金陵工程造价咨询有限公司", "苏州中测测绘院有限公司"].indexOf(winner)]!;
      const w = contexts[winnerEmail]!;
      await w.goto(projectUrl);
      await w.getByLabel("交付说明").fill("环境影响报告表（报批稿）及附图");
      await w.getByRole("button", { name: "提交成果" }).click();
      await w.getByText("成果已提交，等待业主验收。").waitFor();
      await owner.page.goto(projectUrl);
      await owner.page.getByRole("button", { name: "验收通过" }).click();
      await owner.page.getByText("已验收，项目完成。").waitFor();

      // The public record shows it all.
      await pub.goto(projectUrl);
      const record = await pub.locator("main").innerText();
      expect(record).toContain("已完成");
      expect(record).toContain("按期完成");
      expect(await pub.getByTestId("contract").innerText()).toMatch(/¥4[2-5],\d{3}\.00/);
    },
  );
});
