const QWERTY = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const KEY_POS = new Map<string, [number, number]>();
QWERTY.forEach((row, r) => [...row].forEach((ch, c) => KEY_POS.set(ch, [r, c + r * 0.5])));
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/** Can one letter plausibly be typed for the other: neighbouring keys, or one vowel for another? */
function typoSubstitution(x: string, y: string): boolean {
  if (VOWELS.has(x) && VOWELS.has(y)) return true;
  const p = KEY_POS.get(x);
  const q = KEY_POS.get(y);
  return p !== undefined && q !== undefined && Math.abs(p[0] - q[0]) <= 1 && Math.abs(p[1] - q[1]) <= 1;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition), or `max + 1` as
 * soon as the distance is known to exceed `max`. Typos are mostly one such edit. With
 * `typo: true`, substituting a letter costs 1 only when it is a plausible slip (neighbouring key,
 * vowel for vowel), so real words are not read as each other ("senior" is not a typo of "sensor").
 */
export function editDistance(a: string, b: string, max: number, typo = false): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const x = a[i - 1]!;
      const y = b[j - 1]!;
      const cost = x === y ? 0 : !typo || typoSubstitution(x, y) ? 1 : 2;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Edits tolerated as a typo for a word of this length: none below 4 letters, 1 up to 8, 2 beyond. */
export function typoBudget(length: number): number {
  if (length < 4) return 0;
  return length < 9 ? 1 : 2;
}
