import { describe, expect, it } from 'vitest';
import { porterStem } from './stemmer.ts';

describe('porterStem', () => {
  // Pairs from Porter's paper and its reference vocabulary.
  const cases: [string, string][] = [
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'ti'],
    ['cats', 'cat'],
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['conflated', 'conflat'],
    ['troubled', 'troubl'],
    ['sized', 'size'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['generalization', 'gener'],
    ['hopefulness', 'hope'],
    ['electrical', 'electr'],
    ['adjustment', 'adjust'],
    ['controll', 'control'],
    ['roll', 'roll'],
    ['policies', 'polici'],
    ['policy', 'polici'],
  ];
  it.each(cases)('%s -> %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('leaves short words, digits and non-ASCII words alone', () => {
    expect(porterStem('ai')).toBe('ai');
    expect(porterStem('2026')).toBe('2026');
    expect(porterStem('café')).toBe('café');
  });

  it('maps inflections of one word to one stem', () => {
    const stems = new Set(['remote', 'hybrid', 'working', 'works', 'worked'].map(porterStem));
    expect(stems).toEqual(new Set(['remot', 'hybrid', 'work']));
  });
});
