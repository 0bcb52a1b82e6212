import type { Logger } from 'pino';
import { SpeechError, throwIfAborted } from '../errors.ts';
import { moduleLogger } from '../log.ts';
import type {
  Availability,
  SpeechSegment,
  SynthesizeOptions,
  TimingQuality,
  TtsCapabilities,
  TtsProvider,
} from './types.ts';

export interface FallbackOptions {
  /** After a provider fails, skip it for this long so each sentence does not wait for it to fail again. */
  cooldownMs?: number;
  logger?: Logger;
}

const TIMING_RANK: Record<TimingQuality, number> = { exact: 2, aligned: 1, none: 0 };

/**
 * Tries providers in order: the first that succeeds answers. Bad input and cancellation are not
 * retried elsewhere (they would fail the same way); any other failure moves on to the next provider
 * and puts the failed one on a cooldown. Capabilities are the weakest of the set.
 */
export class FallbackTts implements TtsProvider {
  readonly id: string;
  readonly capabilities: TtsCapabilities;
  private readonly cooldownUntil = new Map<TtsProvider, number>();
  private readonly cooldownMs: number;
  private readonly log: Logger;

  constructor(
    private readonly providers: readonly TtsProvider[],
    options: FallbackOptions = {},
  ) {
    if (providers.length === 0) throw new SpeechError('bad_input', 'FallbackTts needs at least one provider');
    this.id = `fallback(${providers.map((p) => p.id).join(',')})`;
    const weakest = providers.reduce((a, b) =>
      TIMING_RANK[b.capabilities.timings] < TIMING_RANK[a.capabilities.timings] ? b : a,
    );
    this.capabilities = {
      timings: weakest.capabilities.timings,
      sampleRateHz: Math.min(...providers.map((p) => p.capabilities.sampleRateHz)),
    };
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.log = moduleLogger(options.logger, 'speech.tts-fallback');
  }

  async isAvailable(): Promise<Availability> {
    const reasons: string[] = [];
    for (const p of this.providers) {
      const a = await p.isAvailable();
      if (a.ok) return a;
      reasons.push(`${p.id}: ${a.reason}`);
    }
    return { ok: false, reason: reasons.join('; ') };
  }

  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechSegment> {
    const now = Date.now();
    const ready = this.providers.filter((p) => (this.cooldownUntil.get(p) ?? 0) <= now);
    // When every provider is cooling down, try them all anyway rather than not speaking.
    const order = ready.length ? ready : this.providers;
    let lastError: unknown;
    for (const p of order) {
      throwIfAborted(options.signal);
      try {
        const seg = await p.synthesize(text, options);
        this.cooldownUntil.delete(p);
        return seg;
      } catch (err) {
        if (err instanceof SpeechError && (err.code === 'aborted' || err.code === 'bad_input')) throw err;
        lastError = err;
        this.cooldownUntil.set(p, Date.now() + this.cooldownMs);
        this.log.warn({ err, provider: p.id }, 'tts provider failed; trying the next');
      }
    }
    throw lastError instanceof SpeechError
      ? lastError
      : new SpeechError('engine_failed', 'every TTS provider failed', { cause: lastError });
  }

  async close(): Promise<void> {
    await Promise.all(this.providers.map((p) => p.close()));
  }
}
