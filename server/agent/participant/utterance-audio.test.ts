import { describe, expect, it } from 'vitest';
import { heardSamples, samplesToMs, UtteranceAudio } from './utterance-audio.ts';

const ramp = (n: number, from = 1) => Int16Array.from({ length: n }, (_, i) => from + i);

describe('UtteranceAudio', () => {
  it('slices appended audio into fixed frames across segment boundaries', () => {
    const a = new UtteranceAudio();
    expect(a.append(ramp(5, 1))).toBe(0);
    expect(a.append(ramp(4, 100))).toBe(5); // queued behind the first: no gap
    a.end();
    expect(Array.from(a.nextFrame(4)!)).toEqual([1, 2, 3, 4]);
    expect(Array.from(a.nextFrame(4)!)).toEqual([5, 100, 101, 102]);
    // The last frame is filled up with silence.
    expect(Array.from(a.nextFrame(4)!)).toEqual([103, 0, 0, 0]);
    expect(a.drained).toBe(true);
    expect(a.nextFrame(4)).toBeNull();
    expect(a.lengthSamples).toBe(9);
  });

  it('pads with silence while the next segment is not ready, and starts it where the pad ends', () => {
    const a = new UtteranceAudio();
    a.append(ramp(6));
    expect(Array.from(a.nextFrame(4)!)).toEqual([1, 2, 3, 4]);
    expect(Array.from(a.nextFrame(4)!)).toEqual([5, 6, 0, 0]);
    expect(a.drained).toBe(false); // not ended: more may come
    expect(Array.from(a.nextFrame(4)!)).toEqual([0, 0, 0, 0]);
    // 12 samples were handed out (6 audio + 6 silence): the late segment starts at 12, not 6.
    expect(a.append(ramp(2, 50))).toBe(12);
    expect(a.lengthSamples).toBe(14);
    a.end();
    expect(Array.from(a.nextFrame(4)!)).toEqual([50, 51, 0, 0]);
    expect(a.nextFrame(4)).toBeNull();
    expect(a.paddingSamples).toBe(8);
  });

  it('ignores empty segments and refuses appends after end', () => {
    const a = new UtteranceAudio();
    expect(a.append(new Int16Array(0))).toBe(0);
    a.end();
    expect(a.drained).toBe(true);
    expect(a.nextFrame(4)).toBeNull();
    expect(() => a.append(ramp(1))).toThrow();
  });
});

describe('heardSamples', () => {
  it('is what was handed minus what is still queued, from the utterance start', () => {
    // Pump handed 10_000 samples, 2_000 still queued, utterance began at 3_000 and is 9_000 long.
    expect(heardSamples(10_000, 2_000, 3_000, 9_000)).toBe(5_000);
  });
  it('is 0 while the queue still holds what came before the utterance', () => {
    expect(heardSamples(3_500, 960, 3_000, 9_000)).toBe(0);
  });
  it('never exceeds the utterance audio (trailing silence is not speech)', () => {
    expect(heardSamples(20_000, 0, 3_000, 9_000)).toBe(9_000);
  });
});

describe('samplesToMs', () => {
  it('converts at 48 kHz with sub-millisecond precision', () => {
    expect(samplesToMs(48_000, 48_000)).toBe(1000);
    expect(samplesToMs(24, 48_000)).toBe(0.5);
    expect(Math.round(samplesToMs(12_345, 48_000) * 48)).toBe(12_345);
  });
});
