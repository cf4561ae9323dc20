import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { StripeFake, eventFor, formatAmount, parseStripeForm, signWebhookPayload, startStripeFakeServer } from "../../support/stripe-fake";

const client = (fake: StripeFake, key = "sk_test_fake", extra: Partial<Stripe.StripeConfig> = {}) =>
  new Stripe(key, { httpClient: Stripe.createFetchHttpClient(fake.fetch), maxNetworkRetries: 0, ...extra });

/** The fetch Response behind an SDK result (FetchHttpClient exposes it as lastResponse). */
const raw = (r: { lastResponse: unknown }) => r.lastResponse as Response;

/** The error a call rejects with (failing the test if it resolves). */
async function rejection<E = Stripe.errors.StripeError>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    return e as E;
  }
  throw new Error("expected the call to be refused");
}

/** A raw request to the fake, form-encoded like the SDK. */
function call(fake: StripeFake, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return fake.fetch(`https://api.stripe.com${path}`, {
    method,
    headers: { Authorization: "Bearer sk_test_fake", "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
}

async function onboardedAccount(stripe: Stripe, fake: StripeFake): Promise<string> {
  const a = await stripe.accounts.create({ type: "express", country: "HK", capabilities: { transfers: { requested: true } } });
  fake.completeOnboarding(a.id);
  return a.id;
}

describe("the wire format", () => {
  it("reads Stripe's form encoding: nesting, indexed and appended arrays", () => {
    expect(
      parseStripeForm(
        "amount=5&metadata[a]=1&capabilities[transfers][requested]=true&x[0]=p&x[1]=q&y[]=r&y[]=s&transfer_data[destination]=acct_1",
      ),
    ).toEqual({
      amount: "5",
      metadata: { a: "1" },
      capabilities: { transfers: { requested: "true" } },
      x: ["p", "q"],
      y: ["r", "s"],
      transfer_data: { destination: "acct_1" },
    });
    expect(parseStripeForm("metadata%5Border%5D=%E5%90%88%E5%90%8C%201")).toEqual({ metadata: { order: "合同 1" } });
  });

  it("writes amounts in the currency's major unit in messages", () => {
    expect(formatAmount(1234, "cny")).toBe("¥12.34");
    expect(formatAmount(500, "jpy")).toBe("¥500");
    expect(formatAmount(4_000_000, "usd")).toBe("$40,000.00");
  });

  it("keeps the SDK's nested metadata, arrays and transfer_data as it sends them", async () => {
    const fake = new StripeFake();
    const stripe = client(fake);
    const acct = await onboardedAccount(stripe, fake);
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "CNY",
      allowed_payment_method_types: ["card"],
      metadata: { contract: "c-1", 中文: "值" },
      transfer_data: { destination: acct, amount: 900 },
      transfer_group: "contract-c-1",
      description: "合同付款",
    });
    expect(pi).toMatchObject({
      currency: "cny",
      allowed_payment_method_types: ["card"],
      payment_method_types: ["card"],
      automatic_payment_methods: null,
      metadata: { contract: "c-1", 中文: "值" },
      transfer_data: { destination: acct, amount: 900 },
      transfer_group: "contract-c-1",
      description: "合同付款",
    });
    // Older API versions' payment_method_types[0]=card, as a raw form body.
    const legacy = (await (
      await call(fake, "POST", "/v1/payment_intents", "amount=100&currency=cny&payment_method_types[0]=card")
    ).json()) as Stripe.PaymentIntent;
    expect(legacy).toMatchObject({ payment_method_types: ["card"], automatic_payment_methods: null, allowed_payment_method_types: null });
  });
});

describe("authentication and errors", () => {
  const fake = new StripeFake();

  it("asks for a key in Stripe's error shape", async () => {
    const res = await fake.fetch("https://api.stripe.com/v1/payment_intents/pi_1");
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: "invalid_request_error", message: expect.stringMatching(/You did not provide an API key/) });
    expect(res.headers.get("request-id")).toMatch(/^req_/);
  });

  it("refuses live, publishable and unknown keys with StripeAuthenticationError", async () => {
    for (const key of ["sk_live_123", "pk_test_123", "rk_live_nope"])
      await expect(client(fake, key).paymentIntents.create({ amount: 1, currency: "cny" })).rejects.toMatchObject({
        type: "StripeAuthenticationError",
        statusCode: 401,
      });
    const strict = new StripeFake({ apiKeys: ["sk_test_right"] });
    await expect(client(strict, "sk_test_wrong").balance.retrieve()).rejects.toMatchObject({
      type: "StripeAuthenticationError",
      message: expect.stringMatching(/Invalid API Key provided: sk_test_\*+rong/),
    });
    expect((await client(strict, "sk_test_right").balance.retrieve()).object).toBe("balance");
  });

  it("takes Basic auth with the key as user name, as curl -u does", async () => {
    const res = await fake.fetch("https://api.stripe.com/v1/balance", {
      headers: { Authorization: `Basic ${Buffer.from("sk_test_fake:").toString("base64")}` },
    });
    expect(res.status).toBe(200);
  });

  it("answers 404 for URLs it does not implement, and resource_missing for unknown objects", async () => {
    const stripe = client(fake);
    await expect(stripe.customers.create({ email: "a@example.com" })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      message: expect.stringMatching(/^Unrecognized request URL \(POST: \/v1\/customers\)/),
    });
    await expect(stripe.paymentIntents.retrieve("pi_missing")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
      param: "intent",
      message: "No such payment_intent: 'pi_missing'",
      doc_url: "https://stripe.com/docs/error-codes/resource-missing",
    });
    await expect(stripe.refunds.retrieve("re_missing")).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });
    await expect(stripe.transfers.retrieve("tr_missing")).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });
    await expect(stripe.events.retrieve("evt_missing")).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });
  });

  it("refuses unknown parameters and malformed values like Stripe, naming the param", async () => {
    const stripe = client(fake);
    await expect(
      stripe.paymentIntents.create({ amount: 100, currency: "cny", bogus: "x" } as unknown as Stripe.PaymentIntentCreateParams),
    ).rejects.toMatchObject({ code: "parameter_unknown", param: "bogus" });
    await expect(stripe.paymentIntents.create({ amount: 0, currency: "cny" })).rejects.toMatchObject({
      code: "parameter_invalid_integer",
      param: "amount",
    });
    await expect(stripe.paymentIntents.create({ amount: 12.5, currency: "cny" })).rejects.toMatchObject({
      code: "parameter_invalid_integer",
      param: "amount",
      message: "Invalid integer: 12.5",
    });
    await expect(stripe.paymentIntents.create({ currency: "cny" } as Stripe.PaymentIntentCreateParams)).rejects.toMatchObject({
      code: "parameter_missing",
      param: "amount",
    });
    await expect(
      stripe.paymentIntents.create({
        amount: 100,
        currency: "cny",
        allowed_payment_method_types: ["card"],
        automatic_payment_methods: { enabled: true },
      }),
    ).rejects.toMatchObject({ code: "parameters_exclusive" });
    await expect(stripe.paymentIntents.create({ amount: 100, currency: "cny", metadata: { ["k".repeat(41)]: "v" } })).rejects.toMatchObject(
      { type: "StripeInvalidRequestError", param: expect.stringMatching(/^metadata/) },
    );
  });

  it("includes a request log url in errors", async () => {
    const res = await call(fake, "GET", "/v1/charges/ch_nope");
    const body = (await res.json()) as { error: { request_log_url: string } };
    expect(body.error.request_log_url).toBe(
      `https://dashboard.stripe.com/test/logs/${res.headers.get("request-id")}?t=${body.error.request_log_url.split("t=")[1]}`,
    );
  });
});

