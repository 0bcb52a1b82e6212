import { describe, expect, it } from 'vitest';
import { answerTextSchema, questionTextSchema, reasonSchema, textKey } from './text-rules.ts';

describe('question text', () => {
  it('is normalized: NFC, whitespace collapsed, trimmed', () => {
    expect(questionTextSchema.parse('  When\n\tis   lunch? ')).toBe('When is lunch?');
    expect(questionTextSchema.parse('Cafe\u0301 hours?')).toBe('Café hours?');
  });

  it('is 3 to 500 characters, counted as characters, not UTF-16 units', () => {
    expect(questionTextSchema.safeParse('ab').success).toBe(false);
    expect(questionTextSchema.safeParse('abc').success).toBe(true);
    expect(questionTextSchema.safeParse('😀'.repeat(500)).success).toBe(true);
    expect(questionTextSchema.safeParse('😀'.repeat(501)).error?.issues[0]?.message).toBe(
      'must be at most 500 characters',
    );
    expect(questionTextSchema.safeParse('x'.repeat(100_000)).success).toBe(false);
  });

  it('refuses control and bidi characters but not line breaks', () => {
    for (const bad of ['a\u0000bc', 'abc\u0007', 'abc\u202E', 'abc\u2066', 'a\u2028bc', 'abc\u0085']) {
      expect(questionTextSchema.safeParse(bad).error?.issues[0]?.message, JSON.stringify(bad)).toBe(
        'must not contain control characters',
      );
    }
    expect(questionTextSchema.parse('line one\r\nline two')).toBe('line one line two');
  });
});

describe('answers and reasons', () => {
  it('keep paragraphs in answers, one line in reasons', () => {
    expect(answerTextSchema.parse(' Para one.\r\n\r\nPara two. ')).toBe('Para one.\n\nPara two.');
    expect(answerTextSchema.safeParse('   ').success).toBe(false);
    expect(reasonSchema.parse(' Off\ntopic ')).toBe('Off topic');
    expect(reasonSchema.safeParse('r'.repeat(201)).success).toBe(false);
  });
});

describe('textKey', () => {
  it('ignores case, spacing and trailing punctuation for duplicate checks', () => {
    expect(textKey('Is the Parking lot reopening?')).toBe(textKey('is the parking  lot reopening'));
    expect(textKey('Bonus?!')).toBe('bonus');
    expect(textKey('Bonus')).not.toBe(textKey('Bonuses'));
  });
});
