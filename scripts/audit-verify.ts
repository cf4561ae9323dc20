import path from "node:path";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { openDatabase } from "~/server/db.server";
import { readEnv } from "~/server/env.server";

const env = readEnv();
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite") });
try {
  const report = await verifyAuditChain(handle.db);
  if (report.ok) {
    console.log(`audit chain intact: ${report.checked} events, last hash ${report.lastHash}`);
  } else {
    console.error(
      `audit chain BROKEN at event #${report.firstBroken!.id} (${report.firstBroken!.reason} does not match); ${report.checked} events before it are intact`,
    );
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
