/**
 * Complaints (投诉). Anyone with an account may complain, but a complaint is admissible only when the
 * complainant is a party to the matter, it comes within the policy's window after the matter's latest
 * milestone, and the same complainant has not already brought the same matter (pending or decided).
 * Each refusal says which of these failed, in words.
 *
 * Parties: about an agency's conduct in a project — the project's owner, or another agency that bid on
 * it; the agency must itself have taken part (bid, been shown for direct selection, or won). About an
 * owner's project — an agency that bid on it or asked a question in it. No one complains about itself,
 * and regulators open monitoring cases instead.
 */
export type InadmissibleReason =
  "notParty" | "agencyNotInvolved" | "self" | "regulator" | "draft" | "outOfWindow" | "alreadyPending" | "alreadyDecided";

export interface ComplaintMatter {
  subjectType: "agency" | "project";
  agencyId: string | null;
  complainant: { orgId: string; kind: "agency" | "owner" | "regulator" };
  project: { ownerOrgId: string; status: string };
  /** Agencies that bid (any status), were shown for a direct choice, or won. */
  participants: string[];
  /** Agencies that asked a question during bidding. */
  askers: string[];
  /** The project's milestones (publication, deadline, award, contract, completion): the window runs from the latest. */
  milestones: (Date | null)[];
  windowDays: number;
  /** The same complainant's earlier complaint on the same matter and subject, if any. */
  earlier: { status: string } | null;
}

export function complaintWindowEnds(m: Pick<ComplaintMatter, "milestones" | "windowDays">): Date | null {
  const times = m.milestones.filter((d): d is Date => !!d).map((d) => d.getTime());
  if (!times.length) return null;
  return new Date(Math.max(...times) + m.windowDays * 86_400_000);
}

export function admissibility(
  m: ComplaintMatter,
  now: Date,
): { ok: true } | { ok: false; reason: InadmissibleReason; params?: Record<string, string> } {
  if (m.complainant.kind === "regulator") return { ok: false, reason: "regulator" };
  if (m.project.status === "draft") return { ok: false, reason: "draft" };
  const me = m.complainant.orgId;
  if (m.subjectType === "agency") {
    if (m.agencyId === me) return { ok: false, reason: "self" };
    if (!m.agencyId || !m.participants.includes(m.agencyId)) return { ok: false, reason: "agencyNotInvolved" };
    const party = m.project.ownerOrgId === me || m.participants.includes(me);
    if (!party) return { ok: false, reason: "notParty" };
  } else {
    if (m.project.ownerOrgId === me) return { ok: false, reason: "self" };
    if (!m.participants.includes(me) && !m.askers.includes(me)) return { ok: false, reason: "notParty" };
  }
  const ends = complaintWindowEnds(m);
  if (ends && now > ends) return { ok: false, reason: "outOfWindow", params: { days: String(m.windowDays) } };
  if (m.earlier) return { ok: false, reason: m.earlier.status === "pending" ? "alreadyPending" : "alreadyDecided" };
  return { ok: true };
}

/** A pending complaint past its decision date is overdue (shown to the regulator and the public). */
export function complaintOverdue(c: { status: string; dueAt: Date }, now: Date): boolean {
  return c.status === "pending" && c.dueAt <= now;
}
