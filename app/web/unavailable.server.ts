import type express from "express";
import type { ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable } from "~/server/db.server";
import { DEFAULT_LOCALE, isLocale, translate, type Locale } from "~/i18n";
import { readCookie } from "~/modules/identity/session.server";
import { LANG_COOKIE } from "./cookies";

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * The answer when the database could not be reached before the app itself ran (resolving the session): a
 * translated 503 page that says nothing was saved — true, since no action has run — never a plain-text 500.
 * It stands alone (no build, no loader), so it renders with the database down.
 */
export function sendDatabaseUnavailable(req: express.Request, res: express.Response, locale?: Locale): void {
  if (res.headersSent) return;
  const cookieLang = readCookie(req.get("cookie"), LANG_COOKIE);
  const lang: Locale = locale ?? (isLocale(cookieLang) ? cookieLang : DEFAULT_LOCALE);
  const title = translate(lang, "errors.title");
  const body = translate(lang, "errors.unavailable");
  const home = translate(lang, "errors.backHome");
  res
    .status(503)
    .set("Retry-After", "5")
    .set("Cache-Control", "no-store")
    .type("text/html; charset=utf-8")
    .send(
      `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escape(title)}</title></head><body><main class="error-page"><h1>${escape(title)}</h1>` +
        `<p role="alert">${escape(body)}</p><p><a href="/">${escape(home)}</a></p></main></body></html>`,
    );
}

type RouteFunction = (args: never) => unknown;

/** The 503 a page's or endpoint's data answers with when its database connection was lost (see answerOutages). */
export function outageResponse(during: "read" | "write"): Response {
  return new Response(JSON.stringify({ unavailable: during }), {
    status: 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" },
  });
}

function guarded<F extends RouteFunction>(fn: F, during: "read" | "write"): F {
  return (async (args: never) => {
    try {
      return await fn(args);
    } catch (e) {
      if (isDatabaseUnavailable(e)) throw outageResponse(during);
      throw e;
    }
  }) as unknown as F;
}

const wrapped = new WeakMap<ServerBuild, ServerBuild>();

/**
 * The build with every route's loader and action answering a lost database connection with a 503 (thrown as
 * a Response, so the page's error boundary says the database could not be reached, in the reader's language,
 * and page data and JSON carry the status) instead of the generic 500 "something went wrong". An action that
 * handles its own faults (domainErrorResponse: 503 next to the form) is not reached by this; one that does
 * not ran in a transaction the lost connection rolled back, so nothing of it was saved either.
 */
export function answerOutages(build: ServerBuild): ServerBuild {
  const known = wrapped.get(build);
  if (known) return known;
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      if (!route) return [id, route];
      const mod = route.module;
      const module = {
        ...mod,
        ...(mod.loader ? { loader: guarded(mod.loader, "read") } : {}),
        ...(mod.action ? { action: guarded(mod.action, "write") } : {}),
      };
      return [id, { ...route, module }];
    }),
  ) as ServerBuild["routes"];
  const result = { ...build, routes };
  wrapped.set(build, result);
  return result;
}
