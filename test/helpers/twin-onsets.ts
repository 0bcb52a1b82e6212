export interface OnsetPair {
  mouthMs: number;
  audioMs: number;
  /** Mouth minus audio: positive when the mouth lags what is heard. */
  offsetMs: number;
}

/**
 * Pairs each heard audio onset with the nearest mouth onset within `maxMs` (each mouth onset used
 * once). Shared by the twin browser test and `bench:twin`'s A/V offset measurement.
 */
export function pairOnsets(
  mouthMs: readonly number[],
  audioMs: readonly number[],
  maxMs: number,
): OnsetPair[] {
  const used = new Set<number>();
  const out: OnsetPair[] = [];
  for (const a of audioMs) {
    let best = -1;
    for (let i = 0; i < mouthMs.length; i++) {
      if (used.has(i)) continue;
      const d = Math.abs(mouthMs[i]! - a);
      if (d <= maxMs && (best < 0 || d < Math.abs(mouthMs[best]! - a))) best = i;
    }
    if (best < 0) continue;
    used.add(best);
    out.push({ mouthMs: mouthMs[best]!, audioMs: a, offsetMs: mouthMs[best]! - a });
  }
  return out;
}
