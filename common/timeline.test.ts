import { describe, expect, it } from 'vitest';
import {
  activeWordIndex,
  decodeTimelineMessage,
  encodeTimelineMessage,
  OCULUS_VISEMES,
  parseTimelineMessage,
  sampleViseme,
  TIMELINE_TOPIC,
  VISEME_COUNT,
  visemeEnvelope,
  visemeIndex,
  type TimelineSegmentMessage,
} from './timeline.ts';

function segment(overrides: Partial<TimelineSegmentMessage> = {}): TimelineSegmentMessage {
  return {
    v: 1,
    type: 'segment',
    utteranceId: 'utt-1',
    seq: 0,
    text: 'Up by 42 percent.',
    audioStartOffsetMs: 1000,
    durationMs: 1500,
    words: [
      { w: 'Up', s: 100, e: 300 },
      { w: 'by', s: 300, e: 450 },
      { w: '42', s: 450, e: 900 },
      { w: 'percent', s: 900, e: 1300 },
    ],
    visemes: [
      { v: 'sil', s: 0, e: 100, peak: 1 },
      { v: 'aa', s: 100, e: 200, peak: 0.6 },
      { v: 'PP', s: 200, e: 300, peak: 0.9 },
      { v: 'aa', s: 300, e: 450, peak: 0.6 },
      { v: 'FF', s: 450, e: 520, peak: 0.9 },
    ],
    gestures: [
      { g: 'thinking', s: 0, e: 100 },
      { g: 'emphasis', s: 450, e: 900 },
    ],
    ...overrides,
  };
}

describe('timeline schema', () => {
  it('has a versioned topic and the 15 Oculus visemes in canonical order', () => {
    expect(TIMELINE_TOPIC).toBe('podium.twin.timeline.v1');
    expect(VISEME_COUNT).toBe(15);
    expect(OCULUS_VISEMES[0]).toBe('sil');
    expect(visemeIndex('ou')).toBe(14);
    expect(visemeIndex('PP')).toBe(1);
  });

  it('round-trips every message kind through encode/decode', () => {
    const msgs = [
      segment(),
      {
        v: 1,
        type: 'start',
        utteranceId: 'utt-1',
        audioStartSample: 96_000,
        sampleRateHz: 48_000,
        sentAtMs: 1.7e12,
      },
      {
        v: 1,
        type: 'start',
        utteranceId: 'utt-1',
        audioStartSample: 0,
        sampleRateHz: 48_000,
        sentAtMs: 5,
        rtpTimestamp: 123,
      },
      { v: 1, type: 'interrupt', utteranceId: 'utt-1', heardUntilMs: 1234.5 },
      { v: 1, type: 'end', utteranceId: 'utt-1', durationMs: 2500 },
    ] as const;
    for (const m of msgs) expect(decodeTimelineMessage(encodeTimelineMessage(m))).toEqual(m);
  });

  it('drops unknown fields', () => {
    const parsed = parseTimelineMessage({ ...segment(), extra: 'x', words: [{ w: 'a', s: 0, e: 1, z: 2 }] });
    expect(parsed).not.toBeNull();
    expect(parsed).not.toHaveProperty('extra');
    expect((parsed as TimelineSegmentMessage).words[0]).toEqual({ w: 'a', s: 0, e: 1 });
  });

  it('rejects junk', () => {
    const good = segment();
    const junk: unknown[] = [
      null,
      undefined,
      42,
      'segment',
      [],
      {},
      { ...good, v: 2 },
      { ...good, v: '1' },
      { ...good, type: 'nope' },
      { ...good, utteranceId: '' },
      { ...good, utteranceId: 'has space' },
      { ...good, utteranceId: 'x'.repeat(129) },
      { ...good, seq: -1 },
      { ...good, seq: 1.5 },
      { ...good, text: 5 },
      { ...good, text: 'x'.repeat(5000) },
      { ...good, durationMs: NaN },
      { ...good, durationMs: Infinity },
      { ...good, audioStartOffsetMs: -5 },
      { ...good, words: 'nope' },
      { ...good, words: [{ w: 'a', s: 10, e: 5 }] },
      { ...good, words: [{ w: 3, s: 0, e: 5 }] },
      {
        ...good,
        words: [
          { w: 'b', s: 10, e: 20 },
          { w: 'a', s: 0, e: 5 },
        ],
      },
      { ...good, visemes: [{ v: 'XX', s: 0, e: 5, peak: 0.5 }] },
      { ...good, visemes: [{ v: 'aa', s: 0, e: 5, peak: 1.5 }] },
      { ...good, visemes: [{ v: 'aa', s: 0, e: 5 }] },
      { ...good, visemes: [{ v: 'toString', s: 0, e: 5, peak: 0.5 }] },
      { ...good, gestures: [{ g: 'dance', s: 0, e: 5 }] },
      { ...good, gestures: undefined },
      { ...good, visemes: Array.from({ length: 5000 }, (_, i) => ({ v: 'aa', s: i, e: i + 1, peak: 0.5 })) },
      { v: 1, type: 'start', utteranceId: 'u', audioStartSample: -1, sampleRateHz: 48000, sentAtMs: 0 },
      { v: 1, type: 'start', utteranceId: 'u', audioStartSample: 0, sampleRateHz: 100, sentAtMs: 0 },
      { v: 1, type: 'start', utteranceId: 'u', audioStartSample: 0, sampleRateHz: 48000 },
      {
        v: 1,
        type: 'start',
        utteranceId: 'u',
        audioStartSample: 0,
        sampleRateHz: 48000,
        sentAtMs: 0,
        rtpTimestamp: 2 ** 33,
      },
      { v: 1, type: 'interrupt', utteranceId: 'u' },
      { v: 1, type: 'interrupt', utteranceId: 'u', heardUntilMs: '5' },
      { v: 1, type: 'end', utteranceId: 'u', durationMs: -1 },
    ];
    for (const j of junk) expect(parseTimelineMessage(j), JSON.stringify(j)?.slice(0, 80)).toBeNull();
  });

  it('rejects bytes that are not UTF-8 JSON', () => {
    expect(decodeTimelineMessage(new Uint8Array([0xff, 0xfe, 0x00]))).toBeNull();
    expect(decodeTimelineMessage(new TextEncoder().encode('{"v":1,'))).toBeNull();
    expect(decodeTimelineMessage(new TextEncoder().encode('"x"'))).toBeNull();
  });
});

