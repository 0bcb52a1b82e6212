import type { Pose, Vec3 } from '../../common/pose.ts';
import type { LifecycleUnit } from '../scene/frame-loop.ts';
import type { PoseSender } from './pose-sender.ts';

/** Where the local pose comes from: the desktop camera, or the headset and controllers in VR. */
export interface LocalPoseSource {
  /** Writes the current pose into `pose`, using `left`/`right` for hands (or setting null). */
  read(pose: Pose, left: Vec3, right: Vec3): void;
}

/** The `local-pose` unit: samples the active source every frame; the sender decides when to send. */
export class LocalPoseUnit implements LifecycleUnit {
  readonly name = 'local-pose' as const;

  constructor(
    private readonly sender: PoseSender,
    private source: LocalPoseSource,
  ) {}

  /** Switches between the desktop and XR sources; the next tick sends at once. */
  setSource(source: LocalPoseSource): void {
    this.source = source;
    this.sender.sendSoon();
  }

  update(_dtMs: number, nowMs: number): void {
    this.source.read(this.sender.pose, this.sender.leftSlot, this.sender.rightSlot);
    this.sender.tick(nowMs);
  }

  dispose(): void {}
}
