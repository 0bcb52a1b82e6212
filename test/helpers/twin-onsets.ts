export interface OnsetPair {
  mouthMs: number;
  audioMs: number;
  /** Mouth minus audio: positive when the mouth lags what is heard. */
  offsetMs: number;
}

/**
 * Pairs heard audio onsets with mouth onsets one-to-one, keeping both in time order (pairs never
 * cross), with the lowest total cost: a pair costs its |offset| (at most `maxMs`), an onset left
 * unpaired costs `maxMs / 2`. So two onsets pair when they are closer than `maxMs` and neither has a
 * better partner; a greedy nearest match instead lets one onset take the partner that belongs to its
 * neighbour and leaves that neighbour paired with something far off. Inputs need not be sorted.
 * Shared by the twin browser test and `bench:twin`'s A/V offset measurement.
 */
export function pairOnsets(
  mouthMs: readonly number[],
  audioMs: readonly number[],
  maxMs: number,
): OnsetPair[] {
  const m = [...mouthMs].sort((a, b) => a - b);
  const a = [...audioMs].sort((x, y) => x - y);
  const skip = maxMs / 2;
  const cols = m.length + 1;
  // cost[i * cols + j]: best cost of aligning a[i..] with m[j..].
  const cost = new Float64Array((a.length + 1) * cols);
  for (let i = a.length; i >= 0; i--) {
    for (let j = m.length; j >= 0; j--) {
      if (i === a.length && j === m.length) continue;
      let best = Infinity;
      if (i < a.length) best = skip + cost[(i + 1) * cols + j]!;
      if (j < m.length) best = Math.min(best, skip + cost[i * cols + j + 1]!);
      if (i < a.length && j < m.length) {
        const d = Math.abs(m[j]! - a[i]!);
        if (d <= maxMs) best = Math.min(best, d + cost[(i + 1) * cols + j + 1]!);
      }
      cost[i * cols + j] = best;
    }
  }
  const out: OnsetPair[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < m.length) {
    const here = cost[i * cols + j]!;
    const d = Math.abs(m[j]! - a[i]!);
    if (d <= maxMs && here === d + cost[(i + 1) * cols + j + 1]!) {
      out.push({ mouthMs: m[j]!, audioMs: a[i]!, offsetMs: m[j]! - a[i]! });
      i++;
      j++;
    } else if (here === skip + cost[(i + 1) * cols + j]!) i++;
    else j++;
  }
  return out;
}
