import verifySource from "~/modules/procurement/verify.ts?raw";
import drawSource from "~/modules/procurement/draw.rules.ts?raw";
import beaconSource from "~/modules/procurement/beacon.rules.ts?raw";
import selectionSource from "~/modules/procurement/selection.rules.ts?raw";
import receiptsSource from "~/modules/procurement/receipts.rules.ts?raw";
import scriptSource from "../../../scripts/verify-draw.ts?raw";

/**
 * The verifier's source, exactly as this build runs it (bundled at build time), so anyone can read what
 * the verify page and `npm run verify:draw` check without taking the platform's word for it.
 */
const files: [string, string][] = [
  ["scripts/verify-draw.ts", scriptSource],
  ["app/modules/procurement/verify.ts", verifySource],
  ["app/modules/procurement/draw.rules.ts", drawSource],
  ["app/modules/procurement/beacon.rules.ts", beaconSource],
  ["app/modules/procurement/selection.rules.ts", selectionSource],
  ["app/modules/procurement/receipts.rules.ts", receiptsSource],
];
const body = files.map(([path, text]) => `// ===== ${path} =====\n${text}`).join("\n");

export function loader() {
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
