import { describe, expect, it } from 'vitest';
import { consentInForce } from './consent.ts';
import type { ConsentRecord } from './types.ts';

const record: ConsentRecord = {
  subject: 'pat-doe',
  grantedBy: { name: 'Pat Doe', role: 'CEO' },
  delegates: [],
  signedAt: '2025-12-01T00:00:00Z',
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2026-12-31T00:00:00Z',
  scope: { rooms: ['all-hands'], topics: ['benefits'], modalities: ['statements', 'voice'] },
  revokedAt: null,
};
const at = new Date('2026-06-01T12:00:00Z');

describe('consentInForce', () => {
  it('is in force inside its window and scope', () => {
    expect(consentInForce(record, { at, room: 'all-hands', modality: 'voice', topic: 'benefits' })).toEqual({
      inForce: true,
      reason: 'in-force',
    });
    expect(consentInForce(record, { at })).toEqual({ inForce: true, reason: 'in-force' });
  });

  it('gives the reason when it is not', () => {
    expect(consentInForce(undefined, { at }).reason).toBe('no-consent-record');
    expect(consentInForce(record, { at: new Date('2025-12-31T23:59:59Z') }).reason).toBe('not-yet-valid');
    expect(consentInForce(record, { at: new Date('2026-12-31T00:00:00Z') }).reason).toBe('expired');
    expect(consentInForce({ ...record, revokedAt: '2026-05-01T00:00:00Z' }, { at }).reason).toBe('revoked');
    expect(consentInForce({ ...record, revokedAt: '2026-07-01T00:00:00Z' }, { at }).reason).toBe('in-force');
    expect(consentInForce(record, { at, room: 'board' }).reason).toBe('room-out-of-scope');
    expect(consentInForce(record, { at, modality: 'likeness' }).reason).toBe('modality-out-of-scope');
    expect(consentInForce(record, { at, topic: 'strategy' }).reason).toBe('topic-out-of-scope');
  });

  it('treats "*" as every room and topic, and null validUntil as open-ended', () => {
    const open = { ...record, validUntil: null, scope: { ...record.scope, rooms: ['*'], topics: ['*'] } };
    expect(
      consentInForce(open, { at: new Date('2040-01-01T00:00:00Z'), room: 'any', topic: 'any' }).inForce,
    ).toBe(true);
  });
});
