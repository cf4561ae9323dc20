import { Link } from "@remix-run/react";
import { Field, FileField, IntentButton, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import { ObjectionAnswerSchema, ObjectionSchema, SignContractSchema } from "~/modules/procurement/projects.schema";
import type { ProjectView } from "./types";

/**
 * The scopes of the forms with fields this section shows the viewer: the owner's answer to each open
 * objection (scoped by the objection), a losing bidder's objection during publicity, the owner's
 * contract once the award is final.
 */
export function awardForms(view: ProjectView): string[] {
  const award = view.award;
  if (!award) return [];
  return [
    ...(view.isOwner ? view.objections.filter((o) => o.status === "open").map((o) => o.id) : []),
    ...(view.isAgency && view.isBidder && !view.isWinner && award.status === "publicity" ? ["object"] : []),
    ...(view.isOwner && award.status === "final" && !view.contract ? ["sign"] : []),
  ];
}

/**
 * The award and its publicity: objections and their answers, a losing bidder's way to object, the
 * winner's way to withdraw, and the owner's contract signature once the award is final.
 */
export function AwardSection({ view }: { view: ProjectView }) {
  const t = useT();
  if (!view.award) return null;
  const forms = awardForms(view);
  return (
    <section className="section" aria-labelledby="award">
      <h2 id="award">{t("project.award")}</h2>
      <dl className="facts" data-testid="award">
        <dt>{t("project.award.winner")}</dt>
        <dd>
          <Link to={`/agencies/${view.award.agencyOrgId}`}>{view.award.agencyName}</Link>
        </dd>
        <dt>{t("project.award.price")}</dt>
        <dd>{t.money(view.award.priceFen)}</dd>
        <dt>{t("projects.col.status")}</dt>
        <dd>{t(`award.status.${view.award.status}`)}</dd>
        {view.award.publicityEndsAt && (
          <>
            <dt>{t("project.award.publicityEnds")}</dt>
            <dd>{t.dateTime(view.award.publicityEndsAt)}</dd>
          </>
        )}
      </dl>
      {view.objections.length > 0 && (
        <>
          <h3>{t("objection.title")}</h3>
          <ul className="plain-list qa" data-testid="objections">
            {view.objections.map((o) => (
              <li key={o.id}>
                <p>
                  <span className="badge badge-muted">{t(`objection.status.${o.status}`)}</span> {o.grounds}
                </p>
                {o.ownerAnswer && (
                  <p>
                    <strong>{t("objection.answer")}：</strong>
                    {o.ownerAnswer}
                  </p>
                )}
                {o.decisionReason && (
                  <p>
                    <strong>{t("objection.decision")}：</strong>
                    {o.decisionReason}
                  </p>
                )}
                {forms.includes(o.id) && (
                  <ValidatedForm schema={ObjectionAnswerSchema} intent="answerObjection" scope={o.id} className="inline-answer">
                    <input type="hidden" name="objectionId" value={o.id} />
                    <Field name="answer" label={t("objection.answer")} required inline labelHidden />
                    <SubmitButton className="button">{t("objection.answerSubmit")}</SubmitButton>
                  </ValidatedForm>
                )}
                {o.mine && o.status === "answered" && (
                  <IntentButton intent="escalate" hidden={{ objectionId: o.id }}>
                    {t("objection.escalate")}
                  </IntentButton>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {forms.includes("object") && (
        <ValidatedForm schema={ObjectionSchema} intent="object" scope="object" encType="multipart/form-data">
          <FileField name="document" label={t("objection.evidence")} accept="application/pdf,image/jpeg,image/png" required={false} />
          <TextAreaField name="grounds" label={t("objection.grounds")} rows={3} />
          <SubmitButton className="button">{t("objection.file")}</SubmitButton>
        </ValidatedForm>
      )}
      {view.isWinner && ["publicity", "final"].includes(view.award.status) && !view.contract && (
        <IntentButton intent="abandon">{t("award.abandon")}</IntentButton>
      )}
      {forms.includes("sign") && (
        <ValidatedForm schema={SignContractSchema} intent="sign" scope="sign" encType="multipart/form-data">
          <FileField name="document" label={t("contract.document")} accept="application/pdf,image/jpeg,image/png" required={false} />
          <Field name="signedOn" type="date" label={t("contract.signedOn")} required />
          <SubmitButton>{t("contract.sign")}</SubmitButton>
        </ValidatedForm>
      )}
    </section>
  );
}
