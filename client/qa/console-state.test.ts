import { describe, expect, it } from 'vitest';
import type { QuestionState } from '../../common/qa.ts';
import {
  consoleActions,
  liveQuestion,
  mergeTargets,
  nextQuestion,
  tabCounts,
  tabQuestions,
  topApproved,
} from './console-state.ts';
import { qaPermissions, type PanelQuestion } from './qa-state.ts';

let n = 0;
function q(state: QuestionState, over: Partial<PanelQuestion> = {}): PanelQuestion {
  n += 1;
  return {
    id: `q${n}`,
    roomId: 'town-hall',
    text: `Question ${n}?`,
    edited: false,
    author: null,
    anonymous: true,
    state,
    flagged: false,
    starred: false,
    votes: 0,
    mergedInto: null,
    answer: null,
    moderation: null,
    createdAt: `2026-03-02T16:00:${String(n).padStart(2, '0')}.000Z`,
    updatedAt: `2026-03-02T16:00:${String(n).padStart(2, '0')}.000Z`,
    seq: n,
    voted: false,
    mine: false,
    ...over,
  };
}

const host = qaPermissions('host');
const moderator = qaPermissions('moderator');

describe('console rules', () => {
  it('offers each state the moves the server allows, "pick" to hosts only, nothing to attendees', () => {
    expect(consoleActions(q('pending'), host)).toEqual([
      'approve',
      'edit',
      'merge',
      'star',
      'escalate',
      'dismiss',
    ]);
    expect(consoleActions(q('approved'), host)).toEqual([
      'pick',
      'edit',
      'merge',
      'star',
      'escalate',
      'dismiss',
    ]);
    expect(consoleActions(q('approved'), moderator)).toEqual([
      'edit',
      'merge',
      'star',
      'escalate',
      'dismiss',
    ]);
    expect(consoleActions(q('live'), host)).toEqual(['edit', 'star', 'escalate', 'dismiss']);
    expect(consoleActions(q('escalated'), host)).toEqual([
      'approve',
      'pick',
      'edit',
      'merge',
      'star',
      'dismiss',
    ]);
    expect(consoleActions(q('answered'), host)).toEqual([]);
    expect(consoleActions(q('dismissed'), host)).toEqual([]);
    expect(consoleActions(q('pending'), qaPermissions('attendee'))).toEqual([]);
  });

  it('sorts open tabs starred first, then by votes and age; closed tabs newest first', () => {
    const a = q('approved', { votes: 5 });
    const b = q('approved', { votes: 1, starred: true });
    const c = q('approved', { votes: 5 });
    const d = q('answered', { updatedAt: '2026-03-02T17:00:00.000Z' });
    const e = q('answered', { updatedAt: '2026-03-02T18:00:00.000Z' });
    const all = [a, b, c, d, e, q('pending')];
    expect(tabQuestions(all, 'approved').map((x) => x.id)).toEqual([b.id, a.id, c.id]);
    expect(tabQuestions(all, 'answered').map((x) => x.id)).toEqual([e.id, d.id]);
    expect(tabCounts(all)).toEqual({
      pending: 1,
      approved: 3,
      live: 0,
      answered: 2,
      dismissed: 0,
      escalated: 0,
    });
  });

  it('picks the top approved question unless the host picked one that can still go live', () => {
    const a = q('approved', { votes: 2 });
    const b = q('approved', { votes: 7 });
    const c = q('escalated');
    const all = [a, b, c];
    expect(topApproved(all)?.id).toBe(b.id);
    expect(nextQuestion(all, null)?.id).toBe(b.id);
    expect(nextQuestion(all, a.id)?.id).toBe(a.id);
    expect(nextQuestion(all, c.id)?.id).toBe(c.id);
    expect(nextQuestion([{ ...a, state: 'answered' }, b], a.id)?.id).toBe(b.id);
    expect(nextQuestion([], null)).toBeNull();
  });

  it('finds the live question and the merge targets (never itself or a dismissed one)', () => {
    const live = q('live');
    const dup = q('pending');
    const gone = q('dismissed');
    const done = q('answered', { votes: 3 });
    const all = [live, dup, gone, done];
    expect(liveQuestion(all)?.id).toBe(live.id);
    expect(liveQuestion([dup])).toBeNull();
    expect(mergeTargets(all, dup.id).map((x) => x.id)).toEqual([done.id, live.id]);
  });
});
