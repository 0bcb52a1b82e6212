import { describe, expect, it } from 'vitest';
import { QUESTION_STATES, type QuestionState } from '../../common/qa.ts';
import { QaError } from './errors.ts';
import { nextState, type QaAction } from './states.ts';

function outcome(from: QuestionState, action: QaAction, mode?: 'twin' | 'leader' | 'written'): string {
  try {
    return nextState(from, action, mode);
  } catch (err) {
    expect(err).toBeInstanceOf(QaError);
    expect((err as QaError).code).toBe('illegal_transition');
    return 'refused';
  }
}

describe('question state machine', () => {
  it('follows pending → approved → live → answered', () => {
    expect(outcome('pending', 'approve')).toBe('approved');
    expect(outcome('approved', 'live')).toBe('live');
    expect(outcome('live', 'answer', 'twin')).toBe('answered');
  });

  it('has the full transition table', () => {
    const table: Record<string, Record<QuestionState, string>> = {
      approve: {
        pending: 'approved',
        approved: 'refused',
        live: 'refused',
        answered: 'refused',
        dismissed: 'refused',
        escalated: 'approved',
      },
      dismiss: {
        pending: 'dismissed',
        approved: 'dismissed',
        live: 'dismissed',
        answered: 'refused',
        dismissed: 'refused',
        escalated: 'dismissed',
      },
      live: {
        pending: 'refused',
        approved: 'live',
        live: 'refused',
        answered: 'refused',
        dismissed: 'refused',
        escalated: 'live',
      },
      requeue: {
        pending: 'refused',
        approved: 'refused',
        live: 'approved',
        answered: 'refused',
        dismissed: 'refused',
        escalated: 'refused',
      },
      escalate: {
        pending: 'escalated',
        approved: 'escalated',
        live: 'escalated',
        answered: 'refused',
        dismissed: 'refused',
        escalated: 'refused',
      },
      merge: {
        pending: 'dismissed',
        approved: 'dismissed',
        live: 'refused',
        answered: 'refused',
        dismissed: 'refused',
        escalated: 'dismissed',
      },
      edit: {
        pending: 'pending',
        approved: 'approved',
        live: 'live',
        answered: 'refused',
        dismissed: 'refused',
        escalated: 'escalated',
      },
      star: {
        pending: 'pending',
        approved: 'approved',
        live: 'live',
        answered: 'refused',
        dismissed: 'refused',
        escalated: 'escalated',
      },
    };
    for (const [action, row] of Object.entries(table)) {
      for (const from of QUESTION_STATES) {
        expect(outcome(from, action as QaAction), `${action} from ${from}`).toBe(row[from]);
      }
    }
  });

  it('lets people answer from the queue, but the twin only what is live', () => {
    for (const mode of ['leader', 'written'] as const) {
      expect(outcome('approved', 'answer', mode)).toBe('answered');
      expect(outcome('escalated', 'answer', mode)).toBe('answered');
      expect(outcome('pending', 'answer', mode)).toBe('refused');
    }
    expect(outcome('approved', 'answer', 'twin')).toBe('refused');
    expect(outcome('escalated', 'answer', 'twin')).toBe('refused');
    expect(() => nextState('approved', 'answer', 'twin')).toThrow('The twin answers only the live question');
  });

  it('treats answered and dismissed as final', () => {
    for (const from of ['answered', 'dismissed'] as const) {
      for (const action of [
        'approve',
        'dismiss',
        'live',
        'requeue',
        'escalate',
        'answer',
        'merge',
        'edit',
        'star',
      ] as const) {
        expect(outcome(from, action, 'written'), `${action} from ${from}`).toBe('refused');
      }
    }
    expect(() => nextState('answered', 'dismiss')).toThrow('Cannot dismiss a question that is answered');
  });
});