describe("Connect accounts and onboarding", () => {
  const fake = new StripeFake();
  const stripe = client(fake);

  it("creates an Express account that cannot be paid yet", async () => {
    const a = await stripe.accounts.create({
      type: "express",
      country: "HK",
      email: "agency@example.cn",
      capabilities: { transfers: { requested: true } },
      metadata: { org: "42" },
    });
    expect(a).toMatchObject({
      id: expect.stringMatching(/^acct_/),
      object: "account",
      type: "express",
      country: "HK",
      default_currency: "hkd",
      email: "agency@example.cn",
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { transfers: "inactive" },
      metadata: { org: "42" },
      controller: { type: "application", stripe_dashboard: { type: "express" } },
    });
    expect(a.requirements!.currently_due!.length).toBeGreaterThan(0);
    expect(a.requirements!.disabled_reason).toBe("requirements.past_due");
    expect(await stripe.accounts.retrieve(a.id)).toEqual(JSON.parse(JSON.stringify(a)));
  });

  it("makes onboarding links and validates them", async () => {
    const a = await stripe.accounts.create({ type: "express", capabilities: { transfers: { requested: true } } });
    const link = await stripe.accountLinks.create({
      account: a.id,
      refresh_url: "https://app.example/refresh",
      return_url: "https://app.example/return",
      type: "account_onboarding",
    });
    expect(link).toEqual({
      object: "account_link",
      created: expect.any(Number),
      expires_at: link.created + 300,
      url: expect.stringMatching(new RegExp(`^https://connect\\.stripe\\.com/setup/e/${a.id}/`)),
    });
    await expect(
      stripe.accountLinks.create({
        refresh_url: "https://x/r",
        return_url: "https://x/t",
        type: "account_onboarding",
      } as Stripe.AccountLinkCreateParams),
    ).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
      code: "parameter_missing",
      param: "account",
    });
    await expect(
      stripe.accountLinks.create({
        account: "acct_nope",
        refresh_url: "https://x/r",
        return_url: "https://x/t",
        type: "account_onboarding",
      }),
    ).rejects.toMatchObject({ code: "resource_missing", param: "account" });
    await expect(
      stripe.accountLinks.create({ account: a.id, refresh_url: "not a url", return_url: "https://x/t", type: "account_onboarding" }),
    ).rejects.toMatchObject({ code: "url_invalid", param: "refresh_url" });
    await expect(stripe.accountLinks.create({ account: a.id, type: "bogus" })).rejects.toMatchObject({ param: "type" });
  });

  it("completes onboarding with an account.updated event that says what changed", async () => {
    const a = await stripe.accounts.create({ type: "express", capabilities: { transfers: { requested: true } } });
    const event = fake.completeOnboarding(a.id);
    expect(event).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      object: "event",
      type: "account.updated",
      account: a.id,
      api_version: Stripe.API_VERSION,
      livemode: false,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: a.id,
          charges_enabled: true,
          payouts_enabled: true,
          details_submitted: true,
          capabilities: { transfers: "active" },
          requirements: { currently_due: [] },
        },
        previous_attributes: { charges_enabled: false, capabilities: { transfers: "inactive" } },
      },
    });
    expect(await stripe.accounts.retrieve(a.id)).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      capabilities: { transfers: "active" },
    });
    expect(fake.setCapability(a.id, "transfers", "inactive").data.object).toMatchObject({ capabilities: { transfers: "inactive" } });
  });

  it("answers an unknown account the way Stripe does: permission error", async () => {
    await expect(stripe.accounts.retrieve("acct_unknown")).rejects.toMatchObject({
      type: "StripePermissionError",
      statusCode: 403,
      code: "account_invalid",
    });
    await expect(stripe.balance.retrieve({}, { stripeAccount: "acct_unknown" })).rejects.toMatchObject({ type: "StripePermissionError" });
  });
});

