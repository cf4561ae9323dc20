import { sql, type Kysely } from "kysely";

// Every refusal the schema raises carries a hint, so code tells them apart by SQLSTATE and hint
// (isRaised in app/modules/errors.ts), never by message text. The audit trail's guard was the one
// raised without one; its message and code are unchanged.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only' using errcode = 'P0001', hint = 'audit_append_only';
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only' using errcode = 'raise_exception';
    end $$`.execute(db);
}
