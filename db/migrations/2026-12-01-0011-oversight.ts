import { sql, type Kysely } from "kysely";

// Oversight: red-flag thresholds and their materialised hits, monitoring cases with a public dialogue,
// random inspections (双随机、一公开) drawn verifiably, quarterly graded assessments (定期分类考评).
export async function up(db: Kysely<any>): Promise<void> {
  // Thresholds are platform-wide data that regulator administrators tune; every change is audited.
  await sql`
    create table red_flag_settings (
      flag text primary key,
      enabled boolean not null default true,
      params jsonb not null,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now()
    )`.execute(db);

  // The hits of the last evaluation, replaced as a whole by the job (several instances: the refresh
  // takes an advisory lock). The queue reads this table, never the raw data.
  await sql`
    create table red_flag_hits (
      id bigserial primary key,
      flag text not null,
      subject_type text not null check (subject_type in ('project', 'agency', 'owner', 'market')),
      subject_id text not null,
      project_ids uuid[] not null default '{}',
      agency_ids uuid[] not null default '{}',
      region_codes char(6)[] not null default '{}',
      item_ids integer[] not null default '{}',
      value_fen bigint not null default 0,
      facts jsonb not null,
      detected_at timestamptz not null,
      unique (flag, subject_type, subject_id)
    )`.execute(db);
  await sql`create index red_flag_hits_subject_idx on red_flag_hits (subject_type, subject_id)`.execute(db);
  await sql`create index red_flag_hits_items_idx on red_flag_hits using gin (item_ids)`.execute(db);
  await sql`create index red_flag_hits_projects_idx on red_flag_hits using gin (project_ids)`.execute(db);

  // Monitoring cases (ProZorro's monitoring): opened from a flag, a complaint or the office's initiative.
  await sql`
    create table monitoring_cases (
      id uuid primary key default gen_random_uuid(),
      regulator_org_id uuid not null references organizations(id),
      opened_by uuid not null references users(id),
      origin text not null check (origin in ('flag', 'complaint', 'initiative')),
      flag text,
      complaint_id uuid references complaints(id),
      project_id uuid references projects(id),
      agency_id uuid references organizations(id),
      owner_org_id uuid references organizations(id),
      title text not null check (char_length(title) between 4 and 200),
      grounds text not null check (char_length(grounds) between 10 and 5000),
      status text not null default 'draft' check (status in ('draft', 'active', 'addressed', 'declined', 'completed', 'closed')),
      violation text,
      conclusion text,
      follow_up text check (follow_up in ('none', 'sanction', 'creditEvent')),
      sanction_id uuid references sanctions(id),
      breach_event_id uuid references breach_events(id),
      created_at timestamptz not null default now(),
      activated_at timestamptz,
      concluded_at timestamptz,
      updated_at timestamptz not null default now(),
      check (project_id is not null or agency_id is not null or owner_org_id is not null),
      check ((origin = 'flag') = (flag is not null)),
      check ((origin = 'complaint') = (complaint_id is not null))
    )`.execute(db);
  await sql`create index monitoring_cases_office_idx on monitoring_cases (regulator_org_id, updated_at desc)`.execute(db);
  await sql`create index monitoring_cases_agency_idx on monitoring_cases (agency_id)`.execute(db);
  await sql`create index monitoring_cases_project_idx on monitoring_cases (project_id)`.execute(db);
  await sql`
    create table case_messages (
      id bigserial primary key,
      case_id uuid not null references monitoring_cases(id) on delete cascade,
      author_org_id uuid not null references organizations(id),
      author_user_id uuid not null references users(id),
      body text not null check (char_length(body) between 2 and 5000),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index case_messages_case_idx on case_messages (case_id, id)`.execute(db);
  await sql`alter table sanctions add column case_id uuid references monitoring_cases(id)`.execute(db);

  // A finding of a monitoring case can be a credit event of its own.
  await sql`alter table breach_events drop constraint breach_events_kind_check`.execute(db);
  await sql`
    alter table breach_events add constraint breach_events_kind_check
      check (kind in ('abandonedAward', 'lateSigning', 'lateDelivery', 'upheldComplaint', 'overcharge', 'monitoringFinding'))`.execute(db);

  // Random inspections: population and sample fixed and committed to before the draw.
  await sql`
    create table inspections (
      id uuid primary key default gen_random_uuid(),
      regulator_org_id uuid not null references organizations(id),
      created_by uuid not null references users(id),
      title text not null check (char_length(title) between 4 and 200),
      population_filter jsonb not null,
      population jsonb not null,
      sample_size integer not null check (sample_size >= 1),
      inspectors_per_target integer not null default 2 check (inspectors_per_target between 1 and 5),
      inspector_pool jsonb not null,
      secret char(64) not null,
      commitment char(64) not null,
      seed char(64),
      targets jsonb,
      status text not null default 'planned' check (status in ('planned', 'drawn', 'completed')),
      created_at timestamptz not null default now(),
      drawn_at timestamptz,
      completed_at timestamptz
    )`.execute(db);
  await sql`create index inspections_office_idx on inspections (regulator_org_id, created_at desc)`.execute(db);
  await sql`
    create table inspection_results (
      inspection_id uuid not null references inspections(id) on delete cascade,
      agency_id uuid not null references organizations(id),
      outcome text not null check (outcome in ('compliant', 'issues', 'violation')),
      findings text not null check (char_length(findings) between 2 and 5000),
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null default now(),
      primary key (inspection_id, agency_id)
    )`.execute(db);

  // Quarterly graded assessments per agency: five dimensions computed from the record, the office's
  // adjustment with its reason, the total; published ones count as department assessments in credit.
  await sql`
    create table assessments (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references organizations(id),
      regulator_org_id uuid not null references organizations(id),
      quarter char(7) not null check (quarter ~ '^[0-9]{4}-Q[1-4]$'),
      efficiency smallint not null check (efficiency between 0 and 100),
      fees smallint not null check (fees between 0 and 100),
      quality smallint not null check (quality between 0 and 100),
      integrity smallint not null check (integrity between 0 and 100),
      satisfaction smallint not null check (satisfaction between 0 and 100),
      adjustment smallint not null default 0 check (adjustment between -20 and 20),
      adjustment_reason text,
      total smallint not null check (total between 0 and 100),
      grade text not null check (grade in ('excellent', 'good', 'fair', 'poor')),
      facts jsonb not null,
      assessed_by uuid not null references users(id),
      published_at timestamptz not null default now(),
      unique (agency_id, regulator_org_id, quarter),
      check (adjustment = 0 or adjustment_reason is not null)
    )`.execute(db);
  await sql`create index assessments_agency_idx on assessments (agency_id, published_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["assessments", "inspection_results", "inspections", "case_messages"])
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  await sql`alter table sanctions drop column if exists case_id`.execute(db);
  for (const t of ["monitoring_cases", "red_flag_hits", "red_flag_settings"])
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  await sql`delete from breach_events where kind = 'monitoringFinding'`.execute(db);
  await sql`alter table breach_events drop constraint breach_events_kind_check`.execute(db);
  await sql`alter table breach_events add constraint breach_events_kind_check check (kind in ('abandonedAward', 'lateSigning', 'lateDelivery', 'upheldComplaint', 'overcharge'))`.execute(
    db,
  );
}
