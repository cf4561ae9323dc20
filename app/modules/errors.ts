/**
 * The one domain error. `key` is a translation key (see app/i18n); `field` names the form field the
 * message belongs next to, when there is one. Routes map it to a field message or a page message.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly key: string,
    readonly field?: string,
    readonly params: Record<string, string | number> = {},
    readonly status = 400,
  ) {
    super(`${code}: ${key}`);
    this.name = "DomainError";
  }

  /** Field → message keys; an error that names problems in several fields (restrictive terms) lists them all. */
  fieldErrors(): Record<string, string[]> {
    return { [this.field ?? "_form"]: [this.key] };
  }

  /** What a page shows beside the messages (e.g. each restrictive term with its rule and basis), when there is more. */
  get details(): Record<string, unknown> | null {
    return null;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** The thing asked for does not exist, or the viewer may not learn that it does: the two read alike. */
export function notFound(field = "_form"): DomainError {
  return new DomainError("not_found", "errors.notFound", field, {}, 404);
}

/** The viewer is known but may not do this. */
export function forbidden(key = "errors.forbidden", field = "_form"): DomainError {
  return new DomainError("forbidden", key, field, {}, 403);
}

/** The request is well formed, but the state of things refuses it (a state, a duplicate, a limit). */
export function conflict(code: string, key: string, field = "_form", params: Record<string, string | number> = {}): DomainError {
  return new DomainError(code, key, field, params, 409);
}

function sqlError(e: unknown): { code?: unknown; hint?: unknown; constraint?: unknown } | null {
  return e && typeof e === "object" ? (e as { code?: unknown; hint?: unknown; constraint?: unknown }) : null;
}

/** PostgreSQL unique_violation, from either driver; both name the constraint or unique index that refused. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = sqlError(e);
  if (!err || err.code !== "23505") return false;
  return !constraint || err.constraint === constraint;
}

/**
 * A refusal raised by one of the schema's own triggers: `raise exception … using errcode = 'P0001',
 * hint = '<hint>'`. Told apart by the hint, which both drivers pass on; the message is for people.
 */
export function isRaised(e: unknown, hint: string): boolean {
  const err = sqlError(e);
  return !!err && err.code === "P0001" && err.hint === hint;
}
