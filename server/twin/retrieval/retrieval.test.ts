import { describe, expect, it } from 'vitest';
import { answerPrecision, countedWord, countsWord, expectedAnswerType } from './answer-type.ts';
import { answerTypeCheck } from './retrieval.test-helpers.ts';
import { editDistance } from './edit-distance.ts';
import { reciprocalRankFusion } from './fusion.ts';

describe('editDistance', () => {
  it('counts insertions, deletions and transpositions as one edit', () => {
    expect(editDistance('lerning', 'learning', 2)).toBe(1);
    expect(editDistance('laptpos', 'laptops', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
  it('in typo mode, only plausible slips substitute cheaply', () => {
    expect(editDistance('yeer', 'year', 1, true)).toBe(1);
    expect(editDistance('senior', 'sensor', 1, true)).toBe(2);
  });
});

describe('reciprocalRankFusion', () => {
  it('rewards items ranked well by both lists', () => {
    const fused = reciprocalRankFusion([
      [1, 2, 3],
      [2, 3, 9],
    ]);
    const order = [...fused.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    expect(order[0]).toBe(2);
    expect(order).toContain(9);
  });
});

describe('answer types', () => {
  it('asks time, quantity, reason and place questions for the matching expression', () => {
    expect(answerTypeCheck('When is the picnic?', 'The picnic is between Christmas and New Year.')).toBe(
      true,
    );
    expect(answerTypeCheck('When is the picnic?', 'The picnic matters to us.')).toBe(false);
    expect(answerTypeCheck('How many offices do we have?', 'We have three offices.')).toBe(true);
    expect(answerTypeCheck('Why do we have anchor days?', 'Anchor days matter.')).toBe(false);
    expect(answerTypeCheck('Where is the head office?', 'Our head office is in Rotterdam.')).toBe(true);
    expect(answerTypeCheck('What is the policy?', 'Anything.')).toBe(true);
  });
});

describe('answer precision', () => {
  it('reads "in what year" as a time question and lower-case "may" as a verb', () => {
    expect(expectedAnswerType('In what year did the office open?')).toBe('time');
    expect(answerTypeCheck('When do we meet?', 'Teams may agree on another pair of days.')).toBe(false);
    expect(answerTypeCheck('When do we meet?', 'We meet on 15 May.')).toBe(true);
    expect(answerTypeCheck('How often do we meet?', 'We meet weekly.')).toBe(true);
  });
  it('prefers precise answers: a weekday to "a week", a figure next to the counted word', () => {
    expect(answerPrecision('on Tuesday and Wednesday', 'time')).toBe(1);
    expect(answerPrecision('on one anchor day a week', 'time')).toBe(0.5);
    expect(countedWord('How many customers do we have?')).toBe('customers');
    expect(countsWord('Korrowin serves more than 2,300 customers in 38 countries.', 'customers')).toBe(true);
    expect(countsWord('Our customer Net Promoter Score at the end of 2025 was 41.', 'customers')).toBe(false);
  });
});
