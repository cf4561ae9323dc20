import { sql, type Kysely } from "kysely";

// A bid counts from when the platform received it, not from when the database got round to it: under a
// burst at the deadline (issue 8: 1,000 bids in the last second) a request that arrived in time may wait
// for a connection and reach the database a few hundred milliseconds after the deadline. The application
// writes the moment it received the request into bids.received_at; the deadline trigger judges that
// moment, trusting it only within BID_RECEIPT_GRACE (5 s) before the transaction's own time and never
// after it, and stores what it judged. A write that does not give a fresh receipt time (a withdrawal, any
// other update, a row written without one) is judged by the transaction's time, as before; a bid without
// a receipt time (null) was received when it was written (updated_at). The opening waits for
// the grace to pass after the deadline (openDueProjects), and a bid still in flight holds its key-share
// lock on the project, so a draw never misses a bid the platform accepted.
export async function up(db: Kysely<any>): Promise<void> {
  // Nullable, so adding it rewrites nothing on a table of millions: a bid written before this migration
  // (null) was received when it was last written (updated_at).
  await sql`alter table bids add column received_at timestamptz`.execute(db);
  await sql`
    create or replace function bids_before_deadline() returns trigger language plpgsql as $$
    declare
      deadline timestamptz;
      st text;
      received timestamptz;
      fresh boolean;
    begin
      select bid_deadline, status into deadline, st from projects where id = new.project_id for key share;
      -- A receipt time counts only when this write gives one (an update that keeps the old one does not).
      fresh := new.received_at is not null and (tg_op = 'INSERT' or new.received_at is distinct from old.received_at);
      if fresh then
        received := least(greatest(new.received_at, now() - interval '5 seconds'), now());
      else
        received := now();
      end if;
      if tg_op = 'INSERT'
         or new.price_fen is distinct from old.price_fen
         or new.committed_days is distinct from old.committed_days
         or new.proposal is distinct from old.proposal
         or (new.status in ('submitted', 'withdrawn') and new.status is distinct from old.status) then
        if deadline is null or st <> 'bidding' or received >= deadline then
          raise exception 'bid deadline has passed' using errcode = 'P0001', hint = 'bid_deadline_passed';
        end if;
        if fresh then
          new.received_at := received;
        end if;
      end if;
      return new;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
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
  await sql`alter table bids drop column if exists received_at`.execute(db);
}
