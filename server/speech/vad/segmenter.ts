/** Tuning of speech/silence decisions; defaults follow Silero's own recommendations. */
export interface VadOptions {
  /** Speech probability at or above which a frame is speech. */
  threshold?: number;
  /** Probability below which a frame is silence (hysteresis; default threshold - 0.15). */
  negThreshold?: number;
  /** Shorter bursts (coughs, clicks) are ignored. */
  minSpeechMs?: number;
  /** Silence needed to end a segment. */
  minSilenceMs?: number;
  /** Added before and after each segment (within the audio). */
  speechPadMs?: number;
  /** Longer speech is cut into pieces of at most this length. */
  maxSpeechMs?: number;
}

export type VadEvent =
  /** Speech confirmed (it has lasted minSpeechMs); `startMs` is where it began, padded. */
  | { type: 'speech_start'; startMs: number }
  /** Speech ended; `pcm` holds its audio when the stream keeps audio. */
  | { type: 'speech_end'; startMs: number; endMs: number; pcm?: Int16Array };

export interface ResolvedVadOptions {
  threshold: number;
  negThreshold: number;
  minSpeechMs: number;
  minSilenceMs: number;
  speechPadMs: number;
  maxSpeechMs: number;
}

export function resolveVadOptions(o: VadOptions = {}): ResolvedVadOptions {
  const threshold = o.threshold ?? 0.5;
  return {
    threshold,
    negThreshold: o.negThreshold ?? Math.max(0.01, threshold - 0.15),
    minSpeechMs: o.minSpeechMs ?? 250,
    minSilenceMs: o.minSilenceMs ?? 300,
    speechPadMs: o.speechPadMs ?? 60,
    maxSpeechMs: o.maxSpeechMs ?? 30_000,
  };
}

/**
 * Turns per-frame speech probabilities into speech start/end events (pure; the model runs elsewhere).
 * Times are ms from the start of the stream; padding never goes before 0 or past the audio fed so far.
 */
export class SpeechSegmenter {
  private readonly o: ResolvedVadOptions;
  private rawStart = -1; // where the current speech began (unpadded), -1 when none
  private confirmed = false;
  private silenceStart = -1;
  private lastEnd = 0;

  constructor(
    private readonly frameMs: number,
    options: VadOptions = {},
  ) {
    this.o = resolveVadOptions(options);
  }

  /** Feeds the probability of the frame that starts at `frameStartMs`. */
  feed(prob: number, frameStartMs: number): VadEvent[] {
    const o = this.o;
    const frameEnd = frameStartMs + this.frameMs;
    const events: VadEvent[] = [];
    if (prob >= o.threshold) {
      this.silenceStart = -1;
      if (this.rawStart < 0) this.rawStart = frameStartMs;
    } else if (this.rawStart >= 0 && prob < o.negThreshold && this.silenceStart < 0) {
      this.silenceStart = frameStartMs;
    }
    if (this.rawStart < 0) return events;

    const speechEnd = this.silenceStart >= 0 ? this.silenceStart : frameEnd;
    if (!this.confirmed && speechEnd - this.rawStart >= o.minSpeechMs) {
      this.confirmed = true;
      events.push({ type: 'speech_start', startMs: this.paddedStart() });
    }
    if (this.silenceStart >= 0 && frameEnd - this.silenceStart >= o.minSilenceMs) {
      if (this.confirmed) events.push(this.endAt(this.silenceStart, frameEnd));
      this.reset();
    } else if (this.confirmed && frameEnd - this.rawStart >= o.maxSpeechMs) {
      events.push(this.endAt(frameEnd, frameEnd));
      this.rawStart = frameEnd;
      this.confirmed = false;
      this.silenceStart = -1;
    }
    return events;
  }

  /** Ends open speech at the end of the audio (`audioEndMs`). */
  flush(audioEndMs: number): VadEvent[] {
    if (this.rawStart < 0) return [];
    const end = this.silenceStart >= 0 ? this.silenceStart : audioEndMs;
    const events: VadEvent[] = [];
    if (!this.confirmed && end - this.rawStart >= this.o.minSpeechMs) {
      this.confirmed = true;
      events.push({ type: 'speech_start', startMs: this.paddedStart() });
    }
    if (this.confirmed) events.push(this.endAt(end, audioEndMs));
    this.reset();
    return events;
  }

  /** Where the current speech's audio begins once padded (for callers that buffer audio). */
  currentStartMs(): number {
    return this.rawStart < 0 ? -1 : this.paddedStart();
  }

  private paddedStart(): number {
    return Math.max(this.lastEnd, this.rawStart - this.o.speechPadMs, 0);
  }

  private endAt(rawEnd: number, audioEndMs: number): VadEvent {
    const startMs = this.paddedStart();
    const endMs = Math.min(rawEnd + this.o.speechPadMs, audioEndMs);
    this.lastEnd = endMs;
    return { type: 'speech_end', startMs, endMs };
  }

  private reset(): void {
    this.rawStart = -1;
    this.confirmed = false;
    this.silenceStart = -1;
  }
}