describe("idempotency", () => {
  let fake: StripeFake;
  let stripe: Stripe;
  beforeEach(() => {
    fake = new StripeFake();
    stripe = client(fake);
  });

  it("replays the first response for the same key and parameters, without a second object", async () => {
    const p1 = await stripe.paymentIntents.create({ amount: 1000, currency: "cny", metadata: { c: "1" } }, { idempotencyKey: "fund-c1" });
    const p2 = await stripe.paymentIntents.create({ amount: 1000, currency: "cny", metadata: { c: "1" } }, { idempotencyKey: "fund-c1" });
    expect(p2).toEqual(p1);
    expect(fake.paymentIntents.size).toBe(1);
    expect(raw(p1).headers.get("idempotent-replayed")).toBeNull();
    expect(raw(p2).headers.get("idempotent-replayed")).toBe("true");
    expect(raw(p2).headers.get("original-request")).toBe(raw(p1).headers.get("request-id"));
    expect(fake.events({ type: "payment_intent.created" })).toHaveLength(1);
  });

  it("refuses the same key with other parameters or on another endpoint", async () => {
    await stripe.paymentIntents.create({ amount: 1000, currency: "cny" }, { idempotencyKey: "k1" });
    await expect(stripe.paymentIntents.create({ amount: 2000, currency: "cny" }, { idempotencyKey: "k1" })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      rawType: "idempotency_error",
      statusCode: 400,
      message: expect.stringMatching(/same parameters/),
    });
    await expect(stripe.refunds.create({ payment_intent: "pi_x" }, { idempotencyKey: "k1" })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      message: expect.stringMatching(/same endpoint/),
    });
    expect(fake.paymentIntents.size).toBe(1);
  });

  it("saves no result for a request that fails validation, but saves declines and balance errors", async () => {
    await expect(stripe.paymentIntents.create({ amount: 0, currency: "cny" }, { idempotencyKey: "v1" })).rejects.toMatchObject({
      code: "parameter_invalid_integer",
    });
    expect((await stripe.paymentIntents.create({ amount: 100, currency: "cny" }, { idempotencyKey: "v1" })).amount).toBe(100);

    const pi = await stripe.paymentIntents.create({ amount: 100, currency: "cny" });
    const first = await rejection<Stripe.errors.StripeCardError>(
      stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclined" }, { idempotencyKey: "c1" }),
    );
    const again = await rejection<Stripe.errors.StripeCardError>(
      stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclined" }, { idempotencyKey: "c1" }),
    );
    expect(again).toMatchObject({ type: "StripeCardError", charge: first.charge });
    expect((again.headers as Record<string, string>)["idempotent-replayed"]).toBe("true");
    expect(fake.events({ type: "charge.failed" })).toHaveLength(1);

    const acct = await onboardedAccount(stripe, fake);
    await expect(
      stripe.transfers.create({ amount: 100, currency: "cny", destination: acct }, { idempotencyKey: "t1" }),
    ).rejects.toMatchObject({ code: "balance_insufficient" });
    fake.topUp("cny", 1000);
    // The saved error is replayed, as Stripe does: a retry that should succeed needs a new key.
    await expect(
      stripe.transfers.create({ amount: 100, currency: "cny", destination: acct }, { idempotencyKey: "t1" }),
    ).rejects.toMatchObject({ code: "balance_insufficient" });
    expect((await stripe.transfers.create({ amount: 100, currency: "cny", destination: acct }, { idempotencyKey: "t2" })).amount).toBe(100);
  });

  it("scopes keys by API key and by Stripe-Account", async () => {
    const acct = await onboardedAccount(stripe, fake);
    const a = await stripe.paymentIntents.create({ amount: 100, currency: "cny" }, { idempotencyKey: "shared" });
    const b = await client(fake, "sk_test_other").paymentIntents.create({ amount: 200, currency: "cny" }, { idempotencyKey: "shared" });
    const c = await stripe.paymentIntents.create({ amount: 300, currency: "cny" }, { idempotencyKey: "shared", stripeAccount: acct });
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });

  it("answers 409 while another request with the key is in progress", async () => {
    const [r1, r2] = await Promise.all([
      call(fake, "POST", "/v1/payment_intents", "amount=100&currency=cny", { "Idempotency-Key": "race" }),
      call(fake, "POST", "/v1/payment_intents", "amount=100&currency=cny", { "Idempotency-Key": "race" }),
    ]);
    expect(r1.status).toBe(200);
    expect(r2.status).toBe(409);
    expect(((await r2.json()) as { error: { code: string } }).error.code).toBe("idempotency_key_in_use");
    const r3 = await call(fake, "POST", "/v1/payment_intents", "currency=cny&amount=100", { "Idempotency-Key": "race" });
    expect(r3.headers.get("idempotent-replayed")).toBe("true");
  });

  it("forgets keys after 24 hours", async () => {
    await stripe.paymentIntents.create({ amount: 100, currency: "cny" }, { idempotencyKey: "old" });
    fake.advanceTime(24 * 3600 + 1);
    expect((await stripe.paymentIntents.create({ amount: 999, currency: "cny" }, { idempotencyKey: "old" })).amount).toBe(999);
  });
});

