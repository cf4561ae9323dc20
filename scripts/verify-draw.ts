// npm run verify:draw -- <project id> [--url https://site] [--file inputs.json] [--chain chain.json]
// Recomputes a project's draw from its published record alone, without trusting the server.
// zjcs-draw-v2 (decision 042): the secret against the commitment audited at publication, the beacon
// chain against the pinned one (drand quicknet; --chain names another trusted chain), the round by the
// published rule, the beacon's BLS signature, the eligible list against the hash audited at opening,
// every bid's commitment against its preimage, the seed, the ranking, and the winner's bid and agency.
// zjcs-draw-v2-share (decision 043): as v2 with the regulator office's reveal share in place of the beacon —
// the office named at publication is the one whose commitment is audited, the share hashes to it.
// zjcs-draw-v1 (decision 018): the secret against the commitment, the seed, the ranking and winner.
// The checks are app/modules/procurement/verify.ts (checkDrawV2, checkDraw): read them, they are short.
// --receipt receipt.json [--receipt later.json …]: also checks a bid receipt (回执) against the record —
// whether its bid (agency, version, commitment) is in the opening, and if not why (verifyReceipt). The
// first --receipt is the one checked; later ones (the agency's later revisions or withdrawal) explain it.
import fs from "node:fs";
import { QUICKNET, isBeaconChain, type BeaconChain } from "~/modules/procurement/beacon.rules";
import {
  checkDraw,
  checkDrawV2,
  checkDrawV2Share,
  isDrawInputsV2,
  isDrawInputsV2Share,
  verifyReceipt,
  type DrawInputs,
} from "~/modules/procurement/verify";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const receiptFiles = args.flatMap((a, i) => (a === "--receipt" && args[i + 1] ? [args[i + 1]!] : []));
const id = args.find(
  (a, i) => !a.startsWith("--") && a !== opt("url") && a !== opt("file") && a !== opt("chain") && args[i - 1] !== "--receipt",
);
let inputs: unknown;
if (opt("file")) {
  inputs = JSON.parse(fs.readFileSync(opt("file")!, "utf8"));
} else {
  if (!id) {
    console.error(
      "usage: npm run verify:draw -- <project id> [--url http://localhost:3000] [--chain chain.json] | --file inputs.json  [--receipt receipt.json …]",
    );
    process.exit(2);
  }
  const base = opt("url") ?? process.env.APP_URL ?? "http://localhost:3000";
  const res = await fetch(`${base}/projects/${id}/draw.json`);
  if (!res.ok) {
    console.error(`could not fetch the draw inputs: ${res.status} ${await res.text()}`);
    process.exit(2);
  }
  inputs = await res.json();
}
const mark = (ok: boolean) => (ok ? "ok " : "BAD");

/** The receipt check (after the draw's own), when --receipt was given; its failure fails the run. */
function receiptOk(draw: Parameters<typeof verifyReceipt>[1]): boolean {
  if (receiptFiles.length === 0) return true;
  const [first, ...rest] = receiptFiles.map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as unknown);
  const r = verifyReceipt(first, draw, rest);
  console.log(`  ${mark(r.ok)} receipt ${receiptFiles[0]}: ${r.verdict} — ${r.reason}`);
  return r.ok;
}

