// Public surface of the governance area (audit log, consent, control, approvals, follow-ups).
export { createGovernance, type Governance, type GovernanceOptions } from './governance.ts';
export { governanceRoutes, type GovernanceRouteDeps } from './routes/index.ts';
export { publicPersonaRoutes } from './routes/persona-routes.ts';
export {
  GovernanceEvents,
  type ApprovalReleasedEvent,
  type AuditAppendedEvent,
  type ConsentChangedEvent,
  type ControlChangedEvent,
  type CorpusChangedEvent,
  type FollowupPublishedEvent,
  type GovernanceEventCallbacks,
  type GovernanceEventName,
  type PersonaChangedEvent,
} from './events.ts';
export { GovernanceError, type GovernanceErrorCode } from './errors.ts';
export type { GovernanceTables } from './tables.ts';
export { AuditLog, type AppendResult } from './audit/audit-log.ts';
export type { AudioInput, AuditEntry, UtteranceEntry, UtteranceInput } from './audit/entry.ts';
export { canonicalJson } from './audit/canonical-json.ts';
export {
  EMPTY_ROOT,
  MerkleTree,
  leafHash,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from './audit/merkle.ts';
export { checkSth, sthSigningInput, verificationKey } from './audit/sth.ts';
export { parseExport } from './audit/export-format.ts';
export { verifyLog } from './audit/verify.ts';
export { AUDIT_KEYS_DIR, AuditKeyStore, readPublicKeyDir } from './audit/keys.ts';
export { utteranceFromAnswer } from './audit/from-answer.ts';
export { ConsentRegistry } from './consent/registry.ts';
export type { ConsentQuery } from './consent/rules.ts';
export { watchConsent, type WatchConsentOptions } from './consent/watch-consent.ts';
export { ControlService } from './control/control-service.ts';
export { ApprovalService } from './approvals/approval-service.ts';
export { CorpusRegistry, type ImportedVersion } from './corpus/index.ts';
export {
  AvatarError,
  PersonaRegistry,
  avatarUrl,
  inspectAvatarGlb,
  type AvatarLocation,
  type PersonaImportResult,
} from './personas/index.ts';
export { GOVERNANCE_UPLOAD_ROUTES } from './routes/body-limits.ts';
export { FollowupService, type AnswerArchive } from './followups/followup-service.ts';
export { DEFAULT_ROUTING, addBusinessDays, routeQuestion } from './followups/routing.ts';
export { qaArchive } from './followups/qa-archive.ts';
export type { UnansweredInput } from './intake.ts';
export { LivekitAnnouncer, type LivekitTarget, type RoomAnnouncer } from './announce/announcer.ts';
