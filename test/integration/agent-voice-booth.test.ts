import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  TrackPublishOptions,
  TrackSource,
  type Room,
} from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceAskDto, VoiceTranscriptDto } from '../../common/voice.ts';
import { FestivalTts } from '../../server/speech/index.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { EnergyMeter, joinNode } from '../helpers/sfu-rtc-node.ts';
import { createRoom, join, type Person } from './qa-helpers.ts';

// Speech in through a booth: the asker publishes the microphone into a private LiveKit room where the
// twin listens (rtc-node), finishes, and gets the transcript. Real parts: the app server, the embedded
// SFU, rtc-node on both sides, Festival to speak, Silero VAD and pocketsphinx to hear.

let podium: TestPodium;
let rooms: RoomServiceClient;
const tts = new FestivalTts();
const ROOM = 'booth-room';
type ErrorBody = { error?: { code: string } };

async function openAsk(person: Person) {
  return person.call<VoiceAskDto & ErrorBody>('POST', `/api/rooms/${ROOM}/voice-ask`);
}
async function finishAsk(person: Person, askId: string) {
  return person.call<VoiceTranscriptDto & ErrorBody>('POST', `/api/rooms/${ROOM}/voice-ask/${askId}/finish`);
}
async function boothNames(): Promise<string[]> {
  return (await rooms.listRooms()).map((r) => r.name).filter((n) => n.includes('.ask.'));
}

/** Publishes `pcm` as a microphone track in real time (10 ms frames), then unpublishes it. */
async function speak(room: Room, pcm: Int16Array, sampleRateHz: number): Promise<void> {
  const source = new AudioSource(sampleRateHz, 1);
  const track = LocalAudioTrack.createAudioTrack('mic', source);
  const lp = room.localParticipant!;
  const pub = await lp.publishTrack(
    track,
    new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
  );
  const frame = sampleRateHz / 100;
  for (let at = 0; at < pcm.length; at += frame) {
    const data = new Int16Array(frame);
    data.set(pcm.subarray(at, Math.min(pcm.length, at + frame)));
    await source.captureFrame(new AudioFrame(data, sampleRateHz, 1, frame));
  }
  await source.waitForPlayout();
  await lp.unpublishTrack(pub.sid!);
  await source.close();
}

beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_TWIN: 'marisol-quennell' } });
  const media = podium.config.media;
  if (media.mode !== 'embedded') throw new Error('needs the embedded SFU');
  rooms = new RoomServiceClient(podium.url, media.apiKey, media.apiSecret);
  // A meeting room: the twin does not join it, so this suite is about speech in alone.
  await createRoom(podium, { id: ROOM, kind: 'meeting' });
}, 60_000);

afterAll(async () => {
  await tts.close();
  await podium?.close();
});

