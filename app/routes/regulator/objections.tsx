import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { decideObjection, regulatorObjections } from "~/modules/procurement/objections.server";
import { domainErrorResponse } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("objection.queue");

const DecisionSchema = z.object({ id: z.string().uuid(), decision: z.enum(["uphold", "dismiss"]), reason: z.string().trim().min(2).max(2000) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  return { rows: await regulatorObjections(context.db, viewer) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const parsed = DecisionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return { fieldErrors: { reason: ["errors.reason"] }, values: {} };
  try {
    await decideObjection(context.db, viewer, parsed.data.id, parsed.data.decision, parsed.data.reason);
    return redirect("/regulator/objections?done=1");
  } catch (e) {
    return domainErrorResponse(e);
  }
}

export default function Objections() {
  const { rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors = actionData && "fieldErrors" in actionData ? (actionData.fieldErrors as Record<string, string[]>) : {};
  return (
    <>
      <h1>{t("objection.queue")}</h1>
      <p className="lead">{t("objection.queueLead")}</p>
      {errors._form && <p className="alert alert-error" role="alert">{t(errors._form[0]!)}</p>}
      {errors.reason && <p className="alert alert-error" role="alert">{t(errors.reason[0]!)}</p>}
      {rows.length === 0 ? (
        <p className="empty-state">{t("objection.queueEmpty")}</p>
      ) : (
        <ul className="queue">
          {rows.map((o) => (
            <li key={o.id} className="card">
              <h2 className="h3">
                <Link to={`/projects/${o.projectId}`}>{o.title}</Link>
              </h2>
              <p>
                <strong>{o.objectorName}：</strong>
                {o.grounds}
              </p>
              {o.ownerAnswer && (
                <p>
                  <strong>{t("objection.answer")}：</strong>
                  {o.ownerAnswer}
                </p>
              )}
              <Form method="post" className="decision">
                <input type="hidden" name="id" value={o.id} />
                <fieldset className="field radio-group">
                  <legend>{t("qualQueue.decision")}</legend>
                  <label className="radio">
                    <input type="radio" name="decision" value="uphold" required /> {t("objection.uphold")}
                  </label>
                  <label className="radio">
                    <input type="radio" name="decision" value="dismiss" /> {t("objection.dismiss")}
                  </label>
                </fieldset>
                <div className="field">
                  <label htmlFor={`r-${o.id}`}>{t("objection.reason")}</label>
                  <input id={`r-${o.id}`} name="reason" required minLength={2} maxLength={2000} />
                </div>
                <button type="submit" className="button button-primary">{t("qualQueue.submit")}</button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
