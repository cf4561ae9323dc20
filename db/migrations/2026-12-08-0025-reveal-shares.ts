import { sql, type Kysely } from "kysely";

// The regulator's reveal share (issue 19 item 1, second half; decision 043, zjcs-draw-v2-share):
// - procedure_policies.draw_randomness: where a region's draws take their outside randomness — the public
//   beacon (the default, decision 042) or a reveal share committed by the competent regulator office.
//   Per region like every policy value: the most specific region's policy in force wins.
// - procedure_policies.share_reveal_workdays: working days after the opening the office has to reveal
//   before the project is escalated (never a fallback to the platform's secret alone).
// - draw_shares: one row per share project — the office asked at publication, its commitment
//   SHA-256(share) (the share itself is never stored before it is revealed), the eligible list fixed at
//   opening, the reveal and the escalation.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table procedure_policies
      add column draw_randomness text not null default 'beacon' check (draw_randomness in ('beacon', 'regulatorShare')),
      add column share_reveal_workdays integer not null default 2 check (share_reveal_workdays between 1 and 20)`.execute(db);
  await sql`
    create table draw_shares (
      project_id uuid primary key references projects(id) on delete cascade,
      algorithm text not null default 'zjcs-draw-v2-share',
      office_id uuid not null references organizations(id),
      requested_at timestamptz not null default now(),
      commitment char(64) check (commitment ~ '^[0-9a-f]{64}$'),
      committed_at timestamptz,
      committed_by uuid references users(id),
      entries jsonb,
      list_hash char(64),
      opened_at timestamptz,
      reveal_due_at timestamptz,
      share char(64) check (share ~ '^[0-9a-f]{64}$'),
      revealed_at timestamptz,
      revealed_by uuid references users(id),
      escalated_at timestamptz,
      check ((commitment is null) = (committed_at is null)),
      check ((list_hash is null) = (opened_at is null)),
      check ((share is null) = (revealed_at is null)),
      check (share is null or (commitment is not null and list_hash is not null))
    )`.execute(db);
  await sql`create index draw_shares_office_idx on draw_shares (office_id) where share is null`.execute(db);
  await sql`create index draw_shares_due_idx on draw_shares (reveal_due_at) where share is null and escalated_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table draw_shares`.execute(db);
  await sql`alter table procedure_policies drop column share_reveal_workdays, drop column draw_randomness`.execute(db);
}
