import { describe, expect, it } from "vitest";
import { admissibility, complaintOverdue, complaintWindowEnds, type ComplaintMatter } from "~/modules/trust/complaints.rules";
import {
  mayReview,
  revealAt,
  REVEAL_DAYS,
  REVIEW_WINDOW_DAYS,
  reviewClosesAt,
  textRequired,
  type ReviewTimes,
} from "~/modules/trust/reviews.rules";

const DAY = 86_400_000;
const plus = (d: Date, days: number, ms = 0) => new Date(d.getTime() + days * DAY + ms);

describe("reviews: the window and the double-blind reveal", () => {
  const endedAt = new Date("2026-05-01T02:00:00.000Z");
  const windowEnd = plus(endedAt, 30);
  const alone: ReviewTimes = { endedAt, other: null };

  it("uses a 30-day window and a 14-day reveal", () => {
    expect(REVIEW_WINDOW_DAYS).toBe(30);
    expect(REVEAL_DAYS).toBe(14);
  });

  it("closes the window 30 days after the end", () => {
    expect(reviewClosesAt(alone)).toEqual(new Date("2026-05-31T02:00:00.000Z"));
  });

  it("closes it when the other party's review becomes visible, if that is sooner", () => {
    const visibleFrom = plus(endedAt, 19);
    expect(reviewClosesAt({ endedAt, other: { submittedAt: plus(endedAt, 5), visibleFrom } })).toEqual(visibleFrom);
    // Never later than the window.
    expect(reviewClosesAt({ endedAt, other: { submittedAt: plus(endedAt, 25), visibleFrom: plus(endedAt, 39) } })).toEqual(windowEnd);
    expect(reviewClosesAt({ endedAt, other: { submittedAt: plus(endedAt, 20), visibleFrom: windowEnd } })).toEqual(windowEnd);
  });

  it("allows a review from the end until just before the close", () => {
    expect(mayReview(alone, new Date(endedAt.getTime() - 1))).toBe(false);
    expect(mayReview(alone, endedAt)).toBe(true);
    expect(mayReview(alone, plus(endedAt, 15))).toBe(true);
    expect(mayReview(alone, new Date(windowEnd.getTime() - 1))).toBe(true);
    expect(mayReview(alone, windowEnd)).toBe(false);
    expect(mayReview(alone, plus(windowEnd, 1))).toBe(false);
    const visibleFrom = plus(endedAt, 10);
    const answered: ReviewTimes = { endedAt, other: { submittedAt: plus(endedAt, 1), visibleFrom } };
    expect(mayReview(answered, new Date(visibleFrom.getTime() - 1))).toBe(true);
    expect(mayReview(answered, visibleFrom)).toBe(false);
  });

  it("reveals at once when the other review is in, otherwise 14 days later, capped at the window's end", () => {
    const now = plus(endedAt, 3);
    expect(revealAt({ endedAt, other: { submittedAt: plus(endedAt, 1), visibleFrom: plus(endedAt, 15) } }, now)).toEqual(now);
    expect(revealAt(alone, now)).toEqual(plus(endedAt, 17));
    expect(revealAt(alone, endedAt)).toEqual(plus(endedAt, 14));
    // 16 days + 14 = exactly the window's end; 20 days + 14 would be past it.
    expect(revealAt(alone, plus(endedAt, 16))).toEqual(windowEnd);
    expect(revealAt(alone, plus(endedAt, 20))).toEqual(windowEnd);
    expect(revealAt(alone, plus(endedAt, 29, 3600_000))).toEqual(windowEnd);
  });

  it("requires text for an overall 1 or 5 only", () => {
    expect([1, 2, 3, 4, 5].map(textRequired)).toEqual([true, false, false, false, true]);
  });
});

