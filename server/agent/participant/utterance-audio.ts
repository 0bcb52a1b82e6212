/**
 * One utterance's audio as LiveKit hears it: segment PCM appended as it is synthesized, cut into fixed
 * frames, with silence wherever the next segment is not ready yet. The silence is part of the utterance,
 * so every segment's start offset stays true to the audio timeline listeners hear (clients align the
 * face against audio onsets). Pure: no timers, no I/O.
 */
export class UtteranceAudio {
  private readonly chunks: Int16Array[] = [];
  /** Read position inside chunks[0]. */
  private headOffset = 0;
  private ended = false;
  /** End of the last appended audio, in samples from the utterance's first sample. */
  private audioEnd = 0;
  /** Samples handed out in frames so far (audio and padding). */
  private emitted = 0;
  /** Samples of padding handed out (for diagnostics). */
  private padding = 0;

  /**
   * Appends a segment; returns its start offset in samples: right after the previous segment, or at
   * the current read position when silence was already handed out while waiting for it.
   */
  append(pcm: Int16Array): number {
    if (this.ended) throw new Error('append after end');
    const start = Math.max(this.audioEnd, this.emitted);
    this.audioEnd = start + pcm.length;
    if (pcm.length > 0) this.chunks.push(pcm);
    return start;
  }

  /** No more segments will come. */
  end(): void {
    this.ended = true;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** True once every appended sample was handed out and no more will come. */
  get drained(): boolean {
    return this.ended && this.emitted >= this.audioEnd;
  }

  /** Samples from the utterance's start to the end of its last appended audio. */
  get lengthSamples(): number {
    return this.audioEnd;
  }

  get emittedSamples(): number {
    return this.emitted;
  }

  get paddingSamples(): number {
    return this.padding;
  }

  /** Appended samples not yet handed out. */
  get pendingSamples(): number {
    return this.audioEnd - Math.min(this.audioEnd, this.emitted);
  }

  /**
   * The next `frameSamples` of the utterance: queued audio first, then silence (waiting for the next
   * segment, or filling the last frame). Returns null once drained.
   */
  nextFrame(frameSamples: number): Int16Array | null {
    if (this.drained) return null;
    const out = new Int16Array(frameSamples);
    let filled = 0;
    while (filled < frameSamples && this.chunks.length > 0) {
      const head = this.chunks[0] as Int16Array;
      const n = Math.min(frameSamples - filled, head.length - this.headOffset);
      out.set(head.subarray(this.headOffset, this.headOffset + n), filled);
      filled += n;
      this.headOffset += n;
      if (this.headOffset >= head.length) {
        this.chunks.shift();
        this.headOffset = 0;
      }
    }
    // A segment appended while padding is under way starts at the current position (see append), so
    // the silence counts as utterance time only until then.
    this.padding += frameSamples - filled;
    this.emitted += frameSamples;
    return out;
  }
}

/**
 * Utterance samples listeners have been handed: the playout position (samples handed to the source
 * minus those still queued in it), clamped to the utterance's audio.
 *
 * @param handedTotal samples handed to the source since the pump started
 * @param queuedSamples samples the source still holds (not yet sent)
 * @param utteranceStartTotal `handedTotal` value at the utterance's first sample
 * @param lengthSamples the utterance's audio length (padding after its last segment excluded)
 */
export function heardSamples(
  handedTotal: number,
  queuedSamples: number,
  utteranceStartTotal: number,
  lengthSamples: number,
): number {
  const played = handedTotal - Math.max(0, queuedSamples) - utteranceStartTotal;
  return Math.min(lengthSamples, Math.max(0, played));
}

/** Samples at `sampleRateHz` to milliseconds, rounded to 0.001 ms. */
export function samplesToMs(samples: number, sampleRateHz: number): number {
  return Math.round((samples * 1_000_000) / sampleRateHz) / 1000;
}
