import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Field, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { ChangePasswordSchema } from "~/modules/identity/accounts.schema";
import { changePassword } from "~/modules/identity/accounts.server";
import { sessionCookie } from "~/modules/identity/session.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { requireViewer } from "~/web/guards.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("account.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return { viewer: { name: viewer.name, email: viewer.email, org: viewer.org, role: viewer.role, isSiteAdmin: viewer.isSiteAdmin } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const parsed = parseForm(ChangePasswordSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed);
  try {
    const { sessionToken } = await changePassword(context.db, viewer, parsed.data);
    return data(
      { done: true as const },
      {
        headers: {
          "Set-Cookie": sessionCookie(sessionToken, {
            secure: context.session.cookieSecure,
            maxAgeSeconds: context.session.inactivityTimeoutMs / 1000,
          }),
        },
      },
    );
  } catch (e) {
    return domainErrorResponse(e);
  }
}

export default function Account() {
  const { viewer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("account.title")}</h1>
      <section className="section" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("account.profile")}</h2>
        <dl className="facts">
          <dt>{t("account.name")}</dt>
          <dd>{viewer.name}</dd>
          <dt>{t("account.email")}</dt>
          <dd>{viewer.email}</dd>
          <dt>{t("account.org")}</dt>
          <dd>
            {viewer.org ? (
              <>
                {viewer.org.name} <span className="badge">{t(`role.${viewer.org.kind}`)}</span>
                {viewer.org.ownerType && <span className="badge badge-muted">{t(`ownerType.${viewer.org.ownerType}`)}</span>}
              </>
            ) : (
              t("account.noOrg")
            )}
          </dd>
          <dt>{t("account.role")}</dt>
          <dd>
            {viewer.role ? t(`role.${viewer.role}`) : "—"}
            {viewer.isSiteAdmin && <span className="badge">{t("role.siteAdmin")}</span>}
          </dd>
        </dl>
      </section>
      <section className="section narrow" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("account.changePassword")}</h2>
        {actionData && "done" in actionData && (
          <p className="alert alert-success" role="status">
            {t("account.changePassword.done")}
          </p>
        )}
        <ValidatedForm schema={ChangePasswordSchema}>
          <Field name="currentPassword" type="password" label={t("account.currentPassword")} required autoComplete="current-password" />
          <Field
            name="newPassword"
            type="password"
            label={t("account.newPassword")}
            hint={t("signup.password.hint")}
            required
            autoComplete="new-password"
          />
          <Field name="newPasswordConfirm" type="password" label={t("account.newPasswordConfirm")} required autoComplete="new-password" />
          <SubmitButton>{t("account.changePassword.submit")}</SubmitButton>
        </ValidatedForm>
      </section>
    </>
  );
}
