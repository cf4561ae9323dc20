import { sql, type Kysely } from "kysely";

// The edges of bidding (docs: app/modules/procurement/bidding.rules.ts):
// - a policy's longest bidding period (a notice that never closes is no tender) and the floor under a
//   direct selection's price, as a share of the ceiling;
// - a second abnormally-low threshold, against the ceiling (the first, abnormally_low_pct, is against the
//   other valid bids' mean);
// - a bid's written justification of an abnormally low price, sealed like the bid and public from the
//   opening (the opened_bids view gains the column, at its end).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table procedure_policies
      add column max_bidding_days integer not null default 90 check (max_bidding_days between 5 and 365),
      add column direct_floor_pct integer not null default 30 check (direct_floor_pct between 0 and 100),
      add column abnormally_low_ceiling_pct integer not null default 40 check (abnormally_low_ceiling_pct between 1 and 100)`.execute(db);
  await sql`
    alter table bids add column justification text
      check (justification is null or char_length(justification) between 1 and 5000)`.execute(db);
  await sql`
    create or replace view opened_bids as
      select b.id, b.project_id, b.agency_id, b.price_fen, b.committed_days, b.proposal, b.status, b.status_reason,
             b.version, b.hash, b.submitted_at, b.updated_at, b.justification
      from bids b join projects p on p.id = b.project_id
      where p.bid_deadline is not null and p.bid_deadline <= now() and p.status not in ('draft', 'published', 'bidding')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view opened_bids`.execute(db);
  await sql`
    create view opened_bids as
      select b.id, b.project_id, b.agency_id, b.price_fen, b.committed_days, b.proposal, b.status, b.status_reason,
             b.version, b.hash, b.submitted_at, b.updated_at
      from bids b join projects p on p.id = b.project_id
      where p.bid_deadline is not null and p.bid_deadline <= now() and p.status not in ('draft', 'published', 'bidding')`.execute(db);
  await sql`alter table bids drop column justification`.execute(db);
  await sql`
    alter table procedure_policies drop column max_bidding_days, drop column direct_floor_pct,
      drop column abnormally_low_ceiling_pct`.execute(db);
}
