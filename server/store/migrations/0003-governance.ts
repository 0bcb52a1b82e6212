import { sql, type Kysely } from 'kysely';

// Governance: the audit log (entries, signed tree heads, head, keys), staff grants, consent,
// twin control, approvals and follow-ups. Row types: server/governance/tables.ts.

const EMPTY_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gov_audit_entries')
    .addColumn('idx', 'integer', (col) => col.primaryKey())
    .addColumn('leaf_hash', 'text', (col) => col.notNull())
    .addColumn('entry_json', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('room_id', 'text')
    .addColumn('decision', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('gov_audit_entries_idx_check', sql`idx >= 0`)
    .execute();
  await db.schema
    .createIndex('gov_audit_entries_kind_idx')
    .on('gov_audit_entries')
    .columns(['kind', 'room_id'])
    .execute();

  await db.schema
    .createTable('gov_audit_sths')
    .addColumn('tree_size', 'integer', (col) => col.primaryKey())
    .addColumn('root_hash', 'text', (col) => col.notNull())
    .addColumn('timestamp_ms', 'bigint', (col) => col.notNull())
    .addColumn('key_id', 'text', (col) => col.notNull())
    .addColumn('signature', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('gov_audit_head')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('tree_size', 'integer', (col) => col.notNull())
    .addColumn('root_hash', 'text', (col) => col.notNull())
    .addColumn('frontier', 'jsonb', (col) => col.notNull())
    .addCheckConstraint('gov_audit_head_single_row', sql`id = 1`)
    .execute();
  await sql`insert into gov_audit_head (id, tree_size, root_hash, frontier) values (1, 0, ${EMPTY_ROOT}, '[]'::jsonb)`.execute(
    db,
  );

  await db.schema
    .createTable('gov_audit_keys')
    .addColumn('key_id', 'text', (col) => col.primaryKey())
    .addColumn('public_key_pem', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('gov_staff')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('roles', 'jsonb', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('gov_consent_records')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('persona_id', 'text', (col) => col.notNull())
    .addColumn('granted_by', 'jsonb', (col) => col.notNull())
    .addColumn('delegates', 'jsonb', (col) => col.notNull())
    .addColumn('signed_by', 'jsonb', (col) => col.notNull())
    .addColumn('signed_at', 'timestamptz', (col) => col.notNull())
    .addColumn('valid_from', 'timestamptz', (col) => col.notNull())
    .addColumn('valid_until', 'timestamptz')
    .addColumn('scope', 'jsonb', (col) => col.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'jsonb')
    .addColumn('revoke_reason', 'text')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('recorded_by', 'text', (col) => col.notNull())
    .addColumn('expiry_logged_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('gov_consent_window_check', sql`valid_until is null or valid_until > valid_from`)
    .execute();
  await db.schema
    .createIndex('gov_consent_records_persona_idx')
    .on('gov_consent_records')
    .column('persona_id')
    .execute();

  await sql`create sequence gov_control_seq`.execute(db);
  await db.schema
    .createTable('gov_room_controls')
    .addColumn('room_id', 'text', (col) => col.primaryKey())
    .addColumn('paused', 'boolean', (col) => col.notNull())
    .addColumn('speaker', 'text', (col) => col.notNull())
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addCheckConstraint('gov_room_controls_speaker_check', sql`speaker in ('twin', 'leader')`)
    .execute();
  await db.schema
    .createTable('gov_global_control')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('killed', 'boolean', (col) => col.notNull())
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addCheckConstraint('gov_global_control_single_row', sql`id = 1`)
    .execute();
  await sql`insert into gov_global_control (id, killed, seq, updated_by, updated_at) values (1, false, 0, 'system', now())`.execute(
    db,
  );

  await db.schema
    .createTable('gov_approvals')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('room_id', 'text', (col) => col.notNull())
    .addColumn('persona_id', 'text', (col) => col.notNull())
    .addColumn('question_id', 'text')
    .addColumn('question', 'text', (col) => col.notNull())
    .addColumn('asker', 'jsonb')
    .addColumn('topic', 'text')
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('draft_text', 'text', (col) => col.notNull())
    .addColumn('final_text', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addColumn('audit_index', 'integer')
    .addColumn('followup_id', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addCheckConstraint('gov_approvals_status_check', sql`status in ('pending', 'approved', 'rejected')`)
    .execute();
  await db.schema
    .createIndex('gov_approvals_status_idx')
    .on('gov_approvals')
    .columns(['status', 'created_at'])
    .execute();

  await db.schema
    .createTable('gov_followups')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('room_id', 'text', (col) => col.notNull())
    .addColumn('question_id', 'text')
    .addColumn('question', 'text', (col) => col.notNull())
    .addColumn('asker_identity', 'text')
    .addColumn('asker_name', 'text')
    .addColumn('asker_anonymous', 'boolean', (col) => col.notNull())
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('topic', 'text')
    .addColumn('team', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('draft_text', 'text')
    .addColumn('answer_text', 'text')
    .addColumn('due_at', 'timestamptz', (col) => col.notNull())
    .addColumn('approval_id', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('published_by', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addCheckConstraint(
      'gov_followups_status_check',
      sql`status in ('open', 'drafted', 'approved', 'published')`,
    )
    .addCheckConstraint('gov_followups_origin_check', sql`origin in ('declined', 'escalated', 'manual')`)
    .execute();
  await db.schema
    .createIndex('gov_followups_team_status_idx')
    .on('gov_followups')
    .columns(['team', 'status'])
    .execute();

  await db.schema
    .createTable('gov_followup_history')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('followup_id', 'text', (col) =>
      col.notNull().references('gov_followups.id').onDelete('cascade'),
    )
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('gov_followup_history_followup_idx')
    .on('gov_followup_history')
    .column('followup_id')
    .execute();

  await db.schema
    .createTable('gov_followup_routing')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('table_json', 'jsonb', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addCheckConstraint('gov_followup_routing_single_row', sql`id = 1`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'gov_followup_routing',
    'gov_followup_history',
    'gov_followups',
    'gov_approvals',
    'gov_global_control',
    'gov_room_controls',
    'gov_consent_records',
    'gov_staff',
    'gov_audit_keys',
    'gov_audit_head',
    'gov_audit_sths',
    'gov_audit_entries',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop sequence gov_control_seq`.execute(db);
}
