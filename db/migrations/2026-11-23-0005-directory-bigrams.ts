import { sql, type Kysely } from "kysely";

// Chinese text search that an index can serve for any query of two characters or more: the character
// bigrams of name + business scope in a GIN-indexed array. pg_trgm cannot help a two-character query
// (it has no trigram), and most Chinese search words are two characters long (环评, 测绘, 造价).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function zh_bigrams(t text) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct substr(lower(t), i, 2)), '{}'::text[])
      from generate_series(1, greatest(char_length(t) - 1, 0)) as i
    $$`.execute(db);
  await sql`
    alter table organizations
      add column search_bigrams text[] generated always as (zh_bigrams(name || ' ' || coalesce(business_scope, ''))) stored`.execute(db);
  await sql`create index organizations_search_bigrams on organizations using gin (search_bigrams) where kind = 'agency'`.execute(db);
  // "Cheapest first" for one item walks this index in order and stops after a page.
  await sql`drop index agency_services_item_fee_idx`.execute(db);
  await sql`create index agency_services_item_fee_idx on agency_services (service_item_id, fee_min_fen, agency_id) where active`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table organizations drop column if exists search_bigrams`.execute(db);
  await sql`drop function if exists zh_bigrams(text)`.execute(db);
}
