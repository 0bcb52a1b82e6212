import type { Logger } from 'pino';
import { extractiveComposer } from './composer/extractive.ts';
import { withFallback } from './composer/fallback.ts';
import { generativeComposer } from './composer/generative.ts';
import type { Composer, PartPlan, PassageRef } from './composer/types.ts';
import { splitQuestion } from './guardrails/multi-part.ts';
import { preCheck, selfTerms } from './guardrails/pre-checks.ts';
import { openAiChat, openAiEmbeddings, resolveOpenAiSettings } from './llm/openai-providers.ts';
import type { OpenAiSettings } from './llm/types.ts';
import { defaultTwinLogger } from './logger.ts';
import type { LoadedPersona } from './persona/types.ts';
import { EmbeddingIndex } from './retrieval/embedding-index.ts';
import { expanderFor } from './retrieval/expansion.ts';
import { LexicalIndex } from './retrieval/lexical-index.ts';
import { retrieve, type RetrievedPassage } from './retrieval/retriever.ts';
import { DEFAULT_SUPPORT, type SupportOptions, type SupportResult } from './retrieval/support.ts';
import type { AskOptions, TwinAnswer, TwinBrain } from './types.ts';

export interface CreateTwinBrainOptions {
  persona: LoadedPersona;
  /** OpenAI-compatible endpoint; unset fields come from OPENAI_* env. Pass `false` to force the embedded path. */
  openai?: OpenAiSettings | false;
  logger?: Logger;
  /** Sufficiency thresholds (defaults documented in docs/persona.md). */
  support?: Partial<SupportOptions>;
}

// An extra passage is quoted only when it covers question words the first one does not.
const MIN_ADDED_COVERAGE = 0.15;

function span(index: LexicalIndex, s: SupportResult): PassageRef {
  const ids = [s.sentence.id, ...s.neighbours];
  const sentences = ids.map((id) => index.sentences[id]!);
  return {
    docIndex: s.sentence.docIndex,
    start: Math.min(...sentences.map((x) => x.start)),
    end: Math.max(...sentences.map((x) => x.end)),
    score: Number(s.coverage.toFixed(3)),
  };
}

function covers(index: LexicalIndex, s: SupportResult): Set<string> {
  const ids = [s.sentence.id, ...s.neighbours];
  return new Set(ids.flatMap((id) => [...index.sentences[id]!.terms]));
}

/** The best supported passage, plus a second one when it adds enough of what the question asks. */
function selectPassages(
  index: LexicalIndex,
  supported: SupportResult[],
  max: number,
  weights: Map<string, number>,
): PassageRef[] {
  const first = supported[0];
  if (!first) return [];
  const picked = [span(index, first)];
  const seen = covers(index, first);
  const total = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
  for (const candidate of supported.slice(1)) {
    if (picked.length >= max) break;
    const terms = covers(index, candidate);
    let added = 0;
    for (const [term, w] of weights) if (terms.has(term) && !seen.has(term)) added += w;
    if (added / total < MIN_ADDED_COVERAGE) continue;
    const ref = span(index, candidate);
    if (picked.some((p) => p.docIndex === ref.docIndex && p.start < ref.end && ref.start < p.end)) continue;
    picked.push(ref);
    for (const t of terms) seen.add(t);
  }
  return picked;
}

function declineText(persona: LoadedPersona): string {
  // The deferral line plus an offer to forward the question, unless the line already makes one.
  return /\bteam\b/i.test(persona.deferral)
    ? persona.deferral
    : `${persona.deferral} I can pass your question to ${persona.name}'s team.`;
}

/**
 * Builds the twin brain for a loaded persona: full-text index (always), embeddings and a generative
 * composer when an OpenAI-compatible endpoint is configured (falling back to the embedded path).
 */