describe("complaints: admissibility", () => {
  const published = new Date("2026-04-01T02:00:00.000Z");
  const awarded = new Date("2026-04-20T08:00:00.000Z");
  const windowEnd = plus(awarded, 15);
  const now = plus(awarded, 3);

  /** The owner complains about the agency that won. */
  function matter(over: Partial<ComplaintMatter> = {}): ComplaintMatter {
    return {
      subjectType: "agency",
      agencyId: "ag-win",
      complainant: { orgId: "owner-1", kind: "owner" },
      project: { ownerOrgId: "owner-1", status: "awarded" },
      participants: ["ag-win", "ag-lost"],
      askers: ["ag-asker"],
      milestones: [published, null, awarded],
      windowDays: 15,
      earlier: null,
      ...over,
    };
  }
  const reason = (m: ComplaintMatter, at = now) => {
    const r = admissibility(m, at);
    return r.ok ? "ok" : r.reason;
  };

  it("admits an owner's complaint about a bidder", () => {
    expect(admissibility(matter(), now)).toEqual({ ok: true });
  });

  it("admits a bidder's complaint about another bidder", () => {
    expect(reason(matter({ complainant: { orgId: "ag-lost", kind: "agency" } }))).toBe("ok");
  });

  it("admits a complaint about the project from a bidder or from an agency that asked a question", () => {
    const aboutProject = { subjectType: "project" as const, agencyId: null };
    expect(reason(matter({ ...aboutProject, complainant: { orgId: "ag-asker", kind: "agency" } }))).toBe("ok");
    expect(reason(matter({ ...aboutProject, complainant: { orgId: "ag-lost", kind: "agency" } }))).toBe("ok");
  });

  it("refuses regulators (they open monitoring cases) before anything else", () => {
    expect(
      reason(matter({ complainant: { orgId: "reg-1", kind: "regulator" }, project: { ownerOrgId: "owner-1", status: "draft" } })),
    ).toBe("regulator");
  });

  it("refuses a project that is still a draft", () => {
    expect(reason(matter({ project: { ownerOrgId: "owner-1", status: "draft" } }))).toBe("draft");
  });

  it("refuses complaints about oneself, for both subject types", () => {
    expect(reason(matter({ complainant: { orgId: "ag-win", kind: "agency" } }))).toBe("self");
    expect(reason(matter({ subjectType: "project", agencyId: null }))).toBe("self");
  });

  it("refuses a complaint about an agency that did not take part", () => {
    expect(reason(matter({ agencyId: "ag-stranger" }))).toBe("agencyNotInvolved");
    expect(reason(matter({ agencyId: null }))).toBe("agencyNotInvolved");
    // An agency that only asked a question did not take part.
    expect(reason(matter({ agencyId: "ag-asker" }))).toBe("agencyNotInvolved");
  });

  it("refuses complainants who are not a party", () => {
    // About an agency: neither the owner nor a bidder (asking a question is not enough).
    expect(reason(matter({ complainant: { orgId: "ag-asker", kind: "agency" } }))).toBe("notParty");
    expect(reason(matter({ complainant: { orgId: "owner-2", kind: "owner" } }))).toBe("notParty");
    // About the project: neither a bidder nor an asker.
    expect(reason(matter({ subjectType: "project", agencyId: null, complainant: { orgId: "ag-stranger", kind: "agency" } }))).toBe(
      "notParty",
    );
  });

  it("runs the window from the latest milestone, inclusive of its last instant", () => {
    expect(complaintWindowEnds(matter())).toEqual(windowEnd);
    expect(complaintWindowEnds({ milestones: [awarded, published], windowDays: 15 })).toEqual(windowEnd);
    expect(complaintWindowEnds({ milestones: [null, null], windowDays: 15 })).toBeNull();
    expect(complaintWindowEnds({ milestones: [], windowDays: 15 })).toBeNull();
    expect(reason(matter(), new Date(windowEnd.getTime() - 1))).toBe("ok");
    expect(reason(matter(), windowEnd)).toBe("ok");
    const late = admissibility(matter(), new Date(windowEnd.getTime() + 1));
    expect(late).toEqual({ ok: false, reason: "outOfWindow", params: { days: "15" } });
    // Without any milestone there is no window to miss.
    expect(reason(matter({ milestones: [null] }), plus(awarded, 400))).toBe("ok");
  });

  it("refuses the same complainant bringing the same matter again", () => {
    expect(reason(matter({ earlier: { status: "pending" } }))).toBe("alreadyPending");
    expect(reason(matter({ earlier: { status: "upheld" } }))).toBe("alreadyDecided");
    expect(reason(matter({ earlier: { status: "dismissed" } }))).toBe("alreadyDecided");
    // The window is checked first.
    expect(reason(matter({ earlier: { status: "pending" } }), plus(windowEnd, 1))).toBe("outOfWindow");
  });

  it("calls a pending complaint overdue from its due date", () => {
    const dueAt = new Date("2026-05-20T16:00:00.000Z");
    expect(complaintOverdue({ status: "pending", dueAt }, new Date(dueAt.getTime() - 1))).toBe(false);
    expect(complaintOverdue({ status: "pending", dueAt }, dueAt)).toBe(true);
    expect(complaintOverdue({ status: "upheld", dueAt }, plus(dueAt, 10))).toBe(false);
    expect(complaintOverdue({ status: "dismissed", dueAt }, plus(dueAt, 10))).toBe(false);
  });
});
