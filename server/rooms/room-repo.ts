import type { Kysely } from 'kysely';
import type { RoomDto } from '../../common/api.ts';
import { isUniqueViolation, type Database, type RoomRow } from '../store/index.ts';
import { RoomError } from './errors.ts';
import type { NewRoom, RoomPatch } from './room-rules.ts';

export function toRoomDto(row: RoomRow): RoomDto {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    capacity: row.capacity,
    openJoin: row.open_join,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Rooms in the database. Every query is built by Kysely with bound parameters. */
export class RoomRepo {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(): Promise<RoomDto[]> {
    const rows = await this.#db.selectFrom('rooms').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toRoomDto);
  }

  async get(id: string): Promise<RoomDto | null> {
    const row = await this.#db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRoomDto(row) : null;
  }

  /** Throws RoomError `room_exists` when the id is taken. */
  async create(room: NewRoom): Promise<RoomDto> {
    try {
      const row = await this.#db
        .insertInto('rooms')
        .values({
          id: room.id,
          title: room.title,
          kind: room.kind,
          capacity: room.capacity,
          open_join: room.openJoin,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRoomDto(row);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new RoomError('room_exists', `A room with id "${room.id}" already exists`);
      throw err;
    }
  }

  /** Creates the room unless one with its id exists; true when it was created. */
  async ensure(room: NewRoom): Promise<boolean> {
    const result = await this.#db
      .insertInto('rooms')
      .values({
        id: room.id,
        title: room.title,
        kind: room.kind,
        capacity: room.capacity,
        open_join: room.openJoin,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Throws RoomError `room_not_found`. */
  async update(id: string, patch: RoomPatch): Promise<RoomDto> {
    const row = await this.#db
      .updateTable('rooms')
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
        ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
        ...(patch.openJoin !== undefined ? { open_join: patch.openJoin } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw roomNotFound(id);
    return toRoomDto(row);
  }

  /** Deletes the room with its invites and join log. Throws RoomError `room_not_found`. */
  async delete(id: string): Promise<void> {
    const result = await this.#db.deleteFrom('rooms').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw roomNotFound(id);
  }
}

export function roomNotFound(id: string): RoomError {
  return new RoomError('room_not_found', `There is no room "${id}"`);
}
