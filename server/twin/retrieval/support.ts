import { ANTONYMS } from './antonyms.ts';
import { expectedAnswerType, hasAnswerOfType } from './answer-type.ts';
import { editDistance } from './edit-distance.ts';
import type { IndexedSentence, LexicalIndex } from './lexical-index.ts';
import type { AnalyzedQuery } from './query.ts';

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
}

export const DEFAULT_SUPPORT: SupportOptions = {
  minCoverage: 0.7,
  headingCredit: 0.75,
  previousCredit: 0.75,
  contextCredit: 0.5,
  typoCredit: 0.9,
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
  supported: boolean;
  /** Why an otherwise covering passage was refused. */
  failures: string[];
  /** Neighbour sentence ids that supplied missing terms (quoted along with the sentence). */
  neighbours: number[];
}

/**
 * A near match: one typo apart (5+ letters), or one stem a prefix of the other that Porter left
 * apart ("marri"/"marriag", "govern"/"governor"): same word family, weaker evidence.
 */
function nearIn(term: string, terms: ReadonlySet<string>): boolean {
  if (term.length < 4 || term.startsWith('~') || /^\d/.test(term)) return false;
  for (const t of terms) {
    if (t.startsWith('~') || /^\d/.test(t)) continue;
    const [short, long] = t.length < term.length ? [t, term] : [term, t];
    if (short.length >= 4 && long.length - short.length <= 3 && long.startsWith(short)) return true;
    if (term.length >= 6 && Math.abs(t.length - term.length) <= 1 && editDistance(term, t, 1, true) <= 1)
      return true;
  }
  return false;
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
  question: string,
  sentence: IndexedSentence,
  opts: SupportOptions = DEFAULT_SUPPORT,
): SupportResult {
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
  const usedNeighbours = new Set<number>();
  for (const q of query.terms) {
    total += q.weight;
    let credit = 0;
    if (sentence.terms.has(q.term)) credit = 1;
    else if (nearIn(q.term, sentence.terms)) credit = opts.typoCredit;
    if (q.corrected) credit *= opts.typoCredit;
    own += q.weight * credit;
    if (credit > 0) ownHits++;
    if (credit < opts.headingCredit && sentence.headingTerms.has(q.term)) credit = opts.headingCredit;
    if (credit < opts.previousCredit && prevInBlock?.terms.has(q.term)) {
      credit = opts.previousCredit;
      usedNeighbours.add(prevInBlock.id);
    }
    if (credit < opts.contextCredit) {
      if (nextInBlock?.terms.has(q.term)) {
        credit = opts.contextCredit;
        usedNeighbours.add(nextInBlock.id);
      } else if (sentence.contextTerms.has(q.term)) credit = opts.contextCredit;
    }
    if (credit >= Math.min(opts.headingCredit, opts.typoCredit * opts.typoCredit) && !q.generic) strongHits++;
    if (sentence.headingTerms.has(q.term) || sentence.contextTerms.has(q.term)) topicality += q.weight;
    if (q.literal.every((l) => sentence.literalTerms.has(l))) literal += q.weight;
    got += q.weight * credit;
  }
  const coverage = total > 0 ? got / total : 0;
  const ownCoverage = total > 0 ? own / total : 0;
  const failures: string[] = [];
  if (coverage < opts.minCoverage) failures.push('coverage');
  // At least two words of a multi-word question must be in the sentence itself (or the heading or
  // question it answers), and at least one in the sentence: a bare "Yes." is never an answer.
  const specific = query.terms.filter((q) => !q.generic).length;
  if (strongHits < Math.min(2, specific) || ownHits === 0) failures.push('too-few-terms');
  // A question with a single topic word ("What are our values?") asks for the statement *about* that
  // topic: the word must also be in the heading, question, title or topics the sentence sits under,
  // not merely mentioned in passing. With no topic word at all, nothing specific is asked.
  const topical = query.terms.filter((q) => !q.generic);
  if (topical.length === 0) failures.push('no-topic-word');
  else if (topical.length === 1) {
    const only = topical[0]!;
    const about =
      sentence.headingTerms.has(only.term) ||
      sentence.contextTerms.has(only.term) ||
      nearIn(only.term, new Set([...sentence.headingTerms, ...sentence.contextTerms])) ||
      // A name the document keeps coming back to ("How many ERGs do we have?").
      (only.name && index.documentFrequency(sentence.docIndex, only.term) >= 2);
    if (!about) failures.push('single-word-off-topic');
  }
  const windowSentences = [sentence, ...neighbours];
  // Numbers may also come from the document's date, title or topics ("in 2026" for a 2026 memo).
  const doc = index.documents[sentence.docIndex]!;
  const windowNumbers = new Set([
    ...windowSentences.flatMap((s) => [...s.numbers]),
    doc.date.slice(0, 4),
    ...sentence.contextTerms,
    ...sentence.headingTerms,
  ]);
  for (const q of query.terms)
    if (q.kind === 'number' && !windowNumbers.has(q.term)) failures.push(`number:${q.raw}`);
  if (query.negated && !windowSentences.some((s) => s.negated)) failures.push('negation');
  const windowTerms = new Set(windowSentences.flatMap((s) => [...s.terms]));
  for (const q of query.terms) {
    if (windowTerms.has(q.term)) continue;
    const opposite = ANTONYMS.get(q.term);
    if (opposite && [...opposite].some((o) => sentence.terms.has(o))) failures.push(`antonym:${q.raw}`);
    if (
      q.name &&
      !sentence.headingTerms.has(q.term) &&
      !sentence.contextTerms.has(q.term) &&
      !nearIn(q.term, windowTerms)
    ) {
      failures.push(`name:${q.raw}`);
    }
  }
  // The quoted text itself (the sentence and the neighbours it leans on) must contain the answer;
  // when only a neighbour in the paragraph does, that neighbour is quoted too.
  const type = expectedAnswerType(question);
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
  }
  return {
    sentence,
    coverage,
    ownCoverage,
    topicality: total > 0 ? topicality / total : 0,
    literal: total > 0 ? literal / total : 0,
    phrases: query.bigrams.filter((b) => sentence.bigrams.has(b)).length,
    supported: failures.length === 0,
    failures,
    neighbours: [...usedNeighbours],
  };
}
