import { sql, type Kysely } from "kysely";

// Documents attached to a project notice; public once published unless marked confidential.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table project_attachments (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references projects(id) on delete cascade,
      file_id uuid not null references files(id),
      title text not null check (char_length(title) between 1 and 200),
      confidential boolean not null default false,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index project_attachments_project_idx on project_attachments (project_id, created_at)`.execute(db);
  await sql`create index project_attachments_file_idx on project_attachments (file_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists project_attachments`.execute(db);
}
