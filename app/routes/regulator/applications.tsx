import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActionAlert, RadioGroup, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { parseForm, sentText } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { decideApplication, regulatorApplications } from "~/modules/trust/applications.server";
import { ApplicationDecisionSchema } from "~/modules/trust/trust.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
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
  if (!parsed.ok) return invalid(parsed, { scope: sentText(parsed.values, "id"), status: 200 });
  try {
    await decideApplication(context.db, viewer, parsed.data.id, parsed.data.decision, parsed.data.reason);
    return redirect("/regulator/applications?decided=1");
  } catch (e) {
    return domainErrorResponse(e, {}, parsed.data.id);
  }
}

export default function ApplicationQueue() {
  const { rows } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("application.queue")}</h1>
      <p className="lead">{t("application.queueLead")}</p>
      {params.get("decided") && (
        <p className="alert alert-success" role="status">
          {t("application.decidedNotice")}
        </p>
      )}
      <ActionAlert except={rows.map((a) => a.id)} />
      {rows.length === 0 ? (
        <p className="empty-state">{t("application.queueEmpty")}</p>
      ) : (
        <ul className="queue">
          {rows.map((a) => (
            <li key={a.id} className="card" data-testid="application">
              <h2 className="h3">
                <Link to={`/agencies/${a.agencyId}`}>{a.agencyName}</Link> · {t(`application.kind.${a.kind}`)}
              </h2>
              <p className="muted small">
                {t.date(a.createdAt)}
                {a.sanctionId && (
                  <>
                    {" "}
                    · <Link to={`/sanctions/${a.sanctionId}`}>{t("application.target.sanction")}</Link>
                  </>
                )}
                {a.breachEventId && (
                  <>
                    {" "}
                    · <Link to={`/agencies/${a.agencyId}/credit`}>{t("application.target.event")}</Link>
                  </>
                )}
                {a.reasonCode && <> · {t(`review.removal.${a.reasonCode}`)}</>}
              </p>
              <p className="prewrap">{a.grounds}</p>
              {a.evidenceFileId && (
                <p>
                  <a href={`/files/${a.evidenceFileId}`}>{t("complaint.evidenceLink")}</a>
                </p>
              )}
              <ValidatedForm schema={ApplicationDecisionSchema} scope={a.id} className="decision">
                <input type="hidden" name="id" value={a.id} />
                <RadioGroup
                  name="decision"
                  legend={t("complaint.decision")}
                  options={[
                    { value: "grant", label: t("application.grant") },
                    { value: "refuse", label: t("application.refuse") },
                  ]}
                />
                <TextAreaField name="reason" label={t("complaint.reason")} maxLength={2000} rows={3} />
                <SubmitButton>{t("qualQueue.submit")}</SubmitButton>
              </ValidatedForm>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
