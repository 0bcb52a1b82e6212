import type { AnswerMode, QuestionState } from '../../common/qa.ts';
import { QaError } from './errors.ts';

/**
 * What can happen to a question. `requeue` is the server's own move (a live question goes back to
 * the queue when the host sends another one live); `merge` dismisses the duplicate.
 */
export type QaAction =
  'approve' | 'dismiss' | 'live' | 'requeue' | 'escalate' | 'answer' | 'merge' | 'edit' | 'star';

/**
 * pending → approved → live → answered | dismissed | escalated, and the side roads: an escalated
 * question can be approved again, sent live, or answered by a person; a question can be answered in
 * writing (or by the leader) without going live. `answered` and `dismissed` are final.
 */
const TRANSITIONS: Readonly<
  Record<Exclude<QaAction, 'edit' | 'star'>, Partial<Record<QuestionState, QuestionState>>>
> = {
  approve: { pending: 'approved', escalated: 'approved' },
  dismiss: { pending: 'dismissed', approved: 'dismissed', live: 'dismissed', escalated: 'dismissed' },
  live: { approved: 'live', escalated: 'live' },
  requeue: { live: 'approved' },
  escalate: { pending: 'escalated', approved: 'escalated', live: 'escalated' },
  answer: { live: 'answered', approved: 'answered', escalated: 'answered' },
  merge: { pending: 'dismissed', approved: 'dismissed', escalated: 'dismissed' },
};

/** States in which the text may still be edited, or the question starred. */
const OPEN_STATES: readonly QuestionState[] = ['pending', 'approved', 'live', 'escalated'];

/** States in which people may vote. */
export const VOTABLE_STATES: readonly QuestionState[] = ['approved', 'live'];

/** States a merge may target (a duplicate of an answered question is still a duplicate). */
export const MERGE_TARGET_STATES: readonly QuestionState[] = [
  'pending',
  'approved',
  'live',
  'escalated',
  'answered',
];

const VERB: Record<QaAction, string> = {
  approve: 'approve',
  dismiss: 'dismiss',
  live: 'send live',
  requeue: 'requeue',
  escalate: 'escalate',
  answer: 'answer',
  merge: 'merge',
  edit: 'edit',
  star: 'star',
};

/**
 * The state after `action`, or a 409 QaError naming why it is not allowed. A twin answer needs the
 * question to be live (the twin answers what the host sent it).
 */
export function nextState(from: QuestionState, action: QaAction, mode?: AnswerMode): QuestionState {
  if (action === 'edit' || action === 'star') {
    if (OPEN_STATES.includes(from)) return from;
    throw illegal(from, action);
  }
  if (action === 'answer' && mode === 'twin' && from !== 'live') {
    throw new QaError(
      'illegal_transition',
      `The twin answers only the live question; this question is ${from}. Send it live first.`,
    );
  }
  const to = TRANSITIONS[action][from];
  if (!to) throw illegal(from, action);
  return to;
}

function illegal(from: QuestionState, action: QaAction): QaError {
  return new QaError('illegal_transition', `Cannot ${VERB[action]} a question that is ${from}`);
}
