import type { QuestionDto } from '../../common/qa.ts';
import type { ScreenQuestion } from '../scene/big-screen.ts';
import type { QaSession } from './qa-session.ts';

/** What the Q&A needs from the big screen. */
export interface QaScreenTarget {
  showIdle(): void;
  showQuestion(q: ScreenQuestion): void;
}

export interface QaScreenOptions {
  /** How long an answered question stays up (with the twin's citations) before the idle card. */
  answerHoldMs?: number;
}

const DEFAULT_ANSWER_HOLD_MS = 30_000;

/**
 * Drives the big screen from the Q&A: the live question (text, asker or "Anonymous", votes); when
 * it is answered, the answer's citations (document, date, quoted sentence) for a while; then the
 * idle card. Repaints only when what is shown changes.
 */
export class QaScreen {
  readonly #session: QaSession;
  readonly #screen: QaScreenTarget;
  readonly #holdMs: number;
  readonly #off: () => void;
  /** The question on screen (live, or answered and still held). */
  #shownId: string | null = null;
  #shownKey = '';
  #holdTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(session: QaSession, screen: QaScreenTarget, o: QaScreenOptions = {}) {
    this.#session = session;
    this.#screen = screen;
    this.#holdMs = o.answerHoldMs ?? DEFAULT_ANSWER_HOLD_MS;
    this.#off = session.events.on('questions', () => this.update());
    this.update();
  }

  update(): void {
    const all = this.#session.store.all();
    const live = all.find((q) => q.state === 'live');
    if (live) {
      this.#clearHold();
      this.#show(live);
      return;
    }
    const shown = this.#shownId ? all.find((q) => q.id === this.#shownId) : undefined;
    if (shown?.state === 'answered') {
      this.#show(shown);
      this.#holdTimer ??= setTimeout(() => {
        this.#holdTimer = null;
        this.#idle();
      }, this.#holdMs);
      return;
    }
    if (!this.#holdTimer) this.#idle();
  }

  dispose(): void {
    this.#off();
    this.#clearHold();
  }

  #show(q: QuestionDto): void {
    const view = screenQuestion(q);
    const key = JSON.stringify(view);
    if (this.#shownId === q.id && key === this.#shownKey) return;
    this.#shownId = q.id;
    this.#shownKey = key;
    this.#screen.showQuestion(view);
  }

  #idle(): void {
    if (this.#shownId === null && this.#shownKey === 'idle') return;
    this.#shownId = null;
    this.#shownKey = 'idle';
    this.#screen.showIdle();
  }

  #clearHold(): void {
    if (this.#holdTimer) clearTimeout(this.#holdTimer);
    this.#holdTimer = null;
  }
}

const ANSWERED_BY = { twin: 'AI twin', leader: 'Leader', written: 'Written answer' } as const;

/** The screen's view of a question: plain strings only. */
export function screenQuestion(q: QuestionDto): ScreenQuestion {
  const answered = q.state === 'answered' && q.answer ? q.answer : null;
  return {
    text: q.text,
    asker: q.anonymous ? null : (q.author?.name ?? null),
    votes: q.votes,
    answeredBy: answered ? ANSWERED_BY[answered.mode] : null,
    citations:
      answered?.mode === 'twin'
        ? answered.citations.map((c) => ({
            title: String(c.title ?? c.doc),
            date: typeof c.date === 'string' && c.date ? c.date : null,
            quote: String(c.quote),
          }))
        : [],
  };
}
