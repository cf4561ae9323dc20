import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { decideApplication, regulatorApplications } from "~/modules/trust/applications.server";
import { ApplicationDecisionSchema } from "~/modules/trust/trust.schema";
import { domainErrorResponse } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("application.queue");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  return { rows: await regulatorApplications(context.db, viewer) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const parsed = parseForm(ApplicationDecisionSchema, await readForm(request));
  if (!parsed.ok) return { fieldErrors: parsed.fieldErrors };
  try {
    await decideApplication(context.db, viewer, parsed.data.id, parsed.data.decision, parsed.data.reason);
    return redirect("/regulator/applications?decided=1");
  } catch (e) {
    return domainErrorResponse(e);
  }
}

export default function ApplicationQueue() {
  const { rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = (actionData && "fieldErrors" in actionData ? actionData.fieldErrors : {}) as FieldErrors;
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("application.queue")}</h1>
      <p className="lead">{t("application.queueLead")}</p>
      {params.get("decided") && <p className="alert alert-success" role="status">{t("application.decidedNotice")}</p>}
      {errors._form && <p className="alert alert-error" role="alert">{t(errors._form[0]!)}</p>}
      {rows.length === 0 ? (
        <p className="empty-state">{t("application.queueEmpty")}</p>
      ) : (
        <ul className="queue">
          {rows.map((a) => (
            <li key={a.id} className="card" data-testid="application">
              <h2 className="h3"><Link to={`/agencies/${a.agencyId}`}>{a.agencyName}</Link> · {t(`application.kind.${a.kind}`)}</h2>
              <p className="muted small">
                {t.date(a.createdAt)}
                {a.sanctionId && <> · <Link to={`/sanctions/${a.sanctionId}`}>{t("application.target.sanction")}</Link></>}
                {a.breachEventId && <> · <Link to={`/agencies/${a.agencyId}/credit`}>{t("application.target.event")}</Link></>}
                {a.reasonCode && <> · {t(`review.removal.${a.reasonCode}`)}</>}
              </p>
              <p className="prewrap">{a.grounds}</p>
              {a.evidenceFileId && <p><a href={`/files/${a.evidenceFileId}`}>{t("complaint.evidenceLink")}</a></p>}
              <Form method="post" className="decision">
                <input type="hidden" name="id" value={a.id} />
                <fieldset className="field radio-group">
                  <legend>{t("complaint.decision")}</legend>
                  <label className="radio"><input type="radio" name="decision" value="grant" required /> {t("application.grant")}</label>
                  <label className="radio"><input type="radio" name="decision" value="refuse" /> {t("application.refuse")}</label>
                </fieldset>
                <div className={`field${errors.reason ? " field-invalid" : ""}`}>
                  <label htmlFor={`r-${a.id}`}>{t("complaint.reason")}</label>
                  <textarea id={`r-${a.id}`} name="reason" required minLength={2} maxLength={2000} rows={3} />
                  {errors.reason && <p className="field-error">{t(errors.reason[0]!)}</p>}
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
