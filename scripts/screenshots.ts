// Takes screenshots of the main pages in both languages, to look at: npm run screenshots -- [baseUrl]
import fs from "node:fs";
import { chromium } from "playwright-core";
import { chromiumPath } from "../tests/e2e/browser";

const base = process.argv[2] ?? "http://localhost:3000";
const out = ".screenshots";
fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const pages = ["/", "/signup", "/login", "/services"];
for (const locale of ["zh-CN", "en"]) {
  for (const width of [1280, 390]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    await ctx.addCookies([{ name: "lang", value: locale, url: base }]);
    const page = await ctx.newPage();
    for (const p of pages) {
      await page.goto(base + p);
      const name = `${out}/${locale}-${width}${p.replace(/\//g, "_") || "_home"}.png`;
      await page.screenshot({ path: name, fullPage: p !== "/services" });
      console.log(name);
    }
    await ctx.close();
  }
}
await browser.close();
