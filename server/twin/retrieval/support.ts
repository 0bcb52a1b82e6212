import { analyze } from './analyze.ts';
import { ANTONYMS } from './antonyms.ts';
import {
  answerPrecision,
  countedWord,
  countsWord,
  expectedAnswerType,
  hasAnswerOfType,
} from './answer-type.ts';
import { editDistance } from './edit-distance.ts';
import type { IndexedSentence, LexicalIndex } from './lexical-index.ts';
import type { AnalyzedQuery, QueryTerm } from './query.ts';
import { expanderFor } from './expansion.ts';
import { RELATION_CREDIT } from './wordnet/related.ts';

/** Tunables of the sufficiency check (see docs/persona.md, "How decisions are made"). */
export interface SupportOptions {
  /** Share of the question's weighted content terms a passage must cover. */
  minCoverage: number;
  /** Credit for a term found only in the heading or corpus question the sentence answers. */
  headingCredit: number;
  /** Credit for a term found only in the previous sentence of the paragraph (what "it" or "this" refers to). */
  previousCredit: number;
  /** Credit for a term found only in the next sentence of the paragraph or in the document title/topics. */
  contextCredit: number;
  /** Credit for a term matched only through a one-letter typo. */
  typoCredit: number;
  /** Least credit the question's most specific word (its highest-weight topic word) must get. */
  keyTermCredit: number;
}

export const DEFAULT_SUPPORT: SupportOptions = {
  minCoverage: 0.7,
  headingCredit: 0.75,
  previousCredit: 0.75,
  contextCredit: 0.5,
  typoCredit: 0.9,
  keyTermCredit: 0.5,
};

export interface SupportResult {
  sentence: IndexedSentence;
  coverage: number;
  /** Coverage by the sentence's own words only. */
  ownCoverage: number;
  /** Share of the question's weight found in the heading, title or topics: how much the document is *about* it. */
  topicality: number;
  /** Share of the question's weight matched by the words as written, before synonym folding. */
  literal: number;
  /** Consecutive word pairs of the question found consecutive in the sentence. */
  phrases: number;
  /** How precisely the quoted text gives the kind of answer asked for (see `answerPrecision`); 0 when no kind is asked. */
  answerPrecision: number;
  supported: boolean;
  /** Why an otherwise covering passage was refused. */
  failures: string[];
  /** Neighbour sentence ids that supplied missing terms (quoted along with the sentence). */
  neighbours: number[];
}

/**
 * How strongly a set of terms attests one question term: 1 when it contains the term, else the
 * credit of the best WordNet relation it contains (synonym 0.8 … hypernym 0.5), else 0.
 */
function strength(q: QueryTerm, terms: ReadonlySet<string>, asked: ReadonlySet<string>): number {
  if (terms.has(q.term)) return 1;
  let best = 0;
  // A word the question asks for itself is evidence for that word only: "xmas" and "Christmas"
  // asked together are not both covered by one "Christmas".
  for (const [t, c] of q.related) if (c > best && terms.has(t) && !asked.has(t)) best = c;
  return best;
}

// Ranking only (see retriever): an answer found in a neighbour, or a figure that counts something
// other than what "how many …" asks for, is a less precise answer.
const NEIGHBOUR_ANSWER_FACTOR = 0.8;
const UNCOUNTED_FACTOR = 0.75;

// Share of a borrowing part's own words ("what will it cost …") its passage must cover.
const OWN_PART_MIN_COVERAGE = 0.5;

// A heading or title "about" the question's only topic word says it, or a close synonym of it.
const ABOUT_MIN_STRENGTH = 0.7;

/**
 * A near match, with its credit: one typo apart (6+ letters; `typoCredit`), or the same word family
 * where Porter left two stems apart, one a short prefix of the other ("marri"/"marriag",
 * "govern"/"governor"), or a compound the question splits ("fleet" for "Fleetview") — credited as
 * a word-family relation.
 */
