import '@babylonjs/core/Meshes/thinInstanceMesh.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateCapsule } from '@babylonjs/core/Meshes/Builders/capsuleBuilder.js';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder.js';
import { CreateTorus } from '@babylonjs/core/Meshes/Builders/torusBuilder.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { VertexBuffer } from '@babylonjs/core/Buffers/buffer.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { SampledPose } from './interpolation-buffer.ts';

/**
 * Draws every remote participant as an upper-body proxy with thin instances: one draw call per
 * part (head, torso, hands, speaking halo) however many people are in the room, one shared
 * material, per-instance colour. Slots are kept dense (swap-remove) so `thinInstanceCount` is
 * exactly the number of visible avatars.
 */
export const HEAD_DIAMETER_M = 0.24;
/** Torso centre below the eyes. */
const TORSO_DROP_M = 0.45;
const HAND_DROP_M = 0.68;
const HAND_SIDE_M = 0.24;
const HALO_RISE_M = 0.2;

interface Part {
  mesh: Mesh;
  matrices: Float32Array;
  colors: Float32Array | null;
  perAvatar: number;
}

export class CrowdRenderer {
  private capacity: number;
  private count = 0;
  private readonly slotOf = new Map<string, number>();
  private owners: string[] = [];
  private readonly head: Part;
  private readonly torso: Part;
  private readonly hands: Part;
  private readonly halo: Part;
  private readonly parts: Part[];
  private readonly material: StandardMaterial;
  private readonly haloMaterial: StandardMaterial;
  private dirtyColors = false;
  // Scratch objects: the per-frame path allocates nothing.
  private readonly q = new Quaternion();
  private readonly yawQ = new Quaternion();
  private readonly v = new Vector3();
  private readonly one = new Vector3(1, 1, 1);
  private readonly zero = new Vector3(0, 0, 0);
  private readonly m = new Matrix();
  private readonly identity = Quaternion.Identity();

  constructor(scene: Scene, initialCapacity = 64) {
    this.capacity = initialCapacity;
    this.material = new StandardMaterial('avatar-material', scene);
    this.material.specularColor = new Color3(0.08, 0.08, 0.08);
    this.haloMaterial = new StandardMaterial('avatar-halo-material', scene);
    this.haloMaterial.disableLighting = true;
    this.haloMaterial.emissiveColor = new Color3(0.3, 1, 0.55);

    const headMesh = CreateSphere('avatar-head', { diameter: HEAD_DIAMETER_M, segments: 12 }, scene);
    paintVisor(headMesh);
    // A capsule flattened front-to-back and widened at the shoulders reads as an upper body.
    const torsoMesh = CreateCapsule(
      'avatar-torso',
      { height: 0.58, radius: 0.15, tessellation: 12, subdivisions: 2 },
      scene,
    );
    torsoMesh.scaling.set(1.35, 1, 0.8);
    torsoMesh.bakeCurrentTransformIntoVertices();
    const handMesh = CreateSphere('avatar-hand', { diameter: 0.1, segments: 6 }, scene);
    const haloMesh = CreateTorus(
      'avatar-halo',
      { diameter: 0.26, thickness: 0.025, tessellation: 20 },
      scene,
    );
    this.head = this.makePart(headMesh, this.material, 1, true);
    this.torso = this.makePart(torsoMesh, this.material, 1, true);
    this.hands = this.makePart(handMesh, this.material, 2, true);
    this.halo = this.makePart(haloMesh, this.haloMaterial, 1, false);
    this.parts = [this.head, this.torso, this.hands, this.halo];
  }

  /** Number of avatars drawn. */
  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds an avatar with its role colour (sRGB hex); returns false if it already exists. */
  add(id: string, colorHex: string): boolean {
    if (this.slotOf.has(id)) return false;
    if (this.count === this.capacity) this.grow();
    const slot = this.count++;
    this.slotOf.set(id, slot);
    this.owners[slot] = id;
    this.setColor(id, colorHex);
    this.writeHidden(slot);
    this.syncCounts();
    return true;
  }

