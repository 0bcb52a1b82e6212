import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSpeechStack,
  decodeWav,
  FallbackTts,
  FestivalTts,
  int16FromBytes,
  OpenAiTts,
  openAiSttFromEnv,
  openAiTtsFromEnv,
  PocketsphinxStt,
  resamplePcm,
} from '../../server/speech/index.ts';
import { startFakeOpenAiAudioServer, type FakeOpenAiAudioServer } from '../fakes/openai-audio-server.ts';

// The fake's "OpenAI voice": Festival's audio made into another voice with sox — 300 ms more lead-in,
// 15% slower (tempo 0.87) and 3 semitones higher — at OpenAI's 24 kHz. Where each word really is in it
// follows from Festival's exact times: (t + 300) / 0.87.
const PAD_MS = 300;
const TEMPO = 0.87;
function otherVoice(pcm48k: Int16Array): Int16Array {
  const raw = ['-t', 'raw', '-e', 'signed', '-b', '16', '-c', '1'];
  const r = spawnSync(
    'sox',
    [
      ...raw,
      '-r',
      '48000',
      '-',
      ...raw,
      '-r',
      '24000',
      '-',
      'pad',
      String(PAD_MS / 1000),
      'tempo',
      '-s',
      String(TEMPO),
      'pitch',
      '300',
    ],
    {
      input: Buffer.from(pcm48k.buffer, pcm48k.byteOffset, pcm48k.byteLength),
    },
  );
  if (r.status !== 0) throw new Error(`sox failed: ${r.stderr.toString()}`);
  return int16FromBytes(new Uint8Array(r.stdout));
}

const festival = new FestivalTts();
const voiceOfFake = new FestivalTts();
const ears = new PocketsphinxStt();
let fake: FakeOpenAiAudioServer;
let env: Record<string, string>;

beforeAll(async () => {
  expect(await festival.isAvailable()).toEqual({ ok: true });
  fake = await startFakeOpenAiAudioServer({
    speak: async (req) => otherVoice((await voiceOfFake.synthesize(req.input)).pcm),
    // The fake hears with pocketsphinx, so a transcription reflects the audio actually uploaded.
    transcribe: async (req) => {
      const wav = decodeWav(req.file);
      const t = await ears.transcribe(resamplePcm(wav.samples, wav.sampleRateHz, 16_000));
      return {
        text: t.text,
        words: t.words.map((w) => ({ word: w.word, start: w.startMs / 1000, end: w.endMs / 1000 })),
      };
    },
  });
  env = {
    OPENAI_API_KEY: fake.apiKey,
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_TTS_MODEL: 'gpt-4o-mini-tts',
    OPENAI_TTS_VOICE: 'coral',
  };
});
afterAll(async () => {
  await Promise.all([fake?.close(), festival.close(), voiceOfFake.close(), ears.close()]);
});

