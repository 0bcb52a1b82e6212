import { AdvancedDynamicTexture } from '@babylonjs/gui/2D/advancedDynamicTexture.js';
import { Rectangle } from '@babylonjs/gui/2D/controls/rectangle.js';
import { TextBlock } from '@babylonjs/gui/2D/controls/textBlock.js';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { Scene } from '@babylonjs/core/scene.js';

const W_M = 6;
const H_M = 1.3;
const TEX_W = 1680;
const TEX_H = 360;

/**
 * The world-space caption panel for VR: a Babylon GUI plane in front of the stage, below the big
 * screen and above the twin's head, facing the audience. GUI text is drawn on a canvas, so nothing in
 * a caption is interpreted as markup.
 */
export class CaptionPanel {
  readonly mesh: Mesh;
  private readonly texture: AdvancedDynamicTexture;
  private readonly who: TextBlock;
  private readonly body: TextBlock;
  private current = '';
  private visible = false;

  constructor(scene: Scene, at: Vector3) {
    this.mesh = CreatePlane('twin-caption-panel', { width: W_M, height: H_M }, scene);
    this.mesh.position.copyFrom(at);
    // A plane's visible side faces -z: towards the audience.
    this.mesh.isPickable = false;
    this.texture = AdvancedDynamicTexture.CreateForMesh(this.mesh, TEX_W, TEX_H, false);
    const bg = new Rectangle('twin-caption-bg');
    bg.background = 'rgba(6, 10, 18, 0.86)';
    bg.color = '#7fd6ff';
    bg.thickness = 4;
    bg.cornerRadius = 28;
    this.texture.addControl(bg);
    this.who = new TextBlock('twin-caption-who', '');
    this.who.color = '#8fdcff';
    this.who.fontSize = 46;
    this.who.fontWeight = '700';
    this.who.top = '-120px';
    this.texture.addControl(this.who);
    this.body = new TextBlock('twin-caption-text', '');
    this.body.color = '#ffffff';
    this.body.fontSize = 56;
    this.body.textWrapping = true;
    this.body.width = `${TEX_W - 100}px`;
    this.body.height = `${TEX_H - 110}px`;
    this.body.top = '40px';
    this.texture.addControl(this.body);
    this.mesh.setEnabled(false);
  }

  /** Whether the panel is shown at all (in VR; desktop has the DOM bar). */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.mesh.setEnabled(visible && this.current !== '');
  }

  show(who: string, text: string): void {
    this.current = text;
    if (this.who.text !== who) this.who.text = who;
    if (this.body.text !== text) this.body.text = text;
    this.mesh.setEnabled(this.visible && text !== '');
  }

  get text(): string {
    return this.current;
  }

  dispose(): void {
    this.texture.dispose();
    this.mesh.dispose();
  }
}
