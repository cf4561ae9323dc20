import { promises as fs } from "node:fs";
import path from "node:path";
import { FileMigrationProvider, Migrator, type Kysely } from "kysely";

export const migrationFolder = path.resolve(process.cwd(), "db/migrations");

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
