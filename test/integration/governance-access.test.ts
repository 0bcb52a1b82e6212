import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../common/api.ts';
import type { FollowupDto, PrincipalDto } from '../../common/governance.ts';
import { admin, govClient, joinAs, staffClient } from '../../server/governance/testing/http.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

let podium: TestPodium;
beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
});
afterAll(() => podium?.close());

/** Every governance route, with a body that would be valid for the admin where one is needed. */
const ROUTES: [method: string, path: string, body?: unknown][] = [
  ['GET', '/me'],
  ['GET', '/staff'],
  ['POST', '/staff', { name: 'X', roles: ['comms'] }],
  ['GET', '/staff/st_x'],
  ['PATCH', '/staff/st_x', { name: 'Y' }],
  ['POST', '/staff/st_x/token'],
  ['DELETE', '/staff/st_x'],
  ['GET', '/consent'],
  ['POST', '/consent', {}],
  ['GET', '/consent/status?personaId=marisol-quennell'],
  ['GET', '/consent/cs_x'],
  ['POST', '/consent/cs_x/revoke', { revokedBy: { name: 'A', role: 'B' }, reason: 'r' }],
  ['GET', '/control'],
  ['GET', '/rooms'],
  ['GET', '/control/rooms/town-hall'],
  ['POST', '/control/rooms/town-hall/pause'],
  ['POST', '/control/rooms/town-hall/resume'],
  ['POST', '/control/rooms/town-hall/handover', { to: 'leader' }],
  ['POST', '/control/kill'],
  ['POST', '/control/revive'],
  ['GET', '/approvals'],
  ['GET', '/approvals/ap_x'],
  ['PATCH', '/approvals/ap_x', { text: 'x' }],
  ['POST', '/approvals/ap_x/approve', {}],
  ['POST', '/approvals/ap_x/reject', { reason: 'x' }],
  ['POST', '/intake', {}],
  ['GET', '/followups'],
  ['POST', '/followups', {}],
  ['GET', '/followups/routing'],
  ['PUT', '/followups/routing', {}],
  ['GET', '/followups/fu_x'],
  ['POST', '/followups/fu_x/draft', { text: 'x' }],
  ['POST', '/followups/fu_x/approve', {}],
  ['POST', '/followups/fu_x/return', { note: 'x' }],
  ['POST', '/followups/fu_x/assign', { team: 'people' }],
  ['POST', '/followups/fu_x/publish'],
  ['GET', '/audit/sth'],
  ['GET', '/audit/keys'],
  ['POST', '/audit/keys/rotate'],
  ['GET', '/audit/entries'],
  ['GET', '/audit/entries/0'],
  ['GET', '/audit/entries/0/proof'],
  ['GET', '/audit/consistency?first=0'],
  ['GET', '/audit/verify'],
  ['GET', '/audit/export'],
  ['POST', '/audit/utterances', {}],
  ['POST', '/audit/utterances/0/audio', {}],
  ['GET', '/metrics'],
  ['GET', '/no-such-route'],
];

