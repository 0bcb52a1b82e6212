import { describe, expect, it } from 'vitest';
import { findOnsets, ONSET_DEFAULTS, OnsetTracker } from './audio-onsets.ts';
import { parseTimelineMessage, TIMELINE_LIMITS } from './timeline.ts';

const RATE = 48_000;

/** 16-bit PCM: silence with 200 Hz tone bursts, one per [startMs, lenMs]. */
function pcm(totalMs: number, bursts: [number, number][], amp = 0.3): Int16Array {
  const out = new Int16Array((totalMs * RATE) / 1000);
  for (const [s, len] of bursts) {
    const a = Math.round((s * RATE) / 1000);
    const b = Math.round(((s + len) * RATE) / 1000);
    for (let i = a; i < b; i++)
      out[i] = Math.round(32767 * amp * Math.cos((2 * Math.PI * 200 * (i - a)) / RATE));
  }
  return out;
}

describe('findOnsets', () => {
  it('finds sound after each pause of at least minSilenceMs, to the sample', () => {
    const clip = pcm(2000, [
      [100, 300],
      [400 + ONSET_DEFAULTS.minSilenceMs + 10, 200], // after a long enough pause
      [1200, 100],
      [1360, 100], // 60 ms dip: the same sound
    ]);
    const found = findOnsets(clip, RATE);
    expect(found.onsetsMs.map((t) => Math.round(t))).toEqual([100, 530, 1200]);
    // The last sound ends at 1460 ms; the block holding its end counts as sound.
    expect(found.soundEndMs).toBeGreaterThanOrEqual(1460);
    expect(found.soundEndMs).toBeLessThan(1460 + (ONSET_DEFAULTS.blockSamples / RATE) * 1000 + 0.01);
  });

  it('agrees with the listener-side tracker fed the same audio in odd chunks', () => {
    const clip = pcm(1500, [
      [37, 250],
      [700, 300],
      [1100, 120],
    ]);
    const floats = Float32Array.from(clip, (x) => x / 32768);
    const heard: number[] = [];
    const tracker = new OnsetTracker({ sampleRateHz: RATE }, (t) => heard.push(t * 1000));
    // A listener's blocks fall wherever its buffers do; the chunking must not move an onset.
    for (let i = 0; i < floats.length; i += 128)
      tracker.push(floats, i, Math.min(floats.length, i + 128), i / RATE);
    expect(findOnsets(clip, RATE).onsetsMs).toEqual(heard);
    expect(findOnsets(floats, RATE).onsetsMs).toEqual(heard);
  });

  it('counts the first sound as an onset, and none in a quiet or empty clip', () => {
    expect(findOnsets(pcm(500, [[0, 200]]), RATE).onsetsMs).toEqual([0]);
    expect(findOnsets(pcm(500, [[100, 200]], 0.001), RATE)).toEqual({ onsetsMs: [], soundEndMs: -Infinity });
    expect(findOnsets(new Int16Array(0), RATE)).toEqual({ onsetsMs: [], soundEndMs: -Infinity });
  });
});

describe('OnsetTracker.lostSamples', () => {
  it('does not report an onset where samples were lost mid-sound, only after a silence it heard', () => {
    const floats = Float32Array.from(
      pcm(1500, [
        [0, 600],
        [800, 300],
      ]),
      (x) => x / 32768,
    );
    const heard: number[] = [];
    const tracker = new OnsetTracker({ sampleRateHz: RATE }, (t) => heard.push(Math.round(t * 1000)));
    const at = (ms: number): number => (ms * RATE) / 1000;
    tracker.push(floats, 0, at(200), 0);
    // 200..300 ms never analysed; the sound resumes at 300 ms: the same sound, not an onset.
    tracker.lostSamples();
    tracker.push(floats, at(300), floats.length, 0.3);
    expect(heard).toEqual([0, 800]);
  });
});

describe('timeline segment onsets', () => {
  const segment = (extra: Record<string, unknown>): Record<string, unknown> => ({
    v: 1,
    type: 'segment',
    utteranceId: 'u1',
    seq: 0,
    text: 'Hello.',
    audioStartOffsetMs: 0,
    durationMs: 1000,
    words: [],
    visemes: [],
    gestures: [],
    ...extra,
  });

  it('keeps valid onsets and accepts segments without them (older senders)', () => {
    expect(parseTimelineMessage(segment({ onsets: [12.5, 400], soundEndMs: 900 }))).toMatchObject({
      onsets: [12.5, 400],
      soundEndMs: 900,
    });
    expect(parseTimelineMessage(segment({ onsets: [], soundEndMs: 0 }))).toMatchObject({ onsets: [] });
    const old = parseTimelineMessage(segment({}));
    expect(old).not.toBeNull();
    expect(old).not.toHaveProperty('onsets');
  });

  it.each([
    ['unsorted', { onsets: [400, 12], soundEndMs: 900 }],
    ['repeated', { onsets: [12, 12], soundEndMs: 900 }],
    ['negative', { onsets: [-1], soundEndMs: 900 }],
    ['not finite', { onsets: [Number.NaN], soundEndMs: 900 }],
    ['not numbers', { onsets: ['12'], soundEndMs: 900 }],
    ['past the segment', { onsets: [1000.5], soundEndMs: 1000 }],
    ['not a list', { onsets: 12, soundEndMs: 900 }],
    ['without soundEndMs', { onsets: [12] }],
    ['soundEndMs without onsets', { soundEndMs: 12 }],
    ['soundEndMs before the last onset', { onsets: [12, 400], soundEndMs: 300 }],
    ['soundEndMs past the segment', { onsets: [12], soundEndMs: 1001 }],
    [
      'too many',
      {
        onsets: Array.from({ length: TIMELINE_LIMITS.maxOnsets + 1 }, (_, i) => i / 2),
        soundEndMs: 1000,
      },
    ],
  ])('rejects onsets that are %s', (_name, extra) => {
    expect(parseTimelineMessage(segment(extra))).toBeNull();
  });
});
