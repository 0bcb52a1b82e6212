import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  concatInt16,
  FestivalTts,
  PocketsphinxStt,
  resamplePcm,
  SileroVad,
  vadEvents,
  type VadEvent,
} from '../../server/speech/index.ts';

/** Word error rate: word-level edit distance over the reference length. */
function wer(reference: string, hypothesis: string): number {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z' ]/g, ' ')
      .split(/\s+/)
      .filter(Boolean);
  const r = norm(reference);
  const h = norm(hypothesis);
  const d = Array.from({ length: r.length + 1 }, (_, i) =>
    Array.from({ length: h.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= r.length; i++) {
    for (let j = 1; j <= h.length; j++) {
      const sub = d[i - 1]![j - 1]! + (r[i - 1] === h[j - 1] ? 0 : 1);
      d[i]![j] = Math.min(sub, d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
    }
  }
  return d[r.length]![h.length]! / Math.max(1, r.length);
}

const tts = new FestivalTts();
const stt = new PocketsphinxStt();
let vad: SileroVad;

beforeAll(async () => {
  // Declared dependencies (scripts/setup.mjs installs them): missing ones fail here, loudly.
  expect(await tts.isAvailable()).toEqual({ ok: true });
  expect(await stt.isAvailable()).toEqual({ ok: true });
  vad = await SileroVad.load();
});
afterAll(async () => {
  await Promise.all([tts.close(), stt.close(), vad?.close()]);
});

const silence16k = (ms: number) => new Int16Array((ms * 16_000) / 1000);

describe('Festival -> VAD -> pocketsphinx round trip', () => {
  const sentences = [
    'The quarterly results will be shared with every team next week.',
    'Please send your questions to the moderators before the meeting.',
  ];

  it('finds the speech and transcribes it with a low word error rate', async () => {
    let totalErrors = 0;
    let totalWords = 0;
    for (const text of sentences) {
      const seg = await tts.synthesize(text);
      const pcm = concatInt16([silence16k(800), resamplePcm(seg.pcm, 48_000, 16_000), silence16k(800)]);
      const regions = await vad.detectSpeech(pcm);
      expect(regions).toHaveLength(1);
      const speech = regions[0]!;
      // The region holds the spoken words (first word start .. last word end, shifted by the lead-in).
      expect(speech.startMs).toBeLessThanOrEqual(800 + seg.words[0]!.startMs + 50);
      expect(speech.endMs).toBeGreaterThanOrEqual(800 + seg.words.at(-1)!.endMs - 100);
      const cut = pcm.subarray((speech.startMs * 16_000) / 1000, (speech.endMs * 16_000) / 1000);
      const transcript = await stt.transcribe(cut);
      const e = wer(text, transcript.text);
      totalErrors += e * text.split(' ').length;
      totalWords += text.split(' ').length;
      expect(e, `"${transcript.text}"`).toBeLessThan(0.25);
      // Word times are ordered and inside the clip.
      for (let i = 0; i < transcript.words.length; i++) {
        const w = transcript.words[i]!;
        expect(w.endMs).toBeGreaterThan(w.startMs);
        expect(w.endMs).toBeLessThanOrEqual((cut.length * 1000) / 16_000 + 20);
        expect(w.confidence).toBeGreaterThanOrEqual(0);
        if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(transcript.words[i - 1]!.endMs);
      }
    }
    expect(totalErrors / totalWords).toBeLessThan(0.15);
    expect(stt.processStarts()).toBe(1); // warm: the model loaded once
  });

  it('streams: VAD events in 20 ms chunks carry the speech audio, which transcribes', async () => {
    const a = await tts.synthesize(sentences[0]!);
    const b = await tts.synthesize('Thank you all for coming.');
    const pcm = concatInt16([
      silence16k(600),
      resamplePcm(a.pcm, 48_000, 16_000),
      silence16k(1500),
      resamplePcm(b.pcm, 48_000, 16_000),
      silence16k(600),
    ]);
    async function* mic() {
      for (let at = 0; at < pcm.length; at += 320) yield pcm.slice(at, at + 320);
    }
    const events: VadEvent[] = [];
    for await (const e of vadEvents(vad, mic())) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['speech_start', 'speech_end', 'speech_start', 'speech_end']);
    const ends = events.filter(
      (e): e is Extract<VadEvent, { type: 'speech_end' }> => e.type === 'speech_end',
    );
    const second = ends[1]!;
    expect(second.startMs).toBeGreaterThan(600 + a.durationMs + 500);
    expect(second.pcm?.length).toBe(Math.round(((second.endMs - second.startMs) * 16_000) / 1000));
    const heard = await stt.transcribe(second.pcm!);
    expect(wer('thank you all for coming', heard.text), heard.text).toBeLessThan(0.25);
  });

  it('hears nothing in silence and in noise', async () => {
    const noise = new Int16Array(16_000 * 2);
    for (let i = 0; i < noise.length; i++)
      noise[i] = Math.round(((Math.sin(i * 12.9898) * 43758.5453) % 1) * 600);
    expect(await vad.detectSpeech(silence16k(2000))).toEqual([]);
    expect(await vad.detectSpeech(noise)).toEqual([]);
    expect(await stt.transcribe(new Int16Array(0))).toEqual({ text: '', words: [] });
  });

  it('says how to install pocketsphinx when it is missing', async () => {
    const missing = new PocketsphinxStt({ command: 'pocketsphinx-not-installed' });
    const a = await missing.isAvailable();
    expect(!a.ok && a.reason).toContain('apt-get install -y pocketsphinx pocketsphinx-en-us');
    await expect(missing.transcribe(silence16k(100))).rejects.toMatchObject({ code: 'not_installed' });
    await missing.close();
  });

  it('recovers when the decoder process dies', async () => {
    const own = new PocketsphinxStt();
    try {
      const seg = await tts.synthesize('Good morning everyone.');
      const pcm = resamplePcm(seg.pcm, 48_000, 16_000);
      expect(wer('good morning everyone', (await own.transcribe(pcm)).text)).toBeLessThan(0.5);
      own.killProcessForTest();
      expect(wer('good morning everyone', (await own.transcribe(pcm)).text)).toBeLessThan(0.5);
      expect(own.processStarts()).toBe(2);
    } finally {
      await own.close();
    }
  });
});
