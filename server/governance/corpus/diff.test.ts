import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from './diff.ts';

/** Applies a diff's hunks to `from` and returns the result (checks the script is a correct edit). */
function apply(from: string, to: string): string {
  const d = diffLines(from, to, 1_000_000);
  return d.hunks
    .flatMap((h) => h.lines)
    .filter((l) => l.op !== '-')
    .map((l) => l.text)
    .join('\n');
}

function lines(...xs: string[]): string {
  return xs.join('\n');
}

describe('diffLines', () => {
  it('finds no hunks for equal texts', () => {
    const d = diffLines('a\nb\n', 'a\nb');
    expect(d).toMatchObject({ hunks: [], added: 0, removed: 0, minimal: true });
    expect(unifiedDiff(d, 'a', 'b')).toBe('');
  });

  it('reports a one-line change with context, like diff -u', () => {
    const from = lines('1', '2', '3', '4', '5', '6', '7', '8', '9');
    const to = lines('1', '2', '3', '4', 'five', '6', '7', '8', '9');
    const d = diffLines(from, to);
    expect(d.added).toBe(1);
    expect(d.removed).toBe(1);
    expect(unifiedDiff(d, 'a/x v1', 'b/x v2')).toBe(
      [
        '--- a/x v1',
        '+++ b/x v2',
        '@@ -2,7 +2,7 @@',
        ' 2',
        ' 3',
        ' 4',
        '-5',
        '+five',
        ' 6',
        ' 7',
        ' 8',
        '',
      ].join('\n'),
    );
  });

  it('splits distant changes into separate hunks and joins close ones', () => {
    const base = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const far = [...base];
    far[2] = 'changed 3';
    far[25] = 'changed 26';
    expect(diffLines(base.join('\n'), far.join('\n')).hunks).toHaveLength(2);
    const near = [...base];
    near[2] = 'changed 3';
    near[7] = 'changed 8';
    expect(diffLines(base.join('\n'), near.join('\n')).hunks).toHaveLength(1);
  });

  it('handles additions to and removals from empty texts', () => {
    const d = diffLines('', 'a\nb');
    expect(d.hunks[0]).toMatchObject({ fromStart: 0, fromLines: 0, toStart: 1, toLines: 2 });
    const r = diffLines('a\nb', '');
    expect(r.hunks[0]).toMatchObject({ fromStart: 1, fromLines: 2, toStart: 0, toLines: 0 });
  });

  it('produces a correct, minimal-size edit script on random texts', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: Math.floor(rnd() * 30) }, () => 'abcde'[Math.floor(rnd() * 5)]!);
      const b = Array.from({ length: Math.floor(rnd() * 30) }, () => 'abcde'[Math.floor(rnd() * 5)]!);
      expect(apply(a.join('\n'), b.join('\n'))).toBe(b.join('\n'));
      // The edit count equals n + m - 2·LCS (checked against a plain dynamic-programming LCS).
      const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
        new Array<number>(b.length + 1).fill(0),
      );
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
          lcs[i]![j] =
            a[i - 1] === b[j - 1] ? lcs[i - 1]![j - 1]! + 1 : Math.max(lcs[i - 1]![j]!, lcs[i]![j - 1]!);
      const d = diffLines(a.join('\n'), b.join('\n'));
      expect(d.added + d.removed).toBe(a.length + b.length - 2 * lcs[a.length]![b.length]!);
    }
  });

  it('falls back to a coarse but correct diff when the texts share almost nothing', () => {
    const a = Array.from({ length: 1_200 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 1_200 }, (_, i) => `b${i}`).join('\n');
    const d = diffLines(a, b);
    expect(d.minimal).toBe(false);
    expect(d.removed).toBe(1_200);
    expect(d.added).toBe(1_200);
    expect(apply(a, b)).toBe(b);
  });

  it('agrees with GNU diff -u on a document edit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-diff-'));
    try {
      const from = lines('# Title', '', 'Para one.', '', 'Para two.', '', 'Para three.', '', 'Para four.');
      const to = lines(
        '# Title',
        '',
        'Para one, edited.',
        '',
        'Para two.',
        '',
        'Para four.',
        '',
        'Para five.',
      );
      writeFileSync(join(dir, 'a'), `${from}\n`);
      writeFileSync(join(dir, 'b'), `${to}\n`);
      let expected = '';
      try {
        execFileSync('diff', ['-u', '--label', 'A', '--label', 'B', join(dir, 'a'), join(dir, 'b')]);
      } catch (err) {
        expected = String((err as { stdout: Buffer }).stdout);
      }
      expect(expected).not.toBe('');
      expect(unifiedDiff(diffLines(from, to), 'A', 'B')).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
