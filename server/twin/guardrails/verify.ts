import { splitSentences } from '../corpus/sentences.ts';
import { analyze, type Token } from '../retrieval/analyze.ts';
import { ANTONYMS } from '../retrieval/antonyms.ts';
import { editDistance } from '../retrieval/edit-distance.ts';

/** Thresholds of the lexical entailment check for generated sentences. */
export interface VerifyOptions {
  /** Share of a sentence's content words that must appear in the passages it cites. */
  minCoverage: number;
}

export const DEFAULT_VERIFY: VerifyOptions = { minCoverage: 0.8 };

export interface EntailmentResult {
  supported: boolean;
  coverage: number;
  problems: string[];
}

const isContent = (t: Token) => t.kind === 'content' || t.kind === 'number';

function near(term: string, terms: ReadonlySet<string>): boolean {
  if (terms.has(term)) return true;
  if (term.length < 4 || term.startsWith('~') || /^\d/.test(term)) return false;
  for (const t of terms) {
    if (t.startsWith('~') || /^\d/.test(t)) continue;
    const [short, long] = t.length < term.length ? [t, term] : [term, t];
    if (short.length >= 4 && long.length - short.length <= 3 && long.startsWith(short)) return true;
    if (term.length >= 5 && Math.abs(t.length - term.length) <= 1 && editDistance(term, t, 1) <= 1)
      return true;
  }
  return false;
}

/**
 * Is a generated sentence a restatement of the passages it cites? Lexical entailment: enough of its
 * content words appear in the passages, every number and every name it uses appears there, it does
 * not negate what the passages state positively (or the reverse), and it does not swap a word for
 * its opposite.
 */
export function checkEntailment(
  sentence: string,
  passages: readonly string[],
  opts: VerifyOptions = DEFAULT_VERIFY,
): EntailmentResult {
  const problems: string[] = [];
  const tokens = analyze(sentence);
  const content = tokens.filter(isContent);
  const passageTokens = passages.map((p) => analyze(p));
  // Negation is compared sentence by sentence: a cited passage may hold a positive and a negative statement.
  const passageSentences = passages.flatMap((p) =>
    splitSentences(p).map((s) => analyze(p.slice(s.start, s.end))),
  );
  const passageTerms = new Set(
    passageTokens
      .flat()
      .filter(isContent)
      .map((t) => t.term),
  );
  if (passages.length === 0) return { supported: false, coverage: 0, problems: ['no-cited-passage'] };
  const unique = [...new Set(content.map((t) => t.term))];
  const covered = unique.filter((t) => near(t, passageTerms)).length;
  const coverage = unique.length > 0 ? covered / unique.length : 0;
  if (unique.length === 0) problems.push('no-content');
  else if (coverage < opts.minCoverage) problems.push('coverage');
  for (const t of content) {
    if (t.kind === 'number' && !passageTerms.has(t.term)) problems.push(`number:${t.raw}`);
    const written = sentence.slice(t.start, t.end);
    if (t.kind === 'content' && t.start > 0 && /^\p{Lu}/u.test(written) && !near(t.term, passageTerms))
      problems.push(`name:${written}`);
    const opposite = ANTONYMS.get(t.term);
    if (opposite && !passageTerms.has(t.term) && [...opposite].some((o) => passageTerms.has(o)))
      problems.push(`antonym:${t.raw}`);
  }
  // Negation flip: compare with the cited passage that shares most words with the sentence.
  const sentenceNegated = tokens.some((t) => t.kind === 'negation');
  let best = -1;
  let bestNegated = false;
  for (const pt of passageSentences) {
    const terms = new Set(pt.filter(isContent).map((t) => t.term));
    const overlap = unique.filter((t) => terms.has(t)).length;
    if (overlap > best) {
      best = overlap;
      bestNegated = pt.some((t) => t.kind === 'negation');
    }
  }
  if (sentenceNegated !== bestNegated) problems.push(sentenceNegated ? 'negation-added' : 'negation-dropped');
  return { supported: problems.length === 0, coverage, problems: [...new Set(problems)] };
}