describe("PaymentIntents", () => {
  const fake = new StripeFake();
  const stripe = client(fake);

  it("starts waiting for a payment method, with a client secret and no charge", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 4_000_000,
      currency: "cny",
      transfer_group: "contract-7",
      metadata: { contract: "7" },
      automatic_payment_methods: { enabled: true },
    });
    expect(pi).toMatchObject({
      id: expect.stringMatching(/^pi_/),
      object: "payment_intent",
      status: "requires_payment_method",
      amount: 4_000_000,
      amount_received: 0,
      currency: "cny",
      latest_charge: null,
      livemode: false,
      transfer_group: "contract-7",
      metadata: { contract: "7" },
      automatic_payment_methods: { enabled: true },
      capture_method: "automatic_async",
      client_secret: expect.stringMatching(new RegExp(`^${pi.id}_secret_`)),
      created: expect.any(Number),
    });
    expect(await stripe.paymentIntents.retrieve(pi.id)).toEqual(JSON.parse(JSON.stringify(pi)));
  });

  it("declines pm_card_chargeDeclined with a card error and goes back to requires_payment_method", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: "cny" });
    const err = await rejection<Stripe.errors.StripeCardError>(
      stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclined" }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({
      statusCode: 402,
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
      charge: expect.stringMatching(/^ch_/),
      doc_url: "https://stripe.com/docs/error-codes/card-declined",
    });
    expect(err.payment_intent).toMatchObject({ id: pi.id, status: "requires_payment_method" });
    const after = await stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge"] });
    expect(after).toMatchObject({
      status: "requires_payment_method",
      payment_method: null,
      last_payment_error: { type: "card_error", code: "card_declined", decline_code: "generic_decline" },
    });
    expect(after.latest_charge).toMatchObject({ object: "charge", status: "failed", paid: false, failure_code: "card_declined" });
    await expect(stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclinedInsufficientFunds" })).rejects.toMatchObject(
      { decline_code: "insufficient_funds" },
    );
    await expect(stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclinedExpiredCard" })).rejects.toMatchObject({
      code: "expired_card",
    });
    await expect(stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_nope" })).rejects.toMatchObject({
      code: "resource_missing",
      param: "payment_method",
    });
    const ok = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(ok).toMatchObject({
      status: "succeeded",
      amount_received: 5000,
      latest_charge: expect.stringMatching(/^ch_/),
      payment_method: expect.stringMatching(/^pm_/),
    });
    expect(await stripe.charges.retrieve(ok.latest_charge as string)).toMatchObject({
      status: "succeeded",
      paid: true,
      captured: true,
      amount_captured: 5000,
      payment_intent: pi.id,
    });
    expect(await stripe.paymentMethods.retrieve(ok.payment_method as string)).toMatchObject({
      type: "card",
      card: { brand: "visa", last4: "4242" },
    });
    await expect(stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" })).rejects.toMatchObject({
      code: "payment_intent_unexpected_state",
    });
  });

  it("succeeds as if the customer paid, returning payment_intent.succeeded", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 7000, currency: "cny", transfer_group: "g-succeed" });
    const event = fake.succeed(pi.id);
    expect(event).toMatchObject({
      type: "payment_intent.succeeded",
      data: { object: { id: pi.id, status: "succeeded", amount_received: 7000, latest_charge: expect.stringMatching(/^ch_/) } },
    });
    expect(fake.charge(event.data.object.latest_charge as string)).toMatchObject({ transfer_group: "g-succeed", amount: 7000 });
    expect(() => fake.succeed(pi.id)).toThrow(/status of succeeded/);
    expect(await stripe.events.retrieve(event.id)).toEqual(event);
  });

  it("fails as if the card was declined, returning payment_intent.payment_failed", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 7000, currency: "cny" });
    expect(fake.fail(pi.id, { declineCode: "insufficient_funds" })).toMatchObject({
      type: "payment_intent.payment_failed",
      data: { object: { status: "requires_payment_method", last_payment_error: { decline_code: "insufficient_funds" } } },
    });
    expect(fake.succeed(pi.id).data.object.status).toBe("succeeded");
  });

  it("cancels only what can still be canceled", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: "cny" });
    expect(await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: "abandoned" })).toMatchObject({
      status: "canceled",
      cancellation_reason: "abandoned",
      canceled_at: expect.any(Number),
    });
    await expect(stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });
    const paid = await stripe.paymentIntents.create({ amount: 100, currency: "cny", payment_method: "pm_card_visa", confirm: true });
    expect(paid.status).toBe("succeeded");
    await expect(stripe.paymentIntents.cancel(paid.id)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "payment_intent_unexpected_state",
    });
  });

  it("needs 3D Secure for the authentication test cards until the customer completes it", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: "cny" });
    expect(await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_authenticationRequired" })).toMatchObject({
      status: "requires_action",
      next_action: { type: "use_stripe_sdk" },
    });
    expect(fake.succeed(pi.id).data.object).toMatchObject({ status: "succeeded", next_action: null });
  });

  it("holds manual captures in requires_capture and captures part of them", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "cny",
      capture_method: "manual",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    expect(pi).toMatchObject({ status: "requires_capture", amount_capturable: 1000, amount_received: 0 });
    await expect(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1001 })).rejects.toMatchObject({
      code: "amount_too_large",
      param: "amount_to_capture",
    });
    expect(await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 800 })).toMatchObject({
      status: "succeeded",
      amount_received: 800,
      amount_capturable: 0,
    });
    // The uncaptured 200 is released: only what was captured can be refunded.
    expect((await stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(800);
  });

  it("updates metadata at any time, but the amount only before payment", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: "cny", metadata: { a: "1", b: "2" } });
    expect(await stripe.paymentIntents.update(pi.id, { amount: 200, metadata: { b: "", c: "3" } })).toMatchObject({
      amount: 200,
      metadata: { a: "1", c: "3" },
    });
    fake.succeed(pi.id);
    await expect(stripe.paymentIntents.update(pi.id, { amount: 300 })).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });
    expect((await stripe.paymentIntents.update(pi.id, { metadata: { d: "4" } })).metadata).toEqual({ a: "1", c: "3", d: "4" });
  });

  it("keeps a connected account's PaymentIntents to that account", async () => {
    const acct = await onboardedAccount(stripe, fake);
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: "cny" }, { stripeAccount: acct });
    await expect(stripe.paymentIntents.retrieve(pi.id)).rejects.toMatchObject({ code: "resource_missing" });
    expect((await stripe.paymentIntents.retrieve(pi.id, {}, { stripeAccount: acct })).id).toBe(pi.id);
    expect(fake.succeed(pi.id).account).toBe(acct);
  });
});

