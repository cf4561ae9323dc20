import { sql, type Kysely } from "kysely";

// The dashboards' rollup at 1M projects (issue 8): cells per district made an office's dashboard sum up
// to 500,000 index entries with a prefix filter (845 ms). The rollup now holds every level a scope can
// ask for — the whole platform (''), a province ('32'), a city ('3201'), a district ('320105'), the
// prefixes regionPrefix gives — so a dashboard reads at most 12 months × its items rows by exact key.
// The counts of agencies per region use an index that serves a prefix.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop table dashboard_months`.execute(db);
  await sql`delete from job_runs where name = 'dashboard_months'`.execute(db);
  await sql`
    create table dashboard_months (
      region_key text collate "C" not null,
      month date not null,
      service_item_id integer not null,
      published integer not null default 0,
      awards integer not null default 0,
      award_fen bigint not null default 0,
      ceiling_awards integer not null default 0,
      ceiling_fen bigint not null default 0,
      ceiling_award_fen bigint not null default 0,
      -- days from notice to award, in the bins of NOTICE_TO_AWARD_BINS (0–7, 7–14, … 90+)
      speed_1 integer not null default 0,
      speed_2 integer not null default 0,
      speed_3 integer not null default 0,
      speed_4 integer not null default 0,
      speed_5 integer not null default 0,
      speed_6 integer not null default 0,
      speed_7 integer not null default 0,
      speed_8 integer not null default 0,
      contracts integer not null default 0,
      primary key (region_key, month, service_item_id)
    )`.execute(db);
  await sql`create index organizations_kind_region_idx on organizations (kind, region_code bpchar_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists organizations_kind_region_idx`.execute(db);
  await sql`drop table if exists dashboard_months`.execute(db);
  await sql`delete from job_runs where name = 'dashboard_months'`.execute(db);
  await sql`
    create table dashboard_months (
      month date not null,
      region_code char(6) not null,
      service_item_id integer not null,
      published integer not null default 0,
      awards integer not null default 0,
      award_fen bigint not null default 0,
      ceiling_awards integer not null default 0,
      ceiling_fen bigint not null default 0,
      ceiling_award_fen bigint not null default 0,
      speed_1 integer not null default 0,
      speed_2 integer not null default 0,
      speed_3 integer not null default 0,
      speed_4 integer not null default 0,
      speed_5 integer not null default 0,
      speed_6 integer not null default 0,
      speed_7 integer not null default 0,
      speed_8 integer not null default 0,
      contracts integer not null default 0,
      primary key (month, region_code, service_item_id)
    )`.execute(db);
}
