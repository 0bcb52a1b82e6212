import { createRestPose, type Pose, type PoseTransport, type Vec3 } from '../../common/pose.ts';

export interface PoseSenderOptions {
  /** Send rate while the pose is changing. */
  activeHz?: number;
  /**
   * Rate while nothing moves. The product promises poses at >= 10 Hz, so the default keeps 10 Hz;
   * a lower heartbeat (e.g. 2 Hz) cuts SFU load for very large rooms and still repairs a lost final
   * packet, at the cost of that promise.
   */
  idleHz?: number;
  /** Movement below this (metres, or quaternion component delta) counts as "not changing". */
  epsilon?: number;
}

/**
 * Sends the local pose at a fixed rate. The caller writes into `pose` every frame (its vectors are
 * reused, never replaced) and calls `tick`; the sender decides when a packet is due.
 */
export class PoseSender {
  /** Write the current local pose here; set `leftHand`/`rightHand` to the `*Slot` vectors or null. */
  readonly pose: Pose;
  readonly leftSlot: Vec3 = { x: 0, y: 0, z: 0 };
  readonly rightSlot: Vec3 = { x: 0, y: 0, z: 0 };
  private readonly activeIntervalMs: number;
  private readonly idleIntervalMs: number;
  private readonly epsilon: number;
  private readonly last = new Float64Array(14);
  private nextDueMs = -Infinity;
  private lastSentMs = -Infinity;
  private readonly epochMs: number;
  private sentCount = 0;

  constructor(
    private readonly transport: PoseTransport,
    nowMs: number,
    options: PoseSenderOptions = {},
  ) {
    this.activeIntervalMs = 1000 / (options.activeHz ?? 15);
    this.idleIntervalMs = 1000 / (options.idleHz ?? 10);
    this.epsilon = options.epsilon ?? 0.002;
    this.epochMs = nowMs;
    this.pose = createRestPose();
  }

  /** Packets sent so far. */
  get sent(): number {
    return this.sentCount;
  }

  /** Sends `pose` if a packet is due at `nowMs`; returns true when it sent one. */
  tick(nowMs: number): boolean {
    if (nowMs < this.nextDueMs) return false;
    const changed = this.changedSinceLastSend();
    if (!changed && nowMs - this.lastSentMs < this.idleIntervalMs) return false;
    const p = this.pose;
    p.seq = (p.seq + 1) >>> 0;
    // Seconds since this sender started: small numbers keep float32 precision in the packet.
    p.t = (nowMs - this.epochMs) / 1000;
    this.transport.send(p);
    this.sentCount++;
    this.remember();
    this.lastSentMs = nowMs;
    // Fixed schedule (no drift at any frame rate); after a long gap restart from now.
    this.nextDueMs =
      nowMs - this.nextDueMs > this.activeIntervalMs
        ? nowMs + this.activeIntervalMs
        : this.nextDueMs + this.activeIntervalMs;
    return true;
  }

  /** Forces the next tick to send (e.g. after a teleport or on reconnect). */
  sendSoon(): void {
    this.nextDueMs = -Infinity;
    this.lastSentMs = -Infinity;
  }

  private changedSinceLastSend(): boolean {
    const p = this.pose;
    const l = this.last;
    const e = this.epsilon;
    const q = p.headRotation;
    if (
      Math.abs(l[0]! - p.head.x) > e ||
      Math.abs(l[1]! - p.head.y) > e ||
      Math.abs(l[2]! - p.head.z) > e ||
      Math.abs(l[3]! - q.x) > e ||
      Math.abs(l[4]! - q.y) > e ||
      Math.abs(l[5]! - q.z) > e ||
      Math.abs(l[6]! - q.w) > e
    ) {
      return true;
    }
    return handChanged(l, 7, p.leftHand, e) || handChanged(l, 10, p.rightHand, e) || l[13] !== flags(p);
  }

  private remember(): void {
    const p = this.pose;
    const l = this.last;
    l[0] = p.head.x;
    l[1] = p.head.y;
    l[2] = p.head.z;
    l[3] = p.headRotation.x;
    l[4] = p.headRotation.y;
    l[5] = p.headRotation.z;
    l[6] = p.headRotation.w;
    rememberHand(l, 7, p.leftHand);
    rememberHand(l, 10, p.rightHand);
    l[13] = flags(p);
  }
}

function flags(p: Pose): number {
  return (p.inXr ? 1 : 0) | (p.leftHand ? 2 : 0) | (p.rightHand ? 4 : 0);
}

function handChanged(l: Float64Array, o: number, h: Vec3 | null, e: number): boolean {
  if (!h) return false;
  return Math.abs(l[o]! - h.x) > e || Math.abs(l[o + 1]! - h.y) > e || Math.abs(l[o + 2]! - h.z) > e;
}

function rememberHand(l: Float64Array, o: number, h: Vec3 | null): void {
  l[o] = h ? h.x : 0;
  l[o + 1] = h ? h.y : 0;
  l[o + 2] = h ? h.z : 0;
}
