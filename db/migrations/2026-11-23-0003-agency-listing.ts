import { sql, type Kysely } from "kysely";

// Agencies list themselves (seed 003's profile fields, the credit pledge), offer service items with
// versioned fee standards, upload qualifications that regulators verify; notifications tell them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table organizations
      add column contact_person text,
      add column contact_public boolean not null default false,
      add column pledge_version text,
      add column pledge_signed_at timestamptz,
      add column search_text text generated always as (name || ' ' || coalesce(business_scope, '')) stored`.execute(db);
  await sql`create index organizations_search_trgm on organizations using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`create index organizations_agency_created_idx on organizations (created_at desc) where kind = 'agency'`.execute(db);

  await sql`
    create table agency_services (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references organizations(id) on delete cascade,
      service_item_id integer not null references service_items(id),
      version integer not null default 1 check (version >= 1),
      active boolean not null default true,
      fee_mode text not null check (fee_mode in ('fixed', 'range', 'rate')),
      fee_min_fen bigint check (fee_min_fen >= 0),
      fee_max_fen bigint,
      fee_rate_bp integer check (fee_rate_bp > 0 and fee_rate_bp <= 10000),
      fee_basis text,
      committed_days integer not null check (committed_days between 1 and 3650),
      pledge text not null,
      regions char(6)[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (agency_id, service_item_id),
      check (fee_mode <> 'fixed' or (fee_min_fen is not null and fee_max_fen = fee_min_fen)),
      check (fee_mode <> 'range' or (fee_min_fen is not null and fee_max_fen > fee_min_fen)),
      check (fee_mode <> 'rate' or (fee_rate_bp is not null and fee_basis is not null and fee_min_fen is null and fee_max_fen is null))
    )`.execute(db);
  await sql`create index agency_services_item_fee_idx on agency_services (service_item_id, fee_min_fen) where active`.execute(db);
  await sql`create index agency_services_regions_idx on agency_services using gin (regions)`.execute(db);

  // Every version of a service listing, the current one included; rows are never changed.
  await sql`
    create table agency_service_versions (
      id bigserial primary key,
      agency_service_id uuid not null references agency_services(id) on delete cascade,
      version integer not null,
      active boolean not null,
      fee_mode text not null,
      fee_min_fen bigint,
      fee_max_fen bigint,
      fee_rate_bp integer,
      fee_basis text,
      committed_days integer not null,
      pledge text not null,
      regions char(6)[] not null,
      created_at timestamptz not null default now(),
      created_by uuid references users(id),
      unique (agency_service_id, version)
    )`.execute(db);

  await sql`
    create table files (
      id uuid primary key default gen_random_uuid(),
      owner_org_id uuid not null references organizations(id) on delete cascade,
      sha256 char(64) not null,
      mime text not null check (mime in ('application/pdf', 'image/jpeg', 'image/png')),
      size_bytes integer not null check (size_bytes > 0 and size_bytes <= 10485760),
      original_name text not null,
      storage_key text not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table qualifications (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references organizations(id) on delete cascade,
      service_item_id integer not null references service_items(id),
      qual_type text not null,
      level text,
      certificate_no text not null,
      issuer text not null,
      valid_from date not null,
      valid_to date not null,
      document_file_id uuid references files(id),
      status text not null default 'pending' check (status in ('pending', 'verified', 'rejected')),
      reviewed_by uuid references users(id),
      reviewer_org_id uuid references organizations(id),
      reviewed_at timestamptz,
      review_reason text,
      created_at timestamptz not null default now(),
      check (valid_to >= valid_from),
      check (status = 'pending' or (reviewed_by is not null and reviewed_at is not null)),
      check (status <> 'rejected' or review_reason is not null)
    )`.execute(db);
  await sql`create index qualifications_agency_idx on qualifications (agency_id, service_item_id)`.execute(db);
  await sql`create index qualifications_queue_idx on qualifications (service_item_id, created_at) where status = 'pending'`.execute(db);
  await sql`create index qualifications_verified_idx on qualifications (service_item_id, agency_id, valid_to) where status = 'verified'`.execute(
    db,
  );

  await sql`
    create table notifications (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references organizations(id) on delete cascade,
      kind text not null,
      subject_type text not null,
      subject_id text not null,
      params jsonb not null default '{}'::jsonb,
      dedupe_key text unique,
      created_at timestamptz not null default now(),
      read_at timestamptz
    )`.execute(db);
  await sql`create index notifications_org_idx on notifications (org_id, created_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["notifications", "qualifications", "files", "agency_service_versions", "agency_services"]) {
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  }
  await sql`
    alter table organizations drop column if exists search_text, drop column if exists contact_person,
      drop column if exists contact_public, drop column if exists pledge_version, drop column if exists pledge_signed_at`.execute(db);
}
