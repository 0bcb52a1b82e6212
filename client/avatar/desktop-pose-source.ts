import type { FreeCamera } from '@babylonjs/core/Cameras/freeCamera.js';
import { Quaternion } from '@babylonjs/core/Maths/math.vector.js';
import type { Pose } from '../../common/pose.ts';
import type { LocalPoseSource } from './local-pose.ts';

/** The desktop camera as the local pose: head = camera, no tracked hands. */
export class DesktopPoseSource implements LocalPoseSource {
  private readonly q = new Quaternion();

  constructor(private readonly camera: FreeCamera) {}

  read(pose: Pose): void {
    const c = this.camera;
    pose.head.x = c.position.x;
    pose.head.y = c.position.y;
    pose.head.z = c.position.z;
    Quaternion.RotationYawPitchRollToRef(c.rotation.y, c.rotation.x, c.rotation.z, this.q);
    pose.headRotation.x = this.q.x;
    pose.headRotation.y = this.q.y;
    pose.headRotation.z = this.q.z;
    pose.headRotation.w = this.q.w;
    pose.leftHand = null;
    pose.rightHand = null;
    pose.inXr = false;
  }
}
