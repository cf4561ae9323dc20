// Generates db/schema.ts from a freshly migrated PostgreSQL database, or with --verify checks that the
// committed file matches the migrations (CI runs the verify step).
import { execFileSync } from "node:child_process";
import { openDatabase } from "~/server/db.server";
import { migrateToLatest } from "~/server/migrate.server";
import { createFreshDatabase } from "./lib/pg-admin";

const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!base) {
  console.error("db:schema needs a PostgreSQL server: set DATABASE_URL or TEST_DATABASE_URL");
  process.exit(2);
}
const verify = process.argv.includes("--verify");
const fresh = await createFreshDatabase(base, "schema");
try {
  const handle = await openDatabase({ url: fresh.url });
  await migrateToLatest(handle.db);
  await handle.close();
  const args = [
    "kysely-codegen",
    "--dialect", "postgres",
    "--camel-case",
    "--date-parser", "string",
    "--url", fresh.url,
    "--out-file", "db/schema.ts",
    "--exclude-pattern", "kysely_migration*",
    "--type-mapping", JSON.stringify({ int8: "number", bytea: "Uint8Array" }),
    "--log-level", "warn",
  ];
  if (verify) args.push("--verify");
  execFileSync("npx", args, { stdio: "inherit" });
  console.log(verify ? "db/schema.ts matches the migrations" : "wrote db/schema.ts");
} finally {
  await fresh.drop();
}
