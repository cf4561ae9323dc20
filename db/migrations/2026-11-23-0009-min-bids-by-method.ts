import { sql, type Kysely } from "kysely";

// Minimum valid bids may differ by selection method (e.g. 3 for a random draw even when owner-funded).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table procedure_policies add column min_bids_by_method jsonb not null default '{}'::jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table procedure_policies drop column if exists min_bids_by_method`.execute(db);
}
