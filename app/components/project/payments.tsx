import { Form, Link } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { fenToYuanInput } from "~/lib/money";

export interface ContractPaymentsView {
  state: string;
  amountFen: number;
  totals: { fundedFen: number; fundingPendingFen: number; releasedFen: number; releasingFen: number; refundedFen: number; refundingFen: number; heldFen: number; unpaidFen: number };
  milestones: { id: string; seq: number; title: string; amountFen: number; acceptedAt: Date | string | null }[];
  movements: { id: string; kind: string; method: string; amountFen: number; status: string; date: Date | string; reason: string | null; reference?: string | null; failure?: string | null }[];
  canFund: boolean;
}

function Msg({ errors, name, params }: { errors: FieldErrors; name: string; params?: Record<string, string | number> }) {
  const t = useT();
  const e = errors[name]?.[0];
  return e ? <p className="field-error">{t(e, params)}</p> : null;
}

/**
 * The public record of a contract's money (funded, released, refunded, with dates) and, for the owner,
 * funding, milestones and offline settlement; for a competent regulator, a refund order.
 */
export function ContractPayments({ p, stripe, isOwner, isRegulator, contractOpen, projectId, errors, params }: { p: ContractPaymentsView; stripe: boolean; isOwner: boolean; isRegulator: boolean; contractOpen: boolean; projectId: string; errors: FieldErrors; params: Record<string, string | number> }) {
  const t = useT();
  const moved = p.movements.some((m) => m.kind !== "funding" && m.status !== "failed");
  return (
    <div className="section" data-testid="payments">
      <h3 className="h3">{t("payment.title")} <span className="badge badge-muted" data-testid="payment-state">{t(`payment.state.${p.state}`)}</span></h3>
      <dl className="facts">
        <dt>{t("payment.funded")}</dt>
        <dd data-testid="funded">{t.money(p.totals.fundedFen)}{p.totals.fundingPendingFen > 0 && <span className="sub">{t("payment.pending", { amount: t.money(p.totals.fundingPendingFen) })}</span>}</dd>
        <dt>{t("payment.released")}</dt>
        <dd data-testid="released">{t.money(p.totals.releasedFen)}{p.totals.releasingFen > 0 && <span className="sub">{t("payment.pending", { amount: t.money(p.totals.releasingFen) })}</span>}</dd>
        <dt>{t("payment.refunded")}</dt>
        <dd data-testid="refunded">{t.money(p.totals.refundedFen)}{p.totals.refundingFen > 0 && <span className="sub">{t("payment.pending", { amount: t.money(p.totals.refundingFen) })}</span>}</dd>
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
                  <td>{t(`payment.kind.${m.kind}`)} · {t(`payment.method.${m.method}`)}{m.reference && <span className="sub">{m.reference}</span>}</td>
                  <td>{t.money(m.amountFen)}</td>
                  <td>{t(`payment.status.${m.status}`)}{m.failure && <span className="sub">{t(m.failure === "awaitingPayoutAccount" ? "payment.awaitingPayoutAccount" : "payment.failureNote", { note: m.failure })}</span>}</td>
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
              {m.seq}. {m.title} · {t.money(m.amountFen)} · {m.acceptedAt ? t("payment.milestoneAccepted", { date: t.date(m.acceptedAt) }) : t("payment.milestoneOpen")}
              {isOwner && contractOpen && !m.acceptedAt && p.totals.heldFen >= m.amountFen && (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="acceptMilestone" />
                  <input type="hidden" name="milestoneId" value={m.id} />
                  <button type="submit" className="button">{t("payment.acceptMilestone")}</button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {errors.amount && <p className="alert alert-error" role="alert">{t(errors.amount[0]!, params)}</p>}
      {isOwner && contractOpen && (
        <div className="two-col">
          {stripe && p.canFund && (
            <Form method="post" className="form card">
              <input type="hidden" name="intent" value="fund" />
              <p>{t("payment.fundLead", { amount: t.money(p.amountFen) })}</p>
              <button type="submit" className="button button-primary">{t("payment.fund")}</button>
            </Form>
          )}
          {stripe && p.state === "funding" && <p><Link to={`/owner/projects/${projectId}/pay`} className="button button-primary">{t("payment.continuePay")}</Link></p>}
          {!moved && (
            <Form method="post" className="form card">
              <input type="hidden" name="intent" value="milestones" />
              <div className={`field${errors.milestones ? " field-invalid" : ""}`}>
                <label htmlFor="milestones">{t("payment.milestones")}</label>
                <textarea id="milestones" name="milestones" rows={3} defaultValue={p.milestones.map((m) => `${m.title} ${fenToYuanInput(m.amountFen)}`).join("\n")} aria-describedby="milestones-hint" />
                <p id="milestones-hint" className="hint">{t("payment.milestones.hint", { amount: fenToYuanInput(p.amountFen) })}</p>
                <Msg errors={errors} name="milestones" params={params} />
              </div>
              <button type="submit" className="button">{t("payment.saveMilestones")}</button>
            </Form>
          )}
          {p.totals.unpaidFen > 0 && (
            <Form method="post" className="form card" encType="multipart/form-data">
              <input type="hidden" name="intent" value="offline" />
              <p className="small">{t(stripe ? "payment.offlineLead" : "payment.offlineOnlyLead")}</p>
              <div className={`field${errors.amount ? " field-invalid" : ""}`}>
                <label htmlFor="offline-amount">{t("payment.offlineAmount")}</label>
                <input id="offline-amount" name="amount" inputMode="decimal" required defaultValue={fenToYuanInput(p.totals.unpaidFen)} />
              </div>
              <div className={`field${errors.paidOn ? " field-invalid" : ""}`}>
                <label htmlFor="offline-date">{t("payment.paidOn")}</label>
                <input id="offline-date" name="paidOn" type="date" required />
                <Msg errors={errors} name="paidOn" />
              </div>
              <div className={`field${errors.reference ? " field-invalid" : ""}`}>
                <label htmlFor="offline-ref">{t("payment.reference")}</label>
                <input id="offline-ref" name="reference" required maxLength={200} />
                <Msg errors={errors} name="reference" />
              </div>
              <div className="field">
                <label htmlFor="offline-doc">{t("payment.document")}</label>
                <input id="offline-doc" name="document" type="file" accept="application/pdf,image/jpeg,image/png" />
              </div>
              <button type="submit" className="button">{t("payment.recordOffline")}</button>
            </Form>
          )}
        </div>
      )}
      {isRegulator && p.totals.heldFen > 0 && (
        <details>
          <summary>{t("payment.orderRefund")}</summary>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="orderRefund" />
            <div className="field">
              <label htmlFor="refund-amount">{t("payment.refundAmount")}</label>
              <input id="refund-amount" name="amount" inputMode="decimal" placeholder={fenToYuanInput(p.totals.heldFen)} />
            </div>
            <div className={`field${errors.reason ? " field-invalid" : ""}`}>
              <label htmlFor="refund-reason">{t("payment.refundReason")}</label>
              <textarea id="refund-reason" name="reason" rows={2} required />
              <Msg errors={errors} name="reason" />
            </div>
            <button type="submit" className="button">{t("payment.orderRefundSubmit")}</button>
          </Form>
        </details>
      )}
    </div>
  );
}
