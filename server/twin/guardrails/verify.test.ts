import { describe, expect, it } from 'vitest';
import { checkEntailment } from './verify.ts';

const passage =
  'From February, everyone meets in the office on two anchor days each week: Tuesday and Thursday. We will not track badge swipes.';

describe('checkEntailment', () => {
  it('accepts a restatement', () => {
    expect(
      checkEntailment('Everyone meets in the office on two anchor days a week, Tuesday and Thursday.', [
        passage,
      ]),
    ).toMatchObject({ supported: true });
  });

  it('rejects new numbers, new names, flipped negations, opposites and unrelated content', () => {
    expect(
      checkEntailment('Everyone meets in the office on three anchor days each week.', [passage]).problems,
    ).toContain('number:three');
    expect(checkEntailment('Everyone meets in the Paris office on Tuesday.', [passage]).problems).toContain(
      'name:Paris',
    );
    expect(checkEntailment('We will track badge swipes.', [passage]).problems).toContain('negation-dropped');
    expect(
      checkEntailment('Everyone meets in the office on Tuesday, but not Thursday.', [passage]).problems,
    ).toContain('negation-added');
    expect(
      checkEntailment('Office attendance increased in 2025.', ['Office attendance decreased in 2025.'])
        .problems,
    ).toContain('antonym:increased');
    expect(checkEntailment('Bonuses double for engineers who relocate.', [passage]).problems).toContain(
      'coverage',
    );
    expect(checkEntailment('Anything.', []).problems).toEqual(['no-cited-passage']);
  });
});
