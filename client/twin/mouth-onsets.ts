import { OCULUS_VISEMES, VISEME_COUNT, type OculusViseme } from '../../common/timeline.ts';
import { VISEME_MAX_WEIGHT } from './morph-map.ts';

/**
 * Visemes that do not open the mouth: PP presses the lips together and FF rests the lower lip on the
 * teeth, so a viewer sees a closed mouth. The sound they make is silent (a stop's closure) or faint
 * (frication well below speech level), and the audible onset comes with the next, open, shape.
 */
const CLOSED_SHAPES: ReadonlySet<OculusViseme> = new Set(['sil', 'PP', 'FF']);
/** Per viseme (OCULUS_VISEMES order): 1 when the shape parts the lips, 0 for sil, PP and FF. */
export const OPENS_MOUTH: Readonly<Uint8Array> = Uint8Array.from(OCULUS_VISEMES, (v) =>
  CLOSED_SHAPES.has(v) ? 0 : 1,
);
const OPEN_CAPS = Float32Array.from(OCULUS_VISEMES, (v) => (CLOSED_SHAPES.has(v) ? 0 : VISEME_MAX_WEIGHT[v]));

/**
 * How far the face's mouth is open for viseme weights as `applyVisemes` writes them (scaled by `gain`,
 * capped per viseme): the sum over the visemes that part the lips. Allocation-free.
 */
export function mouthOpening(weights: Float32Array, gain: number): number {
  let sum = 0;
  for (let i = 1; i < VISEME_COUNT; i++) {
    const cap = OPEN_CAPS[i]!;
    if (cap > 0) sum += Math.min(cap, Math.max(0, (weights[i] ?? 0) * gain));
  }
  return sum;
}

export interface MouthOnsetOptions {
  /** Opening above which the mouth counts as open. */
  openAbove: number;
  /** Opening below which it counts as closed. */
  closedBelow: number;
  /** How long the mouth must have been closed before an opening is an onset. */
  minRestMs: number;
}

/**
 * Onset definition matching the audio side (`OnsetTracker`: sound after >= 120 ms below -50 dBFS): the
 * mouth opens after a real pause. The blend between visemes (VISEME_BLEND_MS each side) eats about
 * 25 ms of each edge of a pause, so a pause the ear hears as 120 ms of silence shows as ~70 ms of closed
 * mouth; shorter closures (a "p" inside a word) are not pauses on either side.
 */
export const DEFAULT_MOUTH_ONSET: MouthOnsetOptions = { openAbove: 0.12, closedBelow: 0.04, minRestMs: 60 };

/**
 * Finds mouth-opening onsets in a stream of (time, opening) samples: the time the opening crosses
 * `openAbove` after it stayed below `closedBelow` for `minRestMs`. Crossings are placed by linear
 * interpolation between samples. Allocation-free.
 */
export class MouthOnsetDetector {
  private state: 'closed' | 'rising' | 'open' = 'closed';
  /** Start of the current (or last) closed stretch below `closedBelow`. */
  private closedSinceMs = -Infinity;
  /** Length of the closed stretch before the current rise. */
  private restMs = Infinity;
  private lastValue = 0;
  private lastAtMs = NaN;

  constructor(
    private readonly onOnset: (atMs: number) => void,
    private readonly o: MouthOnsetOptions = DEFAULT_MOUTH_ONSET,
  ) {}

  /**
   * The mouth's opening at `atMs` (times non-decreasing). `continuous: false` says the value jumped
   * there (the schedule moved): crossings are placed at `atMs` instead of interpolated.
   */
  sample(value: number, atMs: number, continuous = true): void {
    const { openAbove, closedBelow, minRestMs } = this.o;
    const prev = this.lastValue;
    const prevAt = continuous && !Number.isNaN(this.lastAtMs) ? this.lastAtMs : atMs;
    this.lastValue = value;
    this.lastAtMs = atMs;
    if (this.state === 'open') {
      if (value < closedBelow) {
        this.state = 'closed';
        this.closedSinceMs = crossing(prev, prevAt, value, atMs, closedBelow);
      }
      return;
    }
    if (value < closedBelow) {
      if (this.state === 'rising') {
        // Back down without opening: the rest starts again.
        this.state = 'closed';
        this.closedSinceMs = crossing(prev, prevAt, value, atMs, closedBelow);
      }
      return;
    }
    if (this.state === 'closed') {
      this.restMs = crossing(prev, prevAt, value, atMs, closedBelow) - this.closedSinceMs;
      this.state = 'rising';
    }
    if (value > openAbove) {
      this.state = 'open';
      if (this.restMs >= minRestMs) this.onOnset(crossing(prev, prevAt, value, atMs, openAbove));
    }
  }

  /** Forgets the past: the next opening counts as an onset (e.g. a new utterance after silence). */
  reset(): void {
    this.state = 'closed';
    this.closedSinceMs = -Infinity;
    this.restMs = Infinity;
    this.lastValue = 0;
    this.lastAtMs = NaN;
  }
}

/** When a value going from `a` (at `aMs`) to `b` (at `bMs`) passed `level`, linearly interpolated. */
function crossing(a: number, aMs: number, b: number, bMs: number, level: number): number {
  if (bMs <= aMs || a === b) return bMs;
  const f = (level - a) / (b - a);
  return f <= 0 ? aMs : f >= 1 ? bMs : aMs + f * (bMs - aMs);
}
