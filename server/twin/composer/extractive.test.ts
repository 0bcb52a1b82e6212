import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadPersona } from '../persona/load-persona.ts';
import { extractiveComposer } from './extractive.ts';
import { longDate, noApprovedPositionNotice } from './framing.ts';

const FIXTURE = fileURLToPath(new URL('../persona/fixtures/pat-doe', import.meta.url));

describe('extractive composer', () => {
  it('quotes passages verbatim under framing built from title and date, and notices unsupported parts', async () => {
    const persona = await loadPersona(FIXTURE, { logger: pino({ level: 'silent' }) });
    const leave = persona.documents.findIndex((d) => d.file === 'parental-leave.md');
    const body = persona.documents[leave]!.body;
    const first = { docIndex: leave, start: 0, end: body.indexOf('.') + 1, score: 1 };
    const second = { docIndex: leave, start: body.indexOf('The leave'), end: body.length, score: 1 };
    const c = await extractiveComposer().compose({
      question: 'q',
      persona,
      parts: [
        { ordinal: 1, question: 'a', passages: [first, second] },
        { ordinal: 2, question: 'b', passages: [] },
        { ordinal: 3, question: 'c', passages: [first] },
      ],
    });
    expect(c.segments.map((s) => s.kind)).toEqual(['framing', 'quote', 'quote', 'notice']);
    expect(c.text).toBe(
      'From "Parental leave" (20 November 2025): Every parent gets sixteen weeks of fully paid parental leave. The leave can be taken in up to three blocks within the first year. I have no approved position on the second part of your question.',
    );
    expect(c.citations).toHaveLength(2);
    for (const cit of c.citations) expect(body.slice(cit.start, cit.end)).toBe(cit.quote);
  });

  it('formats dates and notices', () => {
    expect(longDate('2026-03-12')).toBe('12 March 2026');
    expect(noApprovedPositionNotice(1, 1)).toBe('I have no approved position on that.');
    expect(noApprovedPositionNotice(3, 3)).toBe(
      'I have no approved position on the third part of your question.',
    );
  });
});
