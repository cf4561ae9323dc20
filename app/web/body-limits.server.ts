import type { RequestHandler } from "express";
import type { Socket } from "node:net";
import { DEFAULT_LOCALE, isLocale, translate, type Locale } from "~/i18n";
import { MAX_UPLOAD_BYTES } from "~/server/files.server";
import { LANG_COOKIE } from "./cookies";
import { DISCARD_LIMIT_BYTES, lingeringClose } from "./unread-body.server";

/**
 * What a request body may hold, checked before it is parsed: its size by route kind, the number of its
 * fields, and the length of their names and values. Ordinary forms are small; a route that needs more
 * says so in LARGER_FORMS; uploads keep their limit (one file of MAX_UPLOAD_BYTES and the form around it).
 * Every limit sits well above what any schema accepts, so a form a person filled in never meets one.
 */
export const FORM_LIMITS = {
  /** An ordinary urlencoded form (the longest text most forms take, 5,000 Chinese characters, is 45 KB encoded). */
  bytes: 64 * 1024,
  fields: 1000,
  /** Characters of a field's name (the longest the app uses is under 40). */
  nameChars: 100,
  /** Characters of one text value (the longest a schema accepts is 10,000). */
  valueChars: 20_000,
} as const;

/** The room a form's other fields and the multipart framing may take beside the file. */
export const FORM_OVERHEAD_BYTES = 256 * 1024;
export const UPLOAD_LIMIT_BYTES = MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES;

/** Routes whose non-upload bodies may be larger than FORM_LIMITS.bytes (paths as Remix matches them: any case, optional trailing slash). */
const LARGER_FORMS: readonly { path: RegExp; bytes: number }[] = [
  // A bid's proposal: up to 10,000 characters, 90 KB urlencoded.
  { path: /^\/projects\/[^/]+\/?$/i, bytes: 256 * 1024 },
  // A project's description and terms.
  { path: /^\/owner\/projects\/[^/]+\/?$/i, bytes: 256 * 1024 },
  // Stripe's signed events (JSON).
  { path: /^\/api\/stripe\/webhook\/?$/i, bytes: 1024 * 1024 },
];

/** Routes that take a file (multipart/form-data) — see readFormWithUpload / readMultipartForm. */
const UPLOAD_ROUTES: readonly RegExp[] = [
  /^\/projects\/[^/]+\/?$/i,
  /^\/owner\/projects\/[^/]+\/attachments\/?$/i,
  /^\/regulator\/sanctions\/(new|import)\/?$/i,
  /^\/complaints\/new\/?$/i,
  /^\/agency\/credit\/?$/i,
  /^\/agency\/qualifications\/new\/?$/i,
];

export interface BodyLimits {
  bytes: number;
  fields: number;
  nameChars: number;
  valueChars: number;
}

export function isMultipart(contentType: string | null | undefined): boolean {
  return (contentType ?? "").toLowerCase().startsWith("multipart/form-data");
}

/** The limits of a request body to `pathname` with this Content-Type. */
export function bodyLimitsFor(pathname: string, contentType: string | null | undefined): BodyLimits {
  if (isMultipart(contentType) && UPLOAD_ROUTES.some((r) => r.test(pathname))) return { ...FORM_LIMITS, bytes: UPLOAD_LIMIT_BYTES };
  const larger = LARGER_FORMS.find((r) => r.path.test(pathname));
  return { ...FORM_LIMITS, bytes: larger?.bytes ?? FORM_LIMITS.bytes };
}

export type RefusalKind = "tooLarge" | "badForm";

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small, self-contained page (no scripts, no database) for a body refused at the edge. */
export function refusalPage(kind: RefusalKind, locale: Locale, limits: BodyLimits = FORM_LIMITS): string {
  const t = (key: string) => escapeHtml(translate(locale, key, { size: formatSize(limits.bytes), fields: limits.fields }));
  return (
    `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${t(`limits.${kind}.title`)}</title></head><body><main class="error-page"><h1>${t(`limits.${kind}.title`)}</h1>` +
    `<p>${t(`limits.${kind}.body`)}</p>${kind === "tooLarge" ? `<p>${t("limits.tooLarge.limits")}</p>` : ""}<p><a href="/">${t("limits.back")}</a></p></main></body></html>`
  );
}

