import { describe, expect, it } from 'vitest';
import { signInvite } from './invite-token.ts';
import { readSession, signSession, toSessionDto, type Session } from './session.ts';
import { secretsEqual } from './signed-token.ts';

const SECRET = 's'.repeat(40);
const session: Session = {
  identity: 'ada-k3x9pq',
  name: 'Ada',
  role: 'host',
  roomId: 'town-hall',
  expiresAtS: 2_000_000_000,
};

describe('sessions', () => {
  it('round-trip through the cookie value', () => {
    const value = signSession(SECRET, session);
    expect(readSession(SECRET, value, 1_000)).toEqual(session);
    expect(toSessionDto(session)).toEqual({
      identity: 'ada-k3x9pq',
      name: 'Ada',
      role: 'host',
      roomId: 'town-hall',
      expiresAt: '2033-05-18T03:33:20.000Z',
    });
  });

  it('are null when missing, forged, expired, or an invite', () => {
    const value = signSession(SECRET, session);
    expect(readSession(SECRET, undefined)).toBeNull();
    expect(readSession('t'.repeat(40), value, 1_000)).toBeNull();
    expect(readSession(SECRET, value, 2_000_000_000_000)).toBeNull();
    const invite = signInvite(SECRET, {
      inviteId: 'i',
      roomId: 'r',
      role: 'admin',
      expiresAtS: 2_000_000_000,
    });
    expect(readSession(SECRET, invite, 1_000)).toBeNull();
  });
});

describe('secretsEqual', () => {
  it('compares whatever the lengths', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', '')).toBe(true);
  });
});
