import { toFile, type OpenAI } from 'openai';
import type { Logger } from 'pino';
import { encodeWav } from '../audio/pcm.ts';
import {
  createOpenAiClient,
  fromOpenAiError,
  requestOptions,
  openAiConfigured,
  type OpenAiConnection,
  type OpenAiSpeechEnv,
} from '../engine/openai.ts';
import { SpeechError, throwIfAborted } from '../errors.ts';
import { moduleLogger } from '../log.ts';
import {
  STT_SAMPLE_RATE_HZ,
  type Availability,
  type SttCapabilities,
  type SttProvider,
  type TranscribeOptions,
  type Transcript,
} from './types.ts';

export interface OpenAiSttOptions extends OpenAiConnection {
  client?: OpenAI;
  /** Must support `verbose_json` with word timestamps (whisper-1 does). */
  model?: string;
  /** ISO-639-1 hint, e.g. "en". */
  language?: string;
  logger?: Logger;
}

/** OpenAI (or compatible) transcription: a WAV upload, `verbose_json` with word timestamps. */
export class OpenAiStt implements SttProvider {
  readonly id = 'openai-stt';
  readonly capabilities: SttCapabilities = { wordTimings: true, confidences: false };
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly log: Logger;

  constructor(private readonly options: OpenAiSttOptions = {}) {
    this.client = options.client ?? createOpenAiClient(options);
    this.model = options.model ?? 'whisper-1';
    this.log = moduleLogger(options.logger, 'speech.openai-stt');
  }

  async isAvailable(): Promise<Availability> {
    return { ok: true };
  }

  async transcribe(pcm16k: Int16Array, options: TranscribeOptions = {}): Promise<Transcript> {
    const { signal } = options;
    throwIfAborted(signal);
    if (pcm16k.length === 0) return { text: '', words: [] };
    // OpenAI's upload limit is 25 MB; 16 kHz s16 mono is 32 kB/s, so about 13 minutes.
    if (pcm16k.length * 2 > 24 * 1024 * 1024)
      throw new SpeechError('bad_input', 'audio is too long to upload');
    const file = await toFile(encodeWav(pcm16k, STT_SAMPLE_RATE_HZ), 'speech.wav', { type: 'audio/wav' });
    try {
      const res = await this.client.audio.transcriptions.create(
        {
          file,
          model: this.model,
          response_format: 'verbose_json',
          timestamp_granularities: ['word'],
          ...(this.options.language ? { language: this.options.language } : {}),
        },
        requestOptions(options),
      );
      const words = (res.words ?? [])
        .filter((w) => Number.isFinite(w.start) && Number.isFinite(w.end) && w.word.trim())
        .map((w) => ({
          word: w.word.trim(),
          startMs: Math.round(w.start * 1000),
          endMs: Math.round(w.end * 1000),
        }));
      this.log.debug({ words: words.length, audioMs: pcm16k.length / 16 }, 'transcribed');
      return { text: (res.text ?? '').trim(), words };
    } catch (err) {
      throw fromOpenAiError(err, 'OpenAI transcription');
    }
  }

  async close(): Promise<void> {}
}

/** The provider the environment asks for (OPENAI_API_KEY / OPENAI_BASE_URL, OPENAI_STT_MODEL), or null. */
export function openAiSttFromEnv(
  env: OpenAiSpeechEnv,
  extra: Pick<OpenAiSttOptions, 'logger' | 'language' | 'timeoutMs' | 'maxRetries'> = {},
): OpenAiStt | null {
  if (!openAiConfigured(env)) return null;
  return new OpenAiStt({
    ...extra,
    ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
    ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
    ...(env.OPENAI_STT_MODEL ? { model: env.OPENAI_STT_MODEL } : {}),
  });
}
