import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActionAlert, Field, RadioGroup, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm, sentText } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { decideObjection, regulatorObjections } from "~/modules/procurement/objections.server";
import { ObjectionDecisionSchema } from "~/modules/procurement/projects.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("objection.queue");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  return { rows: await regulatorObjections(context.db, viewer) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const parsed = parseForm(ObjectionDecisionSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed, { scope: sentText(parsed.values, "id"), status: 200 });
  try {
    await decideObjection(context.db, viewer, parsed.data.id, parsed.data.decision, parsed.data.reason);
    return redirect("/regulator/objections?done=1");
  } catch (e) {
    return domainErrorResponse(e, {}, parsed.data.id);
  }
}

export default function Objections() {
  const { rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("objection.queue")}</h1>
      <p className="lead">{t("objection.queueLead")}</p>
      <ActionAlert except={rows.map((o) => o.id)} />
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
              <ValidatedForm schema={ObjectionDecisionSchema} scope={o.id} className="decision">
                <input type="hidden" name="id" value={o.id} />
                <RadioGroup
                  name="decision"
                  legend={t("qualQueue.decision")}
                  options={[
                    { value: "uphold", label: t("objection.uphold") },
                    { value: "dismiss", label: t("objection.dismiss") },
                  ]}
                />
                <Field name="reason" label={t("objection.reason")} required maxLength={2000} />
                <SubmitButton>{t("qualQueue.submit")}</SubmitButton>
              </ValidatedForm>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
