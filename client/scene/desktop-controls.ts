// scene.pick needs Ray's side effect (it registers the picking code on the scene).
import '@babylonjs/core/Culling/ray.js';
import type { FreeCamera } from '@babylonjs/core/Cameras/freeCamera.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { LifecycleUnit } from './frame-loop.ts';
import type { HallLayout, Seat } from './hall-layout.ts';
import { look, startMoveTo, stepWalker, type WalkerState, type WalkInput } from './locomotion.ts';
import type { TownHall } from './town-hall.ts';

const DRAG_THRESHOLD_PX = 6;
const LOOK_RAD_PER_PX = 0.0045;

/** Keys we handle. Arrow keys turn, so keyboard-only users can look around. */
const HANDLED_KEYS = new Set([
  'KeyW',
  'KeyA',
  'KeyS',
  'KeyD',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'ShiftLeft',
  'ShiftRight',
]);

/**
 * Desktop input (`input` unit): held keys, mouse-drag look and click-to-move picking. Keys are
 * read on `window` but ignored while typing in a form field or with a modifier held.
 */
export class DesktopInput implements LifecycleUnit {
  readonly name = 'input' as const;
  private readonly held = new Set<string>();
  private pointerDown: {
    id: number;
    x: number;
    y: number;
    lastX: number;
    lastY: number;
    dragged: boolean;
  } | null = null;
  private enabled = true;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly scene: Scene,
    private readonly hall: TownHall,
    private readonly walker: WalkerState,
  ) {}

  /** Turns desktop input off (e.g. while in VR) and releases held keys. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.held.clear();
  }

  /** The current keyboard intent, written into `out` (no allocation). */
  read(out: WalkInput): WalkInput {
    out.forward = axis(this.held, 'KeyW', 'KeyS') || axis(this.held, 'ArrowUp', 'ArrowDown');
    out.strafe = axis(this.held, 'KeyD', 'KeyA');
    out.turn = axis(this.held, 'ArrowRight', 'ArrowLeft');
    out.run = this.held.has('ShiftLeft') || this.held.has('ShiftRight');
    return out;
  }

  /** Moves to a seat as if it had been clicked (also used by the debug API). */
  goToSeat(seat: Seat): void {
    startMoveTo(this.walker, this.hall.layout, seat.x, seat.z, seat.yawRad, true);
  }

  attach(): void {
    window.addEventListener('keydown', this.onKeyDown);
    window.addEventListener('keyup', this.onKeyUp);
    window.addEventListener('blur', this.onBlur);
    this.canvas.addEventListener('pointerdown', this.onPointerDown);
    this.canvas.addEventListener('pointermove', this.onPointerMove);
    this.canvas.addEventListener('pointerup', this.onPointerUp);
    this.canvas.addEventListener('pointercancel', this.onPointerCancel);
  }

  detach(): void {
    window.removeEventListener('keydown', this.onKeyDown);
    window.removeEventListener('keyup', this.onKeyUp);
    window.removeEventListener('blur', this.onBlur);
    this.canvas.removeEventListener('pointerdown', this.onPointerDown);
    this.canvas.removeEventListener('pointermove', this.onPointerMove);
    this.canvas.removeEventListener('pointerup', this.onPointerUp);
    this.canvas.removeEventListener('pointercancel', this.onPointerCancel);
    this.held.clear();
  }

  dispose(): void {
    this.detach();
  }

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (!this.enabled || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    if (!HANDLED_KEYS.has(e.code)) return;
    this.held.add(e.code);
    // Arrow keys would otherwise scroll the page.
    if (e.code.startsWith('Arrow')) e.preventDefault();
  };

  private readonly onKeyUp = (e: KeyboardEvent): void => {
    this.held.delete(e.code);
  };

  private readonly onBlur = (): void => {
    this.held.clear();
  };

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (!this.enabled || e.button !== 0) return;
    this.canvas.setPointerCapture(e.pointerId);
    this.pointerDown = {
      id: e.pointerId,
      x: e.clientX,
      y: e.clientY,
      lastX: e.clientX,
      lastY: e.clientY,
      dragged: false,
    };
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    const p = this.pointerDown;
    if (!p || p.id !== e.pointerId) return;
    if (!p.dragged && Math.hypot(e.clientX - p.x, e.clientY - p.y) > DRAG_THRESHOLD_PX) p.dragged = true;
    if (p.dragged) {
      look(this.walker, (e.clientX - p.lastX) * LOOK_RAD_PER_PX, (e.clientY - p.lastY) * LOOK_RAD_PER_PX);
    }
    p.lastX = e.clientX;
    p.lastY = e.clientY;
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    const p = this.pointerDown;
    if (!p || p.id !== e.pointerId) return;
    this.pointerDown = null;
    if (!p.dragged) this.clickAt(e.offsetX, e.offsetY);
  };

  private readonly onPointerCancel = (): void => {
    this.pointerDown = null;
  };

  /** Click-to-move: a seat → sit there; a floor → walk there; anything else → nothing. */
  private clickAt(x: number, y: number): void {
    const { walkable, seatMesh, seats, layout } = this.hall;
    const pick = this.scene.pick(x, y, (m) => m === walkable || m === seatMesh);
    if (!pick.hit || !pick.pickedPoint) return;
    if (pick.pickedMesh === seatMesh && pick.thinInstanceIndex >= 0) {
      const seat = seats[pick.thinInstanceIndex];
      if (seat) this.goToSeat(seat);
      return;
    }
    startMoveTo(this.walker, layout, pick.pickedPoint.x, pick.pickedPoint.z, null, false);
  }
}

/** Desktop locomotion (`locomotion` unit): steps the walker and drives the camera. */
export class DesktopLocomotion implements LifecycleUnit {
  readonly name = 'locomotion' as const;
  private readonly input: WalkInput = { forward: 0, strafe: 0, turn: 0, run: false };

  constructor(
    private readonly source: DesktopInput,
    private readonly walker: WalkerState,
    private readonly camera: FreeCamera,
    private readonly layout: HallLayout,
  ) {}

  update(dtMs: number): void {
    stepWalker(this.walker, this.source.read(this.input), dtMs, this.layout);
    this.camera.position.set(this.walker.x, this.walker.eyeY, this.walker.z);
    this.camera.rotation.set(this.walker.pitchRad, this.walker.yawRad, 0);
  }

  dispose(): void {}
}

function axis(held: Set<string>, plus: string, minus: string): number {
  return (held.has(plus) ? 1 : 0) - (held.has(minus) ? 1 : 0);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
