import { randomBytes } from 'node:crypto';
import {
  PUBLIC_STATES,
  type LiveTarget,
  type QaSettingsDto,
  type QuestionListResponse,
  type QuestionState,
  type SubmitQuestionResponse,
  type VoteResponse,
} from '../../common/qa.ts';
import { roleAtLeast, type Role } from '../../common/roles.ts';
import { assertOpen, type QaCore } from './core.ts';
import { toQuestionView } from './dto.ts';
import { QaError, questionNotFound } from './errors.ts';
import * as moderation from './moderation.ts';
import { checkProfanity } from './profanity.ts';
import type { RoomQaState } from './question-repo.ts';
import { RateLimiter, type RateLimit } from './rate-limiter.ts';
import { VOTABLE_STATES } from './states.ts';
import type { QuestionRow } from './tables.ts';
import { textKey } from './text-rules.ts';

/** A person acting through the API: who they are, their role, and the one room their session is for. */
export interface Actor {
  identity: string;
  name: string;
  role: Role;
  roomId: string;
}

export interface QaLimits {
  /** Questions per person (default 5 per minute). */
  questions: RateLimit;
  /** Votes per person (default 60 per minute). */
  votes: RateLimit;
  /** The same person sending the same text within this window gets their earlier question back. */
  duplicateWindowMs: number;
}

export const DEFAULT_QA_LIMITS: QaLimits = {
  questions: { limit: 5, windowMs: 60_000 },
  votes: { limit: 60, windowMs: 60_000 },
  duplicateWindowMs: 60_000,
};

export interface ListOptions {
  sort: 'top' | 'recent';
  states: readonly QuestionState[] | null;
  limit: number;
}

const newQuestionId = () => `q_${randomBytes(9).toString('base64url')}`;
const isStaff = (role: Role) => roleAtLeast(role, 'moderator');

export function settingsOf(state: Pick<RoomQaState, 'kind' | 'preModeration' | 'endedAt'>): QaSettingsDto {
  return {
    preModeration: state.preModeration ?? state.kind === 'all-hands',
    ended: state.endedAt !== null,
    endedAt: state.endedAt ? new Date(state.endedAt).toISOString() : null,
  };
}

/**
 * The Q&A of a room. Every change is committed first, then announced (see QaPublisher). Methods
 * taking an `Actor` act within the actor's room; role checks are the HTTP layer's (routes.ts), so
 * trusted in-process callers such as the twin agent use `markLive` / `recordAnswer` / `escalate`
 * directly.
 */
export class QaService {
  readonly #core: QaCore;
  readonly #questionLimiter: RateLimiter;
  readonly #voteLimiter: RateLimiter;
  readonly #duplicateWindowMs: number;

  constructor(core: QaCore, limits: QaLimits = DEFAULT_QA_LIMITS, now: () => number = Date.now) {
    this.#core = core;
    this.#questionLimiter = new RateLimiter(limits.questions, now);
    this.#voteLimiter = new RateLimiter(limits.votes, now);
    this.#duplicateWindowMs = limits.duplicateWindowMs;
  }

