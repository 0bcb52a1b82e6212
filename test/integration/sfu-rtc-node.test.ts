/**
 * The embedded SFU against the real @livekit/rtc-node SDK: audio both ways (measured as decoded
 * energy), data, text streams, metadata, live permission changes and removal.
 */
import { DataPacketKind, DisconnectReason, RoomEvent, dispose, type Room } from '@livekit/rtc-node';
import { DataPacket_Kind, TrackSource } from '@livekit/protocol';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnergyMeter, joinNode, publishSine, type SineTone } from '../helpers/sfu-rtc-node.ts';
import {
  startSfuServer,
  TEST_API_KEY,
  TEST_API_SECRET,
  waitFor,
  type SfuTestServer,
} from '../helpers/sfu-server.ts';

/** RMS (int16) a 8000-amplitude sine reliably exceeds after Opus; silence stays near 0. */
const HEARD_RMS = 1000;

let srv: SfuTestServer;
let svc: RoomServiceClient;
const rooms: Room[] = [];
const tones: SineTone[] = [];

async function join(identity: string, room: string, grant = {}, opts = {}): Promise<Room> {
  const r = await joinNode(srv.wsUrl, await srv.token(identity, room, grant, opts));
  rooms.push(r);
  return r;
}

async function tone(room: Room, hz: number): Promise<SineTone> {
  const t = await publishSine(room, hz);
  tones.push(t);
  return t;
}

beforeAll(async () => {
  srv = await startSfuServer({ emptyRoomTimeoutMs: 300 });
  svc = new RoomServiceClient(srv.httpUrl, TEST_API_KEY, TEST_API_SECRET);
});

afterAll(async () => {
  for (const t of tones) await t.stop();
  for (const r of rooms) await r.disconnect().catch(() => undefined);
  await srv?.close();
  await dispose();
});

