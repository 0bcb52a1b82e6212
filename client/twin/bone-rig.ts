import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';

/** One bone we move every frame: rest rotation plus rotations about world axes, in parent space. */
export class DrivenBone {
  private readonly rest = new Matrix();
  /** World up / right / forward expressed in the parent's space at rest (the rig's axes). */
  private readonly axes: [Vector3, Vector3, Vector3] = [new Vector3(), new Vector3(), new Vector3()];
  private readonly tmpA = new Matrix();
  private readonly tmpB = new Matrix();
  private readonly tmpC = new Matrix();
  /** -1 when the parent chain mirrors (glTF's handedness flip): a rotation's sense flips too. */
  private readonly sense: number;

  constructor(
    readonly node: TransformNode,
    worldUp: Vector3,
    worldRight: Vector3,
    worldForward: Vector3,
  ) {
    node.rotationQuaternion ??= Quaternion.FromEulerVector(node.rotation);
    node.rotationQuaternion.toRotationMatrix(this.rest);
    const parent = node.parent as TransformNode | null;
    const inv = new Matrix();
    if (parent) {
      parent.computeWorldMatrix(true).invertToRef(inv);
    }
    const det = parent ? parent.getWorldMatrix().determinant() : 1;
    this.sense = det < 0 ? -1 : 1;
    [worldUp, worldRight, worldForward].forEach((a, i) => {
      Vector3.TransformNormalToRef(a, parent ? inv : Matrix.IdentityReadOnly, this.axes[i]!);
      this.axes[i]!.normalize();
    });
  }

  /** Sets the bone to rest ∘ yaw (about up) ∘ pitch (about right) ∘ roll (about forward), radians. */
  set(yawRad: number, pitchRad: number, rollRad: number): void {
    const s = this.sense;
    Matrix.RotationAxisToRef(this.axes[0], yawRad * s, this.tmpA);
    Matrix.RotationAxisToRef(this.axes[1], pitchRad * s, this.tmpB);
    this.tmpA.multiplyToRef(this.tmpB, this.tmpC);
    Matrix.RotationAxisToRef(this.axes[2], rollRad * s, this.tmpA);
    this.tmpC.multiplyToRef(this.tmpA, this.tmpB);
    this.rest.multiplyToRef(this.tmpB, this.tmpC);
    Quaternion.FromRotationMatrixToRef(this.tmpC, this.node.rotationQuaternion!);
  }
}

/**
 * Turns `node` (and everything under it) about a world axis through its own joint. Used once at
 * load to bring the arms down from the T-pose.
 */
export function rotateAboutWorldAxis(node: TransformNode, axis: Vector3, angleRad: number): void {
  const parent = node.parent as TransformNode | null;
  const world = node.computeWorldMatrix(true);
  const pivot = world.getTranslation();
  // Rotation about the joint in world space (row vectors: move to origin, rotate, move back).
  const m = Matrix.Translation(-pivot.x, -pivot.y, -pivot.z)
    .multiply(Matrix.RotationAxis(axis, angleRad))
    .multiply(Matrix.Translation(pivot.x, pivot.y, pivot.z));
  const newWorld = world.multiply(m);
  const local = parent ? newWorld.multiply(parent.getWorldMatrix().clone().invert()) : newWorld;
  const scale = new Vector3();
  const rot = new Quaternion();
  const pos = new Vector3();
  local.decompose(scale, rot, pos);
  node.rotationQuaternion = rot;
  node.computeWorldMatrix(true);
}

/** Recomputes world matrices from `node` down, parents first (after posing, before measuring). */
export function refreshWorld(node: TransformNode): void {
  node.computeWorldMatrix(true);
  for (const child of node.getChildTransformNodes(true)) refreshWorld(child);
}

/** Brings both arms down from the T-pose to a relaxed stance, elbows slightly bent. */
export function poseArms(node: (name: string) => TransformNode | null, facingYawRad: number): void {
  const forward = new Vector3(Math.sin(facingYawRad), 0, Math.cos(facingYawRad));
  for (const side of ['L', 'R'] as const) {
    const upper = node(`Bip01 ${side} UpperArm`);
    const fore = node(`Bip01 ${side} Forearm`);
    const hand = node(`Bip01 ${side} Hand`);
    if (!upper || !fore) continue;
    const outward = fore.getAbsolutePosition().subtract(upper.getAbsolutePosition());
    outward.y = 0;
    outward.normalize();
    // Upper arm: nearly straight down, a little out from the hips and forward.
    aimBone(
      upper,
      fore,
      new Vector3(0, -1, 0).addInPlace(outward.scale(0.16)).addInPlace(forward.scale(0.06)),
    );
    // Forearm: bent ~25 degrees forward at the elbow.
    if (hand)
      aimBone(
        fore,
        hand,
        new Vector3(0, -1, 0).addInPlace(forward.scale(0.45)).addInPlace(outward.scale(0.05)),
      );
  }
}

/** Rotates `bone` about its joint so the direction to `child` points along `target` (world). */
function aimBone(bone: TransformNode, child: TransformNode, target: Vector3): void {
  const dir = (): Vector3 => child.getAbsolutePosition().subtract(bone.getAbsolutePosition()).normalize();
  const want = target.normalize();
  const from = dir();
  const axis = Vector3.Cross(from, want);
  if (axis.length() < 1e-6) return;
  axis.normalize();
  const angle = Math.acos(Math.min(1, Math.max(-1, Vector3.Dot(from, want))));
  rotateAboutWorldAxis(bone, axis, angle);
  refreshWorld(bone);
  // Rotation sense differs between conventions: if that went the wrong way, go the other way.
  if (Vector3.Dot(dir(), want) < 0.99) {
    rotateAboutWorldAxis(bone, axis, -2 * angle);
    refreshWorld(bone);
  }
}
