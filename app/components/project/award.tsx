import { Form, Link } from "@remix-run/react";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { FieldMessage } from "./field-message";
import type { ProjectView } from "./types";

/**
 * The award and its publicity: objections and their answers, a losing bidder's way to object, the
 * winner's way to withdraw, and the owner's contract signature once the award is final.
 */
export function AwardSection({ view, errors }: { view: ProjectView; errors: FieldErrors }) {
  const t = useT();
  if (!view.award) return null;
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
                {view.isOwner && o.status === "open" && (
                  <Form method="post" className="inline-answer">
                    <input type="hidden" name="intent" value="answerObjection" />
                    <input type="hidden" name="objectionId" value={o.id} />
                    <label htmlFor={`oa-${o.id}`} className="visually-hidden">{t("objection.answer")}</label>
                    <input id={`oa-${o.id}`} name="answer" required />
                    <button type="submit" className="button">{t("objection.answerSubmit")}</button>
                  </Form>
                )}
                {o.mine && o.status === "answered" && (
                  <Form method="post">
                    <input type="hidden" name="intent" value="escalate" />
                    <input type="hidden" name="objectionId" value={o.id} />
                    <button type="submit" className="button">{t("objection.escalate")}</button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {view.isAgency && view.isBidder && !view.isWinner && view.award.status === "publicity" && (
        <Form method="post" className="form" encType="multipart/form-data">
          <input type="hidden" name="intent" value="object" />
          <div className="field">
            <label htmlFor="objection-evidence">{t("objection.evidence")}</label>
            <input id="objection-evidence" name="document" type="file" accept="application/pdf,image/jpeg,image/png" />
          </div>
          <div className={`field${errors.grounds ? " field-invalid" : ""}`}>
            <label htmlFor="grounds">{t("objection.grounds")}</label>
            <textarea id="grounds" name="grounds" rows={3} required />
            <FieldMessage errors={errors} name="grounds" />
          </div>
          <button type="submit" className="button">{t("objection.file")}</button>
        </Form>
      )}
      {view.isWinner && ["publicity", "final"].includes(view.award.status) && !view.contract && (
        <Form method="post">
          <input type="hidden" name="intent" value="abandon" />
          <button type="submit" className="button">{t("award.abandon")}</button>
        </Form>
      )}
      {view.isOwner && view.award.status === "final" && !view.contract && (
        <Form method="post" className="form" encType="multipart/form-data">
          <input type="hidden" name="intent" value="sign" />
          <div className="field">
            <label htmlFor="contract-doc">{t("contract.document")}</label>
            <input id="contract-doc" name="document" type="file" accept="application/pdf,image/jpeg,image/png" />
          </div>
          <div className={`field${errors.signedOn ? " field-invalid" : ""}`}>
            <label htmlFor="signed-on">{t("contract.signedOn")}</label>
            <input id="signed-on" name="signedOn" type="date" required />
            <FieldMessage errors={errors} name="signedOn" />
          </div>
          <button type="submit" className="button button-primary">{t("contract.sign")}</button>
        </Form>
      )}
    </section>
  );
}
