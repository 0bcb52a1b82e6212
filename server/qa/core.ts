import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/index.ts';
import { QaError, questionNotFound } from './errors.ts';
import type { QaChange, QaEvents } from './events.ts';
import type { HistoryEntry, QuestionRepo } from './question-repo.ts';
import type { QuestionRow } from './tables.ts';

/** What one question mutation did, for history and announcements. */
export interface MutationResult {
  /** The question as it is now. */
  row: QuestionRow;
  history: HistoryEntry[];
  /** Committed changes to announce, in order (usually one question change). */
  changes: QaChange[];
}

/** The plumbing every Q&A write shares: the room lock, history, and announcing after commit. */
export class QaCore {
  readonly repo: QuestionRepo;
  readonly events: QaEvents;
  readonly log: Logger;

  constructor(repo: QuestionRepo, events: QaEvents, log: Logger) {
    this.repo = repo;
    this.events = events;
    this.log = log;
  }

  /**
   * Runs `fn` on a question inside a transaction that holds the room's lock and has drawn the next
   * `seq`; the question is read again under the lock. `roomId` scopes the lookup (a question of
   * another room is "not found"). Changes are announced only after the commit.
   */
  async mutate(
    questionId: string,
    roomId: string | null,
    fn: (
      tx: Transaction<Database>,
      row: QuestionRow,
      seq: number,
      endedAt: Date | null,
    ) => Promise<MutationResult | null>,
  ): Promise<QuestionRow> {
    const room = await this.repo.roomOf(questionId);
    if (room === null || (roomId !== null && room !== roomId)) throw questionNotFound(questionId);
    const result = await this.repo.db.transaction().execute(async (tx) => {
      const { seq, endedAt } = await this.repo.bump(tx, room);
      const row = await this.repo.get(questionId, tx);
      if (!row) throw questionNotFound(questionId);
      const res = await fn(tx, row, seq, endedAt);
      if (res) await this.repo.addHistory(tx, res.history);
      return res ?? { row, history: [], changes: [] };
    });
    this.announce(result.changes);
    return result.row;
  }

  /** Tells listeners (the realtime publisher, the twin) about committed changes. */
  announce(changes: readonly QaChange[]): void {
    for (const change of changes) this.events.emit('change', change);
  }

  /** A question change record for `announce`. */
  questionChange(row: QuestionRow, previousState: QuestionRow['state'] | null, seq: number): QaChange {
    return { kind: 'question', roomId: row.room_id, seq, row, previousState };
  }
}

/** Throws 409 `session_ended` when the room's Q&A session has been ended by a host. */
export function assertOpen(endedAt: Date | null): void {
  if (endedAt) {
    throw new QaError('session_ended', 'This session has ended: questions and votes are closed.');
  }
}
