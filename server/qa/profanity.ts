import { PROFANE_STEMS, PROFANE_SUFFIXES } from './profanity-words.ts';

export interface ProfanityResult {
  flagged: boolean;
  /** The listed stems that matched, for the moderator log (never shown to the audience). */
  matches: string[];
}

/** Characters people substitute for letters. `*` stands for any letter after the first ("f*ck"). */
const LEET: Readonly<Record<string, string>> = {
  a: 'a4@',
  b: 'b8',
  e: 'e3',
  g: 'g9',
  i: 'i1!|',
  l: 'l1|',
  o: 'o0',
  s: 's5$',
  t: 't7+',
};

/** Look-alikes from other scripts, folded to the Latin letter they imitate. */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  с: 'c',
  р: 'p',
  і: 'i',
  ѕ: 's',
  к: 'k',
  у: 'y',
  х: 'x',
};

const escapeClass = (chars: string) => chars.replace(/[\\\]^-]/g, (c) => `\\${c}`);

/** One letter run ("ss") as a pattern tolerant of substitutes, repeats and masking. */
function runPattern(letter: string, count: number, first: boolean): string {
  const chars = (LEET[letter] ?? letter) + (first ? '' : '*');
  return `[${escapeClass(chars)}]{${count},}`;
}

/** A word as a pattern; `.`, `-`, `_` and `~` may separate its letters ("f.u.c.k"). */
function wordPattern(word: string, startsWord: boolean): string {
  const runs: string[] = [];
  for (let i = 0; i < word.length;) {
    let j = i;
    while (word[j] === word[i]) j++;
    runs.push(runPattern(word[i] as string, j - i, startsWord && i === 0));
    i = j;
  }
  return runs.join('[._~-]?');
}

const BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}])';
const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}])';
const SUFFIXES = PROFANE_SUFFIXES.filter((s) => s !== '')
  .map((s) => wordPattern(s, false))
  .join('|');

const MATCHERS: ReadonlyArray<{ stem: string; re: RegExp }> = PROFANE_STEMS.map((stem) => ({
  stem,
  re: new RegExp(
    `${BOUNDARY_BEFORE}${wordPattern(stem, true)}(?:[._~-]?(?:${SUFFIXES}))?${BOUNDARY_AFTER}`,
    'u',
  ),
}));

/** Letters (or substitutes) spelled out one at a time with single spaces: "f u c k". */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}*@$!|+] ){2,}[\p{L}\p{N}*@$!|+](?![\p{L}\p{N}])/gu;

/**
 * Lowercase, without accents, zero-width characters or look-alike letters, with spelled-out words
 * joined up, so that "F ü c k", "ｆｕｃｋ" and "fuсk" (Cyrillic с) all read "fuck".
 */
export function normalizeForFilter(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .toLowerCase()
    .replace(/[аеорсіѕкух]/g, (c) => HOMOGLYPHS[c] ?? c)
    .replace(SPACED_LETTERS, (m) => m.replaceAll(' ', ''));
}

/**
 * Checks a question against the word list, matching whole words only (so "Scunthorpe", "assess"
 * and "class" pass) while tolerating leetspeak ("sh1t", "$hit"), repeated letters ("fuuuck"),
 * masking ("f*ck"), separators ("f.u.c.k"), spacing ("f u c k") and look-alike letters.
 */
export function checkProfanity(text: string): ProfanityResult {
  const normalized = normalizeForFilter(text);
  const matches = MATCHERS.filter((m) => m.re.test(normalized)).map((m) => m.stem);
  return { flagged: matches.length > 0, matches };
}
