import type { LiveTarget, QaSettingsDto, QuestionState, StageEntryDto } from '../../common/qa.ts';
import type { QuestionRow } from './tables.ts';

/** A committed Q&A change: what the realtime publisher announces and in-process listeners see. */
export type QaChange =
  | {
      kind: 'question';
      roomId: string;
      seq: number;
      row: QuestionRow;
      /** Null for a new question. */
      previousState: QuestionState | null;
    }
  | {
      kind: 'votes';
      roomId: string;
      seq: number;
      row: Pick<QuestionRow, 'id' | 'state' | 'author_identity'>;
      votes: number;
    }
  | { kind: 'stage'; roomId: string; seq: number; entry: StageEntryDto }
  | { kind: 'settings'; roomId: string; seq: number; settings: QaSettingsDto };

/**
 * Q&A events, in the style of livekit-client's `RoomEvent` + `RoomEventCallbacks`. Emitted only after
 * the change is committed.
 *
 * - `change`: any change (the realtime publisher listens to this).
 * - `questionLive`: the host sent a question live, to the twin or to the leader; the twin agent
 *   answers the ones sent to it.
 */
export interface QaEventCallbacks {
  change: (change: QaChange) => void;
  questionLive: (question: QuestionRow, target: LiveTarget) => void;
}

export type QaEventName = keyof QaEventCallbacks;

/** A small typed emitter. A listener that throws is reported to `onListenerError`, never to the emitter. */
export class QaEvents {
  readonly #listeners: { [K in QaEventName]: Set<QaEventCallbacks[K]> } = {
    change: new Set(),
    questionLive: new Set(),
  };
  readonly #onListenerError: (err: unknown, event: QaEventName) => void;

  constructor(onListenerError: (err: unknown, event: QaEventName) => void = () => undefined) {
    this.#onListenerError = onListenerError;
  }

  /** Returns the function that removes the listener. */
  on<K extends QaEventName>(event: K, listener: QaEventCallbacks[K]): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  emit<K extends QaEventName>(event: K, ...args: Parameters<QaEventCallbacks[K]>): void {
    for (const listener of this.#listeners[event]) {
      try {
        (listener as (...a: Parameters<QaEventCallbacks[K]>) => void)(...args);
      } catch (err) {
        this.#onListenerError(err, event);
      }
    }
  }
}
