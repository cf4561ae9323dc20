import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { getContractPayments } from "~/modules/payments/payments.server";
import { getOwnerProject } from "~/modules/procurement/projects.server";
import { requireOrgKind, notFound } from "~/web/guards.server";

export const meta = titleMeta("payment.payTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "owner");
  // Another owner's contract is not found here (its public figures are on the project page).
  const [project, payments] = await Promise.all([
    getOwnerProject(context.db, viewer, params.id ?? ""),
    getContractPayments(context.db, viewer, params.id ?? ""),
  ]);
  if (!project || !payments) notFound();
  return {
    projectId: params.id!,
    amountFen: payments.amountFen,
    clientSecret: payments.clientSecret ?? null,
    publishableKey: context.payments.publishableKey,
    state: payments.state,
  };
}

type StripeJs = {
  elements(o: { clientSecret: string }): { create(kind: "payment"): { mount(el: HTMLElement): void } };
  confirmPayment(o: { elements: unknown; confirmParams: { return_url: string } }): Promise<{ error?: { message?: string } }>;
};

/**
 * The owner pays the PaymentIntent with Stripe's own Payment Element (card data never reaches this
 * server); Stripe returns here, and the payment_intent.succeeded webhook marks the contract funded.
 */
export default function Pay() {
  const { projectId, amountFen, clientSecret, publishableKey, state } = useLoaderData<typeof loader>();
  const t = useT();
  const mountRef = useRef<HTMLDivElement>(null);
  const [stripe, setStripe] = useState<{ s: StripeJs; elements: unknown } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!publishableKey || !clientSecret || !mountRef.current) return;
    const script = document.createElement("script");
    script.src = "https://js.stripe.com/v3";
    script.onload = () => {
      const s = (window as unknown as { Stripe: (pk: string) => StripeJs }).Stripe(publishableKey);
      const elements = s.elements({ clientSecret });
      elements.create("payment").mount(mountRef.current!);
      setStripe({ s, elements });
    };
    script.onerror = () => setError(t("payment.stripeJsFailed"));
    document.head.appendChild(script);
    return () => script.remove();
  }, [publishableKey, clientSecret, t]);
  return (
    <div className="narrow">
      <p className="muted small">
        <Link to={`/projects/${projectId}`}>{t("payment.backToContract")}</Link>
      </p>
      <h1>{t("payment.payTitle")}</h1>
      <p className="lead">{t("payment.payLead", { amount: t.money(amountFen) })}</p>
      {state === "funded" || !clientSecret ? (
        <p className="alert alert-success">{t(`payment.state.${state}`)}</p>
      ) : !publishableKey ? (
        <p className="alert alert-error">{t("payment.noPublishableKey")}</p>
      ) : (
        <form
          className="form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!stripe) return;
            const r = await stripe.s.confirmPayment({
              elements: stripe.elements,
              confirmParams: { return_url: `${window.location.origin}/projects/${projectId}?paid=1` },
            });
            if (r.error) setError(r.error.message ?? t("payment.failedGeneric"));
          }}
        >
          <div ref={mountRef} />
          {error && (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button-primary" disabled={!stripe}>
            {t("payment.payNow")}
          </button>
        </form>
      )}
    </div>
  );
}
