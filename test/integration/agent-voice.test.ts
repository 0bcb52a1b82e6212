import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceTranscriptDto } from '../../common/voice.ts';
import { encodeWav, FestivalTts } from '../../server/speech/index.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { createRoom, join, type Person } from './qa-helpers.ts';

// Speech in: a push-to-talk recording posted by a joined person comes back as text to confirm.
// Real parts: the app server, Festival to speak the question, Silero VAD and pocketsphinx to hear it.

let podium: TestPodium;
let asker: Person;
const tts = new FestivalTts();

async function post(person: Person, roomId: string, body: Uint8Array, type = 'audio/wav') {
  const res = await person.fetch(`/api/rooms/${roomId}/voice-question`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: new Blob([body as BlobPart]),
  });
  return {
    status: res.status,
    body: (await res.json()) as VoiceTranscriptDto & { error?: { code: string } },
  };
}

beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_TWIN: 'marisol-quennell' } });
  // A meeting room: the twin does not join it, so this suite is about speech in alone.
  await createRoom(podium, { id: 'voice-room', kind: 'meeting' });
  asker = await join(podium, 'voice-room', 'Ada');
}, 60_000);

afterAll(async () => {
  await tts.close();
  await podium?.close();
});

describe('voice questions', () => {
  it('turns a spoken question into text the asker can confirm', async () => {
    const seg = await tts.synthesize('What is our policy on hybrid work?');
    // Half a second of silence either side, as a push-to-talk recording has.
    const pad = new Int16Array(24_000);
    const pcm = new Int16Array(pad.length * 2 + seg.pcm.length);
    pcm.set(seg.pcm, pad.length);
    const res = await post(asker, 'voice-room', encodeWav(pcm, seg.sampleRateHz));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.provider).toBe('pocketsphinx');
    const words = res.body.text.toLowerCase();
    for (const w of ['policy', 'hybrid', 'work']) expect(words).toContain(w);
    expect(res.body.words.length).toBeGreaterThanOrEqual(4);
    // Word times refer to the recording, so they start after the leading silence.
    expect(res.body.words[0]!.startMs).toBeGreaterThanOrEqual(400);
    expect(res.body.speechMs).toBeGreaterThan(500);
  });

  it('says clearly when nobody spoke, and refuses what is not a WAV recording', async () => {
    const silence = await post(asker, 'voice-room', encodeWav(new Int16Array(16_000 * 2), 16_000));
    expect(silence.status).toBe(422);
    expect(silence.body.error?.code).toBe('no_speech');

    const junk = await post(asker, 'voice-room', new TextEncoder().encode('RIFF nonsense'));
    expect(junk.status).toBe(400);
    expect(junk.body.error?.code).toBe('bad_audio');

    const wrongType = await post(asker, 'voice-room', new Uint8Array(10), 'text/plain');
    expect(wrongType.status).toBe(415);

    const tooLong = await post(asker, 'voice-room', encodeWav(new Int16Array(16_000 * 31), 16_000));
    expect(tooLong.status).toBe(413);
  });

  it('needs a session for the room', async () => {
    const res = await fetch(new URL('/api/rooms/voice-room/voice-question', podium.url), {
      method: 'POST',
      headers: { 'content-type': 'audio/wav' },
      body: new Blob([encodeWav(new Int16Array(100), 16_000) as BlobPart]),
    });
    expect(res.status).toBe(401);
    const other = await post(asker, 'town-hall', encodeWav(new Int16Array(100), 16_000));
    expect(other.status).toBe(403);
    expect(other.body.error?.code).toBe('wrong_room');
  });

  it('limits how often one person may send recordings', async () => {
    const limited = await join(podium, 'voice-room', 'Grace');
    const silence = encodeWav(new Int16Array(1_600), 16_000);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(limited, 'voice-room', silence)).status);
    expect(statuses.filter((s) => s === 422)).toHaveLength(6);
    expect(statuses.slice(6)).toEqual([429, 429]);
  });
});

describe('voice questions without the twin', () => {
  it('answers 503 with a clear message', async () => {
    const plain = await startTestServer();
    try {
      await createRoom(plain, { id: 'quiet', kind: 'meeting' });
      const p = await join(plain, 'quiet', 'Lin');
      const res = await post(p, 'quiet', encodeWav(new Int16Array(100), 16_000));
      expect(res.status).toBe(503);
      expect(res.body.error?.code).toBe('voice_unavailable');
    } finally {
      await plain.close();
    }
  });
});
