import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { StageRow } from './tables.ts';

/** Raised hands and who is on stage, per room. */
export class StageRepo {
  readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Raises or lowers a hand; raising again keeps the first time (the queue order). */
  async setHand(
    tx: Transaction<Database>,
    roomId: string,
    who: { identity: string; name: string },
    raised: boolean,
  ) {
    const raisedAt = raised ? sql<Date>`now()` : null;
    return tx
      .insertInto('qa_stage')
      .values({ room_id: roomId, identity: who.identity, name: who.name, hand_raised_at: raisedAt })
      .onConflict((oc) =>
        oc.columns(['room_id', 'identity']).doUpdateSet({
          name: who.name,
          hand_raised_at: raised ? sql<Date>`coalesce(qa_stage.hand_raised_at, now())` : null,
          updated_at: sql<Date>`now()`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Puts someone on stage (their hand goes down) or takes them off. */
  async setOnStage(
    tx: Transaction<Database>,
    roomId: string,
    who: { identity: string; name: string },
    onStage: boolean,
    by: string,
  ): Promise<StageRow> {
    return tx
      .insertInto('qa_stage')
      .values({ room_id: roomId, identity: who.identity, name: who.name, on_stage: onStage, changed_by: by })
      .onConflict((oc) =>
        oc.columns(['room_id', 'identity']).doUpdateSet({
          on_stage: onStage,
          changed_by: by,
          hand_raised_at: null,
          updated_at: sql<Date>`now()`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Clears someone's hand and stage status (they were removed); null when they had none. */
  async clear(
    tx: Transaction<Database>,
    roomId: string,
    identity: string,
    by: string,
  ): Promise<StageRow | null> {
    const row = await tx
      .updateTable('qa_stage')
      .set({ on_stage: false, hand_raised_at: null, changed_by: by, updated_at: sql<Date>`now()` })
      .where('room_id', '=', roomId)
      .where('identity', '=', identity)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  /** One person's entry, or null when they never raised a hand or went on stage. */
  async get(
    roomId: string,
    identity: string,
    db: Kysely<Database> | Transaction<Database> = this.db,
  ): Promise<StageRow | null> {
    const row = await db
      .selectFrom('qa_stage')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('identity', '=', identity)
      .executeTakeFirst();
    return row ?? null;
  }

  /** People with a raised hand (oldest first) and people on stage. */
  async list(roomId: string, db: Kysely<Database> | Transaction<Database> = this.db): Promise<StageRow[]> {
    return db
      .selectFrom('qa_stage')
      .selectAll()
      .where('room_id', '=', roomId)
      .where((eb) => eb.or([eb('on_stage', '=', true), eb('hand_raised_at', 'is not', null)]))
      .orderBy('on_stage', 'desc')
      .orderBy('hand_raised_at', 'asc')
      .orderBy('identity')
      .execute();
  }

  /** The display name someone joined this room with, or null when they never did. */
  async joinedName(roomId: string, identity: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('participants')
      .select('name')
      .where('room_id', '=', roomId)
      .where('identity', '=', identity)
      .executeTakeFirst();
    return row?.name ?? null;
  }
}
