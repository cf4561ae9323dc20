import { sql, type Kysely } from "kysely";

// Hardening (issue 9): what the race, fault and session tests found.
//  - A bid write takes a share lock on its project (the lock a foreign key check takes anyway) before the
//    deadline trigger judges it, so a bid that began before the deadline and commits after it either
//    finishes before the opening reads the bids (the opening waits, or skips the project until the next
//    run) or is judged after the opening (refused): it can no longer be stored beside a draw that did not
//    see it, nor change a bid the draw already used.
//  - Rate limits shared by every instance (sign-up per client address, complaints per organisation): a
//    fixed window counted by one upsert, so a burst of parallel requests counts every one.
//  - Notification e-mail remembers who has been sent each notification and retries the others later,
//    so one failing recipient neither repeats the e-mail to the others nor holds up every later one.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function bids_before_deadline() returns trigger language plpgsql as $$
    declare
      deadline timestamptz;
      st text;
    begin
      select bid_deadline, status into deadline, st from projects where id = new.project_id for key share;
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
    create table rate_limits (
      key text primary key,
      window_started_at timestamptz not null,
      hits integer not null check (hits >= 0)
    )`.execute(db);

  await sql`
    alter table notifications
      add column emailed_to text[] not null default '{}',
      add column email_attempts integer not null default 0,
      add column email_retry_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications drop column if exists emailed_to, drop column if exists email_attempts, drop column if exists email_retry_at`.execute(
    db,
  );
  await sql`drop table if exists rate_limits`.execute(db);
  await sql`
    create or replace function bids_before_deadline() returns trigger language plpgsql as $$
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
}