if (isDrawInputsV2Share(inputs)) {
  const check = checkDrawV2Share(inputs);
  const c = check.checks;
  console.log(`project ${inputs.projectId} (zjcs-draw-v2-share, ${inputs.outcome.method}, ${inputs.list.entries.length} eligible bids)`);
  console.log(
    `  ${mark(c.auditEvents)} publication, office commitment and opening audit events are the project's, in order, hashes intact`,
  );
  console.log(`  ${mark(c.commitment)} secret hashes to the commitment audited at publication`);
  console.log(`  ${mark(c.office)} the office ${inputs.share.officeId} named at publication is the one that committed`);
  console.log(`  ${mark(c.share)} the revealed share hashes to the office's commitment audited in the bidding period`);
  console.log(`  ${mark(c.list)} eligible list hash equals the one audited at opening, before the reveal`);
  console.log(`  ${mark(c.preimages)} every bid's commitment is the hash of its published preimage (agency, price, version, nonce)`);
  console.log(`  ${mark(c.seed)} seed = SHA-256("zjcs-draw-v2-share", secret, list hash, share)`);
  console.log(`  ${mark(c.ranking)} re-running ${inputs.outcome.method} gives the published ranking`);
  console.log(
    `  ${mark(c.winner)} the winner's bid and agency, in the outcome and the award (recomputed ${check.recomputedWinnerBidId ?? "—"})`,
  );
  for (const p of check.problems) console.log(`  problem: ${p}`);
  const receipt = receiptOk(inputs);
  process.exit(check.ok && receipt ? 0 : 1);
}

if (isDrawInputsV2(inputs)) {
  const pinned: BeaconChain[] = [QUICKNET];
  if (opt("chain")) {
    const c: unknown = JSON.parse(fs.readFileSync(opt("chain")!, "utf8"));
    if (!isBeaconChain(c)) {
      console.error("--chain: not chain information {chainHash, publicKey, genesisTime, period, scheme}");
      process.exit(2);
    }
    pinned.push(c);
  }
  const check = checkDrawV2(inputs, { pinnedChains: pinned });
  const c = check.checks;
  console.log(`project ${inputs.projectId} (zjcs-draw-v2, ${inputs.outcome.method}, ${inputs.list.entries.length} eligible bids)`);
  console.log(`  ${mark(c.auditEvents)} publication and opening audit events are the project's, their hashes intact`);
  console.log(`  ${mark(c.commitment)} secret hashes to the commitment audited at publication`);
  console.log(`  ${mark(c.chain)} beacon chain ${inputs.chain.chainHash.slice(0, 16)}… is the one pinned at publication and trusted here`);
  console.log(
    `  ${mark(c.round)} round ${inputs.beacon.round} follows from the designated round and the opening time${check.delayed ? " (opening missed the designated round: moved by the rule)" : ""}`,
  );
  console.log(`  ${mark(c.signature)} the round's BLS signature verifies against the chain's public key`);
  console.log(`  ${mark(c.list)} eligible list hash equals the one audited at opening, before the round`);
  console.log(`  ${mark(c.preimages)} every bid's commitment is the hash of its published preimage (agency, price, version, nonce)`);
  console.log(`  ${mark(c.seed)} seed = SHA-256(secret, list hash, beacon randomness)`);
  console.log(`  ${mark(c.ranking)} re-running ${inputs.outcome.method} gives the published ranking`);
  console.log(
    `  ${mark(c.winner)} the winner's bid and agency, in the outcome and the award (recomputed ${check.recomputedWinnerBidId ?? "—"})`,
  );
  for (const p of check.problems) console.log(`  problem: ${p}`);
  const receipt = receiptOk(inputs);
  process.exit(check.ok && receipt ? 0 : 1);
}

const v1 = inputs as DrawInputs;
const check = checkDraw(v1);
console.log(`project ${v1.projectId} (zjcs-draw-v1, ${v1.outcome.method}, ${v1.entries.length} valid bids)`);
console.log(`  ${mark(check.commitmentMatches)} secret hashes to the commitment published before bidding`);
console.log(`  ${mark(check.seedMatches)} seed = SHA-256(secret, valid bids)`);
console.log(
  `  ${mark(check.outcomeMatches)} re-running ${v1.outcome.method} gives the published result (winner ${check.recomputedWinnerBidId ?? "—"})`,
);
if (check.problem) console.log(`  problem: ${check.problem}`);
const receipt = receiptOk(v1);
process.exit(check.commitmentMatches && check.seedMatches && check.outcomeMatches && receipt ? 0 : 1);
