import type { Camera } from '@babylonjs/core/Cameras/camera.js';
import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Scene } from '@babylonjs/core/scene.js';

/** Rendering group drawn last, with its own depth clear, so the vignette is never hidden. */
const OVERLAY_GROUP = 3;
const FADE_MS = 450;

/**
 * A comfort vignette for VR locomotion: a head-locked ring that darkens the periphery for a
 * moment after each teleport or snap turn (peripheral motion is what makes people sick), then
 * fades out. Optional; toggled from the settings or the in-VR panel.
 */
export class ComfortVignette {
  private readonly mesh: Mesh;
  private readonly material: StandardMaterial;
  private readonly texture: DynamicTexture;
  private remainingMs = 0;
  enabled = true;
  /** How many times the vignette has been shown (for tests). */
  pulses = 0;

  constructor(scene: Scene) {
    this.texture = new DynamicTexture('vignette-texture', { width: 256, height: 256 }, scene, false);
    this.texture.hasAlpha = true;
    const ctx = this.texture.getContext() as unknown as CanvasRenderingContext2D;
    const g = ctx.createRadialGradient(128, 128, 40, 128, 128, 128);
    g.addColorStop(0, 'rgba(0,0,0,0)');
    g.addColorStop(0.55, 'rgba(0,0,0,0.55)');
    g.addColorStop(1, 'rgba(0,0,0,1)');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 256, 256);
    this.texture.update();
    this.material = new StandardMaterial('vignette-material', scene);
    this.material.disableLighting = true;
    this.material.diffuseTexture = this.texture;
    this.material.useAlphaFromDiffuseTexture = true;
    this.material.emissiveColor = Color3.Black();
    this.material.disableDepthWrite = true;
    this.mesh = CreatePlane('comfort-vignette', { size: 0.6 }, scene);
    this.mesh.material = this.material;
    this.mesh.isPickable = false;
    this.mesh.renderingGroupId = OVERLAY_GROUP;
    this.mesh.setEnabled(false);
    scene.setRenderingAutoClearDepthStencil(OVERLAY_GROUP, true);
  }

  /** Head-locks the ring to `camera` (the XR camera), 0.2 m in front of the eyes. */
  attachTo(camera: Camera): void {
    this.mesh.parent = camera;
    // Babylon's plane faces -z, i.e. back towards the camera that looks along +z.
    this.mesh.position.set(0, 0, 0.2);
  }

  /** Darkens the periphery now and fades out. */
  pulse(): void {
    if (!this.enabled) return;
    this.remainingMs = FADE_MS;
    this.pulses++;
  }

  get visible(): boolean {
    return this.mesh.isEnabled();
  }

  update(dtMs: number): void {
    if (this.remainingMs <= 0) {
      if (this.mesh.isEnabled()) this.mesh.setEnabled(false);
      return;
    }
    this.remainingMs = Math.max(0, this.remainingMs - dtMs);
    if (!this.mesh.isEnabled()) this.mesh.setEnabled(true);
    this.material.alpha = this.remainingMs / FADE_MS;
  }

  dispose(): void {
    this.mesh.dispose();
    this.material.dispose();
    this.texture.dispose();
  }
}
