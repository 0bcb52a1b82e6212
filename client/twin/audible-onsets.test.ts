import { describe, expect, it } from 'vitest';
import type { OculusViseme, TimelineSegmentMessage } from '../../common/timeline.ts';
import {
  audibleOnsets,
  measuredOnsets,
  phraseOnsets,
  RISE_LEAD_MS,
  RISE_MS,
  riseFromRest,
  VOICE_RISE_MS,
} from './audible-onsets.ts';

/** A segment from [viseme, start, end] triples (ms within the segment). */
function seg(offsetMs: number, visemes: [OculusViseme, number, number][]): TimelineSegmentMessage {
  const last = visemes[visemes.length - 1]!;
  return {
    v: 1,
    type: 'segment',
    utteranceId: 'u1',
    seq: 0,
    text: 'x',
    audioStartOffsetMs: offsetMs,
    durationMs: last[2],
    words: [],
    visemes: visemes.map(([v, s, e]) => ({ v, s, e, peak: v === 'sil' ? 1 : 0.6 })),
    gestures: [],
  };
}

describe('audibleOnsets', () => {
  it('places a voiced start where its energy rises, a stop at its release, f/th at the next sound', () => {
    // "a…", pause, "k-ou…", pause, "f-oh…", pause, "th-E…"
    const s = seg(1000, [
      ['sil', 0, 100],
      ['aa', 100, 300],
      ['sil', 300, 500],
      ['kk', 500, 560],
      ['ou', 560, 700],
      ['sil', 700, 900],
      ['FF', 900, 1000],
      ['oh', 1000, 1100],
      ['sil', 1100, 1300],
      ['TH', 1300, 1340],
      ['E', 1340, 1400],
    ]);
    expect(audibleOnsets([s], 120)).toEqual([
      1000 + 100 + VOICE_RISE_MS,
      1000 + 530,
      1000 + 1003,
      1000 + 1343,
    ]);
  });

  it('counts only pauses the ear hears as silence, across segments', () => {
    const a = seg(0, [
      ['sil', 0, 100],
      ['E', 100, 400],
      ['sil', 400, 480],
    ]);
    // 80 ms of pause plus a faint "f": 180 ms without audible sound before "oh".
    const b = seg(480, [
      ['FF', 0, 100],
      ['oh', 100, 200],
      ['sil', 200, 260],
      ['E', 260, 300],
    ]);
    expect(audibleOnsets([a, b], 120)).toEqual([100 + VOICE_RISE_MS, 480 + 103]);
    // With a longer required pause, only the first onset remains.
    expect(audibleOnsets([a, b], 200)).toEqual([100 + VOICE_RISE_MS]);
    expect(audibleOnsets([], 120)).toEqual([]);
  });
});

describe('measuredOnsets', () => {
  const withOnsets = (
    s: TimelineSegmentMessage,
    onsets: number[],
    soundEndMs: number,
  ): TimelineSegmentMessage => ({
    ...s,
    onsets,
    soundEndMs,
  });
  const a = withOnsets(
    seg(0, [
      ['sil', 0, 100],
      ['E', 100, 400],
      ['sil', 400, 480],
    ]),
    [117.5],
    410,
  );
  const b = withOnsets(
    seg(480, [
      ['FF', 0, 100],
      ['oh', 100, 200],
      ['sil', 200, 260],
      ['E', 260, 300],
    ]),
    [20, 140.2],
    290,
  );

  it("uses the segments' own onsets, placed in the utterance, instead of predicting them", () => {
    // b's first sound comes 90 ms after a's last (410 .. 480 + 20): not a pause the ear hears.
    expect(measuredOnsets([a, b], 120)).toEqual([117.5, 480 + 140.2]);
    expect(measuredOnsets([a, b], 80)).toEqual([117.5, 480 + 20, 480 + 140.2]);
    expect(phraseOnsets([a, b], 120)).toEqual([117.5, 480 + 140.2]);
    expect(measuredOnsets([], 120)).toEqual([]);
  });

  it('keeps the last sound of a silent segment from hiding the next onset', () => {
    const quiet = withOnsets(seg(480, [['sil', 0, 300]]), [], 0);
    const c = withOnsets(seg(780, [['aa', 0, 200]]), [5], 190);
    expect(measuredOnsets([a, quiet, c], 120)).toEqual([117.5, 785]);
  });

  it('falls back to the phone rules when a segment comes from an older sender', () => {
    const old = seg(480, [
      ['FF', 0, 100],
      ['oh', 100, 200],
      ['sil', 200, 260],
      ['E', 260, 300],
    ]);
    expect(measuredOnsets([a, old], 120)).toBeNull();
    expect(phraseOnsets([a, old], 120)).toEqual(audibleOnsets([a, old], 120));
  });
});

describe('riseFromRest', () => {
  const onsets = [1000, 3000];
  it('holds the mouth shut in the lead-in, rises over RISE_MS from just before the onset', () => {
    const start = 1000 - RISE_LEAD_MS;
    expect(riseFromRest(onsets, start - 30)).toBe(0);
    expect(riseFromRest(onsets, start)).toBe(0);
    const mid = riseFromRest(onsets, start + RISE_MS / 2);
    expect(mid).toBeCloseTo(0.5, 5);
    expect(riseFromRest(onsets, start + RISE_MS)).toBe(1);
  });

  it('leaves the rest of the utterance alone', () => {
    expect(riseFromRest(onsets, 500)).toBe(1);
    expect(riseFromRest(onsets, 2000)).toBe(1);
    expect(riseFromRest(onsets, 5000)).toBe(1);
    expect(riseFromRest([], 1000)).toBe(1);
  });
});
