/** Whether a string is a UUID as PostgreSQL prints one (lower-case hex, 8-4-4-4-12): ids from paths and forms are checked with it before they reach a query. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
