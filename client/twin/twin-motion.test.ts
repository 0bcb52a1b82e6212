import { describe, expect, it } from 'vitest';
import type { TimelineSegmentMessage } from '../../common/timeline.ts';
import {
  emptyGestures,
  nextBlinkDelayMs,
  sampleGestures,
  TwinMotion,
  type MotionInput,
} from './twin-motion.ts';

const idle = (over: Partial<MotionInput> = {}): MotionInput => ({
  state: 'listening',
  gestures: emptyGestures(),
  gazeYawRad: NaN,
  gazePitchRad: NaN,
  speech: 0,
  ...over,
});

describe('TwinMotion', () => {
  it('blinks at random intervals between 2 and 6 seconds', () => {
    expect(nextBlinkDelayMs(() => 0)).toBe(2000);
    expect(nextBlinkDelayMs(() => 0.999)).toBeLessThan(6000);
    let seed = 1;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const m = new TwinMotion(0, random);
    let closedFrames = 0;
    for (let t = 0; t <= 60_000; t += 16) {
      if (m.update(16, t, idle()).blink > 0.5) closedFrames++;
    }
    // 60 s at one blink every 2-6 s: 10-30 blinks, each closing the eyes for a few frames only.
    expect(m.blinks).toBeGreaterThanOrEqual(10);
    expect(m.blinks).toBeLessThanOrEqual(30);
    expect(closedFrames).toBeLessThan(m.blinks * 8);
  });

  it('turns the head towards a gaze target, smoothly and within limits', () => {
    const m = new TwinMotion(0, () => 0.5);
    const first = m.update(16, 0, idle({ gazeYawRad: 0.6, gazePitchRad: 0 }));
    expect(first.headYaw).toBeGreaterThan(0);
    expect(first.headYaw).toBeLessThan(0.1);
    let p = first;
    for (let t = 16; t < 3000; t += 16) p = m.update(16, t, idle({ gazeYawRad: 0.6, gazePitchRad: 0 }));
    expect(p.headYaw + p.neckYaw).toBeCloseTo(0.6, 2);
    for (let t = 3000; t < 6000; t += 16) p = m.update(16, t, idle({ gazeYawRad: 5, gazePitchRad: 0 }));
    expect(p.headYaw + p.neckYaw).toBeLessThanOrEqual(1.0001);
  });

  it('takes a thinking pose while the agent thinks and leaves it afterwards', () => {
    const m = new TwinMotion(0, () => 0.5);
    let p = m.update(16, 0, idle());
    for (let t = 16; t < 2000; t += 16) p = m.update(16, t, idle({ state: 'thinking' }));
    expect(p.forearmCurl).toBeGreaterThan(1.5);
    expect(p.headRoll).toBeGreaterThan(0.1);
    for (let t = 2000; t < 5000; t += 16) p = m.update(16, t, idle({ state: 'speaking' }));
    expect(p.forearmCurl).toBeLessThan(0.05);
  });

  it('reads nods and emphasis from the timeline segment', () => {
    const seg: TimelineSegmentMessage = {
      v: 1,
      type: 'segment',
      utteranceId: 'u',
      seq: 0,
      text: 'Yes.',
      audioStartOffsetMs: 1000,
      durationMs: 2000,
      words: [],
      visemes: [],
      gestures: [
        { g: 'nod', s: 100, e: 600 },
        { g: 'emphasis', s: 900, e: 1300 },
      ],
    };
    const g = emptyGestures();
    expect(sampleGestures(seg, 1000 + 300, g).nod).toBe(1);
    expect(g.emphasis).toBe(0);
    sampleGestures(seg, 1000 + 1000, g);
    expect(g.nod).toBe(0);
    expect(g.emphasis).toBe(1);
    expect(sampleGestures(seg, 1000 + 1900, g).emphasis).toBe(0);
    expect(sampleGestures(null, 0, g).nod).toBe(0);
  });
});
