import type { LoadedPersona } from '../persona/types.ts';

/** Where an answer's words come from: a verbatim span of an approved document. */
export interface Citation {
  /** File name inside corpus/. */
  doc: string;
  title: string;
  date: string;
  /** `document.body.slice(start, end)`, verbatim. */
  quote: string;
  start: number;
  end: number;
  version: number;
  /** sha256 of the document body the offsets refer to. */
  hash: string;
}

/**
 * A piece of the reply. `framing` carries no claim (built from a document's title and date),
 * `quote` is approved text verbatim, `notice` says what has no approved position, `generated` is a
 * model sentence that passed verification.
 */
export interface Segment {
  kind: 'framing' | 'quote' | 'notice' | 'generated';
  text: string;
  /** Indexes into the answer's citations. */
  citations?: number[];
}

export interface PassageRef {
  docIndex: number;
  start: number;
  end: number;
  score: number;
}

/** One part of the question and the approved passages that support it (none: no approved position). */
export interface PartPlan {
  ordinal: number;
  question: string;
  passages: PassageRef[];
}

export interface ComposeRequest {
  question: string;
  persona: LoadedPersona;
  parts: PartPlan[];
  signal?: AbortSignal;
}

/** Verification of one generated sentence against the passages it cites. */
export interface SentenceCheck {
  sentence: string;
  cited: number[];
  supported: boolean;
  /** Share of the sentence's content words found in the cited passages. */
  coverage: number;
  problems: string[];
}

export interface Composition {
  mode: 'extractive' | 'generative';
  text: string;
  segments: Segment[];
  citations: Citation[];
  verification?: SentenceCheck[];
  /** Why the generative composer's output was not used, when it was not. */
  fallback?: string;
}

/** Turns supported passages into the reply (one interface, several providers; CONVENTIONS 6). */
export interface Composer {
  readonly mode: 'extractive' | 'generative';
  compose(request: ComposeRequest): Promise<Composition>;
}
