import { regionPrefix } from "~/modules/agencies/regions.rules";
import { DRAW_ALGORITHM_V2_SHARE, normalizeSecretHex, sha256Hex } from "./draw.rules";

/**
 * # zjcs-draw-v2-share: the regulator's reveal share (decision 043)
 *
 * For a region whose procedure policy says `drawRandomness = 'regulatorShare'` — a deployment that cannot
 * reach the public beacon — the second party is the **competent regulator office** instead of drand.
 * Everything else is zjcs-draw-v2 (draw.rules.ts): the platform's committed secret, the bid commitments,
 * the eligible list fixed and hashed at opening, the stream and the selection methods.
 *
 * 1. **Request (publication).** The platform commits to its secret as in v2 and names the office that
 *    must give a share (`competentOffice`); the publication's audit event (`project.bidding`) records
 *    `drawAlgorithm: "zjcs-draw-v2-share"`, the office and that a share is awaited.
 * 2. **Commit (bidding period).** The office picks a share of 32 random bytes — in its member's browser,
 *    or offline — and sends only `shareCommitment = hex(SHA-256(share bytes))`. The commitment is
 *    recorded in the audit event `draw.shareCommitted` in the same transaction. The platform never sees
 *    the share before the reveal. A commitment is accepted only while the project is open for bids.
 * 3. **List (opening).** As v2 step 3: the eligible list and its hash are audited in `project.selecting`.
 * 4. **Reveal (after the opening).** The office sends the share; the server accepts it only if
 *    `SHA-256(share) = commitment`, records it (`draw.shareRevealed`) and draws in the same transaction.
 * 5. **Seed.** `seed = hex(SHA-256(UTF-8("zjcs-draw-v2-share\n" + secretHex + "\n" + listHash + "\n" +
 *    shareHex)))` — v2's seed with the algorithm's name and the share (lower-case hex) in place of the
 *    beacon randomness. (The share itself, not its hash: the hash is public from the commit.)
 * 6. **Deadline.** The reveal is due by the end of the `shareRevealWorkdays`-th working day after the
 *    opening (policy, default 2). Past it the project is escalated — notifications to the office and the
 *    platform's administrators, a visible "awaiting the regulator's share" state — and keeps waiting:
 *    there is no fallback to the platform's secret alone.
 */

const HEX64 = /^[0-9a-f]{64}$/;
export const SHARE_BYTES = 32;
export type DrawRandomness = "beacon" | "regulatorShare";

/** A share as it is used everywhere: 64 lower-case hex digits (accepts capitals and white space around). */
export function normalizeShareHex(shareHex: string): string {
  const s = shareHex.trim().toLowerCase();
  if (!HEX64.test(s)) throw new TypeError(`a reveal share is ${SHARE_BYTES} bytes as 64 hex digits`);
  return s;
}

/** What the office commits to (step 2): SHA-256 of the share's bytes, lower-case hex. */
export function shareCommitment(shareHex: string): string {
  return sha256Hex(Buffer.from(normalizeShareHex(shareHex), "hex"));
}

export function isCommitmentHex(c: string): boolean {
  return HEX64.test(c);
}

/** The seed of a share draw (step 5). */
export function drawSeedV2Share(secretHex: string, listHash: string, shareHex: string): string {
  if (!HEX64.test(listHash)) throw new TypeError("list hash must be 64 lower-case hex digits");
  return sha256Hex(`${DRAW_ALGORITHM_V2_SHARE}\n${normalizeSecretHex(secretHex)}\n${listHash}\n${normalizeShareHex(shareHex)}`);
}

export interface OfficeCandidate {
  id: string;
  regionCode: string;
  createdAt: Date;
}

/**
 * The office asked for the share (step 1), among the offices that supervise the project's item in its
 * region: the one with the **most specific region** (a district office before its city's, a city's
 * before the province's — the one closest to the project), then the **oldest** office, then the
 * smallest id. Deterministic, so anyone can check the choice from the public list of offices.
 */
export function competentOffice<T extends OfficeCandidate>(offices: readonly T[]): T | null {
  const sorted = [...offices].sort(
    (a, b) =>
      regionPrefix(b.regionCode.trim()).length - regionPrefix(a.regionCode.trim()).length ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return sorted[0] ?? null;
}

export type ShareState = "awaitingCommitment" | "committed" | "awaitingReveal" | "overdue" | "revealed";

/** Where a share project stands, for pages and the job (step 6: overdue only strictly after the due time). */
export function shareState(
  row: { commitment: string | null; listHash: string | null; share: string | null; revealDueAt: Date | null },
  now: Date,
): ShareState {
  if (row.share) return "revealed";
  if (!row.listHash) return row.commitment ? "committed" : "awaitingCommitment";
  if (row.revealDueAt && now.getTime() > new Date(row.revealDueAt).getTime()) return "overdue";
  return "awaitingReveal";
}
