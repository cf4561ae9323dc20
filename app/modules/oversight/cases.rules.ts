/**
 * Monitoring cases (监管立案, after ProZorro's State Audit Service monitoring): one state machine.
 * draft → active (published: parties told, dialogue open) → addressed (a violation found; the party must
 * remedy it) → completed; or active → declined (no violation) → closed; a draft may be dropped (closed).
 */
export const CASE_STATES = ["draft", "active", "addressed", "declined", "completed", "closed"] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  draft: ["active", "closed"],
  active: ["addressed", "declined"],
  addressed: ["completed"],
  declined: ["closed"],
  completed: [],
  closed: [],
};

export function canMoveCase(from: CaseState, to: CaseState): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** The dialogue is open while the case is public and not yet finished. */
export function dialogueOpen(state: CaseState): boolean {
  return state === "active" || state === "addressed";
}

/** Cases are public from activation on (a draft dropped before it is never public). */
export function casePublic(c: { activatedAt: Date | null }): boolean {
  return !!c.activatedAt;
}

export const VIOLATIONS = [
  "collusion",
  "designation",
  "overcharge",
  "overdue",
  "procedure",
  "falseMaterials",
  "conflictOfInterest",
  "other",
] as const;
export type Violation = (typeof VIOLATIONS)[number];
export const FOLLOW_UPS = ["none", "sanction", "creditEvent"] as const;
