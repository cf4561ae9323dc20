import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Field, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { AcceptInvitationSchema } from "~/modules/identity/accounts.schema";
import { acceptInvitation, getInvitation } from "~/modules/identity/accounts.server";
import { sessionCookie } from "~/modules/identity/session.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("invite.title", () => [{ name: "referrer", content: "no-referrer" }]);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const inv = await getInvitation(context.db, params.token ?? "");
  return {
    loggedIn: !!context.viewer,
    invitation: inv ? { email: inv.email, role: inv.role, orgName: inv.orgName, state: inv.state } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (context.viewer) return redirect("/account");
  const parsed = parseForm(AcceptInvitationSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed);
  try {
    const { sessionToken } = await acceptInvitation(context.db, params.token ?? "", parsed.data);
    return redirect("/account", {
      headers: {
        "Set-Cookie": sessionCookie(sessionToken, {
          secure: context.session.cookieSecure,
          maxAgeSeconds: context.session.inactivityTimeoutMs / 1000,
        }),
      },
    });
  } catch (e) {
    return domainErrorResponse(e, parsed.data);
  }
}

export default function Invite() {
  const { invitation, loggedIn } = useLoaderData<typeof loader>();
  const t = useT();
  if (!invitation || invitation.state !== "open") {
    return (
      <div className="narrow">
        <h1>{t("invite.title")}</h1>
        <p className="alert alert-error" role="alert">
          {t(invitation ? `invite.state.${invitation.state}` : "invite.state.notFound")}
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("invite.title")}</h1>
      <p className="lead">{t("invite.lead", { org: invitation.orgName, role: t(`role.${invitation.role}`) })}</p>
      {loggedIn ? (
        <p className="alert alert-error" role="alert">
          {t("invite.loggedIn")}
        </p>
      ) : (
        <ValidatedForm schema={AcceptInvitationSchema}>
          <p>
            {t("invite.email")}: <strong>{invitation.email}</strong>
          </p>
          <Field name="userName" label={t("signup.userName")} required autoComplete="name" />
          <Field
            name="password"
            type="password"
            label={t("signup.password")}
            hint={t("signup.password.hint")}
            required
            autoComplete="new-password"
          />
          <Field name="passwordConfirm" type="password" label={t("signup.passwordConfirm")} required autoComplete="new-password" />
          <SubmitButton>{t("invite.submit")}</SubmitButton>
        </ValidatedForm>
      )}
    </div>
  );
}
