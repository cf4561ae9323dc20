import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActionAlert, RadioGroup, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { parseForm, sentText } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { decideComplaint, regulatorComplaints } from "~/modules/trust/complaints.server";
import { DecisionSchema } from "~/modules/trust/trust.schema";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("complaint.queue");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  return { rows: await regulatorComplaints(context.db, viewer) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const parsed = parseForm(DecisionSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed, { scope: sentText(parsed.values, "id"), status: 200 });
  try {
    const r = await decideComplaint(context.db, viewer, parsed.data.id, parsed.data.decision, parsed.data.reason);
    return redirect(
      `/regulator/complaints?decided=${r.status}${r.status === "upheld" && r.agencyId ? `&agency=${r.agencyId}&complaint=${parsed.data.id}` : ""}`,
    );
  } catch (e) {
    return domainErrorResponse(e, {}, parsed.data.id);
  }
}

export default function ComplaintQueue() {
  const { rows } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const decided = params.get("decided");
  return (
    <>
      <h1>{t("complaint.queue")}</h1>
      <p className="lead">{t("complaint.queueLead")}</p>
      {decided && (
        <p className="alert alert-success" role="status">
          {t(`complaint.decidedNotice.${decided === "upheld" ? "upheld" : "dismissed"}`)}{" "}
          {params.get("agency") && (
            <Link to={`/regulator/sanctions/new?agency=${params.get("agency")}&complaint=${params.get("complaint")}`}>
              {t("complaint.sanctionFromOutcome")}
            </Link>
          )}
        </p>
      )}
      <ActionAlert except={rows.map((c) => c.id)} />
      {rows.length === 0 ? (
        <p className="empty-state">{t("complaint.queueEmpty")}</p>
      ) : (
        <ul className="queue">
          {rows.map((c) => (
            <li key={c.id} className="card" data-testid="complaint">
              <h2 className="h3">
                <Link to={`/projects/${c.projectId}`}>{c.title}</Link>
              </h2>
              <p className="muted small">
                {c.subjectType === "agency"
                  ? t("complaint.aboutAgency", { name: c.agencyName ?? "" })
                  : t("complaint.aboutProjectOf", { name: c.ownerName })}{" "}
                · {t("complaint.by", { name: c.complainantName })} · {t.date(c.createdAt)} ·{" "}
                {c.overdue ? (
                  <span className="badge badge-warn">{t("complaint.overdueSince", { date: t.date(c.dueAt) })}</span>
                ) : (
                  t("complaint.dueOn", { date: t.date(c.dueAt) })
                )}
              </p>
              <p className="prewrap">{c.facts}</p>
              <p>
                <strong>{t("complaint.provisions")}：</strong>
                {c.provisions}
              </p>
              {c.evidenceFileId && (
                <p>
                  <a href={`/files/${c.evidenceFileId}`}>{t("complaint.evidenceLink")}</a>
                </p>
              )}
              <p className="small">
                <Link
                  to={`/regulator/cases/new?origin=complaint&complaint=${c.id}&project=${c.projectId}${c.agencyId ? `&agency=${c.agencyId}` : ""}`}
                >
                  {t("risk.openCase")}
                </Link>
              </p>
              <ValidatedForm schema={DecisionSchema} scope={c.id} className="decision">
                <input type="hidden" name="id" value={c.id} />
                <RadioGroup
                  name="decision"
                  legend={t("complaint.decision")}
                  options={[
                    { value: "uphold", label: t("complaint.uphold") },
                    { value: "dismiss", label: t("complaint.dismiss") },
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
