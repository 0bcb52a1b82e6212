export { createQa, type Qa, type QaOptions } from './qa.ts';
export { qaRoutes, type QaHttpDeps } from './http/index.ts';
export { QaService, DEFAULT_QA_LIMITS, type Actor, type QaLimits, type ListOptions } from './service.ts';
export type { AnswerInput } from './moderation.ts';
export { StageService, type EndResult } from './stage-service.ts';
export { QaError, QA_ERROR_STATUS, type QaErrorCode } from './errors.ts';
export { QaEvents, type QaChange, type QaEventCallbacks, type QaEventName } from './events.ts';
export {
  LivekitQaMedia,
  type LivekitTarget,
  type QaAnnouncer,
  type StageMedia,
  type MediaTrack,
} from './media.ts';
export { QaPublisher, packetsFor } from './publisher.ts';
export { checkProfanity } from './profanity.ts';
export { buildExport, toCsv, csvCell, type QaExport } from './export.ts';
export type { QaTables, QuestionRow } from './tables.ts';
