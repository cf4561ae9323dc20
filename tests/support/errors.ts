import { expect } from "vitest";
import { DomainError, isRaised, isUniqueViolation } from "~/modules/errors";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (err: unknown) => err,
  );
}

/** The call fails with the domain error `key` (and, when given, next to `field`). */
export async function expectDomainError(p: Promise<unknown>, key: string, field?: string) {
  const e = await rejection(p);
  expect(e, `expected ${key}`).toBeInstanceOf(DomainError);
  expect((e as DomainError).key).toBe(key);
  if (field) expect((e as DomainError).field).toBe(field);
  return e as DomainError;
}

/** The database's own trigger refuses the write, told apart as the app tells it: SQLSTATE P0001 and the hint. */
export async function expectRaised(p: Promise<unknown>, hint: string) {
  const e = await rejection(p);
  expect(isRaised(e, hint), `expected a refusal with hint ${hint}, got ${String(e)}`).toBe(true);
}

/** The write breaks the unique constraint (or unique index) `constraint`. */
export async function expectUniqueViolation(p: Promise<unknown>, constraint: string) {
  const e = await rejection(p);
  expect(isUniqueViolation(e, constraint), `expected a unique violation of ${constraint}, got ${String(e)}`).toBe(true);
}
