import { describe, expect, it } from 'vitest';
import { AuthError } from './errors.ts';
import { signInvite, verifyInvite, type InviteClaims } from './invite-token.ts';
import { signSession } from './session.ts';

const SECRET = 'x'.repeat(40);
const NOW_MS = Date.parse('2026-06-01T12:00:00Z');
const claims: InviteClaims = {
  inviteId: 'inv1',
  roomId: 'town-hall',
  role: 'moderator',
  expiresAtS: NOW_MS / 1000 + 3600,
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AuthError);
    return (err as AuthError).code;
  }
  throw new Error('expected an AuthError');
}

describe('invite tokens', () => {
  it('round-trip and are deterministic', () => {
    const token = signInvite(SECRET, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(signInvite(SECRET, claims)).toBe(token);
    expect(verifyInvite(SECRET, token, 'town-hall', NOW_MS)).toEqual(claims);
  });

  it('reject a token signed with another secret', () => {
    expect(codeOf(() => verifyInvite('y'.repeat(40), signInvite(SECRET, claims), 'town-hall', NOW_MS))).toBe(
      'invite_invalid',
    );
  });

  it('reject a payload edited to raise the role', () => {
    const [body, mac] = signInvite(SECRET, claims).split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    payload.o = 'admin';
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
    expect(codeOf(() => verifyInvite(SECRET, forged, 'town-hall', NOW_MS))).toBe('invite_invalid');
  });

  it('reject garbage, truncation and a session cookie used as an invite', () => {
    const token = signInvite(SECRET, claims);
    const session = signSession(SECRET, {
      identity: 'a-1',
      name: 'A',
      role: 'admin',
      roomId: 'town-hall',
      expiresAtS: claims.expiresAtS,
    });
    for (const bad of [
      '',
      'abc',
      'a.b.c',
      token.slice(0, -1),
      `${token}x`,
      token.replace('.', '!'),
      session,
    ]) {
      expect(
        codeOf(() => verifyInvite(SECRET, bad, 'town-hall', NOW_MS)),
        bad,
      ).toBe('invite_invalid');
    }
  });

  it('reject expired invites with the expiry in the message', () => {
    try {
      verifyInvite(SECRET, signInvite(SECRET, claims), 'town-hall', NOW_MS + 3600_000);
      expect.unreachable();
    } catch (err) {
      expect((err as AuthError).code).toBe('invite_expired');
      expect((err as AuthError).message).toContain('2026-06-01T13:00:00.000Z');
    }
  });

  it('reject an invite for another room', () => {
    expect(codeOf(() => verifyInvite(SECRET, signInvite(SECRET, claims), 'board', NOW_MS))).toBe(
      'invite_wrong_room',
    );
  });
});
