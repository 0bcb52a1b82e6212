import { analyze, contentTerms, type Token } from './analyze.ts';
import { IRREGULAR } from './irregular.ts';
import { porterStem } from './stemmer.ts';
import { GENERIC, STOPWORDS } from './stopwords.ts';
import { editDistance, typoBudget } from './edit-distance.ts';
import { expanderFor, type Expansion, type TermExpander } from './expansion.ts';
import type { LexicalIndex } from './lexical-index.ts';

const NO_EXPANSION: Expansion = new Map();
const NO_OPPOSITES: ReadonlySet<string> = new Set();

/** A meaningful word of the question, folded, with how much it counts towards coverage. */
export interface QueryTerm {
  term: string;
  raw: string;
  kind: 'content' | 'number';
  /** idf-based weight; rare and unknown words weigh most. */
  weight: number;
  /** The written word was not in the corpus and was read as the nearest corpus word (a typo). */
  corrected: boolean;
  /** Capitalised inside the question: a name, which an answering passage must contain. */
  name: boolean;
  /** A generic word, a wh-head or a number: it does not name what the question is about. */
  generic: boolean;
  /** Stems of the word(s) as written, before synonym folding ("okrs" → okr, not the ~goal group). */
  literal: string[];
  /** Corpus terms WordNet relates to the word, with the partial credit each earns. */
  related: Expansion;
  /** Read as a verb (after "to", a modal or a pronoun, or a word English uses only as a verb). */
  verb: boolean;
  /** Borrowed from an earlier part of a compound question (context, not what this part asks). */
  borrowed: boolean;
  /** Folded opposites of the word (WordNet antonyms): a passage saying only the opposite does not support it. */
  opposites: ReadonlySet<string>;
}

export interface AnalyzedQuery {
  /** The question after typo repair. */
  text: string;
  terms: QueryTerm[];
  /** The calendar year a relative expression points at ("this year", "next year", "last year"). */
  year?: number;
  /** Pairs of consecutive capitalised words ("Recharge Days", "Open Doors"): multi-word names. */
  namePhrases: string[];
  negated: boolean;
  /** Pairs of consecutive content terms of the question. */
  bigrams: string[];
}

const GENERIC_MAX_WEIGHT = 1;

