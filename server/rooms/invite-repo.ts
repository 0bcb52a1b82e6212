import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Role } from '../../common/roles.ts';
import { isForeignKeyViolation, type Database, type InviteRow } from '../store/index.ts';
import { RoomError } from './errors.ts';
import { roomNotFound } from './room-repo.ts';

export class InviteRepo {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Throws RoomError `room_not_found` when the room does not exist. */
  async create(input: { roomId: string; role: Role; expiresAt: Date }): Promise<InviteRow> {
    try {
      return await this.#db
        .insertInto('invites')
        .values({
          id: randomBytes(12).toString('base64url'),
          room_id: input.roomId,
          role: input.role,
          expires_at: input.expiresAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (isForeignKeyViolation(err)) throw roomNotFound(input.roomId);
      throw err;
    }
  }

  async get(id: string): Promise<InviteRow | null> {
    return (await this.#db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  /** Newest first. */
  async listForRoom(roomId: string): Promise<InviteRow[]> {
    return this.#db
      .selectFrom('invites')
      .selectAll()
      .where('room_id', '=', roomId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  /** Marks the invite revoked (idempotent: the first revocation time is kept). Throws `invite_not_found`. */
  async revoke(id: string): Promise<InviteRow> {
    const row = await this.#db
      .updateTable('invites')
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new RoomError('invite_not_found', `There is no invite "${id}"`);
    return row;
  }
}
