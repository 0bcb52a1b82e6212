import { describe, expect, it } from 'vitest';
import type { QaEvent, QuestionListResponse, QuestionState, QuestionView } from '../../common/qa.ts';
import {
  QaStore,
  qaPermissions,
  questionActions,
  questionLength,
  questionTextProblem,
  type QaViewOptions,
} from './qa-state.ts';

const ROOM = 'town-hall';

function question(id: string, over: Partial<QuestionView> = {}): QuestionView {
  return {
    id,
    roomId: ROOM,
    text: `Question ${id}?`,
    edited: false,
    author: { identity: 'ada-x', name: 'Ada' },
    anonymous: false,
    state: 'approved',
    flagged: false,
    starred: false,
    votes: 0,
    mergedInto: null,
    answer: null,
    moderation: null,
    createdAt: '2026-03-02T16:00:00.000Z',
    updatedAt: '2026-03-02T16:00:00.000Z',
    seq: 1,
    voted: false,
    mine: false,
    ...over,
  };
}

function snapshot(seq: number, questions: QuestionView[]): QuestionListResponse {
  return { roomId: ROOM, seq, settings: { preModeration: true, ended: false, endedAt: null }, questions };
}

const upsert = (seq: number, q: QuestionView, roomId = ROOM): QaEvent => ({
  v: 1,
  roomId,
  seq,
  type: 'question.upserted',
  question: { ...q, seq },
});
const votes = (seq: number, id: string, n: number): QaEvent => ({
  v: 1,
  roomId: ROOM,
  seq,
  type: 'vote.changed',
  id,
  votes: n,
});

const TOP: QaViewOptions = { sort: 'top', hideAnswered: false };
const ids = (store: QaStore, opts: QaViewOptions = TOP) => store.view(opts).map((q) => q.id);

function loaded(questions: QuestionView[], seq = 10): QaStore {
  const store = new QaStore(ROOM);
  store.beginLoad();
  store.finishLoad(snapshot(seq, questions));
  return store;
}

describe('QaStore view', () => {
  const a = question('q_a', { votes: 1, createdAt: '2026-03-02T16:00:01.000Z' });
  const b = question('q_b', { votes: 5, createdAt: '2026-03-02T16:00:02.000Z' });
  const c = question('q_c', { votes: 5, createdAt: '2026-03-02T16:00:03.000Z', state: 'answered' });

  it('sorts by votes then oldest (top), or newest first (recent)', () => {
    const store = loaded([a, b, c]);
    expect(ids(store)).toEqual(['q_b', 'q_c', 'q_a']);
    expect(ids(store, { sort: 'recent', hideAnswered: false })).toEqual(['q_c', 'q_b', 'q_a']);
  });

  it('hides answered questions on request and dismissed ones always', () => {
    const d = question('q_d', { state: 'dismissed' });
    const store = loaded([a, b, c, d]);
    expect(ids(store)).toEqual(['q_b', 'q_c', 'q_a']);
    expect(ids(store, { sort: 'top', hideAnswered: true })).toEqual(['q_b', 'q_a']);
  });

  it('re-sorts when a vote event arrives and ignores older ones', () => {
    const store = loaded([a, b]);
    expect(store.receive(votes(11, 'q_a', 9))).toBe(true);
    expect(ids(store)).toEqual(['q_a', 'q_b']);
    expect(store.receive(votes(10, 'q_a', 2))).toBe(false);
    expect(store.get('q_a')?.votes).toBe(9);
  });

  it('ignores events for another room', () => {
    const store = loaded([a]);
    expect(store.receive(upsert(20, question('q_x'), 'other-room'))).toBe(false);
    expect(ids(store)).toEqual(['q_a']);
  });

  it('removes a question on question.removed', () => {
    const store = loaded([a, b]);
    store.receive({ v: 1, roomId: ROOM, seq: 12, type: 'question.removed', id: 'q_a' });
    expect(ids(store)).toEqual(['q_b']);
  });

  it('applies settings changes', () => {
    const store = loaded([]);
    store.receive({
      v: 1,
      roomId: ROOM,
      seq: 11,
      type: 'settings.changed',
      settings: { preModeration: false, ended: true, endedAt: '2026-03-02T17:00:00.000Z' },
    });
    expect(store.settings?.ended).toBe(true);
  });
});

