import type { Logger } from 'pino';
import type { TwinAnswer, TwinBrain } from '../../twin/index.ts';
import type { SpeechStart } from './speech-start.ts';

/**
 * An answer worked out before its question was sent live: the brain's decision and the start of its
 * speech. Nothing of it is said or logged until the host sends the question to the twin; then it is
 * used only if it is still what the twin would say now (same question text, same brain, same
 * opening notice).
 */
export interface PreparedAnswer {
  questionText: string;
  brain: TwinBrain;
  answer: TwinAnswer;
  spoken: string;
  speech: SpeechStart | null;
  preparedAtMs: number;
}

export interface PreparedAnswersOptions {
  /** Works an answer out (null: the twin could not prepare it now, e.g. it is not in the room). */
  prepare: (questionId: string, text: string) => Promise<PreparedAnswer | null>;
  /** At most this many answers are kept ready; the oldest goes first. */
  max: number;
  /** A preparation older than this is not used (the corpus and the date move on). */
  maxAgeMs: number;
  log: Logger;
}

interface Entry {
  text: string;
  /** Its turn came: the brain or the synthesizer is working on it (or has finished). */
  started: boolean;
  /** Taken or dropped before its turn: it will not be prepared. */
  cancelled: boolean;
  result: Promise<PreparedAnswer | null>;
}

/**
 * Answers prepared ahead for approved questions, so that when the host sends one to the twin the
 * first words are already synthesized: the twin starts speaking after the audit append alone, not
 * after the brain and the synthesizer. Preparations run one at a time, so they never compete with
 * each other for the synthesizer.
 */
export class PreparedAnswers {
  readonly #o: PreparedAnswersOptions;
  readonly #entries = new Map<string, Entry>();
  #chain: Promise<unknown> = Promise.resolve();

  constructor(options: PreparedAnswersOptions) {
    this.#o = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Prepares the answer to `text` (question `questionId`) unless it is already prepared or under way. */
  want(questionId: string, text: string): void {
    const existing = this.#entries.get(questionId);
    if (existing?.text === text) return;
    if (existing) this.drop(questionId);
    const entry: Entry = { text, started: false, cancelled: false, result: Promise.resolve(null) };
    entry.result = this.#chain
      .then(() => {
        if (entry.cancelled) return null;
        entry.started = true;
        return this.#o.prepare(questionId, text);
      })
      .catch((err: unknown) => {
        this.#o.log.warn({ err, questionId }, 'answer could not be prepared ahead');
        return null;
      });
    this.#chain = entry.result;
    this.#entries.set(questionId, entry);
    while (this.#entries.size > this.#o.max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
  }

  /**
   * Takes the preparation for `questionId`, waiting for it when it is under way. Null when there is
   * none, when it is still waiting for its turn (working it out now is faster than waiting for the
   * others), when it was for another text, or when it is too old; a preparation not handed out is
   * stopped.
   */
  async take(questionId: string, text: string): Promise<PreparedAnswer | null> {
    const entry = this.#entries.get(questionId);
    if (!entry) return null;
    this.#entries.delete(questionId);
    if (!entry.started) {
      entry.cancelled = true;
      return null;
    }
    const prepared = await entry.result;
    if (!prepared) return null;
    if (entry.text !== text || Date.now() - prepared.preparedAtMs > this.#o.maxAgeMs) {
      prepared.speech?.abort.abort();
      return null;
    }
    return prepared;
  }

  /** Forgets one preparation and stops its synthesis. */
  drop(questionId: string): void {
    const entry = this.#entries.get(questionId);
    if (!entry) return;
    this.#entries.delete(questionId);
    entry.cancelled = true;
    void entry.result.then((p) => p?.speech?.abort.abort());
  }

  /** Forgets every preparation (the twin left, was paused, or the room stopped). */
  clear(): void {
    for (const id of [...this.#entries.keys()]) this.drop(id);
  }
}
