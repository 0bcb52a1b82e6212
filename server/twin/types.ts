import type { Citation, Segment, SentenceCheck } from './composer/types.ts';
import type { LoadedPersona } from './persona/types.ts';
import type { RetrievedPassage } from './retrieval/retriever.ts';

export type TwinDecision = 'answer' | 'decline' | 'escalate';

/**
 * Why the twin decided as it did:
 * 'answered' | 'answered-in-part' | 'no-approved-position' | 'injection' | 'about-twin' |
 * `sensitive:${topic}` | 'empty-question' | 'too-long'.
 */
export type TwinReason = string;

export interface TwinAnswer {
  decision: TwinDecision;
  /** What the twin says. For `answer`, approved quotes (or verified sentences) plus claim-free framing. */
  text: string;
  citations: Citation[];
  reason: TwinReason;
  /** Sensitive topic id for escalations; the cited document's first topic for answers. */
  topic?: string;
  mode: 'extractive' | 'generative';
  /** Best retrieval candidates, whatever the decision (for review and audit). */
  retrieved: RetrievedPassage[];
  /** Per-sentence results when a model composed (or tried to compose) the answer. */
  verification?: SentenceCheck[];
  /** Set when the generative composer's output was discarded for the extractive one. */
  fallback?: string;
  /** The reply split by origin (framing / quote / notice / generated). */
  segments: Segment[];
  /** For compound questions: which parts had approved support. */
  parts?: { ordinal: number; question: string; supported: boolean }[];
  /** The manipulation rule that fired, for `injection`. */
  guard?: { rule: string };
  latencyMs: number;
}

export interface AskOptions {
  signal?: AbortSignal;
  /** When the question is asked: "this year", "next year" and "last year" are read against it. Default: the clock. */
  now?: Date;
}

export interface TwinBrain {
  readonly persona: LoadedPersona;
  /** 'generative' when an OpenAI-compatible endpoint is configured, else 'extractive'. */
  readonly mode: 'extractive' | 'generative';
  /** True when dense retrieval (embeddings) is active alongside full text. */
  readonly hybridRetrieval: boolean;
  ask(question: string, opts?: AskOptions): Promise<TwinAnswer>;
}
