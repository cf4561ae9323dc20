import { sql, type Kysely } from "kysely";

// Notifications are also e-mailed to the organisation's members when SMTP is configured.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications add column emailed_at timestamptz`.execute(db);
  await sql`create index notifications_unsent_idx on notifications (created_at) where emailed_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications drop column if exists emailed_at`.execute(db);
}
