import { describe, expect, it } from 'vitest';
import { analyze, contentTerms, hasNegation } from './analyze.ts';

describe('analyze', () => {
  it('folds synonyms, stems and drops question frame words', () => {
    expect(contentTerms('What do you think about working from home?')).toEqual(['~remote']);
    expect(contentTerms('Can we WFH on Fridays?')).toEqual(['~remote', 'fridai']);
    expect(contentTerms('Tell me about the vacation policies')).toEqual(['~pto', 'polici']);
    expect(contentTerms('What is our Artificial Intelligence strategy?')).toEqual(['~ai', 'strategi']);
  });

  it('keeps offsets of the written words, phrases included', () => {
    const text = 'We trust remote work.  Time off matters.';
    for (const t of analyze(text)) {
      expect(text.slice(t.start, t.end).toLowerCase().replace(/-/g, ' ')).toBe(t.raw);
    }
  });

  it('normalises numbers and number words', () => {
    expect(contentTerms('three days, 1,000 people, $500 and 10th century')).toEqual([
      '3',
      'dai',
      '1000',
      'peopl',
      '500',
      '10',
      'centuri',
    ]);
  });

  it('spots negations, contractions included', () => {
    expect(hasNegation("We won't change the policy")).toBe(true);
    expect(hasNegation('We never said that')).toBe(true);
    expect(hasNegation('We will change the policy')).toBe(false);
  });
});
