import type { BrowserContext } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "./support";

const b = useBrowser();
const CONTRACT = "新港物流园区 1:500 地形图测绘";

/**
 * Stripe.js as the browser sees it, without the internet: js.stripe.com/v3 is answered with a small
 * stand-in that mounts a card field and, on confirmPayment, calls https://api.stripe.com (allowed by the
 * app's CSP), where the route below confirms the PaymentIntent on the Stripe fake — as a customer paying
 * with a test card does — and then returns to return_url the way Stripe.js redirects.
 */
const STRIPE_JS = `
window.Stripe = function (pk) {
  if (!/^pk_test_/.test(pk)) throw new Error("IntegrationError: invalid publishable key");
  return {
    elements: function (o) {
      return { clientSecret: o.clientSecret, create: function () { return { mount: function (el) {
        el.innerHTML = '<label for="card">Card number</label><input id="card" value="4242 4242 4242 4242" autocomplete="cc-number">';
      } }; } };
    },
    confirmPayment: async function (o) {
      var secret = o.elements.clientSecret, id = secret.split("_secret_")[0];
      var r = await fetch("https://api.stripe.com/v1/payment_intents/" + id + "/confirm", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "client_secret=" + encodeURIComponent(secret) + "&payment_method=pm_card_visa" });
      var pi = await r.json();
      if (!r.ok) return { error: { message: (pi.error && pi.error.message) || "declined" } };
      var u = new URL(o.confirmParams.return_url);
      u.searchParams.set("payment_intent", id);
      u.searchParams.set("redirect_status", pi.status);
      window.location.href = u.toString();
      return {};
    }
  };
};`;

async function withStripeJs(ctx: BrowserContext) {
  const fake = inject("stripeFakeUrl");
  await ctx.route("https://js.stripe.com/**", (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: STRIPE_JS }));
  await ctx.route("https://api.stripe.com/**", async (route) => {
    const m = /\/v1\/payment_intents\/([A-Za-z0-9_]+)\/confirm$/.exec(new URL(route.request().url()).pathname);
    if (!m || route.request().method() !== "POST") return route.fulfill({ status: 404, body: "{}" });
    const r = await fetch(`${fake}/__fake/payment_intents/${m[1]}/succeed`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ payment_method: "pm_card_visa" }),
    });
    const event = (await r.json()) as { data?: { object?: { status?: string } }; error?: unknown };
    return route.fulfill({
      status: r.ok ? 200 : 402,
      contentType: "application/json",
      headers: { "Access-Control-Allow-Origin": "*" },
      body: JSON.stringify(r.ok ? event.data!.object : event),
    });
  });
}

async function fakeEvents(type: string): Promise<{ data: { object: Record<string, unknown> } }[]> {
  const r = await fetch(`${inject("stripeFakeUrl")}/__fake/events?type=${encodeURIComponent(type)}`);
  return ((await r.json()) as { data: { data: { object: Record<string, unknown> } }[] }).data;
}

describe("contract money through Stripe", () => {
  it(
    "signed contract → agency connects a payout account → owner funds → delivery accepted → transferred → on the public record",
    { timeout: 180_000 },
    async () => {
      // The agency connects its payout account through Stripe's hosted onboarding.
      const agency = await b.signedIn("suce@demo.zjcs.cn", { prepare: withStripeJs });
      await agency.page.goto("/agency/payouts");
      expect(await agency.page.getByTestId("payout-account").innerText()).toContain("尚未开通");
      await agency.page.getByRole("button", { name: "开通收款账户" }).click();
      await agency.page.getByTestId("onboarding-link").click();
      await agency.page.waitForURL("**/agency/payouts?return=1");
      const payout = await agency.page.getByTestId("payout-account").innerText();
      expect(payout).toContain("可以收款");
      const accountId = /acct_[A-Za-z0-9]+/.exec(payout)![0];

      // The owner opens the signed contract and funds it with a card on Stripe's form.
      const owner = await b.signedIn("owner@demo.zjcs.cn", { prepare: withStripeJs });
      await owner.page.goto("/owner");
      await owner.page.getByRole("link", { name: CONTRACT }).first().click();
      await owner.page.waitForURL(/\/(owner\/)?projects\/[0-9a-f-]{36}/);
      const projectId = /[0-9a-f-]{36}/.exec(owner.page.url())![0];
      const projectUrl = `/projects/${projectId}`;
      await owner.page.goto(projectUrl);
      const payments = owner.page.getByTestId("payments");
      expect(await payments.getByTestId("payment-state").innerText()).toBe("未托管");
      await payments.getByRole("button", { name: "托管合同款" }).click();
      await owner.page.waitForURL(`**/owner/projects/${projectId}/pay`);
      expect(await owner.page.locator("main").innerText()).toContain("¥86,000.00");
      await owner.page.getByLabel("Card number").waitFor();
      await owner.page.getByRole("button", { name: "支付", exact: true }).click();
      await owner.page.waitForURL(new RegExp(`/projects/${projectId}\\?paid=1`));
      // The payment_intent.succeeded webhook has reached the app: the money is held.
      await owner.page.reload();
      expect(await payments.getByTestId("payment-state").innerText()).toBe("已托管");
      expect(await payments.getByTestId("funded").innerText()).toContain("¥86,000.00");
      // Asking again does not charge twice: the button is gone.
      expect(await payments.getByRole("button", { name: "托管合同款" }).count()).toBe(0);

      // The agency delivers; the owner accepts, which pays the agency.
      await agency.page.goto(projectUrl);
      await agency.page.getByLabel("交付说明").fill("1:500 数字地形图、控制测量成果表及技术总结");
      await agency.page.getByRole("button", { name: "提交成果" }).click();
      await agency.page.getByText("成果已提交，等待业主验收。").waitFor();
      await owner.page.goto(projectUrl);
      await owner.page.getByRole("button", { name: "验收通过" }).click();
      await owner.page.getByText("已验收，项目完成。").waitFor();

      // Stripe moved the money to the agency's connected account, once.
      const transfers = (await fakeEvents("transfer.created")).map((e) => e.data.object).filter((t) => t.destination === accountId);
      expect(transfers).toHaveLength(1);
      expect(transfers[0]!.amount).toBe(8_600_000);
      expect(transfers[0]!.currency).toBe("cny");

      // Anyone can see what was funded and paid, and when.
      const pub = await (await b.context()).newPage();
      await pub.goto(projectUrl);
      const record = pub.getByTestId("payments");
      expect(await record.getByTestId("payment-state").innerText()).toBe("已全部支付");
      expect(await record.getByTestId("released").innerText()).toContain("¥86,000.00");
      const ledger = await record.getByTestId("payment-ledger").innerText();
      expect(ledger).toContain("业主托管");
      expect(ledger).toContain("支付机构");
      expect(ledger.match(/已完成/g)).toHaveLength(2);
      // No owner controls, and no Stripe identifiers of the agency, on the public page.
      expect(await record.getByRole("button").count()).toBe(0);
      expect(await pub.locator("body").innerText()).not.toContain(accountId);
    },
  );
});
