import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { HallLayout } from './hall-layout.ts';

/** Paints one frame of screen content onto a 2D canvas of `width` × `height` pixels. */
export type ScreenPainter = (ctx: CanvasRenderingContext2D, width: number, height: number) => void;

const TEXTURE_W = 1600;
const TEXTURE_H = 900;

/**
 * The big screen behind the stage: 14 m wide, its lower edge above a standing twin's head, so the
 * back row (~20 m away) sees it at ~35° — comfortably readable for slide-sized text. Content is
 * painted on a canvas (slides, the question being answered, captions later) and uploaded on demand.
 */
export class BigScreen {
  readonly mesh: Mesh;
  private readonly texture: DynamicTexture;
  private readonly material: StandardMaterial;

  constructor(scene: Scene, layout: HallLayout) {
    const s = layout.screen;
    this.mesh = CreatePlane('big-screen', { width: s.widthM, height: s.heightM }, scene);
    this.mesh.position.set(0, layout.stage.heightM + s.bottomAboveStageM + s.heightM / 2, s.z);
    this.mesh.isPickable = false;
    this.texture = new DynamicTexture(
      'big-screen-texture',
      { width: TEXTURE_W, height: TEXTURE_H },
      scene,
      true,
    );
    this.material = new StandardMaterial('big-screen-material', scene);
    this.material.disableLighting = true;
    this.material.emissiveTexture = this.texture;
    this.material.diffuseColor = Color3.Black();
    this.mesh.material = this.material;
    this.mesh.freezeWorldMatrix();
    this.draw(paintTitleSlide('All-hands', 'Town hall · live Q&A with the leadership team'));
  }

  /** Repaints the screen. */
  draw(painter: ScreenPainter): void {
    const ctx = this.texture.getContext() as unknown as CanvasRenderingContext2D;
    ctx.save();
    painter(ctx, TEXTURE_W, TEXTURE_H);
    ctx.restore();
    this.texture.update();
  }

  dispose(): void {
    this.mesh.dispose();
    this.material.dispose();
    this.texture.dispose();
  }
}

/** The default slide: title, subtitle and the standing AI-disclosure line. */
export function paintTitleSlide(title: string, subtitle: string): ScreenPainter {
  return (ctx, w, h) => {
    const bg = ctx.createLinearGradient(0, 0, w, h);
    bg.addColorStop(0, '#0e1a38');
    bg.addColorStop(1, '#23407a');
    ctx.fillStyle = bg;
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = 'rgba(127, 214, 255, 0.9)';
    ctx.fillRect(96, 120, 10, 200);
    ctx.fillStyle = '#9fb4dd';
    ctx.font = '600 40px system-ui, sans-serif';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText('PODIUM', 136, 160);
    ctx.fillStyle = '#ffffff';
    ctx.font = '700 150px system-ui, sans-serif';
    ctx.fillText(title, 130, 300);
    ctx.fillStyle = '#dbe6ff';
    ctx.font = '400 52px system-ui, sans-serif';
    ctx.fillText(subtitle, 136, 400);
    ctx.fillStyle = 'rgba(0, 0, 0, 0.3)';
    ctx.fillRect(0, h - 150, w, 150);
    ctx.fillStyle = '#ffd98a';
    ctx.font = '500 36px system-ui, sans-serif';
    ctx.fillText(
      'An AI twin may answer on stage: disclosed, consented, from approved statements only.',
      96,
      h - 62,
      w - 192,
    );
  };
}
