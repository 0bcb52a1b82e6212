import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder.js';
import { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Scene } from '@babylonjs/core/scene.js';
import { roundRect } from '../ui/canvas-shapes.ts';

const TEX_W = 1024;
const TEX_H = 160;
const WIDTH_M = 2.2;

/**
 * The persistent disclosure label above the twin ("AI twin of Marisol Quennell"): a billboard that
 * turns to face every viewer (desktop or VR), unlit so it reads the same from every seat. Text is
 * painted with fillText: a name can never inject markup.
 */
export class TwinLabel {
  readonly mesh: Mesh;
  private readonly texture: DynamicTexture;
  private readonly material: StandardMaterial;
  private text = '';

  constructor(scene: Scene) {
    this.mesh = CreatePlane('twin-label', { width: WIDTH_M, height: (WIDTH_M * TEX_H) / TEX_W }, scene);
    this.mesh.billboardMode = Mesh.BILLBOARDMODE_Y;
    this.mesh.isPickable = false;
    this.texture = new DynamicTexture('twin-label-texture', { width: TEX_W, height: TEX_H }, scene, true);
    this.texture.hasAlpha = true;
    this.material = new StandardMaterial('twin-label-material', scene);
    this.material.disableLighting = true;
    this.material.emissiveTexture = this.texture;
    this.material.diffuseTexture = this.texture;
    this.material.useAlphaFromDiffuseTexture = true;
    this.material.diffuseColor = Color3.Black();
    this.material.backFaceCulling = false;
    this.mesh.material = this.material;
  }

  get label(): string {
    return this.text;
  }

  setText(text: string): void {
    if (text === this.text) return;
    this.text = text;
    const ctx = this.texture.getContext() as unknown as CanvasRenderingContext2D;
    ctx.clearRect(0, 0, TEX_W, TEX_H);
    ctx.fillStyle = 'rgba(8, 20, 34, 0.82)';
    roundRect(ctx, 8, 8, TEX_W - 16, TEX_H - 16, 40);
    ctx.fill();
    ctx.strokeStyle = '#7fd6ff';
    ctx.lineWidth = 6;
    ctx.stroke();
    ctx.fillStyle = '#ffffff';
    ctx.font = '600 58px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    ctx.fillText(text, TEX_W / 2, TEX_H / 2 + 2, TEX_W - 80);
    this.texture.update();
  }

  dispose(): void {
    this.mesh.dispose();
    this.material.dispose();
    this.texture.dispose();
  }
}
