import Stripe from "stripe";
import type { PaymentsConfig } from "~/modules/payments/payments.server";
import { StripeFake, eventFor } from "./stripe-fake";

export const WEBHOOK_SECRET = "whsec_test_secret";

/**
 * Stripe for integration tests: stripe-mock when STRIPE_MOCK_URL names one (http://localhost:12111), else
 * the stateful fake plugged in at the SDK's HTTP-client boundary. The same tests run on both; what only
 * a stateful server can answer (the customer paying, onboarding completing) is driven through `paid`
 * and `onboarded`, which return the webhook event Stripe would send.
 */
export function testStripe() {
  const mockUrl = process.env.STRIPE_MOCK_URL;
  const fake = mockUrl ? null : new StripeFake();
  const stripe = mockUrl
    ? (() => {
        const u = new URL(mockUrl);
        return new Stripe("sk_test_123", {
          host: u.hostname,
          port: Number(u.port || 12111),
          protocol: u.protocol.replace(":", "") as "http" | "https",
          maxNetworkRetries: 0,
        });
      })()
    : new Stripe("sk_test_fake", { httpClient: Stripe.createFetchHttpClient(fake!.fetch), maxNetworkRetries: 0 });
  const pay: PaymentsConfig = { stripe, currency: "cny", connectCountry: "HK", publishableKey: null, webhookSecret: WEBHOOK_SECRET };
  return {
    pay,
    stripe,
    fake,
    /** The customer paid the PaymentIntent: the payment_intent.succeeded event. */
    async paid(paymentIntentId: string): Promise<Stripe.Event> {
      if (fake) return fake.succeed(paymentIntentId) as unknown as Stripe.Event;
      const pi = await stripe.paymentIntents.retrieve(paymentIntentId);
      return eventFor("payment_intent.succeeded", { ...pi, status: "succeeded", amount_received: pi.amount }) as unknown as Stripe.Event;
    },
    /** The agency finished onboarding: the account.updated event. */
    async onboarded(accountId: string): Promise<Stripe.Event> {
      if (fake) return fake.completeOnboarding(accountId) as unknown as Stripe.Event;
      const a = await stripe.accounts.retrieve(accountId);
      return eventFor("account.updated", {
        ...a,
        id: accountId,
        charges_enabled: true,
        payouts_enabled: true,
        details_submitted: true,
        capabilities: { transfers: "active" },
      }) as unknown as Stripe.Event;
    },
    /** A signed webhook request body and header, as Stripe sends them. */
    sign(event: unknown) {
      const payload = JSON.stringify(event);
      return { payload, header: stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) };
    },
  };
}