  /** Removes an avatar; the last slot moves into its place. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const last = --this.count;
    if (slot !== last) {
      const moved = this.owners[last]!;
      for (const p of this.parts) {
        for (let k = 0; k < p.perAvatar; k++) {
          p.matrices.copyWithin(
            (slot * p.perAvatar + k) * 16,
            (last * p.perAvatar + k) * 16,
            (last * p.perAvatar + k + 1) * 16,
          );
          if (p.colors) {
            p.colors.copyWithin(
              (slot * p.perAvatar + k) * 4,
              (last * p.perAvatar + k) * 4,
              (last * p.perAvatar + k + 1) * 4,
            );
          }
        }
      }
      this.owners[slot] = moved;
      this.slotOf.set(moved, slot);
      this.dirtyColors = true;
    }
    this.owners.length = this.count;
    this.slotOf.delete(id);
    this.syncCounts();
    return true;
  }

  setColor(id: string, colorHex: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const n = Number.parseInt(colorHex.slice(1), 16);
    const r = ((n >> 16) & 255) / 255;
    const g = ((n >> 8) & 255) / 255;
    const b = (n & 255) / 255;
    writeColor(this.torso, slot, 0, r, g, b);
    // Hands a little lighter than the torso, head neutral (its vertex colours carry skin + visor).
    writeColor(this.hands, slot, 0, 0.5 + r / 2, 0.5 + g / 2, 0.5 + b / 2);
    writeColor(this.hands, slot, 1, 0.5 + r / 2, 0.5 + g / 2, 0.5 + b / 2);
    writeColor(this.head, slot, 0, 1, 1, 1);
    this.dirtyColors = true;
  }

  /** Places avatar `id` at an interpolated pose; `speaking` (0..1 level, <0 = silent) shows the halo. */
  setPose(id: string, pose: SampledPose, speaking: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const q = this.q.set(pose.qx, pose.qy, pose.qz, pose.qw);
    const v = this.v;
    const m = this.m;
    v.set(pose.hx, pose.hy, pose.hz);
    Matrix.ComposeToRef(this.one, q, v, m);
    m.copyToArray(this.head.matrices, slot * 16);

    // The body follows only the head's heading (yaw), not its tilt.
    const fx = 2 * (pose.qx * pose.qz + pose.qw * pose.qy);
    const fz = 1 - 2 * (pose.qx * pose.qx + pose.qy * pose.qy);
    const yaw = Math.atan2(fx, fz);
    Quaternion.RotationYawPitchRollToRef(yaw, 0, 0, this.yawQ);
    v.set(pose.hx, pose.hy - TORSO_DROP_M, pose.hz);
    Matrix.ComposeToRef(this.one, this.yawQ, v, m);
    m.copyToArray(this.torso.matrices, slot * 16);

    const sin = Math.sin(yaw);
    const cos = Math.cos(yaw);
    for (let side = 0; side < 2; side++) {
      const has = side === 0 ? pose.hasLeft : pose.hasRight;
      if (has) {
        if (side === 0) v.set(pose.lx, pose.ly, pose.lz);
        else v.set(pose.rx, pose.ry, pose.rz);
      } else {
        // Resting hands beside the body: right = (cos, -sin), forward = (sin, cos).
        const s = side === 0 ? -HAND_SIDE_M : HAND_SIDE_M;
        v.set(pose.hx + s * cos + 0.08 * sin, pose.hy - HAND_DROP_M, pose.hz - s * sin + 0.08 * cos);
      }
      Matrix.ComposeToRef(this.one, this.identity, v, m);
      m.copyToArray(this.hands.matrices, (slot * 2 + side) * 16);
    }

    v.set(pose.hx, pose.hy + HALO_RISE_M, pose.hz);
    const scale = speaking < 0 ? 0 : 0.9 + 0.35 * Math.min(1, speaking);
    this.one.set(scale, scale, scale);
    Matrix.ComposeToRef(this.one, this.identity, v, m);
    this.one.set(1, 1, 1);
    m.copyToArray(this.halo.matrices, slot * 16);
  }

