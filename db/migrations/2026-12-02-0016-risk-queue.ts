import { sql, type Kysely } from "kysely";

// The risk queue at scale (issue 8): ranking every hit of an office's scope on each visit took 17 s with
// 490,000 hits on 1M projects. The refresh that evaluates the flags (hourly, and when a threshold is
// tuned) now also stores, per regulator office, which hits are in its scope and its ranked queue; the
// console reads those. An office created since the last refresh is ranked live until the next one.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table red_flag_office_hits (
      office_id uuid not null references organizations(id) on delete cascade,
      hit_id bigint not null references red_flag_hits(id) on delete cascade,
      flag text not null,
      value_fen bigint not null,
      primary key (office_id, hit_id)
    )`.execute(db);
  await sql`create index red_flag_office_hits_flag_idx on red_flag_office_hits (office_id, flag, value_fen desc)`.execute(db);
  await sql`
    create table risk_queue_rows (
      office_id uuid not null references organizations(id) on delete cascade,
      rank integer not null check (rank >= 1),
      subject_type text not null check (subject_type in ('project', 'agency', 'owner')),
      subject_id text not null,
      hits integer not null,
      flags text[] not null,
      value_fen bigint not null,
      score float8 not null,
      primary key (office_id, rank)
    )`.execute(db);
  await sql`
    create table risk_queue_offices (
      office_id uuid primary key references organizations(id) on delete cascade,
      refreshed_at timestamptz not null,
      subjects integer not null
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists risk_queue_offices`.execute(db);
  await sql`drop table if exists risk_queue_rows`.execute(db);
  await sql`drop table if exists red_flag_office_hits`.execute(db);
}
