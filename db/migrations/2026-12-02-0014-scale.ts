import { sql, type Kysely } from "kysely";

// Scale (issue 8), chosen with EXPLAIN (ANALYZE, BUFFERS) on generated data (plans in db/plans/):
//  - bids by project whatever their status (the one-live-bid index only covers submitted bids, so the
//    opened-bids list of a project, the tenderer counts of the open-data files and the red flags read the
//    whole bids table);
//  - contracts by agency and by owner (profiles, credit, assessments), open contracts by due date (the
//    overdue figure), complaints by project, published projects by publication time;
//  - the audit events of projects in id order (the OCDS change feed pages through them);
//  - dashboard_months: the dashboards' monthly figures per region and service item, recomputed by the
//    hourly job, so a dashboard sums a few thousand rows instead of a year of projects and awards;
//  - job_runs: a scheduled job claims its run here, so with several instances it runs once per interval,
//    not once per instance.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index bids_project_idx on bids (project_id, status)`.execute(db);
  await sql`create index contracts_agency_idx on contracts (agency_id, created_at desc)`.execute(db);
  await sql`create index contracts_owner_idx on contracts (owner_org_id, created_at desc)`.execute(db);
  await sql`create index contracts_open_due_idx on contracts (due_on) where status in ('signed', 'delivered')`.execute(db);
  await sql`create index complaints_project_idx on complaints (project_id)`.execute(db);
  await sql`create index projects_published_idx on projects (published_at) include (region_code, service_item_id) where status <> 'draft'`.execute(
    db,
  );
  await sql`create index audit_events_projects_idx on audit_events (id) where subject_type = 'project'`.execute(db);

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
      primary key (month, region_code, service_item_id)
    )`.execute(db);
  await sql`
    create table job_runs (
      name text primary key,
      started_at timestamptz not null,
      finished_at timestamptz,
      ok boolean
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists job_runs`.execute(db);
  await sql`drop table if exists dashboard_months`.execute(db);
  for (const i of [
    "bids_project_idx",
    "contracts_agency_idx",
    "contracts_owner_idx",
    "contracts_open_due_idx",
    "complaints_project_idx",
    "projects_published_idx",
    "audit_events_projects_idx",
  ]) {
    await sql`drop index if exists ${sql.id(i)}`.execute(db);
  }
}
