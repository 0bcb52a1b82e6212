/**
 * Hostile input closes only the offending connection: malformed protobuf, oversized and text
 * frames, signal and data floods, garbage data packets and forged sender identities — while two
 * rtc-node participants keep hearing each other and exchanging data.
 */
import { DataPacket, DataPacket_Kind, DisconnectReason, Ping, UserPacket } from '@livekit/protocol';
import { RoomEvent, dispose, type Room } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnergyMeter, joinNode, publishSine, type SineTone } from '../helpers/sfu-rtc-node.ts';
import { startSfuServer, waitFor, type SfuTestServer } from '../helpers/sfu-server.ts';
import { RawSignalClient, WeriftParticipant } from '../helpers/sfu-werift-client.ts';

const ROOM = 'hostile';
const HEARD_RMS = 1000;

let srv: SfuTestServer;
let alice: Room;
let bob: Room;
let aliceHears: EnergyMeter;
let bobHears: EnergyMeter;
const tones: SineTone[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

/** Proves the well-behaved pair still talks: fresh energy both ways and a data round trip. */
async function stillTalking(tag: string): Promise<void> {
  aliceHears.reset('h-bob');
  bobHears.reset('h-alice');
  await waitFor(`${tag}: bob hears alice`, () => bobHears.level('h-alice') > HEARD_RMS, 30_000);
  await waitFor(`${tag}: alice hears bob`, () => aliceHears.level('h-bob') > HEARD_RMS, 30_000);
  let got = false;
  const handler = (payload: Uint8Array): void => {
    if (new TextDecoder().decode(payload) === tag) got = true;
  };
  bob.on(RoomEvent.DataReceived, handler);
  await alice.localParticipant!.publishData(new TextEncoder().encode(tag), { reliable: true });
  await waitFor(`${tag}: bob gets data`, () => got);
  bob.off(RoomEvent.DataReceived, handler);
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  srv = await startSfuServer({
    emptyRoomTimeoutMs: 300,
    limits: {
      maxSignalMessageBytes: 64 * 1024,
      signalRatePerSec: 20,
      signalBurst: 50,
      dataRatePerSec: 100,
      dataBurst: 200,
    },
  });
  alice = await joinNode(srv.wsUrl, await srv.token('h-alice', ROOM));
  bob = await joinNode(srv.wsUrl, await srv.token('h-bob', ROOM));
  aliceHears = new EnergyMeter(alice);
  bobHears = new EnergyMeter(bob);
  tones.push(await publishSine(alice, 440), await publishSine(bob, 550));
  await stillTalking('baseline');
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  for (const t of tones) await t.stop();
  await alice?.disconnect();
  await bob?.disconnect();
  await srv?.close();
  await dispose();
});

async function intruder(identity: string): Promise<RawSignalClient> {
  const c = await RawSignalClient.connect(srv.wsUrl, await srv.token(identity, ROOM));
  await c.join();
  return c;
}

