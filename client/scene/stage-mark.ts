import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import { CreateDisc } from '@babylonjs/core/Meshes/Builders/discBuilder.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { HallLayout } from './hall-layout.ts';

/**
 * The floor mark where the twin will stand: a glowing ring labelled "AI TWIN", readable from the
 * audience. The twin's avatar is placed on `position` when it arrives.
 */
export function createStageMark(scene: Scene, layout: HallLayout): Mesh {
  const disc = CreateDisc('twin-stage-mark', { radius: 0.9, tessellation: 48 }, scene);
  disc.rotation.x = Math.PI / 2;
  disc.position.set(layout.twinMark.x, layout.stage.heightM + 0.006, layout.twinMark.z);
  disc.isPickable = false;
  const size = 512;
  const texture = new DynamicTexture('twin-stage-mark-texture', { width: size, height: size }, scene, true);
  texture.hasAlpha = true;
  const ctx = texture.getContext() as unknown as CanvasRenderingContext2D;
  ctx.clearRect(0, 0, size, size);
  ctx.strokeStyle = '#7fd6ff';
  ctx.lineWidth = 22;
  ctx.beginPath();
  ctx.arc(size / 2, size / 2, size / 2 - 16, 0, Math.PI * 2);
  ctx.stroke();
  ctx.lineWidth = 6;
  ctx.setLineDash([18, 14]);
  ctx.beginPath();
  ctx.arc(size / 2, size / 2, size / 2 - 60, 0, Math.PI * 2);
  ctx.stroke();
  ctx.fillStyle = 'rgba(127, 214, 255, 0.18)';
  ctx.beginPath();
  ctx.arc(size / 2, size / 2, size / 2 - 64, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#dff4ff';
  ctx.font = '700 84px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('AI TWIN', size / 2, size / 2);
  texture.update();
  const material = new StandardMaterial('twin-stage-mark-material', scene);
  material.disableLighting = true;
  material.diffuseTexture = texture;
  material.emissiveTexture = texture;
  material.useAlphaFromDiffuseTexture = true;
  material.diffuseColor = Color3.Black();
  disc.material = material;
  disc.freezeWorldMatrix();
  disc.onDisposeObservable.addOnce(() => {
    material.dispose();
    texture.dispose();
  });
  return disc;
}