  /** Submits a question (text already validated by `questionTextSchema`). */
  async submit(actor: Actor, input: { text: string; anonymous: boolean }): Promise<SubmitQuestionResponse> {
    this.#limit(this.#questionLimiter, actor, 'questions');
    const flagged = checkProfanity(input.text).flagged;
    const key = textKey(input.text);
    const { repo } = this.#core;
    const result = await repo.db.transaction().execute(async (tx) => {
      const seq = await repo.bumpSeq(tx, actor.roomId);
      const room = await repo.roomState(actor.roomId, tx);
      if (!room) throw new QaError('room_not_found', `There is no room "${actor.roomId}"`);
      assertOpen(room.endedAt);
      // Under the room lock, so two identical submissions in flight cannot both be inserted.
      const since = new Date(Date.now() - this.#duplicateWindowMs);
      const existing = await repo.findDuplicate(tx, actor.roomId, actor.identity, key, since);
      if (existing) return { row: existing, duplicate: true, seq };
      const preModeration = settingsOf(room).preModeration;
      const state: QuestionState = flagged || preModeration ? 'pending' : 'approved';
      const row = await repo.insert(tx, {
        id: newQuestionId(),
        room_id: actor.roomId,
        text: input.text,
        text_key: key,
        author_identity: actor.identity,
        author_name: actor.name,
        anonymous: input.anonymous,
        state,
        flagged,
        seq,
      });
      await repo.addHistory(tx, [
        {
          questionId: row.id,
          action: 'submit',
          from: null,
          to: state,
          // The history never links an anonymous question to its author.
          actor: input.anonymous ? null : actor.identity,
          note: flagged ? 'flagged' : null,
        },
      ]);
      return { row, duplicate: false, seq };
    });
    if (!result.duplicate) {
      this.#core.announce([this.#core.questionChange(result.row, null, result.seq)]);
      this.#core.log.info(
        { questionId: result.row.id, roomId: actor.roomId, state: result.row.state, flagged },
        'question submitted',
      );
    }
    const voted = result.duplicate ? await repo.hasVoted(result.row.id, actor.identity) : false;
    return {
      question: toQuestionView(result.row, { identity: actor.identity, staff: isStaff(actor.role) }, voted),
      duplicate: result.duplicate,
    };
  }

