/**
 * Audible onsets: where sound starts after a pause. ONE definition shared by the server (which puts
 * each timeline segment's onsets, found in its PCM, into the `segment` message) and the client (which
 * detects the same onsets in the audio it actually plays), so a heard onset matches its place in the
 * timeline exactly. Framework-free and allocation-free per block.
 */

/** The shared onset definition. */
export const ONSET_DEFAULTS = {
  /** Analysis block: 128 samples is one Web Audio render quantum (~2.7 ms at 48 kHz). */
  blockSamples: 128,
  /** A block louder than this (RMS, dBFS) after a silence is an onset. */
  onDb: -40,
  /** Blocks quieter than this count as silence. */
  offDb: -50,
  /** Silence needed before a new onset counts (shorter dips are pauses inside a word). */
  minSilenceMs: 120,
} as const;

export interface OnsetOptions {
  sampleRateHz: number;
  blockSamples?: number;
  onDb?: number;
  offDb?: number;
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
    this.blockSamples = o.blockSamples ?? ONSET_DEFAULTS.blockSamples;
    this.onAmp = 10 ** ((o.onDb ?? ONSET_DEFAULTS.onDb) / 20);
    this.offAmp = 10 ** ((o.offDb ?? ONSET_DEFAULTS.offDb) / 20);
    this.minSilenceSamples = Math.round(
      ((o.minSilenceMs ?? ONSET_DEFAULTS.minSilenceMs) / 1000) * o.sampleRateHz,
    );
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

  /**
   * Samples were lost (the caller fell behind): what happened in the gap is unknown, so the next sound
   * is an onset only after a silence actually observed. Treating the gap as silence would report an
   * onset in the middle of a phrase.
   */
  lostSamples(): void {
    this.active = false;
    this.silentSamples = 0;
    this.level = 0;
  }

  /** Treats the stream as silent again (e.g. a new stream starts). */
  reset(): void {
    this.active = false;
    this.silentSamples = this.minSilenceSamples;
    this.level = 0;
  }
}

/** Onsets found in a whole clip, and where its last sound ends (ms from the clip's first sample). */
export interface ClipOnsets {
  onsetsMs: number[];
  /** End of the last block that was not silent; -Infinity when the clip is silent throughout. */
  soundEndMs: number;
}

const CHUNK = 4096;

/**
 * The onsets of a clip of 16-bit PCM (or float samples in -1..1), as a listener's `OnsetTracker` finds
 * them when the clip follows a silence: ms from the clip's first sample, sorted.
 */
export function findOnsets(
  pcm: Int16Array | Float32Array,
  sampleRateHz: number,
  options: Omit<OnsetOptions, 'sampleRateHz'> = {},
): ClipOnsets {
  const onsetsMs: number[] = [];
  const tracker = new OnsetTracker({ ...options, sampleRateHz }, (tSec) => onsetsMs.push(tSec * 1000));
  const blockSamples = options.blockSamples ?? ONSET_DEFAULTS.blockSamples;
  // Chunks are whole blocks, so the blocks fall where one pass over the clip would put them.
  const chunk = Math.max(1, Math.floor(CHUNK / blockSamples)) * blockSamples;
  const buf = new Float32Array(chunk);
  for (let at = 0; at < pcm.length; at += chunk) {
    const n = Math.min(chunk, pcm.length - at);
    if (pcm instanceof Int16Array) for (let i = 0; i < n; i++) buf[i] = pcm[at + i]! / 32768;
    else buf.set(pcm.subarray(at, at + n));
    tracker.push(buf, 0, n, at / sampleRateHz);
  }
  return { onsetsMs, soundEndMs: tracker.lastSoundSec * 1000 };
}
