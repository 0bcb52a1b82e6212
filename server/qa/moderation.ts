import type { AnswerMode, LiveTarget, QaCitation } from '../../common/qa.ts';
import type { QaCore } from './core.ts';
import { QaError, questionNotFound } from './errors.ts';
import { checkProfanity } from './profanity.ts';
import { MERGE_TARGET_STATES, nextState, type QaAction } from './states.ts';
import type { QuestionRow } from './tables.ts';
import { textKey } from './text-rules.ts';

/** Who did it, and in which room they may act (null: any room, for trusted in-process callers). */
export interface ModerationActor {
  identity: string;
  roomId: string | null;
}

/** approve / dismiss / escalate / requeue: a plain state change with an optional reason. */
export function transition(
  core: QaCore,
  actor: ModerationActor,
  questionId: string,
  action: Extract<QaAction, 'approve' | 'dismiss' | 'escalate'>,
  reason?: string,
): Promise<QuestionRow> {
  return core.mutate(questionId, actor.roomId, async (tx, row, seq) => {
    const to = nextState(row.state, action);
    const updated = await core.repo.update(tx, row.id, seq, {
      state: to,
      ...(action === 'dismiss' ? { dismiss_reason: reason ?? null } : {}),
    });
    return {
      row: updated,
      history: [
        { questionId: row.id, action, from: row.state, to, actor: actor.identity, note: reason ?? null },
      ],
      changes: [core.questionChange(updated, row.state, seq)],
    };
  });
}

/** Replaces the text, keeping the original as submitted; the profanity flag follows the new text. */
export function editText(
  core: QaCore,
  actor: ModerationActor,
  questionId: string,
  text: string,
): Promise<QuestionRow> {
  return core.mutate(questionId, actor.roomId, async (tx, row, seq) => {
    nextState(row.state, 'edit');
    if (text === row.text) return null;
    const updated = await core.repo.update(tx, row.id, seq, {
      text,
      text_key: textKey(text),
      original_text: row.original_text ?? row.text,
      edited_by: actor.identity,
      flagged: checkProfanity(text).flagged,
    });
    return {
      row: updated,
      history: [
        {
          questionId: row.id,
          action: 'edit',
          from: row.state,
          to: row.state,
          actor: actor.identity,
          note: row.text,
        },
      ],
      changes: [core.questionChange(updated, row.state, seq)],
    };
  });
}

/** Stars (or unstars) a question; without `starred`, toggles. */
export function star(
  core: QaCore,
  actor: ModerationActor,
  questionId: string,
  starred?: boolean,
): Promise<QuestionRow> {
  return core.mutate(questionId, actor.roomId, async (tx, row, seq) => {
    nextState(row.state, 'star');
    const want = starred ?? !row.starred;
    if (want === row.starred) return null;
    const updated = await core.repo.update(tx, row.id, seq, { starred: want });
    return {
      row: updated,
      history: [
        {
          questionId: row.id,
          action: want ? 'star' : 'unstar',
          from: row.state,
          to: row.state,
          actor: actor.identity,
        },
      ],
      changes: [core.questionChange(updated, row.state, seq)],
    };
  });
}

/**
 * Merges a duplicate into another question of the same room: the duplicate is dismissed with
 * `mergedInto` set, and its votes move over (someone who voted for both counts once).
 */
