import type { Logger } from 'pino';
import type {
  ApprovalDto,
  ConsentDecisionReason,
  FollowupDto,
  SignedTreeHeadDto,
  TwinControlStateDto,
} from '../../common/governance.ts';

// Typed in-process events of the governance area (CONVENTIONS 7). Emitted after the change is
// committed to the database, synchronously, so a subscriber (the twin agent) sees a revocation or a
// pause in the same tick it is persisted.

export interface ConsentChangedEvent {
  personaId: string;
  recordId: string;
  change: 'recorded' | 'revoked' | 'expired' | 'became-valid' | 'imported';
  /** Whether any consent record of the persona is in force now (ignoring room/modality scope). */
  inForce: boolean;
  reason: ConsentDecisionReason;
  at: string;
}

export interface ControlChangedEvent {
  /** null for the global kill switch. */
  roomId: string | null;
  change: 'paused' | 'resumed' | 'handed-to-leader' | 'handed-to-twin' | 'killed' | 'revived';
  actor: string;
  reason: string | null;
  /** The room's effective state; for a global change, the state of every room with a control row. */
  states: TwinControlStateDto[];
  killed: boolean;
  seq: number;
}

export interface ApprovalReleasedEvent {
  approval: ApprovalDto;
  /** What the twin should speak now (already logged in the audit log at `auditIndex`). */
  text: string;
  auditIndex: number;
}

export interface FollowupPublishedEvent {
  followup: FollowupDto;
  /** The asker's identity, for a private notification (also for anonymous askers; never exposed). */
  askerIdentity: string | null;
}

/**
 * A persona's corpus changed: documents imported, a version uploaded (pending), approved or
 * withdrawn. When `activeChanged`, the set of documents the twin may quote is different now: the
 * twin runtime rebuilds its brain from `governance.corpus.activeDocuments(personaId)`.
 */
export interface CorpusChangedEvent {
  personaId: string;
  change: 'imported' | 'uploaded' | 'approved' | 'withdrawn';
  /** The documents concerned (file names inside corpus/). */
  files: string[];
  /** The version concerned, for a single-version change; null for imports and whole-document withdrawals. */
  version: number | null;
  activeChanged: boolean;
  actor: string;
  at: string;
}

/** A persona was imported or updated from its folder, or got a new avatar. */
export interface PersonaChangedEvent {
  personaId: string;
  change: 'imported' | 'updated' | 'avatar';
  /** Where clients load the persona's avatar now (null: none). */
  avatarUrl: string | null;
  actor: string;
  at: string;
}

export interface AuditAppendedEvent {
  index: number;
  kind: string;
  sth: SignedTreeHeadDto;
}

/** Event name → listener signature. */
export interface GovernanceEventCallbacks {
  'consent.changed': (event: ConsentChangedEvent) => void;
  'control.changed': (event: ControlChangedEvent) => void;
  'approval.created': (approval: ApprovalDto) => void;
  'approval.released': (event: ApprovalReleasedEvent) => void;
  'approval.rejected': (approval: ApprovalDto) => void;
  'followup.changed': (followup: FollowupDto) => void;
  'followup.published': (event: FollowupPublishedEvent) => void;
  'audit.appended': (event: AuditAppendedEvent) => void;
  'corpus.changed': (event: CorpusChangedEvent) => void;
  'persona.changed': (event: PersonaChangedEvent) => void;
}

export type GovernanceEventName = keyof GovernanceEventCallbacks;

/**
 * A small typed emitter. Unlike node's EventEmitter, a throwing listener cannot break the emitter's
 * caller (the change is already committed): the error is logged and the other listeners still run.
 */
export class GovernanceEvents {
  readonly #listeners = new Map<GovernanceEventName, Set<(...args: never[]) => void>>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<E extends GovernanceEventName>(event: E, listener: GovernanceEventCallbacks[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<E extends GovernanceEventName>(event: E, listener: GovernanceEventCallbacks[E]): void {
    this.#listeners.get(event)?.delete(listener);
  }

  /** Resolves with the next event of this kind (rejects when `signal` aborts first). */
  once<E extends GovernanceEventName>(
    event: E,
    opts: { signal?: AbortSignal } = {},
  ): Promise<Parameters<GovernanceEventCallbacks[E]>[0]> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        off();
        reject(opts.signal?.reason ?? new Error('aborted'));
      };
      const off = this.on(event, ((arg: Parameters<GovernanceEventCallbacks[E]>[0]) => {
        off();
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(arg);
      }) as GovernanceEventCallbacks[E]);
      if (opts.signal?.aborted) onAbort();
      else opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  emit<E extends GovernanceEventName>(event: E, arg: Parameters<GovernanceEventCallbacks[E]>[0]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (a: typeof arg) => void)(arg);
      } catch (err) {
        this.#log.error({ err, event }, 'governance event listener failed');
      }
    }
  }

  listenerCount(event: GovernanceEventName): number {
    return this.#listeners.get(event)?.size ?? 0;
  }
}
