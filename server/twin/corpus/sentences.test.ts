import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.ts';

const texts = (body: string) => splitSentences(body).map((s) => body.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits plain prose and keeps offsets verbatim', () => {
    const body = 'We are hybrid. Teams meet on Tuesdays!  Is that fixed? No.';
    expect(texts(body)).toEqual(['We are hybrid.', 'Teams meet on Tuesdays!', 'Is that fixed?', 'No.']);
  });

  it('does not split on abbreviations, initials, decimals or lower-case continuations', () => {
    const body = 'Dr. Smith met J. Doe in the U.S. last year. Growth was 3.5 percent, e.g. in sales. Done.';
    expect(texts(body)).toEqual([
      'Dr. Smith met J. Doe in the U.S. last year.',
      'Growth was 3.5 percent, e.g. in sales.',
      'Done.',
    ]);
  });

  it('keeps closing quotes with their sentence', () => {
    const body = 'I said "we will grow." Then we did.';
    expect(texts(body)).toEqual(['I said "we will grow."', 'Then we did.']);
  });

  it('handles Markdown headings, list items and paragraphs', () => {
    const body =
      '# Hybrid work\n\nWe meet three days a week.\nThe rest is up to you.\n\n- Tuesday is team day\n- Thursday too. Really.\n';
    const spans = splitSentences(body);
    expect(spans.map((s) => [body.slice(s.start, s.end), s.kind, s.block])).toEqual([
      ['Hybrid work', 'heading', 0],
      ['We meet three days a week.', 'sentence', 1],
      ['The rest is up to you.', 'sentence', 1],
      ['Tuesday is team day', 'sentence', 2],
      ['Thursday too.', 'sentence', 3],
      ['Really.', 'sentence', 3],
    ]);
  });

  it('joins a sentence wrapped over two lines', () => {
    const body = 'This sentence is\nwrapped. Next one.';
    expect(texts(body)).toEqual(['This sentence is\nwrapped.', 'Next one.']);
  });
});