// "What country …", "which river …": the word after the question word names the kind of answer;
// the passage states the answer ("France"), rarely the kind. It counts little. ("How many X" is
// different: X is what is counted, the topic.)
const WH_HEAD =
  /\b(?:what|which|whose)\s+(?:(?:kind|type|sort|form|group|part|piece)s?\s+of\s+)?([a-z][a-z'-]*)/gi;
const WH_HEAD_FACTOR = 0.25;
// "How long …", "how often …": the adverb is part of the question word, not a topic.
// A word right after "to", a modal or a subject pronoun is (almost always) a verb: people paraphrase
// verbs far more than the nouns that name a topic, so verbs count half.
const VERB_CONTEXT = new Set(
  `to can could will would should shall may might must do does did don't didn't doesn't i we you they he she it
  i'll we'll you'll they'll let's lets please`.split(/\s+/),
);
const ADVERBS = new Set([
  'really',
  'actually',
  'still',
  'just',
  'ever',
  'also',
  'even',
  'already',
  'not',
  'never',
  'always',
  'usually',
  'often',
]);
export const VERB_FACTOR = 0.5;
const HOW_ADVERB =
  /\bhow\s+(long|often|soon|far|much|many|big|large|old|early|late|quickly|fast|frequently)\b|\bevery\s+(single)\b/gi;

const RELATIVE_YEAR = /\b(this|current|next|coming|last|previous|past)\s+year(?:'s)?\b/gi;

// Question-frame words a typo can hide ("wich", "ofen"): repaired to them, the word then reads as a stopword.
const FRAME_WORDS = [...STOPWORDS, 'often', 'usually', 'always', 'never'].filter((w) => w.length >= 4);

/** The corpus (or question-frame) word a misspelt word most plausibly stands for. */
function repair(raw: string, index: LexicalIndex): string | undefined {
  const budget = typoBudget(raw.length);
  if (budget === 0) return undefined;
  let best: { word: string; d: number; count: number } | undefined;
  const consider = (word: string, count: number) => {
    if (Math.abs(word.length - raw.length) > budget || word[0] !== raw[0]) return;
    const d = editDistance(raw, word, budget, true);
    if (d > budget) return;
    if (!best || d < best.d || (d === best.d && count > best.count)) best = { word, d, count };
  };
  for (const w of FRAME_WORDS) consider(w, 1e9);
  for (const [w, v] of index.vocabulary) consider(w, v.count);
  return best?.word;
}

/**
 * Rewrites misspelt words of the question as the corpus word they most plausibly stand for, before
 * synonym phrases are folded ("lerning budget" → "learning budget"). A word is left alone when the
 * corpus knows it or its stem, when it is a stopword, or when no corpus word is one plausible slip
 * away (same first letter; neighbouring-key or vowel substitutions, dropped/added/swapped letters).
 */
function spellCorrect(
  question: string,
  index: LexicalIndex,
  expander: TermExpander,
): { text: string; corrected: [number, number][] } {
  const corrected: [number, number][] = [];
  let text = '';
  let last = 0;
  const matches = [...question.matchAll(/\p{L}+(?:['’]\p{L}+)*/gu)];
  const words = matches.map((m) => m[0].toLowerCase().replace(/['’](?:s|re|ve|ll|d|m|t)$/, ''));
  const stem = (w: string | undefined) => (w === undefined ? '' : porterStem(w));
  matches.forEach((m, i) => {
    const word = words[i]!;
    if (
      word.length < 4 ||
      STOPWORDS.has(word) ||
      index.vocabulary.has(word) ||
      index.df.has(porterStem(word))
    )
      return;
    const fixed = repair(word, index);
    if (fixed === undefined || fixed === word) return;
    // A real English word the corpus does not use ("warn", "head") is a paraphrase, not a typo,
    // unless the repaired word makes a phrase the corpus has with its neighbour ("quite week" →
    // "quiet week").
    if (
      expander.isEnglish(word) &&
      !expander.hasBigram(stem(words[i - 1]), stem(fixed)) &&
      !expander.hasBigram(stem(fixed), stem(words[i + 1]))
    )
      return;
    text += question.slice(last, m.index);
    corrected.push([text.length, text.length + fixed.length]);
    text += fixed;
    last = m.index + m[0].length;
  });
  text += question.slice(last);
  return { text, corrected };
}

/**
 * Folds a question into weighted terms. A word the corpus never uses is first read as the nearest
 * corpus word within a typo budget ("vacaton" → vacation); only words of five letters or more, and
 * only when the first letter matches, so unrelated short words are never "corrected".
 */
export function analyzeQuery(
  input: string,
  index: LexicalIndex,
  opts: { selfTerms?: ReadonlySet<string>; now?: Date; ownText?: string } = {},
): AnalyzedQuery {
  const expander = expanderFor(index);
  const { text: question, corrected: fixes } = spellCorrect(input, index, expander);
  const tokens = analyze(question);
  // "This year", "next year", "last year" name a calendar year relative to when the question is
  // asked; their words are not topic words ("last" is not the opposite of "first" here).
  let year: number | undefined;
  const relativeSpans: [number, number][] = [];
  for (const m of question.matchAll(RELATIVE_YEAR)) {
    const offset = /^(?:next|coming)$/i.test(m[1]!) ? 1 : /^(?:last|previous|past)$/i.test(m[1]!) ? -1 : 0;
    year ??= (opts.now ?? new Date()).getUTCFullYear() + offset;
    relativeSpans.push([m.index, m.index + m[0].length]);
  }
  const verbs = new Set<number>();
  tokens.forEach((t, i) => {
    let j = i - 1;
    const adverb = (x: Token) => ADVERBS.has(x.raw) || expander.isAdverbOnly(x.raw);
    if (adverb(t)) return;
    while (j >= 0 && adverb(tokens[j]!)) j--;
    const before = tokens[j];
    // After "to" only a bare verb is one ("to drive"; "go out to bars" is a place).
    if (
      before &&
      VERB_CONTEXT.has(before.raw) &&
      t.kind === 'content' &&
      (before.raw !== 'to' || !expander.available || expander.isVerbLemma(t.raw))
    )
      verbs.add(t.start);
  });
  const heads = new Set([...question.toLowerCase().matchAll(WH_HEAD)].map((m) => m[1]!));
  const adverbs = new Set(
    [...question.matchAll(HOW_ADVERB)].map((m) => m.index + m[0].length - (m[1] ?? m[2]!).length),
  );
  const ownTerms = opts.ownText === undefined ? undefined : new Set(contentTerms(opts.ownText));
  const seen = new Map<string, QueryTerm>();
  for (const t of tokens) {
    if (t.kind !== 'content' && t.kind !== 'number') continue;
    if (adverbs.has(t.start)) continue;
    if (relativeSpans.some(([a, b]) => t.start >= a && t.end <= b)) continue;
    // "our company", "Korrowin": the organisation referring to itself says nothing about the topic.
    if (opts.selfTerms?.has(t.term) || opts.selfTerms?.has(t.raw)) continue;
    const term = t.term;
    if (seen.has(term)) continue;
    const corrected = fixes.some(([a, b]) => t.start < b && a < t.end);
    const idf = index.idf(term);
    const isGeneric = GENERIC.has(t.raw) || GENERIC.has(IRREGULAR.get(t.raw) ?? t.raw);
    let weight = isGeneric ? Math.min(idf, GENERIC_MAX_WEIGHT) : idf;
    if (heads.has(t.raw)) weight *= WH_HEAD_FACTOR;
    if (verbs.has(t.start) && !term.startsWith('~')) weight *= VERB_FACTOR;
    // Capitalised but not the question's first word: a proper name ("When did Rollo …", "Is Dana …").
    const written = question.slice(t.start, t.end);
    const name =
      t.kind === 'content' &&
      t.start > 0 &&
      !corrected &&
      /^\p{Lu}/u.test(written) &&
      !/^[A-Z]+$/.test(written.replace(/\W/g, ''));
    const generic = isGeneric || heads.has(t.raw) || t.kind === 'number';
    const literal = t.raw.split(' ').map((w) => porterStem(w));
    // Names are matched as written; other words also through WordNet (synonyms, word family, kinds).
    const related = t.kind === 'content' && !name ? expander.expand(t.raw, term) : NO_EXPANSION;
    const opposites = t.kind === 'content' && !name ? expander.opposites(t.raw) : NO_OPPOSITES;
    seen.set(term, {
      term,
      raw: t.raw,
      kind: t.kind,
      weight,
      corrected,
      name,
      generic,
      literal,
      related,
      opposites,
      verb: verbs.has(t.start) && !term.startsWith('~'),
      borrowed: ownTerms !== undefined && !ownTerms.has(term),
    });
  }
  const content = tokens.filter((t) => t.kind === 'content' || t.kind === 'number');
  const bigrams = content.slice(1).map((t, i) => `${content[i]!.term} ${t.term}`);
  const capitalised = (t: Token) => t.kind === 'content' && /^\p{Lu}/u.test(question.slice(t.start, t.end));
  const namePhrases = tokens
    .slice(1)
    .filter((t, i) => {
      const before = tokens[i]!;
      return (
        before.start > 0 &&
        capitalised(before) &&
        capitalised(t) &&
        /^\s+$/.test(question.slice(before.end, t.start))
      );
    })
    .map((t) => `${tokens[tokens.indexOf(t) - 1]!.term} ${t.term}`);
  return {
    text: question,
    terms: [...seen.values()],
    ...(year !== undefined ? { year } : {}),
    namePhrases,
    negated: tokens.some((t) => t.kind === 'negation'),
    bigrams,
  };
}
