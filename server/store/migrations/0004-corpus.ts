import { sql, type Kysely } from 'kysely';

// Personas and corpus provenance: the personas the registry knows, the avatars uploaded for them,
// and every version of every corpus document with its review state. Row types:
// server/governance/personas/tables.ts and server/governance/corpus/tables.ts.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gov_personas')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('organization', 'text')
    .addColumn('profile', 'jsonb', (col) => col.notNull())
    .addColumn('folder', 'text')
    .addColumn('avatar_sha256', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('gov_persona_avatars')
    .addColumn('persona_id', 'text', (col) => col.notNull().references('gov_personas.id'))
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('bytes', 'integer', (col) => col.notNull())
    .addColumn('morph_targets', 'jsonb', (col) => col.notNull())
    .addColumn('uploaded_by', 'text', (col) => col.notNull())
    .addColumn('uploaded_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('gov_persona_avatars_pk', ['persona_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('gov_corpus_versions')
    .addColumn('persona_id', 'text', (col) => col.notNull().references('gov_personas.id'))
    .addColumn('file', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('doc_date', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('approved_by', 'text', (col) => col.notNull())
    .addColumn('topics', 'jsonb', (col) => col.notNull())
    .addColumn('declared_version', 'integer')
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .addColumn('warnings', 'jsonb', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('uploaded_by', 'text', (col) => col.notNull())
    .addColumn('uploaded_at', 'timestamptz', (col) => col.notNull())
    .addColumn('approval_by', 'text')
    .addColumn('approval_at', 'timestamptz')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdraw_reason', 'text')
    .addPrimaryKeyConstraint('gov_corpus_versions_pk', ['persona_id', 'file', 'version'])
    .addCheckConstraint(
      'gov_corpus_versions_status_check',
      sql`status in ('pending', 'approved', 'withdrawn')`,
    )
    .addCheckConstraint('gov_corpus_versions_origin_check', sql`origin in ('folder', 'upload')`)
    .addCheckConstraint('gov_corpus_versions_version_check', sql`version >= 1`)
    .execute();
  await db.schema
    .createIndex('gov_corpus_versions_status_idx')
    .on('gov_corpus_versions')
    .columns(['persona_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['gov_corpus_versions', 'gov_persona_avatars', 'gov_personas']) {
    await db.schema.dropTable(table).execute();
  }
}
