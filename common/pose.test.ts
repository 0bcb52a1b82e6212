import { describe, expect, it } from 'vitest';
import { decodePose, encodePose, POSE_BYTES, type Pose } from './pose.ts';

const pose: Pose = {
  seq: 42,
  t: 12.5,
  head: { x: 1, y: 1.6, z: -3 },
  headRotation: { x: 0, y: 0.7071067, z: 0, w: 0.7071067 },
  leftHand: { x: 0.8, y: 1.2, z: -2.8 },
  rightHand: null,
  inXr: true,
};

describe('pose codec', () => {
  it('round-trips a pose', () => {
    const bytes = encodePose(pose);
    expect(bytes.byteLength).toBe(POSE_BYTES);
    const back = decodePose(bytes);
    expect(back?.seq).toBe(42);
    expect(back?.inXr).toBe(true);
    expect(back?.head.y).toBeCloseTo(1.6, 5);
    expect(back?.headRotation.w).toBeCloseTo(0.7071067, 5);
    expect(back?.leftHand?.z).toBeCloseTo(-2.8, 5);
    expect(back?.rightHand).toBeNull();
  });

  it('rejects wrong sizes, versions and non-finite heads', () => {
    expect(decodePose(new Uint8Array(10))).toBeNull();
    const bad = encodePose(pose);
    bad[0] = 99;
    expect(decodePose(bad)).toBeNull();
    const nan = encodePose({ ...pose, head: { x: NaN, y: 0, z: 0 } });
    expect(decodePose(nan)).toBeNull();
  });
});
