import { clampToHall, floorHeightAt, type HallLayout } from './hall-layout.ts';

/** Desktop locomotion as plain state + a step function, so it is testable without Babylon. */
export const STANDING_EYE_M = 1.65;
export const SEATED_EYE_M = 1.2;
const WALK_MPS = 2.5;
const RUN_MPS = 5;
const TURN_RAD_PER_S = 1.8;
const MOVE_TO_MPS = 4;
const MAX_PITCH_RAD = 1.35;
/** Time constant of the eye-height follow, so steps and tiers feel like a ramp, not a jump. */
const EYE_FOLLOW_MS = 90;
const WALL_MARGIN_M = 0.4;

export interface WalkInput {
  /** +1 forward, -1 back. */
  forward: number;
  /** +1 right, -1 left. */
  strafe: number;
  /** +1 turn right, -1 turn left (keyboard turning, for keyboard-only users). */
  turn: number;
  run: boolean;
}

export interface WalkerState {
  x: number;
  z: number;
  eyeY: number;
  yawRad: number;
  pitchRad: number;
  seated: boolean;
  /** Click-to-move in progress. */
  moving: boolean;
  fromX: number;
  fromZ: number;
  fromYaw: number;
  toX: number;
  toZ: number;
  toYaw: number;
  toSeated: boolean;
  elapsedMs: number;
  durationMs: number;
}

export function createWalker(x: number, z: number, yawRad: number, layout: HallLayout): WalkerState {
  return {
    x,
    z,
    eyeY: floorHeightAt(layout, x, z) + STANDING_EYE_M,
    yawRad,
    pitchRad: 0,
    seated: false,
    moving: false,
    fromX: x,
    fromZ: z,
    fromYaw: yawRad,
    toX: x,
    toZ: z,
    toYaw: yawRad,
    toSeated: false,
    elapsedMs: 0,
    durationMs: 0,
  };
}

const scratch = { x: 0, z: 0 };

/**
 * Starts a smooth move to (x, z). With `faceYawRad` the walker also turns to that heading (a
 * seat's), and `seat` makes it sit on arrival.
 */
export function startMoveTo(
  s: WalkerState,
  layout: HallLayout,
  x: number,
  z: number,
  faceYawRad: number | null,
  seat: boolean,
): void {
  clampToHall(layout, x, z, WALL_MARGIN_M, scratch);
  s.fromX = s.x;
  s.fromZ = s.z;
  s.fromYaw = s.yawRad;
  s.toX = scratch.x;
  s.toZ = scratch.z;
  // Turn the short way round.
  const target = faceYawRad ?? s.yawRad;
  s.toYaw = s.yawRad + wrapAngle(target - s.yawRad);
  s.toSeated = seat;
  s.seated = false;
  s.elapsedMs = 0;
  const distance = Math.hypot(s.toX - s.x, s.toZ - s.z);
  s.durationMs = Math.min(2500, Math.max(300, (distance / MOVE_TO_MPS) * 1000));
  s.moving = true;
}

/** Applies mouse-look deltas in radians. */
export function look(s: WalkerState, dYawRad: number, dPitchRad: number): void {
  s.yawRad = wrapAngle(s.yawRad + dYawRad);
  s.pitchRad = Math.max(-MAX_PITCH_RAD, Math.min(MAX_PITCH_RAD, s.pitchRad + dPitchRad));
  if (s.moving) s.toYaw = s.yawRad + wrapAngle(s.toYaw - s.yawRad);
}

/** Advances the walker by `dtMs`. Keyboard input cancels a click-to-move and stands up. */
export function stepWalker(s: WalkerState, input: WalkInput, dtMs: number, layout: HallLayout): void {
  const dt = Math.min(dtMs, 100) / 1000;
  const keyed = input.forward !== 0 || input.strafe !== 0 || input.turn !== 0;
  if (keyed) {
    s.moving = false;
    s.seated = false;
    s.yawRad = wrapAngle(s.yawRad + input.turn * TURN_RAD_PER_S * dt);
    const len = Math.hypot(input.forward, input.strafe);
    if (len > 0) {
      const speed = (input.run ? RUN_MPS : WALK_MPS) / Math.max(1, len);
      const sin = Math.sin(s.yawRad);
      const cos = Math.cos(s.yawRad);
      // Left-handed, +y up: forward (sin, cos), right (cos, -sin).
      const dx = (input.forward * sin + input.strafe * cos) * speed * dt;
      const dz = (input.forward * cos - input.strafe * sin) * speed * dt;
      clampToHall(layout, s.x + dx, s.z + dz, WALL_MARGIN_M, scratch);
      s.x = scratch.x;
      s.z = scratch.z;
    }
  } else if (s.moving) {
    s.elapsedMs += dtMs;
    const k = Math.min(1, s.elapsedMs / s.durationMs);
    const e = k * k * (3 - 2 * k); // smoothstep: starts and stops gently
    s.x = s.fromX + (s.toX - s.fromX) * e;
    s.z = s.fromZ + (s.toZ - s.fromZ) * e;
    s.yawRad = s.fromYaw + (s.toYaw - s.fromYaw) * e;
    if (k >= 1) {
      s.moving = false;
      s.seated = s.toSeated;
      s.yawRad = wrapAngle(s.yawRad);
    }
  }
  const targetEye = floorHeightAt(layout, s.x, s.z) + (s.seated ? SEATED_EYE_M : STANDING_EYE_M);
  const follow = 1 - Math.exp(-dtMs / EYE_FOLLOW_MS);
  s.eyeY += (targetEye - s.eyeY) * follow;
}

/** Wraps an angle to (-π, π]. */
export function wrapAngle(a: number): number {
  const twoPi = Math.PI * 2;
  let r = a % twoPi;
  if (r <= -Math.PI) r += twoPi;
  else if (r > Math.PI) r -= twoPi;
  return r;
}
