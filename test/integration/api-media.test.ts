import { Room, dispose } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigResponse, ErrorBody, JoinResponse } from '../../common/api.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

// The embedded SFU on the app server's own port, driven by the real LiveKit SDKs: tokens from
// POST /api/join must be accepted by it, and capacity is counted through its RoomService.
let podium: TestPodium;
const rooms: Room[] = [];

beforeAll(async () => {
  podium = await startTestServer();
  const res = await requestJson(podium.url, '/api/admin/rooms', {
    body: { id: 'duo', title: 'Duo', kind: 'meeting', capacity: 1, openJoin: true },
    headers: podium.adminHeaders,
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  for (const room of rooms) await room.disconnect().catch(() => undefined);
  await podium?.close();
  await dispose();
});

const join = (roomId: string, name: string) =>
  requestJson<JoinResponse & ErrorBody>(podium.url, '/api/join', { body: { roomId, name } });

describe('with the embedded SFU', () => {
  it('is ready and points clients at its own port', async () => {
    const ready = await requestJson(podium.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', media: 'embedded' } });
    const config = await requestJson<ConfigResponse>(podium.url, '/api/config');
    expect(config.body.livekitUrl).toBe(`ws://localhost:${podium.port}`);
    expect(podium.sfu).not.toBeNull();
  });

  it('serves RoomService on the same port with the generated key pair', async () => {
    const { apiKey, apiSecret } = podium.config.media;
    const client = new RoomServiceClient(podium.url, apiKey, apiSecret);
    expect(Array.isArray(await client.listRooms())).toBe(true);
    await expect(
      new RoomServiceClient(podium.url, apiKey, 'wrong-secret-wrong-secret-wrong').listRooms(),
    ).rejects.toThrow();
  });

  it('accepts the join token, and refuses an attendee once the room is full', async () => {
    const first = await join('duo', 'First');
    expect(first.status).toBe(200);
    const room = new Room();
    rooms.push(room);
    await room.connect(first.body.livekit.url, first.body.livekit.token, {
      autoSubscribe: false,
      dynacast: false,
    });
    expect(room.localParticipant?.identity).toBe(first.body.session.identity);
    expect(room.localParticipant?.attributes).toEqual({ role: 'attendee' });

    const second = await join('duo', 'Second');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('room_full');

    await room.disconnect();
    // The seat frees once the SFU has seen the participant leave.
    let third = await join('duo', 'Third');
    for (let i = 0; i < 50 && third.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 100));
      third = await join('duo', 'Third');
    }
    expect(third.status).toBe(200);
  });
});