export async function createTwinBrain(opts: CreateTwinBrainOptions): Promise<TwinBrain> {
  const { persona } = opts;
  const log = (opts.logger ?? defaultTwinLogger()).child({ module: 'twin.brain', persona: persona.id });
  const support: SupportOptions = { ...DEFAULT_SUPPORT, ...opts.support };
  const lexical = new LexicalIndex(persona.documents);
  // Load WordNet and the persona's expansion tables now, not on the first question.
  const wordnetStarted = performance.now();
  const expander = expanderFor(lexical, (err) =>
    log.warn({ err }, 'WordNet unavailable; retrieval without synonym expansion'),
  );
  const self = selfTerms(persona);
  const settings = opts.openai === false ? undefined : resolveOpenAiSettings(opts.openai);

  let embeddings: EmbeddingIndex | undefined;
  let composer: Composer = extractiveComposer();
  if (settings) {
    try {
      embeddings = await EmbeddingIndex.build(lexical, openAiEmbeddings(settings));
    } catch (err) {
      log.warn({ err }, 'embeddings unavailable; full-text retrieval only');
    }
    composer = withFallback(generativeComposer(openAiChat(settings)), extractiveComposer(), log);
  }
  log.info(
    {
      documents: persona.documents.length,
      sentences: lexical.sentences.length,
      mode: composer.mode,
      hybrid: !!embeddings,
      wordnet: expander.available,
      wordnetLoadMs: Number((performance.now() - wordnetStarted).toFixed(1)),
    },
    'twin brain ready',
  );

  async function ask(question: string, askOpts: AskOptions = {}): Promise<TwinAnswer> {
    const started = performance.now();
    const signal = askOpts.signal;
    signal?.throwIfAborted();
    const base = { citations: [], mode: composer.mode, segments: [] };
    const finish = (answer: Omit<TwinAnswer, 'latencyMs'>): TwinAnswer => {
      const done = { ...answer, latencyMs: Number((performance.now() - started).toFixed(2)) };
      log.info(
        { pii: { question }, decision: done.decision, reason: done.reason, latencyMs: done.latencyMs },
        'twin decided',
      );
      return done;
    };

    const pre = preCheck(question, persona);
    if (pre) {
      return finish({
        ...base,
        decision: pre.decision,
        reason: pre.reason,
        text: pre.text,
        retrieved: [],
        ...(pre.topic !== undefined ? { topic: pre.topic } : {}),
        ...(pre.guard ? { guard: pre.guard } : {}),
      });
    }

    const parts = splitQuestion(question.trim());
    const plans: PartPlan[] = [];
    const retrieved: RetrievedPassage[] = [];
    for (const part of parts) {
      const r = await retrieve(part.text, lexical, {
        embeddings,
        support,
        selfTerms: self,
        logger: log,
        ...(askOpts.now ? { now: askOpts.now } : {}),
        ...(part.own !== undefined ? { ownText: part.own } : {}),
        ...(signal ? { signal } : {}),
      });
      signal?.throwIfAborted();
      const weights = new Map(r.query.terms.map((t) => [t.term, t.weight]));
      // One statement answers one part: a sentence already quoted for an earlier part (which a part
      // that borrowed that part's subject would find again) is not support for this one.
      const quoted = new Set(plans.flatMap((p) => p.passages.map((x) => `${x.docIndex}:${x.start}`)));
      const fresh = r.supported.filter((s) => {
        const ref = span(lexical, s);
        return !quoted.has(`${ref.docIndex}:${ref.start}`);
      });
      plans.push({
        ordinal: part.ordinal,
        question: part.text,
        passages: selectPassages(lexical, fresh, parts.length > 1 ? 1 : 2, weights),
      });
      for (const p of r.retrieved)
        if (!retrieved.some((x) => x.doc === p.doc && x.start === p.start)) retrieved.push(p);
    }
    const partsReport =
      parts.length > 1
        ? {
            parts: plans.map((p) => ({
              ordinal: p.ordinal,
              question: p.question,
              supported: p.passages.length > 0,
            })),
          }
        : {};
    if (plans.every((p) => p.passages.length === 0)) {
      return finish({
        ...base,
        decision: 'decline',
        reason: 'no-approved-position',
        text: declineText(persona),
        retrieved,
        ...partsReport,
      });
    }

    const composed = await composer.compose({
      question: question.trim(),
      persona,
      parts: plans,
      ...(signal ? { signal } : {}),
    });
    const firstDoc = composed.citations[0]
      ? persona.documents.find((d) => d.file === composed.citations[0]!.doc)
      : undefined;
    const topic = firstDoc?.topics[0];
    return finish({
      decision: 'answer',
      reason: plans.every((p) => p.passages.length > 0) ? 'answered' : 'answered-in-part',
      text: composed.text,
      citations: composed.citations,
      mode: composed.mode,
      segments: composed.segments,
      retrieved,
      ...(topic !== undefined ? { topic } : {}),
      ...(composed.verification ? { verification: composed.verification } : {}),
      ...(composed.fallback ? { fallback: composed.fallback } : {}),
      ...partsReport,
    });
  }

  return { persona, mode: composer.mode, hybridRetrieval: embeddings !== undefined, ask };
}
