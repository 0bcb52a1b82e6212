import { readFileSync } from 'node:fs';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import type { AssetContainer } from '@babylonjs/core/assetContainer.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { MorphTargetManager } from '@babylonjs/core/Morph/morphTargetManager.js';
import { Scene } from '@babylonjs/core/scene.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OCULUS_VISEMES,
  sampleViseme,
  VISEME_COUNT,
  type TimelineSegmentMessage,
} from '../../common/timeline.ts';
import { DrivenBone, poseArms, refreshWorld } from './bone-rig.ts';
import { registerGltfLoader } from './gltf-loader.ts';
import { applyBlink, applyVisemes, bindFaceRig, trimToFaceRig, VISEME_MAX_WEIGHT } from './morph-map.ts';

const AVATARS = ['rocketbox_female_adult_01_facial.glb', 'rocketbox_male_adult_08_facial.glb'];

describe.each(AVATARS)('the twin avatar %s', (file) => {
  let engine: NullEngine;
  let scene: Scene;
  let container: AssetContainer;
  let managers: MorphTargetManager[];

  beforeAll(async () => {
    engine = new NullEngine();
    scene = new Scene(engine);
    // The same lazy registration the client uses: only the glTF 2.0 loader and mesh quantization.
    await registerGltfLoader();
    const bytes = new Uint8Array(readFileSync(new URL(`../../assets/avatars/${file}`, import.meta.url)));
    container = await LoadAssetContainerAsync(bytes, scene, { pluginExtension: '.glb' });
    container.addAllToScene();
    managers = container.meshes
      .map((m) => m.morphTargetManager)
      .filter((m): m is MorphTargetManager => m !== null && m !== undefined);
  });

  afterAll(() => {
    scene.dispose();
    engine.dispose();
  });

  it('binds all 15 Oculus visemes and both blinks', () => {
    const rig = bindFaceRig(managers);
    expect(rig.missing).toEqual([]);
    expect(rig.visemes).toHaveLength(VISEME_COUNT);
    expect(rig.visemes[OCULUS_VISEMES.indexOf('ih')]![0]!.name).toBe('viseme_I');
    expect(rig.visemes[OCULUS_VISEMES.indexOf('aa')]![0]!.name).toBe('viseme_aa');
    expect(rig.blinkLeft.length).toBeGreaterThan(0);
  });

  it('writes sampled timeline weights to the morph targets, capped, and rests at sil', () => {
    const rig = bindFaceRig(managers);
    const seg: TimelineSegmentMessage = {
      v: 1,
      type: 'segment',
      utteranceId: 'u1',
      seq: 0,
      text: 'Papa',
      audioStartOffsetMs: 0,
      durationMs: 600,
      words: [{ w: 'Papa', s: 100, e: 500 }],
      visemes: [
        { v: 'PP', s: 100, e: 180, peak: 0.9 },
        { v: 'aa', s: 180, e: 300, peak: 1 },
        { v: 'sil', s: 300, e: 600, peak: 1 },
      ],
      gestures: [],
    };
    const w = new Float32Array(VISEME_COUNT);
    sampleViseme(seg, 240, w);
    const sum = applyVisemes(rig, w, 1);
    const aa = rig.visemes[OCULUS_VISEMES.indexOf('aa')]![0]!;
    expect(aa.influence).toBeCloseTo(VISEME_MAX_WEIGHT.aa, 5);
    expect(sum).toBeGreaterThan(0.5);
    // Every primitive carrying the target moves together.
    for (const t of rig.visemes[OCULUS_VISEMES.indexOf('aa')]!) expect(t.influence).toBe(aa.influence);
    sampleViseme(seg, 550, w);
    expect(applyVisemes(rig, w, 1)).toBe(0);
    expect(aa.influence).toBe(0);
    applyBlink(rig, 1);
    expect(rig.blinkLeft[0]!.influence).toBe(1);
    expect(rig.blinkRight[0]!.influence).toBe(1);
  });

  it('trims each primitive to the face targets with a constant influencer count', () => {
    const rig = bindFaceRig(managers);
    const before = managers[0]!.numTargets;
    trimToFaceRig(managers, rig);
    expect(before).toBe(67);
    for (const m of managers) {
      expect(m.numTargets).toBe(VISEME_COUNT + 2);
      expect(m.optimizeInfluencers).toBe(false);
    }
    // The rig's targets survive the trim and still drive the mesh.
    const w = new Float32Array(VISEME_COUNT);
    w[OCULUS_VISEMES.indexOf('oh')] = 0.5;
    applyVisemes(rig, w, 1);
    expect(managers.some((m) => m.getTarget(13)?.influence === 0.5)).toBe(true);
  });

  it('brings the arms down from the T-pose and turns the head towards a side', () => {
    const gltfRoot = container.meshes.find((m) => m.parent === null)!;
    const root = new TransformNode('twin-root-test', scene);
    root.position.set(0, 1, 3);
    root.rotation.y = Math.PI;
    gltfRoot.parent = root;
    const node = (name: string) => container.transformNodes.find((t) => t.name === name) ?? null;
    refreshWorld(root);
    const shoulder = node('Bip01 L UpperArm')!.getAbsolutePosition().clone();
    const handBefore = node('Bip01 L Hand')!.getAbsolutePosition().clone();
    // As exported the arms stand out sideways (a T- to A-pose).
    expect(Math.abs(handBefore.x - shoulder.x)).toBeGreaterThan(0.35);
    poseArms(node, Math.PI);
    refreshWorld(root);
    for (const side of ['L', 'R']) {
      const s = node(`Bip01 ${side} UpperArm`)!.getAbsolutePosition();
      const h = node(`Bip01 ${side} Hand`)!.getAbsolutePosition();
      // The hand hangs well below the shoulder and close to the body.
      expect(s.y - h.y).toBeGreaterThan(0.4);
      expect(Math.abs(h.x - s.x)).toBeLessThan(0.3);
    }
    // The body faces the audience (-z): the nose is in front of the head centre.
    const head = node('Bip01 Head')!;
    const nose = node('Bip01 MNose')!;
    expect(nose.getAbsolutePosition().z).toBeLessThan(head.getAbsolutePosition().z);
    // Rotations follow Babylon's left-handed sense whatever the glTF mirroring: +yaw about +y turns
    // the face (looking along -z) towards -x.
    const bone = new DrivenBone(head, new Vector3(0, 1, 0), new Vector3(-1, 0, 0), new Vector3(0, 0, -1));
    const noseX0 = nose.getAbsolutePosition().x - head.getAbsolutePosition().x;
    bone.set(0.5, 0, 0);
    refreshWorld(root);
    const noseX1 = nose.getAbsolutePosition().x - head.getAbsolutePosition().x;
    expect(noseX1 - noseX0).toBeLessThan(-0.02);
    bone.set(0, 0, 0);
    refreshWorld(root);
    expect(nose.getAbsolutePosition().x - head.getAbsolutePosition().x).toBeCloseTo(noseX0, 4);
    expect(container.meshes.some((m) => m instanceof Mesh && m.skeleton)).toBe(true);
  });
});
