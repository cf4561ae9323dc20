import type drawZh from "./draw.zh-CN";

// Messages of the verifiable draw v2 (zjcs-draw-v2, decision 042): the verify page and its threat model.
const drawEn: Record<keyof typeof drawZh, string> = {
  "draw.errors.pending":
    "The public randomness beacon round this draw uses has not been produced yet; complete the evaluation once it is out.",
  "draw.pending": "The eligible list was fixed at opening and its hash published; the draw is waiting for beacon round {round} ({at}).",
  "draw.v2.title": "Verify the draw (zjcs-draw-v2)",
  "draw.v2.lead":
    "Each line below is recomputed by this page from the published data (draw.json); you can run the same checks on your own computer without trusting this platform.",
  "draw.v2.check.auditEvents": "The publication and opening audit events are this project's, with hashes matching the audit chain",
  "draw.v2.check.commitment": "The revealed platform secret hashes to the commitment recorded in the audit trail at publication",
  "draw.v2.check.chain": "The beacon chain (public key, genesis, period) is the one pinned at publication, and a trusted one",
  "draw.v2.check.round": "The beacon round follows from the designated round and the opening time by the published rule",
  "draw.v2.check.signature": "The round's BLS signature verifies against the beacon's public key; randomness = SHA-256(signature)",
  "draw.v2.check.list": "The eligible list hashes to the value recorded at opening, before the beacon round existed",
  "draw.v2.check.preimages": "Every bid's commitment is the hash of its published preimage (agency, price, version, nonce)",
  "draw.v2.check.seed": "seed = SHA-256(platform secret, list hash, beacon randomness)",
  "draw.v2.check.ranking": "Re-running the selection method with that seed gives the same ranking",
  "draw.v2.check.winner": "The winning bid and its agency match the recomputed result (notice and award)",
  "draw.v2.delayed":
    "The opening came after designated beacon round {designated}; by the published rule the draw used round {round} after the opening, and the delay is in the audit trail.",
  "draw.v2.facts": "Designated round: {designated}; round used: {round}; list hash: {listHash}",
  "draw.threat.title": "Who could steer the draw? — the threat model",
  "draw.threat.platform":
    "The platform's operators: the secret is generated at publication and its commitment written to the tamper-evident audit chain, so a different secret later would not match. At opening the list hash goes into the audit chain before the beacon round exists, so the platform cannot know the randomness when it fixes the list, nor add, drop or invalidate bids after seeing it.",
  "draw.threat.database":
    "An insider with full database access: can change rows, but changing the winner, the list, the secret or the beacon signature makes one of the checks above fail; rewriting audit events breaks the audit hash chain (npm run audit:verify and outside witnesses find it).",
  "draw.threat.agency":
    "Bidding agencies, colluding or not: bids are fixed at the deadline and each commitment binds agency, price, version and nonce; re-submitting only changes the list, and the beacon's randomness comes after the list is fixed, so there is nothing to try against.",
  "draw.threat.owner":
    "Owners and regulators: they take no part in the secret or the list and cannot influence the randomness; every result is public and checkable.",
  "draw.threat.beacon":
    "The randomness beacon (drand): produced jointly by independent organisations with a threshold signature; no single member can compute or choose a round in advance, and the beacon does not know which list and secret its round will meet.",
  "draw.threat.limit":
    "What remains: a platform that refuses or delays the opening is visible (the delay is recorded and shown) but cannot be prevented by this check; while the beacon is unreachable the draw waits.",
  "draw.source": "The verifier's source code",
  "draw.source.hint": "This page and the command line run the same code:",
  "draw.v1.note": "This project was published before the public beacon was enabled and is verified as zjcs-draw-v1.",
};

export default drawEn;