describe('OpenAI TTS through the SDK (local fake server)', () => {
  it('returns 48 kHz audio with word times aligned onto it from Festival', async () => {
    const tts = openAiTtsFromEnv(env, { timingReference: festival });
    expect(tts).toBeInstanceOf(OpenAiTts);
    const text = 'The quarterly results will be shared with every team next week.';
    const seg = await tts!.synthesize(text);
    expect(fake.requests.at(-1)?.speech).toEqual({
      model: 'gpt-4o-mini-tts',
      input: text,
      voice: 'coral',
      responseFormat: 'pcm',
    });
    expect(seg).toMatchObject({ providerId: 'openai', timings: 'aligned', sampleRateHz: 48_000, text });
    const truth = (await festival.synthesize(text)).words;
    expect(seg.durationMs).toBeGreaterThan((truth.at(-1)!.endMs + PAD_MS) / TEMPO);
    expect(seg.words.map((w) => w.word)).toEqual(truth.map((w) => w.word));
    const errors = seg.words.map((w, i) => Math.abs(w.startMs - (truth[i]!.startMs + PAD_MS) / TEMPO));
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(mean).toBeLessThan(40);
    expect(Math.max(...errors)).toBeLessThan(120);
    for (let i = 1; i < seg.phones.length; i++)
      expect(seg.phones[i]!.startMs).toBeGreaterThanOrEqual(seg.phones[i - 1]!.startMs);
    expect(seg.phones.at(-1)!.endMs).toBeLessThanOrEqual(seg.durationMs);
  });

  it('estimates timings from the text when there is no reference synthesizer', async () => {
    const plain = await startFakeOpenAiAudioServer();
    try {
      const tts = new OpenAiTts({ apiKey: plain.apiKey, baseURL: plain.baseURL });
      const text = 'Hello there, everyone in the room.';
      const seg = await tts.synthesize(text);
      expect(seg.words.map((w) => text.slice(w.charStart, w.charEnd))).toEqual([
        'Hello',
        'there',
        'everyone',
        'in',
        'the',
        'room',
      ]);
      // The default fake voice starts after 150 ms of silence and ends with 150 ms of silence.
      expect(seg.words[0]!.startMs).toBeGreaterThanOrEqual(120);
      expect(seg.words.at(-1)!.endMs).toBeLessThanOrEqual(seg.durationMs - 100);
      for (let i = 1; i < seg.words.length; i++)
        expect(seg.words[i]!.startMs).toBeGreaterThanOrEqual(seg.words[i - 1]!.startMs);
      expect(seg.phones.some((p) => p.phone === 'm')).toBe(true);
    } finally {
      await plain.close();
    }
  });

  it('maps HTTP failures to clear, correctly retryable errors', async () => {
    const wrongKey = new OpenAiTts({ apiKey: 'sk-wrong', baseURL: fake.baseURL, maxRetries: 0 });
    await expect(wrongKey.synthesize('Hi.')).rejects.toMatchObject({
      code: 'provider_failed',
      retryable: false,
      message: /401/,
    });
    const noRetry = new OpenAiTts({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 });
    fake.failNext(503, 1);
    await expect(noRetry.synthesize('Hi.')).rejects.toMatchObject({
      code: 'provider_failed',
      retryable: true,
      message: /503/,
    });
    const retrying = new OpenAiTts({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 2 });
    fake.failNext(429, 1);
    expect((await retrying.synthesize('Hi again.')).durationMs).toBeGreaterThan(300);
    await expect(noRetry.synthesize('')).rejects.toMatchObject({ code: 'bad_input' });
    await expect(noRetry.synthesize('x'.repeat(4097))).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('cancels a slow request on abort', async () => {
    const tts = new OpenAiTts({
      apiKey: fake.apiKey,
      baseURL: fake.baseURL,
      maxRetries: 0,
      timingReference: festival,
    });
    fake.delayNext(30_000);
    const ac = new AbortController();
    const pending = tts.synthesize('This answer takes forever.', { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('falls back to Festival when OpenAI is down', async () => {
    const openai = new OpenAiTts({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 });
    const tts = new FallbackTts([openai, festival]);
    fake.failNext(500, 1);
    const seg = await tts.synthesize('The show goes on.');
    expect(seg.providerId).toBe('festival');
    expect(seg.timings).toBe('exact');
  });
});

describe('OpenAI transcription through the SDK (local fake server)', () => {
  it('uploads a WAV, asks for verbose_json with word timestamps, and returns words in ms', async () => {
    const stt = openAiSttFromEnv({ ...env, OPENAI_STT_MODEL: 'whisper-1' })!;
    const seg = await festival.synthesize('Thank you for the great question.');
    const pcm = resamplePcm(seg.pcm, 48_000, 16_000);
    const t = await stt.transcribe(pcm);
    const req = fake.requests.at(-1)?.transcription;
    expect(req).toMatchObject({
      model: 'whisper-1',
      responseFormat: 'verbose_json',
      granularities: ['word'],
      filename: 'speech.wav',
    });
    expect(req?.bytes).toBe(44 + pcm.length * 2);
    expect(t.text).toMatch(/thank you for the great question/);
    expect(t.words.map((w) => w.word).join(' ')).toBe(t.text);
    for (const w of t.words) {
      expect(Number.isInteger(w.startMs) && w.endMs > w.startMs).toBe(true);
      expect(w.endMs).toBeLessThanOrEqual(seg.durationMs + 20);
    }
  });

  it('reports an authentication failure as not retryable', async () => {
    const stt = openAiSttFromEnv({ OPENAI_API_KEY: 'sk-wrong', OPENAI_BASE_URL: fake.baseURL })!;
    await expect(stt.transcribe(new Int16Array(1600))).rejects.toMatchObject({
      code: 'provider_failed',
      retryable: false,
    });
  });
});

describe('createSpeechStack', () => {
  it('picks OpenAI with a Festival fallback when configured, the embedded engines otherwise', async () => {
    const configured = createSpeechStack(env);
    expect(configured.tts.id).toBe('fallback(openai,festival)');
    expect(configured.stt.id).toBe('openai-stt');
    await configured.close();
    const embedded = createSpeechStack({});
    expect(embedded.tts.id).toBe('festival');
    expect(embedded.stt.id).toBe('pocketsphinx');
    await embedded.close();
  });
});