describe('voice questions through a booth', () => {
  it('transcribes what the asker published into the booth, which nobody else hears', async () => {
    const asker = await join(podium, ROOM, 'Ada');
    const other = await join(podium, ROOM, 'Bo');
    const otherRoom = await joinNode(other.livekit.url, other.livekit.token);
    const otherHears = new EnergyMeter(otherRoom);
    // An attendee's token is for the all-hands room only: it can never take them into a booth.
    expect(otherRoom.name).toBe(ROOM);
    const opened = await openAsk(asker);
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const { askId, livekit } = opened.body;
    expect(await boothNames()).toEqual([`${ROOM}.ask.${askId}`]);
    // Booth rooms are not app rooms: app room ids have no dots, so no booth name is one.
    expect((await other.call('GET', `/api/rooms/${ROOM}.ask.${askId}`)).status).toBe(400);
    const appRooms = await fetch(new URL('/api/admin/rooms', podium.url), { headers: podium.adminHeaders });
    expect(await appRooms.text()).not.toContain('.ask.');

    // The twin is in the booth, listen-only, marked as AI.
    const inBooth = await rooms.listParticipants(`${ROOM}.ask.${askId}`);
    expect(inBooth.map((p) => p.identity)).toEqual(['twin-marisol-quennell']);
    expect(inBooth[0]!.attributes['podium.ai']).toBe('true');
    expect(inBooth[0]!.permission?.canPublish).toBe(false);

    // Someone else may not finish or cancel another person's ask.
    expect((await finishAsk(other, askId)).status).toBe(404);
    expect((await other.call('DELETE', `/api/rooms/${ROOM}/voice-ask/${askId}`)).status).toBe(404);

    const booth = await joinNode(livekit.url, livekit.token);
    try {
      expect(booth.name).toBe(`${ROOM}.ask.${askId}`);
      const seg = await tts.synthesize('What is our policy on hybrid work?');
      const pad = new Int16Array(Math.round(seg.sampleRateHz / 2));
      const pcm = new Int16Array(pad.length * 2 + seg.pcm.length);
      pcm.set(seg.pcm, pad.length);
      await speak(booth, pcm, seg.sampleRateHz);
    } finally {
      await booth.disconnect();
    }
    const res = await finishAsk(asker, askId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.provider).toBe('pocketsphinx');
    const words = res.body.text.toLowerCase();
    for (const w of ['policy', 'hybrid', 'work']) expect(words).toContain(w);
    expect(res.body.speechMs).toBeGreaterThan(500);

    // The booth is gone, and the other attendee never received the asker's audio.
    expect(await boothNames()).toEqual([]);
    expect(otherHears.subscribedFrom.has(asker.identity)).toBe(false);
    expect((await finishAsk(asker, askId)).status).toBe(404);
    await otherRoom.disconnect();
  }, 60_000);

  it('answers 422 when nobody spoke, and a booth nobody finishes closes itself', async () => {
    const asker = await join(podium, ROOM, 'Cy');
    const quiet = await openAsk(asker);
    expect(quiet.status).toBe(201);
    const booth = await joinNode(quiet.body.livekit.url, quiet.body.livekit.token);
    await speak(booth, new Int16Array(16_000), 16_000);
    await booth.disconnect();
    const silent = await finishAsk(asker, quiet.body.askId);
    expect(silent.status).toBe(422);
    expect(silent.body.error?.code).toBe('no_speech');

    // Finished before anything was published: nothing heard, after a short grace.
    const never = await openAsk(asker);
    const nothing = await finishAsk(asker, never.body.askId);
    expect(nothing.status).toBe(422);
    expect(nothing.body.error?.code).toBe('no_speech');

    const asks = (await podium.twin())!.voice.asks!;
    asks.idleTimeoutMs = 1_000;
    try {
      const idle = await openAsk(asker);
      expect(idle.status).toBe(201);
      expect(await boothNames()).toHaveLength(1);
      await expect.poll(boothNames, { timeout: 10_000, interval: 200 }).toEqual([]);
      expect((await finishAsk(asker, idle.body.askId)).status).toBe(404);
    } finally {
      asks.idleTimeoutMs = 45_000;
    }

    // Cancel closes the booth at once; one open ask per person (a new one replaces the old).
    const first = await openAsk(asker);
    const second = await openAsk(asker);
    expect(second.status).toBe(201);
    expect(await boothNames()).toEqual([`${ROOM}.ask.${second.body.askId}`]);
    expect((await finishAsk(asker, first.body.askId)).status).toBe(404);
    expect((await asker.call('DELETE', `/api/rooms/${ROOM}/voice-ask/${second.body.askId}`)).status).toBe(
      204,
    );
    expect(await boothNames()).toEqual([]);
  }, 60_000);

  it('needs a session for the room and limits how often one person asks', async () => {
    const anon = await fetch(new URL(`/api/rooms/${ROOM}/voice-ask`, podium.url), { method: 'POST' });
    expect(anon.status).toBe(401);
    const p = await join(podium, ROOM, 'Di');
    const wrong = await p.call<ErrorBody>('POST', '/api/rooms/elsewhere/voice-ask');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error?.code).toBe('wrong_room');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await openAsk(p);
      statuses.push(res.status);
      if (res.status === 201) await p.call('DELETE', `/api/rooms/${ROOM}/voice-ask/${res.body.askId}`);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
    expect(await boothNames()).toEqual([]);
  }, 60_000);
});

describe('voice questions through a booth without the twin', () => {
  it('answers 503 voice_unavailable', async () => {
    const plain = await startTestServer();
    try {
      await createRoom(plain, { id: 'quiet', kind: 'meeting' });
      const p = await join(plain, 'quiet', 'Lin');
      const res = await p.call<ErrorBody>('POST', '/api/rooms/quiet/voice-ask');
      expect(res.status).toBe(503);
      expect(res.body.error?.code).toBe('voice_unavailable');
    } finally {
      await plain.close();
    }
  });
});
