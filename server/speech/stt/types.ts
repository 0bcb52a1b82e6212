import type { Availability } from '../tts/types.ts';

export type { Availability };

/** Input rate of every STT provider: resample to this first (`resamplePcm(pcm, 48_000, 16_000)`). */
export const STT_SAMPLE_RATE_HZ = 16_000;

export interface TranscribedWord {
  word: string;
  startMs: number;
  endMs: number;
  /** Posterior probability 0..1 when the engine gives one. */
  confidence?: number;
}

export interface Transcript {
  text: string;
  words: TranscribedWord[];
}

export interface TranscribeOptions {
  signal?: AbortSignal;
  /** Overrides the provider's own time limit for this call. */
  timeoutMs?: number;
}

export interface SttCapabilities {
  /** True when words carry start and end times. */
  wordTimings: boolean;
  /** True when words carry confidences. */
  confidences: boolean;
}

/** One speech-to-text engine: 16 kHz mono s16 in, text with word times out. */
export interface SttProvider {
  readonly id: string;
  readonly capabilities: SttCapabilities;
  isAvailable(): Promise<Availability>;
  /** Transcribes one utterance (cut by the VAD). Throws SpeechError. */
  transcribe(pcm16k: Int16Array, options?: TranscribeOptions): Promise<Transcript>;
  close(): Promise<void>;
}
