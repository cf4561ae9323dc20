// npm run verify:draw -- <project id> [--url https://site] [--file inputs.json]
// Recomputes a project's draw from its published inputs alone, without trusting the server: the
// secret must hash to the commitment, the seed must follow from the secret and the valid bids, and
// the recorded method re-run with that seed must give the published ranking and winner.
import fs from "node:fs";
import { checkDraw, type DrawInputs } from "~/modules/procurement/verify";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const id = args.find((a) => !a.startsWith("--") && a !== opt("url") && a !== opt("file"));
let inputs: DrawInputs;
if (opt("file")) {
  inputs = JSON.parse(fs.readFileSync(opt("file")!, "utf8")) as DrawInputs;
} else {
  if (!id) {
    console.error("usage: npm run verify:draw -- <project id> [--url http://localhost:3000] | --file inputs.json");
    process.exit(2);
  }
  const base = opt("url") ?? process.env.APP_URL ?? "http://localhost:3000";
  const res = await fetch(`${base}/projects/${id}/draw.json`);
  if (!res.ok) {
    console.error(`could not fetch the draw inputs: ${res.status} ${await res.text()}`);
    process.exit(2);
  }
  inputs = (await res.json()) as DrawInputs;
}
const check = checkDraw(inputs);
const mark = (ok: boolean) => (ok ? "ok " : "BAD");
console.log(`project ${inputs.projectId} (${inputs.outcome.method}, ${inputs.entries.length} valid bids)`);
console.log(`  ${mark(check.commitmentMatches)} secret hashes to the commitment published before bidding`);
console.log(`  ${mark(check.seedMatches)} seed = SHA-256(secret, valid bids)`);
console.log(
  `  ${mark(check.outcomeMatches)} re-running ${inputs.outcome.method} gives the published result (winner ${check.recomputedWinnerBidId ?? "—"})`,
);
if (check.problem) console.log(`  problem: ${check.problem}`);
process.exit(check.commitmentMatches && check.seedMatches && check.outcomeMatches ? 0 : 1);
