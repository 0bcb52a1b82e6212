import type { OpenAI } from 'openai';
import type { Logger } from 'pino';
import { int16FromBytes } from '../../audio/pcm.ts';
import { resamplePcm } from '../../audio/resample.ts';
import {
  createOpenAiClient,
  requestOptions,
  fromOpenAiError,
  openAiConfigured,
  type OpenAiConnection,
  type OpenAiSpeechEnv,
} from '../../engine/openai.ts';
import { SpeechError, throwIfAborted } from '../../errors.ts';
import { moduleLogger } from '../../log.ts';
import {
  SPEECH_SAMPLE_RATE_HZ,
  type Availability,
  type SpeechSegment,
  type SynthesizeOptions,
  type TtsCapabilities,
  type TtsProvider,
} from '../types.ts';
import { alignByAudio, alignByEnvelope } from './align.ts';
import { estimateTimings } from './rule-timings.ts';

/** `response_format: 'pcm'` is raw s16le mono at 24 kHz. */
const OPENAI_PCM_RATE_HZ = 24_000;
const MAX_INPUT_CHARS = 4096;

export interface OpenAiTtsOptions extends OpenAiConnection {
  /** An SDK client to use instead of building one from the connection fields. */
  client?: OpenAI;
  model?: string;
  voice?: string;
  /** Voice direction for models that take it (gpt-4o-mini-tts). */
  instructions?: string;
  /**
   * Gives reference timings for the same text (Festival: it is fast and exact); its audio is aligned
   * onto OpenAI's. Without one, or when it fails, timings are estimated from the text.
   */
  timingReference?: TtsProvider;
  logger?: Logger;
}

/**
 * OpenAI (or compatible) text-to-speech through the `openai` SDK. OpenAI returns audio only, so word
 * and phone times are derived: the reference provider speaks the same text and its exact timings are
 * carried onto OpenAI's audio by dynamic time warping of the two recordings' spectra.
 */
export class OpenAiTts implements TtsProvider {
  readonly id = 'openai';
  readonly capabilities: TtsCapabilities = { timings: 'aligned', sampleRateHz: OPENAI_PCM_RATE_HZ };
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly voice: string;
  private readonly log: Logger;

  constructor(private readonly options: OpenAiTtsOptions = {}) {
    this.client = options.client ?? createOpenAiClient(options);
    this.model = options.model ?? 'gpt-4o-mini-tts';
    this.voice = options.voice ?? 'alloy';
    this.log = moduleLogger(options.logger, 'speech.openai-tts');
  }

  /** Configuration only: no request is made (that would cost money on every start). */
  async isAvailable(): Promise<Availability> {
    return { ok: true };
  }

  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechSegment> {
    const { signal } = options;
    throwIfAborted(signal);
    if (!text.trim()) throw new SpeechError('bad_input', 'text has nothing to say');
    if (text.length > MAX_INPUT_CHARS) {
      throw new SpeechError(
        'bad_input',
        `text is ${text.length} characters; OpenAI TTS takes at most ${MAX_INPUT_CHARS}`,
      );
    }
    const started = performance.now();
    const [pcm24, reference] = await Promise.all([
      this.fetchPcm(text, options),
      this.reference(text, signal),
    ]);
    throwIfAborted(signal);
    const pcm = resamplePcm(pcm24, OPENAI_PCM_RATE_HZ, SPEECH_SAMPLE_RATE_HZ);
    const durationMs = (pcm.length * 1000) / SPEECH_SAMPLE_RATE_HZ;
    const timings =
      (reference && alignByAudio(reference, reference.pcm, pcm)) ??
      alignByEnvelope(reference ?? estimateTimings(text), pcm);
    this.log.debug(
      {
        chars: text.length,
        durationMs,
        ms: performance.now() - started,
        aligned: reference ? 'audio' : 'envelope',
      },
      'synthesized',
    );
    return {
      text,
      pcm,
      sampleRateHz: SPEECH_SAMPLE_RATE_HZ,
      durationMs,
      words: timings.words,
      phones: timings.phones,
      providerId: this.id,
      timings: 'aligned',
    };
  }

  private async fetchPcm(text: string, options: SynthesizeOptions): Promise<Int16Array> {
    let bytes: Uint8Array;
    try {
      const res = await this.client.audio.speech.create(
        {
          model: this.model,
          voice: this.voice,
          input: text,
          response_format: 'pcm',
          ...(this.options.instructions ? { instructions: this.options.instructions } : {}),
        },
        requestOptions(options),
      );
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw fromOpenAiError(err, 'OpenAI speech');
    }
    if (bytes.byteLength < 2)
      throw new SpeechError('provider_failed', 'OpenAI speech returned no audio', { retryable: true });
    // A stray odd byte at the end would shift every sample; drop it.
    return int16FromBytes(bytes.subarray(0, bytes.byteLength & ~1));
  }

  private async reference(text: string, signal: AbortSignal | undefined): Promise<SpeechSegment | null> {
    const ref = this.options.timingReference;
    if (!ref) return null;
    try {
      return await ref.synthesize(text, signal ? { signal } : {});
    } catch (err) {
      if (signal?.aborted) return null;
      this.log.warn({ err, reference: ref.id }, 'timing reference failed; estimating from text');
      return null;
    }
  }

  async close(): Promise<void> {
    // The SDK holds no resources; the timing reference belongs to whoever passed it in.
  }
}

/** The provider the environment asks for (OPENAI_API_KEY / OPENAI_BASE_URL, OPENAI_TTS_MODEL, OPENAI_TTS_VOICE), or null. */
export function openAiTtsFromEnv(
  env: OpenAiSpeechEnv,
  extra: Omit<OpenAiTtsOptions, 'apiKey' | 'baseURL' | 'model' | 'voice'> = {},
): OpenAiTts | null {
  if (!openAiConfigured(env)) return null;
  return new OpenAiTts({
    ...extra,
    ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
    ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
    ...(env.OPENAI_TTS_MODEL ? { model: env.OPENAI_TTS_MODEL } : {}),
    ...(env.OPENAI_TTS_VOICE ? { voice: env.OPENAI_TTS_VOICE } : {}),
  });
}
