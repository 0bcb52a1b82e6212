import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QuestionView } from '../../common/qa.ts';
import type { ScreenQuestion } from '../scene/big-screen.ts';
import { QaScreen, screenQuestion } from './qa-screen.ts';
import { QaSession } from './qa-session.ts';

const ROOM = 'town-hall';
function question(over: Partial<QuestionView> = {}): QuestionView {
  return {
    id: 'q1',
    roomId: ROOM,
    text: 'When does the office open?',
    edited: false,
    author: { identity: 'ann-x', name: 'Ann' },
    anonymous: false,
    state: 'approved',
    flagged: false,
    starred: false,
    votes: 3,
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

/** Records what the controller asks the screen to show. */
class ScreenLog {
  shown: (ScreenQuestion | 'idle')[] = [];
  showIdle(): void {
    this.shown.push('idle');
  }
  showQuestion(q: ScreenQuestion): void {
    this.shown.push(q);
  }
}

const twinAnswer = {
  mode: 'twin' as const,
  text: 'In March.',
  citations: [{ doc: 'office.md', title: 'New office', date: '2026-01-10', quote: 'It opens in March.' }],
  answeredBy: 'twin-ceo',
  answeredAt: '2026-03-02T16:05:00.000Z',
};

describe('the big screen follows the Q&A', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the live question, then the twin’s citations, then returns to the idle card', () => {
    const session = new QaSession({ roomId: ROOM, role: 'attendee' });
    const screen = new ScreenLog();
    const qs = new QaScreen(session, screen, { answerHoldMs: 10_000 });
    expect(screen.shown).toEqual(['idle']);
    session.applyQuestion(question({ state: 'live', seq: 2 }));
    expect(screen.shown.at(-1)).toEqual({
      text: 'When does the office open?',
      asker: 'Ann',
      votes: 3,
      answeredBy: null,
      citations: [],
    });
    // The same content is not repainted.
    session.applyQuestion(question({ state: 'live', seq: 3 }));
    expect(screen.shown).toHaveLength(2);
    session.applyQuestion(question({ state: 'answered', answer: twinAnswer, seq: 4 }));
    expect(screen.shown.at(-1)).toMatchObject({
      answeredBy: 'AI twin',
      citations: [{ title: 'New office', date: '2026-01-10', quote: 'It opens in March.' }],
    });
    vi.advanceTimersByTime(9_000);
    expect(screen.shown.at(-1)).not.toBe('idle');
    vi.advanceTimersByTime(2_000);
    expect(screen.shown.at(-1)).toBe('idle');
    qs.dispose();
    session.dispose();
  });

  it('a question dismissed while live leaves the screen at once; anonymous askers stay anonymous', () => {
    const session = new QaSession({ roomId: ROOM, role: 'attendee' });
    const screen = new ScreenLog();
    const qs = new QaScreen(session, screen);
    session.applyQuestion(question({ state: 'live', anonymous: true, author: null, seq: 2 }));
    expect(screen.shown.at(-1)).toMatchObject({ asker: null });
    session.applyQuestion(question({ state: 'dismissed', seq: 3 }));
    expect(screen.shown.at(-1)).toBe('idle');
    qs.dispose();
    session.dispose();
  });

  it('keeps only plain strings and shows citations for twin answers only', () => {
    const leader = screenQuestion(
      question({ state: 'answered', answer: { ...twinAnswer, mode: 'leader', text: null } }),
    );
    expect(leader).toMatchObject({ answeredBy: 'Leader', citations: [] });
    const bare = screenQuestion(
      question({
        state: 'answered',
        answer: { ...twinAnswer, citations: [{ doc: 'faq.md', quote: 'Yes.' }] },
      }),
    );
    expect(bare.citations).toEqual([{ title: 'faq.md', date: null, quote: 'Yes.' }]);
  });
});
