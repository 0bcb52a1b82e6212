import { describe, expect, it } from 'vitest';
import { OnsetTracker } from './onset-tracker.ts';

const RATE = 48_000;

/** Silence, then a 200 Hz tone from `startMs` for `lenMs`, repeated per [startMs, lenMs] pair. */
function signal(totalMs: number, bursts: [number, number][], amp = 0.3): Float32Array {
  const out = new Float32Array((totalMs * RATE) / 1000);
  for (const [s, len] of bursts) {
    const a = Math.round((s * RATE) / 1000);
    const b = Math.round(((s + len) * RATE) / 1000);
    for (let i = a; i < b; i++) out[i] = amp * Math.sin((2 * Math.PI * 200 * (i - a)) / RATE + Math.PI / 2);
  }
  return out;
}

function feed(buf: Float32Array, chunk: number, t0Sec = 10): number[] {
  const onsets: number[] = [];
  const tracker = new OnsetTracker({ sampleRateHz: RATE }, (t) =>
    onsets.push(Math.round((t - t0Sec) * 1000)),
  );
  for (let i = 0; i < buf.length; i += chunk) {
    tracker.push(buf, i, Math.min(buf.length, i + chunk), t0Sec + i / RATE);
  }
  return onsets;
}

describe('OnsetTracker', () => {
  it('finds sound after silence to the millisecond, however the samples are chunked', () => {
    const buf = signal(2000, [
      [300, 400],
      [1200, 300],
    ]);
    expect(feed(buf, 128)).toEqual([300, 1200]);
    expect(feed(buf, 1000)).toEqual([300, 1200]);
    expect(feed(buf, 7)).toEqual([300, 1200]);
  });

  it('treats short dips as part of the same sound', () => {
    const buf = signal(1500, [
      [200, 300],
      [560, 300],
    ]);
    expect(feed(buf, 128)).toEqual([200]);
  });

  it('ignores sound below the threshold', () => {
    expect(feed(signal(1000, [[200, 300]], 0.002), 128)).toEqual([]);
  });
});

describe('OnsetTracker sound times (for the mouth gate)', () => {
  it('knows where the last sound ended and, at an onset, where the sound before it ended', () => {
    const buf = signal(1500, [
      [100, 300],
      [800, 200],
    ]);
    const seen: { onsetMs: number; previousEndMs: number }[] = [];
    const tracker = new OnsetTracker({ sampleRateHz: RATE }, (t) =>
      seen.push({
        onsetMs: Math.round(t * 1000),
        previousEndMs: Math.round(tracker.previousSoundSec * 1000),
      }),
    );
    expect(tracker.lastSoundSec).toBe(-Infinity);
    tracker.push(buf, 0, buf.length, 0);
    expect(seen.map((s) => s.onsetMs)).toEqual([100, 800]);
    expect(seen[0]!.previousEndMs).toBe(-Infinity);
    // Block resolution: 128 samples is 2.7 ms.
    expect(Math.abs(seen[1]!.previousEndMs - 400)).toBeLessThanOrEqual(3);
    expect(Math.abs(tracker.lastSoundSec * 1000 - 1000)).toBeLessThanOrEqual(3);
  });
});
