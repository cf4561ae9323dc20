import { sql, type Kysely } from "kysely";

// The core of projects and awards, enough for the public counts; the procurement issue extends them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table projects (
      id uuid primary key default gen_random_uuid(),
      owner_org_id uuid not null references organizations(id),
      service_item_id integer not null references service_items(id),
      region_code char(6) not null references regions(code),
      title text not null check (char_length(title) between 4 and 200),
      status text not null default 'draft' check (status in
        ('draft', 'published', 'bidding', 'selecting', 'awarded', 'contracted', 'delivered', 'completed', 'failed', 'cancelled')),
      price_ceiling_fen bigint check (price_ceiling_fen > 0),
      government_funded boolean not null default false,
      published_at timestamptz,
      bid_deadline timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status = 'draft' or published_at is not null),
      check (bid_deadline is null or published_at is null or bid_deadline > published_at)
    )`.execute(db);
  await sql`create index projects_status_deadline_idx on projects (status, bid_deadline)`.execute(db);
  await sql`create index projects_owner_idx on projects (owner_org_id, created_at desc)`.execute(db);

  await sql`
    create table awards (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references projects(id),
      agency_org_id uuid not null references organizations(id),
      price_fen bigint not null check (price_fen > 0),
      status text not null default 'publicity' check (status in ('publicity', 'final', 'annulled')),
      awarded_at timestamptz not null default now()
    )`.execute(db);
  // At most one award in force per project: a second concurrent award fails in the database.
  await sql`create unique index awards_one_live_per_project on awards (project_id) where status <> 'annulled'`.execute(db);
  await sql`create index awards_awarded_at_idx on awards (awarded_at)`.execute(db);
  await sql`create index awards_agency_idx on awards (agency_org_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists awards`.execute(db);
  await sql`drop table if exists projects`.execute(db);
}
