import { describe, expect, it } from 'vitest';
import type { Pose } from '../../common/pose.ts';
import { createSampledPose, PoseInterpolator } from './interpolation-buffer.ts';

function pose(seq: number, tS: number, x: number, extra: Partial<Pose> = {}): Pose {
  return {
    seq,
    t: tS,
    head: { x, y: 1.6, z: 0 },
    headRotation: { x: 0, y: 0, z: 0, w: 1 },
    leftHand: null,
    rightHand: null,
    inXr: false,
    ...extra,
  };
}

describe('PoseInterpolator', () => {
  it('reports nothing before the first pose', () => {
    const buf = new PoseInterpolator();
    expect(buf.sample(1000, createSampledPose())).toBe(false);
  });

  it('renders delayMs behind the sender, interpolating between samples', () => {
    const buf = new PoseInterpolator({ delayMs: 100 });
    // Sender clock t = 10 s arrives at local 5000 ms: offset = -5000 ms.
    buf.push(pose(1, 10.0, 0), 5000);
    buf.push(pose(2, 10.1, 1), 5100);
    buf.push(pose(3, 10.2, 2), 5200);
    const out = createSampledPose();
    // Local 5150 → sender 10.15 s − 0.1 s = 10.05 s: halfway between x=0 and x=1.
    expect(buf.sample(5150, out)).toBe(true);
    expect(out.hx).toBeCloseTo(0.5, 6);
    expect(buf.sample(5225, out)).toBe(true);
    expect(out.hx).toBeCloseTo(1.25, 6);
  });

  it('holds the newest pose when the stream stalls and the oldest before catching up', () => {
    const buf = new PoseInterpolator({ delayMs: 100 });
    buf.push(pose(1, 1.0, 0), 1000);
    buf.push(pose(2, 1.1, 3), 1100);
    const out = createSampledPose();
    buf.sample(9000, out);
    expect(out.hx).toBe(3);
    buf.sample(1000, out);
    expect(out.hx).toBe(0);
  });

  it('absorbs jitter: a late packet does not move the timeline, an early one does', () => {
    const buf = new PoseInterpolator({ delayMs: 100, offsetRelaxPerMs: 0 });
    buf.push(pose(1, 0.0, 0), 1000);
    buf.push(pose(2, 0.1, 1), 1180); // 80 ms late
    buf.push(pose(3, 0.2, 2), 1200);
    const out = createSampledPose();
    // Offset stays at the fastest delivery (1000 ms): local 1250 → sender 0.15 s.
    buf.sample(1250, out);
    expect(out.hx).toBeCloseTo(1.5, 6);
  });

  it('drops duplicates and out-of-order packets, across the u32 wrap too', () => {
    const buf = new PoseInterpolator();
    expect(buf.push(pose(0xfffffffe, 1, 0), 0)).toBe(true);
    expect(buf.push(pose(0xfffffffe, 1, 0), 1)).toBe(false);
    expect(buf.push(pose(0xfffffffd, 0.9, 0), 2)).toBe(false);
    expect(buf.push(pose(1, 1.2, 0), 3)).toBe(true); // wrapped
    expect(buf.size).toBe(2);
  });

  it('keeps only `capacity` samples', () => {
    const buf = new PoseInterpolator({ capacity: 4, delayMs: 0 });
    for (let i = 1; i <= 10; i++) buf.push(pose(i, i, i), i * 1000);
    expect(buf.size).toBe(4);
    const out = createSampledPose();
    buf.sample(0, out); // before everything held → the oldest kept (x = 7)
    expect(out.hx).toBe(7);
  });

  it('interpolates rotation along the short arc and keeps it normalised', () => {
    const buf = new PoseInterpolator({ delayMs: 0 });
    const s = Math.SQRT1_2;
    buf.push(pose(1, 0, 0, { headRotation: { x: 0, y: 0, z: 0, w: 1 } }), 0);
    // The same 90° yaw written with a negative w: must still interpolate the short way.
    buf.push(pose(2, 1, 0, { headRotation: { x: 0, y: -s, z: 0, w: -s } }), 1000);
    const out = createSampledPose();
    buf.sample(500, out);
    expect(Math.hypot(out.qx, out.qy, out.qz, out.qw)).toBeCloseTo(1, 6);
    // Halfway is a 45° yaw: |y| = sin(22.5°).
    expect(Math.abs(out.qy)).toBeCloseTo(Math.sin(Math.PI / 8), 4);
    expect(out.qw).toBeGreaterThan(0);
  });

  it('interpolates hands present in both samples, snaps those present in one', () => {
    const buf = new PoseInterpolator({ delayMs: 0 });
    buf.push(pose(1, 0, 0, { leftHand: { x: 0, y: 1, z: 0 }, inXr: true }), 0);
    buf.push(
      pose(2, 1, 0, { leftHand: { x: 2, y: 1, z: 0 }, rightHand: { x: 5, y: 5, z: 5 }, inXr: true }),
      1000,
    );
    const out = createSampledPose();
    buf.sample(250, out);
    expect(out.hasLeft).toBe(true);
    expect(out.lx).toBeCloseTo(0.5, 6);
    expect(out.hasRight).toBe(true);
    expect(out.rx).toBe(5);
    expect(out.inXr).toBe(true);
  });
});