describe('QaStore loading', () => {
  it('replays events that arrived while the snapshot was loading', () => {
    const store = new QaStore(ROOM);
    store.beginLoad();
    // Newer than the snapshot that is about to arrive: must survive the load.
    store.receive(upsert(12, question('q_new', { votes: 0 })));
    store.receive(votes(13, 'q_old', 4));
    // Older than the snapshot: already in it.
    store.receive(votes(5, 'q_old', 1));
    store.finishLoad(snapshot(10, [question('q_old', { votes: 2, seq: 8 })]));
    expect(ids(store).sort()).toEqual(['q_new', 'q_old']);
    expect(store.get('q_old')?.votes).toBe(4);
  });

  it('converges after a reload that replaces a stale view', () => {
    const store = loaded([question('q_a', { votes: 1 })], 10);
    store.beginLoad();
    store.finishLoad(snapshot(20, [question('q_b', { votes: 3, seq: 15 })]));
    expect(ids(store)).toEqual(['q_b']);
    // Events the new snapshot already covers do nothing.
    expect(store.receive(votes(18, 'q_b', 1))).toBe(false);
    expect(store.get('q_b')?.votes).toBe(3);
  });

  it('keeps events applied when the load fails', () => {
    const store = loaded([question('q_a')]);
    store.beginLoad();
    store.receive(votes(11, 'q_a', 7));
    store.failLoad();
    expect(store.get('q_a')?.votes).toBe(7);
  });

  it('remembers the caller’s own questions and votes across events', () => {
    const store = loaded([question('q_a', { mine: true }), question('q_b')]);
    store.upsertFromResponse(question('q_c', { state: 'pending', mine: true, seq: 11 }));
    // An event (which carries no caller flags) must not forget who wrote it.
    store.receive(upsert(12, question('q_c', { state: 'approved' })));
    store.receive(upsert(13, question('q_a', { votes: 2 })));
    expect(store.get('q_a')?.mine).toBe(true);
    expect(store.get('q_c')?.mine).toBe(true);
    expect(store.get('q_c')?.state).toBe('approved');
    expect(store.get('q_b')?.mine).toBe(false);
    store.setVoted('q_b', { voted: true, votes: 1, seq: 14 });
    store.receive(votes(15, 'q_b', 2));
    expect(store.get('q_b')).toMatchObject({ voted: true, votes: 2 });
  });

  it('announces only questions that appear after the first view', () => {
    const store = loaded([question('q_a')]);
    expect(store.takeNew(store.view(TOP))).toEqual([]);
    store.receive(upsert(11, question('q_b')));
    expect(store.takeNew(store.view(TOP)).map((q) => q.id)).toEqual(['q_b']);
    expect(store.takeNew(store.view(TOP))).toEqual([]);
  });
});

describe('questionActions', () => {
  const acts = (state: QuestionState, role: 'attendee' | 'moderator' | 'host') =>
    questionActions({ state }, qaPermissions(role));

  it('lets attendees only vote, on open and live questions', () => {
    expect(acts('approved', 'attendee')).toEqual(['vote']);
    expect(acts('live', 'attendee')).toEqual(['vote']);
    expect(acts('pending', 'attendee')).toEqual([]);
    expect(acts('answered', 'attendee')).toEqual([]);
  });

  it('gives moderators approve, star and dismiss where the state allows', () => {
    expect(acts('pending', 'moderator')).toEqual(['approve', 'star', 'dismiss']);
    expect(acts('approved', 'moderator')).toEqual(['vote', 'star', 'dismiss']);
    expect(acts('answered', 'moderator')).toEqual([]);
  });

  it('gives hosts mark live and written answers too', () => {
    expect(acts('approved', 'host')).toEqual(['vote', 'star', 'dismiss', 'live', 'answer']);
    expect(acts('live', 'host')).toEqual(['vote', 'star', 'dismiss', 'answer']);
    expect(qaPermissions('admin')).toEqual({ moderate: true, host: true });
  });
});

describe('question text', () => {
  it('counts code points after collapsing whitespace', () => {
    expect(questionLength('  a   b  ')).toBe(3);
    expect(questionLength('😀😀😀')).toBe(3);
  });

  it('explains what is too short or too long', () => {
    expect(questionTextProblem('hi')).toMatch(/at least 3/);
    expect(questionTextProblem('x'.repeat(501))).toMatch(/at most 500.*501/);
    expect(questionTextProblem('Why?')).toBeNull();
    expect(questionTextProblem('x'.repeat(500))).toBeNull();
  });
});
