import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { QuestionState } from '../../common/qa.ts';
import type { RoomKind } from '../../common/roles.ts';
import { isForeignKeyViolation, type Database } from '../store/index.ts';
import { QaError } from './errors.ts';
import type { HistoryRow, QaQuestionsTable, QuestionRow } from './tables.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface RoomQaState {
  roomId: string;
  kind: RoomKind;
  /** The setting, or null for the kind's default. */
  preModeration: boolean | null;
  endedAt: Date | null;
  seq: number;
}

export interface HistoryEntry {
  questionId: string;
  action: string;
  from: QuestionState | null;
  to: QuestionState;
  actor: string | null;
  note?: string | null;
}

export type QuestionPatch = Pick<
  Updateable<QaQuestionsTable>,
  | 'text'
  | 'text_key'
  | 'original_text'
  | 'edited_by'
  | 'state'
  | 'flagged'
  | 'starred'
  | 'merged_into'
  | 'dismiss_reason'
  | 'answer_mode'
  | 'answer_text'
  | 'answer_citations'
  | 'answered_by'
  | 'answered_at'
>;

export interface ListFilter {
  states: readonly QuestionState[] | null;
  sort: 'top' | 'recent';
  limit: number;
  /** Attendees: public states plus their own pending. Null for moderators (everything). */
  attendee: { identity: string; visibleStates: readonly QuestionState[] } | null;
}

export type QuestionWithVote = QuestionRow & { my_vote: string | null };

/** Questions, votes and history in the database. Writes take a `Transaction` holding the room lock. */
export class QuestionRepo {
  readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async roomState(roomId: string, db: Db = this.db): Promise<RoomQaState | null> {
    const row = await db
      .selectFrom('rooms')
      .leftJoin('qa_rooms', 'qa_rooms.room_id', 'rooms.id')
      .select(['rooms.id', 'rooms.kind', 'qa_rooms.pre_moderation', 'qa_rooms.ended_at', 'qa_rooms.seq'])
      .where('rooms.id', '=', roomId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      roomId: row.id,
      kind: row.kind,
      preModeration: row.pre_moderation ?? null,
      endedAt: row.ended_at ?? null,
      seq: Number(row.seq ?? 0),
    };
  }

  /**
   * Takes the next change number for the room. The row lock this takes is held until the
   * transaction ends, so a room's changes commit in `seq` order and a snapshot's `seq` is exact.
   * Also returns when the session ended (null while open), which most writes check.
   */
  async bump(tx: Transaction<Database>, roomId: string): Promise<{ seq: number; endedAt: Date | null }> {
    try {
      const row = await tx
        .insertInto('qa_rooms')
        .values({ room_id: roomId, seq: 1 })
        .onConflict((oc) => oc.column('room_id').doUpdateSet({ seq: sql`qa_rooms.seq + 1` }))
        .returning(['seq', 'ended_at'])
        .executeTakeFirstOrThrow();
      return { seq: Number(row.seq), endedAt: row.ended_at };
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new QaError('room_not_found', `There is no room "${roomId}"`);
      throw err;
    }
  }

  async bumpSeq(tx: Transaction<Database>, roomId: string): Promise<number> {
    return (await this.bump(tx, roomId)).seq;
  }

  async setRoomSettings(
    tx: Transaction<Database>,
    roomId: string,
    patch: { pre_moderation?: boolean; ended_at?: Date; ended_by?: string },
  ): Promise<void> {
    await tx.updateTable('qa_rooms').set(patch).where('room_id', '=', roomId).execute();
  }

