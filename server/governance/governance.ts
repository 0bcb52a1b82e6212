import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ConsentDecisionDto, GovernanceMetricsDto, LiveRoomsResponse } from '../../common/governance.ts';
import type { ParticipantCounter } from '../livekit/index.ts';
import type { Database } from '../store/index.ts';
import { LivekitAnnouncer, type LivekitTarget, type RoomAnnouncer } from './announce/announcer.ts';
import { ApprovalService } from './approvals/approval-service.ts';
import { AuditLog } from './audit/audit-log.ts';
import { AuditKeyStore } from './audit/keys.ts';
import { importConsentFiles, type ImportResult } from './consent/import-consent.ts';
import { ConsentRegistry } from './consent/registry.ts';
import type { ConsentQuery } from './consent/rules.ts';
import { watchConsent, type WatchConsentOptions } from './consent/watch-consent.ts';
import { ControlService } from './control/control-service.ts';
import { CorpusRegistry } from './corpus/corpus-registry.ts';
import { GovernanceEvents } from './events.ts';
import { FollowupService, type AnswerArchive } from './followups/followup-service.ts';
import { recordUnanswered, type UnansweredInput } from './intake.ts';
import { liveRooms } from './live-rooms.ts';
import { governanceMetrics } from './metrics.ts';
import { importPersonaFolders, type PersonaImportResult } from './personas/import-personas.ts';
import { PersonaRegistry } from './personas/persona-registry.ts';
import { StaffRepo } from './staff/staff-repo.ts';

export interface GovernanceOptions {
  db: Kysely<Database>;
  log: Logger;
  /** DATA_DIR: the audit signing keys live in DATA_DIR/audit-keys/. */
  dataDir: string;
  /** Derives the key that turns anonymous askers into pseudonyms (same on every instance). */
  sessionSecret: string;
  podiumVersion: string;
  /**
   * Folder of persona folders: their persona.json and corpus/*.md are imported into the persona and
   * corpus registries, and their consent.json on first start; null: none.
   */
  personasDir?: string | null;
  /** The room Q&A archive published follow-ups are written to. */
  archive?: AnswerArchive | null;
}

/** The governance area, wired: what AppDeps carries and the twin agent uses. */
export interface Governance {
  readonly events: GovernanceEvents;
  readonly audit: AuditLog;
  readonly consent: ConsentRegistry;
  readonly control: ControlService;
  readonly approvals: ApprovalService;
  readonly followups: FollowupService;
  readonly staff: StaffRepo;
  /** Corpus documents with versions and review state; `activeDocuments(personaId)` is what the twin quotes. */
  readonly corpus: CorpusRegistry;
  /** Personas imported from their folders, and their avatars. */
  readonly personas: PersonaRegistry;
  /** What importing the persona folders (persona.json, corpus/*.md) did at start. */
  readonly personaImport: PersonaImportResult;
  /** What importing the personas' consent.json did at start. */
  readonly consentImport: ImportResult;
  /** Whether the persona may act now in a room and modality (reads the database). */
  consentInForce(query: ConsentQuery): Promise<ConsentDecisionDto>;
  /** See consent/watch-consent.ts. Returns the function that stops watching. */
  watchConsent(opts: WatchConsentOptions, onChange: (d: ConsentDecisionDto) => void): () => void;
  /** A declined or escalated question: follow-up (and approval item for escalations). */
  recordUnanswered(input: UnansweredInput, actor?: string): ReturnType<typeof recordUnanswered>;
  metrics(opts?: { roomId?: string; since?: Date }): Promise<GovernanceMetricsDto>;
  /** Every room with its people now (through the participant counter) and the twin's state. */
  liveRooms(): Promise<LiveRoomsResponse>;
  /** Where liveRooms() counts people (set once the server listens); null: counts are unknown. */
  useParticipantCounter(counter: ParticipantCounter | null): void;
  /** Points room announcements at LiveKit (call once the server listens); null: no media. */
  connectMedia(target: LivekitTarget | null): void;
  /** For tests: sends room packets somewhere else. */
  useAnnouncer(announcer: RoomAnnouncer): void;
  /** Stops timers and waits for announcements in flight. */
  close(): Promise<void>;
}

/**
 * Builds the governance area: opens the audit signing key (generating it on first start), registers
 * its public half, imports consent.json files for personas the registry does not know, and starts
 * the consent expiry timer.
 */
export async function createGovernance(opts: GovernanceOptions): Promise<Governance> {
  const log = opts.log;
  const events = new GovernanceEvents(log.child({ module: 'governance' }));
  const keys = AuditKeyStore.open(opts.dataDir);
  const pseudonymKey = createHmac('sha256', opts.sessionSecret).update('podium:audit-asker:v1').digest();
  const audit = await AuditLog.open({
    db: opts.db,
    keys,
    log,
    events,
    podiumVersion: opts.podiumVersion,
    pseudonymKey,
  });

  const livekit = new LivekitAnnouncer(log);
  let current: RoomAnnouncer = livekit;
  const announcer: RoomAnnouncer = { send: (...args) => current.send(...args) };
  let counter: ParticipantCounter | null = null;

  const consent = new ConsentRegistry({ db: opts.db, audit, events, log });
  const control = new ControlService({ db: opts.db, audit, events, announcer, log });
  const followups = new FollowupService({
    db: opts.db,
    audit,
    events,
    announcer,
    log,
    archive: opts.archive ?? null,
  });
  const approvals = new ApprovalService({ db: opts.db, audit, events, followups, log });
  const staff = new StaffRepo(opts.db, audit);
  const corpus = new CorpusRegistry({ db: opts.db, audit, events, log });
  const personas = new PersonaRegistry({ db: opts.db, audit, events, log, corpus, dataDir: opts.dataDir });

  const consentImport = opts.personasDir
    ? await importConsentFiles(consent, opts.personasDir, log.child({ module: 'governance.consent' }))
    : { imported: [], skipped: [], failed: [] };
  await consent.start();
  const personaImport = opts.personasDir
    ? await importPersonaFolders({ db: opts.db, audit, personas, corpus, personasDir: opts.personasDir, log })
    : { imported: [], updated: [], versions: [], failed: [] };

  return {
    events,
    audit,
    consent,
    control,
    approvals,
    followups,
    staff,
    corpus,
    personas,
    personaImport,
    consentImport,
    consentInForce: (q) => consent.consentInForce(q),
    watchConsent: (o, onChange) => watchConsent(consent, events, o, onChange),
    recordUnanswered: (input, actor = 'agent') => recordUnanswered({ approvals, followups }, input, actor),
    metrics: (o) => governanceMetrics(opts.db, o),
    liveRooms: () => liveRooms(opts.db, control, counter),
    useParticipantCounter: (c) => {
      counter = c;
    },
    connectMedia: (target) => livekit.connect(target),
    useAnnouncer: (a) => {
      current = a;
    },
    async close() {
      consent.close();
      await control.flush();
    },
  };
}
