import type { Pose } from '../../common/pose.ts';

/**
 * Buffered interpolation of one remote participant's poses. Poses arrive over a lossy channel at
 * ~10-15 Hz with jitter; we render each avatar `delayMs` behind the sender's clock so there is
 * almost always a pair of samples to interpolate between (the usual snapshot-interpolation trade:
 * ~100 ms of latency for motion without stutter).
 *
 * No allocation after construction: samples live in one Float64Array ring, `sample` writes into a
 * caller-owned `SampledPose`.
 */
export const DEFAULT_INTERPOLATION_DELAY_MS = 100;

export interface SampledPose {
  hx: number;
  hy: number;
  hz: number;
  qx: number;
  qy: number;
  qz: number;
  qw: number;
  lx: number;
  ly: number;
  lz: number;
  rx: number;
  ry: number;
  rz: number;
  hasLeft: boolean;
  hasRight: boolean;
  inXr: boolean;
}

export function createSampledPose(): SampledPose {
  return {
    hx: 0,
    hy: 0,
    hz: 0,
    qx: 0,
    qy: 0,
    qz: 0,
    qw: 1,
    lx: 0,
    ly: 0,
    lz: 0,
    rx: 0,
    ry: 0,
    rz: 0,
    hasLeft: false,
    hasRight: false,
    inXr: false,
  };
}

export interface InterpolatorOptions {
  /** How far behind the sender's clock to render. */
  delayMs?: number;
  /** Ring size; 16 samples is > 1 s at 15 Hz. */
  capacity?: number;
  /**
   * How fast the estimated clock offset may creep upwards (ms per ms of wall time) when packets
   * arrive later than the fastest one seen, so clock drift and route changes are absorbed.
   */
  offsetRelaxPerMs?: number;
}

// Ring slot layout: t(ms, sender) | seq | head xyz | quat xyzw | left xyz | right xyz | flags
const T = 0;
const SEQ = 1;
const H = 2;
const Q = 5;
const L = 9;
const R = 12;
const FLAGS = 15;
const STRIDE = 16;
const F_LEFT = 1;
const F_RIGHT = 2;
const F_XR = 4;

export class PoseInterpolator {
  readonly delayMs: number;
  private readonly capacity: number;
  private readonly relax: number;
  private readonly ring: Float64Array;
  private start = 0;
  private count = 0;
  private offsetMs = 0;
  private lastRecvMs = 0;
  private newestSeq = 0;

  constructor(options: InterpolatorOptions = {}) {
    this.delayMs = options.delayMs ?? DEFAULT_INTERPOLATION_DELAY_MS;
    this.capacity = options.capacity ?? 16;
    this.relax = options.offsetRelaxPerMs ?? 0.002;
    this.ring = new Float64Array(this.capacity * STRIDE);
  }

  /** Number of buffered samples. */
  get size(): number {
    return this.count;
  }

  /** Local receive time of the newest accepted pose (0 before any). */
  get lastReceivedMs(): number {
    return this.lastRecvMs;
  }

