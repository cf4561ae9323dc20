import { sql, type Kysely } from "kysely";

// The procedure is locked once published (issue 19, item 4). A change after publication is a public
// amendment notice (更正公告): each one is a row here with what changed and the version it replaced, and
// neither is ever edited or removed. A cancellation names a ground from a fixed list and is a public
// notice of its own; a project published again from a failed or cancelled one names its predecessor.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table project_amendments (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references projects(id),
      revision integer not null check (revision >= 1),
      changes jsonb not null,
      previous jsonb not null,
      deadline_before timestamptz,
      deadline_after timestamptz not null,
      voided_bids integer not null default 0 check (voided_bids >= 0),
      actor_user_id uuid references users(id),
      amended_at timestamptz not null default now(),
      unique (project_id, revision)
    )`.execute(db);
  await sql`
    create table project_cancellations (
      project_id uuid primary key references projects(id),
      ground text not null check (ground in ('requirementWithdrawn', 'approvalChanged', 'fundingUnavailable', 'documentsDefective', 'forceMajeure', 'regulatorOrder')),
      explanation text not null check (char_length(explanation) between 10 and 1000),
      stage text not null check (stage in ('published', 'bidding', 'selecting', 'awarded')),
      award_id uuid references awards(id),
      actor_user_id uuid references users(id),
      cancelled_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index project_cancellations_after_award_idx on project_cancellations (cancelled_at) where stage = 'awarded'`.execute(db);
  await sql`alter table projects add column predecessor_id uuid references projects(id)`.execute(db);
  await sql`create index projects_predecessor_idx on projects (predecessor_id) where predecessor_id is not null`.execute(db);
  await sql`
    create function procedure_notices_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'P0001', hint = 'notices_append_only';
    end $$`.execute(db);
  for (const table of ["project_amendments", "project_cancellations"]) {
    await sql`
      create trigger ${sql.raw(`${table}_no_change`)} before update or delete on ${sql.table(table)}
      for each row execute function procedure_notices_append_only()`.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function procedure_notices_append_only()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists project_cancellations`.execute(db);
  await sql`drop table if exists project_amendments`.execute(db);
  await sql`alter table projects drop column if exists predecessor_id`.execute(db);
  await sql`drop function if exists procedure_notices_append_only()`.execute(db);
}