describe('embedded SFU with @livekit/rtc-node', () => {
  it('lets two participants hear each other (decoded energy)', async () => {
    const alice = await join('alice', 'audio');
    const bob = await join('bob', 'audio');
    const aliceHears = new EnergyMeter(alice);
    const bobHears = new EnergyMeter(bob);
    // Nothing is published yet: nothing to hear.
    expect(aliceHears.level('bob')).toBe(0);
    await tone(alice, 440);
    await tone(bob, 660);
    await waitFor('bob to hear alice', () => bobHears.level('alice') > HEARD_RMS, 30_000);
    await waitFor('alice to hear bob', () => aliceHears.level('bob') > HEARD_RMS, 30_000);
    const stats = srv.sfu.stats();
    expect(stats.publishedTracks).toBe(2);
    expect(stats.subscriptions).toBe(2);
  });

  it('stamps the real sender on reliable, lossy and targeted data', async () => {
    const a = await join('d-alice', 'data');
    const b = await join('d-bob', 'data');
    const c = await join('d-carol', 'data');
    const got: Record<
      string,
      Array<{
        from: string | undefined;
        text: string;
        kind: DataPacketKind | undefined;
        topic: string | undefined;
      }>
    > = {
      bob: [],
      carol: [],
    };
    for (const [name, r] of [
      ['bob', b],
      ['carol', c],
    ] as const) {
      r.on(RoomEvent.DataReceived, (payload, participant, kind, topic) => {
        got[name]!.push({
          from: participant?.identity,
          text: new TextDecoder().decode(payload),
          kind,
          topic,
        });
      });
    }
    await waitFor(
      'everyone to see everyone',
      () => a.remoteParticipants.size === 2 && b.remoteParticipants.size === 2,
    );
    const lp = a.localParticipant!;
    await lp.publishData(new TextEncoder().encode('hello reliable'), { reliable: true, topic: 'chat' });
    // Lossy packets may be dropped by design; send a few and expect at least one.
    for (let i = 0; i < 5; i++)
      await lp.publishData(new TextEncoder().encode('hello lossy'), { reliable: false });
    await lp.publishData(new TextEncoder().encode('only carol'), {
      reliable: true,
      destination_identities: ['d-carol'],
    });
    await waitFor('carol to get the targeted packet', () => got.carol!.some((m) => m.text === 'only carol'));
    await waitFor(
      'bob to get reliable and lossy',
      () =>
        got.bob!.some((m) => m.text === 'hello reliable') && got.bob!.some((m) => m.text === 'hello lossy'),
    );
    const reliable = got.bob!.find((m) => m.text === 'hello reliable')!;
    expect(reliable.from).toBe('d-alice');
    expect(reliable.topic).toBe('chat');
    expect(reliable.kind).toBe(DataPacketKind.KIND_RELIABLE);
    expect(got.bob!.find((m) => m.text === 'hello lossy')!.kind).toBe(DataPacketKind.KIND_LOSSY);
    // Targeted data reaches only its destination.
    await lp.publishData(new TextEncoder().encode('marker'), { reliable: true });
    await waitFor('bob to get the marker', () => got.bob!.some((m) => m.text === 'marker'));
    expect(got.bob!.some((m) => m.text === 'only carol')).toBe(false);
  });

  it('relays text streams (lk.transcription) with the sender identity', async () => {
    const a = await join('t-alice', 'text');
    const b = await join('t-bob', 'text');
    const received: Array<{ from: string; text: string }> = [];
    b.registerTextStreamHandler('lk.transcription', (reader, info) => {
      void reader.readAll().then((text) => received.push({ from: info.identity, text }));
    });
    await waitFor('bob to see alice', () => b.remoteParticipants.size === 1);
    const long = 'caption '.repeat(4000); // several chunks
    await a.localParticipant!.sendText(long, { topic: 'lk.transcription' });
    await waitFor('bob to read the stream', () => received.length > 0);
    expect(received[0]).toEqual({ from: 't-alice', text: long });
  });

  it('delivers server SendData as a server packet (no sender identity)', async () => {
    const b = await join('s-bob', 'server-data');
    const got: Array<{ from: string | undefined; topic: string | undefined; text: string }> = [];
    b.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
      got.push({ from: participant?.identity, topic, text: new TextDecoder().decode(payload) });
    });
    await svc.sendData('server-data', new TextEncoder().encode('from server'), DataPacket_Kind.RELIABLE, {
      topic: 'podium.qa',
    });
    await waitFor('bob to get server data', () => got.length > 0);
    expect(got[0]).toEqual({ from: undefined, topic: 'podium.qa', text: 'from server' });
  });

  it('pushes metadata and attribute changes from the participant and the server', async () => {
    const a = await join('m-alice', 'meta', { canUpdateOwnMetadata: true });
    const b = await join('m-bob', 'meta');
    await waitFor('bob to see alice', () => b.remoteParticipants.get('m-alice'));
    await a.localParticipant!.setAttributes({ seat: 'A1' });
    await waitFor(
      'alice attributes at bob',
      () => b.remoteParticipants.get('m-alice')?.attributes.seat === 'A1',
    );
    await a.localParticipant!.updateMetadata('{"hand":"up"}');
    await waitFor(
      'alice metadata at bob',
      () => b.remoteParticipants.get('m-alice')?.metadata === '{"hand":"up"}',
    );
    // Bob has no canUpdateOwnMetadata grant, but the server may change his metadata.
    await svc.updateParticipant('meta', 'm-bob', { metadata: 'by server', attributes: { role: 'host' } });
    await waitFor('bob metadata at alice', () => a.remoteParticipants.get('m-bob')?.metadata === 'by server');
    expect(a.remoteParticipants.get('m-bob')?.attributes.role).toBe('host');
  });

  it('applies permission changes live: promote to publish, demote unpublishes', async () => {
    const host = await join('p-host', 'perm');
    const hostHears = new EnergyMeter(host);
    const attendee = await join('p-attendee', 'perm', { canPublish: false, canPublishData: false });
    await waitFor('host to see attendee', () => host.remoteParticipants.get('p-attendee'));
    // Listen-only: publishing is refused by the SFU (the SDK gives up after its timeout).
    await expect(publishSine(attendee, 500)).rejects.toThrow();
    expect((await svc.getParticipant('perm', 'p-attendee')).tracks).toHaveLength(0);

    await svc.updateParticipant('perm', 'p-attendee', {
      permission: {
        canPublish: true,
        canSubscribe: true,
        canPublishData: true,
        canPublishSources: [TrackSource.MICROPHONE],
      },
    });
    const attendeeTone = await tone(attendee, 500);
    await waitFor(
      'host to hear the promoted attendee',
      () => hostHears.level('p-attendee') > HEARD_RMS,
      30_000,
    );

    // (rtc-node ignores the SFU's TrackUnpublishedResponse, so only the room's view is checked
    // here; the Chromium suite checks that livekit-client unpublishes locally.)
    let remoteUnpublished = false;
    host.on(RoomEvent.TrackUnpublished, (_pub, p) => (remoteUnpublished ||= p.identity === 'p-attendee'));
    await svc.updateParticipant('perm', 'p-attendee', {
      permission: { canPublish: false, canSubscribe: true, canPublishData: true },
    });
    await waitFor('the host to see the track go', () => remoteUnpublished);
    expect(attendeeTone.publication.sid).toBeTruthy();
    const pi = await svc.getParticipant('perm', 'p-attendee');
    expect(pi.tracks).toHaveLength(0);
    expect(pi.permission?.canPublish).toBe(false);

    // The SDK still sends its tone; the SFU must not forward it to anyone, old or new.
    const late = await join('p-late', 'perm');
    const lateHears = new EnergyMeter(late);
    await waitFor('the late joiner to see the attendee', () => late.remoteParticipants.get('p-attendee'));
    hostHears.reset('p-attendee');
    await new Promise((r) => setTimeout(r, 2_000));
    expect(hostHears.level('p-attendee')).toBeLessThan(HEARD_RMS);
    expect(lateHears.level('p-attendee')).toBe(0);
    expect(lateHears.subscribedFrom.has('p-attendee')).toBe(false);
    expect(late.remoteParticipants.get('p-attendee')?.trackPublications.size).toBe(0);
  });

  it('server mute reaches the publisher and every subscriber', async () => {
    const a = await join('mu-alice', 'mute');
    const b = await join('mu-bob', 'mute');
    const t = await tone(a, 300);
    await waitFor(
      'bob to see the track',
      () => b.remoteParticipants.get('mu-alice')?.trackPublications.size === 1,
    );
    let muted = false;
    b.on(RoomEvent.TrackMuted, (_pub, p) => (muted ||= p.identity === 'mu-alice'));
    const info = await svc.mutePublishedTrack('mute', 'mu-alice', t.publication.sid!, true);
    expect(info?.muted).toBe(true);
    await waitFor('bob to see the mute', () => muted);
  });

  it('unsubscribe and resubscribe reuse the media section', async () => {
    const a = await join('u-alice', 'resub');
    const b = await join('u-bob', 'resub');
    const bobHears = new EnergyMeter(b);
    const t = await tone(a, 350);
    await waitFor('bob to hear alice', () => bobHears.level('u-alice') > HEARD_RMS, 30_000);
    const pub = b.remoteParticipants.get('u-alice')!.trackPublications.get(t.publication.sid!)!;
    let unsubscribed = false;
    b.on(RoomEvent.TrackUnsubscribed, () => (unsubscribed = true));
    pub.setSubscribed(false);
    await waitFor('the track to be unsubscribed', () => unsubscribed);
    bobHears.reset('u-alice');
    pub.setSubscribed(true);
    await waitFor('bob to hear alice again', () => bobHears.level('u-alice') > HEARD_RMS, 30_000);
  });

  it('RemoveParticipant disconnects with PARTICIPANT_REMOVED', async () => {
    const a = await join('r-alice', 'remove');
    const b = await join('r-bob', 'remove');
    let reason: DisconnectReason | undefined;
    b.on(RoomEvent.Disconnected, (r) => (reason = r));
    let aliceSaw = false;
    a.on(RoomEvent.ParticipantDisconnected, (p) => (aliceSaw ||= p.identity === 'r-bob'));
    await svc.removeParticipant('remove', 'r-bob');
    await waitFor('bob to be disconnected', () => reason !== undefined);
    expect(reason).toBe(DisconnectReason.PARTICIPANT_REMOVED);
    await waitFor('alice to see bob leave', () => aliceSaw);
  });

  it('reports active speakers from audio levels', async () => {
    const a = await join('sp-alice', 'speakers');
    const b = await join('sp-bob', 'speakers');
    let speakers: string[] = [];
    b.on(RoomEvent.ActiveSpeakersChanged, (list) => (speakers = list.map((p) => p.identity)));
    await tone(a, 440);
    await waitFor('alice to be an active speaker', () => speakers.includes('sp-alice'), 30_000);
  });

  it('leaves nothing behind once everyone has gone', { timeout: 120_000 }, async () => {
    await Promise.all(tones.splice(0).map((t) => t.stop()));
    await Promise.all(rooms.splice(0).map((r) => r.disconnect().catch(() => undefined)));
    let last = srv.sfu.stats();
    await waitFor('rooms to close and peer connections to be released', () => {
      const s = (last = srv.sfu.stats());
      return (
        s.rooms === 0 &&
        s.participants === 0 &&
        s.peerConnections === 0 &&
        s.signalConnections === 0 &&
        s.subscriptions === 0 &&
        // Only the keepalive sweep remains.
        s.timers === 1
      );
    }).catch((err: unknown) => {
      throw new Error(`${String(err)}; last stats ${JSON.stringify(last)}`);
    });
  });
});
