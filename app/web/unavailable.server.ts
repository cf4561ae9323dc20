import type express from "express";
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