  /**
   * Adds a pose received at local time `recvMs`. Returns false (and keeps nothing) for a pose
   * that is not newer than the newest one held: the channel is unordered.
   */
  push(pose: Pose, recvMs: number): boolean {
    const tMs = pose.t * 1000;
    if (this.count > 0) {
      // Sequence numbers wrap at 2^32; compare as a signed difference.
      if (((pose.seq - this.newestSeq) | 0) <= 0) return false;
      const sampleOffset = recvMs - tMs;
      this.offsetMs = Math.min(sampleOffset, this.offsetMs + this.relax * (recvMs - this.lastRecvMs));
    } else {
      this.offsetMs = recvMs - tMs;
    }
    this.newestSeq = pose.seq;
    this.lastRecvMs = recvMs;
    let slot: number;
    if (this.count < this.capacity) {
      slot = (this.start + this.count) % this.capacity;
      this.count++;
    } else {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    const b = slot * STRIDE;
    const ring = this.ring;
    ring[b + T] = tMs;
    ring[b + SEQ] = pose.seq;
    ring[b + H] = pose.head.x;
    ring[b + H + 1] = pose.head.y;
    ring[b + H + 2] = pose.head.z;
    ring[b + Q] = pose.headRotation.x;
    ring[b + Q + 1] = pose.headRotation.y;
    ring[b + Q + 2] = pose.headRotation.z;
    ring[b + Q + 3] = pose.headRotation.w;
    let flags = pose.inXr ? F_XR : 0;
    if (pose.leftHand) {
      flags |= F_LEFT;
      ring[b + L] = pose.leftHand.x;
      ring[b + L + 1] = pose.leftHand.y;
      ring[b + L + 2] = pose.leftHand.z;
    }
    if (pose.rightHand) {
      flags |= F_RIGHT;
      ring[b + R] = pose.rightHand.x;
      ring[b + R + 1] = pose.rightHand.y;
      ring[b + R + 2] = pose.rightHand.z;
    }
    ring[b + FLAGS] = flags;
    return true;
  }

  /**
   * Writes the pose to show at local time `nowMs` into `out`. Holds the newest pose when the
   * stream stalls (no extrapolation: a frozen avatar beats one flying off) and the oldest before
   * the buffer has caught up. Returns false when nothing has been received.
   */
  sample(nowMs: number, out: SampledPose): boolean {
    if (this.count === 0) return false;
    const renderT = nowMs - this.offsetMs - this.delayMs;
    const ring = this.ring;
    const last = this.count - 1;
    // Walk from the newest backwards: the render time is almost always near the newest samples.
    let i = last;
    while (i > 0 && ring[this.slotBase(i) + T]! > renderT) i--;
    const a = this.slotBase(i);
    if (i === last || ring[a + T]! > renderT) {
      copySlot(ring, a, out);
      return true;
    }
    const b = this.slotBase(i + 1);
    const span = ring[b + T]! - ring[a + T]!;
    const k = span > 0 ? Math.min(1, Math.max(0, (renderT - ring[a + T]!) / span)) : 1;
    lerpSlots(ring, a, b, k, out);
    return true;
  }

  /** Forgets every sample (e.g. when the participant leaves and comes back). */
  clear(): void {
    this.count = 0;
    this.start = 0;
  }

  private slotBase(i: number): number {
    return ((this.start + i) % this.capacity) * STRIDE;
  }
}

function copySlot(ring: Float64Array, a: number, out: SampledPose): void {
  lerpSlots(ring, a, a, 0, out);
}

function lerpSlots(ring: Float64Array, a: number, b: number, k: number, out: SampledPose): void {
  const j = 1 - k;
  out.hx = ring[a + H]! * j + ring[b + H]! * k;
  out.hy = ring[a + H + 1]! * j + ring[b + H + 1]! * k;
  out.hz = ring[a + H + 2]! * j + ring[b + H + 2]! * k;
  // Normalised lerp along the shorter arc: indistinguishable from slerp at 10+ Hz.
  const dot =
    ring[a + Q]! * ring[b + Q]! +
    ring[a + Q + 1]! * ring[b + Q + 1]! +
    ring[a + Q + 2]! * ring[b + Q + 2]! +
    ring[a + Q + 3]! * ring[b + Q + 3]!;
  const kb = dot < 0 ? -k : k;
  let qx = ring[a + Q]! * j + ring[b + Q]! * kb;
  let qy = ring[a + Q + 1]! * j + ring[b + Q + 1]! * kb;
  let qz = ring[a + Q + 2]! * j + ring[b + Q + 2]! * kb;
  let qw = ring[a + Q + 3]! * j + ring[b + Q + 3]! * kb;
  const len = Math.hypot(qx, qy, qz, qw);
  if (len > 1e-9) {
    qx /= len;
    qy /= len;
    qz /= len;
    qw /= len;
  } else {
    qx = 0;
    qy = 0;
    qz = 0;
    qw = 1;
  }
  out.qx = qx;
  out.qy = qy;
  out.qz = qz;
  out.qw = qw;
  const fa = ring[a + FLAGS]!;
  const fb = ring[b + FLAGS]!;
  out.inXr = ((k < 0.5 ? fa : fb) & F_XR) !== 0;
  out.hasLeft = lerpHand(ring, a, b, fa, fb, F_LEFT, L, k, out, 'l');
  out.hasRight = lerpHand(ring, a, b, fa, fb, F_RIGHT, R, k, out, 'r');
}

function lerpHand(
  ring: Float64Array,
  a: number,
  b: number,
  fa: number,
  fb: number,
  flag: number,
  off: number,
  k: number,
  out: SampledPose,
  side: 'l' | 'r',
): boolean {
  const inA = (fa & flag) !== 0;
  const inB = (fb & flag) !== 0;
  if (!inA && !inB) return false;
  // A hand that appears or disappears between samples snaps to whichever sample has it.
  const ka = inA && inB ? 1 - k : inA ? 1 : 0;
  const kb = 1 - ka;
  const x = (inA ? ring[a + off]! * ka : 0) + (inB ? ring[b + off]! * kb : 0);
  const y = (inA ? ring[a + off + 1]! * ka : 0) + (inB ? ring[b + off + 1]! * kb : 0);
  const z = (inA ? ring[a + off + 2]! * ka : 0) + (inB ? ring[b + off + 2]! * kb : 0);
  if (side === 'l') {
    out.lx = x;
    out.ly = y;
    out.lz = z;
  } else {
    out.rx = x;
    out.ry = y;
    out.rz = z;
  }
  return true;
}
