import { describe, expect, it } from "vitest";
import { formatErrors, ocdsValidators } from "../fixtures/ocds/validator";
import { baseURL, seriousA11yViolations, useBrowser } from "./support";

const b = useBrowser();
const v = ocdsValidators();

describe("open data", () => {
  it("the page explains the feed, records and bulk files in both languages, and its links work", async () => {
    for (const [locale, heading] of [
      ["zh-CN", "开放数据"],
      ["en", "Open data"],
    ] as const) {
      const ctx = await b.context({ locale, bypassCSP: true });
      const page = await ctx.newPage();
      await page.goto("/open-data");
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(heading);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await page.getByTestId("bulk-files").getByRole("link").count()).toBe(10);
      await ctx.close();
    }
    const ctx = await b.context();
    const page = await ctx.newPage();
    await page.goto("/open-data");
    const csv = await page.request.get(
      new URL((await page.getByRole("link", { name: "中介机构 CSV" }).getAttribute("href"))!, baseURL()).toString(),
    );
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect((await csv.text()).split("\r\n")[0]).toContain("credit_code");
    const record = await page.request.get(new URL((await page.getByTestId("record-link").getAttribute("href"))!, baseURL()).toString());
    expect(v.recordPackage(await record.json()), formatErrors(v.recordPackage.errors)).toBe(true);
    await ctx.close();
  });

  it("the demo's feed and every demo project's record validate against OCDS 1.1.5", async () => {
    const feed = (await (await fetch(`${baseURL()}/ocds/releases?limit=500`)).json()) as { releases: { ocid: string }[] };
    expect(v.releasePackage(feed), formatErrors(v.releasePackage.errors)).toBe(true);
    const projects = (await (await fetch(`${baseURL()}/open-data/bulk/projects.jsonl`)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; ocid: string });
    expect(projects.length).toBeGreaterThan(3);
    for (const p of projects) {
      const rec = await (await fetch(`${baseURL()}/ocds/records/${p.ocid}`)).json();
      expect(v.recordPackage(rec), `${p.id}\n${formatErrors(v.recordPackage.errors)}`).toBe(true);
    }
  });
});
