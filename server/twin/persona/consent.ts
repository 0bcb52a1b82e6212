import type { ConsentModality, ConsentRecord } from './types.ts';

export interface ConsentQuery {
  at: Date;
  room?: string;
  modality?: ConsentModality;
  topic?: string;
}

export type ConsentReason =
  | 'in-force'
  | 'no-consent-record'
  | 'revoked'
  | 'not-yet-valid'
  | 'expired'
  | 'room-out-of-scope'
  | 'modality-out-of-scope'
  | 'topic-out-of-scope';

/** Whether the twin may act under this consent record at a given time, in a room, in a modality. */
export function consentInForce(
  consent: ConsentRecord | undefined,
  query: ConsentQuery,
): { inForce: boolean; reason: ConsentReason } {
  const no = (reason: ConsentReason) => ({ inForce: false, reason });
  if (!consent) return no('no-consent-record');
  const at = query.at.getTime();
  if (consent.revokedAt !== null && Date.parse(consent.revokedAt) <= at) return no('revoked');
  if (Date.parse(consent.validFrom) > at) return no('not-yet-valid');
  if (consent.validUntil !== null && Date.parse(consent.validUntil) <= at) return no('expired');
  const covers = (list: readonly string[], value: string | undefined) =>
    value === undefined || list.includes('*') || list.includes(value);
  if (!covers(consent.scope.rooms, query.room)) return no('room-out-of-scope');
  if (query.modality !== undefined && !consent.scope.modalities.includes(query.modality)) {
    return no('modality-out-of-scope');
  }
  if (!covers(consent.scope.topics, query.topic)) return no('topic-out-of-scope');
  return { inForce: true, reason: 'in-force' };
}
