import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActionAlert, ActionForm, SubmitButton } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { connectPayoutAccount, getPayoutAccount, refreshPayoutAccount } from "~/modules/payments/payments.server";
import { domainErrorResponse } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";

export const meta = titleMeta("payout.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  const returned = new URL(request.url).searchParams.has("return");
  // Back from Stripe's onboarding: read the account's state now rather than wait for account.updated.
  const account = returned
    ? ((await refreshPayoutAccount(context.db, context.payments, viewer).catch(() => null)) ??
      (await getPayoutAccount(context.db, viewer.org.id)))
    : await getPayoutAccount(context.db, viewer.org.id);
  return { account, stripe: !!context.payments.stripe };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "agency");
  const base = new URL(request.url);
  try {
    const { url } = await connectPayoutAccount(context.db, context.payments, viewer, {
      refresh: `${base.origin}/agency/payouts?refresh=1`,
      return: `${base.origin}/agency/payouts?return=1`,
    });
    return { url };
  } catch (e) {
    return domainErrorResponse(e);
  }
}

export default function Payouts() {
  const { account, stripe } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("payout.title")}</h1>
      <p className="lead">{t("payout.lead")}</p>
      {!stripe && <p className="alert alert-error">{t("payout.offlineOnly")}</p>}
      <ActionAlert />
      <dl className="facts" data-testid="payout-account">
        <dt>{t("payout.state")}</dt>
        <dd>
          {!account ? (
            t("payout.none")
          ) : account.ready ? (
            <span className="badge badge-ok">{t("payout.ready")}</span>
          ) : (
            <span className="badge badge-warn">{t("payout.notReady")}</span>
          )}
        </dd>
        {account && (
          <>
            <dt>{t("payout.account")}</dt>
            <dd>
              <code>{account.stripeAccountId}</code>
            </dd>
            {account.requirements.length > 0 && (
              <>
                <dt>{t("payout.requirements")}</dt>
                <dd>{account.requirements.join("、")}</dd>
              </>
            )}
            <dt>{t("payout.updated")}</dt>
            <dd>{t.dateTime(account.updatedAt)}</dd>
          </>
        )}
      </dl>
      {stripe && !account?.ready && (
        <ActionForm>
          <SubmitButton>{t(account ? "payout.continue" : "payout.connect")}</SubmitButton>
        </ActionForm>
      )}
      {actionData && "url" in actionData && (
        <p className="alert alert-success" role="status">
          <a href={actionData.url} data-testid="onboarding-link">
            {t("payout.goToStripe")}
          </a>
        </p>
      )}
    </div>
  );
}
