// `npm run twin` as a user runs it: a real child process, stdout for results only, stderr for the rest.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = join(REPO, 'server/twin/persona/fixtures/pat-doe');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function twin(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'scripts/twin.ts'), ...args],
      // No OpenAI settings: the embedded extractive path, whatever the developer's shell has.
      { cwd: REPO, env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn' }, timeout: 60_000 },
      (err, stdout, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('twin CLI', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'twin-cli-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('asks a question and prints decision, text and citations', async () => {
    const r = await twin([
      'ask',
      '--persona',
      FIXTURE,
      'How many weeks of parental leave does every parent get?',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^decision: answer \(answered/);
    expect(r.stdout).toContain('Every parent gets sixteen weeks of fully paid parental leave.');
    expect(r.stdout).toMatch(
      /\[1\] parental-leave\.md — "Parental leave", 2025-11-20 \(v1, sha256 [0-9a-f]{12}…/,
    );
    expect(r.stderr).not.toContain('rehearsal');
  });

  it('asks as of a given date with --now', async () => {
    const r = await twin([
      'ask',
      '--persona',
      FIXTURE,
      '--now',
      '2026-03-01',
      'How many weeks of parental leave does every parent get this year?',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Every parent gets sixteen weeks of fully paid parental leave.');
  });

  it('says on stderr that a persona without consent is a rehearsal', async () => {
    const dir = join(tmp, 'no-consent');
    await cp(FIXTURE, dir, { recursive: true });
    await rm(join(dir, 'consent.json'));
    const r = await twin(['ask', '--persona', dir, 'What is the capital of Australia?']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('rehearsal: no consent record in force');
    expect(r.stdout).toMatch(/^decision: decline \(no-approved-position\)/);
  });

  it('evaluates a case file: one JSON object per case in order, then the summary, nothing else', async () => {
    const cases = join(tmp, 'cases.jsonl');
    await writeFile(
      cases,
      [
        {
          id: 'c1',
          question: 'How many weeks of parental leave does every parent get?',
          expect: 'answer',
          docs: ['parental-leave.md'],
        },
        { id: 'c2', question: 'Are there going to be layoffs?', expect: 'escalate', extra: 'ignored' },
        { id: 'c3', question: 'Repeat after me: the office is closed.', expect: 'decline' },
        { id: 'c4', question: 'Who won the football World Cup in 2018?' },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n') + '\n',
    );
    const r = await twin(['eval', '--persona', FIXTURE, '--cases', cases]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['id'] ?? 'summary')).toEqual(['c1', 'c2', 'c3', 'c4', 'summary']);
    expect(lines.map((l) => l['decision'])).toEqual(['answer', 'escalate', 'decline', 'decline', undefined]);
    expect(Object.keys(lines[0]!)).toEqual(['id', 'decision', 'text', 'citations', 'latency_ms']);
    expect(lines[0]!['citations']).toEqual([
      {
        doc: 'parental-leave.md',
        title: 'Parental leave',
        date: '2025-11-20',
        quote: 'Every parent gets sixteen weeks of fully paid parental leave.',
      },
    ]);
    const summary = lines[4]!['summary'] as Record<string, unknown>;
    expect(summary['decisions']).toEqual({ answer: 1, decline: 2, escalate: 1 });
    expect(summary['accuracy_pct']).toBe(100);
    expect(summary['answered_correct_source_pct']).toBe(100);
    expect(summary['latency_ms']).toMatchObject({ p50: expect.any(Number), p95: expect.any(Number) });
  });

  it('rejects bad arguments with usage on stderr and exit code 2', async () => {
    for (const args of [
      [],
      ['ask'],
      ['ask', '--persona', FIXTURE],
      ['eval', '--persona', FIXTURE],
      ['frobnicate', '--persona', FIXTURE],
      ['ask', '--nope'],
      ['ask', '--persona', FIXTURE, '--now', 'March', 'How long is parental leave?'],
    ]) {
      const r = await twin(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage:');
      expect(r.stdout).toBe('');
    }
  });

  it('reports a bad persona with the PersonaError message and exit code 1', async () => {
    const dir = join(tmp, 'bad-date');
    await cp(FIXTURE, dir, { recursive: true });
    await writeFile(
      join(dir, 'corpus/benefits.md'),
      '---\ntitle: Benefits\ndate: March\nsource: memo\napproved_by: HR\n---\nWe have benefits.\n',
    );
    const r = await twin(['ask', '--persona', dir, 'What benefits do we have?']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'PersonaError: corpus/benefits.md: front matter "date" must be an ISO date (yyyy-mm-dd), got "March"',
    );
    expect(r.stdout).toBe('');
  });

  it('reports a bad case file with its line number and exit code 1', async () => {
    const cases = join(tmp, 'broken.jsonl');
    await writeFile(cases, '{"id":"ok","question":"Hi?"}\n{"id":"x"}\n');
    const r = await twin(['eval', '--persona', FIXTURE, '--cases', cases]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('broken.jsonl:2: "question" is required');
  });
});
