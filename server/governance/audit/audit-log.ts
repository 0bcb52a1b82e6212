import { createHmac, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { SignedTreeHeadDto } from '../../../common/governance.ts';
import type { Database } from '../../store/index.ts';
import { GovernanceError } from '../errors.ts';
import type { GovernanceEvents } from '../events.ts';
import { AuditReader } from './audit-reader.ts';
import { canonicalJson } from './canonical-json.ts';
import {
  audioInputSchema,
  utteranceInputSchema,
  type AudioInput,
  type AuditEntry,
  type GovernanceTrailEntry,
  type UtteranceEntry,
  type UtteranceInput,
} from './entry.ts';
import type { AuditKeyStore } from './keys.ts';
import { frontierAppend, frontierRoot, leafHash } from './merkle.ts';
import { signSth } from './sth.ts';

export interface AppendResult {
  index: number;
  leafHash: string;
  sth: SignedTreeHeadDto;
}

export interface AuditLogOptions {
  db: Kysely<Database>;
  keys: AuditKeyStore;
  log: Logger;
  events: GovernanceEvents;
  /** Podium's version, written into every utterance entry. */
  podiumVersion: string;
  /** HMAC key turning an anonymous asker's identity into a stable pseudonym. */
  pseudonymKey: Buffer;
}

/**
 * The tamper-evident audit log: an append-only RFC 9162 Merkle tree in the database, a signed tree
 * head after every append, and inclusion / consistency proofs (AuditReader). Appends are serialized
 * by a row lock on the tree head, so several app instances on one PostgreSQL append safely.
 */
export class AuditLog extends AuditReader {
  readonly #keys: AuditKeyStore;
  readonly #events: GovernanceEvents;
  readonly #podiumVersion: string;
  readonly #pseudonymKey: Buffer;

  private constructor(opts: AuditLogOptions) {
    super(opts.db, opts.log);
    this.#keys = opts.keys;
    this.#events = opts.events;
    this.#podiumVersion = opts.podiumVersion;
    this.#pseudonymKey = opts.pseudonymKey;
  }

  /** Opens the log and registers the current signing key's public half (idempotent). */
  static async open(opts: AuditLogOptions): Promise<AuditLog> {
    const log = new AuditLog(opts);
    await opts.db
      .insertInto('gov_audit_keys')
      .values({ key_id: opts.keys.current.keyId, public_key_pem: opts.keys.currentPublicKeyPem() })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
    return log;
  }

  /** A stable pseudonym for an identity: the same person maps to the same value, irreversibly. */
  pseudonym(identity: string): string {
    return `anon-${createHmac('sha256', this.#pseudonymKey).update(identity).digest('hex').slice(0, 24)}`;
  }

  /**
   * Logs a twin utterance. Call it BEFORE a word is spoken: only speak once this resolves.
   * Throws a ZodError (400 at the HTTP layer) for invalid input.
   */
  async appendUtterance(
    input: UtteranceInput,
    trx?: Transaction<Database>,
  ): Promise<AppendResult & { utteranceId: string }> {
    const u = utteranceInputSchema.parse(input);
    const now = new Date().toISOString();
    const entry: UtteranceEntry = {
      kind: 'utterance',
      v: 1,
      ai_generated: true,
      utteranceId: u.utteranceId ?? randomUUID(),
      personaId: u.personaId,
      roomId: u.roomId,
      question: u.question,
      asker:
        u.asker === null
          ? null
          : u.asker.anonymous
            ? { anonymous: true, pseudonym: this.pseudonym(u.asker.identity) }
            : { anonymous: false, identity: u.asker.identity, name: u.asker.name },
      decision: u.decision,
      reason: u.reason,
      topic: u.topic,
      spokenText: u.spokenText,
      retrieved: u.retrieved,
      citations: u.citations,
      verification: u.verification,
      approver: u.approver,
      audioSha256: null,
      providers: u.providers,
      versions: { podium: this.#podiumVersion, persona: u.versions.persona, brain: u.versions.brain },
      timestamps: { askedAt: u.question?.askedAt ?? null, decidedAt: u.decidedAt ?? now, loggedAt: now },
    };
    const result = await this.append(entry, trx);
    return { ...result, utteranceId: entry.utteranceId };
  }

  /** Records the hash of the audio played for an earlier utterance (entries are never edited). */
  async appendAudio(input: AudioInput): Promise<AppendResult> {
    const a = audioInputSchema.parse(input);
    const target = await this.getEntry(a.utteranceIndex);
    if (!target || target.entry.kind !== 'utterance') {
      throw new GovernanceError('not_found', `Audit entry ${a.utteranceIndex} is not an utterance`);
    }
    return this.append({
      kind: 'utterance.audio',
      v: 1,
      utteranceIndex: a.utteranceIndex,
      utteranceId: String(target.entry.utteranceId),
      audioSha256: a.audioSha256,
      durationMs: a.durationMs,
      sampleRateHz: a.sampleRateHz,
      loggedAt: new Date().toISOString(),
    });
  }

  /** Appends a governance trail entry (consent, control, approvals, follow-ups, staff). */
  appendTrail(
    event: string,
    actor: string,
    subject: GovernanceTrailEntry['subject'],
    data: GovernanceTrailEntry['data'],
    trx?: Transaction<Database>,
  ): Promise<AppendResult> {
    const entry: GovernanceTrailEntry = {
      kind: 'governance',
      v: 1,
      event,
      actor,
      at: new Date().toISOString(),
      subject,
      data,
    };
    return this.append(entry, trx);
  }

  /**
   * Appends one entry under the head lock: its index is the current size, the new root is folded
   * from the stored right edge, and the new tree head is signed and stored in the same transaction.
   * With `trx`, the append commits (or rolls back) with the caller's change.
   */
  async append(entry: AuditEntry, trx?: Transaction<Database>): Promise<AppendResult> {
    const json = canonicalJson(entry);
    const leaf = leafHash(json);
    const run = async (t: Transaction<Database>): Promise<AppendResult> => {
      const head = await t
        .selectFrom('gov_audit_head')
        .selectAll()
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const index = Number(head.tree_size);
      const frontier = frontierAppend(
        head.frontier.map((h) => Buffer.from(h, 'hex')),
        index,
        leaf,
      );
      const root = frontierRoot(frontier);
      const sth = signSth(this.#keys.current, index + 1, root, Date.now());
      await t
        .insertInto('gov_audit_entries')
        .values({
          idx: index,
          leaf_hash: leaf.toString('hex'),
          entry_json: json,
          kind: entry.kind,
          room_id:
            entry.kind === 'utterance'
              ? entry.roomId
              : entry.kind === 'governance'
                ? (entry.subject.roomId ?? null)
                : null,
          // Human-approved releases are counted apart from the twin's own answers.
          decision: entry.kind === 'utterance' ? (entry.approver ? 'answer-approved' : entry.decision) : null,
        })
        .execute();
      await t
        .insertInto('gov_audit_sths')
        .values({
          tree_size: sth.treeSize,
          root_hash: sth.rootHash,
          timestamp_ms: sth.timestampMs,
          key_id: sth.keyId,
          signature: sth.signature,
        })
        .execute();
      await t
        .updateTable('gov_audit_head')
        .set({
          tree_size: index + 1,
          root_hash: sth.rootHash,
          frontier: JSON.stringify(frontier.map((h) => h.toString('hex'))),
        })
        .where('id', '=', 1)
        .execute();
      return { index, leafHash: leaf.toString('hex'), sth };
    };
    if (trx) return run(trx);
    const result = await this.db.transaction().execute(run);
    this.announce(result, entry.kind);
    return result;
  }

  /** The latest signed tree head; for an empty log, a freshly signed head of size 0. */
  override async latestSth(): Promise<SignedTreeHeadDto> {
    return (await super.latestSth()) ?? signSth(this.#keys.current, 0, frontierRoot([]), Date.now());
  }

  /** Emits `audit.appended` (for appends made inside a caller's transaction, once it committed). */
  announce(result: AppendResult, kind: string): void {
    this.log.debug({ index: result.index, kind }, 'audit entry appended');
    this.#events.emit('audit.appended', { index: result.index, kind, sth: result.sth });
  }

  /** Retires the signing key and starts signing with a new one (serialized with appends). */
  async rotateKey(actor: string): Promise<{ retired: string; current: string }> {
    const result = await this.db.transaction().execute(async (t) => {
      await t.selectFrom('gov_audit_head').select('id').where('id', '=', 1).forUpdate().execute();
      const rotated = this.#keys.rotate();
      await t
        .updateTable('gov_audit_keys')
        .set({ retired_at: new Date() })
        .where('key_id', '=', rotated.retired)
        .execute();
      await t
        .insertInto('gov_audit_keys')
        .values({ key_id: rotated.current.keyId, public_key_pem: this.#keys.currentPublicKeyPem() })
        .execute();
      const appended = await this.appendTrail(
        'audit.key-rotated',
        actor,
        { keyId: rotated.current.keyId },
        { retired: rotated.retired, current: rotated.current.keyId },
        t,
      );
      return { retired: rotated.retired, current: rotated.current.keyId, appended };
    });
    this.announce(result.appended, 'governance');
    this.log.info({ retired: result.retired, current: result.current }, 'audit signing key rotated');
    return { retired: result.retired, current: result.current };
  }
}
