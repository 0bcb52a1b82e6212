import type { SpokenPhone, SpokenWord } from '../types.ts';
import type { ReferenceTimings } from './align.ts';

/**
 * Text-only timing estimate for when no synthesizer is around to give reference timings: letters to
 * rough phones (a few English spelling rules), fixed durations per phone class, pauses at punctuation.
 * Crude but shaped like speech, so visemes open on vowels and close on p/b/m; it is then fitted onto the
 * real audio's loud span.
 */
const DIGITS: Readonly<Record<string, string>> = {
  '0': 'z ih r ow',
  '1': 'w ah n',
  '2': 't uw',
  '3': 'th r iy',
  '4': 'f ao r',
  '5': 'f ay v',
  '6': 's ih k s',
  '7': 's eh v ax n',
  '8': 'ey t',
  '9': 'n ay n',
};
// Longest first: the first rule that matches at a position wins.
const SPELLING: readonly [string, string][] = [
  ['tch', 'ch'],
  ['igh', 'ay'],
  ['th', 'th'],
  ['sh', 'sh'],
  ['ch', 'ch'],
  ['ph', 'f'],
  ['ng', 'ng'],
  ['ck', 'k'],
  ['qu', 'k w'],
  ['wh', 'w'],
  ['ee', 'iy'],
  ['ea', 'iy'],
  ['oo', 'uw'],
  ['ou', 'aw'],
  ['ow', 'ow'],
  ['ai', 'ey'],
  ['ay', 'ey'],
  ['oa', 'ow'],
  ['oi', 'oy'],
  ['oy', 'oy'],
  ['er', 'er'],
  ['ar', 'aa r'],
  ['or', 'ao r'],
  ['a', 'ae'],
  ['e', 'eh'],
  ['i', 'ih'],
  ['o', 'aa'],
  ['u', 'ah'],
  ['y', 'iy'],
  ['c', 'k'],
  ['x', 'k s'],
  ['j', 'jh'],
  ['h', 'hh'],
  ['q', 'k'],
  ['b', 'b'],
  ['d', 'd'],
  ['f', 'f'],
  ['g', 'g'],
  ['k', 'k'],
  ['l', 'l'],
  ['m', 'm'],
  ['n', 'n'],
  ['p', 'p'],
  ['r', 'r'],
  ['s', 's'],
  ['t', 't'],
  ['v', 'v'],
  ['w', 'w'],
  ['z', 'z'],
];
const VOWELS = new Set([
  'aa',
  'ae',
  'ah',
  'ao',
  'aw',
  'ax',
  'ay',
  'eh',
  'er',
  'ey',
  'ih',
  'iy',
  'ow',
  'oy',
  'uh',
  'uw',
]);

function phonesOfWord(word: string): string[] {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return [...w].flatMap((d) => (DIGITS[d] as string).split(' '));
  // A final silent "e" ("make") adds no sound.
  const letters = w.length > 2 && w.endsWith('e') && !/[aeiou]e$/.test(w) ? w.slice(0, -1) : w;
  const out: string[] = [];
  for (let i = 0; i < letters.length;) {
    const rule = SPELLING.find(([g]) => letters.startsWith(g, i));
    if (!rule) {
      i++;
      continue;
    }
    const phones = rule[1].split(' ');
    // Doubled consonants ("ll") are one sound.
    if (out[out.length - 1] !== phones[0] || VOWELS.has(phones[0] as string)) out.push(...phones);
    else out.push(...phones.slice(1));
    i += rule[0].length;
  }
  return out;
}

const VOWEL_MS = 95;
const CONSONANT_MS = 65;
const LEAD_MS = 150;
const COMMA_MS = 200;
const STOP_MS = 320;

/** Estimated word and phone timings for `text`, with char spans into it. */
export function estimateTimings(text: string): ReferenceTimings {
  const words: SpokenWord[] = [];
  const phones: SpokenPhone[] = [{ phone: 'pau', startMs: 0, endMs: LEAD_MS }];
  let t = LEAD_MS;
  const re = /[A-Za-z0-9']+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const ph = phonesOfWord(m[0].replace(/'/g, ''));
    if (ph.length === 0) continue;
    const start = t;
    for (const p of ph) {
      const d = VOWELS.has(p) ? VOWEL_MS : CONSONANT_MS;
      phones.push({ phone: p, startMs: t, endMs: t + d });
      t += d;
    }
    words.push({ word: m[0], startMs: start, endMs: t, charStart: m.index, charEnd: m.index + m[0].length });
    const after = text.slice(m.index + m[0].length).match(/^[^A-Za-z0-9']*/)?.[0] ?? '';
    const pause = /[.!?]/.test(after) ? STOP_MS : /[,;:]/.test(after) ? COMMA_MS : 0;
    if (pause) {
      phones.push({ phone: 'pau', startMs: t, endMs: t + pause });
      t += pause;
    }
  }
  if (phones[phones.length - 1]?.phone !== 'pau') {
    phones.push({ phone: 'pau', startMs: t, endMs: t + LEAD_MS });
    t += LEAD_MS;
  }
  return { words, phones, durationMs: t };
}
