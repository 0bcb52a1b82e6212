import { describe, expect, it } from 'vitest';
import { Resampler, resamplePcm } from './resample.ts';

function sine(freqHz: number, rateHz: number, seconds: number, amplitude = 10_000): Int16Array {
  const n = Math.round(rateHz * seconds);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * freqHz * i) / rateHz));
  return out;
}

/** Amplitude of the `freqHz` component over the middle of the clip (edges hold the filter's ramps). */
function amplitudeAt(samples: Int16Array, rateHz: number, freqHz: number): number {
  const start = Math.floor(samples.length * 0.2);
  const end = Math.floor(samples.length * 0.8);
  let c = 0;
  let s = 0;
  for (let i = start; i < end; i++) {
    const ph = (2 * Math.PI * freqHz * i) / rateHz;
    c += (samples[i] as number) * Math.cos(ph);
    s += (samples[i] as number) * Math.sin(ph);
  }
  return (2 * Math.hypot(c, s)) / (end - start);
}

const db = (ratio: number) => 20 * Math.log10(ratio);

describe('resamplePcm', () => {
  it('keeps the pass band flat when upsampling 32 kHz -> 48 kHz', () => {
    for (const f of [100, 1000, 4000, 9000, 12_000]) {
      const out = resamplePcm(sine(f, 32_000, 0.5), 32_000, 48_000);
      expect(Math.abs(db(amplitudeAt(out, 48_000, f) / 10_000)), `${f} Hz`).toBeLessThan(0.2);
    }
    // The transition band starts near 92% of the 16 kHz Nyquist: 14 kHz is only slightly down.
    const edge = resamplePcm(sine(14_000, 32_000, 0.5), 32_000, 48_000);
    expect(db(amplitudeAt(edge, 48_000, 14_000) / 10_000)).toBeGreaterThan(-3);
  });

  it('suppresses the image band when upsampling 24 kHz -> 48 kHz', () => {
    const f = 3000;
    const out = resamplePcm(sine(f, 24_000, 0.5), 24_000, 48_000);
    expect(Math.abs(db(amplitudeAt(out, 48_000, f) / 10_000))).toBeLessThan(0.2);
    // A naive zero-stuffing upsampler leaves a mirror at 24 kHz - 3 kHz.
    expect(db(amplitudeAt(out, 48_000, 21_000) / 10_000)).toBeLessThan(-60);
  });

  it('filters out what would alias when downsampling 48 kHz -> 16 kHz', () => {
    const pass = resamplePcm(sine(1000, 48_000, 0.5), 48_000, 16_000);
    expect(Math.abs(db(amplitudeAt(pass, 16_000, 1000) / 10_000))).toBeLessThan(0.2);
    const pass6k = resamplePcm(sine(6000, 48_000, 0.5), 48_000, 16_000);
    expect(Math.abs(db(amplitudeAt(pass6k, 16_000, 6000) / 10_000))).toBeLessThan(0.5);
    // 12 kHz is above the new 8 kHz Nyquist: without filtering it would fold down to 4 kHz.
    const stop = resamplePcm(sine(12_000, 48_000, 0.5), 48_000, 16_000);
    expect(db(amplitudeAt(stop, 16_000, 4000) / 10_000)).toBeLessThan(-60);
  });

  it('keeps time alignment (zero phase) and the expected length', () => {
    const input = new Int16Array(3200);
    input[320] = 20_000; // 10 ms at 32 kHz
    const out = resamplePcm(input, 32_000, 48_000);
    expect(out.length).toBe(4800);
    let peak = 0;
    for (let i = 1; i < out.length; i++)
      if (Math.abs(out[i] as number) > Math.abs(out[peak] as number)) peak = i;
    expect(peak).toBe(480); // 10 ms at 48 kHz
    expect(resamplePcm(new Int16Array(1001), 48_000, 16_000).length).toBe(334);
    expect(resamplePcm(new Int16Array(0), 24_000, 48_000).length).toBe(0);
  });

  it('passes DC through at unity gain and clips instead of wrapping', () => {
    const dc = new Int16Array(4000).fill(1000);
    const out = resamplePcm(dc, 32_000, 48_000);
    for (let i = 100; i < out.length - 100; i++) expect(out[i]).toBe(1000);
    const square = new Int16Array(4000);
    for (let i = 0; i < square.length; i++) square[i] = Math.floor(i / 40) % 2 ? 32_767 : -32_768;
    for (const x of resamplePcm(square, 24_000, 48_000)) expect(Math.abs(x)).toBeLessThanOrEqual(32_768);
  });

  it('gives the same samples streamed in odd chunks as in one go', () => {
    const input = sine(440, 48_000, 0.3);
    const whole = resamplePcm(input, 48_000, 16_000);
    const r = new Resampler(48_000, 16_000);
    const parts: number[] = [];
    let at = 0;
    for (const size of [1, 7, 480, 333, 5000, 12]) {
      parts.push(...r.push(input.subarray(at, at + size)));
      at += size;
    }
    parts.push(...r.push(input.subarray(at)));
    parts.push(...r.flush());
    expect(Int16Array.from(parts)).toEqual(whole);
  });

  it('returns a copy for equal rates and rejects nonsense rates', () => {
    const x = Int16Array.from([1, 2, 3]);
    const y = resamplePcm(x, 16_000, 16_000);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
    expect(() => resamplePcm(x, 0, 16_000)).toThrow(/sample rates/);
    expect(() => resamplePcm(x, 16_000.5, 48_000)).toThrow(/sample rates/);
  });
});
