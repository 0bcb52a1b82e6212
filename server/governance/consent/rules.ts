import type {
  ConsentDecisionReason,
  ConsentModality,
  ConsentPerson,
  ConsentRecordDto,
} from '../../../common/governance.ts';
import { consentInForce as recordInForce, consentStatusAt, type ConsentRecord } from '../../twin/index.ts';

export interface ConsentQuery {
  personaId: string;
  room?: string;
  modality?: ConsentModality;
  topic?: string;
  /** Default: now. */
  at?: Date;
}

export interface ConsentDecision {
  inForce: boolean;
  reason: ConsentDecisionReason;
  recordId: string | null;
}

/** The twin engine's record shape, so the one in-force rule (server/twin) decides for both. */
function asTwinRecord(r: ConsentRecordDto): ConsentRecord {
  return {
    subject: r.personaId,
    grantedBy: r.grantedBy,
    delegates: r.delegates,
    signedAt: r.signedAt,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    scope: r.scope,
    revokedAt: r.revokedAt,
  };
}

/**
 * Whether the persona may act under any of its consent records. In force when at least one record
 * is; otherwise the newest record's reason (e.g. `revoked`), or `no-consent-record`.
 */
export function decide(records: readonly ConsentRecordDto[], query: ConsentQuery): ConsentDecision {
  const at = query.at ?? new Date();
  let newest: { record: ConsentRecordDto; reason: ConsentDecisionReason } | null = null;
  for (const record of records) {
    if (record.personaId !== query.personaId) continue;
    const result = recordInForce(asTwinRecord(record), {
      at,
      ...(query.room !== undefined ? { room: query.room } : {}),
      ...(query.modality !== undefined ? { modality: query.modality } : {}),
      ...(query.topic !== undefined ? { topic: query.topic } : {}),
    });
    if (result.inForce) return { inForce: true, reason: 'in-force', recordId: record.id };
    if (!newest || record.createdAt > newest.record.createdAt) newest = { record, reason: result.reason };
  }
  return newest
    ? { inForce: false, reason: newest.reason, recordId: newest.record.id }
    : { inForce: false, reason: 'no-consent-record', recordId: null };
}

/** A record's status at a time, ignoring scope. */
export const statusAt = consentStatusAt;

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** True when `who` is the person who granted consent or one of the delegates they named. */
export function isSignatory(
  who: ConsentPerson,
  grantedBy: ConsentPerson,
  delegates: readonly ConsentPerson[],
): boolean {
  return [grantedBy, ...delegates].some((p) => norm(p.name) === norm(who.name));
}

/**
 * The next instant after `now` at which some record starts or stops being valid (null: none), so a
 * timer can announce expiry the moment it happens.
 */
export function nextBoundary(records: readonly ConsentRecordDto[], now: Date): Date | null {
  let next: number | null = null;
  for (const r of records) {
    if (r.revokedAt !== null) continue;
    for (const iso of [r.validFrom, r.validUntil]) {
      if (iso === null) continue;
      const t = Date.parse(iso);
      if (t > now.getTime() && (next === null || t < next)) next = t;
    }
  }
  return next === null ? null : new Date(next);
}
