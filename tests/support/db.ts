import { seedReference } from "#db/seed/reference";
import { createFreshDatabase } from "../../scripts/lib/pg-admin";
import { openDatabase, type DatabaseHandle } from "~/server/db.server";
import { migrateToLatest } from "~/server/migrate.server";

/**
 * A fresh, migrated database with reference data for one test file: an in-memory PGlite, or — when
 * TEST_DATABASE_URL names a PostgreSQL server — a new database on it, dropped afterwards.
 */
export async function createTestDatabase(opts: { reference?: boolean } = {}): Promise<DatabaseHandle> {
  const base = process.env.TEST_DATABASE_URL;
  let handle: DatabaseHandle;
  let drop = async () => {};
  if (base) {
    const fresh = await createFreshDatabase(base, "test");
    handle = await openDatabase({ url: fresh.url, poolSize: 20 });
    drop = fresh.drop;
  } else {
    handle = await openDatabase({ dataDir: "memory://" });
  }
  await migrateToLatest(handle.db);
  if (opts.reference !== false) await seedReference(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}
