import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { GovernanceEvents, type ConsentChangedEvent } from './events.ts';

const event: ConsentChangedEvent = {
  personaId: 'dana',
  recordId: 'cs_1',
  change: 'revoked',
  inForce: false,
  reason: 'revoked',
  at: '2026-01-01T00:00:00.000Z',
};

describe('GovernanceEvents', () => {
  it('delivers to every listener even when one throws, and unsubscribes', () => {
    const events = new GovernanceEvents(pino({ level: 'silent' }));
    const got: string[] = [];
    events.on('consent.changed', () => {
      throw new Error('listener bug');
    });
    const off = events.on('consent.changed', (e) => got.push(e.recordId));
    expect(() => events.emit('consent.changed', event)).not.toThrow();
    expect(got).toEqual(['cs_1']);
    off();
    events.emit('consent.changed', event);
    expect(got).toEqual(['cs_1']);
    expect(events.listenerCount('consent.changed')).toBe(1);
  });

  it('once resolves with the next event and rejects when aborted', async () => {
    const events = new GovernanceEvents(pino({ level: 'silent' }));
    const next = events.once('consent.changed');
    events.emit('consent.changed', event);
    await expect(next).resolves.toEqual(event);
    expect(events.listenerCount('consent.changed')).toBe(0);
    const controller = new AbortController();
    const aborted = events.once('consent.changed', { signal: controller.signal });
    controller.abort(new Error('stop waiting'));
    await expect(aborted).rejects.toThrow('stop waiting');
    expect(events.listenerCount('consent.changed')).toBe(0);
  });
});
