import { describe, expect, it } from 'vitest';
import { concatInt16, decodeWav, encodeWav, int16FromBytes, int16ToBytes, rms, samplesToMs } from './pcm.ts';

describe('pcm utils', () => {
  it('round-trips WAV files', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const wav = encodeWav(samples, 16_000);
    expect(wav.length).toBe(44 + 12);
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    const back = decodeWav(wav);
    expect(back.sampleRateHz).toBe(16_000);
    expect(back.samples).toEqual(samples);
  });

  it('skips unknown chunks and reads data from an odd byte offset', () => {
    const wav = encodeWav(Int16Array.from([5, -5]), 32_000);
    // Insert a LIST chunk between fmt and data, and put the file at an odd offset in a bigger buffer.
    const list = new Uint8Array([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]);
    const withList = new Uint8Array(1 + wav.length + list.length);
    withList.set(wav.subarray(0, 36), 1);
    withList.set(list, 37);
    withList.set(wav.subarray(36), 37 + list.length);
    const back = decodeWav(withList.subarray(1));
    expect(back.samples).toEqual(Int16Array.from([5, -5]));
  });

  it('rejects files it cannot read, saying why', () => {
    expect(() => decodeWav(new Uint8Array(4))).toThrow(/too short/);
    expect(() => decodeWav(new TextEncoder().encode('RIFF....WAVEjunkjunkjunk'))).toThrow(/WAV/);
    const stereo = encodeWav(Int16Array.from([1, 2]), 16_000);
    new DataView(stereo.buffer).setUint16(22, 2, true);
    expect(() => decodeWav(stereo)).toThrow(/2 channel/);
    expect(() => int16FromBytes(new Uint8Array(3))).toThrow(/even number/);
  });

  it('converts bytes, joins chunks, measures level and time', () => {
    const s = Int16Array.from([-2, 300]);
    expect(int16FromBytes(int16ToBytes(s))).toEqual(s);
    expect(concatInt16([s, Int16Array.from([7])])).toEqual(Int16Array.from([-2, 300, 7]));
    expect(rms(new Int16Array(10).fill(16384))).toBeCloseTo(0.5, 6);
    expect(rms(new Int16Array(0))).toBe(0);
    expect(samplesToMs(48_000, 48_000)).toBe(1000);
  });
});
