import Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { StripeFake, eventFor, parseStripeForm, startStripeFakeServer } from "../../support/stripe-fake";

const client = (fake: StripeFake, key = "sk_test_fake") => new Stripe(key, { httpClient: Stripe.createFetchHttpClient(fake.fetch), maxNetworkRetries: 0 });

describe("the Stripe fake, driven by the official SDK", () => {
  const fake = new StripeFake();
  const stripe = client(fake);

  it("reads Stripe's form encoding", () => {
    expect(parseStripeForm("amount=5&metadata[a]=1&capabilities[transfers][requested]=true&x[0]=p&x[1]=q")).toEqual({ amount: "5", metadata: { a: "1" }, capabilities: { transfers: { requested: "true" } }, x: ["p", "q"] });
  });

  it("creates an Express account, an onboarding link, and completes onboarding", async () => {
    const a = await stripe.accounts.create({ type: "express", country: "HK", capabilities: { transfers: { requested: true } } });
    expect(a).toMatchObject({ object: "account", charges_enabled: false, capabilities: { transfers: "inactive" } });
    const link = await stripe.accountLinks.create({ account: a.id, refresh_url: "http://x/r", return_url: "http://x/t", type: "account_onboarding" });
    expect(link.url).toMatch(/^https:\/\/connect\.stripe\.com\//);
    await expect(stripe.accountLinks.create({ account: "acct_nope", refresh_url: "http://x/r", return_url: "http://x/t", type: "account_onboarding" })).rejects.toMatchObject({ type: "StripeInvalidRequestError", param: "account" });
    expect(fake.completeOnboarding(a.id)).toMatchObject({ type: "account.updated", data: { object: { payouts_enabled: true } } });
    expect((await stripe.accounts.retrieve(a.id)).capabilities).toEqual({ transfers: "active" });
  });

  it("keeps idempotency keys: the same request returns the same object, a different one is refused", async () => {
    const p1 = await stripe.paymentIntents.create({ amount: 1000, currency: "cny" }, { idempotencyKey: "k1" });
    const p2 = await stripe.paymentIntents.create({ amount: 1000, currency: "cny" }, { idempotencyKey: "k1" });
    expect(p2.id).toBe(p1.id);
    expect(fake.paymentIntents.size).toBe(1);
    await expect(stripe.paymentIntents.create({ amount: 2000, currency: "cny" }, { idempotencyKey: "k1" })).rejects.toMatchObject({ type: "StripeIdempotencyError" });
  });

  it("declines a card with a card error, then takes a payment, a transfer within the balance, and refunds", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: "cny", transfer_group: "g1" });
    await expect(stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclined" })).rejects.toMatchObject({ type: "StripeCardError", code: "card_declined" });
    expect(fake.succeed(pi.id)).toMatchObject({ type: "payment_intent.succeeded", data: { object: { status: "succeeded", amount_received: 5000 } } });
    const acct = await stripe.accounts.create({ type: "express", capabilities: { transfers: { requested: true } } });
    await expect(stripe.transfers.create({ amount: 100, currency: "cny", destination: acct.id })).rejects.toMatchObject({ code: "insufficient_capabilities_for_transfer" });
    fake.completeOnboarding(acct.id);
    const t = await stripe.transfers.create({ amount: 3000, currency: "cny", destination: acct.id, transfer_group: "g1" });
    expect(t).toMatchObject({ object: "transfer", amount: 3000, destination: acct.id });
    await expect(stripe.transfers.create({ amount: 999_999, currency: "cny", destination: acct.id })).rejects.toMatchObject({ type: "StripeInvalidRequestError", code: "balance_insufficient" });
    await expect(stripe.transfers.create({ amount: 1, currency: "cny", destination: "acct_missing" })).rejects.toMatchObject({ code: "resource_missing" });
    const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 1500 });
    expect(r1).toMatchObject({ object: "refund", amount: 1500, status: "succeeded" });
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 4000 })).rejects.toMatchObject({ code: "amount_too_large" });
    expect((await stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(3500);
  });

  it("refuses an unknown key", async () => {
    await expect(client(fake, "rk_live_nope").paymentIntents.create({ amount: 1, currency: "cny" })).rejects.toMatchObject({ type: "StripeAuthenticationError" });
  });

  it("builds events the SDK's webhook verification accepts", () => {
    const event = eventFor("payment_intent.succeeded", { id: "pi_1", object: "payment_intent" });
    const payload = JSON.stringify(event);
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_x" });
    expect(stripe.webhooks.constructEvent(payload, header, "whsec_x").id).toBe(event.id);
  });
});

describe("the Stripe fake over HTTP", () => {
  let close: (() => Promise<void>) | null = null;
  afterAll(async () => close?.());
  it("serves the API and its control endpoints to another client", async () => {
    const server = await startStripeFakeServer();
    close = server.close;
    const stripe = new Stripe("sk_test_x", { host: server.host, port: server.port, protocol: "http", maxNetworkRetries: 0 });
    const pi = await stripe.paymentIntents.create({ amount: 700, currency: "cny" });
    const r = await fetch(`${server.url}/__fake/payment_intents/${pi.id}/succeed`, { method: "POST" });
    expect(((await r.json()) as { type: string }).type).toBe("payment_intent.succeeded");
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
  });
});
