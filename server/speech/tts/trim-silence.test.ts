import { describe, expect, it } from 'vitest';
import { trimLeadingSilence } from './trim-silence.ts';
import type { SpeechSegment } from './types.ts';

/** `silenceMs` of near-silence (`floor` amplitude), then `speechMs` of a tone of amplitude `level`. */
function segment(silenceMs: number, speechMs: number, level = 8000, floor = 0): SpeechSegment {
  const pcm = new Int16Array(((silenceMs + speechMs) * 48_000) / 1000);
  const onset = (silenceMs * 48_000) / 1000;
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round((i < onset ? floor : level) * Math.sin(i / 7));
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

const firstAbove = (pcm: Int16Array, level: number) => pcm.findIndex((s) => Math.abs(s) >= level) / 48;

describe('trimLeadingSilence', () => {
  it('cuts the leading pause down to the kept margin and moves every time with the audio', () => {
    const seg = trimLeadingSilence(segment(170, 600), 30);
    expect(seg.durationMs).toBeCloseTo(630, 0);
    expect(seg.pcm.length).toBe(630 * 48);
    expect(seg.words[0]).toMatchObject({ word: 'Hello', startMs: 30, endMs: 330 });
    expect(seg.phones[0]).toMatchObject({ phone: 'pau', startMs: 0, endMs: 30 });
    // The sound now starts at the kept margin.
    expect(firstAbove(seg.pcm, 100)).toBeGreaterThanOrEqual(29);
    expect(firstAbove(seg.pcm, 100)).toBeLessThanOrEqual(31);
  });

  it('keeps 10 ms by default', () => {
    const seg = trimLeadingSilence(segment(170, 600));
    expect(seg.durationMs).toBeCloseTo(610, 0);
    expect(seg.words[0]!.startMs).toBeCloseTo(10, 5);
  });

  it('cuts inaudible audio inside the first word (a plosive closure), clamping times at 0', () => {
    const seg = segment(170, 600, 8000, 20); // −64 dBFS peak before the onset: inaudible
    const closure = { ...seg, words: [{ ...seg.words[0]!, startMs: 60 }, seg.words[1]!] };
    const out = trimLeadingSilence(closure, 10);
    expect(out.durationMs).toBeCloseTo(610, 0);
    expect(out.words[0]!.startMs).toBe(0);
    expect(firstAbove(out.pcm, 1000)).toBeCloseTo(10, 0);
  });

  it('never cuts a quiet but audible start (above −60 dBFS)', () => {
    const quiet = segment(0, 600, 300); // about −43 dBFS RMS: a soft "h"
    expect(trimLeadingSilence(quiet, 10)).toBe(quiet);
    const softStart = segment(170, 600, 8000, 200); // audible breath before the word
    expect(trimLeadingSilence(softStart, 10)).toBe(softStart);
  });

  it('leaves a segment that starts with sound, or is all silence, as it is', () => {
    const loud = segment(5, 500);
    expect(trimLeadingSilence(loud, 30)).toBe(loud);
    const silent = segment(500, 0);
    expect(trimLeadingSilence({ ...silent, words: [] }, 30).pcm.length).toBe(silent.pcm.length);
  });
});
