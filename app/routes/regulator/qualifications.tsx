import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { ReviewSchema } from "~/modules/agencies/qualifications.schema";
import { regulatorQueue, reviewQualification } from "~/modules/agencies/qualifications.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireOrgKind } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("qualQueue.title");

const TabSchema = z.enum(["pending", "verified", "rejected"]).catch("pending");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const status = TabSchema.parse(new URL(request.url).searchParams.get("status") ?? "pending");
  return { status, rows: await regulatorQueue(context.db, viewer, { status }) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOrgKind(context, request, "regulator");
  const form = await readForm(request);
  const id = z.string().uuid().safeParse(form.get("id"));
  if (!id.success) throw new Response("Bad request", { status: 400 });
  const parsed = parseForm(ReviewSchema, form);
  if (!parsed.ok) {
    const r = invalid(parsed);
    return data({ ...r.data, id: id.data }, r.init ?? undefined);
  }
  try {
    await reviewQualification(context.db, viewer, id.data, parsed.data);
    return redirect("/regulator/qualifications?done=1");
  } catch (e) {
    const r = domainErrorResponse(e);
    return data({ ...r.data, id: id.data }, r.init ?? undefined);
  }
}

export default function QualificationQueue() {
  const { status, rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const en = t.locale === "en";
  return (
    <>
      <h1>{t("qualQueue.title")}</h1>
      <p className="lead">{t("qualQueue.lead")}</p>
      <nav className="tabs" aria-label={t("qualQueue.title")}>
        {(["pending", "verified", "rejected"] as const).map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={s === status ? "page" : undefined} className={s === status ? "tab active" : "tab"}>
            {t(`qualQueue.tab.${s}`)}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="empty-state">{t("qualQueue.empty")}</p>
      ) : (
        <ul className="queue">
          {rows.map((q) => {
            const errors: FieldErrors = actionData && typeof actionData === "object" && "id" in actionData && actionData.id === q.id ? actionData.fieldErrors : {};
            return (
              <li key={q.id} className="card" data-qualification={q.id}>
                <h2 className="h3">
                  <Link to={`/agencies/${q.agencyId}`}>{q.agencyName}</Link> <span className="muted small">{q.creditCode}</span>
                </h2>
                <dl className="facts compact">
                  <dt>{t("profile.col.item")}</dt>
                  <dd>
                    {en ? q.itemNameEn : q.itemNameZh}
                    {q.requiredQualificationZh && <span className="sub">{t("qualUpload.required", { qualification: q.requiredQualificationZh })}</span>}
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
                    <a href={`/files/${q.documentFileId}`} target="_blank" rel="noopener noreferrer">{t("qualQueue.document")}</a>
                  </p>
                )}
                {status === "pending" && (
                  <Form method="post" className="decision">
                    <input type="hidden" name="id" value={q.id} />
                    <fieldset className={`field radio-group${errors.decision ? " field-invalid" : ""}`}>
                      <legend>{t("qualQueue.decision")}</legend>
                      <label className="radio">
                        <input type="radio" name="decision" value="verify" /> {t("qualQueue.verify")}
                      </label>
                      <label className="radio">
                        <input type="radio" name="decision" value="reject" /> {t("qualQueue.reject")}
                      </label>
                      {errors.decision && <p className="field-error">{t(errors.decision[0]!)}</p>}
                    </fieldset>
                    <div className={`field${errors.reason ? " field-invalid" : ""}`}>
                      <label htmlFor={`reason-${q.id}`}>{t("qualQueue.reason")}</label>
                      <input id={`reason-${q.id}`} name="reason" maxLength={1000} aria-invalid={errors.reason ? true : undefined} aria-describedby={errors.reason ? `reason-${q.id}-error` : undefined} />
                      {errors.reason && <p className="field-error" id={`reason-${q.id}-error`}>{t(errors.reason[0]!)}</p>}
                    </div>
                    {errors._form && <p className="alert alert-error" role="alert">{t(errors._form[0]!)}</p>}
                    <button type="submit" className="button button-primary" disabled={nav.state === "submitting"}>{t("qualQueue.submit")}</button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
