import { sql, type Kysely } from "kysely";

// Foundation: regions, the service catalogue, organisations, users and sessions, the audit chain.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table regions (
      code char(6) primary key check (code ~ '^[0-9]{6}$'),
      name text not null,
      parent_code char(6) references regions(code),
      level smallint not null check (level between 1 and 3)
    )`.execute(db);
  await sql`create index regions_parent_idx on regions (parent_code)`.execute(db);

  await sql`
    create table service_items (
      id serial primary key,
      code text not null unique,
      category text not null,
      name_zh text not null,
      name_en text not null,
      approval_zh text not null,
      legal_basis_zh text not null,
      statutory_days integer check (statutory_days > 0),
      fee_basis_zh text not null,
      fee_basis_en text not null,
      required_qualification_zh text,
      required_qualification_en text,
      description_zh text not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table organizations (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('agency', 'owner', 'regulator')),
      owner_type text check (owner_type in ('enterprise', 'department')),
      name text not null check (char_length(name) between 2 and 200),
      credit_code char(18) unique check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
      region_code char(6) not null references regions(code),
      legal_representative text,
      address text,
      contact_phone text,
      contact_email text,
      business_scope text,
      created_at timestamptz not null default now(),
      check ((kind = 'owner') = (owner_type is not null)),
      check (kind = 'regulator' or credit_code is not null)
    )`.execute(db);
  await sql`create index organizations_kind_idx on organizations (kind, created_at desc)`.execute(db);

  await sql`
    create table regulator_service_items (
      regulator_id uuid not null references organizations(id) on delete cascade,
      service_item_id integer not null references service_items(id),
      primary key (regulator_id, service_item_id)
    )`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null check (email = lower(email) and email like '%_@_%'),
      name text not null,
      password_hash text not null,
      locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
      is_site_admin boolean not null default false,
      created_at timestamptz not null default now(),
      password_changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index users_email_key on users (email)`.execute(db);

  // One organisation per account: a person who works for two organisations has two accounts.
  await sql`
    create table memberships (
      user_id uuid primary key references users(id) on delete cascade,
      org_id uuid not null references organizations(id) on delete cascade,
      role text not null check (role in ('admin', 'member')),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index memberships_org_idx on memberships (org_id)`.execute(db);

  await sql`
    create table invitations (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references organizations(id) on delete cascade,
      email text not null check (email = lower(email)),
      role text not null check (role in ('admin', 'member')),
      token_hash bytea not null unique,
      invited_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by uuid references users(id),
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index invitations_org_idx on invitations (org_id, created_at desc)`.execute(db);

  // Sessions after Lucia's design: the token is "<id>.<secret>", only SHA-256(secret) is kept.
  await sql`
    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      secret_hash bytea not null,
      created_at timestamptz not null default now(),
      last_verified_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions (user_id)`.execute(db);

  await sql`
    create table login_throttles (
      key text primary key,
      failures integer not null default 0,
      last_failure_at timestamptz not null,
      locked_until timestamptz
    )`.execute(db);

  // The audit trail: append-only, each row chained to the previous one by SHA-256.
  await sql`
    create table audit_events (
      id bigserial primary key,
      occurred_at timestamptz not null,
      actor_user_id uuid,
      actor_org_id uuid,
      action text not null,
      subject_type text not null,
      subject_id text not null,
      data jsonb not null default '{}'::jsonb,
      prev_hash char(64) not null unique,
      hash char(64) not null unique
    )`.execute(db);
  await sql`create index audit_events_subject_idx on audit_events (subject_type, subject_id, id)`.execute(db);
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only' using errcode = 'raise_exception';
    end $$`.execute(db);
  await sql`
    create trigger audit_events_no_update before update or delete on audit_events
    for each row execute function audit_events_append_only()`.execute(db);
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "audit_events",
    "login_throttles",
    "sessions",
    "invitations",
    "memberships",
    "users",
    "regulator_service_items",
    "organizations",
    "service_items",
    "regions",
  ]) {
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  }
  await sql`drop function if exists audit_events_append_only()`.execute(db);
}
