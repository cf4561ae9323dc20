import { Field, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import { AnswerSchema, QuestionSchema } from "~/modules/procurement/projects.schema";
import type { ProjectView } from "./types";

/**
 * The scopes of the forms with fields this section shows the viewer: the owner's answer to each open
 * question (scoped by the question), an agency's question while the Q&A window is open.
 */
export function questionForms(view: ProjectView): string[] {
  const p = view.project;
  return [
    ...(view.isOwner ? view.questions.filter((q) => !q.answer).map((q) => q.id) : []),
    ...(view.isAgency && p.status === "bidding" && p.qaOpen ? ["ask"] : []),
  ];
}

/** Questions and answers: the owner answers in place; an agency asks while the Q&A window is open. */
export function QuestionsSection({ view }: { view: ProjectView }) {
  const t = useT();
  const p = view.project;
  const forms = questionForms(view);
  return (
    <section className="section" aria-labelledby="qa">
      <h2 id="qa">{t("project.qa")}</h2>
      {view.questions.length === 0 ? (
        <p className="muted">{t("project.qa.none")}</p>
      ) : (
        <ul className="plain-list qa">
          {view.questions.map((q) => (
            <li key={q.id}>
              <p>
                <strong>{t("project.qa.q")}</strong>
                {q.question}
              </p>
              {q.answer ? (
                <p>
                  <strong>{t("project.qa.a")}</strong>
                  {q.answer}
                </p>
              ) : forms.includes(q.id) ? (
                <ValidatedForm schema={AnswerSchema} intent="answer" scope={q.id} className="inline-answer">
                  <input type="hidden" name="questionId" value={q.id} />
                  <Field name="answer" label={t("project.qa.answer")} required inline labelHidden />
                  <SubmitButton className="button">{t("project.qa.answerSubmit")}</SubmitButton>
                </ValidatedForm>
              ) : (
                <p className="muted small">{t("project.qa.pending")}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {forms.includes("ask") ? (
        <ValidatedForm schema={QuestionSchema} intent="ask" scope="ask">
          <TextAreaField name="question" label={t("project.qa.ask")} rows={2} />
          <SubmitButton className="button">{t("project.qa.submit")}</SubmitButton>
        </ValidatedForm>
      ) : (
        view.isAgency && p.status === "bidding" && <p className="muted small">{t("project.qa.closed")}</p>
      )}
    </section>
  );
}
