export interface OnsetOptions {
  sampleRateHz: number;
  /** Analysis block: 128 samples is one Web Audio render quantum (~2.7 ms at 48 kHz). */
  blockSamples?: number;
  /** A block louder than this (RMS, dBFS) after a silence is an onset. */
  onDb?: number;
  /** Blocks quieter than this count as silence. */
  offDb?: number;
  /** Silence needed before a new onset counts (shorter dips are pauses inside a word). */
  minSilenceMs?: number;
}

/**
 * Finds audio onsets (sound after a silence) in a stream of samples fed block by block, with the time
 * of the first loud sample. Allocation-free, so it can run every frame on an AnalyserNode's buffer.
 */
export class OnsetTracker {
  private readonly blockSamples: number;
  private readonly onAmp: number;
  private readonly offAmp: number;
  private readonly minSilenceSamples: number;
  private silentSamples: number;
  private active = false;
  /** Current level, RMS of the last block (linear). */
  level = 0;
  /** Caller's audio-clock time (s) just after the last block that was not silent; -Infinity: none yet. */
  lastSoundSec = -Infinity;
  /** At the last onset: where the sound before it ended (same clock), -Infinity when there was none. */
  previousSoundSec = -Infinity;

  constructor(
    private readonly o: OnsetOptions,
    private readonly onOnset: (timeSec: number) => void,
  ) {
    this.blockSamples = o.blockSamples ?? 128;
    this.onAmp = 10 ** ((o.onDb ?? -40) / 20);
    this.offAmp = 10 ** ((o.offDb ?? -50) / 20);
    this.minSilenceSamples = Math.round(((o.minSilenceMs ?? 120) / 1000) * o.sampleRateHz);
    // At start we have heard nothing: the first sound is an onset.
    this.silentSamples = this.minSilenceSamples;
  }

  /** True while sound is on (between an onset and the following silence). */
  get sounding(): boolean {
    return this.active;
  }

  /** Feeds `buf[from, to)`; `buf[from]` was played at `t0Sec` (the caller's audio clock). */
  push(buf: Float32Array, from: number, to: number, t0Sec: number): void {
    const bs = this.blockSamples;
    const rate = this.o.sampleRateHz;
    for (let b = from; b < to; b += bs) {
      const end = Math.min(to, b + bs);
      let sum = 0;
      for (let i = b; i < end; i++) sum += buf[i]! * buf[i]!;
      const rms = Math.sqrt(sum / Math.max(1, end - b));
      this.level = rms;
      const loud = rms >= this.offAmp;
      const blockEndSec = t0Sec + (end - from) / rate;
      if (this.active) {
        if (rms < this.offAmp) {
          this.active = false;
          this.silentSamples = end - b;
        }
        if (loud) this.lastSoundSec = blockEndSec;
        continue;
      }
      if (rms >= this.onAmp && this.silentSamples >= this.minSilenceSamples) {
        this.active = true;
        // The first sample within the block that reaches the threshold marks the onset.
        let first = b;
        while (first < end - 1 && Math.abs(buf[first]!) < this.onAmp) first++;
        this.previousSoundSec = this.lastSoundSec;
        this.lastSoundSec = blockEndSec;
        this.onOnset(t0Sec + (first - from) / rate);
      } else if (rms < this.offAmp) {
        this.silentSamples += end - b;
      } else if (rms >= this.onAmp) {
        // Loud again after too short a dip: still the same sound.
        this.active = true;
      }
      if (loud) this.lastSoundSec = blockEndSec;
    }
  }

  /** Treats the stream as silent again (e.g. after a gap in the data). */
  reset(): void {
    this.active = false;
    this.silentSamples = this.minSilenceSamples;
    this.level = 0;
  }
}
