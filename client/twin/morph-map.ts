import type { MorphTarget } from '@babylonjs/core/Morph/morphTarget.js';
import type { MorphTargetManager } from '@babylonjs/core/Morph/morphTargetManager.js';
import { VISEME_MORPH_TARGETS } from '../../common/avatar.ts';
import { OCULUS_VISEMES, VISEME_COUNT, type OculusViseme } from '../../common/timeline.ts';

/** glTF morph target name of each Oculus viseme (the names an uploaded avatar is checked for). */
export const VISEME_MORPH_NAMES: Readonly<Record<OculusViseme, string>> = VISEME_MORPH_TARGETS;

/**
 * Largest weight written per viseme: at full weight some shapes are extreme (`viseme_aa` shows the
 * tongue), so open vowels stop near 0.7 and closures (PP, FF) may close fully.
 */
export const VISEME_MAX_WEIGHT: Readonly<Record<OculusViseme, number>> = {
  sil: 0,
  PP: 0.95,
  FF: 0.9,
  TH: 0.7,
  DD: 0.7,
  kk: 0.7,
  CH: 0.7,
  SS: 0.7,
  nn: 0.7,
  RR: 0.7,
  aa: 0.7,
  E: 0.65,
  ih: 0.65,
  oh: 0.7,
  ou: 0.7,
};

const CAPS = Float32Array.from(OCULUS_VISEMES, (v) => VISEME_MAX_WEIGHT[v]);
/** Skip writes smaller than this: an unchanged influence costs nothing on the GPU side. */
const EPSILON = 0.002;

/** The face's morph targets, found by name in every primitive that has them. */
export interface FaceRig {
  /** Per viseme (OCULUS_VISEMES order): the targets across primitives (head, teeth, …). */
  visemes: MorphTarget[][];
  blinkLeft: MorphTarget[];
  blinkRight: MorphTarget[];
  /** Morph names looked for and not found in any primitive. */
  missing: string[];
}

/** Finds the viseme and blink targets in `managers` (one per primitive of the avatar). */
export function bindFaceRig(managers: readonly MorphTargetManager[]): FaceRig {
  const byName = new Map<string, MorphTarget[]>();
  for (const m of managers) {
    for (let i = 0; i < m.numTargets; i++) {
      const t = m.getTarget(i);
      if (!t) continue;
      const list = byName.get(t.name);
      if (list) list.push(t);
      else byName.set(t.name, [t]);
    }
  }
  const missing: string[] = [];
  const find = (name: string): MorphTarget[] => {
    const list = byName.get(name);
    if (!list) missing.push(name);
    return list ?? [];
  };
  return {
    visemes: OCULUS_VISEMES.map((v) => find(VISEME_MORPH_NAMES[v])),
    blinkLeft: find('eyeBlinkLeft'),
    blinkRight: find('eyeBlinkRight'),
    missing,
  };
}

/**
 * Keeps only the face rig's targets in each manager and makes the shader's target count constant.
 * Babylon recompiles a mesh's shader whenever the number of non-zero targets changes (its default
 * influencer optimisation); with visemes switching on and off every few frames that would recompile
 * constantly (seconds per compile on software WebGL), and 67 always-on targets would cost every vertex.
 */
export function trimToFaceRig(managers: readonly MorphTargetManager[], rig: FaceRig): void {
  const keep = new Set<MorphTarget>([...rig.visemes.flat(), ...rig.blinkLeft, ...rig.blinkRight]);
  for (const m of managers) {
    const drop: MorphTarget[] = [];
    for (let i = 0; i < m.numTargets; i++) {
      const t = m.getTarget(i);
      if (t && !keep.has(t)) drop.push(t);
    }
    for (const t of drop) m.removeTarget(t);
    m.optimizeInfluencers = false;
  }
}

/**
 * Writes viseme weights (OCULUS_VISEMES order, as from `sampleViseme`) scaled by `gain` and capped
 * per viseme. `sil` is the rest shape and is left at 0. Returns the sum of the weights written.
 */
export function applyVisemes(rig: FaceRig, weights: Float32Array, gain: number): number {
  let sum = 0;
  for (let i = 1; i < VISEME_COUNT; i++) {
    const w = Math.min(CAPS[i]!, Math.max(0, (weights[i] ?? 0) * gain));
    sum += w;
    setAll(rig.visemes[i]!, w);
  }
  return sum;
}

/** Both eyelids, 0 open … 1 closed. */
export function applyBlink(rig: FaceRig, closed: number): void {
  setAll(rig.blinkLeft, closed);
  setAll(rig.blinkRight, closed);
}

function setAll(targets: MorphTarget[], w: number): void {
  for (let j = 0; j < targets.length; j++) {
    const t = targets[j]!;
    if (Math.abs(t.influence - w) > EPSILON || (w === 0 && t.influence !== 0)) t.influence = w;
  }
}
