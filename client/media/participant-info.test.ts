import { describe, expect, it } from 'vitest';
import { participantInfo } from './participant-info.ts';

describe('participantInfo', () => {
  it('prefers the role attribute, then metadata, else attendee', () => {
    expect(participantInfo({ identity: 'a', name: 'Ada', attributes: { role: 'host' } })).toEqual({
      identity: 'a',
      name: 'Ada',
      role: 'host',
    });
    expect(participantInfo({ identity: 'b', metadata: '{"role":"moderator"}' }).role).toBe('moderator');
    expect(participantInfo({ identity: 'c', metadata: 'not json', attributes: { role: 'king' } }).role).toBe(
      'attendee',
    );
  });

  it('falls back to the identity for a blank name', () => {
    expect(participantInfo({ identity: 'u-1', name: '  ' }).name).toBe('u-1');
  });
});
