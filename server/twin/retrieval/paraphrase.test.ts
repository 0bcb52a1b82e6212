// Paraphrase tolerance and its limits, end to end through the brain, on a small persona written
// for the purpose: WordNet relations earn partial credit, relative years are read against the
// question time, and the guards (key word, opposites, no double credit) keep near misses out.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwinBrain } from '../brain.ts';
import { loadPersona } from '../persona/load-persona.ts';
import type { TwinBrain } from '../types.ts';
import { LexicalIndex } from './lexical-index.ts';
import { analyzeQuery } from './query.ts';

const logger = pino({ level: 'silent' });
const DOCS: Record<string, [title: string, date: string, body: string]> = {
  'sensor.md': [
    'Tessel Mini is shipping',
    '2026-02-03',
    'Tessel Mini weighs 38 grams and reports every minute.\n\nWhy build a smaller sensor? Because the smaller the sensor, the closer it sits to the vaccines.\n\nThe warm air in a trailer is what we measure.',
  ],
  'rest.md': [
    'Recharge Days',
    '2026-01-06',
    'We have two company-wide Recharge Days in 2026, on 15 May and 9 October. There will be two company-wide Recharge Days in 2027 as well.',
  ],
  'rivers.md': [
    'Water flows',
    '2025-05-01',
    'Three flows carry significant amounts of water to the sea.\n\nEvery car in the fleet is washed weekly.',
  ],
  'portals.md': [
    'Retiring old apps',
    '2026-01-12',
    'We will retire the old Fleetview portal in December and move its features into Horizon.',
  ],
};

describe('paraphrase tolerance', () => {
  let dir: string;
  let brain: TwinBrain;
  let index: LexicalIndex;
  const at2026 = new Date('2026-06-01T12:00:00Z');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twin-paraphrase-'));
    await mkdir(join(dir, 'corpus'));
    await writeFile(
      join(dir, 'persona.json'),
      JSON.stringify({ id: 'pat-doe', name: 'Pat Doe', title: 'CEO' }),
    );
    for (const [file, [title, date, body]] of Object.entries(DOCS))
      await writeFile(
        join(dir, 'corpus', file),
        `---\ntitle: "${title}"\ndate: ${date}\nsource: test\napproved_by: Pat Doe\n---\n${body}\n`,
      );
    const persona = await loadPersona(dir, { logger });
    brain = await createTwinBrain({ persona, openai: false, logger });
    index = new LexicalIndex(persona.documents);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers through WordNet relations and word families, quoting the approved sentence', async () => {
    const car = await brain.ask('How often is every automobile in the fleet washed?', { now: at2026 });
    expect(car.decision).toBe('answer');
    expect(car.citations[0]!.quote).toBe('Every car in the fleet is washed weekly.');
    const tiny = await brain.ask('Why did we bother building a tiny sensor?', { now: at2026 });
    expect(tiny.decision).toBe('answer');
    expect(tiny.citations[0]!.quote).toMatch(/^Because the smaller the sensor/);
    // A compound the question splits: "fleet portal" for "Fleetview portal".
    const fleet = await brain.ask('When will the old fleet portal be retired?', { now: at2026 });
    expect(fleet.citations[0]?.doc).toBe('portals.md');
  });

  it('reads "this year" and "next year" against the question time', async () => {
    const thisYear = await brain.ask('When are the Recharge Days this year?', { now: at2026 });
    expect(thisYear.citations.map((c) => c.quote)).toEqual([
      'We have two company-wide Recharge Days in 2026, on 15 May and 9 October.',
    ]);
    const nextYear = await brain.ask('Will there be Recharge Days next year?', { now: at2026 });
    expect(nextYear.citations[0]!.quote).toBe(
      'There will be two company-wide Recharge Days in 2027 as well.',
    );
    const query = analyzeQuery('Are there Recharge Days next year?', index, { now: at2026 });
    expect(query.year).toBe(2027);
    expect(query.terms.map((t) => t.raw)).not.toContain('next');
  });

  it('does not read a real word it does not know as a typo of a corpus word', () => {
    const q = analyzeQuery('Will the sensor warn a customer?', index);
    expect(q.terms.find((t) => t.raw === 'warn')).toMatchObject({ corrected: false });
    const typo = analyzeQuery('How much does the Tessel Mini wieghs?', index);
    expect(typo.text).toBe('How much does the Tessel Mini weighs?');
    expect(typo.terms.find((t) => t.raw === 'weighs')).toMatchObject({ corrected: true });
  });

  it('declines when the question says the opposite, or its most specific word is not attested', async () => {
    const opposite = await brain.ask('How many flows carry insignificant amounts of water?', { now: at2026 });
    expect(opposite.decision).toBe('decline');
    const whale = await brain.ask('How heavy is a blue whale?', { now: at2026 });
    expect(whale.decision).toBe('decline');
  });

  it('does not let one sentence word cover two synonyms the question asks for', async () => {
    // "automobile" relates to "car", but "car" is asked for itself: one "car" is not evidence for both.
    const a = await brain.ask('Is a car the same as an automobile?', { now: at2026 });
    expect(a.decision).toBe('decline');
    const q = analyzeQuery('Is a car the same as an automobile?', index);
    expect(q.terms.find((t) => t.raw === 'automobile')!.related.get('car')).toBeGreaterThan(0.5);
  });
});
