import { AdvancedDynamicTexture } from '@babylonjs/gui/2D/advancedDynamicTexture.js';
import { Button } from '@babylonjs/gui/2D/controls/button.js';
import { Control } from '@babylonjs/gui/2D/controls/control.js';
import { Rectangle } from '@babylonjs/gui/2D/controls/rectangle.js';
import { TextBlock } from '@babylonjs/gui/2D/controls/textBlock.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { PanelQuestion, QaSort } from './qa-state.ts';

const PANEL_W_M = 0.8;
const PANEL_H_M = 0.9;
const TEX_W = 1024;
const TEX_H = 1152;
export const VR_QA_ROWS = 4;
const ROW_TOP = [-300, -110, 80, 270] as const;
/** Re-place the panel when the user has moved or turned this far from it. */
const FOLLOW_DISTANCE_M = 1.8;
const FOLLOW_ANGLE_RAD = 1.1;
/** The panel sits ahead and to the left, turned towards the user, so the stage stays in view. */
const SIDE_ANGLE_RAD = -0.75;
const DISTANCE_M = 1.2;

export type VrQaAction =
  | { kind: 'sort'; sort: QaSort }
  | { kind: 'vote'; id: string }
  | { kind: 'hand' }
  | { kind: 'voice'; down: boolean }
  | { kind: 'voice-confirm' };

export interface VrQaView {
  sort: QaSort;
  questions: readonly PanelQuestion[];
  hand: 'down' | 'raised' | 'on-stage' | 'staff';
  /** A short line under the list (voice status, errors). */
  status: string;
  connected: boolean;
  /** A spoken question's transcript is waiting for "Ask it" (shown in the status line). */
  confirming: boolean;
}

/**
 * The Q&A on a world-space panel in VR (one Babylon GUI texture on a plane, pressed with the
 * controller ray): the approved questions by top or recent with a vote button each, raise hand,
 * and a hold-to-talk "Ask by voice" button. It only draws and reports presses; `VrQa` decides.
 */
export class VrQaPanel {
  readonly mesh: Mesh;
  private readonly texture: AdvancedDynamicTexture;
  private readonly buttons = new Map<string, Button>();
  private readonly rowText: TextBlock[] = [];
  private readonly rowIds: (string | null)[] = [];
  private readonly status: TextBlock;
  private readonly tmp = new Vector3();

  constructor(
    scene: Scene,
    private readonly onAction: (action: VrQaAction) => void,
  ) {
    this.mesh = CreatePlane('vr-qa-panel', { width: PANEL_W_M, height: PANEL_H_M }, scene);
    this.mesh.isPickable = true;
    this.mesh.setEnabled(false);
    this.texture = AdvancedDynamicTexture.CreateForMesh(this.mesh, TEX_W, TEX_H, false);
    const bg = new Rectangle('vr-qa-bg');
    bg.background = 'rgba(14, 18, 28, 0.9)';
    bg.thickness = 4;
    bg.color = '#7fd6ff';
    bg.cornerRadius = 36;
    this.texture.addControl(bg);
    this.text('vr-qa-title', 'Questions', -260, -490, 420, 90, 54, '#ffffff');
    this.button('sort-top', 'Top', 210, -490, 200, 90, () => this.onAction({ kind: 'sort', sort: 'top' }));
    this.button('sort-recent', 'Recent', 410, -490, 200, 90, () =>
      this.onAction({ kind: 'sort', sort: 'recent' }),
    );
    for (let i = 0; i < VR_QA_ROWS; i++) {
      const top = ROW_TOP[i]!;
      const t = this.text(`vr-qa-row-${i}`, '', -100, top, 760, 170, 34, '#eef2fa');
      t.textWrapping = true;
      t.textHorizontalAlignment = Control.HORIZONTAL_ALIGNMENT_LEFT;
      this.rowText.push(t);
      this.rowIds.push(null);
      this.button(`vote-${i}`, '', 395, top, 190, 150, () => {
        const id = this.rowIds[i];
        if (id) this.onAction({ kind: 'vote', id });
      });
    }
    this.status = this.text('vr-qa-status', '', 0, 400, 960, 70, 32, '#ffd98a');
    this.button('hand', 'Raise hand', -255, 500, 440, 120, () => this.onAction({ kind: 'hand' }));
    // Takes the hand button's place while a transcript waits for confirmation.
    this.button('voice-ok', 'Ask it', -255, 500, 440, 120, () => this.onAction({ kind: 'voice-confirm' }));
    const voice = this.button('voice', 'Hold to ask by voice', 245, 500, 500, 120, () => undefined);
    // Push-to-talk: held while the trigger is down on the button.
    voice.onPointerDownObservable.add(() => {
      if (voice.isEnabled) this.onAction({ kind: 'voice', down: true });
    });
    voice.onPointerUpObservable.add(() => this.onAction({ kind: 'voice', down: false }));
  }

  show(visible: boolean): void {
    this.mesh.setEnabled(visible);
  }

  get visible(): boolean {
    return this.mesh.isEnabled();
  }