function nearness(
  term: string,
  terms: ReadonlySet<string>,
  typoCredit: number,
  isWord: (w: string) => boolean,
): number {
  if (term.length < 4 || /^[~#\d]/.test(term)) return 0;
  let best = 0;
  for (const t of terms) {
    if (/^[~#\d]/.test(t)) continue;
    const [short, long] = t.length < term.length ? [t, term] : [term, t];
    if (short.length >= 4 && long.startsWith(short)) {
      const rest = long.slice(short.length);
      const compound = short === term && short.length >= 5 && rest.length >= 3 && isWord(rest);
      if (rest.length <= 3 || compound) best = Math.max(best, RELATION_CREDIT.derived);
    }
    if (term.length >= 6 && Math.abs(t.length - term.length) <= 1 && editDistance(term, t, 1, true) <= 1)
      return typoCredit;
  }
  return best;
}

/**
 * How well one sentence (with its neighbours and context) supports a question. Sufficiency is
 * relative to the question: the passage must cover enough of the question's weighted content terms,
 * contain every number the question names, keep a negation the question asks about, and contain an
 * expression of the answer type the question asks for ("when" → a time, "how many" → a quantity).
 */
export function assessSupport(
  index: LexicalIndex,
  query: AnalyzedQuery,
  sentence: IndexedSentence,
  opts: SupportOptions = DEFAULT_SUPPORT,
): SupportResult {
  const asked = new Set(query.terms.map((q) => q.term));
  const expander = expanderFor(index);
  const isWord = (w: string) => expander.isEnglish(w);
  const prev = sentence.prev === undefined ? undefined : index.sentences[sentence.prev];
  const next = sentence.next === undefined ? undefined : index.sentences[sentence.next];
  const prevInBlock = prev?.block === sentence.block ? prev : undefined;
  const nextInBlock = next?.block === sentence.block ? next : undefined;
  const neighbours = [prevInBlock, nextInBlock].filter((s): s is IndexedSentence => s !== undefined);
  let total = 0;
  let got = 0;
  let own = 0;
  let strongHits = 0;
  let ownHits = 0;
  let topicality = 0;
  let literal = 0;
  let key: { weight: number; credit: number } | undefined;
  let ownTotal = 0;
  let ownGot = 0;
  const usedNeighbours = new Set<number>();
  const attestedVerbs = new Set<string>();
  const doc = index.documents[sentence.docIndex]!;
  const type = expectedAnswerType(query.text);
  // "How many people …" answered by "about 650 people": a figure next to the counted word attests
  // that word as strongly as a topic word, however generic it is.
  const counted = type === 'quantity' ? countedWord(query.text) : undefined;
  const countedCandidate =
    counted === undefined ? undefined : analyze(counted).find((t) => t.kind === 'content')?.term;
  const countedTerm =
    countedCandidate !== undefined &&
    sentence.terms.has(countedCandidate) &&
    countsWord(doc.body.slice(sentence.start, sentence.end), counted!)
      ? countedCandidate
      : undefined;
  const specific = (q: QueryTerm) => !q.generic || q.term === countedTerm;
  // A sentence under a corpus question of another kind ("When will we see the survey results?")
  // answers that question: its words are weaker evidence for "What did the survey show?".
  const headingCredit =
    sentence.headingType !== undefined && sentence.headingType !== type
      ? opts.contextCredit
      : opts.headingCredit;
  // Two consecutive question words that the document's title or a topic says as a pair ("the travel
  // policy" for "Travel policy 2026") name the document itself: they count as a heading would.
  const titled = new Set(
    query.bigrams.filter((b) => sentence.contextBigrams.has(b)).flatMap((b) => b.split(' ')),
  );
  for (const q of query.terms) {
    total += q.weight;
    let credit = strength(q, sentence.terms, asked);
    credit = Math.max(credit, nearness(q.term, sentence.terms, opts.typoCredit, isWord));
    if (q.corrected) credit *= opts.typoCredit;
    own += q.weight * credit;
    if (credit > 0) ownHits++;
    credit = Math.max(credit, headingCredit * strength(q, sentence.headingTerms, asked));
    if (prevInBlock) {
      const c = opts.previousCredit * strength(q, prevInBlock.terms, asked);
      if (c > credit) {
        credit = c;
        usedNeighbours.add(prevInBlock.id);
      }
    }
    if (nextInBlock) {
      const c = opts.contextCredit * strength(q, nextInBlock.terms, asked);
      if (c > credit) {
        credit = c;
        usedNeighbours.add(nextInBlock.id);
      }
    }
    credit = Math.max(credit, opts.contextCredit * strength(q, sentence.contextTerms, asked));
    if (titled.has(q.term)) credit = Math.max(credit, headingCredit);
    const strong = credit >= Math.min(opts.headingCredit, opts.typoCredit * opts.typoCredit);
    if (strong && specific(q)) strongHits++;
    if (strong && q.verb) attestedVerbs.add(q.term);
    topicality +=
      q.weight *
      Math.max(
        (headingCredit / opts.headingCredit) * strength(q, sentence.headingTerms, asked),
        strength(q, sentence.contextTerms, asked),
      );
    if (q.literal.every((l) => sentence.literalTerms.has(l))) literal += q.weight;
    got += q.weight * credit;
    if (!q.generic && !q.borrowed && (!key || q.weight > key.weight)) key = { weight: q.weight, credit };
    if (!q.borrowed) {
      ownTotal += q.weight;
      ownGot += q.weight * credit;
    }
  }
  const coverage = total > 0 ? got / total : 0;
  const ownCoverage = total > 0 ? own / total : 0;
  const failures: string[] = [];
  if (coverage < opts.minCoverage) failures.push('coverage');
  // The question's most specific word (highest weight) must itself be attested, not merely outweighed.
  if (key && key.credit < opts.keyTermCredit) failures.push('key-term');
  // A part that borrowed an earlier part's subject must still be answered in its own words.
  if (ownTotal < total && ownGot < OWN_PART_MIN_COVERAGE * ownTotal) failures.push('own-part');
  // At least two words of a multi-word question must be in the sentence itself (or the heading or
  // question it answers), and at least one in the sentence: a bare "Yes." is never an answer.
  // Verbs are paraphrased far more than the nouns that name a topic ("reach net zero" for "committed
  // to net zero"): they count towards coverage, but a verb is one of the specific words that must be
  // attested only when the passage attests it (or the question has nothing but verbs).
  const nonGeneric = query.terms.filter(specific);
  const nouns = nonGeneric.filter((q) => !q.verb || attestedVerbs.has(q.term));
  const topical = nouns.length > 0 ? nouns : nonGeneric;
  if (strongHits < Math.min(2, topical.length) || ownHits === 0) failures.push('too-few-terms');
  // A question with a single topic word ("What are our values?") asks for the statement *about* that
  // topic: the word must also be in the heading, question, title or topics the sentence sits under,
  // not merely mentioned in passing. With no topic word at all, nothing specific is asked.
  if (topical.length === 0) failures.push('no-topic-word');
  else if (topical.length === 1) {
    const only = topical[0]!;
    const about =
      strength(only, sentence.headingTerms, asked) >= ABOUT_MIN_STRENGTH ||
      strength(only, sentence.contextTerms, asked) >= ABOUT_MIN_STRENGTH ||
      nearness(only.term, new Set([...sentence.headingTerms, ...sentence.contextTerms]), 1, isWord) > 0 ||
      // A name the document keeps coming back to ("How many ERGs do we have?").
      (only.name && index.documentFrequency(sentence.docIndex, only.term) >= 2) ||
      // A multi-word name said in full ("When are the Recharge Days?"): the sentence names the thing itself.
      query.namePhrases.some((p) => p.split(' ').includes(only.term) && sentence.bigrams.has(p));
    if (!about) failures.push('single-word-off-topic');
  }
  const windowSentences = [sentence, ...neighbours];
  // Numbers may also come from the document's date, title or topics ("in 2026" for a 2026 memo).
  const windowNumbers = new Set([
    ...windowSentences.flatMap((s) => [...s.numbers]),
    doc.date.slice(0, 4),
    ...sentence.contextTerms,
    ...sentence.headingTerms,
  ]);
  for (const q of query.terms)
    if (q.kind === 'number' && !windowNumbers.has(q.term)) failures.push(`number:${q.raw}`);
  if (query.negated && !windowSentences.some((s) => s.negated)) failures.push('negation');
  // "This year" asked in 2026 is not answered by a statement about 2025 or 2027.
  if (query.year !== undefined) {
    const years = [sentence, ...neighbours.filter((n) => usedNeighbours.has(n.id))].flatMap((s) =>
      [...s.numbers].filter((n) => /^(?:19|20)\d\d$/.test(n)),
    );
    if (years.length > 0 && !years.includes(String(query.year))) failures.push(`year:${query.year}`);
  }
  const windowTerms = new Set(windowSentences.flatMap((s) => [...s.terms]));
  for (const q of query.terms) {
    if (windowTerms.has(q.term)) continue;
    const opposite = [...(ANTONYMS.get(q.term) ?? []), ...q.opposites];
    if (opposite.some((o) => sentence.terms.has(o))) failures.push(`antonym:${q.raw}`);
    if (
      q.name &&
      !sentence.headingTerms.has(q.term) &&
      !sentence.contextTerms.has(q.term) &&
      nearness(q.term, windowTerms, 1, isWord) === 0
    ) {
      failures.push(`name:${q.raw}`);
    }
  }
  // The quoted text itself (the sentence and the neighbours it leans on) must contain the answer;
  // when only a neighbour in the paragraph does, that neighbour is quoted too.
  let precision = 0;
  if (type) {
    const quoted = [sentence, ...neighbours.filter((n) => usedNeighbours.has(n.id))];
    const text = quoted.map((s) => doc.body.slice(s.start, s.end)).join(' ');
    if (!hasAnswerOfType(text, type)) {
      const helper = neighbours.find(
        (n) => !usedNeighbours.has(n.id) && hasAnswerOfType(doc.body.slice(n.start, n.end), type),
      );
      if (helper) usedNeighbours.add(helper.id);
      else failures.push(`answer-type:${type}`);
    }
    // The sentence that states the answer itself beats one that leans on a neighbour for it.
    const own = doc.body.slice(sentence.start, sentence.end);
    const answered = [sentence, ...neighbours.filter((n) => usedNeighbours.has(n.id))]
      .map((s) => doc.body.slice(s.start, s.end))
      .join(' ');
    precision = Math.max(
      answerPrecision(own, type),
      NEIGHBOUR_ANSWER_FACTOR * answerPrecision(answered, type),
    );
    if (counted !== undefined && !countsWord(answered, counted)) precision *= UNCOUNTED_FACTOR;
  }
  return {
    sentence,
    coverage,
    ownCoverage,
    topicality: total > 0 ? topicality / total : 0,
    literal: total > 0 ? literal / total : 0,
    phrases: query.bigrams.filter((b) => sentence.bigrams.has(b)).length,
    answerPrecision: precision,
    supported: failures.length === 0,
    failures,
    neighbours: [...usedNeighbours],
  };
}
