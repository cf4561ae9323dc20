import { Field, FileField, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import { DeliveryDecisionSchema, DeliverySchema } from "~/modules/procurement/projects.schema";
import type { ProjectView } from "./types";

/**
 * The scopes of the forms with fields this section shows the viewer: the winner's delivery while the
 * contract is signed, the owner's decision on it once delivered.
 */
export function contractForms(view: ProjectView): string[] {
  const c = view.contract;
  if (!c) return [];
  return [
    ...(view.isWinner && c.status === "signed" ? ["deliver"] : []),
    ...(view.isOwner && c.status === "delivered" ? ["decideDelivery"] : []),
  ];
}

/** The contract: its terms and lateness, the deliveries, the winner's delivery form and the owner's decision. */
export function ContractSection({ view }: { view: ProjectView }) {
  const t = useT();
  if (!view.contract) return null;
  const forms = contractForms(view);
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
            <dd>
              {t.date(view.contract.terminatedAt)} · {view.contract.terminationReason}
            </dd>
          </>
        )}
        {view.contract.lateWorkdays != null && (
          <>
            <dt>{t("contract.lateness")}</dt>
            <dd>
              {view.contract.lateWorkdays > 0 ? (
                <span className="badge badge-warn">{t("contract.late", { days: view.contract.lateWorkdays })}</span>
              ) : (
                t("contract.onTime")
              )}
            </dd>
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
                  {" "}
                  · <a href={`/files/${d.fileId}`}>{t("delivery.fileLink")}</a>
                </>
              )}
              {d.decisionReason ? ` · ${d.decisionReason}` : ""}
            </li>
          ))}
        </ul>
      )}
      {forms.includes("deliver") && (
        <ValidatedForm schema={DeliverySchema} intent="deliver" scope="deliver" encType="multipart/form-data">
          <FileField name="document" label={t("delivery.file")} accept="application/pdf,image/jpeg,image/png" required={false} />
          <TextAreaField name="note" label={t("delivery.note")} rows={2} />
          <SubmitButton>{t("delivery.submit")}</SubmitButton>
        </ValidatedForm>
      )}
      {forms.includes("decideDelivery") && (
        // One form for both decisions: the button pressed sends the intent, the reason goes with either.
        <ValidatedForm schema={DeliveryDecisionSchema} scope="decideDelivery">
          <Field name="reason" label={t("delivery.reason")} maxLength={1000} />
          <div className="cta-row">
            <button type="submit" name="intent" value="accept" className="button button-primary">
              {t("delivery.accept")}
            </button>
            <button type="submit" name="intent" value="return" className="button">
              {t("delivery.return")}
            </button>
          </div>
        </ValidatedForm>
      )}
    </section>
  );
}
