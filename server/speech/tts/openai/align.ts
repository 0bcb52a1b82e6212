import { resamplePcm } from '../../audio/resample.ts';
import type { SpokenPhone, SpokenWord } from '../types.ts';
import { alignmentFeatures, FEATURE_HOP_MS } from './features.ts';

/** Timings known for some rendering of a text, to be carried over to another rendering of it. */
export interface ReferenceTimings {
  words: SpokenWord[];
  phones: SpokenPhone[];
  durationMs: number;
}

type Warp = (ms: number) => number;

const FAST = { zeroCrossings: 6 };

/** Largest cost matrix DTW may use (frames x frames); longer clips fall back to envelope warping. */
const MAX_DTW_CELLS = 12_000_000;

/**
 * Dynamic time warping of reference features onto target features (symmetric steps, a band around the
 * diagonal). Returns, for each reference frame, the matching target frame (monotonic, fractional).
 */
export function dtwPath(ref: Float32Array, target: Float32Array, dims: number): Float64Array | null {
  const n = ref.length / dims;
  const m = target.length / dims;
  if (n < 2 || m < 2 || n * m > MAX_DTW_CELLS) return null;
  const band = Math.ceil(0.3 * Math.max(n, m)) + 20;
  const INF = Number.POSITIVE_INFINITY;
  const cost = new Float32Array(n * m).fill(INF);
  const step = new Uint8Array(n * m); // 0 diag, 1 from i-1 (up), 2 from j-1 (left)
  const dist = (i: number, j: number) => {
    let d = 0;
    for (let k = 0; k < dims; k++) {
      const x = (ref[i * dims + k] as number) - (target[j * dims + k] as number);
      d += x * x;
    }
    return Math.sqrt(d);
  };
  for (let i = 0; i < n; i++) {
    const center = (i * (m - 1)) / (n - 1);
    const lo = Math.max(0, Math.floor(center - band));
    const hi = Math.min(m - 1, Math.ceil(center + band));
    for (let j = lo; j <= hi; j++) {
      const d = dist(i, j);
      if (i === 0 && j === 0) {
        cost[0] = d;
        continue;
      }
      let best = INF;
      let from = 0;
      if (i > 0 && j > 0 && (cost[(i - 1) * m + j - 1] as number) + 2 * d < best) {
        best = (cost[(i - 1) * m + j - 1] as number) + 2 * d;
        from = 0;
      }
      if (i > 0 && (cost[(i - 1) * m + j] as number) + d < best) {
        best = (cost[(i - 1) * m + j] as number) + d;
        from = 1;
      }
      if (j > 0 && (cost[i * m + j - 1] as number) + d < best) {
        best = (cost[i * m + j - 1] as number) + d;
        from = 2;
      }
      cost[i * m + j] = best;
      step[i * m + j] = from;
    }
  }
  if (!Number.isFinite(cost[n * m - 1] as number)) return null;
  // Walk back, averaging the target frames matched to each reference frame.
  const sum = new Float64Array(n);
  const count = new Float64Array(n);
  let i = n - 1;
  let j = m - 1;
  for (;;) {
    sum[i] = (sum[i] as number) + j;
    count[i] = (count[i] as number) + 1;
    if (i === 0 && j === 0) break;
    const s = step[i * m + j];
    if (s === 0) {
      i--;
      j--;
    } else if (s === 1) i--;
    else j--;
    if (i < 0 || j < 0) return null;
  }
  const map = new Float64Array(n);
  let prev = 0;
  for (let k = 0; k < n; k++) {
    prev = Math.max(prev, (sum[k] as number) / Math.max(1, count[k] as number));
    map[k] = prev;
  }
  return map;
}

