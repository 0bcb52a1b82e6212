import { describe, expect, it } from 'vitest';
import { SpeechError } from '../errors.ts';
import { FallbackTts } from './fallback.ts';
import type { SpeechSegment, TimingQuality, TtsProvider } from './types.ts';

function provider(
  id: string,
  timings: TimingQuality,
  behaviour: () => SpeechSegment | SpeechError,
): TtsProvider & { calls: number } {
  return {
    id,
    calls: 0,
    capabilities: { timings, sampleRateHz: 24_000 },
    async isAvailable() {
      return { ok: true } as const;
    },
    async close() {},
    async synthesize(text) {
      this.calls++;
      const r = behaviour();
      if (r instanceof SpeechError) throw r;
      return { ...r, text };
    },
  };
}

const seg = (providerId: string): SpeechSegment => ({
  text: '',
  pcm: new Int16Array(0),
  sampleRateHz: 48_000,
  durationMs: 0,
  words: [],
  phones: [],
  providerId,
  timings: 'exact',
});

describe('FallbackTts', () => {
  it('uses the first provider that works and reports the weakest capabilities', async () => {
    const a = provider('a', 'aligned', () => new SpeechError('provider_failed', 'down', { retryable: true }));
    const b = provider('b', 'exact', () => seg('b'));
    const tts = new FallbackTts([a, b]);
    expect(tts.capabilities.timings).toBe('aligned');
    expect(tts.id).toBe('fallback(a,b)');
    expect((await tts.synthesize('Hello.')).providerId).toBe('b');
    // a is cooling down: the next sentence goes straight to b.
    await tts.synthesize('Again.');
    expect(a.calls).toBe(1);
    expect(b.calls).toBe(2);
  });

  it('does not retry bad input or cancellation on another provider', async () => {
    const a = provider('a', 'exact', () => new SpeechError('bad_input', 'too long'));
    const b = provider('b', 'exact', () => seg('b'));
    await expect(new FallbackTts([a, b]).synthesize('x')).rejects.toMatchObject({ code: 'bad_input' });
    expect(b.calls).toBe(0);
  });

  it('throws the last error when every provider fails, and still tries when all are cooling down', async () => {
    const a = provider('a', 'exact', () => new SpeechError('engine_failed', 'a broke'));
    const b = provider(
      'b',
      'exact',
      () => new SpeechError('provider_failed', 'b broke', { retryable: true }),
    );
    const tts = new FallbackTts([a, b]);
    await expect(tts.synthesize('x')).rejects.toMatchObject({ message: 'b broke' });
    await expect(tts.synthesize('x')).rejects.toMatchObject({ message: 'b broke' });
    expect(a.calls).toBe(2);
  });
});
