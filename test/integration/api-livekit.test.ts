import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteRecordDto } from '../../common/admin-api.ts';
import type { ErrorBody, JoinResponse } from '../../common/api.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

// A LiveKit deployment is not installable on this machine, so an external LiveKit is stood in for by
// a server speaking its real wire protocol: Twirp JSON at /twirp/livekit.RoomService/ListParticipants,
// authorized by a service token that must verify and carry roomAdmin for the room.
const KEY = 'APIexternal';
const SECRET = 'external-livekit-secret-0123456789';

interface FakeLivekit {
  url: string;
  /** Participant identities per room; rooms absent here do not exist (Twirp not_found). */
  rooms: Map<string, string[]>;
  calls: { room: string; authorized: boolean }[];
  failWith500: boolean;
  close(): Promise<void>;
}

async function startFakeLivekit(): Promise<FakeLivekit> {
  const verifier = new TokenVerifier(KEY, SECRET);
  const fake: Omit<FakeLivekit, 'url' | 'close'> = { rooms: new Map(), calls: [], failWith500: false };
  const twirpError = (status: number, code: string, msg: string) => ({
    status,
    body: JSON.stringify({ code, msg }),
  });
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', async () => {
      const reply = async () => {
        if (req.method !== 'POST' || req.url !== '/twirp/livekit.RoomService/ListParticipants') {
          return twirpError(404, 'bad_route', 'no such method');
        }
        const { room } = JSON.parse(raw) as { room: string };
        const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
        const claims = await verifier.verify(token).catch(() => null);
        const authorized = claims?.video?.roomAdmin === true && claims.video.room === room;
        fake.calls.push({ room, authorized });
        if (!authorized) return twirpError(401, 'unauthenticated', 'permissions denied');
        if (fake.failWith500) return twirpError(500, 'internal', 'boom');
        const identities = fake.rooms.get(room);
        if (!identities) return twirpError(404, 'not_found', 'requested room does not exist');
        const participants = identities.map((identity, i) => ({ sid: `PA_${i}`, identity, state: 'ACTIVE' }));
        return { status: 200, body: JSON.stringify({ participants }) };
      };
      const { status, body } = await reply();
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(fake, {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let fake: FakeLivekit;
let podium: TestPodium;
const logLines: { msg?: string; roomId?: string }[] = [];
/** Keeps the server's log lines for assertions instead of printing them. */
const captureLog = () =>
  new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logLines.push(JSON.parse(line));
      done();
    },
  });

beforeAll(async () => {
  fake = await startFakeLivekit();
  podium = await startTestServer({
    env: { LIVEKIT_URL: fake.url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET },
    logDestination: captureLog(),
  });
  const res = await requestJson(podium.url, '/api/admin/rooms', {
    body: { id: 'tiny', title: 'Tiny', kind: 'meeting', capacity: 2, openJoin: true },
    headers: podium.adminHeaders,
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await podium?.close();
  await fake?.close();
});

const join = (body: object) => requestJson<JoinResponse & ErrorBody>(podium.url, '/api/join', { body });

describe('capacity, counted through LiveKit RoomService', () => {
  it('admits while there is room and refuses attendees when full', async () => {
    fake.rooms.set('tiny', ['ada-aaaaaa']);
    const ok = await join({ roomId: 'tiny', name: 'Bob' });
    expect(ok.status).toBe(200);
    expect(ok.body.livekit.url).toBe(fake.url);
    // The external deployment verifies the token with the same key pair.
    const claims = await new TokenVerifier(KEY, SECRET).verify(ok.body.livekit.token);
    expect(claims.video?.room).toBe('tiny');

    // The twin agent does not take a seat.
    fake.rooms.set('tiny', ['ada-aaaaaa', 'bob-bbbbbb', 'twin-leader']);
    const full = await join({ roomId: 'tiny', name: 'Carol' });
    expect(full.status).toBe(409);
    expect(full.body.error).toEqual({
      code: 'room_full',
      message: 'Room "tiny" is full (2 people). Try again later.',
    });
    expect(fake.calls.every((c) => c.authorized && c.room === 'tiny')).toBe(true);
  });

  it('always admits hosts', async () => {
    fake.rooms.set('tiny', ['a', 'b', 'c']);
    const inv = await requestJson<InviteRecordDto>(podium.url, '/api/admin/rooms/tiny/invites', {
      body: { role: 'host' },
      headers: podium.adminHeaders,
    });
    const res = await join({ roomId: 'tiny', name: 'Host', invite: inv.body.token });
    expect(res.status).toBe(200);
    expect(res.body.session.role).toBe('host');
  });

  it('treats a room LiveKit does not know yet as empty', async () => {
    fake.rooms.delete('tiny');
    const before = fake.calls.length;
    expect((await join({ roomId: 'tiny', name: 'First' })).status).toBe(200);
    expect(fake.calls.length).toBe(before + 1);
  });

  it('admits when LiveKit fails, rather than locking everyone out', async () => {
    fake.rooms.set('tiny', ['a', 'b', 'c']);
    fake.failWith500 = true;
    try {
      expect((await join({ roomId: 'tiny', name: 'Lucky' })).status).toBe(200);
      expect(logLines).toContainEqual(
        expect.objectContaining({ msg: 'cannot count participants', roomId: 'tiny' }),
      );
    } finally {
      fake.failWith500 = false;
    }
  });
});

describe('an unreachable LiveKit', () => {
  it('does not break joining, and /readyz still reports the configuration', async () => {
    const closed = await startFakeLivekit();
    const url = closed.url;
    await closed.close();
    const offline = await startTestServer({
      env: { LIVEKIT_URL: url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET },
      logDestination: captureLog(),
    });
    try {
      const res = await requestJson<JoinResponse>(offline.url, '/api/join', {
        body: { roomId: 'town-hall', name: 'Ada' },
      });
      expect(res.status).toBe(200);
      expect(res.body.livekit.url).toBe(url);
      expect(logLines).toContainEqual(
        expect.objectContaining({ msg: 'cannot count participants', roomId: 'town-hall' }),
      );
      expect((await requestJson(offline.url, '/readyz')).status).toBe(200);
    } finally {
      await offline.close();
    }
  });
});
