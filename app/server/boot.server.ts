import path from "node:path";
import { seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { openDatabase, type DatabaseHandle } from "./db.server";
import type { Env } from "./env.server";
import { migrateToLatest } from "./migrate.server";

/** Opens the database the configuration names, migrates it and loads reference data (and the demo). */
export async function prepareDatabase(env: Env, opts: { seedDemo?: boolean } = {}): Promise<DatabaseHandle & { demoSeeded: boolean }> {
  const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite") });
  try {
    await migrateToLatest(handle.db);
    await seedReference(handle.db);
    const demoSeeded = (opts.seedDemo ?? env.SEED_DEMO) ? await seedDemo(handle.db) : false;
    return { ...handle, demoSeeded };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
