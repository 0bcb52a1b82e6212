import type { Logger } from 'pino';
import type { EmbeddingIndex } from './embedding-index.ts';
import { reciprocalRankFusion } from './fusion.ts';
import type { LexicalIndex } from './lexical-index.ts';
import { analyzeQuery, type AnalyzedQuery } from './query.ts';
import { DEFAULT_SUPPORT, assessSupport, type SupportOptions, type SupportResult } from './support.ts';

export interface RetrievedPassage {
  doc: string;
  start: number;
  end: number;
  score: number;
}

export interface RetrievalResult {
  query: AnalyzedQuery;
  /** Candidates that pass the sufficiency check, best first. */
  supported: SupportResult[];
  /** Top candidates whatever their support (for diagnostics and the audit trail). */
  retrieved: RetrievedPassage[];
}

const CANDIDATES = 40;
const PRESENT =
  /\b(?:now|currently|current|latest|still|today|nowadays|these days|at the moment|anymore|any more)\b/i;

/**
 * Order of the passages that pass the check: coverage first, then how much the document is about
 * the question (its title, topics, heading), how precisely the passage gives the kind of answer
 * asked for, and how much of the question it says in the same words.
 */
function rankScore(a: SupportResult): number {
  return (
    a.coverage +
    0.2 * a.topicality +
    0.1 * a.answerPrecision +
    0.05 * a.literal +
    0.02 * Math.min(a.phrases, 3)
  );
}
const REPORTED = 5;

/** Lexical retrieval, fused with dense retrieval when an embedding index exists, then the sufficiency check. */
export async function retrieve(
  question: string,
  lexical: LexicalIndex,
  opts: {
    embeddings?: EmbeddingIndex | undefined;
    support?: SupportOptions;
    /** Words by which the organisation refers to itself ("company", its name): not topic words. */
    selfTerms?: ReadonlySet<string>;
    /** When the question is asked ("this year" is read against it). Default: now. */
    now?: Date;
    /** For a part that borrowed an earlier part's subject: its own words, which the passage must cover. */
    ownText?: string;
    signal?: AbortSignal;
    logger?: Logger;
  } = {},
): Promise<RetrievalResult> {
  const query = analyzeQuery(question, lexical, {
    ...(opts.selfTerms ? { selfTerms: opts.selfTerms } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.ownText !== undefined ? { ownText: opts.ownText } : {}),
  });
  const lexicalHits = lexical.query(
    query.terms.map((t) => t.term),
    CANDIDATES,
  );
  let order = lexicalHits.map((h) => h.id);
  let fused: Map<number, number> | undefined;
  if (opts.embeddings && query.terms.length > 0) {
    try {
      const dense = await opts.embeddings.query(question, CANDIDATES, opts.signal);
      fused = reciprocalRankFusion([order, dense.map((d) => d.id)]);
      order = [...fused.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    } catch (err) {
      // Dense retrieval is an improvement, never a dependency: lexical results stand on their own.
      opts.logger?.warn({ err }, 'embedding query failed; lexical retrieval only');
      if (opts.signal?.aborted) throw err;
    }
  }
  const lexicalScore = new Map(lexicalHits.map((h) => [h.id, h.score]));
  const rank = new Map(order.map((id, i) => [id, i]));
  const assessed = order.map((id) =>
    assessSupport(lexical, query, lexical.sentences[id]!, opts.support ?? DEFAULT_SUPPORT),
  );
  const current = query.year !== undefined || PRESENT.test(query.text);
  const date = (a: SupportResult) => lexical.documents[a.sentence.docIndex]!.date;
  const supported = assessed
    .filter((a) => a.supported)
    .sort(
      (a, b) =>
        rankScore(b) - rankScore(a) ||
        b.ownCoverage - a.ownCoverage ||
        // For a question about the present ("this year", "now", "currently") the latest approved
        // statement is the one in force; otherwise the full-text rank decides, then the date.
        (current ? date(b).localeCompare(date(a)) : 0) ||
        (rank.get(a.sentence.id) ?? 0) - (rank.get(b.sentence.id) ?? 0) ||
        date(b).localeCompare(date(a)),
    );
  const retrieved = order.slice(0, REPORTED).map((id) => {
    const s = lexical.sentences[id]!;
    return {
      doc: lexical.documents[s.docIndex]!.file,
      start: s.start,
      end: s.end,
      score: Number((fused?.get(id) ?? lexicalScore.get(id) ?? 0).toFixed(4)),
    };
  });
  return { query, supported, retrieved };
}