describe('governance access control', () => {
  it('answers 401 with a challenge to requests without credentials', async () => {
    const call = govClient(podium, {});
    for (const [method, path, body] of ROUTES) {
      const res = await call<ErrorBody>(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error?.code).toBe('unauthorized');
    }
    const res = await call('GET', '/me');
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses every room role (attendee, moderator, host, admin session) with 403', async () => {
    for (const role of ['attendee', 'moderator', 'host', 'admin'] as const) {
      const { cookie } = await joinAs(podium, role, `${role} person`);
      expect(cookie).toMatch(/^podium_session=/);
      const call = govClient(podium, { Cookie: cookie });
      for (const [method, path, body] of ROUTES) {
        const res = await call<ErrorBody>(method, path, body);
        expect(res.status, `${role}: ${method} ${path}`).toBe(403);
        expect(res.body.error?.code).toBe('forbidden');
        expect(res.body.error?.message).toContain('room session does not grant access');
      }
    }
  });

  it('refuses a wrong bearer token, even with a valid session cookie', async () => {
    const { cookie } = await joinAs(podium, 'moderator', 'Mo');
    for (const auth of ['Bearer not-the-secret', 'Bearer pgs_forged', `Bearer ${podium.adminSecret}x`]) {
      const res = await govClient(podium, { Authorization: auth, Cookie: cookie })<ErrorBody>(
        'GET',
        '/control',
      );
      expect(res.status, auth).toBe(403);
    }
  });

  it('lets the admin secret through', async () => {
    const me = await admin(podium)<PrincipalDto>('GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ kind: 'admin', name: 'admin', roles: ['admin'] });
  });

  it('limits staff to their grants', async () => {
    const owner = await staffClient(podium, 'Pat People', ['owner:people']);
    const comms = await staffClient(podium, 'Casey Comms', ['comms']);
    const agent = await staffClient(podium, 'Twin agent', ['agent']);
    expect((await owner.call<PrincipalDto>('GET', '/me')).body).toMatchObject({
      kind: 'staff',
      name: 'Pat People',
      roles: ['owner:people'],
    });
    // Staff management and key rotation are the admin's alone.
    for (const c of [owner.call, comms.call, agent.call]) {
      expect((await c('GET', '/staff')).status).toBe(403);
      expect((await c('POST', '/audit/keys/rotate')).status).toBe(403);
    }
    // An owner cannot pause the twin, decide approvals or publish.
    expect((await owner.call('POST', '/control/rooms/town-hall/pause')).status).toBe(403);
    expect((await owner.call('GET', '/approvals')).status).toBe(403);
    expect((await owner.call('GET', '/audit/verify')).status).toBe(403);
    // The agent may append utterances but not read follow-ups; comms may not append utterances.
    expect((await agent.call('GET', '/followups')).status).toBe(403);
    expect((await comms.call('POST', '/audit/utterances', {})).status).toBe(403);
    expect((await comms.call('GET', '/control')).status).toBe(200);
    expect((await agent.call('GET', '/control/rooms/town-hall')).status).toBe(200);
  });

  it('shows an owner only their own team’s follow-ups', async () => {
    const owner = await staffClient(podium, 'Sam Security', ['owner:security']);
    const a = admin(podium);
    const mine = await a<FollowupDto>('POST', '/followups', {
      roomId: 'town-hall',
      question: 'Is our VPN safe?',
    });
    const theirs = await a<FollowupDto>('POST', '/followups', {
      roomId: 'town-hall',
      question: 'How much vacation?',
    });
    expect(mine.body.team).toBe('security');
    expect(theirs.body.team).toBe('people');
    const list = await owner.call<{ followups: FollowupDto[] }>('GET', '/followups');
    expect(list.body.followups.map((f) => f.id)).toContain(mine.body.id);
    expect(list.body.followups.map((f) => f.id)).not.toContain(theirs.body.id);
    expect((await owner.call('GET', `/followups/${theirs.body.id}`)).status).toBe(404);
    expect((await owner.call('POST', `/followups/${theirs.body.id}/draft`, { text: 'x' })).status).toBe(404);
    expect((await owner.call('POST', `/followups/${mine.body.id}/draft`, { text: 'Yes.' })).status).toBe(200);
  });

  it('stops a revoked token at once', async () => {
    const comms = await staffClient(podium, 'Leaving', ['comms']);
    expect((await comms.call('GET', '/control')).status).toBe(200);
    expect((await admin(podium)('DELETE', `/staff/${comms.id}`)).status).toBe(200);
    expect((await comms.call('GET', '/control')).status).toBe(403);
  });

  it('rotates a staff token: the old one stops working', async () => {
    const s = await staffClient(podium, 'Rotator', ['auditor']);
    const rotated = await admin(podium)<{ token: string }>('POST', `/staff/${s.id}/token`);
    expect(rotated.status).toBe(200);
    expect((await s.call('GET', '/audit/sth')).status).toBe(403);
    expect(
      (await govClient(podium, { Authorization: `Bearer ${rotated.body.token}` })('GET', '/audit/sth'))
        .status,
    ).toBe(200);
  });

  it('validates staff input', async () => {
    const a = admin(podium);
    const bad = await a<ErrorBody>('POST', '/staff', { name: '', roles: ['root'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/name|roles/);
    expect((await a('POST', '/staff', { name: 'X', roles: ['owner:Bad Team'] })).status).toBe(400);
    expect((await a('GET', '/staff/st_nobody')).status).toBe(404);
    // Never stores the token itself.
    const created = await a<{ token: string }>('POST', '/staff', { name: 'T', roles: ['comms'] });
    const rows = await podium.store.db.selectFrom('gov_staff').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash.includes(created.body.token))).toBe(false);
    const raw = await requestJson(podium.url, '/api/governance/staff', { headers: podium.adminHeaders });
    expect(JSON.stringify(raw.body)).not.toContain(created.body.token);
  });
});
