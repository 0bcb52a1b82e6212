import { sql, type Kysely } from 'kysely';

/**
 * All-hands Q&A: per-room Q&A state (change counter, settings), questions, one vote per person,
 * the history of every state change and moderation action, and raised hands / stage.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('qa_rooms')
    .addColumn('room_id', 'text', (col) => col.primaryKey().references('rooms.id').onDelete('cascade'))
    // Bumped in every Q&A write; the row lock it takes orders a room's changes (see QaRepo).
    .addColumn('seq', 'bigint', (col) => col.notNull().defaultTo(0))
    // Null: the default for the room's kind (on in an all-hands, off in a meeting).
    .addColumn('pre_moderation', 'boolean')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('ended_by', 'text')
    .execute();

  await db.schema
    .createTable('qa_questions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('room_id', 'text', (col) => col.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('text', 'text', (col) => col.notNull())
    // Normalized text for duplicate-submission checks.
    .addColumn('text_key', 'text', (col) => col.notNull())
    .addColumn('original_text', 'text')
    .addColumn('edited_by', 'text')
    // Kept even when anonymous, for rate limits and moderation; never shown when anonymous.
    .addColumn('author_identity', 'text', (col) => col.notNull())
    .addColumn('author_name', 'text', (col) => col.notNull())
    .addColumn('anonymous', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('flagged', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('starred', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('votes', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('merged_into', 'text', (col) => col.references('qa_questions.id').onDelete('set null'))
    .addColumn('dismiss_reason', 'text')
    .addColumn('answer_mode', 'text')
    .addColumn('answer_text', 'text')
    .addColumn('answer_citations', 'jsonb')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addCheckConstraint(
      'qa_questions_state_check',
      sql`state in ('pending', 'approved', 'live', 'answered', 'dismissed', 'escalated')`,
    )
    .addCheckConstraint(
      'qa_questions_answer_mode_check',
      sql`answer_mode is null or answer_mode in ('twin', 'leader', 'written')`,
    )
    .addCheckConstraint('qa_questions_votes_check', sql`votes >= 0`)
    .execute();
  await db.schema
    .createIndex('qa_questions_room_state_idx')
    .on('qa_questions')
    .columns(['room_id', 'state'])
    .execute();
  await db.schema
    .createIndex('qa_questions_author_idx')
    .on('qa_questions')
    .columns(['room_id', 'author_identity', 'created_at'])
    .execute();

  // The primary key is what makes one vote per person hold under concurrent requests.
  await db.schema
    .createTable('qa_votes')
    .addColumn('question_id', 'text', (col) =>
      col.notNull().references('qa_questions.id').onDelete('cascade'),
    )
    .addColumn('voter_identity', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('qa_votes_pk', ['question_id', 'voter_identity'])
    .execute();

  await db.schema
    .createTable('qa_question_history')
    .addColumn('id', 'integer', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('question_id', 'text', (col) =>
      col.notNull().references('qa_questions.id').onDelete('cascade'),
    )
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (col) => col.notNull())
    // Null for an anonymous submission.
    .addColumn('actor_identity', 'text')
    .addColumn('note', 'text')
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('qa_question_history_question_idx')
    .on('qa_question_history')
    .columns(['question_id', 'id'])
    .execute();

  await db.schema
    .createTable('qa_stage')
    .addColumn('room_id', 'text', (col) => col.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('identity', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('hand_raised_at', 'timestamptz')
    .addColumn('on_stage', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('changed_by', 'text')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('qa_stage_pk', ['room_id', 'identity'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('qa_stage').execute();
  await db.schema.dropTable('qa_question_history').execute();
  await db.schema.dropTable('qa_votes').execute();
  await db.schema.dropTable('qa_questions').execute();
  await db.schema.dropTable('qa_rooms').execute();
}
