// Public surface of the twin brain. Everything else under server/twin/ is internal.
export { createTwinBrain, type CreateTwinBrainOptions } from './brain.ts';
export type { Citation, Segment, SentenceCheck } from './composer/types.ts';
export { PersonaError, ProviderError, TwinError } from './errors.ts';
export { MAX_QUESTION_CHARS } from './guardrails/pre-checks.ts';
export { SENSITIVE_TOPIC_IDS, type SensitiveTopicId } from './guardrails/topics.ts';
export type { OpenAiSettings } from './llm/types.ts';
export { consentInForce, consentStatusAt, type ConsentQuery, type ConsentReason } from './persona/consent.ts';
export { loadPersona } from './persona/load-persona.ts';
export { parseCorpusFile, type ParsedCorpusFile } from './persona/parse-corpus-file.ts';
export { buildDocument, type DocumentMeta } from './corpus/build-document.ts';
export type {
  ConsentModality,
  ConsentRecord,
  CorpusDocument,
  LoadedPersona,
  PersonaWarning,
} from './persona/types.ts';
export type { RetrievedPassage } from './retrieval/retriever.ts';
export type { AskOptions, TwinAnswer, TwinBrain, TwinDecision, TwinReason } from './types.ts';
