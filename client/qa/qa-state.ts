/**
 * The Q&A panel's pure state: a `QaFeed` plus what the panel needs around it — events that arrive
 * while a snapshot is loading, the caller's own questions, the visible list, and what a role may do.
 * Framework-free so it can be unit-tested without a DOM.
 */
import { QaFeed, type FeedQuestion } from '../../common/qa-feed.ts';
import {
  QUESTION_MAX_CHARS,
  QUESTION_MIN_CHARS,
  type QaEvent,
  type QaSettingsDto,
  type QuestionListResponse,
  type QuestionState,
  type QuestionView,
  type VoteResponse,
} from '../../common/qa.ts';
import { roleAtLeast, type Role } from '../../common/roles.ts';

export type QaSort = 'top' | 'recent';

export interface QaViewOptions {
  sort: QaSort;
  hideAnswered: boolean;
}

export type PanelQuestion = FeedQuestion & { mine: boolean; voted: boolean };

/**
 * Folds a snapshot and server events into the panel's view. Events that arrive while a snapshot
 * request is in flight are applied at once (so the list stays live) and again after the snapshot
 * loads, because `QaFeed.load` replaces everything; the feed ignores the ones already in it.
 */
export class QaStore {
  readonly #feed = new QaFeed();
  readonly #mine = new Set<string>();
  readonly #seen = new Set<string>();
  #pending: QaEvent[] | null = null;
  #settings: QaSettingsDto | null = null;
  #loaded = false;
  #seeded = false;

  constructor(readonly roomId: string) {}

  get loaded(): boolean {
    return this.#loaded;
  }

  get settings(): QaSettingsDto | null {
    return this.#settings;
  }

  get seq(): number {
    return this.#feed.seq;
  }

  /** Call before requesting a snapshot. */
  beginLoad(): void {
    this.#pending = [];
  }

  /** Loads a snapshot, replaying events received since `beginLoad`. */
  finishLoad(snapshot: QuestionListResponse): void {
    const replay = this.#pending ?? [];
    this.#pending = null;
    this.#feed.load(snapshot);
    this.#settings = snapshot.settings;
    for (const q of snapshot.questions) if (q.mine) this.#mine.add(q.id);
    for (const e of replay) this.#feed.apply(e);
    this.#loaded = true;
  }

  /** The snapshot request failed: keep what we have (events were applied as they came). */
  failLoad(): void {
    this.#pending = null;
  }

  /** Applies a server event; true when the view changed. Other rooms' events are ignored. */
  receive(event: QaEvent): boolean {
    if (event.roomId !== this.roomId) return false;
    this.#pending?.push(event);
    if (event.type === 'settings.changed') {
      this.#settings = event.settings;
      return true;
    }
    return this.#feed.apply(event);
  }

  /** A question from one of our own API responses (submit, moderation): newer than or equal to the feed. */
  upsertFromResponse(q: QuestionView): void {
    if (q.mine) this.#mine.add(q.id);
    const event: QaEvent = { v: 1, roomId: q.roomId, seq: q.seq, type: 'question.upserted', question: q };
    this.#pending?.push(event);
    this.#feed.apply(event);
    const entry = this.#feed.get(q.id);
    // The feed keeps the caller's flags from before; a response carries the fresh ones.
    if (entry) entry.voted = q.voted;
  }

  setVoted(id: string, res: VoteResponse): void {
    this.#feed.setVoted(id, res);
  }

  get(id: string): PanelQuestion | undefined {
    const q = this.#feed.get(id);
    return q && this.#decorate(q);
  }

  /** The questions to show: dismissed ones never; answered ones unless hidden. */
  view(opts: QaViewOptions): PanelQuestion[] {
    return this.#feed
      .list(opts.sort)
      .filter((q) => q.state !== 'dismissed' && !(opts.hideAnswered && q.state === 'answered'))
      .map((q) => this.#decorate(q));
  }

  /** Every question the caller may see, dismissed ones included (the staff console's queue). */
  all(sort: QaSort = 'top'): PanelQuestion[] {
    return this.#feed.list(sort).map((q) => this.#decorate(q));
  }

  /**
   * Ids shown now that were not shown by an earlier call (for the live announcement). The first
   * call after the initial load only records what is there.
   */
  takeNew(questions: readonly PanelQuestion[]): PanelQuestion[] {
    const fresh = questions.filter((q) => !this.#seen.has(q.id));
    for (const q of fresh) this.#seen.add(q.id);
    if (!this.#seeded) {
      this.#seeded = true;
      return [];
    }
    return fresh;
  }

  #decorate(q: FeedQuestion): PanelQuestion {
    return { ...q, mine: q.mine === true || this.#mine.has(q.id), voted: q.voted === true };
  }
}

export interface QaPermissions {
  moderate: boolean;
  host: boolean;
}

export function qaPermissions(role: Role): QaPermissions {
  return { moderate: roleAtLeast(role, 'moderator'), host: roleAtLeast(role, 'host') };
}

export type QaAction = 'vote' | 'approve' | 'dismiss' | 'star' | 'live' | 'answer';

const FROM: Record<Exclude<QaAction, 'vote'>, readonly QuestionState[]> = {
  approve: ['pending', 'escalated'],
  dismiss: ['pending', 'approved', 'live', 'escalated'],
  star: ['pending', 'approved', 'live', 'escalated'],
  live: ['approved', 'escalated'],
  answer: ['live', 'approved', 'escalated'],
};

/** The actions the panel offers on a question (the server enforces them anyway). */
export function questionActions(q: Pick<QuestionView, 'state'>, perms: QaPermissions): QaAction[] {
  const out: QaAction[] = [];
  if (q.state === 'approved' || q.state === 'live') out.push('vote');
  if (perms.moderate) {
    for (const a of ['approve', 'star', 'dismiss'] as const) if (FROM[a].includes(q.state)) out.push(a);
  }
  if (perms.host) {
    for (const a of ['live', 'answer'] as const) if (FROM[a].includes(q.state)) out.push(a);
  }
  return out;
}

/** What the server will count: NFC, whitespace collapsed, trimmed, in code points. */
export function normalizeQuestionText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function questionLength(text: string): number {
  return [...normalizeQuestionText(text)].length;
}

/** Null when the text can be sent, else a sentence saying why not. */
export function questionTextProblem(text: string): string | null {
  const n = questionLength(text);
  if (n < QUESTION_MIN_CHARS) return `A question needs at least ${QUESTION_MIN_CHARS} characters.`;
  if (n > QUESTION_MAX_CHARS)
    return `A question can have at most ${QUESTION_MAX_CHARS} characters (${n} now).`;
  return null;
}

const STATE_LABELS: Record<QuestionState, string> = {
  pending: 'Awaiting moderation',
  approved: 'Open',
  live: 'Live now',
  answered: 'Answered',
  dismissed: 'Dismissed',
  escalated: 'Escalated',
};

export function stateLabel(state: QuestionState): string {
  return STATE_LABELS[state];
}
