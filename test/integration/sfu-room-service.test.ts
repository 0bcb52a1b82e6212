/**
 * Every RoomService method through livekit-server-sdk's real RoomServiceClient against the
 * embedded SFU, with grants and Twirp errors.
 */
import { DataPacket, DataPacket_Kind, DisconnectReason, TrackSource } from '@livekit/protocol';
import { RoomServiceClient, TwirpError } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mintToken,
  startSfuServer,
  TEST_API_KEY,
  TEST_API_SECRET,
  waitFor,
  type SfuTestServer,
} from '../helpers/sfu-server.ts';
import { RawSignalClient, WeriftParticipant } from '../helpers/sfu-werift-client.ts';

let srv: SfuTestServer;
let svc: RoomServiceClient;
const clients: Array<{ close(): unknown }> = [];

async function raw(identity: string, room: string, grant = {}): Promise<RawSignalClient> {
  const c = await RawSignalClient.connect(srv.wsUrl, await srv.token(identity, room, grant));
  clients.push(c);
  await c.join();
  return c;
}

async function twirpError(p: Promise<unknown>): Promise<TwirpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TwirpError) return err;
    throw err;
  }
  throw new Error('expected a Twirp error');
}

beforeAll(async () => {
  srv = await startSfuServer();
  svc = new RoomServiceClient(srv.httpUrl, TEST_API_KEY, TEST_API_SECRET);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await srv?.close();
});

