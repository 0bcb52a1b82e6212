import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTimelineMessage, sampleViseme, VISEME_COUNT } from '../../common/timeline.ts';
import {
  buildTimelineSegment,
  FESTIVAL_US_PHONES,
  FestivalTts,
  rms,
  speakSentences,
  splitSentences,
  type SpeechSegment,
} from '../../server/speech/index.ts';

const tts = new FestivalTts();

beforeAll(async () => {
  const available = await tts.isAvailable();
  // Festival is a declared dependency (scripts/setup.mjs installs it); missing it is a failure, not a skip.
  expect(available).toEqual({ ok: true });
});
afterAll(() => tts.close());

function expectCoherent(seg: SpeechSegment): void {
  expect(seg.sampleRateHz).toBe(48_000);
  expect(seg.durationMs).toBeCloseTo((seg.pcm.length * 1000) / 48_000, 6);
  expect(seg.timings).toBe('exact');
  // Phones tile the audio from 0 to its end.
  expect(seg.phones[0]?.startMs).toBe(0);
  expect(Math.abs((seg.phones.at(-1)?.endMs ?? 0) - seg.durationMs)).toBeLessThan(25);
  for (let i = 1; i < seg.phones.length; i++) {
    expect(seg.phones[i]!.startMs).toBeCloseTo(seg.phones[i - 1]!.endMs, 6);
  }
  // Words are in order, inside the audio, and cover the speech.
  expect(seg.words.length).toBeGreaterThan(0);
  for (let i = 0; i < seg.words.length; i++) {
    const w = seg.words[i]!;
    expect(w.endMs).toBeGreaterThan(w.startMs);
    expect(w.endMs).toBeLessThanOrEqual(seg.durationMs);
    if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(seg.words[i - 1]!.endMs - 1e-6);
  }
  expect(seg.words[0]!.startMs).toBeLessThan(400);
  expect(seg.words.at(-1)!.endMs).toBeGreaterThan(seg.durationMs - 500);
  // The audio is loud where words are and quiet in the leading pause.
  const at = (ms: number) => Math.round((ms * 48_000) / 1000);
  const lead = seg.phones[0]!;
  expect(lead.phone).toBe('pau');
  const leadLevel = rms(seg.pcm, 0, at(lead.endMs) - 480);
  for (const w of seg.words)
    expect(rms(seg.pcm, at(w.startMs), at(w.endMs))).toBeGreaterThan(Math.max(0.01, leadLevel * 4));
}

