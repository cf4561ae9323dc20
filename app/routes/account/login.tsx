import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useSearchParams } from "@remix-run/react";
import { Field, SubmitButton, ValidatedForm } from "~/components/form";
import { parseForm, safeRedirect } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { LogInSchema } from "~/modules/identity/accounts.schema";
import { logIn } from "~/modules/identity/accounts.server";
import { sessionCookie } from "~/modules/identity/session.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("login.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.viewer) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/account"));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(LogInSchema, form);
  if (!parsed.ok) return invalid(parsed);
  try {
    const { sessionToken } = await logIn(context.db, parsed.data, context.clientAddress);
    return redirect(safeRedirect(parsed.data.redirectTo, "/account"), {
      headers: {
        "Set-Cookie": sessionCookie(sessionToken, {
          secure: context.session.cookieSecure,
          maxAgeSeconds: context.session.inactivityTimeoutMs / 1000,
        }),
      },
    });
  } catch (e) {
    return domainErrorResponse(e, { email: parsed.data.email });
  }
}

export default function LogIn() {
  const t = useT();
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <h1>{t("login.title")}</h1>
      <ValidatedForm schema={LogInSchema}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field name="email" type="email" label={t("login.email")} required autoComplete="username" inputMode="email" />
        <Field name="password" type="password" label={t("login.password")} required autoComplete="current-password" />
        <SubmitButton>{t("login.submit")}</SubmitButton>
        <p className="muted">
          {t("login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
        </p>
        <p className="muted small">{t("login.demoHint")}</p>
      </ValidatedForm>
    </div>
  );
}