describe('RoomService (Twirp) with livekit-server-sdk', () => {
  it('creates, lists and updates rooms', async () => {
    const created = await svc.createRoom({
      name: 'town-hall',
      emptyTimeout: 60,
      maxParticipants: 50,
      metadata: 'v1',
    });
    expect(created.name).toBe('town-hall');
    expect(created.sid).toMatch(/^RM_/);
    expect(created.metadata).toBe('v1');
    expect(created.maxParticipants).toBe(50);
    // Creating again returns the same room.
    expect((await svc.createRoom({ name: 'town-hall' })).sid).toBe(created.sid);
    await svc.createRoom({ name: 'side-room' });
    const all = await svc.listRooms();
    expect(all.map((r) => r.name).sort()).toEqual(['side-room', 'town-hall']);
    const some = await svc.listRooms(['side-room']);
    expect(some.map((r) => r.name)).toEqual(['side-room']);

    const member = await raw('listener', 'town-hall');
    const updated = await svc.updateRoomMetadata('town-hall', '{"phase":"qa"}');
    expect(updated.metadata).toBe('{"phase":"qa"}');
    const roomUpdate = await member.next('roomUpdate', 10_000, (u) => u.room?.metadata === '{"phase":"qa"}');
    expect(roomUpdate.room?.name).toBe('town-hall');
    expect((await svc.listRooms(['town-hall']))[0]?.numParticipants).toBe(1);
  });

  it('lists, gets and updates participants', async () => {
    const alice = await raw('alice', 'people');
    const bob = await raw('bob', 'people');
    const list = await svc.listParticipants('people');
    expect(list.map((p) => p.identity).sort()).toEqual(['alice', 'bob']);
    const got = await svc.getParticipant('people', 'alice');
    expect(got.sid).toMatch(/^PA_/);

    const info = await svc.updateParticipant('people', 'alice', {
      metadata: '{"role":"host"}',
      name: 'Alice A.',
      attributes: { seat: 'stage' },
      permission: {
        canPublish: true,
        canSubscribe: true,
        canPublishData: true,
        canPublishSources: [TrackSource.MICROPHONE],
      },
    });
    expect(info.metadata).toBe('{"role":"host"}');
    expect(info.name).toBe('Alice A.');
    expect(info.attributes).toEqual({ seat: 'stage' });
    expect(info.permission?.canPublishSources).toEqual([TrackSource.MICROPHONE]);
    // Both alice herself and bob are told.
    await bob.next('update', 10_000, (u) =>
      u.participants.some((p) => p.identity === 'alice' && p.name === 'Alice A.'),
    );
    await alice.next('update', 10_000, (u) =>
      u.participants.some((p) => p.identity === 'alice' && p.permission?.canPublishSources.length === 1),
    );
    // Attributes merge; an empty value deletes.
    const merged = await svc.updateParticipant('people', 'alice', { attributes: { mood: 'calm', seat: '' } });
    expect(merged.attributes).toEqual({ mood: 'calm' });
  });

  it('mutes a published track and refuses remote unmute', async () => {
    const pub = await WeriftParticipant.join(srv.wsUrl, await srv.token('speaker', 'mute-room'));
    clients.push(pub);
    const { sid } = await pub.publishAudio();
    await waitFor(
      'the track to be published',
      async () => (await svc.getParticipant('mute-room', 'speaker')).tracks.length === 1,
    );
    const track = await svc.mutePublishedTrack('mute-room', 'speaker', sid, true);
    expect(track?.muted).toBe(true);
    const mute = await pub.signal.next('mute', 10_000, (m) => m.sid === sid);
    expect(mute.muted).toBe(true);
    const err = await twirpError(svc.mutePublishedTrack('mute-room', 'speaker', sid, false));
    expect(err.code).toBe('failed_precondition');
    const missing = await twirpError(svc.mutePublishedTrack('mute-room', 'speaker', 'TR_nope', true));
    expect(missing.code).toBe('not_found');
  });

  it('sends server data only to the chosen participants, as the server', async () => {
    const a = await WeriftParticipant.join(srv.wsUrl, await srv.token('dest-a', 'send-data'));
    const b = await WeriftParticipant.join(srv.wsUrl, await srv.token('dest-b', 'send-data'));
    clients.push(a, b);
    const got: Record<string, DataPacket[]> = { a: [], b: [] };
    a.reliable.onMessage.subscribe((d) => got.a!.push(DataPacket.fromBinary(d as Buffer)));
    b.reliable.onMessage.subscribe((d) => got.b!.push(DataPacket.fromBinary(d as Buffer)));
    await svc.sendData('send-data', new TextEncoder().encode('for a'), DataPacket_Kind.RELIABLE, {
      destinationIdentities: ['dest-a'],
      topic: 'podium.qa',
    });
    await svc.sendData('send-data', new TextEncoder().encode('for all'), DataPacket_Kind.RELIABLE, {});
    await waitFor('b to get the broadcast', () => got.b!.length > 0);
    await waitFor('a to get both', () => got.a!.length === 2);
    const first = got.a![0]!;
    expect(first.participantIdentity).toBe('');
    expect(first.participantSid).toBe('');
    expect(first.value.case).toBe('user');
    if (first.value.case === 'user') {
      expect(new TextDecoder().decode(first.value.value.payload)).toBe('for a');
      expect(first.value.value.topic).toBe('podium.qa');
    }
    expect(
      got.b!.map((p) => (p.value.case === 'user' ? new TextDecoder().decode(p.value.value.payload) : '')),
    ).toEqual(['for all']);
  });

  it('updates subscriptions for a participant', async () => {
    const pub = await WeriftParticipant.join(srv.wsUrl, await srv.token('up-pub', 'subs'));
    const sub = await WeriftParticipant.join(srv.wsUrl, await srv.token('up-sub', 'subs'));
    clients.push(pub, sub);
    const { sid } = await pub.publishAudio();
    await sub.signal.next('answer', 15_000, (a) => Object.values(a.midToTrackId).includes(sid));
    await svc.updateSubscriptions('subs', 'up-sub', [sid], false);
    // The next answer no longer maps any section to the track.
    await sub.signal.next('answer', 15_000, (a) => !Object.values(a.midToTrackId).includes(sid));
  });

  it('removes a participant and deletes a room', async () => {
    const gone = await raw('gone', 'rm');
    const stays = await raw('stays', 'rm');
    await svc.removeParticipant('rm', 'gone');
    const leave = await gone.next('leave');
    expect(leave.reason).toBe(DisconnectReason.PARTICIPANT_REMOVED);
    await gone.closed();
    await stays.next('update', 10_000, (u) =>
      u.participants.some((p) => p.identity === 'gone' && p.state === 3),
    );
    expect((await svc.listParticipants('rm')).map((p) => p.identity)).toEqual(['stays']);

    await svc.deleteRoom('rm');
    expect((await stays.next('leave')).reason).toBe(DisconnectReason.ROOM_DELETED);
    await stays.closed();
    expect((await svc.listRooms(['rm'])).length).toBe(0);
    expect((await twirpError(svc.deleteRoom('rm'))).code).toBe('not_found');
  });

  it('answers unknown rooms and participants with not_found', async () => {
    const e1 = await twirpError(svc.listParticipants('no-such-room'));
    expect(e1.code).toBe('not_found');
    expect(e1.status).toBe(404);
    await svc.createRoom({ name: 'empty' });
    const e2 = await twirpError(svc.getParticipant('empty', 'nobody'));
    expect(e2.code).toBe('not_found');
    const e3 = await twirpError(svc.removeParticipant('empty', 'nobody'));
    expect(e3.code).toBe('not_found');
  });

  it('checks the service token grants', async () => {
    const withToken = async (
      grant: object,
      key = TEST_API_KEY,
      secret = TEST_API_SECRET,
    ): Promise<RoomServiceClient> =>
      new RoomServiceClient(srv.httpUrl, undefined, undefined, {
        token: await mintToken('svc', grant, { apiKey: key, apiSecret: secret }),
      });
    const noList = await withToken({ roomCreate: true });
    expect((await twirpError(noList.listRooms())).code).toBe('permission_denied');
    const otherRoom = await withToken({ roomAdmin: true, room: 'elsewhere' });
    const denied = await twirpError(otherRoom.listParticipants('town-hall'));
    expect(denied.code).toBe('permission_denied');
    expect(denied.status).toBe(403);
    const noCreate = await withToken({ roomList: true });
    expect((await twirpError(noCreate.createRoom({ name: 'x' }))).code).toBe('permission_denied');
    expect((await twirpError(noCreate.deleteRoom('town-hall'))).code).toBe('permission_denied');
    const forged = await withToken(
      { roomList: true },
      TEST_API_KEY,
      'not-the-secret-0123456789012345678901234',
    );
    const unauth = await twirpError(forged.listRooms());
    expect(unauth.code).toBe('unauthenticated');
    expect(unauth.status).toBe(401);
    const noToken = await fetch(`${srv.httpUrl}/twirp/livekit.RoomService/ListRooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('rejects bad routes and bodies with Twirp errors', async () => {
    const token = await mintToken('svc', { roomList: true, roomCreate: true });
    const post = (method: string, body: string, type = 'application/json'): Promise<Response> =>
      fetch(`${srv.httpUrl}/twirp/livekit.RoomService/${method}`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${token}` },
        body,
      });
    const badRoute = await post('DropTables', '{}');
    expect(badRoute.status).toBe(404);
    expect(await badRoute.json()).toMatchObject({ code: 'bad_route' });
    const badJson = await post('ListRooms', '{not json');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ code: 'malformed' });
    const badType = await post('ListRooms', 'x', 'text/plain');
    expect(badType.status).toBe(400);
    const noName = await post('CreateRoom', '{}');
    expect(noName.status).toBe(400);
    expect(await noName.json()).toMatchObject({ code: 'invalid_argument' });
    const huge = await post(
      'CreateRoom',
      JSON.stringify({ name: 'big', metadata: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect(huge.status).toBe(400);
  });

  it('enforces maxParticipants at join', async () => {
    await svc.createRoom({ name: 'tiny', maxParticipants: 1 });
    await raw('first', 'tiny');
    const err = await RawSignalClient.connect(srv.wsUrl, await srv.token('second', 'tiny')).then(
      () => undefined,
      (e: Error & { status?: number }) => e,
    );
    expect(err?.status).toBe(403);
    expect(err?.message).toContain('room is full');
  });
});
