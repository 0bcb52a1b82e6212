import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role, type RoomKind } from '../../common/roles.ts';
import { LivekitError } from './errors.ts';
import { grantsFor } from './grants.ts';
import { mintParticipantToken } from './tokens.ts';
import { sameOriginWsUrl, toHttpUrl } from './urls.ts';

const keys = { apiKey: 'APItest', apiSecret: 'a-test-secret-that-is-long-enough-123' };

async function claimsFor(role: Role, kind: RoomKind) {
  const jwt = await mintParticipantToken(keys, {
    identity: 'ada-k3x9pq',
    name: 'Ada',
    role,
    room: { id: 'town-hall', kind },
    ttlS: 600,
  });
  return new TokenVerifier(keys.apiKey, keys.apiSecret).verify(jwt);
}

describe('participant tokens', () => {
  it('make all-hands attendees listen-only', async () => {
    const claims = await claimsFor('attendee', 'all-hands');
    expect(claims.sub).toBe('ada-k3x9pq');
    expect(claims.name).toBe('Ada');
    expect(claims.attributes).toEqual({ role: 'attendee' });
    expect(JSON.parse(claims.metadata ?? '{}')).toEqual({ role: 'attendee', roomKind: 'all-hands' });
    expect(claims.video).toEqual({
      roomJoin: true,
      room: 'town-hall',
      canSubscribe: true,
      canPublishData: true,
      canPublish: false,
      canUpdateOwnMetadata: false,
    });
  });

  it('let moderators, hosts and admins publish their microphone only', async () => {
    for (const role of ['moderator', 'host', 'admin'] as const) {
      const { video } = await claimsFor(role, 'all-hands');
      expect(video?.canPublish, role).toBe(true);
      expect(video?.canPublishSources, role).toEqual(['microphone']);
      expect(video?.canUpdateOwnMetadata, role).toBe(false);
    }
  });

  it('let everyone in a meeting publish their microphone', async () => {
    for (const role of ROLES) {
      const { video } = await claimsFor(role, 'meeting');
      expect(video?.canPublish, role).toBe(true);
      expect(video?.canPublishSources, role).toEqual(['microphone']);
    }
  });

  it('expire after the requested time', async () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = await claimsFor('host', 'meeting');
    const exp = (claims as { exp?: number }).exp ?? 0;
    expect(exp - before).toBeGreaterThanOrEqual(599);
    expect(exp - before).toBeLessThanOrEqual(601);
  });

  it('do not verify with another secret', async () => {
    const jwt = await mintParticipantToken(keys, {
      identity: 'a-1',
      name: 'A',
      role: 'attendee',
      room: { id: 'r', kind: 'meeting' },
      ttlS: 60,
    });
    await expect(
      new TokenVerifier(keys.apiKey, 'another-secret-of-some-length-xx').verify(jwt),
    ).rejects.toThrow();
  });

  it('are never minted for the twin prefix', async () => {
    for (const identity of ['twin-leader', 'Twin-x']) {
      await expect(
        mintParticipantToken(keys, {
          identity,
          name: 'X',
          role: 'admin',
          room: { id: 'r', kind: 'meeting' },
          ttlS: 60,
        }),
      ).rejects.toBeInstanceOf(LivekitError);
    }
  });

  it('grant only the room they name', () => {
    expect(grantsFor('attendee', 'all-hands', 'board').room).toBe('board');
    expect(grantsFor('attendee', 'all-hands', 'board').roomAdmin).toBeUndefined();
  });
});

describe('LiveKit URLs', () => {
  it('convert between ws and http forms', () => {
    expect(toHttpUrl('wss://lk.example.com')).toBe('https://lk.example.com');
    expect(toHttpUrl('ws://localhost:8080')).toBe('http://localhost:8080');
    expect(toHttpUrl('https://x')).toBe('https://x');
  });

  it('derive the embedded SFU URL from the request', () => {
    expect(sameOriginWsUrl('http://localhost:8080/api/config')).toBe('ws://localhost:8080');
    expect(sameOriginWsUrl('https://podium.example.com/api/config')).toBe('wss://podium.example.com');
    expect(sameOriginWsUrl('http://10.0.0.5:8080/api/config', 'https, http')).toBe('wss://10.0.0.5:8080');
  });
});
