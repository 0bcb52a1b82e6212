import { describe, expect, it } from 'vitest';
import { visemeIndex, VISEME_COUNT } from '../../common/timeline.ts';
import { VISEME_MAX_WEIGHT } from './morph-map.ts';
import { DEFAULT_MOUTH_ONSET, MouthOnsetDetector, mouthOpening } from './mouth-onsets.ts';

function weights(entries: Record<string, number>): Float32Array {
  const w = new Float32Array(VISEME_COUNT);
  for (const [v, x] of Object.entries(entries)) w[visemeIndex(v as 'aa')] = x;
  return w;
}

describe('mouthOpening', () => {
  it('sums the shapes that part the lips, as the face shows them (gain, caps)', () => {
    expect(mouthOpening(weights({ aa: 0.5, E: 0.2 }), 1)).toBeCloseTo(0.7, 5);
    expect(mouthOpening(weights({ aa: 1 }), 1)).toBeCloseTo(VISEME_MAX_WEIGHT.aa, 5);
    expect(mouthOpening(weights({ aa: 0.5 }), 0.5)).toBeCloseTo(0.25, 5);
  });

  it('counts closed lips (PP), lip on teeth (FF) and rest (sil) as a closed mouth', () => {
    expect(mouthOpening(weights({ sil: 1, PP: 0.9, FF: 0.9 }), 1)).toBe(0);
  });
});

/** Feeds `value(t)` every `stepMs` over [0, endMs] and returns the onsets found. */
function run(value: (t: number) => number, endMs: number, stepMs: number): number[] {
  const out: number[] = [];
  const d = new MouthOnsetDetector((t) => out.push(t));
  for (let t = 0; t <= endMs; t += stepMs) d.sample(value(t), t);
  return out;
}

/** A mouth that opens linearly over 40 ms from `at`, stays open, and closes at `closeAt`. */
const phrase = (at: number, closeAt: number) => (t: number) =>
  t < at ? 0 : t < at + 40 ? ((t - at) / 40) * 0.6 : t < closeAt ? 0.6 : 0;

describe('MouthOnsetDetector', () => {
  const cross = (at: number) => at + (DEFAULT_MOUTH_ONSET.openAbove / 0.6) * 40;
  it('finds each opening after a rest, at the same time whatever the sampling rate', () => {
    const v = (t: number) => Math.max(phrase(100, 400)(t), phrase(600, 900)(t));
    const fine = run(v, 1000, 1);
    expect(fine).toHaveLength(2);
    expect(fine[0]).toBeCloseTo(cross(100), 5);
    expect(fine[1]).toBeCloseTo(cross(600), 5);
    // Sampled every 5 ms the crossing is interpolated to the same place.
    const coarse = run(v, 1000, 5);
    expect(coarse[0]).toBeCloseTo(cross(100), 5);
    expect(coarse[1]).toBeCloseTo(cross(600), 5);
  });

  it('ignores a closure shorter than the rest it needs (a stop inside a word)', () => {
    const gap = DEFAULT_MOUTH_ONSET.minRestMs - 20;
    const v = (t: number) => Math.max(phrase(100, 400)(t), phrase(400 + gap, 900)(t));
    expect(run(v, 1000, 1)).toHaveLength(1);
  });

  it('does not count a half-open wobble as a rest, nor reset the rest on it', () => {
    // Closed 300 ms, then a 20 ms flicker to half-open (never open), closed again briefly, then opens.
    const v = (t: number) =>
      t < 300 ? 0 : t < 320 ? 0.08 : t < 340 ? 0 : t < 380 ? ((t - 340) / 40) * 0.6 : 0.6;
    const onsets = run(v, 500, 1);
    // The stretch after the flicker (20 ms) is too short: the flicker broke the rest.
    expect(onsets).toHaveLength(0);
  });

  it('places a crossing at the sample time when the value jumped (schedule moved)', () => {
    const out: number[] = [];
    const d = new MouthOnsetDetector((t) => out.push(t));
    d.sample(0, 0);
    d.sample(0, 100);
    d.sample(0.5, 105, false);
    expect(out).toEqual([105]);
  });
});
