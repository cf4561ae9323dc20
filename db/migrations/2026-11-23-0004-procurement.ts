import { sql, type Kysely } from "kysely";

// Procurement: procedure policies, projects from draft to completion, sealed bids with a deadline the
// database enforces, selections with verifiable draws, awards with publicity and objections,
// contracts, deliveries and breach events.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table procedure_policies (
      id serial primary key,
      region_code char(6) references regions(code),
      version integer not null check (version >= 1),
      effective_from timestamptz not null,
      allowed_methods text[] not null,
      min_bids_government integer not null default 3 check (min_bids_government >= 1),
      min_bids_other integer not null default 1 check (min_bids_other >= 1),
      min_bidding_workdays integer not null default 3 check (min_bidding_workdays >= 0),
      publicity_workdays integer not null default 3 check (publicity_workdays >= 0),
      objection_answer_workdays integer not null default 3 check (objection_answer_workdays >= 1),
      signing_workdays integer not null default 5 check (signing_workdays >= 1),
      direct_ceiling_fen bigint not null default 10000000 check (direct_ceiling_fen >= 0),
      price_weight_min integer not null default 30,
      price_weight_max integer not null default 60,
      technical_weight_min integer not null default 20,
      technical_weight_max integer not null default 60,
      credit_weight_min integer not null default 10,
      credit_weight_max integer not null default 20,
      abnormally_low_pct integer not null default 20 check (abnormally_low_pct between 1 and 90),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      check (price_weight_min <= price_weight_max and technical_weight_min <= technical_weight_max and credit_weight_min <= credit_weight_max)
    )`.execute(db);
  // One version number per region; the national default has no region.
  await sql`create unique index procedure_policies_version_key on procedure_policies (coalesce(region_code, '000000'), version)`.execute(
    db,
  );

  await sql`
    alter table projects
      add column description text not null default '',
      add column deliverables text not null default '',
      add column price_floor_fen bigint check (price_floor_fen >= 0),
      add column selection_method text not null default 'lowestPrice'
        check (selection_method in ('direct', 'randomDraw', 'lowestPrice', 'averagePrice', 'creditPreferred', 'scored')),
      add column expected_days integer check (expected_days between 1 and 3650),
      add column policy_id integer references procedure_policies(id),
      add column publish_key uuid unique,
      add column draw_commitment char(64),
      add column price_weight integer,
      add column technical_weight integer,
      add column credit_weight integer,
      add column status_reason text,
      add column opened_at timestamptz,
      add column revision integer not null default 0,
      add constraint projects_floor_below_ceiling check (price_floor_fen is null or price_ceiling_fen is null or price_floor_fen <= price_ceiling_fen)`.execute(
    db,
  );
  await sql`create index projects_public_idx on projects (status, published_at desc) where status <> 'draft'`.execute(db);

  // The platform's draw secret stays here, out of every public query, until selection reveals it.
  await sql`
    create table project_secrets (
      project_id uuid primary key references projects(id) on delete cascade,
      secret char(64) not null,
      revealed_at timestamptz
    )`.execute(db);

  await sql`
    create table project_questions (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references projects(id) on delete cascade,
      asked_by_org uuid not null references organizations(id),
      question text not null check (char_length(question) between 2 and 2000),
      answer text,
      answered_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index project_questions_project_idx on project_questions (project_id, created_at)`.execute(db);

  await sql`
    create table bids (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references projects(id) on delete cascade,
      agency_id uuid not null references organizations(id),
      price_fen bigint not null check (price_fen > 0),
      committed_days integer not null check (committed_days between 1 and 3650),
      proposal text,
      status text not null default 'submitted' check (status in ('submitted', 'withdrawn', 'voided', 'invalid')),
      status_reason text,
      version integer not null default 1,
      hash char(64) not null,
      submitted_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // One live bid per agency and project, whatever the timing of the requests.
  await sql`create unique index bids_one_live_per_agency on bids (project_id, agency_id) where status = 'submitted'`.execute(db);
  await sql`create index bids_agency_idx on bids (agency_id, submitted_at desc)`.execute(db);

  // The deadline is enforced by the database with the transaction's time: no bid is written, revised
  // or withdrawn at or after it. After it only the platform's own status changes (invalid, voided) pass.
  await sql`
    create function bids_before_deadline() returns trigger language plpgsql as $$
    declare
      deadline timestamptz;
      st text;
    begin
      select bid_deadline, status into deadline, st from projects where id = new.project_id;
      if tg_op = 'INSERT'
         or new.price_fen is distinct from old.price_fen
         or new.committed_days is distinct from old.committed_days
         or new.proposal is distinct from old.proposal
         or (new.status in ('submitted', 'withdrawn') and new.status is distinct from old.status) then
        if deadline is null or st <> 'bidding' or now() >= deadline then
          raise exception 'bid deadline has passed' using errcode = 'P0001', hint = 'bid_deadline_passed';
        end if;
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger bids_deadline before insert or update on bids
    for each row execute function bids_before_deadline()`.execute(db);

  // Bids become readable (owner, regulators, public) only once the deadline has passed.
  await sql`
    create view opened_bids as
      select b.* from bids b join projects p on p.id = b.project_id
      where p.bid_deadline is not null and p.bid_deadline <= now() and p.status not in ('draft', 'published', 'bidding')`.execute(db);

  await sql`
    create table selections (
      project_id uuid primary key references projects(id) on delete cascade,
      method text not null,
      round integer not null default 1,
      valid_bids jsonb not null,
      secret char(64),
      seed char(64),
      outcome jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    alter table awards
      add column bid_id uuid references bids(id),
      add column publicity_ends_at timestamptz,
      add column finalized_at timestamptz,
      add column annulled_reason text`.execute(db);

  await sql`
    create table objections (
      id uuid primary key default gen_random_uuid(),
      award_id uuid not null references awards(id),
      project_id uuid not null references projects(id),
      objector_org_id uuid not null references organizations(id),
      grounds text not null check (char_length(grounds) between 10 and 5000),
      evidence_file_id uuid references files(id),
      status text not null default 'open' check (status in ('open', 'answered', 'escalated', 'upheld', 'dismissed')),
      owner_answer text,
      answered_at timestamptz,
      answer_due_at timestamptz not null,
      decision_reason text,
      decided_by uuid references users(id),
      decided_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index objections_project_idx on objections (project_id, created_at)`.execute(db);

  await sql`
    create table contracts (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null unique references projects(id),
      award_id uuid not null unique references awards(id),
      agency_id uuid not null references organizations(id),
      owner_org_id uuid not null references organizations(id),
      amount_fen bigint not null check (amount_fen > 0),
      committed_days integer not null check (committed_days >= 1),
      signed_on date not null,
      due_on date not null,
      document_file_id uuid references files(id),
      status text not null default 'signed' check (status in ('signed', 'delivered', 'completed', 'terminated')),
      delivered_at timestamptz,
      completed_at timestamptz,
      late_workdays integer,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table deliveries (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts(id) on delete cascade,
      note text not null,
      file_id uuid references files(id),
      status text not null default 'submitted' check (status in ('submitted', 'accepted', 'returned')),
      decision_reason text,
      decided_at timestamptz,
      submitted_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index deliveries_one_open on deliveries (contract_id) where status = 'submitted'`.execute(db);

  // Events the trust issue turns into credit deductions and exclusion rules.
  await sql`
    create table breach_events (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references organizations(id),
      project_id uuid references projects(id),
      kind text not null check (kind in ('abandonedAward', 'lateSigning', 'lateDelivery')),
      details jsonb not null default '{}'::jsonb,
      occurred_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index breach_events_agency_idx on breach_events (agency_id, occurred_at desc)`.execute(db);

  // The national default policy (the defaults; regulators add regional versions).
  await sql`
    insert into procedure_policies (region_code, version, effective_from, allowed_methods)
    values (null, 1, '2020-01-01T00:00:00Z', array['direct', 'randomDraw', 'lowestPrice', 'averagePrice', 'creditPreferred', 'scored'])`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["breach_events", "deliveries", "contracts", "objections", "selections", "project_questions", "project_secrets"]) {
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  }
  await sql`drop view if exists opened_bids`.execute(db);
  await sql`drop table if exists bids cascade`.execute(db);
  await sql`drop function if exists bids_before_deadline()`.execute(db);
  await sql`alter table awards drop column if exists bid_id, drop column if exists publicity_ends_at, drop column if exists finalized_at, drop column if exists annulled_reason`.execute(
    db,
  );
  await sql`drop table if exists procedure_policies cascade`.execute(db);
}
