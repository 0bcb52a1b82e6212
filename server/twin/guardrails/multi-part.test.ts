import { describe, expect, it } from 'vitest';
import { splitQuestion } from './multi-part.ts';

describe('splitQuestion', () => {
  it('keeps a simple question whole', () => {
    expect(splitQuestion('How long is parental leave?')).toEqual([
      { ordinal: 1, text: 'How long is parental leave?' },
    ]);
  });

  it('splits on ", and" before a question word and on question marks', () => {
    expect(
      splitQuestion('How long is parental leave, and is there a cash bonus at birth?').map((p) => p.text),
    ).toEqual(['How long is parental leave', 'is there a cash bonus at birth?']);
    expect(splitQuestion('What is the travel policy? Can I fly business class?').map((p) => p.text)).toEqual([
      'What is the travel policy?',
      'Can I fly business class?',
    ]);
  });

  it('does not split a list inside one question', () => {
    expect(splitQuestion('What are the rules for pets and plants in the office?')).toHaveLength(1);
  });

  it('gives a part with a single content word the subject of the part before', () => {
    const parts = splitQuestion('What are our values, and how were they chosen?');
    expect(parts[1]!.text).toBe('how were they chosen? (What are our values)');
  });

  it('gives a part that refers back with a pronoun the subject of the part before', () => {
    const parts = splitQuestion(
      'When does Forecast become generally available, and what will it cost customers after that?',
    );
    expect(parts.map((p) => p.text)).toEqual([
      'When does Forecast become generally available',
      'what will it cost customers after that? (When does Forecast become generally available)',
    ]);
  });

  it('splits before a hedged question word ("and exactly how many")', () => {
    expect(
      splitQuestion('How often is someone on call, and exactly how many euros is the allowance?').map(
        (p) => p.text,
      ),
    ).toEqual(['How often is someone on call', 'exactly how many euros is the allowance?']);
  });
});