/** The refusal as an answer to throw from an action (the page is the same one the edge sends). */
export function refusal(kind: RefusalKind, locale: Locale, limits: BodyLimits = FORM_LIMITS): Response {
  return new Response(refusalPage(kind, locale, limits), {
    status: kind === "tooLarge" ? 413 : 400,
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

/** The language of a refusal: the language cookie's (no session is looked up for a refused request). */
export function localeOf(cookieHeader: string | null | undefined): Locale {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === LANG_COOKIE && isLocale(value)) return value;
  }
  return DEFAULT_LOCALE;
}

/**
 * The edge: a body declared (Content-Length) too large to read through is refused with 413 before anything
 * reads it, and the connection is closed after the answer without a reset (lingeringClose in
 * unread-body.server.ts). A body without a length is counted as it streams in (readForm / readMultipartForm).
 */
export function bodyLimits(): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const declared = req.headers["content-length"];
    if (declared === undefined) return next();
    const limits = bodyLimitsFor(req.path, req.headers["content-type"]);
    // Only a body too large to read through is refused before it arrives (and its connection closed after
    // the answer, lingeringClose): one under that is counted as it streams in (readForm), refused there and
    // the rest read and dropped, so its connection stays usable. Answering a smaller body early and keeping
    // its connection made a proxy in front (two instances behind a balancer) reset the next request on it.
    if (Number(declared) <= Math.max(limits.bytes, DISCARD_LIMIT_BYTES)) return next();
    res.setHeader("Connection", "close");
    (req.socket as Socket & { destroySoon?: () => void }).destroySoon = () => lingeringClose(req);
    res
      .status(413)
      .type("text/html; charset=utf-8")
      .send(refusalPage("tooLarge", localeOf(req.headers.cookie), limits));
  };
}

export class FormLimitError extends Error {
  readonly kind: RefusalKind = "tooLarge";
  constructor(readonly over: "bytes" | "fields" | "name" | "value") {
    super(`form over its limit of ${over}`);
  }
}

/**
 * Counts a body as it streams in, before anything parses it: refuses (FormLimitError "tooLarge") more
 * than `limits.bytes` bytes, or more fields than `limits.fields` — a field being a "&" of a urlencoded
 * body or a boundary line of a multipart one. One pass over each byte (Buffer.indexOf), whatever the input.
 */
export function countingStream(limits: BodyLimits, contentType: string | null | undefined): TransformStream<Uint8Array, Uint8Array> {
  const ct = contentType ?? "";
  const boundary = isMultipart(ct) ? /boundary="?([^";]+)"?/i.exec(ct)?.[1] : undefined;
  // A multipart body has a boundary line before each part and one at its end.
  const marker = Buffer.from(boundary ? `--${boundary}` : "&");
  const maxMarkers = boundary ? limits.fields + 1 : limits.fields - 1;
  let bytes = 0;
  let markers = 0;
  // The end of the previous chunk, so a marker split between chunks is still found once.
  let tail = Buffer.alloc(0);
  // Over a limit, the rest of the body is still read (and dropped) before the refusal, up to what is worth
  // reading through: a refusal answered with the body half-read left its connection to be drained behind
  // the answer, and a proxy in front then reset the next request on it.
  let refusal: FormLimitError | null = null;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      if (bytes > DISCARD_LIMIT_BYTES) return controller.error(refusal ?? new FormLimitError("bytes"));
      if (refusal) return;
      if (bytes > limits.bytes) {
        refusal = new FormLimitError("bytes");
        return;
      }
      const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const hay = tail.length ? Buffer.concat([tail, view]) : view;
      for (let i = hay.indexOf(marker); i !== -1; i = hay.indexOf(marker, i + marker.length)) markers++;
      if (markers > maxMarkers) {
        refusal = new FormLimitError("fields");
        return;
      }
      // Keep the last marker.length - 1 bytes: a marker that ends in this chunk has been counted already.
      tail = Buffer.from(hay.subarray(Math.max(0, hay.length - (marker.length - 1))));
      controller.enqueue(chunk);
    },
    flush(controller) {
      if (refusal) controller.error(refusal);
    },
  });
}

/** Checks what a parsed form holds against the limits, in one pass over its entries. */
export function checkFormEntries(form: FormData | URLSearchParams, limits: BodyLimits): FormLimitError | null {
  let fields = 0;
  for (const [name, value] of form as Iterable<[string, FormDataEntryValue]>) {
    if (++fields > limits.fields) return new FormLimitError("fields");
    if (name.length > limits.nameChars) return new FormLimitError("name");
    if (typeof value === "string" && value.length > limits.valueChars) return new FormLimitError("value");
  }
  return null;
}
