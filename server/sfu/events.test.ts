import { describe, expect, it } from 'vitest';
import { SfuError } from './errors.ts';
import { SfuEvents } from './events.ts';

describe('SfuEvents', () => {
  it('delivers typed events and removes listeners', () => {
    const events = new SfuEvents();
    const seen: string[] = [];
    const onJoin = (_room: { name: string }, p: { identity: string }): void => void seen.push(p.identity);
    events.on('participantJoined', onJoin);
    events.emit('participantJoined', { name: 'r', sid: 'RM_1' }, { identity: 'ada', sid: 'PA_1' });
    events.off('participantJoined', onJoin);
    events.emit('participantJoined', { name: 'r', sid: 'RM_1' }, { identity: 'bob', sid: 'PA_2' });
    expect(seen).toEqual(['ada']);
  });

  it('never throws into the SFU: not for an unheard error, not for a throwing listener', () => {
    const events = new SfuEvents();
    expect(() => events.emit('error', new SfuError('internal', 'x'), { recoverable: true })).not.toThrow();
    events.on('roomStarted', () => {
      throw new Error('listener bug');
    });
    expect(() => events.emit('roomStarted', { name: 'r', sid: 'RM_1' })).not.toThrow();
  });
});
