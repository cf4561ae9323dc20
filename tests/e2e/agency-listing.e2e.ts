import { describe, expect, it } from "vitest";
import { demoCreditCode } from "#db/seed/demo";
import { baseURL, logIn, signUpAgency, useBrowser } from "./support";

const b = useBrowser();
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

describe("an agency lists a service, is found, and gets its qualification verified", () => {
  it("signs up → lists a service → is found in the directory → a regulator verifies → the badge shows", async () => {
    const stamp = Date.now().toString(36);
    const name = `南京端到端测绘${stamp}有限公司`;
    const agency = await b.context();
    const page = await agency.newPage();
    await signUpAgency(page, {
      name,
      code: demoCreditCode("320100", 7_000_000 + Math.floor(Math.random() * 1e9)),
      email: `survey-${stamp}@example.cn`,
    });

    // list a service
    await page.goto("/agency");
    await page.getByRole("link", { name: "发布服务事项" }).click();
    await page.getByRole("heading", { level: 1, name: "发布服务事项" }).waitFor();
    const option = page.getByLabel("服务事项").locator("option", { hasText: "地形图测绘" });
    const optionText = await option.innerText();
    const statutory = Number(/时限 (\d+) 天/.exec(optionText)![1]);
    await page.getByLabel("服务事项").selectOption((await option.getAttribute("value"))!);
    await page.getByLabel("金额区间").check();
    await page.getByLabel("金额 / 最低金额（元）").fill("12000");
    await page.getByLabel("最高金额（元）").fill("48000.5");
    await page.getByLabel("承诺时限（天）").fill(String(statutory + 10));
    await page.getByLabel("服务承诺").fill("按时交付成果，超期按日退还服务费");
    await page.getByRole("button", { name: "保存（生成新版本）" }).click();
    // 40 days is above the item's limit: refused next to the field
    await page
      .locator(".field-error")
      .filter({ hasText: `承诺时限不能超过该事项的法定时限（${statutory} 天）` })
      .waitFor();
    await page.getByLabel("承诺时限（天）").fill(String(statutory - 5));
    await page.getByRole("button", { name: "保存（生成新版本）" }).click();
    await page.getByText("已保存为第 1 版。").waitFor();

    // found in the public directory, with the reason
    const pub = await b.context();
    const visitor = await pub.newPage();
    await visitor.goto(`/agencies?q=${encodeURIComponent(stamp)}`);
    await visitor.getByRole("link", { name }).waitFor();
    await visitor.goto("/agencies");
    await visitor.getByLabel("名称或业务范围").fill(`测绘${stamp}`);
    await visitor.getByLabel("服务事项").selectOption({ label: "地形图测绘" });
    await visitor.getByLabel("服务地区").selectOption("320100");
    await visitor.getByRole("button", { name: "搜索" }).click();
    await visitor.waitForURL(/item=\d+/);
    await visitor.locator(".why").filter({ hasText: "提供地形图测绘" }).waitFor();
    const result = visitor.locator(".result").filter({ hasText: name });
    await result.waitFor();
    const text = await result.innerText();
    expect(text).toContain("¥12,000.00 – ¥48,000.50");
    expect(text).toContain(`承诺 ${statutory - 5} 天`);
    expect(text).toContain("无已核验资质");
    expect(text).toContain("提供地形图测绘");
    const json = (await (await fetch(`${baseURL()}/api/agencies?q=${encodeURIComponent(stamp)}`)).json()) as {
      total: number;
      results: { name: string }[];
    };
    expect(json.results.map((r) => r.name)).toEqual([name]);

    // upload the qualification
    await page.goto("/agency/qualifications/new");
    const topo = await page.getByLabel("适用的服务事项").locator("option", { hasText: "地形图测绘" }).getAttribute("value");
    await page.getByLabel("适用的服务事项").selectOption(topo!);
    await page.getByLabel("资质类型").fill("测绘资质证书");
    await page.getByLabel("等级（如有）").fill("乙级");
    await page.getByLabel("证书编号").fill(`乙测资字 ${stamp}`);
    await page.getByLabel("发证机关").fill("江苏省自然资源厅");
    await page.getByLabel("有效期起").fill("2026-01-01");
    await page.getByLabel("有效期止").fill("2029-12-31");
    await page
      .getByLabel(/证书扫描件/)
      .setInputFiles({ name: "certificate.txt", mimeType: "application/pdf", buffer: Buffer.from("not really a pdf") });
    await page.getByRole("button", { name: "提交核验" }).click();
    await page.locator(".field-error").filter({ hasText: "只接受 PDF、JPG 或 PNG 文件" }).waitFor();
    await page.getByLabel(/证书扫描件/).setInputFiles({ name: "证书.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByRole("button", { name: "提交核验" }).click();
    await page.waitForURL("**/agency");
    await page.getByText(`乙测资字 ${stamp}`).waitFor();
    expect(await page.locator("main").innerText()).toContain("待核验");

    // the regulator verifies it
    const reg = await b.context();
    const officer = await reg.newPage();
    await logIn(officer, "regulator@demo.zjcs.cn");
    await officer.waitForURL("**/account");
    await officer.goto("/regulator/qualifications");
    const card = officer.locator("li.card").filter({ hasText: name });
    await card.waitFor();
    const docHref = await card.getByRole("link", { name: "查看扫描件" }).getAttribute("href");
    const doc = await officer.request.get(docHref!);
    expect(doc.status()).toBe(200);
    expect(doc.headers()["content-type"]).toBe("application/pdf");
    expect(doc.headers()["x-content-type-options"]).toBe("nosniff");
    expect((await fetch(`${baseURL()}${docHref}`)).status).toBe(404); // not for the public
    await card.getByLabel("核验通过").check();
    await card.getByRole("button", { name: "提交决定" }).click();
    await officer.waitForURL("**/regulator/qualifications?done=1");
    // The decided certificate leaves the queue (the URL changes before the new list renders).
    await officer.locator("li.card").filter({ hasText: name }).waitFor({ state: "detached" });

    // the badge appears on the public profile
    await visitor.getByRole("link", { name }).click();
    await visitor.getByRole("heading", { level: 1, name }).waitFor();
    await visitor.reload();
    const badge = visitor.locator('tr[data-item="topographic-survey"] [data-testid="verified-badge"]');
    await badge.waitFor();
    expect(await badge.innerText()).toBe("已核验资质");
    const profile = await visitor.locator("main").innerText();
    expect(profile).toContain("信用承诺");
    expect(profile).toContain("机构未公开个人联系方式");
    await Promise.all([agency.close(), pub.close(), reg.close()]);
  });
});
