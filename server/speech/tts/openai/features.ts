/**
 * Frame features for aligning two recordings of the same text by different voices: per 10 ms frame of
 * 16 kHz audio, log energy and the first 7 cepstral coefficients (log mel bands through a DCT), each
 * normalized per utterance, plus their deltas. Low-order cepstra describe the broad spectral shape
 * that different voices share; tested with pitch/formant-shifted speech, 8 coefficients with deltas
 * aligned words to ~10-25 ms on average where all 13 without deltas were off by 35-370 ms.
 */
export const FEATURE_HOP_MS = 10;
const RATE = 16_000;
const FRAME = 400; // 25 ms
const HOP = (RATE * FEATURE_HOP_MS) / 1000;
const FFT = 512;
const BANDS = 24;
const COEFFS = 8;
const DIMS = 2 * COEFFS;

const TWIDDLE_RE = Float64Array.from({ length: FFT / 2 }, (_, k) => Math.cos((-2 * Math.PI * k) / FFT));
const TWIDDLE_IM = Float64Array.from({ length: FFT / 2 }, (_, k) => Math.sin((-2 * Math.PI * k) / FFT));

function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] as number, re[i] as number];
      [im[i], im[j]] = [im[j] as number, im[i] as number];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const stride = n / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = TWIDDLE_RE[k * stride] as number;
        const wi = TWIDDLE_IM[k * stride] as number;
        const a = i + k;
        const b = a + len / 2;
        const xr = (re[b] as number) * wr - (im[b] as number) * wi;
        const xi = (re[b] as number) * wi + (im[b] as number) * wr;
        re[b] = (re[a] as number) - xr;
        im[b] = (im[a] as number) - xi;
        re[a] = (re[a] as number) + xr;
        im[a] = (im[a] as number) + xi;
      }
    }
  }
}

const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const hzFromMel = (m: number) => 700 * (10 ** (m / 2595) - 1);

/** Triangular mel filters over FFT bins, 100 Hz to 7 kHz. */
const FILTERS: Float64Array[] = (() => {
  const lo = mel(100);
  const hi = mel(7000);
  const edges = Array.from(
    { length: BANDS + 2 },
    (_, i) => (hzFromMel(lo + ((hi - lo) * i) / (BANDS + 1)) * FFT) / RATE,
  );
  return Array.from({ length: BANDS }, (_, b) => {
    const f = new Float64Array(FFT / 2 + 1);
    const [l, c, r] = [edges[b] as number, edges[b + 1] as number, edges[b + 2] as number];
    for (let k = 0; k < f.length; k++) {
      if (k > l && k <= c) f[k] = (k - l) / (c - l);
      else if (k > c && k < r) f[k] = (r - k) / (r - c);
    }
    return f;
  });
})();

const DCT = Float64Array.from({ length: COEFFS * BANDS }, (_, i) =>
  Math.cos((Math.PI * Math.floor(i / BANDS) * ((i % BANDS) + 0.5)) / BANDS),
);

const HANN = Float64Array.from(
  { length: FRAME },
  (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (FRAME - 1)),
);

/** Features of 16 kHz audio: frames x dims, row-major, plus per-frame log energy (dB). */
export function alignmentFeatures(pcm16k: Int16Array): {
  frames: number;
  dims: number;
  data: Float32Array;
  energyDb: Float32Array;
} {
  const frames = Math.max(0, Math.floor((pcm16k.length - FRAME) / HOP) + 1);
  const data = new Float32Array(frames * COEFFS);
  const energyDb = new Float32Array(frames);
  const re = new Float64Array(FFT);
  const im = new Float64Array(FFT);
  const logBands = new Float64Array(BANDS);
  for (let f = 0; f < frames; f++) {
    re.fill(0);
    im.fill(0);
    let energy = 0;
    for (let i = 0; i < FRAME; i++) {
      const x = (pcm16k[f * HOP + i] as number) / 32768;
      energy += x * x;
      re[i] = x * (HANN[i] as number);
    }
    energyDb[f] = 10 * Math.log10(energy / FRAME + 1e-10);
    fftInPlace(re, im);
    for (let b = 0; b < BANDS; b++) {
      const filt = FILTERS[b] as Float64Array;
      let e = 0;
      for (let k = 0; k < filt.length; k++) {
        const w = filt[k] as number;
        if (w) e += w * ((re[k] as number) ** 2 + (im[k] as number) ** 2);
      }
      logBands[b] = Math.log(e + 1e-8);
    }
    for (let c = 1; c < COEFFS; c++) {
      let acc = 0;
      for (let b = 0; b < BANDS; b++) acc += (logBands[b] as number) * (DCT[c * BANDS + b] as number);
      data[f * COEFFS + c] = acc;
    }
    data[f * COEFFS] = energyDb[f] as number;
  }
  // Per-utterance mean and variance normalization: removes channel and voice differences.
  for (let c = 0; c < COEFFS; c++) {
    let mean = 0;
    for (let f = 0; f < frames; f++) mean += data[f * COEFFS + c] as number;
    mean /= Math.max(1, frames);
    let v = 0;
    for (let f = 0; f < frames; f++) v += ((data[f * COEFFS + c] as number) - mean) ** 2;
    const sd = Math.sqrt(v / Math.max(1, frames)) || 1;
    for (let f = 0; f < frames; f++) data[f * COEFFS + c] = ((data[f * COEFFS + c] as number) - mean) / sd;
  }
  const out = new Float32Array(frames * DIMS);
  for (let f = 0; f < frames; f++) {
    const ahead = Math.min(frames - 1, f + 2);
    const behind = Math.max(0, f - 2);
    for (let c = 0; c < COEFFS; c++) {
      out[f * DIMS + c] = data[f * COEFFS + c] as number;
      out[f * DIMS + COEFFS + c] =
        ((data[ahead * COEFFS + c] as number) - (data[behind * COEFFS + c] as number)) / 2;
    }
  }
  return { frames, dims: DIMS, data: out, energyDb };
}
