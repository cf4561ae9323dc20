import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeEvent } from "~/modules/payments/payments.server";
import { log } from "~/server/log.server";

/**
 * Stripe's webhooks: the signature (Stripe-Signature, the endpoint's secret, 5 minutes' tolerance) is
 * verified on the raw body before anything is read; each event id is recorded once, so replays are
 * acknowledged and ignored. Exempt from the same-origin guard: it is authenticated by the signature.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const pay = context.payments;
  if (!pay.stripe || !pay.webhookSecret) return Response.json({ error: "payments are not configured" }, { status: 404 });
  const signature = request.headers.get("stripe-signature");
  if (!signature) return Response.json({ error: "missing Stripe-Signature" }, { status: 400 });
  const payload = await request.text();
  let event;
  try {
    event = pay.stripe.webhooks.constructEvent(payload, signature, pay.webhookSecret);
  } catch (e) {
    log.warn("stripe webhook refused", { err: (e as Error).message });
    return Response.json({ error: "invalid signature" }, { status: 400 });
  }
  const outcome = await handleStripeEvent(context.db, pay, event);
  return Response.json({ received: true, id: event.id, outcome });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
