/** Days before expiry on which the agency is told to renew. */
export const EXPIRY_NOTICE_DAYS = 30;

export type QualificationState = "pending" | "rejected" | "verified" | "expiringSoon" | "expired" | "notYetValid";

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Whether a certificate counts is computed from its dates on the day it matters (Beijing calendar),
 * never from a stored flag: a verified certificate stops counting the day after valid_to by itself.
 */
export function qualificationState(q: { status: string; validFrom: string; validTo: string }, today: string): QualificationState {
  if (q.status === "pending") return "pending";
  if (q.status === "rejected") return "rejected";
  if (q.validTo < today) return "expired";
  if (q.validFrom > today) return "notYetValid";
  if (q.validTo <= addDays(today, EXPIRY_NOTICE_DAYS)) return "expiringSoon";
  return "verified";
}

export function countsAsVerified(state: QualificationState): boolean {
  return state === "verified" || state === "expiringSoon";
}
