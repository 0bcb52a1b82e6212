import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.ts';

describe('splitSentences', () => {
  it('cuts at sentence ends and keeps offsets into the original text', () => {
    const text = 'Revenue grew 3.5 percent. Dr. Smith agreed!  Did margins improve? "Yes." Done';
    const spans = splitSentences(text);
    expect(spans.map((s) => s.text)).toEqual([
      'Revenue grew 3.5 percent.',
      'Dr. Smith agreed!',
      'Did margins improve?',
      '"Yes."',
      'Done',
    ]);
    for (const s of spans) expect(text.slice(s.charStart, s.charEnd)).toBe(s.text);
  });

  it('does not cut after initials or common abbreviations', () => {
    expect(
      splitSentences('J. R. Smith met the U.S. team, e.g. sales. Then left.').map((s) => s.text),
    ).toEqual(['J. R. Smith met the U.S. team, e.g. sales.', 'Then left.']);
  });

  it('cuts at blank lines and ignores empty input', () => {
    expect(splitSentences('First line\n\nSecond line').map((s) => s.text)).toEqual([
      'First line',
      'Second line',
    ]);
    expect(splitSentences('   ')).toEqual([]);
    expect(splitSentences('')).toEqual([]);
  });

  it('cuts over-long sentences at commas or spaces', () => {
    const long = Array.from({ length: 40 }, (_, i) => `clause number ${i}`).join(', ') + '.';
    const spans = splitSentences(long, 120);
    expect(spans.length).toBeGreaterThan(5);
    for (const s of spans) {
      expect(s.text.length).toBeLessThanOrEqual(120);
      expect(long.slice(s.charStart, s.charEnd)).toBe(s.text);
    }
    expect(spans.map((s) => s.text).join(' ')).toBe(long);
    const noSpaces = 'x'.repeat(250);
    expect(splitSentences(noSpaces, 100).map((s) => s.text.length)).toEqual([100, 100, 50]);
  });
});
