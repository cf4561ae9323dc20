import { sql, type Kysely } from "kysely";

// zjcs-draw-v2 (docs/decisions/042-beacon-draws.md): a public randomness beacon round designated at
// publication, the eligible list fixed and hashed at opening, the beacon's signed round stored when it
// is fetched. The bid's nonce is kept, so its commitment (agency, price, version, nonce) can be
// recomputed by anyone once the preimages are published at opening.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table bids add column nonce text`.execute(db);
  await sql`
    create table draw_beacons (
      project_id uuid primary key references projects(id) on delete cascade,
      algorithm text not null default 'zjcs-draw-v2',
      -- the beacon chain pinned at publication: chainHash, publicKey, genesisTime, period, scheme
      chain jsonb not null,
      designated_round bigint not null check (designated_round >= 1),
      designated_round_at timestamptz not null,
      -- set at opening: the eligible list (each bid's preimage and commitment) and its canonical hash
      entries jsonb,
      list_hash char(64),
      opened_at timestamptz,
      draw_round bigint check (draw_round >= 1),
      draw_round_at timestamptz,
      delayed boolean not null default false,
      -- set when the draw round's signed value has been fetched and verified
      beacon_signature text,
      beacon_randomness char(64),
      beacon_fetched_at timestamptz,
      check ((list_hash is null) = (draw_round is null)),
      check (beacon_signature is null or list_hash is not null)
    )`.execute(db);
  await sql`create index draw_beacons_waiting_idx on draw_beacons (draw_round_at) where list_hash is not null and beacon_signature is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table draw_beacons`.execute(db);
  await sql`alter table bids drop column nonce`.execute(db);
}
