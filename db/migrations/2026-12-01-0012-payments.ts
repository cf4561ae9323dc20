import { sql, type Kysely } from "kysely";

// Payments: agencies' Stripe Connect accounts, optional milestones, one ledger of money movements per
// contract (funding, release to the agency, refund to the owner — through Stripe or recorded offline),
// and the Stripe events received (each once). The database refuses any movement that would take a
// contract above its amount or release/refund more than was funded.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table payout_accounts (
      agency_id uuid primary key references organizations(id) on delete cascade,
      stripe_account_id text not null unique,
      charges_enabled boolean not null default false,
      payouts_enabled boolean not null default false,
      details_submitted boolean not null default false,
      transfers_active boolean not null default false,
      requirements jsonb not null default '[]'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table contract_milestones (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts(id) on delete cascade,
      seq integer not null check (seq >= 1),
      title text not null check (char_length(title) between 2 and 200),
      amount_fen bigint not null check (amount_fen > 0),
      accepted_at timestamptz,
      unique (contract_id, seq)
    )`.execute(db);
  // Milestones always add up to the contract amount: checked at commit, so a set can be replaced in one transaction.
  await sql`
    create function milestones_sum_check() returns trigger language plpgsql as $$
    declare
      cid uuid := coalesce(new.contract_id, old.contract_id);
      total bigint;
      n integer;
      amount bigint;
    begin
      select coalesce(sum(amount_fen), 0), count(*) into total, n from contract_milestones where contract_id = cid;
      select amount_fen into amount from contracts where id = cid;
      if n > 0 and total <> amount then
        raise exception 'milestones must add up to the contract amount' using errcode = 'P0001', hint = 'milestones_sum';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger contract_milestones_sum after insert or update or delete on contract_milestones
    deferrable initially deferred for each row execute function milestones_sum_check()`.execute(db);

  await sql`alter table contracts add column payment_state text not null default 'unfunded'
    check (payment_state in ('unfunded', 'funding', 'funded', 'partlyReleased', 'released', 'refunded', 'partlyRefunded'))`.execute(db);

  // The ledger. Funding comes from a PaymentIntent (or nothing, when the owner pays offline); releases are
  // Stripe transfers or offline payments; refunds go back on the PaymentIntent. A movement is written
  // first as pending (in the transaction of the decision), then sent to Stripe with its id as the
  // idempotency key, then settled by the response or the webhook.
  await sql`
    create table payment_movements (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts(id),
      kind text not null check (kind in ('funding', 'release', 'refund')),
      method text not null check (method in ('stripe', 'offline')),
      amount_fen bigint not null check (amount_fen > 0),
      currency char(3) not null,
      status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed', 'canceled')),
      milestone_id uuid references contract_milestones(id),
      stripe_object_id text unique,
      client_secret text,
      reason text,
      reference text,
      paid_on date,
      document_file_id uuid references files(id),
      failure text,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      settled_at timestamptz,
      check (method = 'offline' or kind = 'funding' or status <> 'succeeded' or stripe_object_id is not null),
      check (method = 'stripe' or (paid_on is not null and reference is not null))
    )`.execute(db);
  await sql`create index payment_movements_contract_idx on payment_movements (contract_id, created_at)`.execute(db);
  // One live Stripe funding per contract: a retried click finds the first one.
  await sql`create unique index payment_movements_one_funding on payment_movements (contract_id) where kind = 'funding' and status in ('pending', 'succeeded')`.execute(
    db,
  );
  await sql`create unique index payment_movements_milestone_once on payment_movements (milestone_id) where kind = 'release' and status in ('pending', 'succeeded')`.execute(
    db,
  );

  // Never above the price: with the contract row locked, a new or changed movement may not take funding
  // above the contract amount, nor releases plus refunds above what was funded (Stripe) or above the
  // amount (offline, where nothing passes through the platform).
  await sql`
    create function payment_limits_check() returns trigger language plpgsql as $$
    declare
      amount bigint;
      funding bigint;
      funded bigint;
      out_stripe bigint;
      out_all bigint;
    begin
      select amount_fen into amount from contracts where id = new.contract_id for update;
      select coalesce(sum(amount_fen) filter (where kind = 'funding' and status in ('pending', 'succeeded')), 0),
             coalesce(sum(amount_fen) filter (where kind = 'funding' and status = 'succeeded'), 0),
             coalesce(sum(amount_fen) filter (where kind in ('release', 'refund') and method = 'stripe' and status in ('pending', 'succeeded')), 0),
             coalesce(sum(amount_fen) filter (where kind = 'release' and status in ('pending', 'succeeded')), 0)
        into funding, funded, out_stripe, out_all
        from payment_movements where contract_id = new.contract_id;
      if funding > amount or out_all > amount then
        raise exception 'payments may not exceed the contract amount' using errcode = 'P0001', hint = 'above_contract';
      end if;
      if new.kind <> 'funding' and new.method = 'stripe' and new.status in ('pending', 'succeeded') and out_stripe > funded then
        raise exception 'payments may not exceed what was funded' using errcode = 'P0001', hint = 'above_funded';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger payment_movements_limits after insert or update on payment_movements
    deferrable initially immediate for each row execute function payment_limits_check()`.execute(db);

  await sql`
    create table stripe_events (
      id text primary key,
      type text not null,
      object_id text,
      received_at timestamptz not null default now(),
      outcome text
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists stripe_events`.execute(db);
  await sql`drop table if exists payment_movements cascade`.execute(db);
  await sql`drop function if exists payment_limits_check()`.execute(db);
  await sql`drop table if exists contract_milestones cascade`.execute(db);
  await sql`drop function if exists milestones_sum_check()`.execute(db);
  await sql`alter table contracts drop column if exists payment_state`.execute(db);
  await sql`drop table if exists payout_accounts`.execute(db);
}
