import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteListResponse, InviteRecordDto, RoomListResponse } from '../../common/admin-api.ts';
import type { ErrorBody, RoomDto } from '../../common/api.ts';
import { requestJson, startTestServer, TEST_ADMIN_SECRET, type TestPodium } from '../helpers/server.ts';

let podium: TestPodium;
beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
});
afterAll(() => podium?.close());

const admin = <T = unknown>(path: string, init: { method?: string; body?: unknown } = {}) =>
  requestJson<T & ErrorBody>(podium.url, `/api/admin${path}`, { ...init, headers: podium.adminHeaders });

describe('admin authentication', () => {
  it('answers 401 with a challenge without credentials, 403 with wrong ones', async () => {
    const none = await requestJson<ErrorBody>(podium.url, '/api/admin/rooms');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.body.error.code).toBe('unauthorized');

    for (const auth of [
      `Bearer ${TEST_ADMIN_SECRET}x`,
      'Bearer short',
      `Basic ${TEST_ADMIN_SECRET}`,
      'Bearer',
    ]) {
      const res = await requestJson<ErrorBody>(podium.url, '/api/admin/rooms', {
        headers: { Authorization: auth },
      });
      expect([401, 403], auth).toContain(res.status);
    }
    const wrong = await requestJson<ErrorBody>(podium.url, '/api/admin/rooms', {
      headers: { Authorization: 'Bearer not-the-secret-at-all' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('forbidden');
  });

  it('guards every admin route, including unknown ones and writes', async () => {
    for (const [method, path] of [
      ['POST', '/api/admin/rooms'],
      ['PATCH', '/api/admin/rooms/town-hall'],
      ['DELETE', '/api/admin/rooms/town-hall'],
      ['DELETE', '/api/admin/invites/abc'],
      ['GET', '/api/admin/unknown'],
    ] as const) {
      const res = await requestJson(podium.url, path, {
        method,
        ...(method === 'GET' ? {} : { body: { title: 'x' } }),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    expect((await admin<RoomDto>('/rooms/town-hall')).body.title).toBe('Town Hall');
  });
});

describe('room administration', () => {
  it('lists the default room', async () => {
    const res = await admin<RoomListResponse>('/rooms');
    expect(res.status).toBe(200);
    expect(res.body.rooms.find((r) => r.id === 'town-hall')).toMatchObject({
      title: 'Town Hall',
      kind: 'all-hands',
      capacity: 500,
      openJoin: true,
    });
  });

  it('creates rooms with defaults by kind, and derives an id from the title', async () => {
    const res = await admin<RoomDto>('/rooms', { body: { title: '  Q3 Planning!  ', kind: 'meeting' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'Q3 Planning!', kind: 'meeting', capacity: 50, openJoin: false });
    expect(res.body.id).toMatch(/^q3-planning-[a-z2-9]{4}$/);

    const allHands = await admin<RoomDto>('/rooms', {
      body: { id: 'kickoff', title: 'Kickoff', kind: 'all-hands' },
    });
    expect(allHands.body).toMatchObject({ id: 'kickoff', capacity: 500 });
    const dup = await admin('/rooms', { body: { id: 'kickoff', title: 'Again', kind: 'meeting' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('room_exists');
  });

  it('validates room fields by name', async () => {
    for (const [body, message] of [
      [{ title: 'x', kind: 'party' }, 'kind: must be one of all-hands, meeting'],
      [{ title: '', kind: 'meeting' }, 'title: must be 1-100 characters'],
      [{ title: 'x', kind: 'meeting', capacity: 0 }, 'capacity: must be at least 1'],
      [{ title: 'x', kind: 'meeting', capacity: 2.5 }, 'capacity: must be a whole number'],
      [{ title: 'x', kind: 'meeting', capacity: '10' }, 'capacity: must be a number'],
      [
        { title: 'x', kind: 'meeting', id: 'Bad Id' },
        'id: must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit',
      ],
      [{ title: 'x', kind: 'meeting', owner: 'me' }, 'body: unknown field "owner"'],
    ] as const) {
      const res = await admin('/rooms', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toEqual({ code: 'invalid_request', message });
    }
  });

  it('reads, patches and deletes a room', async () => {
    await admin('/rooms', { body: { id: 'patchme', title: 'Patch me', kind: 'meeting' } });
    const patched = await admin<RoomDto>('/rooms/patchme', {
      method: 'PATCH',
      body: { capacity: 7, openJoin: true },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 'patchme', title: 'Patch me', capacity: 7, openJoin: true });
    expect((await admin<RoomDto>('/rooms/patchme')).body.capacity).toBe(7);

    const empty = await admin('/rooms/patchme', { method: 'PATCH', body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe(
      'body: must change at least one of title, kind, capacity, openJoin',
    );

    const del = await admin('/rooms/patchme', { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await admin('/rooms/patchme')).status).toBe(404);
    expect((await admin('/rooms/patchme', { method: 'DELETE' })).status).toBe(404);
    expect((await admin('/rooms/patchme', { method: 'PATCH', body: { title: 'x' } })).status).toBe(404);
  });
});

describe('invites', () => {
  it('creates invite links on the request origin, lists and revokes them', async () => {
    await admin('/rooms', { body: { id: 'inv', title: 'Invites', kind: 'all-hands' } });
    const before = Date.now();
    const created = await admin<InviteRecordDto>('/rooms/inv/invites', { body: { role: 'moderator' } });
    expect(created.status).toBe(201);
    const inv = created.body;
    expect(inv).toMatchObject({ roomId: 'inv', role: 'moderator', revokedAt: null });
    expect(inv.url).toBe(`http://localhost:${podium.port}/?room=inv&invite=${inv.token}`);
    const ttlMs = Date.parse(inv.expiresAt) - before;
    expect(ttlMs).toBeGreaterThan(7 * 86400_000 - 5_000);
    expect(ttlMs).toBeLessThanOrEqual(7 * 86400_000);

    const short = await admin<InviteRecordDto>('/rooms/inv/invites', { body: { role: 'host', ttlS: 3600 } });
    expect(Date.parse(short.body.expiresAt) - before).toBeLessThanOrEqual(3600_000);

    const list = await admin<InviteListResponse>('/rooms/inv/invites');
    expect(list.body.invites.map((i) => i.id).sort()).toEqual([inv.id, short.body.id].sort());
    // Listed links are the same links: the token is re-derived, not stored.
    expect(list.body.invites.find((i) => i.id === inv.id)?.token).toBe(inv.token);

    const revoked = await admin<InviteRecordDto>(`/invites/${inv.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(Date.parse(revoked.body.revokedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect((await admin(`/invites/unknown-id`, { method: 'DELETE' })).status).toBe(404);
    expect((await admin(`/invites/bad id!`, { method: 'DELETE' })).status).toBe(400);
  });

  it('validates invite requests and rooms', async () => {
    const badRole = await admin('/rooms/town-hall/invites', { body: { role: 'owner' } });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.message).toBe('role: must be one of attendee, moderator, host, admin');
    const badTtl = await admin('/rooms/town-hall/invites', { body: { role: 'host', ttlS: 5 } });
    expect(badTtl.body.error.message).toBe('ttlS: must be at least 60 seconds');
    const noRoom = await admin('/rooms/nowhere/invites', { body: { role: 'host' } });
    expect(noRoom.status).toBe(404);
    expect(noRoom.body.error.code).toBe('room_not_found');
    expect((await admin('/rooms/nowhere/invites')).status).toBe(404);
  });
});

describe('PUBLIC_URL', () => {
  it('is the base of invite links when set', async () => {
    const behindProxy = await startTestServer({
      env: { PODIUM_MEDIA: 'none', PUBLIC_URL: 'https://podium.example.com/' },
    });
    try {
      const res = await requestJson<InviteRecordDto>(behindProxy.url, '/api/admin/rooms/town-hall/invites', {
        body: { role: 'attendee' },
        headers: behindProxy.adminHeaders,
      });
      expect(res.body.url).toBe(`https://podium.example.com/?room=town-hall&invite=${res.body.token}`);
    } finally {
      await behindProxy.close();
    }
  });
});
