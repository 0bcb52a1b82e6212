import { describe, expect, it } from 'vitest';
import { parseCases } from './cases.ts';
import { percentile, summarize } from './metrics.ts';
import type { TwinAnswer } from '../types.ts';

describe('parseCases', () => {
  it('reads JSON Lines, keeping known fields and skipping blank lines', () => {
    expect(
      parseCases(
        '{"id":"a","question":"Q?","expect":"answer","docs":["x.md"],"other":1}\n\n{"id":2,"prompt":"P"}\n',
        'f',
      ),
    ).toEqual([
      { id: 'a', question: 'Q?', expect: 'answer', docs: ['x.md'] },
      { id: '2', question: 'P' },
    ]);
  });
  it('names the file and line of a bad case', () => {
    expect(() => parseCases('{"id":"a","question":"Q"}\nnot json', 'cases.jsonl')).toThrow(
      /^cases\.jsonl:2: not valid JSON/,
    );
    expect(() => parseCases('{"question":"Q"}', 'c')).toThrow('c:1: "id" is required (string)');
    expect(() => parseCases('{"id":"a","question":"Q","expect":"maybe"}', 'c')).toThrow(
      'c:1: "expect" must be answer, decline or escalate, got "maybe"',
    );
  });
});

describe('metrics', () => {
  it('computes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
  });

  it('summarises decisions, sources and words outside quotes', () => {
    const base = { reason: 'r', mode: 'extractive' as const, retrieved: [], latencyMs: 1 };
    const answer: TwinAnswer = {
      ...base,
      decision: 'answer',
      text: 'From "T" (1 May 2026): We ship.',
      segments: [
        { kind: 'framing', text: 'From "T" (1 May 2026):' },
        { kind: 'quote', text: 'We ship.', citations: [0] },
      ],
      citations: [
        {
          doc: 'a.md',
          title: 'T',
          date: '2026-05-01',
          quote: 'We ship.',
          start: 0,
          end: 8,
          version: 1,
          hash: 'h',
        },
      ],
    };
    const decline: TwinAnswer = { ...base, decision: 'decline', text: 'No.', segments: [], citations: [] };
    const s = summarize([
      { case: { id: '1', question: 'q', expect: 'answer', docs: ['a.md'] }, answer },
      { case: { id: '2', question: 'q', expect: 'decline' }, answer: decline },
      { case: { id: '3', question: 'q', expect: 'escalate' }, answer: decline },
    ]);
    expect(s['decisions']).toEqual({ answer: 1, decline: 2, escalate: 0 });
    expect(s['answered_correct_source_pct']).toBe(100);
    expect(s['accuracy_pct']).toBe(66.7);
    expect(s['decline']).toMatchObject({ precision_pct: 50, recall_pct: 100 });
    expect(s['answer_words_outside_quotes_pct']).toBe(71.4);
    expect(s['answer_words_outside_quotes_and_framing']).toBe(0);
  });
});
