import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import type { Material } from '@babylonjs/core/Materials/material.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { MorphTargetManager } from '@babylonjs/core/Morph/morphTargetManager.js';
import type { Scene } from '@babylonjs/core/scene.js';
import { assignBodyMaterials } from './body-materials.ts';
import { DrivenBone, poseArms, refreshWorld } from './bone-rig.ts';
import { registerGltfLoader } from './gltf-loader.ts';
import { createHologramState, HologramPlugin, type HologramState } from './hologram-plugin.ts';
import { applyBlink, applyVisemes, bindFaceRig, trimToFaceRig, type FaceRig } from './morph-map.ts';
import type { MotionPose } from './twin-motion.ts';
import { TwinLabel } from './twin-label.ts';

const UP = new Vector3(0, 1, 0);
/** Label height above the stage floor, clear of the head. */
const LABEL_HEIGHT_M = 2.15;

export interface TwinBodyOptions {
  scene: Scene;
  /** The mark on the stage floor where the twin stands. */
  position: Vector3;
  /** Yaw (radians) the twin faces; the audience sits towards -z. */
  facingYawRad: number;
  url: string;
}

interface Bones {
  spine: DrivenBone | null;
  neck: DrivenBone | null;
  head: DrivenBone | null;
  rUpperArm: DrivenBone | null;
  rForearm: DrivenBone | null;
}

/**
 * The twin's 3D body: the persona's glTF avatar (glTF loader imported on first use), posed out of the
 * T-pose, PBR materials per region, the hologram disclosure shader, and a billboard label. The twin
 * stage drives it each frame with viseme weights and a motion pose.
 */
export class TwinBody {
  readonly hologram: HologramState = createHologramState();
  readonly label: TwinLabel;
  private readonly bones: Bones;
  private readonly bottomY: number;
  private readonly topY: number;

  private constructor(
    readonly root: TransformNode,
    readonly face: FaceRig,
    readonly meshes: readonly AbstractMesh[],
    readonly headNode: TransformNode | null,
    private readonly materials: readonly Material[],
    bones: Bones,
    scene: Scene,
  ) {
    this.bones = bones;
    this.label = new TwinLabel(scene);
    this.label.mesh.parent = root;
    this.label.mesh.position.set(0, LABEL_HEIGHT_M, 0);
    this.bottomY = root.position.y - 0.05;
    this.topY = root.position.y + 2.0;
  }

  /** Loads and assembles the avatar; throws when the file cannot be loaded or has no face targets. */
  static async load(o: TwinBodyOptions): Promise<TwinBody> {
    await registerGltfLoader();
    const container = await LoadAssetContainerAsync(o.url, o.scene, { pluginExtension: '.glb' });
    for (const g of container.animationGroups) g.stop();
    container.addAllToScene();
    const gltfRoot = container.meshes.find((m) => m.parent === null) ?? null;
    const root = new TransformNode('twin-root', o.scene);
    root.position.copyFrom(o.position);
    root.rotation.y = o.facingYawRad;
    if (gltfRoot) gltfRoot.parent = root;
    const meshes = container.meshes.filter((m): m is Mesh => m instanceof Mesh && m.getTotalVertices() > 0);
    const managers = meshes.map((m) => m.morphTargetManager).filter((m): m is MorphTargetManager => !!m);
    const face = bindFaceRig(managers);
    if (face.visemes.every((list) => list.length === 0)) {
      container.dispose();
      root.dispose();
      throw new Error(`avatar ${o.url} has no viseme morph targets`);
    }
    trimToFaceRig(managers, face);
    for (const m of meshes) {
      m.isPickable = false;
      // The twin is always in view on the stage; skip per-frame culling of its parts.
      m.alwaysSelectAsActiveMesh = true;
    }
    const hair = meshes.find((m) => /opacity|hair/i.test(m.material?.name ?? '')) ?? null;
    for (const mat of container.materials) mat.dispose();
    const materials = assignBodyMaterials(o.scene, meshes, hair);
    const node = (name: string): TransformNode | null =>
      container.transformNodes.find((t) => t.name === name) ?? null;
    refreshWorld(root);
    poseArms(node, o.facingYawRad);
    refreshWorld(root);
    const right = new Vector3(Math.cos(o.facingYawRad), 0, -Math.sin(o.facingYawRad));
    const forward = new Vector3(Math.sin(o.facingYawRad), 0, Math.cos(o.facingYawRad));
    const drive = (name: string): DrivenBone | null => {
      const n = node(name);
      return n ? new DrivenBone(n, UP, right, forward) : null;
    };
    const bones: Bones = {
      spine: drive('Bip01 Spine1'),
      neck: drive('Bip01 Neck'),
      head: drive('Bip01 Head'),
      rUpperArm: drive('Bip01 R UpperArm'),
      rForearm: drive('Bip01 R Forearm'),
    };
    const body = new TwinBody(root, face, meshes, node('Bip01 Head'), materials, bones, o.scene);
    for (const mat of materials) new HologramPlugin(mat, body.hologram);
    return body;
  }

  /** Viseme weights (OCULUS_VISEMES order) → mouth; returns the sum of weights written. */
  applyFace(weights: Float32Array, gain: number, blink: number): number {
    applyBlink(this.face, blink);
    return applyVisemes(this.face, weights, gain);
  }

  applyPose(p: MotionPose): void {
    const b = this.bones;
    b.spine?.set(0, p.spinePitch, p.spineRoll);
    b.neck?.set(p.neckYaw, p.neckPitch, 0);
    b.head?.set(p.headYaw, p.headPitch, p.headRoll);
    // Raise the right arm forward and curl the forearm up (emphasis beat, hand towards the chin).
    b.rUpperArm?.set(0, -p.armRaise, 0);
    b.rForearm?.set(0, -p.forearmCurl, 0);
  }

  /** 0 = not drawn, 1 = fully drawn (the sweep of the hologram's reveal plane). */
  setReveal(fraction: number): void {
    const f = Math.min(1, Math.max(0, fraction));
    this.hologram.revealY = f >= 1 ? 1e4 : this.bottomY + (this.topY - this.bottomY) * f;
    this.label.mesh.setEnabled(f > 0.5);
  }

  /** World position of the head (for gaze maths), written into `out`. */
  headPosition(out: Vector3): Vector3 {
    if (this.headNode) return out.copyFrom(this.headNode.getAbsolutePosition());
    return out.copyFrom(this.root.position).addInPlaceFromFloats(0, 1.6, 0);
  }

  /** Names of the morph targets found for the face (for tests and diagnostics). */
  morphTargetNames(): string[] {
    const out: string[] = [];
    for (const list of [...this.face.visemes, this.face.blinkLeft, this.face.blinkRight]) {
      if (list[0]) out.push(list[0].name);
    }
    return out;
  }

  dispose(): void {
    this.label.dispose();
    for (const m of this.meshes) m.dispose(false, false);
    for (const mat of this.materials) mat.dispose();
    this.root.dispose();
  }
}
