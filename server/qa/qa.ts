import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { SESSION_TTL_S } from '../auth/index.ts';
import type { Database } from '../store/index.ts';
import { QaCore } from './core.ts';
import { QaEvents } from './events.ts';
import { LivekitQaMedia, type LivekitTarget, type QaAnnouncer, type StageMedia } from './media.ts';
import { QaPublisher } from './publisher.ts';
import { QuestionRepo } from './question-repo.ts';
import { DEFAULT_QA_LIMITS, QaService, type QaLimits } from './service.ts';
import { StageRepo } from './stage-repo.ts';
import { StageService } from './stage-service.ts';

export interface QaOptions {
  db: Kysely<Database>;
  log: Logger;
  limits?: Partial<QaLimits>;
  /**
   * How long a room's staff list is reused between announcements. Default 0 (looked up for every
   * staff-only announcement): a moderator who joins must hear about the next pending question,
   * since the snapshot they loaded does not have it.
   */
  staffCacheMs?: number;
}

/** The Q&A area, wired: what AppDeps carries and the twin agent calls. */
export interface Qa {
  readonly service: QaService;
  readonly stage: StageService;
  readonly events: QaEvents;
  readonly publisher: QaPublisher;
  readonly repo: QuestionRepo;
  /** Points announcements and stage controls at LiveKit (call once the server listens); null: no media. */
  connectMedia(target: LivekitTarget | null): void;
  /** For tests: replaces the LiveKit connection with any announcer / stage media. */
  useMedia(media: (QaAnnouncer & Partial<StageMedia>) | null): void;
  /** Waits for queued announcements and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * Builds the Q&A area. Nothing is sent anywhere until `connectMedia` is called, so it can be built
 * before the server listens (the embedded SFU is reached through the server's own port).
 */
export function createQa(opts: QaOptions): Qa {
  const log = opts.log.child({ module: 'qa' });
  const events = new QaEvents((err, event) => log.error({ err, event }, 'qa listener failed'));
  const repo = new QuestionRepo(opts.db);
  const core = new QaCore(repo, events, log);
  const service = new QaService(core, { ...DEFAULT_QA_LIMITS, ...opts.limits });

  let announcer: QaAnnouncer | null = null;
  let stageMedia: StageMedia | null = null;
  const staffCacheMs = opts.staffCacheMs ?? 0;
  const staffCache = new Map<string, { atMs: number; identities: Promise<readonly string[]> }>();
  const staff = (roomId: string): Promise<readonly string[]> => {
    const nowMs = Date.now();
    const hit = staffCache.get(roomId);
    if (hit && nowMs - hit.atMs < staffCacheMs) return hit.identities;
    // Sessions (and LiveKit tokens) last SESSION_TTL_S: anyone who joined earlier is gone.
    const identities = repo.staffIdentities(roomId, new Date(nowMs - SESSION_TTL_S * 1000));
    staffCache.set(roomId, { atMs: nowMs, identities });
    identities.catch(() => staffCache.delete(roomId));
    return identities;
  };

  const publisher = new QaPublisher({ announcer: () => announcer, staff, log });
  events.on('change', (change) => publisher.publish(change));
  const stage = new StageService(core, new StageRepo(opts.db), service, () => stageMedia, publisher);

  return {
    service,
    stage,
    events,
    publisher,
    repo,
    connectMedia(target) {
      const media = target ? new LivekitQaMedia(target) : null;
      announcer = media;
      stageMedia = media;
    },
    useMedia(media) {
      announcer = media;
      stageMedia = media && isStageMedia(media) ? media : null;
    },
    close: () => publisher.close(),
  };
}

function isStageMedia(m: QaAnnouncer & Partial<StageMedia>): m is QaAnnouncer & StageMedia {
  return typeof m.setSpeaker === 'function' && typeof m.closeRoom === 'function';
}
