/** Output rate of every TTS provider: what the agent publishes to LiveKit. */
export const SPEECH_SAMPLE_RATE_HZ = 48_000;

/** How a provider knows when each word and phone is spoken. */
export type TimingQuality =
  /** Straight from the synthesizer (Festival's segment and word relations). */
  | 'exact'
  /** Estimated from the text and fitted onto the real audio. */
  | 'aligned'
  /** No timings: words and phones are empty. */
  | 'none';

export interface SpokenWord {
  /** The word as the synthesizer said it ("forty" for the first word of "42"). */
  word: string;
  startMs: number;
  endMs: number;
  /** UTF-16 span of the written token in the segment's `text` this word came from ("42"). */
  charStart: number;
  charEnd: number;
}

export interface SpokenPhone {
  /** Festival's US phone set (radio/ARPAbet-like, lowercase): "hh", "ax", "pau", … */
  phone: string;
  startMs: number;
  endMs: number;
}

/** One synthesized sentence: 48 kHz mono audio with word and phone times from its first sample. */
export interface SpeechSegment {
  text: string;
  pcm: Int16Array;
  sampleRateHz: typeof SPEECH_SAMPLE_RATE_HZ;
  durationMs: number;
  words: SpokenWord[];
  phones: SpokenPhone[];
  /** Which provider made it (a fallback wrapper reports the one that answered). */
  providerId: string;
  timings: TimingQuality;
}

export interface TtsCapabilities {
  timings: TimingQuality;
  /** The engine's native rate before resampling to 48 kHz (32 kHz for Festival's HTS voice). */
  sampleRateHz: number;
}

export interface SynthesizeOptions {
  signal?: AbortSignal;
  /** Overrides the provider's own time limit for this call. */
  timeoutMs?: number;
}

export type Availability = { ok: true } | { ok: false; reason: string };

/** One text-to-speech engine. Implementations serialize or pool their own work. */
export interface TtsProvider {
  readonly id: string;
  readonly capabilities: TtsCapabilities;
  /** Whether the engine can run here; `reason` says how to fix it (e.g. the apt command). */
  isAvailable(): Promise<Availability>;
  /** Speaks one sentence (or a short paragraph). Throws SpeechError. */
  synthesize(text: string, options?: SynthesizeOptions): Promise<SpeechSegment>;
  /** Stops processes and frees resources; later calls fail. */
  close(): Promise<void>;
}
