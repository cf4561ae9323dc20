import type { z } from "zod";

/** Field name → translation keys of its problems. "_form" holds messages that belong to no field. */
export type FieldErrors = Record<string, string[]>;

export type ParseResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, unknown> };

// eslint-disable-next-line no-control-regex -- control characters are exactly what is dropped
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Reads a FormData (or URLSearchParams) into a plain object; names in `arrays` keep every value. One pass
 * over the entries (asking getAll for each distinct name was quadratic in the number of fields).
 */
export function formToObject(form: FormData | URLSearchParams, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keepAll = new Set(arrays);
  for (const key of arrays) out[key] = [];
  for (const [key, v] of form as Iterable<[string, FormDataEntryValue]>) {
    if (key === "__proto__") continue; // would set the object's prototype; no form has such a field
    // Control characters other than tab and line breaks mean nothing in a form's text, and a page that
    // showed them back would carry them (PostgreSQL text cannot even hold U+0000): they are dropped.
    const value = typeof v === "string" ? v.replace(CONTROL_CHARACTERS, "") : v;
    if (keepAll.has(key)) (out[key] as unknown[]).push(value);
    else out[key] = value; // the last one wins
  }
  return out;
}

export function parseWith<S extends z.ZodTypeAny>(schema: S, input: Record<string, unknown>): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  // Echo back what was typed (never passwords) so nothing the user wrote is lost.
  const values = Object.fromEntries(Object.entries(input).filter(([k]) => !/password/i.test(k)));
  return { ok: false, fieldErrors, values };
}

export function parseForm<S extends z.ZodTypeAny>(schema: S, form: FormData | URLSearchParams, arrays: readonly string[] = []) {
  return parseWith(schema, formToObject(form, arrays));
}

/** A field of a refused form as it was sent, when it is text: e.g. which queue row the form was about. */
export function sentText(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** Only same-site relative paths are followed after log-in: no open redirects. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  // A Location header carries ASCII only: anything else (a Chinese query, a space) is percent-encoded.
  try {
    return to.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  } catch {
    return fallback; // a lone surrogate cannot be encoded
  }
}
