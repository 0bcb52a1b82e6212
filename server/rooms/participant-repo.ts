import type { Kysely } from 'kysely';
import type { Role } from '../../common/roles.ts';
import { isUniqueViolation, type Database, type ParticipantRow } from '../store/index.ts';
import { RoomError } from './errors.ts';

export interface JoinRecord {
  identity: string;
  roomId: string;
  name: string;
  role: Role;
  inviteId: string | null;
}

/** The join log: one row per identity handed out. */
export class ParticipantRepo {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Throws RoomError `identity_taken` when the identity exists (the caller draws a new suffix). */
  async record(join: JoinRecord): Promise<void> {
    try {
      await this.#db
        .insertInto('participants')
        .values({
          identity: join.identity,
          room_id: join.roomId,
          name: join.name,
          role: join.role,
          invite_id: join.inviteId,
        })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new RoomError('identity_taken', `Identity ${join.identity} is taken`);
      throw err;
    }
  }

  async get(identity: string): Promise<ParticipantRow | null> {
    return (
      (await this.#db
        .selectFrom('participants')
        .selectAll()
        .where('identity', '=', identity)
        .executeTakeFirst()) ?? null
    );
  }

  /** Most recent joins first. */
  async listForRoom(roomId: string, limit = 100): Promise<ParticipantRow[]> {
    return this.#db
      .selectFrom('participants')
      .selectAll()
      .where('room_id', '=', roomId)
      .orderBy('joined_at', 'desc')
      .orderBy('identity')
      .limit(limit)
      .execute();
  }

  async countForRoom(roomId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('participants')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('room_id', '=', roomId)
      .executeTakeFirstOrThrow();
    // node-postgres returns bigint counts as strings, PGlite as numbers.
    return Number(row.n);
  }
}
