import { describe, expect, it } from 'vitest';
import type { SpokenWord } from '../../speech/index.ts';
import { captionCharsAt, captionUnits, heardCaption } from './captions.ts';

const text = 'Revenue grew 42 percent, mostly abroad.';
const span = (word: string, startMs: number, endMs: number, token: string, from = 0): SpokenWord => {
  const charStart = text.indexOf(token, from);
  return { word, startMs, endMs, charStart, charEnd: charStart + token.length };
};
const words: SpokenWord[] = [
  span('revenue', 100, 500, 'Revenue'),
  span('grew', 500, 700, 'grew'),
  span('forty', 700, 900, '42'),
  span('two', 900, 1100, '42'),
  span('percent', 1100, 1500, 'percent'),
  span('mostly', 1700, 2000, 'mostly'),
  span('abroad', 2000, 2400, 'abroad'),
];
const seg = { text, words, durationMs: 2600 };

describe('captions', () => {
  it('makes one step per written token ("42" is spoken as two words)', () => {
    const units = captionUnits(seg);
    expect(units.map((u) => text.slice(0, u.charEnd))).toEqual([
      'Revenue',
      'Revenue grew',
      'Revenue grew 42',
      'Revenue grew 42 percent',
      'Revenue grew 42 percent, mostly',
      'Revenue grew 42 percent, mostly abroad',
    ]);
    expect(units.map((u) => u.startMs)).toEqual([100, 500, 700, 1100, 1700, 2000]);
  });

  it('shows the words that have started, with their punctuation, and everything once played out', () => {
    const units = captionUnits(seg);
    expect(heardCaption(text, units, 50, seg.durationMs)).toBe('');
    expect(heardCaption(text, units, 101, seg.durationMs)).toBe('Revenue');
    expect(heardCaption(text, units, 800, seg.durationMs)).toBe('Revenue grew 42');
    expect(heardCaption(text, units, 1200, seg.durationMs)).toBe('Revenue grew 42 percent,');
    expect(heardCaption(text, units, 2300, seg.durationMs)).toBe('Revenue grew 42 percent, mostly abroad.');
    expect(heardCaption(text, units, 2600, seg.durationMs)).toBe(text);
  });

  it('grows monotonically, so live deltas always add up to the final prefix', () => {
    const units = captionUnits(seg);
    let last = 0;
    for (let t = 0; t <= 2700; t += 20) {
      const chars = captionCharsAt(text, units, t, seg.durationMs);
      expect(chars).toBeGreaterThanOrEqual(last);
      last = chars;
    }
    expect(last).toBe(text.length);
  });

  it('spreads tokens over the duration when the provider gave no word times', () => {
    const units = captionUnits({ text: 'one two three four', words: [], durationMs: 1800 });
    expect(units.map((u) => Math.round(u.startMs))).toEqual([0, 400, 800, 1400]);
    expect(heardCaption('one two three four', units, 900, 1800)).toBe('one two three');
  });
});
