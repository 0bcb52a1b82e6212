import { analyze } from './analyze.ts';
import type { LexicalIndex } from './lexical-index.ts';
import { MEASURE_ADJECTIVES, measureTerm } from './measure.ts';
import { GENERIC } from './stopwords.ts';
import { sharedWordNet, type WordNetDatabase } from './wordnet/database.ts';
import { workplaceThesaurus, type Thesaurus } from './thesaurus.ts';
import { baseForms } from './wordnet/morphy.ts';
import { oppositeWords, relatedWords } from './wordnet/related.ts';

/** Corpus term → the credit it earns as evidence for one question word (always below 1). */
export type Expansion = ReadonlyMap<string, number>;

const NONE: Expansion = new Map();
const FAMILY_FACTOR = 0.9;
// Endings Porter leaves on a word of the same family ("smaller", "hardest", "publicli"); a longer
// word that merely starts with the term ("hardware", "passkey") is another word.
const INFLECTION_LEFT = /^(?:e|s|i|y|er|est|li|al|ed|ing|ic)$/;
// A figure with a unit for a dimension adjective: evidence like a similar word (RELATION_CREDIT.similar).
const MEASURE_CREDIT = 0.6;

/**
 * Reads a question word through WordNet into the corpus's own terms: "money" → fund (0.6),
 * "heavy" → weigh (0.75), "warn" → alert (0.6). Only terms the corpus uses (in a sentence, a
 * heading, a title or topics) are kept. A related word counts at most as much as it is specific:
 * its credit is scaled by its idf relative to the asked word's, so a common corpus word ("work")
 * is weak evidence for a rarer question word ("job").
 */
export class TermExpander {
  private readonly known = new Set<string>();
  private readonly bigrams = new Set<string>();
  /** Known terms by their first four letters, to find a term's family without scanning them all. */
  private readonly byPrefix = new Map<string, string[]>();
  private readonly cache = new Map<string, Expansion>();

  constructor(
    private readonly index: LexicalIndex,
    private readonly db: WordNetDatabase | undefined,
    private readonly thesaurus: Thesaurus = workplaceThesaurus(),
  ) {
    for (const s of index.sentences) {
      for (const set of [s.terms, s.headingTerms, s.contextTerms]) for (const t of set) this.known.add(t);
      for (const b of s.bigrams) this.bigrams.add(b);
    }
    for (const k of this.known) {
      const bucket = this.byPrefix.get(k.slice(0, 4));
      if (bucket) bucket.push(k);
      else this.byPrefix.set(k.slice(0, 4), [k]);
    }
  }

  /**
   * Corpus terms of a folded term's word family: the term itself (factor 1), and terms that extend
   * it by a short suffix Porter left on ("small" → "smaller", factor 0.9).
   */
  private family(t: string): [string, number][] {
    const out: [string, number][] = this.known.has(t) ? [[t, 1]] : [];
    if (t.length < 4 || /^[~#\d]/.test(t)) return out;
    for (const k of this.byPrefix.get(t.slice(0, 4)) ?? [])
      if (k.length > t.length && k.startsWith(t) && INFLECTION_LEFT.test(k.slice(t.length)))
        out.push([k, FAMILY_FACTOR]);
    return out;
  }

  /** False when WordNet could not be loaded (questions are then matched without expansion). */
  get available(): boolean {
    return this.db !== undefined;
  }

  /** True when two folded terms stand side by side somewhere in the corpus ("quiet week"). */
  hasBigram(a: string, b: string): boolean {
    return this.bigrams.has(`${a} ${b}`);
  }

  /** True when WordNet lists the word (an English word, not a typo), in any inflection. */
  isEnglish(word: string): boolean {
    return this.db !== undefined && (this.db.has(word) || relatedWords(this.db, word).size > 0);
  }

  /** True when WordNet knows the word only as an adverb ("publicly", "safely"): never a verb. */
  isAdverbOnly(word: string): boolean {
    const db = this.db;
    if (!db || word.includes(' ')) return false;
    return (
      db.lemma(word, 'r') !== undefined &&
      (['n', 'v', 'a'] as const).every((p) => baseForms(db, word, p).length === 0)
    );
  }

  /** True when WordNet lists the word as written as a verb lemma ("drive", not "bars" or "drove"). */
  isVerbLemma(word: string): boolean {
    return this.db?.lemma(word, 'v') !== undefined;
  }

  /** Folded opposites of a question word (WordNet antonyms), for the opposite-word check. */
  opposites(raw: string): ReadonlySet<string> {
    if (!this.db) return new Set();
    const out = new Set<string>();
    for (const w of oppositeWords(this.db, raw.replace(/ /g, '_'))) {
      const t = fold(w);
      if (t !== undefined) out.add(t);
    }
    return out;
  }

  /**
   * Corpus terms related to a question word (`raw` as written, `term` its folded form): WordNet
   * relations, then the workplace thesaurus (curated, so its credit is not scaled by rarity).
   */
  expand(raw: string, term: string): Expansion {
    if (/^\d/.test(term)) return NONE;
    const key = `${raw}\u0000${term}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const out = new Map<string, number>();
    const put = (k: string, c: number) => {
      if (k !== term && (out.get(k) ?? 0) < c) out.set(k, Number(c.toFixed(3)));
    };
    const ownIdf = this.index.idf(term);
    const known = this.known.has(term);
    if (this.db) {
      for (const [lemma, credit] of relatedWords(this.db, raw.replace(/ /g, '_'))) {
        const t = fold(lemma);
        if (t === undefined || t === term || GENERIC.has(lemma)) continue;
        // The related word as the corpus writes it, or a member of its family the corpus uses instead
        // ("small" asked through "tiny", "smaller" written).
        for (const [k, factor] of this.family(t)) {
          // A word the corpus never uses has no rarity of its own to compare with: its relative stands in.
          const specificity = known ? Math.min(1, this.index.idf(k) / ownIdf) : 1;
          put(k, credit * factor * specificity);
        }
      }
    }
    for (const [t, credit] of this.thesaurus.get(term) ?? [])
      for (const [k, factor] of this.family(t)) put(k, credit * factor);
    // "long flights" is answered by "flights of eight hours": a measurement of the right kind.
    for (const kind of MEASURE_ADJECTIVES.get(raw) ?? [])
      if (this.known.has(measureTerm(kind))) put(measureTerm(kind), MEASURE_CREDIT);
    const result = out.size > 0 ? out : NONE;
    this.cache.set(key, result);
    return result;
  }
}

/** Folded form of a WordNet lemma when it is one corpus-style term ("line_of_work" → undefined). */
function fold(lemma: string): string | undefined {
  const tokens = analyze(lemma.replace(/_/g, ' ')).filter((t) => t.kind === 'content');
  return tokens.length === 1 ? tokens[0]!.term : undefined;
}

const expanders = new WeakMap<LexicalIndex, TermExpander>();

/** The expander of an index, built on first use with the process-wide WordNet. */
export function expanderFor(index: LexicalIndex, onMissing?: (err: unknown) => void): TermExpander {
  let e = expanders.get(index);
  if (!e) {
    e = new TermExpander(index, sharedWordNet(onMissing));
    expanders.set(index, e);
  }
  return e;
}
