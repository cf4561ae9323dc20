import { sql, type Kysely } from "kysely";

// Bid documents and receipts (issue 19, item 7; decision 042, "Bid documents and receipts"):
// - bid_documents: a bid's response documents (technical proposal, qualification proofs, other), sealed
//   like its price; their SHA-256 hashes are inside the bid's commitment. The rows are the live bid's
//   current set: a revision that uploads documents replaces them (the receipts keep every version's hashes).
// - bid_receipts: what the agency is given for each submission, revision and withdrawal, written in the
//   transaction of the bid change. Append-only, like the audit trail: the database refuses UPDATE, DELETE
//   and TRUNCATE.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table bid_documents (
      id uuid primary key default gen_random_uuid(),
      bid_id uuid not null references bids(id) on delete cascade,
      project_id uuid not null references projects(id),
      agency_id uuid not null references organizations(id),
      file_id uuid not null references files(id),
      kind text not null check (kind in ('technical', 'qualification', 'other')),
      file_name text not null check (char_length(file_name) between 1 and 200),
      size_bytes integer not null check (size_bytes > 0),
      sha256 char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index bid_documents_bid_idx on bid_documents (bid_id)`.execute(db);
  await sql`create index bid_documents_file_idx on bid_documents (file_id)`.execute(db);
  await sql`
    create table bid_receipts (
      id uuid primary key,
      bid_id uuid not null references bids(id),
      project_id uuid not null references projects(id),
      agency_id uuid not null references organizations(id),
      action text not null check (action in ('submitted', 'revised', 'withdrawn')),
      version integer not null check (version >= 1),
      -- the bid's commitment (zjcs-draw-v2, draw.rules.ts bidCommitment) and its content hash (bids.hash)
      commitment char(64) not null check (commitment ~ '^[0-9a-f]{64}$'),
      bid_hash char(64) not null,
      -- [{kind, name, sha256, sizeBytes}] of the version the receipt is for
      documents jsonb not null default '[]'::jsonb,
      received_at timestamptz not null,
      -- SHA-256 of the receipt's canonical content (receipts.rules.ts)
      receipt_hash char(64) not null unique check (receipt_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index bid_receipts_agency_idx on bid_receipts (agency_id, project_id, received_at)`.execute(db);
  await sql`create index bid_receipts_bid_idx on bid_receipts (bid_id)`.execute(db);
  await sql`
    create function bid_receipts_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'bid_receipts is append-only' using errcode = 'P0001', hint = 'receipt_append_only';
    end $$`.execute(db);
  await sql`
    create trigger bid_receipts_no_update before update or delete on bid_receipts
    for each row execute function bid_receipts_append_only()`.execute(db);
  await sql`
    create trigger bid_receipts_no_truncate before truncate on bid_receipts
    for each statement execute function bid_receipts_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table bid_receipts`.execute(db);
  await sql`drop function bid_receipts_append_only()`.execute(db);
  await sql`drop table bid_documents`.execute(db);
}
