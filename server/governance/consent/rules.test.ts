import { describe, expect, it } from 'vitest';
import type { ConsentRecordDto } from '../../../common/governance.ts';
import { decide, isSignatory, nextBoundary, statusAt } from './rules.ts';

function record(id: string, extra: Partial<ConsentRecordDto> = {}): ConsentRecordDto {
  return {
    id,
    personaId: 'dana',
    grantedBy: { name: 'Dana Reyes', role: 'CEO' },
    delegates: [{ name: 'Rafael Alvarez', role: 'Comms' }],
    signedBy: { name: 'Dana Reyes', role: 'CEO' },
    signedAt: '2026-01-01T00:00:00.000Z',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2026-12-31T00:00:00.000Z',
    scope: { rooms: ['town-hall'], topics: ['*'], modalities: ['statements', 'voice'] },
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    source: 'api',
    recordedBy: 'admin',
    createdAt: '2026-01-01T00:00:00.000Z',
    status: 'in-force',
    ...extra,
  };
}

const at = new Date('2026-06-01T00:00:00Z');

describe('consent decisions', () => {
  it('are in force when any record is, with that record’s id', () => {
    const records = [
      record('old', { validUntil: '2026-02-01T00:00:00.000Z' }),
      record('new', { createdAt: '2026-03-01T00:00:00.000Z' }),
    ];
    expect(decide(records, { personaId: 'dana', room: 'town-hall', modality: 'voice', at })).toEqual({
      inForce: true,
      reason: 'in-force',
      recordId: 'new',
    });
  });

  it('give the newest record’s reason otherwise', () => {
    const records = [
      record('a', { validUntil: '2026-02-01T00:00:00.000Z' }),
      record('b', { createdAt: '2026-04-01T00:00:00.000Z', revokedAt: '2026-05-01T00:00:00.000Z' }),
    ];
    expect(decide(records, { personaId: 'dana', at })).toEqual({
      inForce: false,
      reason: 'revoked',
      recordId: 'b',
    });
    expect(decide([record('c')], { personaId: 'dana', room: 'board', at }).reason).toBe('room-out-of-scope');
    expect(decide([record('c')], { personaId: 'dana', modality: 'likeness', at }).reason).toBe(
      'modality-out-of-scope',
    );
    expect(decide([record('c')], { personaId: 'other', at })).toEqual({
      inForce: false,
      reason: 'no-consent-record',
      recordId: null,
    });
    expect(decide([record('c')], { personaId: 'dana', at: new Date('2025-01-01T00:00:00Z') }).reason).toBe(
      'not-yet-valid',
    );
    expect(decide([record('c')], { personaId: 'dana', at: new Date('2026-12-31T00:00:00Z') }).reason).toBe(
      'expired',
    );
  });

  it('compute a record’s status ignoring scope', () => {
    expect(statusAt(record('x'), at)).toBe('in-force');
    expect(statusAt(record('x', { revokedAt: '2026-05-01T00:00:00.000Z' }), at)).toBe('revoked');
    expect(statusAt(record('x', { validUntil: null }), new Date('2090-01-01T00:00:00Z'))).toBe('in-force');
  });
});

describe('signatories', () => {
  it('are the person who granted consent or a named delegate, by name', () => {
    const r = record('x');
    expect(isSignatory({ name: ' dana reyes ', role: 'anything' }, r.grantedBy, r.delegates)).toBe(true);
    expect(isSignatory({ name: 'Rafael Alvarez', role: 'Comms' }, r.grantedBy, r.delegates)).toBe(true);
    expect(isSignatory({ name: 'Mallory', role: 'CEO' }, r.grantedBy, r.delegates)).toBe(false);
  });
});

describe('nextBoundary', () => {
  it('is the nearest future start or end of a live record', () => {
    const records = [
      record('a', { validFrom: '2026-07-01T00:00:00.000Z', validUntil: '2026-09-01T00:00:00.000Z' }),
      record('b', { validUntil: '2026-08-01T00:00:00.000Z' }),
      record('c', { validUntil: '2026-06-15T00:00:00.000Z', revokedAt: '2026-05-01T00:00:00.000Z' }),
    ];
    expect(nextBoundary(records, at)?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(nextBoundary(records, new Date('2026-07-02T00:00:00Z'))?.toISOString()).toBe(
      '2026-08-01T00:00:00.000Z',
    );
    expect(nextBoundary(records, new Date('2027-01-01T00:00:00Z'))).toBeNull();
  });
});
