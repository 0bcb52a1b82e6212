import type { TwinAnswer } from '../../twin/index.ts';
import type { UtteranceInput } from './entry.ts';

export interface UtteranceContext {
  personaId: string;
  roomId: string;
  question: { text: string; questionId?: string | null; askedAt?: string | null } | null;
  asker?: { identity: string; name?: string | null; anonymous: boolean } | null;
  /** What the agent will actually say (defaults to the answer's text). */
  spokenText?: string;
  chatModel?: string | null;
  tts?: { provider: string; model?: string | null; voice?: string | null } | null;
  stt?: { provider: string; model?: string | null } | null;
  embeddingModel?: string | null;
  personaVersion?: string | null;
}

/**
 * The audit entry input for a twin brain answer, for the agent to log BEFORE speaking:
 * `await gov.audit.appendUtterance(utteranceFromAnswer(answer, ctx))`.
 */
export function utteranceFromAnswer(answer: TwinAnswer, ctx: UtteranceContext): UtteranceInput {
  return {
    personaId: ctx.personaId,
    roomId: ctx.roomId,
    question: ctx.question
      ? {
          text: ctx.question.text,
          questionId: ctx.question.questionId ?? null,
          askedAt: ctx.question.askedAt ?? null,
        }
      : null,
    asker: ctx.asker
      ? { identity: ctx.asker.identity, name: ctx.asker.name ?? null, anonymous: ctx.asker.anonymous }
      : null,
    decision: answer.decision,
    reason: answer.reason,
    topic: answer.topic ?? null,
    spokenText: ctx.spokenText ?? answer.text,
    retrieved: answer.retrieved.map((r) => ({ doc: r.doc, start: r.start, end: r.end, score: r.score })),
    citations: answer.citations.map((c) => ({ ...c })),
    verification: answer.verification
      ? answer.verification.map((v) => ({
          sentence: v.sentence,
          cited: v.cited,
          supported: v.supported,
          coverage: v.coverage,
          problems: v.problems,
        }))
      : null,
    providers: {
      composer: { mode: answer.mode, model: answer.mode === 'generative' ? (ctx.chatModel ?? null) : null },
      tts: ctx.tts
        ? { provider: ctx.tts.provider, model: ctx.tts.model ?? null, voice: ctx.tts.voice ?? null }
        : null,
      stt: ctx.stt ? { provider: ctx.stt.provider, model: ctx.stt.model ?? null, voice: null } : null,
      embeddings: ctx.embeddingModel
        ? { provider: 'openai-compatible', model: ctx.embeddingModel, voice: null }
        : null,
    },
    versions: { persona: ctx.personaVersion ?? null, brain: null },
  };
}
