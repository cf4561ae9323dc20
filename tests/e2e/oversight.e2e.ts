import { describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser } from "./support";

const b = useBrowser();

const RIGGED = "江宁区淳化街道道路改造工程结算审核";
const AGENCY = "南京金陵工程造价咨询有限公司";

describe("the regulator's console: a rigged pattern is flagged, investigated and sanctioned in public", () => {
  it(
    "rigged pattern in the queue → case → public dialogue → warning → the agency's profile and credit show it",
    { timeout: 180_000 },
    async () => {
      const reg = await b.signedIn("regulator@demo.zjcs.cn", { bypassCSP: true });

      // The dashboard draws its charts on the server, each with a table and CSV.
      await reg.page.goto("/regulator/dashboard");
      expect(await reg.page.locator("figure svg[role=img]").count()).toBeGreaterThanOrEqual(5);
      expect(await reg.page.getByTestId("headline").innerText()).toContain("较最高限价节约");
      expect(await seriousA11yViolations(reg.page)).toEqual([]);

      // The seeded look-alike agency bid the same price from the same address and phone: the queue shows it.
      await reg.page.goto("/regulator/risk");
      const row = reg.page.getByTestId("risk-queue").locator("tr", { hasText: RIGGED });
      const flags = await row.innerText();
      expect(flags).toContain("报价完全相同");
      expect(flags).toContain("报价机构关联");
      expect(await seriousA11yViolations(reg.page)).toEqual([]);
      await reg.page.getByRole("link", { name: "报价机构关联（地址、电话、邮箱或法人相同）" }).first().click();
      await reg.page.waitForURL(/flag=R044/);
      expect(await reg.page.getByTestId("flag-hits").innerText()).toMatch(/南京金陵.*共用：地址、电话/);

      // Open a case from the queue row, name the agency, activate it: it becomes public.
      await reg.page.goto("/regulator/risk");
      await reg.page.getByTestId("risk-queue").locator("tr", { hasText: AGENCY }).first().getByRole("link", { name: "立案监督" }).click();
      await reg.page.getByRole("heading", { name: "立案监督" }).waitFor();
      await reg.page.getByLabel("案件名称").fill("南京金陵与同址机构串通报价监督");
      await reg.page.getByLabel("立案理由").fill("两家机构共用地址和电话，在淳化街道结算审核项目中报价完全相同。");
      await reg.page.getByRole("button", { name: "保存草稿" }).click();
      await reg.page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      await reg.page.getByTestId("case").waitFor();
      const caseUrl = reg.page.url();
      await reg.page.getByRole("button", { name: "激活并公开" }).click();
      await reg.page.getByText("案件已激活，当事方已收到通知。").waitFor();
      await reg.page.getByLabel("向当事方提问或说明（公开）").fill("请说明与南京金陵同创工程咨询有限公司的关系及报价编制过程。");
      await reg.page.getByRole("button", { name: "发送" }).click();
      await reg.page.getByTestId("case-messages").waitFor();

      // The agency answers in the public dialogue.
      const agency = await b.signedIn("jinling@demo.zjcs.cn");
      await agency.page.goto(caseUrl);
      await agency.page.getByLabel("答复监管部门（公开）").fill("同创公司为我司前员工设立，报价系参考我司报价文件编制，我司未参与串通。");
      await agency.page.getByRole("button", { name: "发送" }).click();
      await agency.page.getByText("同创公司为我司前员工设立").waitFor();

      // The regulator concludes: a violation, followed by a warning decided on the sanction form.
      await reg.page.goto(caseUrl);
      await reg.page.getByLabel("发现违规", { exact: true }).check();
      await reg.page.getByLabel("违规类型").selectOption("collusion");
      await reg.page.getByLabel("结论与理由").fill("两家机构存在关联关系且报价文件雷同，构成串通报价，予以警示告诫。");
      await reg.page.getByLabel("后续处理").selectOption("sanction");
      await reg.page.getByRole("button", { name: "作出结论" }).click();
      await reg.page.waitForURL(/\/regulator\/sanctions\/new\?/);
      await reg.page.getByRole("heading", { name: "作出惩戒或奖励" }).waitFor();
      expect(await reg.page.getByLabel(/^类型/).inputValue()).toBe("warning");
      await reg.page.getByLabel("事实与理由").fill("与同址关联机构在淳化街道结算审核项目中串通报价。");
      await reg.page.getByLabel("法律依据").fill("《江苏省行政审批中介服务管理办法》第二十九条");
      await reg.page.getByLabel("决定文号").fill(`苏政务中介〔2026〕C${Date.now().toString(36)}号`);
      await reg.page.getByRole("button", { name: "作出决定" }).click();
      await reg.page.waitForURL(/\/sanctions\/[0-9a-f-]{36}$/);
      await reg.page.getByTestId("sanction").waitFor();

      // The public sees the case with its dialogue and conclusion, linked to the decision.
      const pub = await (await b.context({ bypassCSP: true })).newPage();
      await pub.goto(caseUrl);
      const page = await pub.locator("main").innerText();
      expect(page).toContain("围标串标");
      expect(page).toContain("同创公司为我司前员工设立");
      expect(await pub.getByRole("link", { name: "处理决定" }).count()).toBe(1);
      expect(await seriousA11yViolations(pub)).toEqual([]);

      // The agency's profile shows the warning, and its credit breakdown the deduction.
      const found = (await (await pub.request.get("/api/agencies?q=南京金陵工程造价")).json()) as { results: { id: string }[] };
      const id = found.results[0]!.id;
      await pub.goto(`/agencies/${id}`);
      expect(await pub.getByTestId("sanctions").innerText()).toContain("警示告诫");
      await pub.goto(`/agencies/${id}/credit`);
      const deductions = await pub.getByTestId("credit-deductions").innerText();
      expect(deductions).toContain("警示告诫");
      expect(deductions).toContain("计分中");

      // Statistics are public, with the same charts.
      await pub.goto("/stats");
      expect(await pub.locator("figure svg[role=img]").count()).toBeGreaterThanOrEqual(5);
      expect(await seriousA11yViolations(pub)).toEqual([]);
    },
  );
});
