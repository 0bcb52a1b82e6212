import { createRestPose, type Pose } from '../../common/pose.ts';
import type { RemoteAvatars } from '../avatar/remote-avatars.ts';
import type { LifecycleUnit } from '../scene/frame-loop.ts';
import type { Seat } from '../scene/hall-layout.ts';
import { SEATED_EYE_M } from '../scene/locomotion.ts';

const SEND_INTERVAL_MS = 1000 / 15;

/**
 * Test and benchmark helper: N fake remote participants seated across the hall, each "sending"
 * a gently swaying pose at 15 Hz into the same path network poses take (interpolation buffers →
 * crowd renderer → name tags), so a measurement with 200 avatars costs what 200 people would.
 */
export class SyntheticCrowd implements LifecycleUnit {
  readonly name = 'synthetic-crowd' as const;
  private ids: string[] = [];
  private seatsOf: Seat[] = [];
  private seq: number[] = [];
  private nextDue: number[] = [];
  private readonly pose: Pose = createRestPose();

  constructor(
    private readonly avatars: RemoteAvatars,
    private readonly seats: readonly Seat[],
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** Replaces the crowd with `count` people spread evenly over the seats. */
  set(count: number, nowMs: number): void {
    this.clear();
    const n = Math.max(0, Math.min(count, this.seats.length));
    for (let i = 0; i < n; i++) {
      const seat = this.seats[Math.floor((i * this.seats.length) / n)]!;
      const id = `synthetic-${i}`;
      this.ids.push(id);
      this.seatsOf.push(seat);
      this.seq.push(0);
      // Stagger senders across the interval as real clients would be.
      this.nextDue.push(nowMs + (i * SEND_INTERVAL_MS) / n);
      this.avatars.upsert({
        identity: id,
        name: `Guest ${i + 1}`,
        role: i % 17 === 0 ? 'moderator' : 'attendee',
      });
    }
  }

  clear(): void {
    for (const id of this.ids) this.avatars.remove(id);
    this.ids = [];
    this.seatsOf = [];
    this.seq = [];
    this.nextDue = [];
  }

  update(_dtMs: number, nowMs: number): void {
    const p = this.pose;
    for (let i = 0; i < this.ids.length; i++) {
      if (nowMs < this.nextDue[i]!) continue;
      this.nextDue[i]! += SEND_INTERVAL_MS;
      if (this.nextDue[i]! < nowMs) this.nextDue[i] = nowMs + SEND_INTERVAL_MS;
      const seat = this.seatsOf[i]!;
      const sway = Math.sin(nowMs / 900 + i) * 0.25;
      p.seq = ++this.seq[i]!;
      p.t = nowMs / 1000;
      p.head.x = seat.x;
      p.head.y = seat.y + SEATED_EYE_M;
      p.head.z = seat.z;
      const yaw = seat.yawRad + sway;
      p.headRotation.x = 0;
      p.headRotation.y = Math.sin(yaw / 2);
      p.headRotation.z = 0;
      p.headRotation.w = Math.cos(yaw / 2);
      this.avatars.receive(this.ids[i]!, p, nowMs);
    }
  }

  dispose(): void {
    this.clear();
  }
}
