import { IRREGULAR } from './irregular.ts';
import { porterStem } from './stemmer.ts';
import { NEGATIONS, STOPWORDS } from './stopwords.ts';
import { MAX_PHRASE_WORDS, SYNONYM_PHRASES, numberWord } from './synonyms.ts';

/** One word of a text after folding: `term` is what the index and the coverage check compare. */
export interface Token {
  /** The word as written (lower-cased, curly apostrophes straightened). */
  raw: string;
  /** Canonical form: synonym group (`~remote`), digits for numbers, else the Porter stem. */
  term: string;
  kind: 'content' | 'number' | 'negation' | 'stop';
  /** Character offsets of the word (or of the whole phrase for a synonym phrase) in the text. */
  start: number;
  end: number;
}

// Words with inner apostrophes/dots ("don't", "U.S", "3.5") and thousands separators ("1,000").
const WORD_RE = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu;

interface RawWord {
  raw: string;
  start: number;
  end: number;
}

function rawWords(text: string): RawWord[] {
  const out: RawWord[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    let raw = m[0].toLowerCase().replace(/’/g, "'");
    const start = m.index;
    // Dotted acronyms ("U.S.", "e.g") lose their dots but are marked so "U.S." never reads as "us";
    // decimals stay numbers.
    if (raw.includes('.') && !/^\d+(?:\.\d+)+$/.test(raw) && !SYNONYM_PHRASES.has(raw)) {
      raw = /^(?:\p{L}\.)+\p{L}$/u.test(raw) ? `${raw.replace(/\./g, '')}.` : raw.replace(/\./g, '');
    }
    out.push({ raw, start, end: start + m[0].length });
  }
  return out;
}

function classify(w: RawWord): Token {
  let raw = w.raw;
  if (/n't$/.test(raw) || raw === 'cannot') return { ...w, term: 'not', kind: 'negation' };
  // Possessives and contractions: "company's" → "company", "what's" → "what".
  raw = raw.replace(/'(s|re|ve|ll|d|m)$/, '').replace(/'/g, '');
  const num = /^(\d[\d,]*(?:\.\d+)?)(?:st|nd|rd|th|s|k|m|bn|%)?$/.exec(raw);
  if (num) return { ...w, raw, term: num[1]!.replace(/,/g, ''), kind: 'number' };
  const spelled = numberWord(raw);
  if (spelled !== undefined) return { ...w, raw, term: spelled, kind: 'number' };
  if (NEGATIONS.has(raw)) return { ...w, raw, term: 'not', kind: 'negation' };
  if (raw.endsWith('.')) return { ...w, raw, term: raw, kind: 'content' }; // acronym: "u.s."
  // An irregular form of a frame word ("told", "said", "thought") is as empty as the word itself.
  const base = IRREGULAR.get(raw) ?? raw;
  if (STOPWORDS.has(raw) || STOPWORDS.has(base) || raw.length === 0)
    return { ...w, raw, term: raw, kind: 'stop' };
  return { ...w, raw, term: porterStem(base), kind: 'content' };
}

/**
 * Splits text into folded tokens with offsets. Synonym phrases ("work from home") become one
 * token carrying the group's canonical term.
 */
export function analyze(text: string): Token[] {
  const words = rawWords(text);
  const out: Token[] = [];
  for (let i = 0; i < words.length;) {
    let matched = false;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1; n--) {
      const slice = words.slice(i, i + n);
      const phrase = slice.map((w) => w.raw.replace(/-/g, ' ')).join(' ');
      const canonical = SYNONYM_PHRASES.get(phrase);
      if (canonical === undefined) continue;
      out.push({
        raw: phrase,
        term: canonical,
        kind: 'content',
        start: slice[0]!.start,
        end: slice[n - 1]!.end,
      });
      i += n;
      matched = true;
      break;
    }
    if (!matched) {
      out.push(classify(words[i]!));
      i++;
    }
  }
  return out;
}

/** Canonical terms that carry meaning (content words and numbers), in order, duplicates kept. */
export function contentTerms(text: string): string[] {
  return analyze(text)
    .filter((t) => t.kind === 'content' || t.kind === 'number')
    .map((t) => t.term);
}

/** True when the text contains a negation word ("not", "never", "don't", "no", …). */
export function hasNegation(text: string): boolean {
  return analyze(text).some((t) => t.kind === 'negation');
}
