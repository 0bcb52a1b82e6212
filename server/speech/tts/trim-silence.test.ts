import { describe, expect, it } from 'vitest';
import { trimLeadingSilence } from './trim-silence.ts';
import type { SpeechSegment } from './types.ts';

function segment(silenceMs: number, speechMs: number): SpeechSegment {
  const pcm = new Int16Array(((silenceMs + speechMs) * 48_000) / 1000);
  for (let i = (silenceMs * 48_000) / 1000; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin(i / 7));
  return {
    text: 'Hello there.',
    pcm,
    sampleRateHz: 48_000,
    durationMs: silenceMs + speechMs,
    words: [
      { word: 'Hello', startMs: silenceMs, endMs: silenceMs + 300, charStart: 0, charEnd: 5 },
      { word: 'there', startMs: silenceMs + 300, endMs: silenceMs + speechMs, charStart: 6, charEnd: 11 },
    ],
    phones: [
      { phone: 'pau', startMs: 0, endMs: silenceMs },
      { phone: 'hh', startMs: silenceMs, endMs: silenceMs + 80 },
    ],
    providerId: 'test',
    timings: 'exact',
  };
}

describe('trimLeadingSilence', () => {
  it('cuts the leading pause down to the kept margin and moves every time with the audio', () => {
    const seg = trimLeadingSilence(segment(170, 600), 30);
    expect(seg.durationMs).toBeCloseTo(630, 0);
    expect(seg.pcm.length).toBe(630 * 48);
    expect(seg.words[0]).toMatchObject({ word: 'Hello', startMs: 30, endMs: 330 });
    expect(seg.phones[0]).toMatchObject({ phone: 'pau', startMs: 0, endMs: 30 });
    // The first loud sample now sits at the kept margin.
    const firstLoud = seg.pcm.findIndex((s) => Math.abs(s) >= 100);
    expect(firstLoud / 48).toBeGreaterThanOrEqual(29);
    expect(firstLoud / 48).toBeLessThanOrEqual(31);
  });

  it('leaves a segment that starts with sound, or is all silence, as it is', () => {
    const loud = segment(10, 500);
    expect(trimLeadingSilence(loud, 30)).toBe(loud);
    const silent = segment(500, 0);
    expect(trimLeadingSilence({ ...silent, words: [] }, 30).pcm.length).toBe(silent.pcm.length);
  });

  it('never cuts into the first word even when it starts quietly', () => {
    const seg = segment(170, 600);
    const quietStart = { ...seg, words: [{ ...seg.words[0]!, startMs: 100 }, seg.words[1]!] };
    expect(trimLeadingSilence(quietStart, 30).words[0]!.startMs).toBe(30);
  });
});