describe("separate charges and transfers", () => {
  let fake: StripeFake;
  let stripe: Stripe;
  beforeEach(() => {
    fake = new StripeFake();
    stripe = client(fake);
  });

  async function paid(amount: number, transfer_group: string) {
    const pi = await stripe.paymentIntents.create({ amount, currency: "cny", transfer_group });
    return fake.succeed(pi.id).data.object;
  }

  it("transfers within the balance the payment credited, and refuses more", async () => {
    const acct = await onboardedAccount(stripe, fake);
    await paid(10_000, "contract-1");
    expect(await available(stripe)).toBe(10_000);
    const t = await stripe.transfers.create({
      amount: 6000,
      currency: "cny",
      destination: acct,
      transfer_group: "contract-1",
      metadata: { milestone: "1" },
    });
    expect(t).toMatchObject({
      id: expect.stringMatching(/^tr_/),
      object: "transfer",
      amount: 6000,
      currency: "cny",
      destination: acct,
      transfer_group: "contract-1",
      metadata: { milestone: "1" },
      livemode: false,
      reversed: false,
      amount_reversed: 0,
    });
    expect(await stripe.transfers.retrieve(t.id)).toEqual(JSON.parse(JSON.stringify(t)));
    expect(await available(stripe)).toBe(4000);
    expect(await available(stripe, acct)).toBe(6000);
    const err = await rejection(stripe.transfers.create({ amount: 4001, currency: "cny", destination: acct }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 400, code: "balance_insufficient", message: expect.stringMatching(/insufficient funds/) });
    await expect(stripe.transfers.create({ amount: 1, currency: "usd", destination: acct })).rejects.toMatchObject({
      code: "balance_insufficient",
    });
    expect(fake.transferGroup("contract-1")).toEqual({ cny: { charged: 10_000, refunded: 0, transferred: 6000 } });
    expect(fake.lastEvent("transfer.created")?.data.object.id).toBe(t.id);
  });

  it("refuses a destination that does not exist or cannot receive transfers", async () => {
    await paid(10_000, "g");
    await expect(stripe.transfers.create({ amount: 100, currency: "cny", destination: "acct_missing" })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
      code: "resource_missing",
      param: "destination",
      message: "No such destination: 'acct_missing'",
    });
    const pending = await stripe.accounts.create({ type: "express", capabilities: { transfers: { requested: true } } });
    await expect(stripe.transfers.create({ amount: 100, currency: "cny", destination: pending.id })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "insufficient_capabilities_for_transfer",
      param: "destination",
    });
  });

  it("funds a transfer from its source_transaction while the funds are pending, up to the charge", async () => {
    fake = new StripeFake({ fundsAvailability: "pending" });
    stripe = client(fake);
    const acct = await onboardedAccount(stripe, fake);
    const pi = await paid(10_000, "g");
    const balance = await stripe.balance.retrieve();
    expect(balance.pending.find((b) => b.currency === "cny")?.amount).toBe(10_000);
    await expect(stripe.transfers.create({ amount: 100, currency: "cny", destination: acct })).rejects.toMatchObject({
      code: "balance_insufficient",
    });
    const charge = pi.latest_charge as string;
    expect(
      (await stripe.transfers.create({ amount: 7000, currency: "cny", destination: acct, source_transaction: charge })).source_transaction,
    ).toBe(charge);
    await expect(
      stripe.transfers.create({ amount: 3001, currency: "cny", destination: acct, source_transaction: charge }),
    ).rejects.toMatchObject({ code: "amount_too_large" });
    await expect(
      stripe.transfers.create({ amount: 1, currency: "cny", destination: acct, source_transaction: "ch_missing" }),
    ).rejects.toMatchObject({ code: "resource_missing", param: "source_transaction" });
    expect(fake.makeFundsAvailable().type).toBe("balance.available");
    expect(await available(stripe)).toBe(3000);
  });

  it("deducts the fee option from what a charge credits", async () => {
    fake = new StripeFake({ fee: (amount) => Math.round(amount * 0.034) + 200 });
    stripe = client(fake);
    const pi = await paid(10_000, "g");
    expect(await available(stripe)).toBe(10_000 - 540);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ["balance_transaction"] });
    expect(charge.balance_transaction).toMatchObject({
      object: "balance_transaction",
      amount: 10_000,
      fee: 540,
      net: 9460,
      type: "charge",
    });
  });

  it("pays the destination of a destination charge when it succeeds", async () => {
    const acct = await onboardedAccount(stripe, fake);
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "cny", transfer_data: { destination: acct, amount: 900 } });
    fake.succeed(pi.id);
    expect(await available(stripe)).toBe(100);
    expect(await available(stripe, acct)).toBe(900);
    await expect(
      stripe.paymentIntents.create({ amount: 1000, currency: "cny", transfer_data: { destination: "acct_gone" } }),
    ).rejects.toMatchObject({ code: "resource_missing", param: "transfer_data[destination]" });
  });
});

