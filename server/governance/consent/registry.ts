import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { ConsentDecisionDto, ConsentPerson, ConsentRecordDto } from '../../../common/governance.ts';
import type { Database } from '../../store/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { GovernanceError } from '../errors.ts';
import type { ConsentChangedEvent, GovernanceEvents } from '../events.ts';
import type { GovConsentRecordsTable } from '../tables.ts';
import { decide, isSignatory, nextBoundary, statusAt, type ConsentQuery } from './rules.ts';
import { recordConsentSchema, revokeConsentSchema, type RecordConsentInput } from './schema.ts';

// setTimeout's limit; longer waits are re-armed.
const MAX_TIMER_MS = 2_147_483_647;
// Fire just after the boundary so `at >= validUntil` holds when the timer runs.
const BOUNDARY_SLACK_MS = 5;

function toDto(row: Selectable<GovConsentRecordsTable>, now: Date): ConsentRecordDto {
  const base = {
    id: row.id,
    personaId: row.persona_id,
    grantedBy: row.granted_by,
    delegates: row.delegates,
    signedBy: row.signed_by,
    signedAt: row.signed_at.toISOString(),
    validFrom: row.valid_from.toISOString(),
    validUntil: row.valid_until ? row.valid_until.toISOString() : null,
    scope: row.scope as ConsentRecordDto['scope'],
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
    revokedBy: row.revoked_by ?? null,
    revokeReason: row.revoke_reason,
    source: row.source as ConsentRecordDto['source'],
    recordedBy: row.recorded_by,
    createdAt: row.created_at.toISOString(),
  };
  return { ...base, status: statusAt(base, now) };
}

export interface ConsentRegistryOptions {
  db: Kysely<Database>;
  audit: AuditLog;
  events: GovernanceEvents;
  log: Logger;
}

/**
 * Consent of a leader (persona) for the twin to use their statements, voice and likeness: records
 * with a scope and a validity window, signed by the leader or a named delegate, revocable. Every
 * change is appended to the audit trail and announced as `consent.changed` the moment it commits;
 * expiry is announced by a timer armed at the next validity boundary.
 */
export class ConsentRegistry {
  readonly #db: Kysely<Database>;
  readonly #audit: AuditLog;
  readonly #events: GovernanceEvents;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | null = null;
  /** When validity boundaries were last checked: windows ending or starting after it are announced. */
  #lastBoundaryMs = Date.now();
  #closed = false;

  constructor(opts: ConsentRegistryOptions) {
    this.#db = opts.db;
    this.#audit = opts.audit;
    this.#events = opts.events;
    this.#log = opts.log.child({ module: 'governance.consent' });
  }

