import { describe, expect, it } from 'vitest';
import { computeSeats, DEFAULT_HALL, floorHeightAt } from './hall-layout.ts';
import {
  createWalker,
  look,
  SEATED_EYE_M,
  STANDING_EYE_M,
  startMoveTo,
  stepWalker,
  type WalkInput,
  wrapAngle,
} from './locomotion.ts';

const still: WalkInput = { forward: 0, strafe: 0, turn: 0, run: false };

function frames(n: number, fn: () => void): void {
  for (let i = 0; i < n; i++) fn();
}

describe('desktop locomotion', () => {
  it('walks forward along the heading (facing +z at yaw 0)', () => {
    const w = createWalker(0, -3, 0, DEFAULT_HALL);
    frames(60, () => stepWalker(w, { ...still, forward: 1 }, 1000 / 60, DEFAULT_HALL));
    expect(w.z).toBeCloseTo(-0.5, 1);
    expect(w.x).toBeCloseTo(0, 6);
  });

  it('strafes right along +x at yaw 0 and turns with the keyboard', () => {
    const w = createWalker(0, -3, 0, DEFAULT_HALL);
    stepWalker(w, { ...still, strafe: 1 }, 100, DEFAULT_HALL);
    expect(w.x).toBeGreaterThan(0.2);
    stepWalker(w, { ...still, turn: 1 }, 100, DEFAULT_HALL);
    expect(w.yawRad).toBeGreaterThan(0.1);
  });

  it('does not walk through the back wall', () => {
    const w = createWalker(0, -15, Math.PI, DEFAULT_HALL);
    frames(600, () => stepWalker(w, { ...still, forward: 1, run: true }, 16, DEFAULT_HALL));
    expect(Math.hypot(w.x, w.z)).toBeLessThanOrEqual(DEFAULT_HALL.wallRadiusM);
  });

  it('eases its eye height onto tiers and the stage instead of jumping', () => {
    const w = createWalker(0, -1, 0, DEFAULT_HALL);
    expect(w.eyeY).toBeCloseTo(STANDING_EYE_M, 6);
    startMoveTo(w, DEFAULT_HALL, 0, 3, null, false);
    stepWalker(w, still, 16, DEFAULT_HALL);
    const early = w.eyeY;
    frames(300, () => stepWalker(w, still, 16, DEFAULT_HALL));
    expect(early).toBeLessThan(DEFAULT_HALL.stage.heightM + STANDING_EYE_M);
    expect(w.eyeY).toBeCloseTo(DEFAULT_HALL.stage.heightM + STANDING_EYE_M, 3);
  });

  it('moves smoothly to a seat, turns to face the stage and sits', () => {
    const seat = computeSeats(DEFAULT_HALL)[40]!;
    const w = createWalker(0, -18, 0, DEFAULT_HALL);
    startMoveTo(w, DEFAULT_HALL, seat.x, seat.z, seat.yawRad, true);
    let lastDistance = Infinity;
    let steps = 0;
    while (w.moving && steps++ < 1000) {
      stepWalker(w, still, 16, DEFAULT_HALL);
      const d = Math.hypot(w.x - seat.x, w.z - seat.z);
      expect(d).toBeLessThanOrEqual(lastDistance + 1e-9);
      lastDistance = d;
    }
    frames(100, () => stepWalker(w, still, 16, DEFAULT_HALL));
    expect(w.seated).toBe(true);
    expect(w.x).toBeCloseTo(seat.x, 6);
    expect(w.z).toBeCloseTo(seat.z, 6);
    expect(Math.abs(wrapAngle(w.yawRad - seat.yawRad))).toBeLessThan(1e-6);
    expect(w.eyeY).toBeCloseTo(floorHeightAt(DEFAULT_HALL, seat.x, seat.z) + SEATED_EYE_M, 2);
  });

  it('stands up and cancels a move when a key is pressed', () => {
    const w = createWalker(0, -3, 0, DEFAULT_HALL);
    startMoveTo(w, DEFAULT_HALL, 5, -5, null, true);
    stepWalker(w, { ...still, forward: 1 }, 16, DEFAULT_HALL);
    expect(w.moving).toBe(false);
    expect(w.seated).toBe(false);
  });

  it('clamps pitch and wraps yaw', () => {
    const w = createWalker(0, -3, 0, DEFAULT_HALL);
    look(w, 4 * Math.PI + 0.5, 10);
    expect(w.yawRad).toBeCloseTo(0.5, 6);
    expect(w.pitchRad).toBeLessThan(Math.PI / 2);
    expect(wrapAngle(Math.PI * 3)).toBeCloseTo(Math.PI, 6);
    expect(wrapAngle(-Math.PI)).toBeCloseTo(Math.PI, 6);
  });
});
