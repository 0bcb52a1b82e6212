import { describe, expect, it } from 'vitest';
import type { TimelineSegmentMessage } from '../../common/timeline.ts';
import { captionPrefix, captionText, heardWordCount, tail } from './caption-text.ts';

function seg(
  seq: number,
  offsetMs: number,
  text: string,
  words: [string, number, number][],
): TimelineSegmentMessage {
  return {
    v: 1,
    type: 'segment',
    utteranceId: 'u',
    seq,
    text,
    audioStartOffsetMs: offsetMs,
    durationMs: 2000,
    words: words.map(([w, s, e]) => ({ w, s, e })),
    visemes: [],
    gestures: [],
  };
}

const segs = [
  seg(0, 0, 'Good morning, everyone.', [
    ['Good', 100, 300],
    ['morning', 300, 700],
    ['everyone', 750, 1200],
  ]),
  seg(1, 1500, 'We shipped 42 units.', [
    ['We', 100, 200],
    ['shipped', 200, 500],
    ['42', 500, 1100],
    ['units', 1100, 1400],
  ]),
];

describe('captions', () => {
  it('shows each word when it starts being heard', () => {
    expect(captionText(segs, 50)).toBe('');
    expect(captionText(segs, 100)).toBe('Good');
    expect(captionText(segs, 760)).toBe('Good morning everyone');
    expect(heardWordCount(segs, 760)).toBe(3);
  });

  it('shows a finished sentence as written, punctuation included', () => {
    expect(captionText(segs, 1300)).toBe('Good morning, everyone.');
    expect(captionText(segs, 1500 + 550)).toBe('Good morning, everyone. We shipped 42');
    expect(captionText(segs, 5000)).toBe('Good morning, everyone. We shipped 42 units.');
    expect(heardWordCount(segs, 5000)).toBe(7);
  });

  it('trims to the interrupt point (time clamped by the caller)', () => {
    const heardUntil = 1500 + 450;
    expect(captionText(segs, Math.min(9000, heardUntil))).toBe('Good morning, everyone. We shipped');
  });

  it('keeps the tail within the limit, at a word boundary', () => {
    expect(tail('one two three four', 12)).toBe('…three four');
    expect(tail('short', 12)).toBe('short');
    expect(captionText(segs, 5000, 20).length).toBeLessThanOrEqual(20);
  });

  it('labels the speaker as the AI twin', () => {
    expect(captionPrefix('Marisol Quennell')).toBe('AI twin · Marisol Quennell: ');
  });
});
