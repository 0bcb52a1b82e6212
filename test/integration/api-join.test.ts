import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteRecordDto } from '../../common/admin-api.ts';
import type { ErrorBody, JoinResponse, SessionDto } from '../../common/api.ts';
import { ROLES, type Role } from '../../common/roles.ts';
import { signInvite } from '../../server/auth/index.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

let podium: TestPodium;

beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
  for (const room of [
    { id: 'board', title: 'Board', kind: 'meeting', openJoin: false },
    { id: 'all-staff', title: 'All staff', kind: 'all-hands', openJoin: false },
  ]) {
    const res = await requestJson(podium.url, '/api/admin/rooms', {
      body: room,
      headers: podium.adminHeaders,
    });
    expect(res.status).toBe(201);
  }
});
afterAll(() => podium?.close());

const join = (body: unknown) => requestJson<JoinResponse & ErrorBody>(podium.url, '/api/join', { body });

async function invite(roomId: string, role: Role, ttlS?: number): Promise<InviteRecordDto> {
  const res = await requestJson<InviteRecordDto>(podium.url, `/api/admin/rooms/${roomId}/invites`, {
    body: { role, ...(ttlS ? { ttlS } : {}) },
    headers: podium.adminHeaders,
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function grantsOf(token: string) {
  const { apiKey, apiSecret } = podium.config.media;
  return new TokenVerifier(apiKey, apiSecret).verify(token);
}

describe('joining the open demo room', () => {
  it('admits an attendee with a listen-only token and a session cookie', async () => {
    const res = await join({ roomId: 'town-hall', name: '  Ada Lovelace ' });
    expect(res.status).toBe(200);
    const { session, room, livekit } = res.body;
    expect(session).toMatchObject({ name: 'Ada Lovelace', role: 'attendee', roomId: 'town-hall' });
    expect(session.identity).toMatch(/^ada-lovelace-[a-z2-9]{6}$/);
    expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(11 * 3600_000);
    expect(room).toMatchObject({ id: 'town-hall', kind: 'all-hands', openJoin: true, capacity: 500 });
    expect(livekit.url).toBe(`ws://localhost:${podium.port}`);

    const claims = await grantsOf(livekit.token);
    expect(claims.sub).toBe(session.identity);
    expect(claims.name).toBe('Ada Lovelace');
    expect(claims.attributes).toEqual({ role: 'attendee' });
    expect(claims.video).toMatchObject({
      roomJoin: true,
      room: 'town-hall',
      canSubscribe: true,
      canPublish: false,
    });
    expect(claims.video?.canPublishData).toBe(true);
    expect(claims.video?.canUpdateOwnMetadata).toBe(false);

    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^podium_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const res = await requestJson(podium.url, '/api/join', {
      body: { roomId: 'town-hall', name: 'Sec' },
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    expect(res.headers.get('set-cookie')).toContain('Secure');
    expect((res.body as JoinResponse).livekit.url).toBe(`wss://localhost:${podium.port}`);
  });

  it('reads the session back from the cookie, and forgets it on leave', async () => {
    const res = await join({ roomId: 'town-hall', name: 'Grace' });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const session = await requestJson<SessionDto>(podium.url, '/api/session', { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(session.body).toEqual(res.body.session);

    const left = await requestJson(podium.url, '/api/leave', { method: 'POST', headers: { cookie } });
    expect(left.status).toBe(204);
    expect(left.headers.get('set-cookie')).toMatch(/^podium_session=;.*Max-Age=0/);

    const none = await requestJson<ErrorBody>(podium.url, '/api/session');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('no_session');
    const forged = await requestJson<ErrorBody>(podium.url, '/api/session', {
      headers: { cookie: `${cookie.slice(0, -3)}abc` },
    });
    expect(forged.status).toBe(401);
  });

  it('hands out a different identity to every join, never the twin prefix', async () => {
    const identities = new Set<string>();
    for (const name of ['Sam', 'Sam', 'Twin', 'twin-leader', '李小龍']) {
      const res = await join({ roomId: 'town-hall', name });
      expect(res.status).toBe(200);
      identities.add(res.body.session.identity);
      expect(res.body.session.identity.startsWith('twin-')).toBe(false);
    }
    expect(identities.size).toBe(5);
    const log = await podium.store.db.selectFrom('participants').select('identity').execute();
    for (const id of identities) expect(log.map((r) => r.identity)).toContain(id);
  });

  it('refuses bad names with a message naming the field', async () => {
    for (const [name, message] of [
      ['', 'name: must not be empty'],
      ['   ', 'name: must not be empty'],
      ['x'.repeat(49), 'name: must be at most 48 characters'],
      ['bad\u0000name', 'name: must not contain control characters'],
      [42, 'name: must be a string'],
    ] as const) {
      const res = await join({ roomId: 'town-hall', name });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body.error).toEqual({ code: 'invalid_request', message });
    }
  });

  it('answers 404 for an unknown room and 403 for an invite-only room without invite', async () => {
    const missing = await join({ roomId: 'no-such-room', name: 'Ada' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('room_not_found');
    const closed = await join({ roomId: 'board', name: 'Ada' });
    expect(closed.status).toBe(403);
    expect(closed.body.error).toEqual({
      code: 'invite_required',
      message: 'Room "board" is invite-only: open your invite link to join.',
    });
  });
});

describe('joining with an invite', () => {
  it('grants the invited role, with publish rights by role and room kind', async () => {
    for (const role of ROLES) {
      const inv = await invite('all-staff', role);
      const res = await join({ roomId: 'all-staff', name: `As ${role}`, invite: inv.token });
      expect(res.status, role).toBe(200);
      expect(res.body.session.role).toBe(role);
      const claims = await grantsOf(res.body.livekit.token);
      expect(claims.attributes?.role).toBe(role);
      if (role === 'attendee') {
        expect(claims.video?.canPublish).toBe(false);
      } else {
        expect(claims.video?.canPublish, role).toBe(true);
        expect(claims.video?.canPublishSources, role).toEqual(['microphone']);
      }
      const row = await podium.store.db
        .selectFrom('participants')
        .selectAll()
        .where('identity', '=', res.body.session.identity)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ room_id: 'all-staff', role, invite_id: inv.id });
    }
  });

  it('lets every meeting participant speak', async () => {
    const inv = await invite('board', 'attendee');
    const res = await join({ roomId: 'board', name: 'Board member', invite: inv.token });
    expect(res.status).toBe(200);
    expect((await grantsOf(res.body.livekit.token)).video?.canPublishSources).toEqual(['microphone']);
  });

  it('refuses a forged invite', async () => {
    const inv = await invite('board', 'attendee');
    const [body, mac] = inv.token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const raised = Buffer.from(JSON.stringify({ ...payload, o: 'admin' })).toString('base64url');
    for (const token of [`${raised}.${mac}`, 'garbage', `${body}.${'A'.repeat(43)}`]) {
      const res = await join({ roomId: 'board', name: 'Mallory', invite: token });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('invite_invalid');
    }
  });

  it('refuses an expired invite', async () => {
    const inv = await invite('board', 'host');
    // Re-signed with the server's key and a past expiry: what the same link looks like once time passes.
    const expired = signInvite(podium.config.sessionSecret, {
      inviteId: inv.id,
      roomId: 'board',
      role: 'host',
      expiresAtS: Math.floor(Date.now() / 1000) - 10,
    });
    const res = await join({ roomId: 'board', name: 'Late', invite: expired });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('invite_expired');
    expect(res.body.error.message).toMatch(/^This invite expired on \d{4}-/);
  });

  it('refuses a revoked invite', async () => {
    const inv = await invite('board', 'moderator');
    const revoke = await requestJson(podium.url, `/api/admin/invites/${inv.id}`, {
      method: 'DELETE',
      headers: podium.adminHeaders,
    });
    expect(revoke.status).toBe(200);
    const res = await join({ roomId: 'board', name: 'Revoked', invite: inv.token });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      code: 'invite_revoked',
      message: 'This invite was revoked by the organizer.',
    });
  });

  it("refuses another room's invite", async () => {
    const inv = await invite('board', 'admin');
    const res = await join({ roomId: 'all-staff', name: 'Wanderer', invite: inv.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('invite_wrong_room');
  });

  it('refuses a validly signed invite the database does not know', async () => {
    const token = signInvite(podium.config.sessionSecret, {
      inviteId: 'never-stored',
      roomId: 'board',
      role: 'admin',
      expiresAtS: Math.floor(Date.now() / 1000) + 600,
    });
    const res = await join({ roomId: 'board', name: 'Ghost', invite: token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('invite_invalid');
  });
});