describe("refunds", () => {
  let fake: StripeFake;
  let stripe: Stripe;
  beforeEach(() => {
    fake = new StripeFake();
    stripe = client(fake);
  });

  it("refunds part, then the rest by default, and nothing more", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: "cny" });
    fake.succeed(pi.id);
    const r1 = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 1500,
      reason: "requested_by_customer",
      metadata: { order: "o-1" },
    });
    expect(r1).toMatchObject({
      id: expect.stringMatching(/^re_/),
      object: "refund",
      amount: 1500,
      currency: "cny",
      status: "succeeded",
      payment_intent: pi.id,
      charge: expect.stringMatching(/^ch_/),
      reason: "requested_by_customer",
      metadata: { order: "o-1" },
      balance_transaction: expect.stringMatching(/^txn_/),
    });
    expect(await stripe.refunds.retrieve(r1.id)).toEqual(JSON.parse(JSON.stringify(r1)));
    const tooMuch = await rejection(stripe.refunds.create({ payment_intent: pi.id, amount: 4000 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({
      statusCode: 400,
      code: "amount_too_large",
      param: "amount",
      message: "Refund amount (¥40.00) is greater than unrefunded amount on charge (¥35.00)",
    });
    const r2 = await stripe.refunds.create({ payment_intent: pi.id });
    expect(r2.amount).toBe(3500);
    expect(await stripe.charges.retrieve(r1.charge as string)).toMatchObject({ amount_refunded: 5000, refunded: true });
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 1 })).rejects.toMatchObject({ code: "charge_already_refunded" });
    expect(fake.events({ type: "charge.refunded" })).toHaveLength(2);
    expect(await available(stripe)).toBe(0);
  });

  it("words a first refund above the charge like Stripe", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "cny" });
    fake.succeed(pi.id);
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 2000 })).rejects.toMatchObject({
      code: "amount_too_large",
      message: "Refund amount (¥20.00) is greater than charge amount (¥10.00)",
    });
  });

  it("refuses a PaymentIntent without a successful charge, and asks for one of payment_intent or charge", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "cny" });
    await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      param: "payment_intent",
    });
    await expect(stripe.refunds.create({})).rejects.toMatchObject({ code: "parameter_missing" });
    await expect(stripe.refunds.create({ payment_intent: "pi_missing" })).rejects.toMatchObject({ code: "resource_missing" });
  });

  it("waits for funds when the balance cannot cover a refund, then settles on a top-up", async () => {
    const acct = await onboardedAccount(stripe, fake);
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "cny" });
    fake.succeed(pi.id);
    await stripe.transfers.create({ amount: 1000, currency: "cny", destination: acct });
    const r = await stripe.refunds.create({ payment_intent: pi.id, amount: 400 });
    expect(r).toMatchObject({ status: "pending", pending_reason: "insufficient_funds", balance_transaction: null });
    fake.topUp("cny", 500);
    expect(await stripe.refunds.retrieve(r.id)).toMatchObject({ status: "succeeded" });
    expect(fake.lastEvent("refund.updated")).toMatchObject({
      data: { object: { id: r.id, status: "succeeded" }, previous_attributes: { status: "pending" } },
    });
    expect(await available(stripe)).toBe(100);
  });

  it("fails a refund on request, giving the money back", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "cny" });
    fake.succeed(pi.id);
    const r = await stripe.refunds.create({ payment_intent: pi.id });
    expect(fake.failRefund(r.id)).toMatchObject({
      type: "refund.failed",
      data: { object: { status: "failed", failure_reason: "expired_or_canceled_card" } },
    });
    expect(await available(stripe)).toBe(1000);
    expect((await stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(1000);
  });

  it("reverses a destination charge's transfer in proportion with reverse_transfer", async () => {
    const acct = await onboardedAccount(stripe, fake);
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "cny", transfer_data: { destination: acct } });
    fake.succeed(pi.id);
    fake.topUp("cny", 1000);
    const r = await stripe.refunds.create({ payment_intent: pi.id, amount: 500, reverse_transfer: true });
    expect(r.transfer_reversal).toMatch(/^trr_/);
    const charge = await stripe.charges.retrieve(r.charge as string);
    expect(await stripe.transfers.retrieve(charge.transfer as string)).toMatchObject({ amount_reversed: 500, reversed: false });
    expect(await available(stripe, acct)).toBe(500);
  });
});

