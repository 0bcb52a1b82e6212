import { AdvancedDynamicTexture } from '@babylonjs/gui/2D/advancedDynamicTexture.js';
import { Button } from '@babylonjs/gui/2D/controls/button.js';
import { Control } from '@babylonjs/gui/2D/controls/control.js';
import { Rectangle } from '@babylonjs/gui/2D/controls/rectangle.js';
import { TextBlock } from '@babylonjs/gui/2D/controls/textBlock.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Scene } from '@babylonjs/core/scene.js';

const PANEL_W_M = 0.9;
const PANEL_H_M = 0.3;
const TEX_W = 1080;
const TEX_H = 360;
const BUTTON_W = 320;
const BUTTON_H = 150;
const BUTTON_Y = 40;
/** Re-place the panel when the user has moved or turned this far from it. */
const FOLLOW_DISTANCE_M = 1.6;
const FOLLOW_ANGLE_RAD = 1.0;

export type PanelAction = 'mute' | 'vignette' | 'exit';

export interface PanelState {
  canPublish: boolean;
  muted: boolean;
  vignette: boolean;
}

/**
 * The in-VR control panel: a floating GUI plane (one AdvancedDynamicTexture) with Mute, Comfort
 * and Exit buttons pressed with the controller ray. It settles in front of the user, a little
 * below eye level, and moves only when the user has walked or turned away from it.
 */
export class VrPanel {
  readonly mesh: Mesh;
  private readonly texture: AdvancedDynamicTexture;
  private readonly buttons = new Map<PanelAction, Button>();
  private readonly title: TextBlock;
  private readonly tmp = new Vector3();

  constructor(
    scene: Scene,
    private readonly onAction: (action: PanelAction) => void,
  ) {
    this.mesh = CreatePlane('vr-panel', { width: PANEL_W_M, height: PANEL_H_M }, scene);
    this.mesh.isPickable = true;
    this.mesh.setEnabled(false);
    this.texture = AdvancedDynamicTexture.CreateForMesh(this.mesh, TEX_W, TEX_H, false);
    const bg = new Rectangle('vr-panel-bg');
    bg.background = 'rgba(14, 18, 28, 0.88)';
    bg.thickness = 4;
    bg.color = '#7fd6ff';
    bg.cornerRadius = 36;
    this.texture.addControl(bg);
    this.title = new TextBlock('vr-panel-title', 'Podium');
    this.title.color = '#a8b3c9';
    this.title.fontSize = 42;
    this.title.top = -120;
    this.texture.addControl(this.title);
    const actions: PanelAction[] = ['mute', 'vignette', 'exit'];
    actions.forEach((action, i) => {
      const b = Button.CreateSimpleButton(`vr-${action}`, action);
      b.width = `${BUTTON_W}px`;
      b.height = `${BUTTON_H}px`;
      b.left = `${(i - 1) * (BUTTON_W + 30)}px`;
      b.top = `${BUTTON_Y}px`;
      b.color = '#ffffff';
      b.fontSize = 44;
      b.cornerRadius = 24;
      b.thickness = 3;
      b.background = action === 'exit' ? '#5a1f26' : '#23407a';
      b.horizontalAlignment = Control.HORIZONTAL_ALIGNMENT_CENTER;
      b.verticalAlignment = Control.VERTICAL_ALIGNMENT_CENTER;
      b.onPointerUpObservable.add(() => {
        if (b.isEnabled) this.onAction(action);
      });
      this.texture.addControl(b);
      this.buttons.set(action, b);
    });
  }

  show(visible: boolean): void {
    this.mesh.setEnabled(visible);
  }

  setState(state: PanelState): void {
    const mute = this.buttons.get('mute')!;
    mute.isEnabled = state.canPublish;
    mute.alpha = state.canPublish ? 1 : 0.45;
    setLabel(mute, state.canPublish ? (state.muted ? 'Unmute' : 'Mute') : 'Listen only');
    setLabel(this.buttons.get('vignette')!, state.vignette ? 'Comfort: on' : 'Comfort: off');
    setLabel(this.buttons.get('exit')!, 'Exit VR');
  }

  /**
   * Keeps the panel reachable: puts it 1.1 m ahead of `head` along `yawRad`, 0.4 m below the eyes,
   * when it is missing, too far, or too far off to the side.
   */
  follow(head: Vector3, yawRad: number, force = false): void {
    const fx = Math.sin(yawRad);
    const fz = Math.cos(yawRad);
    const p = this.mesh.position;
    const dx = p.x - head.x;
    const dz = p.z - head.z;
    const dist = Math.hypot(dx, dz);
    const angle = Math.abs(Math.atan2(fx * dz - fz * dx, fx * dx + fz * dz));
    // Height matters too: the first XR frame lifts the head from the floor to the wearer's height.
    const rise = Math.abs(p.y - (head.y - 0.4));
    if (!force && dist < FOLLOW_DISTANCE_M && angle < FOLLOW_ANGLE_RAD && rise < 0.5) return;
    p.set(head.x + fx * 1.1, head.y - 0.4, head.z + fz * 1.1);
    // The plane's visible side faces -z: turn +z away from the user.
    this.mesh.rotation.set(0.35, yawRad, 0);
  }

  /** World position of each button's centre (for tests aiming a controller ray). */
  buttonPositions(): Record<string, { x: number; y: number; z: number }> {
    const out: Record<string, { x: number; y: number; z: number }> = {};
    const world = this.mesh.computeWorldMatrix(true);
    this.buttons.forEach((b, action) => {
      const u = 0.5 + (parseFloat(String(b.left)) || 0) / TEX_W;
      const v = 0.5 + (parseFloat(String(b.top)) || 0) / TEX_H;
      this.tmp.set((u - 0.5) * PANEL_W_M, (0.5 - v) * PANEL_H_M, 0);
      const w = Vector3.TransformCoordinates(this.tmp, world);
      out[action] = { x: w.x, y: w.y, z: w.z };
    });
    return out;
  }

  dispose(): void {
    this.texture.dispose();
    this.mesh.dispose();
  }
}

function setLabel(button: Button, text: string): void {
  if (button.textBlock && button.textBlock.text !== text) button.textBlock.text = text;
}
