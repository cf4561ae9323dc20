import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { FieldMessage } from "./field-message";
import type { ProjectView } from "./types";

/** The contract: its terms and lateness, the deliveries, the winner's delivery form and the owner's decision. */
export function ContractSection({ view, errors }: { view: ProjectView; errors: FieldErrors }) {
  const t = useT();
  if (!view.contract) return null;
  return (
    <section className="section" aria-labelledby="contract">
      <h2 id="contract">{t("contract.title")}</h2>
      <dl className="facts" data-testid="contract">
        <dt>{t("contract.amount")}</dt>
        <dd>{t.money(view.contract.amountFen)}</dd>
        <dt>{t("contract.signedOn")}</dt>
        <dd>{view.contract.signedOn}</dd>
        {view.contract.documentFileId && (view.isOwner || view.isWinner) && (
          <>
            <dt>{t("contract.document")}</dt>
            <dd>
              <a href={`/files/${view.contract.documentFileId}`}>{t("contract.documentLink")}</a>
            </dd>
          </>
        )}
        <dt>{t("contract.dueOn")}</dt>
        <dd>{view.contract.dueOn}</dd>
        <dt>{t("projects.col.status")}</dt>
        <dd>{t(`contract.status.${view.contract.status}`)}</dd>
        {view.contract.terminatedAt && (
          <>
            <dt>{t("contract.terminationReason")}</dt>
            <dd>{t.date(view.contract.terminatedAt)} · {view.contract.terminationReason}</dd>
          </>
        )}
        {view.contract.lateWorkdays != null && (
          <>
            <dt>{t("contract.lateness")}</dt>
            <dd>{view.contract.lateWorkdays > 0 ? <span className="badge badge-warn">{t("contract.late", { days: view.contract.lateWorkdays })}</span> : t("contract.onTime")}</dd>
          </>
        )}
      </dl>
      {view.contract.deliveries.length > 0 && (
        <ul className="plain-list">
          {view.contract.deliveries.map((d) => (
            <li key={d.id}>
              {t.dateTime(d.submittedAt)} · {d.note} · {t(`delivery.status.${d.status}`)}
              {d.fileId && (view.isOwner || view.isWinner) && (
                <>
                  {" "}· <a href={`/files/${d.fileId}`}>{t("delivery.fileLink")}</a>
                </>
              )}
              {d.decisionReason ? ` · ${d.decisionReason}` : ""}
            </li>
          ))}
        </ul>
      )}
      {view.isWinner && view.contract.status === "signed" && (
        <Form method="post" className="form" encType="multipart/form-data">
          <input type="hidden" name="intent" value="deliver" />
          <div className="field">
            <label htmlFor="delivery-file">{t("delivery.file")}</label>
            <input id="delivery-file" name="document" type="file" accept="application/pdf,image/jpeg,image/png" />
          </div>
          <div className={`field${errors.note ? " field-invalid" : ""}`}>
            <label htmlFor="delivery-note">{t("delivery.note")}</label>
            <textarea id="delivery-note" name="note" rows={2} required />
            <FieldMessage errors={errors} name="note" />
          </div>
          <button type="submit" className="button button-primary">{t("delivery.submit")}</button>
        </Form>
      )}
      {view.isOwner && view.contract.status === "delivered" && (
        <Form method="post" className="form">
          <div className="field">
            <label htmlFor="delivery-reason">{t("delivery.reason")}</label>
            <input id="delivery-reason" name="reason" maxLength={1000} />
          </div>
          <div className="cta-row">
            <button type="submit" name="intent" value="accept" className="button button-primary">{t("delivery.accept")}</button>
            <button type="submit" name="intent" value="return" className="button">{t("delivery.return")}</button>
          </div>
        </Form>
      )}
    </section>
  );
}
