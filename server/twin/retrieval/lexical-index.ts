import MiniSearch from 'minisearch';
import type { CorpusDocument, CorpusSentence } from '../persona/types.ts';
import { analyze, type Token } from './analyze.ts';
import { expectedAnswerType, type AnswerType } from './answer-type.ts';
import { measureTerms } from './measure.ts';
import { porterStem } from './stemmer.ts';
import { SYNONYM_PHRASES } from './synonyms.ts';

/** One retrievable sentence with the folded terms the coverage check compares against. */
export interface IndexedSentence {
  id: number;
  docIndex: number;
  /** Index into `document.sentences`. */
  sentenceIndex: number;
  start: number;
  end: number;
  block: number;
  terms: ReadonlySet<string>;
  numbers: ReadonlySet<string>;
  negated: boolean;
  /** Terms of the heading above the sentence, or of the corpus question it answers (Q&A transcripts, FAQs). */
  headingTerms: ReadonlySet<string>;
  /** The kind of answer the corpus question above the sentence asks for ("When will …?" → time). */
  headingType?: AnswerType;
  /** Terms of the document title and topics. */
  contextTerms: ReadonlySet<string>;
  /** Pairs of consecutive content terms within the title or within one topic ("travel polici"). */
  contextBigrams: ReadonlySet<string>;
  /** Stems of the words as written (before synonym folding) in the sentence, heading, title and topics. */
  literalTerms: ReadonlySet<string>;
  /** Pairs of consecutive content terms ("~parent ~pto"), for preferring the sentence that says it the same way. */
  bigrams: ReadonlySet<string>;
  /** Ids of the retrievable sentences just before and after, in the same document. */
  prev: number | undefined;
  next: number | undefined;
}

export interface LexicalHit {
  id: number;
  score: number;
}

