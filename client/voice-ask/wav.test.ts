import { describe, expect, it } from 'vitest';
import { decodeWav } from '../../server/speech/index.ts';
import { downsampleToInt16, wavBytes } from './wav.ts';

describe('voice upload encoding', () => {
  it('downsamples 48 kHz to 16 kHz keeping a low tone and its level', () => {
    const input = new Float32Array(48_000);
    for (let i = 0; i < input.length; i++) input[i] = 0.5 * Math.sin((2 * Math.PI * 200 * i) / 48_000);
    const out = downsampleToInt16(input, 48_000);
    expect(out.length).toBe(16_000);
    const peak = out.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak / 0x7fff).toBeGreaterThan(0.48);
    expect(peak / 0x7fff).toBeLessThan(0.51);
  });

  it('attenuates a tone above the new Nyquist frequency', () => {
    const input = new Float32Array(48_000);
    for (let i = 0; i < input.length; i++) input[i] = 0.5 * Math.sin((2 * Math.PI * 11_000 * i) / 48_000);
    const out = downsampleToInt16(input, 48_000);
    const peak = out.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak / 0x7fff).toBeLessThan(0.25);
  });

  it('clips out-of-range samples and refuses to upsample', () => {
    const out = downsampleToInt16(Float32Array.from([2, -2, 2, -2]), 16_000);
    expect([...out]).toEqual([32767, -32768, 32767, -32768]);
    expect(() => downsampleToInt16(new Float32Array(4), 8_000)).toThrow(RangeError);
  });

  it('writes a WAV file the server reads back exactly', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const decoded = decodeWav(wavBytes(samples, 16_000));
    expect(decoded.sampleRateHz).toBe(16_000);
    expect([...decoded.samples]).toEqual([...samples]);
  });
});
