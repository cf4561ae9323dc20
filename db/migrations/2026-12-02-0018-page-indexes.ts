import { sql, type Kysely } from "kysely";

// Indexes the project page and the scheduler needed at 1M projects (issue 8; found in PostgreSQL's slow
// statement log under the scale benchmark): a contract's deliveries were read by scanning 760,000 rows
// (110–160 ms a page), a project's awards (annulled ones included) had no index of their own, and the
// five-second job looked for awards whose publicity had ended by scanning all of them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index deliveries_contract_idx on deliveries (contract_id, submitted_at)`.execute(db);
  await sql`create index awards_project_idx on awards (project_id, awarded_at)`.execute(db);
  await sql`create index awards_publicity_due_idx on awards (publicity_ends_at) where status = 'publicity'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ["deliveries_contract_idx", "awards_project_idx", "awards_publicity_due_idx"])
    await sql`drop index if exists ${sql.id(i)}`.execute(db);
}
