// A line-based diff (Myers' O(ND) algorithm) rendered as a unified diff, for comparing two versions
// of a corpus document in the console. Small on purpose: no dependency, no word-level refinement.

export type DiffOp = ' ' | '-' | '+';

export interface DiffLine {
  op: DiffOp;
  text: string;
}

export interface DiffHunk {
  /** 1-based first line in the old text (0 when the hunk adds to an empty range), and line count. */
  fromStart: number;
  fromLines: number;
  toStart: number;
  toLines: number;
  lines: DiffLine[];
}

export interface LineDiff {
  hunks: DiffHunk[];
  added: number;
  removed: number;
  /** False when the texts differed in too many places and the middle was replaced wholesale. */
  minimal: boolean;
}

/** Beyond this many differences the middle part is shown as removed then added (still a correct diff). */
const MAX_EDIT_DISTANCE = 1_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
}

/** Myers' greedy algorithm; returns the edit script, or null when more than `maxD` edits are needed. */
function myers(a: readonly string[], b: readonly string[], maxD: number): DiffLine[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, [...trace.slice(1), next], offset, d);
    }
    v = next;
  }
  return null;
}

function backtrack(
  a: readonly string[],
  b: readonly string[],
  trace: Int32Array[],
  offset: number,
  dEnd: number,
): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d - 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: ' ', text: a[--x]! });
      y--;
    }
    if (x === prevX) out.push({ op: '+', text: b[--y]! });
    else out.push({ op: '-', text: a[--x]! });
  }
  while (x > 0 && y > 0) {
    out.push({ op: ' ', text: a[--x]! });
    y--;
  }
  return out.reverse();
}

function script(a: readonly string[], b: readonly string[]): { lines: DiffLine[]; minimal: boolean } {
  // Common prefix and suffix first: versions of a document usually differ in a few paragraphs.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((text): DiffLine => ({ op: ' ', text }));
  const tail = a.slice(endA).map((text): DiffLine => ({ op: ' ', text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const mid = myers(midA, midB, MAX_EDIT_DISTANCE);
  if (mid) return { lines: [...head, ...mid, ...tail], minimal: true };
  const coarse = [
    ...midA.map((text): DiffLine => ({ op: '-', text })),
    ...midB.map((text): DiffLine => ({ op: '+', text })),
  ];
  return { lines: [...head, ...coarse, ...tail], minimal: false };
}

/** Diffs two texts line by line and groups the changes into hunks with `context` lines around them. */
export function diffLines(from: string, to: string, context = 3): LineDiff {
  const { lines, minimal } = script(splitLines(from), splitLines(to));
  const hunks: DiffHunk[] = [];
  let added = 0;
  let removed = 0;
  // Line numbers (0-based) before each script line, in the old and new texts.
  const posA: number[] = [];
  const posB: number[] = [];
  let ia = 0;
  let ib = 0;
  for (const l of lines) {
    posA.push(ia);
    posB.push(ib);
    if (l.op !== '+') ia++;
    if (l.op !== '-') ib++;
    if (l.op === '+') added++;
    if (l.op === '-') removed++;
  }
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.op === ' ') {
      i++;
      continue;
    }
    const first = Math.max(0, i - context);
    let last = i;
    // Extend over changes separated by at most 2 × context unchanged lines.
    for (let j = i; j < lines.length; j++) {
      if (lines[j]!.op !== ' ') last = j;
      else if (j - last > 2 * context) break;
    }
    const end = Math.min(lines.length, last + context + 1);
    const slice = lines.slice(first, end);
    const fromLines = slice.filter((l) => l.op !== '+').length;
    const toLines = slice.filter((l) => l.op !== '-').length;
    hunks.push({
      fromStart: fromLines === 0 ? posA[first]! : posA[first]! + 1,
      fromLines,
      toStart: toLines === 0 ? posB[first]! : posB[first]! + 1,
      toLines,
      lines: slice,
    });
    i = end;
  }
  return { hunks, added, removed, minimal };
}

/** The unified diff text (`---`/`+++` headers, `@@ -a,b +c,d @@` hunks), as `diff -u` writes it. */
export function unifiedDiff(diff: LineDiff, fromLabel: string, toLabel: string): string {
  if (diff.hunks.length === 0) return '';
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  for (const h of diff.hunks) {
    out.push(`@@ -${h.fromStart},${h.fromLines} +${h.toStart},${h.toLines} @@`);
    for (const l of h.lines) out.push(`${l.op}${l.text}`);
  }
  return `${out.join('\n')}\n`;
}
