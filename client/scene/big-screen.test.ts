import { describe, expect, it } from 'vitest';
import { wrapText } from './big-screen.ts';

/** A monospace "font": every character is 10 px wide. */
const mono = { measureText: (s: string) => ({ width: [...s].length * 10 }) as TextMetrics };

describe('wrapText', () => {
  it('wraps at spaces to fit the width', () => {
    expect(wrapText(mono, 'one two three four', 90, 5)).toEqual(['one two', 'three', 'four']);
  });

  it('cuts a word longer than a line by characters', () => {
    expect(wrapText(mono, 'abcdefghijkl mn', 50, 5)).toEqual(['abcde', 'fghij', 'kl mn']);
  });

  it('ends with an ellipsis when the text needs more lines than allowed', () => {
    const lines = wrapText(mono, 'aaa bbb ccc ddd eee', 70, 2);
    expect(lines).toEqual(['aaa bbb', 'ccc dd…']);
    for (const l of lines) expect(l.length * 10).toBeLessThanOrEqual(70);
  });

  it('keeps markup as the characters it is', () => {
    expect(wrapText(mono, '<img src=x onerror=alert(1)>', 1000, 2)).toEqual(['<img src=x onerror=alert(1)>']);
  });
});
