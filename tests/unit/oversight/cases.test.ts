import { describe, expect, it } from "vitest";
import {
  canMoveCase,
  CASE_STATES,
  CASE_TRANSITIONS,
  casePublic,
  dialogueOpen,
  FOLLOW_UPS,
  VIOLATIONS,
  type CaseState,
} from "~/modules/oversight/cases.rules";

const ALLOWED: [CaseState, CaseState][] = [
  ["draft", "active"],
  ["draft", "closed"],
  ["active", "addressed"],
  ["active", "declined"],
  ["addressed", "completed"],
  ["declined", "closed"],
];

describe("the case state machine", () => {
  it("has six states and exactly the documented transitions", () => {
    expect([...CASE_STATES]).toEqual(["draft", "active", "addressed", "declined", "completed", "closed"]);
    const all = CASE_STATES.flatMap((from) => CASE_TRANSITIONS[from].map((to) => [from, to]));
    expect(all).toEqual(ALLOWED);
  });

  it("allows every documented transition", () => {
    for (const [from, to] of ALLOWED) expect(canMoveCase(from, to), `${from} → ${to}`).toBe(true);
  });

  it("refuses every other move, self-loops included", () => {
    const allowed = new Set(ALLOWED.map(([f, t]) => `${f}>${t}`));
    let refused = 0;
    for (const from of CASE_STATES) {
      for (const to of CASE_STATES) {
        if (allowed.has(`${from}>${to}`)) continue;
        expect(canMoveCase(from, to), `${from} → ${to}`).toBe(false);
        refused += 1;
      }
    }
    expect(refused).toBe(36 - ALLOWED.length);
  });

  it("refuses the tempting shortcuts by name", () => {
    expect(canMoveCase("draft", "addressed")).toBe(false); // a finding without publication
    expect(canMoveCase("active", "completed")).toBe(false); // completion without a finding
    expect(canMoveCase("active", "closed")).toBe(false); // a public case is not dropped
    expect(canMoveCase("declined", "completed")).toBe(false);
    expect(canMoveCase("addressed", "declined")).toBe(false);
    expect(canMoveCase("completed", "active")).toBe(false); // no reopening
    expect(canMoveCase("closed", "draft")).toBe(false);
  });

  it("has final states completed and closed, reachable from draft", () => {
    expect(CASE_STATES.filter((s) => CASE_TRANSITIONS[s].length === 0)).toEqual(["completed", "closed"]);
    const reach = new Set<CaseState>(["draft"]);
    // A Set's iteration visits the states added during it.
    for (const s of reach) for (const t of CASE_TRANSITIONS[s]) reach.add(t);
    expect([...reach].sort()).toEqual([...CASE_STATES].sort());
  });
});

describe("dialogue and publicity", () => {
  it("keeps the dialogue open only while the case is active or addressed", () => {
    expect(CASE_STATES.filter(dialogueOpen)).toEqual(["active", "addressed"]);
  });

  it("makes a case public from its activation on", () => {
    expect(casePublic({ activatedAt: null })).toBe(false);
    expect(casePublic({ activatedAt: new Date("2026-06-01T02:00:00Z") })).toBe(true);
    expect(casePublic({ activatedAt: new Date(0) })).toBe(true);
  });
});

describe("conclusion vocabularies", () => {
  it("lists the violation types and follow-ups", () => {
    expect(VIOLATIONS).toContain("designation");
    expect(VIOLATIONS).toContain("other");
    expect(new Set(VIOLATIONS).size).toBe(VIOLATIONS.length);
    expect([...FOLLOW_UPS]).toEqual(["none", "sanction", "creditEvent"]);
  });
});