const isQuestion = (text: string) => /\?["'”’)\]*_]*$/.test(text);

/** True when a later sentence of the same block is a question: this one is part of its lead-in. */
function questionFollows(sentences: readonly CorpusSentence[], i: number, body: string): boolean {
  const block = sentences[i]!.block;
  for (let j = i + 1; j < sentences.length && sentences[j]!.block === block; j++) {
    const s = sentences[j]!;
    if (s.kind === 'sentence' && isQuestion(body.slice(s.start, s.end))) return true;
  }
  return false;
}

/** Stems of the written words of a token (every word of a synonym phrase). */
export const literalStems = (t: Token): string[] => t.raw.split(' ').map((w) => porterStem(w));

const contentOf = (tokens: Token[]) => tokens.filter((t) => t.kind === 'content' || t.kind === 'number');

/**
 * Full-text index over approved sentences (MiniSearch, BM25-style scoring) with the statistics the
 * sufficiency check needs: document frequency per term and the corpus vocabulary for typo repair.
 */
export class LexicalIndex {
  readonly sentences: IndexedSentence[] = [];
  /** Number of retrievable sentences containing each term. */
  readonly df = new Map<string, number>();
  /** Written corpus word → its folded term, for repairing misspelt question words. */
  readonly vocabulary = new Map<string, { term: string; count: number }>();
  private readonly search: MiniSearch<{ id: number; text: string; context: string }>;

  constructor(readonly documents: readonly CorpusDocument[]) {
    this.search = new MiniSearch({
      fields: ['text', 'context'],
      tokenize: (s) => s.split(' ').filter((t) => t.length > 0),
      processTerm: (t) => t,
      searchOptions: {
        boost: { text: 2, context: 0.5 },
        tokenize: (s) => s.split(' '),
        processTerm: (t) => t,
      },
    });
    for (const [phrase, term] of SYNONYM_PHRASES)
      if (!phrase.includes(' ')) this.vocabulary.set(phrase, { term, count: 0 });
    const docs: { id: number; text: string; context: string }[] = [];
    documents.forEach((doc, docIndex) => {
      const docTokens = contentOf(analyze(`${doc.title} ${doc.topics.join(' ')}`));
      const docContext = docTokens.map((t) => t.term);
      const docLiteral = docTokens.flatMap(literalStems);
      const docBigrams = new Set(
        [doc.title, ...doc.topics].flatMap((text) => {
          const terms = contentOf(analyze(text)).map((t) => t.term);
          return terms.slice(1).map((t, i) => `${terms[i]!} ${t}`);
        }),
      );
      let headingLiteral: string[] = [];
      let heading: string[] = [];
      // A question in the corpus ("Question from …: Will we …?", an FAQ entry) is not a statement and
      // is never quoted, but it says what the following sentences answer: it acts as their heading
      // for the rest of its paragraph and the next one.
      let asked: { terms: string[]; untilBlock: number; type?: AnswerType } | undefined;
      let last: IndexedSentence | undefined;
      doc.sentences.forEach((s, sentenceIndex) => {
        const text = doc.body.slice(s.start, s.end);
        const tokens = analyze(text);
        if (s.kind === 'heading') {
          heading = contentOf(tokens).map((t) => t.term);
          headingLiteral = contentOf(tokens).flatMap(literalStems);
          asked = undefined;
          return;
        }
        if (s.excluded !== undefined) return;
        if (asked && s.block > asked.untilBlock) asked = undefined;
        // The whole lead-in of a question ("Question from …: The deadline is 30 June. What happens
        // if I miss it?") is the asker's text, up to the block's last question mark.
        if (isQuestion(text) || questionFollows(doc.sentences, sentenceIndex, doc.body)) {
          const terms = contentOf(tokens).map((t) => t.term);
          asked =
            asked && asked.untilBlock === s.block + 1 && !isQuestion(text)
              ? { ...asked, terms: [...asked.terms, ...terms] }
              : {
                  terms: [...(asked?.untilBlock === s.block + 1 ? asked.terms : []), ...terms],
                  untilBlock: s.block + 1,
                };
          // What kind of answer the corpus question asks for ("Question from …: When will …?").
          if (isQuestion(text)) {
            const type = expectedAnswerType(text.replace(/^[^:?]*:\s*/, ''));
            asked = { terms: asked.terms, untilBlock: asked.untilBlock, ...(type ? { type } : {}) };
          }
          return;
        }
        for (const t of tokens) {
          if (t.kind !== 'content' || t.raw.includes(' ')) continue;
          const v = this.vocabulary.get(t.raw);
          this.vocabulary.set(t.raw, { term: t.term, count: (v?.count ?? 0) + 1 });
        }
        const content = contentOf(tokens);
        const entry: IndexedSentence = {
          id: this.sentences.length,
          docIndex,
          sentenceIndex,
          start: s.start,
          end: s.end,
          block: s.block,
          // Content terms, plus pseudo-terms for the measurements it states ("#duration").
          terms: new Set([...content.map((t) => t.term), ...measureTerms(text)]),
          numbers: new Set(content.filter((t) => t.kind === 'number').map((t) => t.term)),
          negated: tokens.some((t) => t.kind === 'negation'),
          headingTerms: new Set([...heading, ...(asked?.terms ?? [])]),
          ...(asked?.type ? { headingType: asked.type } : {}),
          contextTerms: new Set(docContext),
          contextBigrams: docBigrams,
          literalTerms: new Set([...content.flatMap(literalStems), ...headingLiteral, ...docLiteral]),
          bigrams: new Set(content.slice(1).map((t, i) => `${content[i]!.term} ${t.term}`)),
          prev: last?.id,
          next: undefined,
        };
        if (last) last.next = entry.id;
        last = entry;
        this.sentences.push(entry);
        for (const term of entry.terms) this.df.set(term, (this.df.get(term) ?? 0) + 1);
        docs.push({
          id: entry.id,
          text: [...entry.terms].filter((t) => !t.startsWith('#')).join(' '),
          context: [...entry.headingTerms, ...entry.contextTerms].join(' '),
        });
      });
    });
    this.search.addAll(docs);
  }

  /** In how many retrievable sentences of one document a term occurs. */
  documentFrequency(docIndex: number, term: string): number {
    let n = 0;
    for (const s of this.sentences) if (s.docIndex === docIndex && s.terms.has(term)) n++;
    return n;
  }

  /** Inverse document frequency (BM25 form); a term the corpus never uses gets the highest value. */
  idf(term: string): number {
    const n = this.sentences.length;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Best-matching sentences for folded query terms (OR), typo- and prefix-tolerant. */
  query(terms: readonly string[], limit: number): LexicalHit[] {
    if (terms.length === 0) return [];
    return this.search
      .search(terms.join(' '), {
        combineWith: 'OR',
        fuzzy: (t) => (t.length >= 5 && !t.startsWith('~') ? 1 : false),
        prefix: (t) => t.length >= 5 && !t.startsWith('~'),
        weights: { fuzzy: 0.3, prefix: 0.3 },
      })
      .slice(0, limit)
      .map((r) => ({ id: r.id as number, score: r.score }));
  }
}
