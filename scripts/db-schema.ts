// Generates db/schema.ts (the Kysely types) and db/schema.sql (the schema as SQL text, trigger and
// function bodies included) from a freshly migrated PostgreSQL database, or with --verify checks that
// the committed files match the migrations (CI runs the verify step).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "~/server/db.server";
import { migrateToLatest } from "~/server/migrate.server";
import { createFreshDatabase } from "./lib/pg-admin";
import { schemaSql } from "./lib/schema-sql";

const SCHEMA_SQL = "db/schema.sql";

const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!base) {
  console.error("db:schema needs a PostgreSQL server: set DATABASE_URL or TEST_DATABASE_URL");
  process.exit(2);
}
const verify = process.argv.includes("--verify");
const fresh = await createFreshDatabase(base, "schema");
let ok = true;
try {
  const handle = await openDatabase({ url: fresh.url });
  await migrateToLatest(handle.db);
  await handle.close();
  const args = [
    "kysely-codegen",
    "--dialect",
    "postgres",
    "--camel-case",
    "--date-parser",
    "string",
    "--url",
    fresh.url,
    "--out-file",
    "db/schema.ts",
    "--exclude-pattern",
    "kysely_migration*",
    "--type-mapping",
    JSON.stringify({ int8: "number", bytea: "Uint8Array" }),
    "--log-level",
    "warn",
  ];
  if (verify) args.push("--verify");
  try {
    execFileSync("npx", args, { stdio: "inherit" });
    console.log(verify ? "db/schema.ts matches the migrations" : "wrote db/schema.ts");
  } catch {
    // kysely-codegen has said what differs; the SQL text is still checked, so one run reports both.
    ok = false;
  }

  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  let text: string;
  try {
    text = await schemaSql(client);
  } finally {
    await client.end();
  }
  if (!verify) {
    fs.writeFileSync(SCHEMA_SQL, text);
    console.log(`wrote ${SCHEMA_SQL}`);
  } else if (fs.existsSync(SCHEMA_SQL) && fs.readFileSync(SCHEMA_SQL, "utf8") === text) {
    console.log(`${SCHEMA_SQL} matches the migrations`);
  } else {
    ok = false;
    const migrated = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-schema-")), "schema.sql");
    fs.writeFileSync(migrated, text);
    console.error(
      `${SCHEMA_SQL} does not match the migrations (the migrated schema is in ${migrated}); run \`npm run db:schema\` and commit it.`,
    );
    console.error(schemaDiff(SCHEMA_SQL, migrated));
  }
} finally {
  await fresh.drop();
}
process.exit(ok ? 0 : 1);

/** A unified diff, committed → migrated, cut to a screenful; the first differing line where diff is missing. */
function schemaDiff(committed: string, migrated: string): string {
  const from = fs.existsSync(committed) ? committed : os.devNull;
  const r = spawnSync("diff", ["-u", "--label", `${committed} (committed)`, "--label", `${committed} (migrated)`, from, migrated], {
    encoding: "utf8",
  });
  if (r.status === 1 && r.stdout) {
    const lines = r.stdout.trimEnd().split("\n");
    return lines.length > 80 ? `${lines.slice(0, 80).join("\n")}\n… ${lines.length - 80} more diff lines` : lines.join("\n");
  }
  const a = from === os.devNull ? [] : fs.readFileSync(committed, "utf8").split("\n");
  const b = fs.readFileSync(migrated, "utf8").split("\n");
  const i = b.findIndex((line, n) => a[n] !== line);
  const at = i === -1 ? b.length : i;
  return `first difference at line ${at + 1}:\n- ${a[at] ?? "(end of file)"}\n+ ${b[at] ?? "(end of file)"}`;
}
