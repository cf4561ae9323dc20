import type sharesZh from "./shares.zh-CN";

const sharesEn: { [K in keyof typeof sharesZh]: string } = {
  "share.title": "Draw reveal shares",
  "share.lead":
    "This region's procedure policy draws without the public beacon: a regulator office gives a reveal share instead. Commit to the share (its SHA-256) before the bid deadline, and reveal the share itself after the opening, in time. The platform cannot learn the share before the reveal, so no single party can steer the draw.",
  "share.empty": "No project is waiting for a share from this office.",
  "share.state.awaitingCommitment": "Commitment awaited",
  "share.state.committed": "Committed, waiting for the opening",
  "share.state.awaitingReveal": "Opened, share awaited",
  "share.state.overdue": "Reveal overdue",
  "share.state.revealed": "Revealed, drawn",
  "share.escalated": "escalated",
  "share.dueAt": "reveal due by {dueAt}",
  "share.commitment": "Commitment (SHA-256 of the share)",
  "share.commitment.hint":
    "Make the share in this browser with the button above, or make 32 random bytes offline and paste their SHA-256 here (64 hex digits).",
  "share.commit": "Commit",
  "share.make": "Make a share in this browser",
  "share.made":
    "The share was made in this browser and is shown this once. Download or print the share slip and keep it safe: you need it to reveal after the opening, and the platform does not keep the share.",
  "share.download": "Download the share slip",
  "share.print": "Print",
  "share.slip.heading": "Intermediary marketplace — draw reveal share slip (zjcs-draw-v2-share)",
  "share.slip.project": "Project",
  "share.slip.share": "Share (reveal after the opening)",
  "share.slip.commitment": "Commitment SHA-256(share)",
  "share.slip.keep": "Keep it safe; tell nobody — the platform included — the share before the opening.",
  "share.share": "Share (64 hex digits)",
  "share.share.hint": "The share on the slip. The platform checks its SHA-256 against the commitment and draws at once.",
  "share.reveal": "Reveal the share and draw",
  "share.errors.noOffice":
    "The region's policy requires a regulator's share for the draw, but no regulator office is competent for this project's region and item: it cannot be published yet.",
  "share.errors.notYourOffice": "Another regulator office gives this project's share.",
  "share.errors.alreadyCommitted": "This project's commitment was made already (state: {state}).",
  "share.errors.commitClosed": "Bidding has closed (project: {projectStatus}): a commitment is no longer accepted.",
  "share.errors.notOpened": "The project has not been opened (project: {projectStatus}): the share cannot be revealed yet.",
  "share.errors.notCommitted": "No commitment was made in the bidding period, so no share can be revealed; the project was escalated.",
  "share.errors.alreadyRevealed": "The share was revealed already (state: {state}).",
  "share.errors.commitment": "The commitment is 64 hex digits (SHA-256)",
  "share.errors.share": "The share is 64 hex digits (32 bytes)",
  "share.errors.mismatch": "This share's SHA-256 is not the commitment your office made: refused (and recorded).",
  "share.errors.pending": "The draw is waiting for the regulator office's share: complete the evaluation once it is revealed.",
  "share.policy.legend": "Draw randomness",
  "share.policy.hint":
    "By default the public randomness beacon (drand). A deployment that cannot reach it can have the competent regulator office commit to a share after publication and reveal it after the opening; a share not revealed in time escalates the project — the platform never draws alone.",
  "share.policy.drawRandomness": "Source",
  "share.policy.beacon": "Public randomness beacon",
  "share.policy.regulatorShare": "Regulator's reveal share",
  "share.policy.revealWorkdays": "Reveal within (working days after the opening)",
  "share.verify.title": "Verify the draw (regulator's reveal share)",
  "share.verify.lead":
    "This project's draw uses the competent regulator office's reveal share instead of the public beacon: the platform's secret committed at publication, the share committed in the bidding period, the list fixed at the opening, the share revealed after it. The checks below use the public record only.",
  "share.verify.facts": "Hash of the eligible list fixed at the opening: {listHash}",
  "share.verify.check.auditEvents":
    "The publication, share commitment and opening audit events are this project's, in order, and their hashes match the audit chain",
  "share.verify.check.commitment": "SHA-256 of the revealed platform secret equals the commitment audited at publication",
  "share.verify.check.office": "The office that gave the share is the one named at publication",
  "share.verify.check.share": "SHA-256 of the revealed share equals the commitment the office made in the bidding period, as audited",
  "share.verify.check.list": "The eligible list hashes to the hash audited at the opening, before the share was revealed",
  "share.verify.check.preimages": "Every bid's commitment is the hash of its published preimage (agency, price, version, nonce)",
  "share.verify.check.seed": 'seed = SHA-256("zjcs-draw-v2-share", secret, list hash, share)',
  "share.verify.check.ranking": "Re-running the selection method with that seed gives the same ranking",
  "share.verify.check.winner": "The winning bid and its agency match the recomputed result (announcement and award)",
  "share.pending":
    "The eligible list was fixed at the opening and its hash published; the draw waits for the competent regulator office's share (due by {dueAt}).",
  "share.pending.overdue":
    "The draw waits for the competent regulator office's share, overdue since {dueAt}; the project was escalated. The platform does not draw alone.",
  "share.pending.notCommitted":
    "The competent regulator office made no commitment in the bidding period, so the draw cannot take place; the project was escalated. The platform does not draw alone.",
  "share.threat.office":
    "The regulator office commits to its share before the bid deadline and does not know the platform's secret before the opening, so it can neither predict nor choose the result; it can only reveal the share it committed to. The platform does not know the share before the reveal; once it is revealed, the secret, the list and the share are all in the audit chain and the result cannot be changed. Only the two together could steer the draw.",
  "notify.share.requested": "A project needs a draw reveal share from your office: commit to it before the bid deadline.",
  "notify.share.overdue": "A project's draw reveal share was not given in time; the project was escalated.",
};

export default sharesEn;
