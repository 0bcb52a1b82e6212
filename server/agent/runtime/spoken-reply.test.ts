import { describe, expect, it } from 'vitest';
import { speakableChunks, spokenReply } from './spoken-reply.ts';
import type { TwinAnswer } from '../../twin/index.ts';

const answer = (text: string) => ({ text }) as TwinAnswer;

describe('what the twin says', () => {
  it('opens with the AI notice only when one is given', () => {
    expect(spokenReply(answer(' Twenty weeks. '), "I'm an AI twin.")).toBe("I'm an AI twin. Twenty weeks.");
    expect(spokenReply(answer('Twenty weeks.'), null)).toBe('Twenty weeks.');
  });

  it('cuts a long first sentence at its first clause so speech starts sooner', () => {
    const text =
      "I'm an AI twin of Marisol Quennell, and I can only share statements Marisol has approved. Parental leave is twenty weeks.";
    expect(speakableChunks(text)).toEqual([
      "I'm an AI twin of Marisol Quennell,",
      'and I can only share statements Marisol has approved.',
      'Parental leave is twenty weeks.',
    ]);
  });

  it('keeps short first sentences, and never leaves a clipped head or tail', () => {
    expect(speakableChunks('Yes, we are. Thanks.')).toEqual(['Yes, we are.', 'Thanks.']);
    const noGoodCut = 'So, the learning budget covers courses, books and conferences for everyone here.';
    expect(speakableChunks(noGoodCut)[0]).toBe('So, the learning budget covers courses,');
    const tailOnly = 'The learning budget covers courses and books and conferences, yes.';
    expect(speakableChunks(tailOnly)).toEqual([tailOnly]);
    expect(speakableChunks('')).toEqual([]);
  });
});
