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
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** PostgreSQL unique_violation, from either driver. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string; message?: string } | null;
  if (!err || err.code !== "23505") return false;
  if (!constraint) return true;
  return err.constraint === constraint || (err.message ?? "").includes(constraint);
}
