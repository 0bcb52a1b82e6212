import { SpeechError } from '../errors.ts';

/**
 * Rational-ratio polyphase resampler with a Kaiser-windowed sinc kernel, for mono s16 audio.
 * Output sample n sits exactly at input time n·from/to (zero phase), so word and phone times stay
 * valid after resampling. Streaming: push chunks as they arrive, flush at the end.
 */
export interface ResamplerOptions {
  /** Zero crossings of the sinc on each side; more = sharper transition, more work. */
  zeroCrossings?: number;
  /** Cut-off as a fraction of the lower Nyquist frequency (the rest is the transition band). */
  rolloff?: number;
  /** Kaiser window beta: 8.6 gives about 80 dB of stop-band attenuation. */
  kaiserBeta?: number;
}

interface Kernel {
  up: number;
  down: number;
  /** Taps per output phase; phases[p][j] weights input index i0 - half + 1 + j. */
  phases: Float64Array[];
  half: number;
}

const kernels = new Map<string, Kernel>();

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

function validRate(hz: number): boolean {
  return Number.isInteger(hz) && hz >= 1000 && hz <= 384_000;
}

function buildKernel(fromHz: number, toHz: number, opts: ResamplerOptions): Kernel {
  const key = `${fromHz}:${toHz}:${opts.zeroCrossings}:${opts.rolloff}:${opts.kaiserBeta}`;
  const cached = kernels.get(key);
  if (cached) return cached;
  const g = gcd(fromHz, toHz);
  const up = toHz / g;
  const down = fromHz / g;
  if (up > 2000)
    throw new SpeechError('bad_input', `resampling ${fromHz} -> ${toHz} Hz needs too many phases`);
  const zeroCrossings = opts.zeroCrossings ?? 16;
  const beta = opts.kaiserBeta ?? 8.6;
  // Cut-off in cycles per input sample (1 = input Nyquist): below the lower of the two Nyquists.
  const fc = (opts.rolloff ?? 0.92) * Math.min(1, up / down);
  const halfSpan = zeroCrossings / fc; // kernel half-length in input samples
  const half = Math.ceil(halfSpan) + 1;
  const i0beta = besselI0(beta);
  const phases: Float64Array[] = [];
  for (let p = 0; p < up; p++) {
    const frac = p / up;
    const taps = new Float64Array(2 * half);
    let sum = 0;
    for (let j = 0; j < taps.length; j++) {
      const t = frac + half - 1 - j;
      const x = t / halfSpan;
      if (Math.abs(x) >= 1) continue;
      const arg = Math.PI * fc * t;
      const sinc = t === 0 ? 1 : Math.sin(arg) / arg;
      const w = besselI0(beta * Math.sqrt(1 - x * x)) / i0beta;
      taps[j] = fc * sinc * w;
      sum += taps[j] as number;
    }
    // Exact unity gain at DC for every phase, so silence stays silence and levels do not ripple.
    for (let j = 0; j < taps.length; j++) taps[j] = (taps[j] as number) / sum;
    phases.push(taps);
  }
  const kernel = { up, down, phases, half };
  kernels.set(key, kernel);
  return kernel;
}

export class Resampler {
  readonly fromHz: number;
  readonly toHz: number;
  private readonly k: Kernel;
  /** Input samples not yet fully used, as floats; buf[0] is input index `bufStart`. */
  private buf: Float64Array;
  private bufStart: number;
  private inputCount = 0;
  private nextOut = 0;
  private flushed = false;

  constructor(fromHz: number, toHz: number, opts: ResamplerOptions = {}) {
    if (!validRate(fromHz) || !validRate(toHz)) {
      throw new SpeechError(
        'bad_input',
        `sample rates must be whole numbers of Hz in 1000..384000: ${fromHz}, ${toHz}`,
      );
    }
    this.fromHz = fromHz;
    this.toHz = toHz;
    this.k = buildKernel(fromHz, toHz, opts);
    // Samples before the first are silence.
    this.buf = new Float64Array(this.k.half);
    this.bufStart = -this.k.half;
  }

  /** Resamples the next chunk; returns the output samples that became computable. */
  push(chunk: Int16Array): Int16Array {
    if (this.flushed) throw new SpeechError('bad_input', 'resampler already flushed');
    const merged = new Float64Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    for (let i = 0; i < chunk.length; i++) merged[this.buf.length + i] = chunk[i] as number;
    this.buf = merged;
    this.inputCount += chunk.length;
    return this.produce(this.bufStart + this.buf.length);
  }

  /** Emits the remaining output (input after the end counts as silence). */
  flush(): Int16Array {
    if (this.flushed) return new Int16Array(0);
    this.flushed = true;
    const total = Math.ceil((this.inputCount * this.k.up) / this.k.down);
    const lastI0 = Math.floor(((total - 1) * this.k.down) / this.k.up);
    const need = lastI0 + this.k.half + 1 - (this.bufStart + this.buf.length);
    if (need > 0) {
      const padded = new Float64Array(this.buf.length + need);
      padded.set(this.buf);
      this.buf = padded;
    }
    return this.produce(this.bufStart + this.buf.length, total);
  }

  /** Output samples computable from input indices below `available`, up to `limit` in total. */
  private produce(available: number, limit = Infinity): Int16Array {
    const { up, down, phases, half } = this.k;
    // Output n needs input up to floor(n·down/up) + half, which must be below `available`.
    const bound = Math.min(limit, Math.ceil(((available - half) * up) / down) + 1);
    const out = new Int16Array(Math.max(0, bound - this.nextOut));
    let count = 0;
    const buf = this.buf;
    for (; this.nextOut < bound; this.nextOut++) {
      const pos = this.nextOut * down;
      const i0 = Math.floor(pos / up);
      if (i0 + half >= available) break;
      const taps = phases[pos - i0 * up] as Float64Array;
      const base = i0 - half + 1 - this.bufStart;
      let acc = 0;
      for (let j = 0; j < taps.length; j++) acc += (taps[j] as number) * (buf[base + j] as number);
      out[count++] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc);
    }
    // Drop input that no future output needs.
    const nextI0 = Math.floor((this.nextOut * down) / up);
    const drop = nextI0 - half + 1 - this.bufStart;
    if (drop > 0 && drop <= this.buf.length) {
      this.buf = this.buf.slice(drop);
      this.bufStart += drop;
    }
    return count === out.length ? out : out.slice(0, count);
  }
}

/** Resamples a whole clip; the output has ceil(len · to / from) samples, time-aligned with the input. */
export function resamplePcm(
  samples: Int16Array,
  fromHz: number,
  toHz: number,
  opts: ResamplerOptions = {},
): Int16Array {
  if (fromHz === toHz) return samples.slice();
  const r = new Resampler(fromHz, toHz, opts);
  const a = r.push(samples);
  const b = r.flush();
  const out = new Int16Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
