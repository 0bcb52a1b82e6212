import { sql, type Kysely } from 'kysely';

// Reading the audit log's JSON in SQL (the metrics) must not fail on a row someone edited into
// invalid JSON: `jsonb_or_null(text)` is the text as jsonb, or null when it is not JSON. The damage
// itself is reported by audit verification, not hidden: a null just leaves the row out of a figure.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function jsonb_or_null(t text) returns jsonb
    language plpgsql immutable as $$
    begin
      return t::jsonb;
    exception when others then
      return null;
    end
    $$
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists jsonb_or_null(text)`.execute(db);
}