describe('Festival TTS (warm process)', () => {
  it('synthesizes sentences with exact, coherent word and phone times, reusing one process', async () => {
    const texts = [
      'Welcome to the quarterly all hands.',
      'Revenue grew 42 percent, and we hired 120 people.',
      'Questions are welcome at any time!',
    ];
    const pid = tts.pids()[0];
    for (const text of texts) {
      const seg = await tts.synthesize(text);
      expect(seg.text).toBe(text);
      expectCoherent(seg);
    }
    expect(tts.processStarts()).toEqual([1]);
    expect(tts.pids()[0]).toBe(pid);
  });

  it('maps spoken words back to the written text', async () => {
    const text = 'Dr. Lee paid $3.50 for 2 coffees.';
    const seg = await tts.synthesize(text);
    const written = seg.words.map((w) => `${w.word}=${text.slice(w.charStart, w.charEnd)}`);
    expect(written).toContain('doctor=Dr');
    expect(written).toContain('three=$3.50');
    expect(written).toContain('dollars=$3.50');
    expect(written).toContain('coffees=coffees');
  });

  it('emits only phones the viseme table knows', async () => {
    const pangrams = [
      'The quick brown fox jumps over the lazy dog.',
      'Sphinx of black quartz, judge my vow; the thin zebra measured its huge joy.',
      'Oil, boy, bottle, button, cow, how, thought, vision, pleasure and church.',
    ];
    const seen = new Set<string>();
    for (const text of pangrams) for (const p of (await tts.synthesize(text)).phones) seen.add(p.phone);
    for (const p of seen) expect(FESTIVAL_US_PHONES as readonly string[]).toContain(p);
    expect(seen.size).toBeGreaterThan(30);
  });

  it('speaks hostile text as words without running any of it as Scheme', async () => {
    const marker = join(tmpdir(), `podium-pwned-${process.pid}`);
    const hostile = `Hi") (system "touch ${marker}") (quit) ("\\" \n(system "touch ${marker}")`;
    const pid = tts.pids()[0];
    const seg = await tts.synthesize(hostile);
    expect(seg.words.map((w) => w.word)).toContain('system');
    expect(existsSync(marker)).toBe(false);
    // The same process is still alive and well.
    expectCoherent(await tts.synthesize('Still here.'));
    expect(tts.pids()[0]).toBe(pid);
  });

  it('refuses text it cannot speak with a clear error, losing nothing', async () => {
    await expect(tts.synthesize('x'.repeat(2001))).rejects.toMatchObject({
      code: 'bad_input',
      message: /split it/,
    });
    await expect(tts.synthesize(' ?! ... ')).rejects.toMatchObject({ code: 'bad_input' });
    expectCoherent(await tts.synthesize('Fine again.'));
  });

  it('returns promptly on abort and keeps serving the next request', async () => {
    const ac = new AbortController();
    const long =
      'This is a deliberately long sentence that takes Festival a little while to synthesize. '.repeat(4);
    const pending = tts.synthesize(long, { signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expectCoherent(await tts.synthesize('After the abort.'));
  });

  it('restarts a process that died', async () => {
    const before = tts.processStarts()[0] as number;
    tts.killProcessesForTest();
    expectCoherent(await tts.synthesize('Back from the dead.'));
    expect(tts.processStarts()[0]).toBe(before + 1);
  });

  it('reports a timeout as a retryable error and recovers on a fresh process', async () => {
    const before = tts.processStarts()[0] as number;
    await expect(
      tts.synthesize('This cannot finish in one millisecond, surely not.', { timeoutMs: 1 }),
    ).rejects.toMatchObject({ code: 'timeout', retryable: true });
    // The stuck process was killed; the next sentence gets a new one and nothing of the old one's output.
    const seg = await tts.synthesize('Recovered after a timeout.');
    expectCoherent(seg);
    expect(seg.words.map((w) => w.word)).toEqual(['Recovered', 'after', 'a', 'timeout']);
    expect(tts.processStarts()[0]).toBe(before + 1);
  });

  it('says how to install Festival or the voice when they are missing', async () => {
    const missing = new FestivalTts({ command: 'festival-not-installed-here' });
    const a = await missing.isAvailable();
    expect(a.ok).toBe(false);
    expect(!a.ok && a.reason).toContain('apt-get install -y festival festvox-us-slt-hts');
    await expect(missing.synthesize('Hello.')).rejects.toMatchObject({ code: 'not_installed' });
    await missing.close();
    const noVoice = new FestivalTts({ voice: 'no_such_voice_hts' });
    const b = await noVoice.isAvailable();
    expect(b.ok).toBe(false);
    expect(!b.ok && b.reason).toMatch(/voice no_such_voice_hts is not installed.*festvox-us-slt-hts/);
    await noVoice.close();
  });

  it('streams an answer sentence by sentence into valid timeline messages', async () => {
    const answer = 'Yes. Our revenue grew 42 percent last year. We will keep investing in the team.';
    let offset = 0;
    const messages = [];
    const sentences = splitSentences(answer).map((s) => s.text);
    let seq = 0;
    for await (const seg of speakSentences(tts, sentences)) {
      const msg = buildTimelineSegment(seg, {
        utteranceId: 'utt-1',
        seq,
        audioStartOffsetMs: offset,
        isLast: seq === sentences.length - 1,
      });
      expect(parseTimelineMessage(JSON.parse(JSON.stringify(msg)))).toEqual(msg);
      messages.push(msg);
      offset += seg.durationMs;
      seq++;
    }
    expect(messages.map((m) => m.text)).toEqual(sentences);
    expect(messages[1]!.words.map((w) => w.w)).toContain('42');
    expect(messages[0]!.gestures.map((g) => g.g)).toEqual(expect.arrayContaining(['thinking', 'nod']));
    expect(messages[2]!.gestures.map((g) => g.g)).toContain('idle');
    // The mouth is open somewhere in every word and closed in the leading pause.
    const out = new Float32Array(VISEME_COUNT);
    const m = messages[1]!;
    for (const w of m.words) {
      let open = 0;
      for (let t = w.s; t < w.e; t += 5)
        open = Math.max(open, 1 - sampleViseme(m, m.audioStartOffsetMs + t, out)[0]!);
      expect(open, w.w).toBeGreaterThan(0.3);
    }
    expect(sampleViseme(m, m.audioStartOffsetMs + 20, out)[0]).toBeGreaterThan(0.9);
  });
});
