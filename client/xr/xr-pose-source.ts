import type { WebXRDefaultExperience } from '@babylonjs/core/XR/webXRDefaultExperience.js';
import type { Pose, Vec3 } from '../../common/pose.ts';
import type { LocalPoseSource } from '../avatar/local-pose.ts';

/** The headset and controllers as the local pose: head = XR camera, hands = controller grips. */
export class XrPoseSource implements LocalPoseSource {
  constructor(private readonly xr: WebXRDefaultExperience) {}

  read(pose: Pose, left: Vec3, right: Vec3): void {
    const cam = this.xr.baseExperience.camera;
    pose.head.x = cam.position.x;
    pose.head.y = cam.position.y;
    pose.head.z = cam.position.z;
    const q = cam.rotationQuaternion;
    pose.headRotation.x = q.x;
    pose.headRotation.y = q.y;
    pose.headRotation.z = q.z;
    pose.headRotation.w = q.w;
    pose.leftHand = null;
    pose.rightHand = null;
    pose.inXr = true;
    const controllers = this.xr.input.controllers;
    for (let i = 0; i < controllers.length; i++) {
      const c = controllers[i]!;
      const node = c.grip ?? c.pointer;
      const p = node.absolutePosition;
      if (c.inputSource.handedness === 'left') {
        left.x = p.x;
        left.y = p.y;
        left.z = p.z;
        pose.leftHand = left;
      } else if (c.inputSource.handedness === 'right') {
        right.x = p.x;
        right.y = p.y;
        right.z = p.z;
        pose.rightHand = right;
      }
    }
  }
}
