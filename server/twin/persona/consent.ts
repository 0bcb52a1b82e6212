import type { ConsentDecisionReason, ConsentStatus } from '../../../common/governance.ts';
import type { ConsentModality, ConsentRecord } from './types.ts';

export interface ConsentQuery {
  at: Date;
  room?: string;
  modality?: ConsentModality;
  topic?: string;
}

/** The same reasons the governance API reports (one list, in common/). */
export type ConsentReason = ConsentDecisionReason;

/** Where a record stands in its validity window at a time, ignoring scope. */
export function consentStatusAt(
  r: Pick<ConsentRecord, 'validFrom' | 'validUntil' | 'revokedAt'>,
  at: Date,
): ConsentStatus {
  const t = at.getTime();
  if (r.revokedAt !== null && Date.parse(r.revokedAt) <= t) return 'revoked';
  if (Date.parse(r.validFrom) > t) return 'not-yet-valid';
  if (r.validUntil !== null && Date.parse(r.validUntil) <= t) return 'expired';
  return 'in-force';
}

/** Whether the twin may act under this consent record at a given time, in a room, in a modality. */
export function consentInForce(
  consent: ConsentRecord | undefined,
  query: ConsentQuery,
): { inForce: boolean; reason: ConsentReason } {
  const no = (reason: ConsentReason) => ({ inForce: false, reason });
  if (!consent) return no('no-consent-record');
  const status = consentStatusAt(consent, query.at);
  if (status !== 'in-force') return no(status);
  const covers = (list: readonly string[], value: string | undefined) =>
    value === undefined || list.includes('*') || list.includes(value);
  if (!covers(consent.scope.rooms, query.room)) return no('room-out-of-scope');
  if (query.modality !== undefined && !consent.scope.modalities.includes(query.modality)) {
    return no('modality-out-of-scope');
  }
  if (!covers(consent.scope.topics, query.topic)) return no('topic-out-of-scope');
  return { inForce: true, reason: 'in-force' };
}
