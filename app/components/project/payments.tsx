import { Link } from "@remix-run/react";
import { ActionForm, Field, FileField, SubmitButton, TextAreaField, useActionErrors, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { fenToYuanInput } from "~/lib/money";
import { MilestonesSchema, OfflinePaymentSchema, RefundOrderSchema } from "~/modules/payments/payments.schema";

export interface ContractPaymentsView {
  state: string;
  amountFen: number;
  totals: {
    fundedFen: number;
    fundingPendingFen: number;
    releasedFen: number;
    releasingFen: number;
    refundedFen: number;
    refundingFen: number;
    heldFen: number;
    unpaidFen: number;
  };
  milestones: { id: string; seq: number; title: string; amountFen: number; acceptedAt: Date | string | null }[];
  movements: {
    id: string;
    kind: string;
    method: string;
    amountFen: number;
    status: string;
    date: Date | string;
    reason: string | null;
    reference?: string | null;
    failure?: string | null;
  }[];
  canFund: boolean;
}

interface PaymentsAudience {
  p: ContractPaymentsView;
  isOwner: boolean;
  isRegulator: boolean;
  contractOpen: boolean;
}

/** Money has moved beyond the funding: the milestones are fixed. */
const moved = (p: ContractPaymentsView) => p.movements.some((m) => m.kind !== "funding" && m.status !== "failed");

/**
 * The scopes of the forms with fields this section shows the viewer: the owner's milestones (until money
 * moved) and offline settlement (while something is unpaid) on an open contract; a regulator's refund
 * order while money is held.
 */
export function paymentForms({ p, isOwner, isRegulator, contractOpen }: PaymentsAudience): string[] {
  return [
    ...(isOwner && contractOpen && !moved(p) ? ["milestones"] : []),
    ...(isOwner && contractOpen && p.totals.unpaidFen > 0 ? ["offline"] : []),
    ...(isRegulator && p.totals.heldFen > 0 ? ["orderRefund"] : []),
  ];
}

/**
 * The public record of a contract's money (funded, released, refunded, with dates) and, for the owner,
 * funding, milestones and offline settlement; for a competent regulator, a refund order.
 */
export function ContractPayments({
  p,
  stripe,
  isOwner,
  isRegulator,
  contractOpen,
  projectId,
}: PaymentsAudience & { stripe: boolean; projectId: string }) {
  const t = useT();
  const forms = paymentForms({ p, isOwner, isRegulator, contractOpen });
  // A refused refund order opens its fold again, to show why.
  const refundRefused = !!useActionErrors("orderRefund");
  return (
    <div className="section" data-testid="payments">
      <h3 className="h3">
        {t("payment.title")}{" "}
        <span className="badge badge-muted" data-testid="payment-state">
          {t(`payment.state.${p.state}`)}
        </span>
      </h3>
      <dl className="facts">
        <dt>{t("payment.funded")}</dt>
        <dd data-testid="funded">
          {t.money(p.totals.fundedFen)}
          {p.totals.fundingPendingFen > 0 && (
            <span className="sub">{t("payment.pending", { amount: t.money(p.totals.fundingPendingFen) })}</span>
          )}
        </dd>
        <dt>{t("payment.released")}</dt>
        <dd data-testid="released">
          {t.money(p.totals.releasedFen)}
          {p.totals.releasingFen > 0 && <span className="sub">{t("payment.pending", { amount: t.money(p.totals.releasingFen) })}</span>}
        </dd>
        <dt>{t("payment.refunded")}</dt>
        <dd data-testid="refunded">
          {t.money(p.totals.refundedFen)}
          {p.totals.refundingFen > 0 && <span className="sub">{t("payment.pending", { amount: t.money(p.totals.refundingFen) })}</span>}
        </dd>
        <dt>{t("payment.unpaid")}</dt>
        <dd>{t.money(p.totals.unpaidFen)}</dd>
      </dl>
      {p.movements.length > 0 && (
        <TableWrap label={t("payment.ledger")}>
          <table className="table small" data-testid="payment-ledger">
            <thead>
              <tr>
                <th scope="col">{t("payment.col.date")}</th>
                <th scope="col">{t("payment.col.kind")}</th>
                <th scope="col">{t("payment.col.amount")}</th>
                <th scope="col">{t("payment.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {p.movements.map((m) => (
                <tr key={m.id}>
                  <td>{t.date(m.date)}</td>
                  <td>
                    {t(`payment.kind.${m.kind}`)} · {t(`payment.method.${m.method}`)}
                    {m.reference && <span className="sub">{m.reference}</span>}
                  </td>
                  <td>{t.money(m.amountFen)}</td>
                  <td>
                    {t(`payment.status.${m.status}`)}
                    {m.failure && (
                      <span className="sub">
                        {t(m.failure === "awaitingPayoutAccount" ? "payment.awaitingPayoutAccount" : "payment.failureNote", {
                          note: m.failure,
                        })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {p.milestones.length > 0 && (
        <ul className="plain-list" data-testid="milestones">
          {p.milestones.map((m) => (
            <li key={m.id}>
              {m.seq}. {m.title} · {t.money(m.amountFen)} ·{" "}
              {m.acceptedAt ? t("payment.milestoneAccepted", { date: t.date(m.acceptedAt) }) : t("payment.milestoneOpen")}
              {isOwner && contractOpen && !m.acceptedAt && p.totals.heldFen >= m.amountFen && (
                <ActionForm intent="acceptMilestone" hidden={{ milestoneId: m.id }} className="inline-form">
                  <button type="submit" className="button">
                    {t("payment.acceptMilestone")}
                  </button>
                </ActionForm>
              )}
            </li>
          ))}
        </ul>
      )}
      {isOwner && contractOpen && (
        <div className="two-col">
          {stripe && p.canFund && (
            <ActionForm intent="fund" className="form card">
              <p>{t("payment.fundLead", { amount: t.money(p.amountFen) })}</p>
              <button type="submit" className="button button-primary">
                {t("payment.fund")}
              </button>
            </ActionForm>
          )}
          {stripe && p.state === "funding" && (
            <p>
              <Link to={`/owner/projects/${projectId}/pay`} className="button button-primary">
                {t("payment.continuePay")}
              </Link>
            </p>
          )}
          {forms.includes("milestones") && (
            <ValidatedForm schema={MilestonesSchema} intent="milestones" scope="milestones" className="form card">
              <TextAreaField
                name="milestones"
                label={t("payment.milestones")}
                rows={3}
                required={false}
                defaultValue={p.milestones.map((m) => `${m.title} ${fenToYuanInput(m.amountFen)}`).join("\n")}
                hint={t("payment.milestones.hint", { amount: fenToYuanInput(p.amountFen) })}
              />
              <SubmitButton className="button">{t("payment.saveMilestones")}</SubmitButton>
            </ValidatedForm>
          )}
          {forms.includes("offline") && (
            <ValidatedForm
              schema={OfflinePaymentSchema}
              intent="offline"
              scope="offline"
              className="form card"
              encType="multipart/form-data"
            >
              <p className="small">{t(stripe ? "payment.offlineLead" : "payment.offlineOnlyLead")}</p>
              <Field
                name="amount"
                label={t("payment.offlineAmount")}
                inputMode="decimal"
                required
                defaultValue={fenToYuanInput(p.totals.unpaidFen)}
              />
              <Field name="paidOn" type="date" label={t("payment.paidOn")} required />
              <Field name="reference" label={t("payment.reference")} required maxLength={200} />
              <FileField name="document" label={t("payment.document")} accept="application/pdf,image/jpeg,image/png" required={false} />
              <SubmitButton className="button">{t("payment.recordOffline")}</SubmitButton>
            </ValidatedForm>
          )}
        </div>
      )}
      {forms.includes("orderRefund") && (
        <details open={refundRefused || undefined}>
          <summary>{t("payment.orderRefund")}</summary>
          <ValidatedForm schema={RefundOrderSchema} intent="orderRefund" scope="orderRefund">
            <Field name="amount" label={t("payment.refundAmount")} inputMode="decimal" placeholder={fenToYuanInput(p.totals.heldFen)} />
            <TextAreaField name="reason" label={t("payment.refundReason")} rows={2} />
            <SubmitButton className="button">{t("payment.orderRefundSubmit")}</SubmitButton>
          </ValidatedForm>
        </details>
      )}
    </div>
  );
}
