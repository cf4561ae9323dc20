import { data } from "@remix-run/node";
import type { ParseResult } from "~/lib/forms";
import { isDomainError } from "~/modules/errors";
import { isDatabaseUnavailable } from "~/server/db.server";

/**
 * Which of a page's forms a refusal belongs to (`scope`, matched by the kit's `ValidatedForm`), and the
 * status it is answered with.
 */
export interface Answer {
  scope?: string;
  status?: number;
}

/** The response of an action whose input did not validate: 400 with the field messages. */
export function invalid<T>(result: Extract<ParseResult<T>, { ok: false }>, { scope, status = 400 }: Answer = {}) {
  return data({ fieldErrors: result.fieldErrors, values: result.values, scope }, { status });
}

/** Turns a domain error into a field or form message; anything else is re-thrown (500). */
export function domainErrorResponse(e: unknown, values: Record<string, unknown> = {}, scope?: string) {
  const safeValues = Object.fromEntries(Object.entries(values).filter(([k]) => !/password/i.test(k)));
  // Text the database cannot store (a null character, SQLSTATE 22021) is the sender's mistake, not a crash.
  if ((e as { code?: unknown } | null)?.code === "22021")
    return data(
      { fieldErrors: { _form: ["errors.text.invalid"] }, values: safeValues, formParams: {} as Record<string, string | number>, scope },
      { status: 400 },
    );
  // The database connection broke mid-request: nothing was saved; say so next to the form (503), keeping its values.
  if (isDatabaseUnavailable(e))
    return data(
      { fieldErrors: { _form: ["errors.unavailable"] }, values: safeValues, formParams: {} as Record<string, string | number>, scope },
      { status: 503 },
    );
  if (!isDomainError(e)) throw e;
  return data({ fieldErrors: e.fieldErrors(), values: safeValues, formParams: e.params, scope, details: e.details }, { status: e.status });
}
