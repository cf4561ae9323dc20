import path from "node:path";
import { openDatabase } from "~/server/db.server";
import { readEnv } from "~/server/env.server";
import { migrateToLatest } from "~/server/migrate.server";

const env = readEnv();
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite") });
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} finally {
  await handle.close();
}