describe('hostile input', () => {
  it('closes a connection that sends malformed protobuf (1007)', async () => {
    const c = await intruder('garbler');
    c.sendBytes(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]));
    expect(await c.closed()).toBe(1007);
    await stillTalking('after-garbage');
  });

  it('closes a connection that sends an oversized message (1009)', async () => {
    const c = await intruder('bloater');
    c.sendBytes(Buffer.alloc(200 * 1024, 1));
    expect(await c.closed()).toBe(1009);
    await stillTalking('after-oversize');
  });

  it('closes a connection that sends text frames (1003)', async () => {
    const c = await intruder('texter');
    c.sendBytes('{"offer":{}}');
    expect(await c.closed()).toBe(1003);
  });

  it('closes a connection that floods signal messages (1008)', async () => {
    const c = await intruder('flooder');
    const ping = new Ping({ timestamp: 1n });
    for (let i = 0; i < 500; i++) c.send({ case: 'pingReq', value: ping });
    expect(await c.closed()).toBe(1008);
    await stillTalking('after-signal-flood');
    expect(srv.sfu.stats().participants).toBe(2);
  });

  it('survives a bogus offer and a garbage ICE candidate without dropping anyone', async () => {
    const c = await intruder('sdp-garbler');
    const errors: string[] = [];
    const onError = (e: Error): void => void errors.push(e.message);
    srv.sfu.events.on('error', onError);
    c.send({ case: 'offer', value: { type: 'offer', sdp: 'v=0\r\nthis is not sdp', id: 1 } as never });
    c.send({ case: 'trickle', value: { candidateInit: '{not json', target: 0, final: false } as never });
    await waitFor('the bad candidate to be reported', () => errors.some((m) => m.includes('candidate')));
    srv.sfu.events.off('error', onError);
    await stillTalking('after-bad-sdp');
    expect(c.closeCode).toBeUndefined();
    c.close();
  });

  it('disconnects a participant that sends garbage data packets, and only it', async () => {
    const w = await WeriftParticipant.join(srv.wsUrl, await srv.token('dc-garbler', ROOM));
    try {
      for (let i = 0; i < 40; i++) w.reliable.send(Buffer.from([0xde, 0xad, 0xbe, 0xef, i]));
      const leave = await w.signal.next('leave', 20_000);
      expect(leave.canReconnect).toBe(false);
      await stillTalking('after-data-garbage');
    } finally {
      await w.close();
    }
  });

  it('disconnects a participant that floods data, and only it', async () => {
    const w = await WeriftParticipant.join(srv.wsUrl, await srv.token('dc-flooder', ROOM));
    try {
      const packet = new DataPacket({
        kind: DataPacket_Kind.LOSSY,
        value: { case: 'user', value: new UserPacket({ payload: new Uint8Array(100) }) },
      }).toBinary();
      // Ten times the allowed rate, paced so werift's own SCTP stack keeps up.
      const pump = setInterval(() => {
        for (let i = 0; i < 10; i++) if (w.lossy.bufferedAmount < 20_000) w.lossy.send(Buffer.from(packet));
      }, 10);
      try {
        await w.signal.next('leave', 20_000);
      } finally {
        clearInterval(pump);
      }
      await stillTalking('after-data-flood');
    } finally {
      await w.close();
    }
  });

  it('overwrites a forged sender identity on relayed data', async () => {
    const w = await WeriftParticipant.join(srv.wsUrl, await srv.token('forger', ROOM));
    try {
      const seen: Array<{ from: string | undefined; text: string }> = [];
      const handler = (payload: Uint8Array, p?: { identity: string }): void => {
        seen.push({ from: p?.identity, text: new TextDecoder().decode(payload) });
      };
      bob.on(RoomEvent.DataReceived, handler);
      await waitFor('bob to see the forger', () => bob.remoteParticipants.has('forger'));
      const forged = new DataPacket({
        kind: DataPacket_Kind.RELIABLE,
        participantIdentity: 'h-alice',
        participantSid: 'PA_fake',
        sequence: 999_999,
        value: {
          case: 'user',
          value: new UserPacket({
            participantIdentity: 'h-alice',
            payload: new TextEncoder().encode('i am alice'),
          }),
        },
      });
      w.reliable.send(Buffer.from(forged.toBinary()));
      await waitFor('bob to get the forged packet', () => seen.some((s) => s.text === 'i am alice'));
      expect(seen.find((s) => s.text === 'i am alice')?.from).toBe('forger');
      bob.off(RoomEvent.DataReceived, handler);
      // A second packet still arrives: the forged sequence did not poison de-duplication.
      await stillTalking('after-forgery');
    } finally {
      await w.close();
    }
  });

  it('removes a participant that stops pinging', async () => {
    const silent = await intruder('silent');
    const leave = await silent.next('leave', 40_000);
    expect(leave.reason).toBe(DisconnectReason.CONNECTION_TIMEOUT);
    await silent.closed();
  }, 60_000);

  it('never left a promise unhandled, and cleans up the intruders', async () => {
    expect(unhandled).toEqual([]);
    await waitFor('only the two well-behaved participants to remain', () => {
      const s = srv.sfu.stats();
      return s.participants === 2 && s.signalConnections === 2 && s.peerConnections === 2;
    });
  });
});
