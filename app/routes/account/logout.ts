import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionCookie, invalidateSession } from "~/modules/identity/session.server";

export async function action({ context }: ActionFunctionArgs) {
  if (context.sessionId) await invalidateSession(context.db, context.sessionId);
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie({ secure: context.session.cookieSecure }) } });
}

export async function loader() {
  return redirect("/");
}
