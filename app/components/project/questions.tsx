import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { FieldMessage } from "./field-message";
import type { ProjectView } from "./types";

/** Questions and answers: the owner answers in place; an agency asks while the Q&A window is open. */
export function QuestionsSection({ view, errors }: { view: ProjectView; errors: FieldErrors }) {
  const t = useT();
  const p = view.project;
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
              ) : view.isOwner ? (
                <Form method="post" className="inline-answer">
                  <input type="hidden" name="intent" value="answer" />
                  <input type="hidden" name="questionId" value={q.id} />
                  <label htmlFor={`ans-${q.id}`} className="visually-hidden">{t("project.qa.answer")}</label>
                  <input id={`ans-${q.id}`} name="answer" required />
                  <button type="submit" className="button">{t("project.qa.answerSubmit")}</button>
                </Form>
              ) : (
                <p className="muted small">{t("project.qa.pending")}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {view.isAgency && p.status === "bidding" &&
        (p.qaOpen ? (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="ask" />
            <div className={`field${errors.question ? " field-invalid" : ""}`}>
              <label htmlFor="question">{t("project.qa.ask")}</label>
              <textarea id="question" name="question" rows={2} required />
              <FieldMessage errors={errors} name="question" />
            </div>
            <button type="submit" className="button">{t("project.qa.submit")}</button>
          </Form>
        ) : (
          <p className="muted small">{t("project.qa.closed")}</p>
        ))}
    </section>
  );
}