export async function merge(
  core: QaCore,
  actor: ModerationActor,
  questionId: string,
  intoId: string,
): Promise<{ into: QuestionRow; merged: QuestionRow }> {
  if (questionId === intoId) throw new QaError('invalid_merge', 'A question cannot be merged into itself');
  const out: { into?: QuestionRow } = {};
  const merged = await core.mutate(questionId, actor.roomId, async (tx, row, seq) => {
    const target = await core.repo.get(intoId, tx);
    if (!target || target.room_id !== row.room_id) throw questionNotFound(intoId);
    if (!MERGE_TARGET_STATES.includes(target.state)) {
      throw new QaError('invalid_merge', `Cannot merge into a question that is ${target.state}`);
    }
    const to = nextState(row.state, 'merge');
    await core.repo.moveVotes(tx, row.id, target.id);
    const source = await core.repo.update(tx, row.id, seq, {
      state: to,
      merged_into: target.id,
      dismiss_reason: 'duplicate',
    });
    const into = await core.repo.update(tx, target.id, seq, {});
    out.into = into;
    return {
      row: source,
      history: [
        { questionId: row.id, action: 'merge', from: row.state, to, actor: actor.identity, note: target.id },
        {
          questionId: target.id,
          action: 'merge-in',
          from: target.state,
          to: target.state,
          actor: actor.identity,
          note: row.id,
        },
      ],
      // The target first: by the time clients drop the duplicate, its votes are already counted.
      changes: [core.questionChange(into, target.state, seq), core.questionChange(source, row.state, seq)],
    };
  });
  if (!out.into) throw new Error('merge: the target was not updated');
  return { into: out.into, merged };
}

/**
 * Sends a question live. A room has one live question: the one that was live goes back to the
 * approved queue. Listeners get `questionLive` (the twin agent answers from it).
 */
export async function markLive(
  core: QaCore,
  actor: ModerationActor,
  questionId: string,
  target: LiveTarget,
): Promise<QuestionRow> {
  const row = await core.mutate(questionId, actor.roomId, async (tx, row, seq) => {
    const to = nextState(row.state, 'live');
    const others = await core.repo.findLive(tx, row.room_id, row.id);
    const changes = [];
    const history = [];
    for (const other of others) {
      const back = nextState(other.state, 'requeue');
      const requeued = await core.repo.update(tx, other.id, seq, { state: back });
      history.push({
        questionId: other.id,
        action: 'requeue',
        from: other.state,
        to: back,
        actor: actor.identity,
      });
      changes.push(core.questionChange(requeued, other.state, seq));
    }
    const updated = await core.repo.update(tx, row.id, seq, { state: to });
    history.push({ questionId: row.id, action: 'live', from: row.state, to, actor: actor.identity });
    changes.push(core.questionChange(updated, row.state, seq));
    return { row: updated, history, changes };
  });
  core.events.emit('questionLive', row, target);
  return row;
}

export interface AnswerInput {
  mode: AnswerMode;
  /** Required for `twin` and `written`; optional for `leader` (a summary of what was said). */
  text?: string | null | undefined;
  citations?: QaCitation[] | undefined;
  /** Identity of whoever answered: a host, or the twin agent. */
  answeredBy: string;
}

/** Records the answer and closes the question (`answered`). */
export function recordAnswer(
  core: QaCore,
  actor: ModerationActor,
  questionId: string,
  answer: AnswerInput,
): Promise<QuestionRow> {
  const text = answer.text ?? null;
  if (answer.mode !== 'leader' && (text === null || text.trim() === '')) {
    return Promise.reject(new QaError('invalid_answer', `A ${answer.mode} answer needs its text`));
  }
  if (answer.mode !== 'twin' && answer.citations && answer.citations.length > 0) {
    return Promise.reject(new QaError('invalid_answer', 'Only twin answers carry citations'));
  }
  return core.mutate(questionId, actor.roomId, async (tx, row, seq) => {
    const to = nextState(row.state, 'answer', answer.mode);
    const updated = await core.repo.update(tx, row.id, seq, {
      state: to,
      answer_mode: answer.mode,
      answer_text: text,
      answer_citations: answer.mode === 'twin' ? JSON.stringify(answer.citations ?? []) : null,
      answered_by: answer.answeredBy,
      answered_at: new Date(),
    });
    return {
      row: updated,
      history: [
        {
          questionId: row.id,
          action: 'answer',
          from: row.state,
          to,
          actor: answer.answeredBy,
          note: answer.mode,
        },
      ],
      changes: [core.questionChange(updated, row.state, seq)],
    };
  });
}