  /** Records a consent. The signer must be the person granting it or one of their delegates. */
  async record(
    input: RecordConsentInput,
    actor: string,
    source: ConsentRecordDto['source'] = 'api',
  ): Promise<ConsentRecordDto> {
    const c = recordConsentSchema.parse(input);
    const signedBy = c.signedBy ?? c.grantedBy;
    if (!isSignatory(signedBy, c.grantedBy, c.delegates)) {
      throw new GovernanceError(
        'consent_signer_unknown',
        `signedBy: ${signedBy.name} is neither ${c.grantedBy.name} nor one of the named delegates`,
      );
    }
    const id = `cs_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const { row, appended } = await this.#db.transaction().execute(async (t) => {
      const row = await t
        .insertInto('gov_consent_records')
        .values({
          id,
          persona_id: c.personaId,
          granted_by: JSON.stringify(c.grantedBy),
          delegates: JSON.stringify(c.delegates),
          signed_by: JSON.stringify(signedBy),
          signed_at: c.signedAt,
          valid_from: c.validFrom,
          valid_until: c.validUntil,
          scope: JSON.stringify(c.scope),
          source,
          recorded_by: actor,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const appended = await this.#audit.appendTrail(
        'consent.recorded',
        actor,
        { consentId: id, personaId: c.personaId },
        {
          grantedBy: c.grantedBy,
          delegates: c.delegates,
          signedBy,
          signedAt: c.signedAt,
          validFrom: c.validFrom,
          validUntil: c.validUntil,
          scope: c.scope,
          source,
        },
        t,
      );
      return { row, appended };
    });
    this.#audit.announce(appended, 'governance');
    const dto = toDto(row, new Date());
    this.#log.info({ consentId: id, personaId: c.personaId, source }, 'consent recorded');
    await this.#changed(dto, source === 'consent.json' ? 'imported' : 'recorded');
    return dto;
  }

  /** Revokes a record at once. Only the person who granted it or a named delegate may. */
  async revoke(
    id: string,
    input: { revokedBy: ConsentPerson; reason: string },
    actor: string,
  ): Promise<ConsentRecordDto> {
    const r = revokeConsentSchema.parse(input);
    const current = await this.get(id);
    if (current.revokedAt !== null) {
      throw new GovernanceError(
        'invalid_transition',
        `Consent ${id} was already revoked at ${current.revokedAt}`,
      );
    }
    if (!isSignatory(r.revokedBy, current.grantedBy, current.delegates)) {
      throw new GovernanceError(
        'consent_signer_unknown',
        `revokedBy: ${r.revokedBy.name} is neither ${current.grantedBy.name} nor one of the named delegates`,
      );
    }
    const result = await this.#db.transaction().execute(async (t) => {
      const row = await t
        .updateTable('gov_consent_records')
        .set({ revoked_at: new Date(), revoked_by: JSON.stringify(r.revokedBy), revoke_reason: r.reason })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      const appended = await this.#audit.appendTrail(
        'consent.revoked',
        actor,
        { consentId: id, personaId: row.persona_id },
        { revokedBy: r.revokedBy, reason: r.reason },
        t,
      );
      return { row, appended };
    });
    if (!result) throw new GovernanceError('invalid_transition', `Consent ${id} was already revoked`);
    this.#audit.announce(result.appended, 'governance');
    const dto = toDto(result.row, new Date());
    this.#log.warn({ consentId: id, personaId: dto.personaId }, 'consent revoked');
    await this.#changed(dto, 'revoked');
    return dto;
  }

  async get(id: string): Promise<ConsentRecordDto> {
    const row = await this.#db
      .selectFrom('gov_consent_records')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new GovernanceError('not_found', `Consent record ${id} not found`);
    return toDto(row, new Date());
  }

  async list(personaId?: string): Promise<ConsentRecordDto[]> {
    let q = this.#db.selectFrom('gov_consent_records').selectAll();
    if (personaId !== undefined) q = q.where('persona_id', '=', personaId);
    const now = new Date();
    return (await q.orderBy('created_at').orderBy('id').execute()).map((r) => toDto(r, now));
  }

  /** Whether the persona may act now (or at `at`) in a room, modality and topic. Reads the database. */
  async consentInForce(query: ConsentQuery): Promise<ConsentDecisionDto> {
    const at = query.at ?? new Date();
    const d = decide(await this.list(query.personaId), { ...query, at });
    return {
      personaId: query.personaId,
      inForce: d.inForce,
      reason: d.reason,
      recordId: d.recordId,
      at: at.toISOString(),
    };
  }

  async #changed(record: ConsentRecordDto, change: ConsentChangedEvent['change']): Promise<void> {
    const now = new Date();
    const overall = decide(await this.list(record.personaId), { personaId: record.personaId, at: now });
    this.#events.emit('consent.changed', {
      personaId: record.personaId,
      recordId: record.id,
      change,
      inForce: overall.inForce,
      reason: overall.reason,
      at: now.toISOString(),
    });
    await this.#arm();
  }

  /** Starts announcing validity boundaries (expiry, start). Call once; `close()` stops it. */
  async start(): Promise<void> {
    await this.#onBoundary();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #arm(): Promise<void> {
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const now = new Date();
    const next = nextBoundary(await this.list(), now);
    if (!next || this.#closed) return;
    const delayMs = Math.min(MAX_TIMER_MS, next.getTime() - now.getTime() + BOUNDARY_SLACK_MS);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#onBoundary().catch((err: unknown) => this.#log.error({ err }, 'consent boundary check failed'));
    }, delayMs);
    this.#timer.unref();
  }

  /**
   * Runs at each validity boundary: logs every expiry once in the audit trail (whichever instance
   * gets there first, also for expiries that happened while no server ran) and emits
   * `consent.changed` in this process for every window that ended or began since the last check.
   */
  async #onBoundary(): Promise<void> {
    if (this.#closed) return;
    const now = new Date();
    const last = this.#lastBoundaryMs;
    this.#lastBoundaryMs = now.getTime();
    const logged = await this.#db.transaction().execute(async (t) => {
      const rows = await t
        .updateTable('gov_consent_records')
        .set({ expiry_logged_at: now })
        .where('valid_until', '<=', now)
        .where('expiry_logged_at', 'is', null)
        .where('revoked_at', 'is', null)
        .returning(['id', 'persona_id', 'valid_until'])
        .execute();
      const appended = [];
      for (const row of rows) {
        appended.push(
          await this.#audit.appendTrail(
            'consent.expired',
            'system',
            { consentId: row.id, personaId: row.persona_id },
            { validUntil: row.valid_until?.toISOString() ?? null },
            t,
          ),
        );
      }
      return appended;
    });
    for (const a of logged) this.#audit.announce(a, 'governance');

    const records = await this.list();
    for (const r of records) {
      if (r.revokedAt !== null) continue;
      const until = r.validUntil === null ? null : Date.parse(r.validUntil);
      const from = Date.parse(r.validFrom);
      if (until !== null && until > last && until <= now.getTime()) {
        this.#log.warn({ consentId: r.id, personaId: r.personaId }, 'consent expired');
        this.#emitBoundary(r, 'expired', records, now);
      } else if (from > last && from <= now.getTime()) {
        this.#emitBoundary(r, 'became-valid', records, now);
      }
    }
    await this.#arm();
  }

  #emitBoundary(
    r: ConsentRecordDto,
    change: 'expired' | 'became-valid',
    all: ConsentRecordDto[],
    now: Date,
  ): void {
    const overall = decide(all, { personaId: r.personaId, at: now });
    this.#events.emit('consent.changed', {
      personaId: r.personaId,
      recordId: r.id,
      change,
      inForce: overall.inForce,
      reason: overall.reason,
      at: now.toISOString(),
    });
  }
}