function warpFromMap(map: Float64Array, targetMs: number): Warp {
  return (ms) => {
    const x = ms / FEATURE_HOP_MS;
    const i = Math.floor(x);
    if (i < 0) return 0;
    if (i >= map.length - 1)
      return Math.min(
        targetMs,
        (map[map.length - 1] as number) * FEATURE_HOP_MS + (x - (map.length - 1)) * FEATURE_HOP_MS,
      );
    const a = map[i] as number;
    const b = map[i + 1] as number;
    return Math.min(targetMs, (a + (b - a) * (x - i)) * FEATURE_HOP_MS);
  };
}

/** Where speech starts and ends in 16 kHz audio: frames within 35 dB of the loudest. */
export function speechBounds(pcm16k: Int16Array): { startMs: number; endMs: number } | null {
  const { frames, energyDb } = alignmentFeatures(pcm16k);
  let max = -Infinity;
  for (const e of energyDb) max = Math.max(max, e);
  if (frames === 0 || max < -60) return null;
  let first = -1;
  let last = -1;
  for (let f = 0; f < frames; f++) {
    if ((energyDb[f] as number) > max - 35) {
      if (first < 0) first = f;
      last = f;
    }
  }
  return { startMs: first * FEATURE_HOP_MS, endMs: (last + 2.5) * FEATURE_HOP_MS };
}

function applyWarp(
  ref: ReferenceTimings,
  warp: Warp,
  durationMs: number,
): { words: SpokenWord[]; phones: SpokenPhone[] } {
  const clamp = (ms: number) => Math.min(Math.max(Math.round(warp(ms)), 0), Math.floor(durationMs));
  const monotonic = <T extends { startMs: number; endMs: number }>(items: T[]): T[] => {
    let last = 0;
    for (const it of items) {
      it.startMs = Math.max(it.startMs, last);
      it.endMs = Math.max(it.endMs, it.startMs);
      last = it.startMs;
    }
    return items;
  };
  return {
    words: monotonic(ref.words.map((w) => ({ ...w, startMs: clamp(w.startMs), endMs: clamp(w.endMs) }))),
    phones: monotonic(ref.phones.map((p) => ({ ...p, startMs: clamp(p.startMs), endMs: clamp(p.endMs) }))),
  };
}

/**
 * Carries word and phone times from a reference rendering (Festival's audio of the same text) onto the
 * real audio: DTW over normalized spectral features of both. Both clips are 48 kHz.
 */
export function alignByAudio(
  ref: ReferenceTimings,
  refPcm48k: Int16Array,
  targetPcm48k: Int16Array,
): { words: SpokenWord[]; phones: SpokenPhone[] } | null {
  const targetMs = (targetPcm48k.length * 1000) / 48_000;
  // Features need no studio-grade resampling: a shorter kernel is 2-3x faster.
  const a = alignmentFeatures(resamplePcm(refPcm48k, 48_000, 16_000, FAST));
  const b = alignmentFeatures(resamplePcm(targetPcm48k, 48_000, 16_000, FAST));
  const map = dtwPath(a.data, b.data, a.dims);
  if (!map) return null;
  return applyWarp(ref, warpFromMap(map, targetMs), targetMs);
}

/**
 * Without reference audio: stretches the reference speech span (first word start .. last word end)
 * linearly over the span where the real audio is loud.
 */
export function alignByEnvelope(
  ref: ReferenceTimings,
  targetPcm48k: Int16Array,
): { words: SpokenWord[]; phones: SpokenPhone[] } {
  const targetMs = (targetPcm48k.length * 1000) / 48_000;
  const bounds = speechBounds(resamplePcm(targetPcm48k, 48_000, 16_000, FAST)) ?? {
    startMs: 0,
    endMs: targetMs,
  };
  const refStart = ref.words[0]?.startMs ?? 0;
  const refEnd = ref.words[ref.words.length - 1]?.endMs ?? ref.durationMs;
  const scale = (bounds.endMs - bounds.startMs) / Math.max(1, refEnd - refStart);
  return applyWarp(ref, (ms) => bounds.startMs + (ms - refStart) * scale, targetMs);
}
