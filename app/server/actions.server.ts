import { data } from "@remix-run/node";
import type { ParseResult } from "~/lib/forms";
import { isDomainError } from "~/modules/errors";

/** The response of an action whose input did not validate: 400 with the field messages. */
export function invalid<T>(result: Extract<ParseResult<T>, { ok: false }>) {
  return data({ fieldErrors: result.fieldErrors, values: result.values }, { status: 400 });
}

/** Turns a domain error into a field or form message; anything else is re-thrown (500). */
export function domainErrorResponse(e: unknown, values: Record<string, unknown> = {}) {
  if (!isDomainError(e)) throw e;
  const safeValues = Object.fromEntries(Object.entries(values).filter(([k]) => !/password/i.test(k)));
  return data(
    { fieldErrors: { [e.field ?? "_form"]: [e.key] }, values: safeValues, formParams: e.params },
    { status: e.status },
  );
}
