import { sql, type Kysely } from "kysely";

// A late signing is recorded once per project, however many app instances run the sweep.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index breach_events_late_signing_once on breach_events (project_id) where kind = 'lateSigning'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists breach_events_late_signing_once`.execute(db);
}
