import path from "node:path";
import { DEMO_PASSWORD, demoLogins, seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { openDatabase } from "~/server/db.server";
import { readEnv } from "~/server/env.server";
import { migrateToLatest } from "~/server/migrate.server";

const env = readEnv();
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite") });
try {
  await migrateToLatest(handle.db);
  const ref = await seedReference(handle.db);
  console.log(`reference data: ${ref.regions} regions, ${ref.serviceItems} service items`);
  const seeded = await seedDemo(handle.db);
  console.log(seeded ? "demo data loaded" : "demo data already present");
  console.log(`demo logins (password ${DEMO_PASSWORD}):`);
  for (const l of demoLogins()) console.log(`  ${l.email.padEnd(28)} ${l.role.padEnd(22)} ${l.org}`);
} finally {
  await handle.close();
}