  /** Uploads this frame's matrices (and colours if they changed). Call once per frame. */
  flush(): void {
    if (this.count === 0) return;
    for (const p of this.parts) {
      p.mesh.thinInstanceBufferUpdated('matrix');
      if (p.colors && this.dirtyColors) p.mesh.thinInstanceBufferUpdated('color');
    }
    this.dirtyColors = false;
  }

  /** The live instance matrices of one part (read-only; for tests). */
  matricesOf(part: 'head' | 'torso' | 'hands' | 'halo'): Float32Array {
    return this[part].matrices;
  }

  /** The meshes (for the debug API and tests). */
  get meshes(): readonly Mesh[] {
    return this.parts.map((p) => p.mesh);
  }

  dispose(): void {
    for (const p of this.parts) p.mesh.dispose();
    this.material.dispose();
    this.haloMaterial.dispose();
    this.slotOf.clear();
    this.owners = [];
    this.count = 0;
  }

  private makePart(mesh: Mesh, material: StandardMaterial, perAvatar: number, colored: boolean): Part {
    mesh.material = material;
    mesh.isPickable = false;
    // Thin instances move every frame; skip per-frame culling and bounding refreshes.
    mesh.alwaysSelectAsActiveMesh = true;
    mesh.doNotSyncBoundingInfo = true;
    const part: Part = {
      mesh,
      matrices: new Float32Array(this.capacity * perAvatar * 16),
      colors: colored ? new Float32Array(this.capacity * perAvatar * 4).fill(1) : null,
      perAvatar,
    };
    this.bindBuffers(part);
    return part;
  }

  private bindBuffers(part: Part): void {
    part.mesh.thinInstanceSetBuffer('matrix', part.matrices, 16, false);
    if (part.colors) part.mesh.thinInstanceSetBuffer('color', part.colors, 4, false);
    part.mesh.thinInstanceCount = this.count * part.perAvatar;
    part.mesh.isVisible = this.count > 0;
  }

  private grow(): void {
    this.capacity *= 2;
    for (const p of this.parts) {
      const matrices = new Float32Array(this.capacity * p.perAvatar * 16);
      matrices.set(p.matrices);
      p.matrices = matrices;
      if (p.colors) {
        const colors = new Float32Array(this.capacity * p.perAvatar * 4).fill(1);
        colors.set(p.colors);
        p.colors = colors;
      }
      this.bindBuffers(p);
    }
  }

  private syncCounts(): void {
    for (const p of this.parts) {
      p.mesh.thinInstanceCount = this.count * p.perAvatar;
      // With no instances Babylon would draw the source mesh itself at the origin.
      p.mesh.isVisible = this.count > 0;
    }
  }

  /** A new avatar is parked at scale 0 until its first pose arrives. */
  private writeHidden(slot: number): void {
    Matrix.ComposeToRef(this.zero, this.identity, this.zero, this.m);
    for (const p of this.parts) {
      for (let k = 0; k < p.perAvatar; k++) this.m.copyToArray(p.matrices, (slot * p.perAvatar + k) * 16);
    }
  }
}

function writeColor(part: Part, slot: number, k: number, r: number, g: number, b: number): void {
  if (!part.colors) return;
  const o = (slot * part.perAvatar + k) * 4;
  part.colors[o] = r;
  part.colors[o + 1] = g;
  part.colors[o + 2] = b;
  part.colors[o + 3] = 1;
}

/** Skin-tone head with a dark visor band across the front, so facing direction reads at a glance. */
function paintVisor(mesh: Mesh): void {
  const positions = mesh.getVerticesData(VertexBuffer.PositionKind);
  if (!positions) return;
  const colors = new Float32Array((positions.length / 3) * 4);
  const r = HEAD_DIAMETER_M / 2;
  for (let i = 0; i < positions.length / 3; i++) {
    const y = positions[i * 3 + 1]! / r;
    const z = positions[i * 3 + 2]! / r;
    const visor = z > 0.35 && y > -0.15 && y < 0.35;
    colors.set(visor ? [0.08, 0.1, 0.14, 1] : [0.93, 0.8, 0.7, 1], i * 4);
  }
  mesh.setVerticesData(VertexBuffer.ColorKind, colors);
}