  /** The room's questions as this person may see them, with the `seq` they reflect. */
  async list(actor: Actor, opts: ListOptions): Promise<QuestionListResponse> {
    const { repo } = this.#core;
    const staff = isStaff(actor.role);
    const { state, rows } = await repo.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const state = await repo.roomState(actor.roomId, tx);
        if (!state) throw new QaError('room_not_found', `There is no room "${actor.roomId}"`);
        const rows = await repo.list(
          actor.roomId,
          actor.identity,
          {
            states: opts.states,
            sort: opts.sort,
            limit: opts.limit,
            attendee: staff ? null : { identity: actor.identity, visibleStates: PUBLIC_STATES },
          },
          tx,
        );
        return { state, rows };
      });
    return {
      roomId: actor.roomId,
      seq: state.seq,
      settings: settingsOf(state),
      questions: rows.map((r) => toQuestionView(r, { identity: actor.identity, staff }, r.my_vote !== null)),
    };
  }

  /** One question as this person may see it (404 for what they may not). */
  async get(actor: Actor, questionId: string): Promise<QuestionRow> {
    const row = await this.#core.repo.get(questionId);
    const visible =
      row &&
      row.room_id === actor.roomId &&
      (isStaff(actor.role) ||
        PUBLIC_STATES.includes(row.state) ||
        (row.state === 'pending' && row.author_identity === actor.identity));
    if (!visible) throw questionNotFound(questionId);
    return row;
  }

  /**
   * Votes for a question, or takes the vote back; without `voted`, toggles. One vote per person
   * however many requests race: the (question, voter) key admits one row.
   */
  async vote(actor: Actor, questionId: string, voted?: boolean): Promise<VoteResponse & { seq: number }> {
    this.#limit(this.#voteLimiter, actor, 'votes');
    const core = this.#core;
    const staff = isStaff(actor.role);
    const out = { voted: false, votes: 0, seq: 0 };
    await core.mutate(questionId, actor.roomId, async (tx, row, seq, endedAt) => {
      const visible = staff || PUBLIC_STATES.includes(row.state) || row.author_identity === actor.identity;
      if (!visible) throw questionNotFound(questionId);
      assertOpen(endedAt);
      if (!VOTABLE_STATES.includes(row.state)) {
        throw new QaError(
          'not_votable',
          `Votes are open for approved and live questions; this one is ${row.state}`,
        );
      }
      const want = voted ?? !(await core.repo.hasVoted(row.id, actor.identity, tx));
      const res = await core.repo.setVote(tx, row.id, actor.identity, want, seq);
      Object.assign(out, { voted: want, votes: res.votes, seq: res.changed ? seq : Number(row.seq) });
      if (!res.changed) return null;
      return {
        row: { ...row, votes: res.votes, seq },
        history: [],
        changes: [{ kind: 'votes', roomId: row.room_id, seq, row, votes: res.votes }],
      };
    });
    return out;
  }

  approve = (actor: Actor, id: string) => moderation.transition(this.#core, actor, id, 'approve');
  dismiss = (actor: Actor, id: string, reason: string) =>
    moderation.transition(this.#core, actor, id, 'dismiss', reason);
  edit = (actor: Actor, id: string, text: string) => moderation.editText(this.#core, actor, id, text);
  star = (actor: Actor, id: string, starred?: boolean) => moderation.star(this.#core, actor, id, starred);
  merge = (actor: Actor, id: string, intoId: string) => moderation.merge(this.#core, actor, id, intoId);

  /** Escalates to the leader's team (a moderator, or the twin declining to answer). */
  escalate(
    questionId: string,
    by: { identity: string; roomId?: string | null },
    reason?: string,
  ): Promise<QuestionRow> {
    return moderation.transition(
      this.#core,
      { identity: by.identity, roomId: by.roomId ?? null },
      questionId,
      'escalate',
      reason,
    );
  }

  /** Sends a question live (the previous live one goes back to the queue). For the host and the twin agent. */
  markLive(
    questionId: string,
    by: { identity: string; roomId?: string | null },
    target: LiveTarget = 'leader',
  ): Promise<QuestionRow> {
    return moderation.markLive(
      this.#core,
      { identity: by.identity, roomId: by.roomId ?? null },
      questionId,
      target,
    );
  }

  /**
   * Records an answer and closes the question. The twin agent calls this with mode `twin`, its text
   * and citations; hosts with `leader` or `written`.
   */
  recordAnswer(
    questionId: string,
    answer: moderation.AnswerInput,
    roomId: string | null = null,
  ): Promise<QuestionRow> {
    return moderation.recordAnswer(this.#core, { identity: answer.answeredBy, roomId }, questionId, answer);
  }

  /** Turns pre-moderation on or off for the room. */
  async updateSettings(actor: Actor, patch: { preModeration: boolean }): Promise<QaSettingsDto> {
    return this.#changeRoom(actor.roomId, { pre_moderation: patch.preModeration });
  }

  /** Ends the room's session: no more questions or votes. Idempotent (keeps the first end time). */
  async endSession(roomId: string, by: string): Promise<QaSettingsDto> {
    const state = await this.#core.repo.roomState(roomId);
    if (state?.endedAt) return settingsOf(state);
    return this.#changeRoom(roomId, { ended_at: new Date(), ended_by: by });
  }

  async settings(roomId: string): Promise<QaSettingsDto & { seq: number }> {
    const state = await this.#core.repo.roomState(roomId);
    if (!state) throw new QaError('room_not_found', `There is no room "${roomId}"`);
    return { ...settingsOf(state), seq: state.seq };
  }

  async #changeRoom(
    roomId: string,
    patch: { pre_moderation?: boolean; ended_at?: Date; ended_by?: string },
  ): Promise<QaSettingsDto> {
    const { repo } = this.#core;
    const { seq, settings } = await repo.db.transaction().execute(async (tx) => {
      const seq = await repo.bumpSeq(tx, roomId);
      await repo.setRoomSettings(tx, roomId, patch);
      const state = await repo.roomState(roomId, tx);
      if (!state) throw new QaError('room_not_found', `There is no room "${roomId}"`);
      return { seq, settings: settingsOf(state) };
    });
    this.#core.announce([{ kind: 'settings', roomId, seq, settings }]);
    return settings;
  }

  #limit(limiter: RateLimiter, actor: Actor, what: string): void {
    const decision = limiter.take(actor.identity);
    if (decision.ok) return;
    const { limit, windowMs } = limiter.rule;
    const seconds = Math.ceil(decision.retryAfterMs / 1000);
    this.#core.log.info({ identity: actor.identity, what }, 'rate limited');
    throw new QaError(
      'rate_limited',
      `Too many ${what}: at most ${limit} per ${Math.round(windowMs / 1000)} seconds. Try again in ${seconds} s.`,
      { retryAfterMs: decision.retryAfterMs },
    );
  }
}
