import { MaterialPluginBase } from '@babylonjs/core/Materials/materialPluginBase.js';
import type { Material } from '@babylonjs/core/Materials/material.js';
import type { MaterialDefines } from '@babylonjs/core/Materials/materialDefines.js';
import type { UniformBuffer } from '@babylonjs/core/Materials/uniformBuffer.js';
import { ShaderLanguage } from '@babylonjs/core/Materials/shaderLanguage.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import hologramGlsl from '../../shaders/twin-hologram.glsl?raw';

/** Shared by every twin material: set once per frame by the twin's body. */
export interface HologramState {
  timeS: number;
  /** 0 (plain PBR) … 1 (full effect). */
  intensity: number;
  /** World height up to which the figure is drawn (materialise / dematerialise sweep). */
  revealY: number;
  tint: Color3;
}

export function createHologramState(): HologramState {
  return { timeS: 0, intensity: 1, revealY: 1e4, tint: new Color3(0.45, 0.85, 1) };
}

/**
 * The twin's AI-disclosure look (shaders/twin-hologram.glsl) as a Babylon material plugin, so the
 * avatar keeps its skinning, morph targets and PBR lighting and only gains the rim, scanlines and the
 * reveal sweep. GLSL only (the WebGL engines).
 */
export class HologramPlugin extends MaterialPluginBase {
  constructor(
    material: Material,
    private readonly state: HologramState,
  ) {
    super(material, 'PodiumHologram', 300, { PODIUM_HOLOGRAM: false });
    this._enable(true);
  }

  override getClassName(): string {
    return 'PodiumHologramPlugin';
  }

  override isCompatible(shaderLanguage: ShaderLanguage): boolean {
    return shaderLanguage === ShaderLanguage.GLSL;
  }

  override prepareDefines(defines: MaterialDefines): void {
    defines['PODIUM_HOLOGRAM'] = true;
  }

  override getUniforms(): {
    ubo: { name: string; size: number; type: string }[];
    fragment: string;
  } {
    return {
      ubo: [
        { name: 'hologramParams', size: 3, type: 'vec3' },
        { name: 'hologramTint', size: 3, type: 'vec3' },
      ],
      fragment: `#ifdef PODIUM_HOLOGRAM
uniform vec3 hologramParams;
uniform vec3 hologramTint;
#endif`,
    };
  }

  override bindForSubMesh(ubo: UniformBuffer): void {
    const s = this.state;
    ubo.updateFloat3('hologramParams', s.timeS, s.intensity, s.revealY);
    ubo.updateColor3('hologramTint', s.tint);
  }

  override getCustomCode(shaderType: string): Record<string, string> | null {
    if (shaderType !== 'fragment') return null;
    return {
      CUSTOM_FRAGMENT_DEFINITIONS: `#ifdef PODIUM_HOLOGRAM
${hologramGlsl}
#endif`,
      CUSTOM_FRAGMENT_MAIN_BEGIN: `#ifdef PODIUM_HOLOGRAM
if (vPositionW.y > hologramParams.z) discard;
#endif`,
      CUSTOM_FRAGMENT_BEFORE_FRAGCOLOR: `#ifdef PODIUM_HOLOGRAM
finalColor.rgb = podiumHologram(finalColor.rgb, normalW, viewDirectionW, vPositionW, hologramParams.x,
  hologramParams.y, hologramTint, hologramParams.z);
#endif`,
    };
  }
}