async function available(stripe: Stripe, stripeAccount?: string): Promise<number> {
  return (
    (await stripe.balance.retrieve({}, stripeAccount ? { stripeAccount } : {})).available.find((b) => b.currency === "cny")?.amount ?? 0
  );
}

describe("events and webhooks", () => {
  it("records who caused an event: the request and its idempotency key, or nobody", async () => {
    const fake = new StripeFake();
    const stripe = client(fake);
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: "cny" }, { idempotencyKey: "create-1" });
    const created = fake.lastEvent("payment_intent.created")!;
    expect(created.request).toEqual({ id: raw(pi).headers.get("request-id"), idempotency_key: "create-1" });
    expect(fake.succeed(pi.id).request).toEqual({ id: null, idempotency_key: null });
    const list = await stripe.events.list({ type: "payment_intent.*", limit: 10 });
    expect(list.data.map((e) => e.type)).toEqual(["payment_intent.succeeded", "payment_intent.created"]);
  });

  it("builds events that the SDK's webhook verification accepts", async () => {
    const fake = new StripeFake();
    const stripe = client(fake);
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: "cny" });
    const event = eventFor(
      "payment_intent.succeeded",
      { ...pi, status: "succeeded", amount_received: pi.amount },
      { previous_attributes: { status: "requires_payment_method" } },
    );
    expect(event).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: expect.any(Number),
      livemode: false,
      pending_webhooks: 0,
      request: { id: null, idempotency_key: null },
      type: "payment_intent.succeeded",
    });
    const payload = JSON.stringify(event);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_x" });
    const verified = stripe.webhooks.constructEvent(payload, header, "whsec_x");
    expect(verified).toEqual(event);
    expect(verified.type === "payment_intent.succeeded" && verified.data.object.status).toBe("succeeded");
    // signWebhookPayload makes the same header Stripe sends.
    expect(stripe.webhooks.constructEvent(payload, signWebhookPayload(payload, "whsec_x"), "whsec_x").id).toBe(event.id);
    expect(() => stripe.webhooks.constructEvent(payload, signWebhookPayload(payload, "whsec_other"), "whsec_x")).toThrow();
  });

  it("delivers signed events to webhook endpoints, split into account and Connect endpoints when asked", async () => {
    const fake = new StripeFake();
    const stripe = client(fake);
    const received: { kind: string; event: Stripe.Event }[] = [];
    const endpoint = (kind: "account" | "connect") => ({
      url: `https://app.example/${kind}`,
      secret: `whsec_${kind}`,
      kind,
      fetch: async (_url: RequestInfo | URL, init?: RequestInit) => {
        const body = String(init?.body);
        const signature = new Headers(init?.headers).get("stripe-signature")!;
        received.push({ kind, event: stripe.webhooks.constructEvent(body, signature, `whsec_${kind}`) });
        return new Response("ok");
      },
    });
    fake.addWebhookEndpoint(endpoint("account"));
    fake.addWebhookEndpoint({ ...endpoint("connect"), enabledEvents: ["account.updated"] });
    const a = await stripe.accounts.create({ type: "express", capabilities: { transfers: { requested: true } } });
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: "cny" });
    const succeeded = fake.succeed(pi.id);
    expect(succeeded.pending_webhooks).toBe(1);
    fake.completeOnboarding(a.id);
    const deliveries = await fake.flushWebhooks();
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    expect(received.map((r) => `${r.kind}:${r.event.type}`)).toEqual([
      "account:payment_intent.created",
      "account:charge.succeeded",
      "account:payment_intent.succeeded",
      "connect:account.updated",
    ]);
  });
});

