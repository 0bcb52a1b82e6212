import { sql, type Kysely } from 'kysely';

/** Rooms, their invites, and the log of who joined. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('capacity', 'integer', (col) => col.notNull())
    .addColumn('open_join', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('rooms_kind_check', sql`kind in ('all-hands', 'meeting')`)
    .addCheckConstraint('rooms_capacity_check', sql`capacity > 0`)
    .execute();

  await db.schema
    .createTable('invites')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('room_id', 'text', (col) => col.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addCheckConstraint('invites_role_check', sql`role in ('attendee', 'moderator', 'host', 'admin')`)
    .execute();
  await db.schema.createIndex('invites_room_id_idx').on('invites').column('room_id').execute();

  await db.schema
    .createTable('participants')
    .addColumn('identity', 'text', (col) => col.primaryKey())
    .addColumn('room_id', 'text', (col) => col.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('invite_id', 'text', (col) => col.references('invites.id').onDelete('set null'))
    .addColumn('joined_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('participants_role_check', sql`role in ('attendee', 'moderator', 'host', 'admin')`)
    .execute();
  await db.schema
    .createIndex('participants_room_joined_idx')
    .on('participants')
    .columns(['room_id', 'joined_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('participants').execute();
  await db.schema.dropTable('invites').execute();
  await db.schema.dropTable('rooms').execute();
}
