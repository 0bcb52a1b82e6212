import { splitSentences } from '../corpus/sentences.ts';
import { TwinError } from '../errors.ts';
import { DEFAULT_VERIFY, checkEntailment, type VerifyOptions } from '../guardrails/verify.ts';
import type { ChatProvider } from '../llm/types.ts';
import { CitationList } from './extractive.ts';
import { buildMessages, type NumberedPassage } from './prompt.ts';
import type { Composer, ComposeRequest, Composition, Segment, SentenceCheck } from './types.ts';

/** The model's reply did not survive verification; the caller falls back to the extractive composer. */
export class VerificationShortfall extends TwinError {
  constructor(
    message: string,
    readonly checks: SentenceCheck[],
  ) {
    super('verification_shortfall', message);
    this.name = 'VerificationShortfall';
  }
}

const NOTICE_RE = /^i have no approved position\b/i;
const MARKER_RE = /\s*\[(\d+)\]/g;

export interface GenerativeOptions {
  verify?: VerifyOptions;
  /** Below this share of verified sentences the whole reply is discarded. */
  minSupportedShare?: number;
  maxTokens?: number;
}

/**
 * Generative composer: streams a chat completion constrained to the numbered approved passages,
 * then checks every sentence against the passages it cites before anything is released. Sentences
 * that fail are dropped; if too little survives, it throws VerificationShortfall.
 */
export function generativeComposer(chat: ChatProvider, opts: GenerativeOptions = {}): Composer {
  const verify = opts.verify ?? DEFAULT_VERIFY;
  const minShare = opts.minSupportedShare ?? 0.5;
  return {
    mode: 'generative',
    async compose(request: ComposeRequest): Promise<Composition> {
      const passages: NumberedPassage[] = [];
      for (const part of request.parts) {
        for (const p of part.passages) {
          if (passages.some((q) => q.docIndex === p.docIndex && q.start === p.start && q.end === p.end))
            continue;
          const doc = request.persona.documents[p.docIndex]!;
          passages.push({
            n: passages.length + 1,
            docIndex: p.docIndex,
            start: p.start,
            end: p.end,
            text: doc.body.slice(p.start, p.end),
          });
        }
      }
      let reply = '';
      const streamOpts = {
        temperature: 0,
        maxTokens: opts.maxTokens ?? 300,
        ...(request.signal ? { signal: request.signal } : {}),
      };
      for await (const delta of chat.stream(
        buildMessages(request.persona, request.question, passages),
        streamOpts,
      )) {
        reply += delta;
      }

      // "… Thursday. [1] Next …": a marker after the full stop belongs to the sentence before it.
      reply = reply.replace(
        /([.!?]["'”’)]*)((?:\s*\[\d+\])+)/g,
        (_m, stop: string, marks: string) => `${marks.replace(/\s+/g, '')}${stop}`,
      );
      const citations = new CitationList(request);
      const segments: Segment[] = [];
      const checks: SentenceCheck[] = [];
      for (const span of splitSentences(reply)) {
        const raw = reply.slice(span.start, span.end);
        const cited = [...raw.matchAll(MARKER_RE)].map((m) => Number(m[1]));
        const sentence = raw
          .replace(MARKER_RE, '')
          .replace(/\s+([.!?,;:])/g, '$1')
          .trim();
        if (sentence.length === 0) continue;
        if (cited.length === 0 && NOTICE_RE.test(sentence) && !/\d/.test(sentence)) {
          checks.push({ sentence, cited, supported: true, coverage: 1, problems: [] });
          segments.push({ kind: 'notice', text: sentence });
          continue;
        }
        const sources = cited
          .map((n) => passages[n - 1])
          .filter((p): p is NumberedPassage => p !== undefined);
        const result =
          cited.length === 0
            ? { supported: false, coverage: 0, problems: ['no-citation'] }
            : sources.length < cited.length
              ? { supported: false, coverage: 0, problems: ['unknown-citation'] }
              : checkEntailment(
                  sentence,
                  sources.map((s) => s.text),
                  verify,
                );
        checks.push({
          sentence,
          cited,
          supported: result.supported,
          coverage: Number(result.coverage.toFixed(3)),
          problems: result.problems,
        });
        if (!result.supported) continue;
        const indexes = sources.map((s) => citations.add(s.docIndex, s.start, s.end));
        segments.push({ kind: 'generated', text: sentence, citations: indexes });
      }
      const claims = checks.filter((c) => c.cited.length > 0 || !NOTICE_RE.test(c.sentence));
      const supported = claims.filter((c) => c.supported).length;
      if (supported === 0 || supported / claims.length < minShare) {
        throw new VerificationShortfall(
          `${supported} of ${claims.length} generated sentences verified`,
          checks,
        );
      }
      return {
        mode: 'generative',
        text: segments.map((s) => s.text).join(' '),
        segments,
        citations: citations.items,
        verification: checks,
      };
    },
  };
}