  setView(v: VrQaView): void {
    this.setActive('sort-top', v.sort === 'top');
    this.setActive('sort-recent', v.sort === 'recent');
    for (let i = 0; i < VR_QA_ROWS; i++) {
      const q = v.questions[i];
      const vote = this.buttons.get(`vote-${i}`)!;
      this.rowIds[i] = q?.id ?? null;
      const live = q?.state === 'live' ? 'LIVE · ' : '';
      setText(this.rowText[i]!, q ? `${live}${clip(q.text, 150)}` : i === 0 ? 'No questions yet.' : '');
      vote.isVisible = Boolean(q);
      vote.isEnabled = Boolean(q) && v.connected;
      setLabel(vote, q ? `${q.voted ? '✓' : '▲'} ${q.votes}` : '');
      vote.background = q?.voted ? '#2b6e4f' : '#23407a';
    }
    const hand = this.buttons.get('hand')!;
    hand.isVisible = v.hand !== 'staff' && !v.confirming;
    const ok = this.buttons.get('voice-ok')!;
    ok.isVisible = v.confirming;
    ok.isEnabled = v.confirming && v.connected;
    setLabel(this.buttons.get('voice')!, v.confirming ? 'Hold to record again' : 'Hold to ask by voice');
    hand.isEnabled = v.connected && v.hand !== 'on-stage';
    setLabel(hand, v.hand === 'raised' ? 'Lower hand' : v.hand === 'on-stage' ? 'On stage' : 'Raise hand');
    this.buttons.get('voice')!.isEnabled = v.connected;
    setText(this.status, v.status);
  }

  /** What the panel shows, for tests: each row's question id, text and vote button label. */
  rows(): { id: string | null; text: string; vote: string }[] {
    return this.rowText.map((t, i) => ({
      id: this.rowIds[i] ?? null,
      text: t.text,
      vote: this.buttons.get(`vote-${i}`)?.textBlock?.text ?? '',
    }));
  }

  get statusText(): string {
    return this.status.text;
  }

  /**
   * Keeps the panel reachable: ahead and to the left of `head` along `yawRad`, a little below the
   * eyes, facing the user; moves only when missing, too far or too far off to the side.
   */
  follow(head: Vector3, yawRad: number, force = false): void {
    const a = yawRad + SIDE_ANGLE_RAD;
    const fx = Math.sin(a);
    const fz = Math.cos(a);
    const p = this.mesh.position;
    const dx = p.x - head.x;
    const dz = p.z - head.z;
    const dist = Math.hypot(dx, dz);
    const hx = Math.sin(yawRad);
    const hz = Math.cos(yawRad);
    const off = Math.abs(Math.atan2(hx * dz - hz * dx, hx * dx + hz * dz));
    const rise = Math.abs(p.y - (head.y - 0.25));
    if (!force && dist < FOLLOW_DISTANCE_M && off < FOLLOW_ANGLE_RAD && rise < 0.5) return;
    p.set(head.x + fx * DISTANCE_M, head.y - 0.25, head.z + fz * DISTANCE_M);
    this.mesh.rotation.set(0.15, a, 0);
  }

  /** World position of each button's centre (for tests aiming a controller ray). */
  buttonPositions(): Record<string, { x: number; y: number; z: number }> {
    const out: Record<string, { x: number; y: number; z: number }> = {};
    const world = this.mesh.computeWorldMatrix(true);
    this.buttons.forEach((b, name) => {
      if (!b.isVisible) return;
      const u = 0.5 + (parseFloat(String(b.left)) || 0) / TEX_W;
      const v = 0.5 + (parseFloat(String(b.top)) || 0) / TEX_H;
      this.tmp.set((u - 0.5) * PANEL_W_M, (0.5 - v) * PANEL_H_M, 0);
      const w = Vector3.TransformCoordinates(this.tmp, world);
      out[name] = { x: w.x, y: w.y, z: w.z };
    });
    return out;
  }

  dispose(): void {
    this.texture.dispose();
    this.mesh.dispose();
  }

  private text(
    name: string,
    value: string,
    left: number,
    top: number,
    width: number,
    height: number,
    fontSize: number,
    color: string,
  ): TextBlock {
    const t = new TextBlock(name, value);
    place(t, left, top, width, height);
    t.fontSize = fontSize;
    t.color = color;
    this.texture.addControl(t);
    return t;
  }

  private button(
    name: string,
    label: string,
    left: number,
    top: number,
    width: number,
    height: number,
    onPress: () => void,
  ): Button {
    const b = Button.CreateSimpleButton(`vr-qa-${name}`, label);
    place(b, left, top, width, height);
    b.color = '#ffffff';
    b.fontSize = 40;
    b.cornerRadius = 20;
    b.thickness = 3;
    b.background = '#23407a';
    b.onPointerUpObservable.add(() => {
      if (b.isEnabled && b.isVisible) onPress();
    });
    this.texture.addControl(b);
    this.buttons.set(name, b);
    return b;
  }

  private setActive(name: string, active: boolean): void {
    const b = this.buttons.get(name)!;
    b.background = active ? '#4f8cff' : '#23407a';
  }
}

function place(c: Control, left: number, top: number, width: number, height: number): void {
  c.left = `${left}px`;
  c.top = `${top}px`;
  c.width = `${width}px`;
  c.height = `${height}px`;
  c.horizontalAlignment = Control.HORIZONTAL_ALIGNMENT_CENTER;
  c.verticalAlignment = Control.VERTICAL_ALIGNMENT_CENTER;
}

function setLabel(button: Button, text: string): void {
  if (button.textBlock && button.textBlock.text !== text) button.textBlock.text = text;
}

function setText(block: TextBlock, text: string): void {
  if (block.text !== text) block.text = text;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