describe("the fake over HTTP", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it("serves the API to an SDK pointed at host, port and protocol, and is driven through /__fake", async () => {
    const server = await startStripeFakeServer();
    closers.push(server.close);
    expect(server).toMatchObject({ host: "127.0.0.1", protocol: "http", url: `http://127.0.0.1:${server.port}` });
    const stripe = new Stripe("sk_test_x", { host: server.host, port: server.port, protocol: server.protocol, maxNetworkRetries: 0 });
    const pi = await stripe.paymentIntents.create(
      { amount: 700, currency: "cny", metadata: { contract: "9" } },
      { idempotencyKey: "http-1" },
    );
    expect(
      (await stripe.paymentIntents.create({ amount: 700, currency: "cny", metadata: { contract: "9" } }, { idempotencyKey: "http-1" })).id,
    ).toBe(pi.id);
    const r = await fetch(`${server.url}/__fake/payment_intents/${pi.id}/succeed`, { method: "POST" });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      object: "event",
      type: "payment_intent.succeeded",
      data: { object: { id: pi.id, status: "succeeded" } },
    });
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: "succeeded", amount_received: 700 });
    const balance = (await (await fetch(`${server.url}/__fake/balance`)).json()) as Stripe.Balance;
    expect(balance.available.find((b) => b.currency === "cny")?.amount).toBe(700);
    await expect(stripe.paymentIntents.retrieve("pi_nope")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "resource_missing",
    });
    await expect(
      new Stripe("sk_live_x", { host: server.host, port: server.port, protocol: "http", maxNetworkRetries: 0 }).balance.retrieve(),
    ).rejects.toMatchObject({ type: "StripeAuthenticationError" });
    const bad = await fetch(`${server.url}/__fake/payment_intents/pi_nope/succeed`, { method: "POST" });
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("resource_missing");
  });

  it("completes onboarding through the control endpoint or by following the account link", async () => {
    const server = await startStripeFakeServer(new StripeFake());
    closers.push(server.close);
    const stripe = new Stripe("sk_test_x", { host: server.host, port: server.port, protocol: "http", maxNetworkRetries: 0 });
    const a = await stripe.accounts.create({ type: "express", capabilities: { transfers: { requested: true } } });
    const link = await stripe.accountLinks.create({
      account: a.id,
      refresh_url: "https://app.example/refresh",
      return_url: "https://app.example/return",
      type: "account_onboarding",
    });
    expect(link.url.startsWith(`${server.url}/__fake/account_links/`)).toBe(true);
    const visit = await fetch(link.url, { redirect: "manual" });
    expect(visit.status).toBe(303);
    expect(visit.headers.get("location")).toBe("https://app.example/return");
    expect((await stripe.accounts.retrieve(a.id)).charges_enabled).toBe(true);

    const b = await stripe.accounts.create({ type: "express", capabilities: { transfers: { requested: true } } });
    const expired = await stripe.accountLinks.create({
      account: b.id,
      refresh_url: "https://app.example/refresh",
      return_url: "https://app.example/return",
      type: "account_onboarding",
    });
    await fetch(`${server.url}/__fake/time/advance`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ seconds: 301 }),
    });
    expect((await fetch(expired.url, { redirect: "manual" })).headers.get("location")).toBe("https://app.example/refresh");
    const done = await fetch(`${server.url}/__fake/accounts/${b.id}/complete_onboarding`, { method: "POST" });
    expect(await done.json()).toMatchObject({ type: "account.updated", account: b.id, data: { object: { payouts_enabled: true } } });
  });

  it("delivers webhooks to an app in another process before the control endpoint answers", async () => {
    const server = await startStripeFakeServer();
    closers.push(server.close);
    const got: Stripe.Event[] = [];
    const app = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        got.push(Stripe.webhooks.constructEvent(body, String(req.headers["stripe-signature"]), "whsec_app"));
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => app.close(() => resolve())));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/stripe/webhook`;
    const reg = await fetch(`${server.url}/__fake/webhook_endpoints`, {
      method: "POST",
      body: new URLSearchParams({ url: appUrl, secret: "whsec_app" }),
    });
    expect(reg.status).toBe(200);
    const stripe = new Stripe("sk_test_x", { host: server.host, port: server.port, protocol: "http", maxNetworkRetries: 0 });
    const pi = await stripe.paymentIntents.create({ amount: 300, currency: "cny" });
    await fetch(`${server.url}/__fake/payment_intents/${pi.id}/succeed`, { method: "POST" });
    expect(got.map((e) => e.type)).toEqual(
      expect.arrayContaining(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]),
    );
    expect(got.at(-1)).toMatchObject({ type: "payment_intent.succeeded", data: { object: { id: pi.id } } });
    const deliveries = (await (await fetch(`${server.url}/__fake/webhooks/deliveries`)).json()) as { data: { status: number }[] };
    expect(deliveries.data.every((d) => d.status === 200)).toBe(true);
    expect((await fetch(`${server.url}/__fake/nothing-here`)).status).toBe(404);
  });
});
