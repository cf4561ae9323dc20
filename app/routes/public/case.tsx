import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActionAlert, IntentButton, RadioGroup, SelectField, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { translate } from "~/i18n";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { VIOLATIONS } from "~/modules/oversight/cases.rules";
import { activateCase, concludeCase, dropCase, finishCase, getCase, postCaseMessage } from "~/modules/oversight/cases.server";
import { CaseMessageSchema, ConclusionSchema } from "~/modules/oversight/oversight.schema";
import type { RootData } from "~/lib/root-data";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireViewer, badRequest, notFound } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [
    {
      title: `${data?.c.case.title ?? translate(locale, "errors.notFound")} · ${translate(locale, "case.public")} · ${translate(locale, "app.name")}`,
    },
  ];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const c = await getCase(context.db, context.viewer, params.id ?? "");
  if (!c) notFound();
  return { c };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const id = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  try {
    switch (intent) {
      case "activate":
        await activateCase(context.db, viewer, id);
        return redirect(`/cases/${id}?activated=1`);
      case "drop":
        await dropCase(context.db, viewer, id);
        return redirect(`/cases/${id}`);
      case "message": {
        const parsed = parseForm(CaseMessageSchema, form);
        if (!parsed.ok) return invalid(parsed, { scope: intent });
        await postCaseMessage(context.db, viewer, id, parsed.data.body);
        return redirect(`/cases/${id}?posted=1#dialogue`);
      }
      case "conclude": {
        const parsed = parseForm(ConclusionSchema, form);
        if (!parsed.ok) return invalid(parsed, { scope: intent });
        const r = await concludeCase(context.db, viewer, id, parsed.data);
        if (r.followUp === "sanction" && r.agencyId)
          return redirect(`/regulator/sanctions/new?agency=${r.agencyId}&case=${id}&type=warning`);
        return redirect(`/cases/${id}?concluded=1`);
      }
      case "finish":
        await finishCase(context.db, viewer, id);
        return redirect(`/cases/${id}`);
      default:
        badRequest();
    }
  } catch (e) {
    return domainErrorResponse(e, {}, intent);
  }
}

export default function CasePage() {
  const { c } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const k = c.case;
  const open = k.status === "active" || k.status === "addressed";
  const mayWrite = open && (c.isOffice || c.isParty);
  const mayConclude = c.isOffice && k.status === "active";
  return (
    <article className="profile">
      <header className="profile-head">
        <p className="muted small">
          <Link to="/cases">{t("case.public")}</Link> ·{" "}
          <span className="badge badge-muted" data-testid="case-status">
            {t(`case.status.${k.status}`)}
          </span>
        </p>
        <h1>{k.title}</h1>
      </header>
      {params.get("activated") && (
        <p className="alert alert-success" role="status">
          {t("case.activatedNotice")}
        </p>
      )}
      {params.get("concluded") && (
        <p className="alert alert-success" role="status">
          {t("case.concludedNotice")}
        </p>
      )}
      <ActionAlert except={[mayWrite && "message", mayConclude && "conclude"]} />
      <dl className="facts" data-testid="case">
        <dt>{t("case.office")}</dt>
        <dd>{k.regulatorName}</dd>
        <dt>{t("case.col.origin")}</dt>
        <dd>
          {t(`case.origin.${k.origin}`)}
          {k.flag && ` · ${t(`flag.${k.flag}.name`)}`}
        </dd>
        {k.projectId && (
          <>
            <dt>{t("case.project")}</dt>
            <dd>
              <Link to={`/projects/${k.projectId}`}>{k.projectTitle}</Link>
            </dd>
          </>
        )}
        {k.agencyId && (
          <>
            <dt>{t("case.agency")}</dt>
            <dd>
              <Link to={`/agencies/${k.agencyId}`}>{k.agencyName}</Link>
            </dd>
          </>
        )}
        {k.ownerOrgId && (
          <>
            <dt>{t("case.owner")}</dt>
            <dd>{k.ownerName}</dd>
          </>
        )}
        <dt>{t("case.grounds")}</dt>
        <dd className="prewrap">{k.grounds}</dd>
        {k.conclusion && (
          <>
            <dt>{t("case.conclusion")}</dt>
            <dd>
              {k.violation ? (
                <span className="badge badge-warn">{t(`case.violation.${k.violation}`)}</span>
              ) : (
                <span className="badge badge-ok">{t("case.noViolation")}</span>
              )}{" "}
              {k.conclusion}
              {k.followUp && k.followUp !== "none" && <> · {t(`case.followUp.${k.followUp}`)}</>}
              {k.sanctionId && (
                <>
                  {" "}
                  · <Link to={`/sanctions/${k.sanctionId}`}>{t("case.sanctionLink")}</Link>
                </>
              )}
            </dd>
          </>
        )}
      </dl>

      {c.isOffice && k.status === "draft" && (
        <div className="cta-row">
          <IntentButton intent="activate" className="button button-primary">
            {t("case.activate")}
          </IntentButton>
          <IntentButton intent="drop">{t("case.drop")}</IntentButton>
        </div>
      )}

      <section className="section" aria-labelledby="dialogue">
        <h2 id="dialogue">{t("case.dialogue")}</h2>
        {c.messages.length === 0 ? (
          <p className="muted">{t("case.noMessages")}</p>
        ) : (
          <ul className="plain-list qa" data-testid="case-messages">
            {c.messages.map((m) => (
              <li key={m.id}>
                <p className="small muted">
                  {m.authorName} · {t(`role.${m.authorKind}`)} · {t.dateTime(m.createdAt)}
                </p>
                <p className="prewrap">{m.body}</p>
              </li>
            ))}
          </ul>
        )}
        {mayWrite && (
          <ValidatedForm schema={CaseMessageSchema} intent="message" scope="message">
            <TextAreaField name="body" label={t(c.isOffice ? "case.message.office" : "case.message.party")} rows={3} maxLength={5000} />
            <SubmitButton className="button">{t("case.message.send")}</SubmitButton>
          </ValidatedForm>
        )}
      </section>

      {mayConclude && (
        <section className="section card" aria-labelledby="conclude">
          <h2 id="conclude" className="h3">
            {t("case.conclude")}
          </h2>
          <ValidatedForm schema={ConclusionSchema} intent="conclude" scope="conclude">
            <RadioGroup
              name="finding"
              legend={t("case.finding")}
              options={[
                { value: "violation", label: t("case.finding.violation") },
                { value: "none", label: t("case.finding.none") },
              ]}
            />
            <SelectField name="violation" label={t("case.violationType")} defaultValue="">
              <option value="">{t("case.violationNone")}</option>
              {VIOLATIONS.map((v) => (
                <option key={v} value={v}>
                  {t(`case.violation.${v}`)}
                </option>
              ))}
            </SelectField>
            <TextAreaField name="conclusion" label={t("case.conclusion")} rows={4} maxLength={5000} />
            <SelectField name="followUp" label={t("case.followUpLabel")} defaultValue="none">
              {(["none", "sanction", "creditEvent"] as const).map((f) => (
                <option key={f} value={f}>
                  {t(`case.followUp.${f}`)}
                </option>
              ))}
            </SelectField>
            <SubmitButton>{t("case.concludeSubmit")}</SubmitButton>
          </ValidatedForm>
        </section>
      )}
      {c.isOffice && (k.status === "addressed" || k.status === "declined") && (
        <IntentButton intent="finish">{t(k.status === "addressed" ? "case.complete" : "case.close")}</IntentButton>
      )}
    </article>
  );
}