describe('viseme envelope', () => {
  it('rises to the peak, holds, and falls back to zero', () => {
    const [s, e, peak] = [100, 300, 0.6];
    expect(visemeEnvelope(s, e, peak, 40)).toBe(0);
    expect(visemeEnvelope(s, e, peak, s)).toBeCloseTo(peak / 2, 5);
    expect(visemeEnvelope(s, e, peak, 200)).toBeCloseTo(peak, 5);
    expect(visemeEnvelope(s, e, peak, e)).toBeCloseTo(peak / 2, 5);
    expect(visemeEnvelope(s, e, peak, 360)).toBe(0);
    let prev = 0;
    for (let t = 60; t <= 140; t += 5) {
      const w = visemeEnvelope(s, e, peak, t);
      expect(w).toBeGreaterThanOrEqual(prev);
      prev = w;
    }
    for (let t = 260; t <= 340; t += 5) {
      const w = visemeEnvelope(s, e, peak, t);
      expect(w).toBeLessThanOrEqual(prev);
      prev = w;
    }
  });

  it('keeps short visemes from overlapping far into their neighbours', () => {
    // 20 ms event: the ramp shrinks to 10 ms, so it is silent 10 ms outside its span.
    expect(visemeEnvelope(100, 120, 0.9, 89)).toBe(0);
    expect(visemeEnvelope(100, 120, 0.9, 110)).toBeCloseTo(0.9, 5);
    expect(visemeEnvelope(100, 120, 0.9, 131)).toBe(0);
  });
});

describe('sampleViseme', () => {
  const out = new Float32Array(VISEME_COUNT);

  it('is silent outside the segment', () => {
    const seg = segment();
    sampleViseme(seg, 0, out);
    expect(out[0]).toBe(1);
    expect(out.slice(1).every((w) => w === 0)).toBe(true);
    sampleViseme(seg, 1000 + 2000, out);
    expect(out[0]).toBe(1);
  });

  it('peaks the right viseme in the middle of its span and blends at boundaries', () => {
    const seg = segment();
    // Middle of PP (200..300) in utterance time = offset 1000 + 250.
    sampleViseme(seg, 1250, out);
    expect(out[visemeIndex('PP')]).toBeCloseTo(0.9, 3);
    expect(out[visemeIndex('aa')]).toBe(0);
    // At the aa→PP boundary both are half on.
    sampleViseme(seg, 1200, out);
    expect(out[visemeIndex('aa')]).toBeCloseTo(0.3, 3);
    expect(out[visemeIndex('PP')]).toBeCloseTo(0.45, 3);
    for (const w of out) expect(w).toBeGreaterThanOrEqual(0);
    expect(out[0]).toBeCloseTo(1 - 0.75, 3);
  });

  it('writes into the given array and returns it (no allocation)', () => {
    const seg = segment();
    const mine = new Float32Array(VISEME_COUNT);
    expect(sampleViseme(seg, 1100, mine)).toBe(mine);
  });

  it('gives weights in [0,1] everywhere across a long timeline', () => {
    const visemes = Array.from({ length: 400 }, (_, i) => ({
      v: OCULUS_VISEMES[(i % 14) + 1] as (typeof OCULUS_VISEMES)[number],
      s: i * 50,
      e: i * 50 + 50,
      peak: 0.9,
    }));
    const seg = segment({ audioStartOffsetMs: 0, durationMs: 20_000, visemes });
    let min = Infinity;
    let max = -Infinity;
    let minOpen = Infinity;
    for (let t = 50; t < 19_950; t += 7) {
      sampleViseme(seg, t, out);
      let sum = 0;
      for (let i = 0; i < VISEME_COUNT; i++) {
        min = Math.min(min, out[i] as number);
        max = Math.max(max, out[i] as number);
        if (i > 0) sum += out[i] as number;
      }
      minOpen = Math.min(minOpen, sum);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    // Back-to-back visemes cross-fade: the mouth never snaps shut between them.
    expect(minOpen).toBeGreaterThan(0.5);
  });
});

describe('activeWordIndex', () => {
  it('finds the word under the playhead', () => {
    const seg = segment();
    expect(activeWordIndex(seg, 1000 + 50)).toBe(-1);
    expect(activeWordIndex(seg, 1000 + 100)).toBe(0);
    expect(activeWordIndex(seg, 1000 + 460)).toBe(2);
    expect(activeWordIndex(seg, 1000 + 1299)).toBe(3);
    expect(activeWordIndex(seg, 1000 + 1300)).toBe(-1);
  });
});