  async get(id: string, db: Db = this.db): Promise<QuestionRow | null> {
    return (await db.selectFrom('qa_questions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async roomOf(id: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('qa_questions')
      .select('room_id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.room_id ?? null;
  }

  async insert(
    tx: Transaction<Database>,
    q: Pick<
      QaQuestionsTable,
      | 'id'
      | 'room_id'
      | 'text'
      | 'text_key'
      | 'author_identity'
      | 'author_name'
      | 'anonymous'
      | 'state'
      | 'flagged'
    > & { seq: number },
  ): Promise<QuestionRow> {
    return tx.insertInto('qa_questions').values(q).returningAll().executeTakeFirstOrThrow();
  }

  /** The same author's question with the same text key since `since`, if any. */
  async findDuplicate(
    tx: Transaction<Database>,
    roomId: string,
    author: string,
    key: string,
    since: Date,
  ): Promise<QuestionRow | null> {
    const row = await tx
      .selectFrom('qa_questions')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('author_identity', '=', author)
      .where('text_key', '=', key)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row ?? null;
  }

  async update(
    tx: Transaction<Database>,
    id: string,
    seq: number,
    patch: QuestionPatch,
  ): Promise<QuestionRow> {
    return tx
      .updateTable('qa_questions')
      .set({ ...patch, seq, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async addHistory(tx: Transaction<Database>, entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await tx
      .insertInto('qa_question_history')
      .values(
        entries.map((e) => ({
          question_id: e.questionId,
          action: e.action,
          from_state: e.from,
          to_state: e.to,
          actor_identity: e.actor,
          note: e.note ?? null,
        })),
      )
      .execute();
  }

  async findLive(tx: Transaction<Database>, roomId: string, exceptId: string): Promise<QuestionRow[]> {
    return tx
      .selectFrom('qa_questions')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('state', '=', 'live')
      .where('id', '!=', exceptId)
      .execute();
  }

  /**
   * Adds or removes one person's vote and adjusts the count. The primary key on (question, voter)
   * makes a second concurrent insert a no-op, so the count can only move when a row really changed.
   */
  async setVote(
    tx: Transaction<Database>,
    questionId: string,
    voter: string,
    voted: boolean,
    seq: number,
  ): Promise<{ changed: boolean; votes: number }> {
    let changed: boolean;
    if (voted) {
      const res = await tx
        .insertInto('qa_votes')
        .values({ question_id: questionId, voter_identity: voter })
        .onConflict((oc) => oc.columns(['question_id', 'voter_identity']).doNothing())
        .executeTakeFirst();
      changed = Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
    } else {
      const res = await tx
        .deleteFrom('qa_votes')
        .where('question_id', '=', questionId)
        .where('voter_identity', '=', voter)
        .executeTakeFirst();
      changed = Number(res.numDeletedRows) > 0;
    }
    if (!changed) {
      const row = await tx
        .selectFrom('qa_questions')
        .select('votes')
        .where('id', '=', questionId)
        .executeTakeFirstOrThrow();
      return { changed, votes: row.votes };
    }
    const row = await tx
      .updateTable('qa_questions')
      .set({ votes: sql`votes + ${voted ? 1 : -1}`, seq, updated_at: sql<Date>`now()` })
      .where('id', '=', questionId)
      .returning('votes')
      .executeTakeFirstOrThrow();
    return { changed, votes: row.votes };
  }

  async hasVoted(questionId: string, voter: string, db: Db = this.db): Promise<boolean> {
    const row = await db
      .selectFrom('qa_votes')
      .select('voter_identity')
      .where('question_id', '=', questionId)
      .where('voter_identity', '=', voter)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Moves `fromId`'s votes to `intoId`; a person who voted for both keeps one vote. Returns the
   * target's new count.
   */
  async moveVotes(tx: Transaction<Database>, fromId: string, intoId: string): Promise<number> {
    await tx
      .insertInto('qa_votes')
      .columns(['question_id', 'voter_identity', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('qa_votes')
          .select([sql.lit(intoId).as('question_id'), 'voter_identity', 'created_at'])
          .where('question_id', '=', fromId),
      )
      .onConflict((oc) => oc.columns(['question_id', 'voter_identity']).doNothing())
      .execute();
    await tx.deleteFrom('qa_votes').where('question_id', '=', fromId).execute();
    await tx.updateTable('qa_questions').set({ votes: 0 }).where('id', '=', fromId).execute();
    // Recounted rather than added up: the overlap is exactly what must not count twice.
    const row = await tx
      .updateTable('qa_questions')
      .set({
        votes: (eb) =>
          eb
            .selectFrom('qa_votes')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('question_id', '=', intoId),
      })
      .where('id', '=', intoId)
      .returning('votes')
      .executeTakeFirstOrThrow();
    return row.votes;
  }

  /** The room's questions for one viewer, with whether they voted, in the requested order. */
  async list(
    roomId: string,
    viewer: string,
    filter: ListFilter,
    db: Db = this.db,
  ): Promise<QuestionWithVote[]> {
    let q = db
      .selectFrom('qa_questions as q')
      .leftJoin('qa_votes as v', (join) =>
        join.onRef('v.question_id', '=', 'q.id').on('v.voter_identity', '=', viewer),
      )
      .selectAll('q')
      .select('v.voter_identity as my_vote')
      .where('q.room_id', '=', roomId);
    if (filter.states)
      q = q.where('q.state', 'in', filter.states.length ? [...filter.states] : ['__none__' as QuestionState]);
    const attendee = filter.attendee;
    if (attendee) {
      q = q.where((eb) =>
        eb.or([
          eb('q.state', 'in', [...attendee.visibleStates]),
          eb.and([eb('q.state', '=', 'pending'), eb('q.author_identity', '=', attendee.identity)]),
        ]),
      );
    }
    q =
      filter.sort === 'top'
        ? q.orderBy('q.votes', 'desc').orderBy('q.created_at', 'asc').orderBy('q.id')
        : q.orderBy('q.created_at', 'desc').orderBy('q.id', 'desc');
    return q.limit(filter.limit).execute();
  }

  /** Everything about a room's questions, oldest first, for export. */
  async exportRows(roomId: string): Promise<{ questions: QuestionRow[]; history: HistoryRow[] }> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const questions = await tx
          .selectFrom('qa_questions')
          .selectAll()
          .where('room_id', '=', roomId)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        const history = await tx
          .selectFrom('qa_question_history as h')
          .innerJoin('qa_questions as q', 'q.id', 'h.question_id')
          .selectAll('h')
          .where('q.room_id', '=', roomId)
          .orderBy('h.id')
          .execute();
        return { questions, history };
      });
  }

  /**
   * Identities that joined this room as moderator or above within `sinceMs` (their sessions may still
   * be live): the audience for questions attendees must not see yet.
   */
  async staffIdentities(roomId: string, since: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom('participants')
      .select('identity')
      .where('room_id', '=', roomId)
      .where('role', 'in', ['moderator', 'host', 'admin'])
      .where('joined_at', '>', since)
      .orderBy('joined_at', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => r.identity);
  }
}
