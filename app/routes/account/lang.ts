import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirect } from "~/lib/forms";
import { LangSchema } from "~/modules/identity/accounts.schema";
import { setLocale } from "~/modules/identity/accounts.server";
import { LANG_COOKIE } from "~/web/cookies";
import { readForm } from "~/web/upload.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = LangSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return new Response("Bad request", { status: 400 });
  if (context.viewer) await setLocale(context.db, context.viewer.userId, parsed.data.locale);
  const secure = context.session.cookieSecure ? "; Secure" : "";
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), {
    headers: { "Set-Cookie": `${LANG_COOKIE}=${parsed.data.locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}` },
  });
}

export async function loader() {
  return redirect("/");
}
