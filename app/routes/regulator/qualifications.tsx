import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Field, RadioGroup, SubmitButton, ValidatedForm } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { parseForm } from "~/lib/forms";
import { QUEUE_TABS, QualificationIdSchema, QueueTabSchema, ReviewSchema } from "~/modules/agencies/qualifications.schema";
import { regulatorQueue, reviewQualification } from "~/modules/agencies/qualifications.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind, badRequest } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("qualQueue.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const status = QueueTabSchema.parse(new URL(request.url).searchParams.get("status") ?? "pending");
  return { status, rows: await regulatorQueue(context.db, viewer, { status }) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const form = await readForm(request);
  const id = QualificationIdSchema.safeParse(form.get("id"));
  if (!id.success) badRequest();
  const parsed = parseForm(ReviewSchema, form);
  if (!parsed.ok) return invalid(parsed, { scope: id.data });
  try {
    await reviewQualification(context.db, viewer, id.data, parsed.data);
    return redirect("/regulator/qualifications?done=1");
  } catch (e) {
    return domainErrorResponse(e, {}, id.data);
  }
}

export default function QualificationQueue() {
  const { status, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const en = t.locale === "en";
  return (
    <>
      <h1>{t("qualQueue.title")}</h1>
      <p className="lead">{t("qualQueue.lead")}</p>
      <nav className="tabs" aria-label={t("qualQueue.title")}>
        {QUEUE_TABS.map((s) => (
          <Link
            key={s}
            to={`?status=${s}`}
            aria-current={s === status ? "page" : undefined}
            className={s === status ? "tab active" : "tab"}
          >
            {t(`qualQueue.tab.${s}`)}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="empty-state">{t("qualQueue.empty")}</p>
      ) : (
        <ul className="queue">
          {rows.map((q) => {
            return (
              <li key={q.id} className="card" data-qualification={q.id}>
                <h2 className="h3">
                  <Link to={`/agencies/${q.agencyId}`}>{q.agencyName}</Link> <span className="muted small">{q.creditCode}</span>
                </h2>
                <dl className="facts compact">
                  <dt>{t("profile.col.item")}</dt>
                  <dd>
                    {en ? q.itemNameEn : q.itemNameZh}
                    {q.requiredQualificationZh && (
                      <span className="sub">{t("qualUpload.required", { qualification: q.requiredQualificationZh })}</span>
                    )}
                  </dd>
                  <dt>{t("profile.col.type")}</dt>
                  <dd>
                    {q.qualType}
                    {q.level ? ` · ${q.level}` : ""}
                  </dd>
                  <dt>{t("profile.col.number")}</dt>
                  <dd>{q.certificateNo}</dd>
                  <dt>{t("profile.col.issuer")}</dt>
                  <dd>{q.issuer}</dd>
                  <dt>{t("profile.col.validity")}</dt>
                  <dd>
                    {q.validFrom} – {q.validTo}
                  </dd>
                  {q.reviewReason && (
                    <>
                      <dt>{t("qualQueue.reason")}</dt>
                      <dd>{q.reviewReason}</dd>
                    </>
                  )}
                </dl>
                {q.documentFileId && (
                  <p>
                    <a href={`/files/${q.documentFileId}`} target="_blank" rel="noopener noreferrer">
                      {t("qualQueue.document")}
                    </a>
                  </p>
                )}
                {status === "pending" && (
                  <ValidatedForm schema={ReviewSchema} scope={q.id} className="decision">
                    <input type="hidden" name="id" value={q.id} />
                    <RadioGroup
                      name="decision"
                      legend={t("qualQueue.decision")}
                      options={[
                        { value: "verify", label: t("qualQueue.verify") },
                        { value: "reject", label: t("qualQueue.reject") },
                      ]}
                    />
                    <Field name="reason" label={t("qualQueue.reason")} maxLength={1000} />
                    <SubmitButton>{t("qualQueue.submit")}</SubmitButton>
                  </ValidatedForm>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
