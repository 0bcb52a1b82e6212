import { describe, expect, it } from 'vitest';
import { QaFeed } from './qa-feed.ts';
import {
  QA_TOPIC,
  acceptQaPacket,
  encodeQaEvent,
  parseQaEvent,
  type QaEvent,
  type QuestionDto,
  type QuestionView,
} from './qa.ts';

function question(id: string, seq: number, over: Partial<QuestionDto> = {}): QuestionDto {
  return {
    id,
    roomId: 'hall',
    text: `Question ${id}`,
    edited: false,
    author: null,
    anonymous: true,
    state: 'approved',
    flagged: false,
    starred: false,
    votes: 0,
    mergedInto: null,
    answer: null,
    moderation: null,
    createdAt: `2026-05-01T10:00:0${id.length % 10}.000Z`,
    updatedAt: '2026-05-01T10:00:00.000Z',
    seq,
    ...over,
  };
}
const view = (q: QuestionDto, voted = false): QuestionView => ({ ...q, voted, mine: false });
const upserted = (q: QuestionDto, seq = q.seq): QaEvent => ({
  v: 1,
  type: 'question.upserted',
  roomId: 'hall',
  seq,
  question: { ...q, seq },
});
const removed = (id: string, seq: number): QaEvent => ({
  v: 1,
  type: 'question.removed',
  roomId: 'hall',
  seq,
  id,
});
const votes = (id: string, n: number, seq: number): QaEvent => ({
  v: 1,
  type: 'vote.changed',
  roomId: 'hall',
  seq,
  id,
  votes: n,
});

describe('Q&A events on the wire', () => {
  it('round-trip', () => {
    for (const e of [upserted(question('a', 3)), removed('a', 4), votes('a', 2, 5)]) {
      expect(parseQaEvent(encodeQaEvent(e))).toEqual(e);
    }
  });

  it('reject what is not a well-formed version-1 event', () => {
    const good = upserted(question('a', 3));
    for (const bad of [
      'not json',
      '[]',
      JSON.stringify({ ...good, v: 2 }),
      JSON.stringify({ ...good, type: 'question.deleted' }),
      JSON.stringify({ ...good, seq: -1 }),
      JSON.stringify({ ...good, question: { ...question('a', 3), state: 'hacked' } }),
      JSON.stringify({ ...good, question: { ...question('a', 3), votes: '9' } }),
      JSON.stringify({ ...good, question: { ...question('a', 3), author: 'x' } }),
      JSON.stringify({ v: 1, type: 'vote.changed', roomId: 'hall', seq: 1, id: 'a', votes: 1.5 }),
    ]) {
      expect(parseQaEvent(bad), bad).toBeNull();
    }
  });

  it('are accepted only from the server (no participant identity) on the Q&A topic', () => {
    const payload = encodeQaEvent(votes('a', 1000, 9));
    expect(acceptQaPacket({ topic: QA_TOPIC, participantIdentity: '', payload })).not.toBeNull();
    expect(acceptQaPacket({ topic: QA_TOPIC, payload })).not.toBeNull();
    expect(acceptQaPacket({ topic: QA_TOPIC, participantIdentity: 'mallory', payload })).toBeNull();
    expect(acceptQaPacket({ topic: 'podium.pose.v1', participantIdentity: '', payload })).toBeNull();
    expect(acceptQaPacket({ topic: undefined, payload })).toBeNull();
  });
});

describe('QaFeed', () => {
  it('ignores events the snapshot already reflects', () => {
    const feed = new QaFeed();
    feed.load({ seq: 10, questions: [view(question('a', 8, { votes: 5 }))] });
    expect(feed.apply(votes('a', 1, 9))).toBe(false);
    expect(feed.apply(votes('a', 1, 10))).toBe(false);
    expect(feed.get('a')?.votes).toBe(5);
    expect(feed.apply(votes('a', 6, 11))).toBe(true);
    expect(feed.get('a')?.votes).toBe(6);
  });

  it('converges whatever order events arrive in', () => {
    const events = [
      upserted(question('a', 11)),
      votes('a', 1, 12),
      upserted(question('b', 13)),
      votes('a', 2, 14),
      upserted(question('a', 15, { state: 'live', votes: 2 })),
      removed('b', 16),
      votes('a', 3, 17),
    ];
    const expected = (() => {
      const f = new QaFeed();
      f.load({ seq: 10, questions: [] });
      for (const e of events) f.apply(e);
      return f.list();
    })();
    expect(expected.map((q) => [q.id, q.state, q.votes])).toEqual([['a', 'live', 3]]);
    // Every rotation and the reverse order reach the same view.
    const orders = [
      ...events.map((_, i) => [...events.slice(i), ...events.slice(0, i)]),
      [...events].reverse(),
    ];
    for (const order of orders) {
      const f = new QaFeed();
      f.load({ seq: 10, questions: [] });
      for (const e of order) f.apply(e);
      expect(f.list()).toEqual(expected);
    }
  });

  it('accepts an upsert with the same seq right after a removal (staff re-add)', () => {
    const feed = new QaFeed();
    feed.load({ seq: 1, questions: [view(question('a', 1))] });
    feed.apply(removed('a', 2));
    expect(feed.get('a')).toBeUndefined();
    feed.apply(upserted(question('a', 2, { state: 'dismissed' })));
    expect(feed.get('a')?.state).toBe('dismissed');
    // A stale upsert cannot resurrect a removed question.
    feed.apply(removed('a', 5));
    expect(feed.apply(upserted(question('a', 4)))).toBe(false);
    expect(feed.get('a')).toBeUndefined();
  });

  it('keeps the viewer’s own vote flag across updates, and sorts', () => {
    const feed = new QaFeed();
    feed.load({ seq: 1, questions: [view(question('a', 1), true), view(question('bb', 1))] });
    feed.apply(upserted(question('a', 3, { votes: 4 })));
    expect(feed.get('a')).toMatchObject({ voted: true, votes: 4 });
    feed.setVoted('bb', { voted: true, votes: 7, seq: 4 });
    expect(feed.list('top').map((q) => q.id)).toEqual(['bb', 'a']);
    expect(feed.list('recent').map((q) => q.id)).toEqual(['bb', 'a']);
    // An older response does not roll the count back.
    feed.setVoted('bb', { voted: false, votes: 6, seq: 2 });
    expect(feed.get('bb')).toMatchObject({ voted: false, votes: 7 });
  });
});
