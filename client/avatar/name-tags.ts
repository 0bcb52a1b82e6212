import '@babylonjs/core/Sprites/spriteSceneComponent.js';
import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture.js';
import { Sprite } from '@babylonjs/core/Sprites/sprite.js';
import { SpriteManager } from '@babylonjs/core/Sprites/spriteManager.js';
import type { Scene } from '@babylonjs/core/scene.js';
import { AtlasSlots } from './atlas-slots.ts';
import { roundRect } from '../ui/canvas-shapes.ts';

/**
 * Name tags for every avatar in ONE draw call: names are painted into cells of a single canvas
 * atlas and shown as camera-facing sprites of one SpriteManager. The atlas is re-uploaded at most
 * once per frame, and only when a name was added or changed (never for movement).
 */
const CELL_W = 256;
const CELL_H = 48;
const COLS = 8;
export const TAG_WIDTH_M = 0.9;
const TAG_HEIGHT_M = (TAG_WIDTH_M * CELL_H) / CELL_W;

export class NameTags {
  private readonly texture: DynamicTexture;
  private readonly manager: SpriteManager;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly sprites = new Map<string, Sprite>();
  private readonly slots: AtlasSlots;
  private dirty = false;

  constructor(scene: Scene, capacity = 256) {
    const rows = Math.ceil(capacity / COLS);
    this.slots = new AtlasSlots(rows * COLS);
    this.texture = new DynamicTexture(
      'name-tag-atlas',
      { width: CELL_W * COLS, height: CELL_H * rows },
      scene,
      true,
    );
    this.texture.hasAlpha = true;
    this.ctx = this.texture.getContext() as unknown as CanvasRenderingContext2D;
    this.manager = new SpriteManager('name-tags', '', rows * COLS, { width: CELL_W, height: CELL_H }, scene);
    this.manager.texture = this.texture;
    this.manager.isPickable = false;
  }

  /** Tags shown. */
  get size(): number {
    return this.sprites.size;
  }

  /** Adds or repaints `id`'s tag. Returns false when the atlas is full (that avatar shows no tag). */
  set(id: string, name: string, roleColor: string): boolean {
    let sprite = this.sprites.get(id);
    if (!sprite) {
      const cell = this.slots.acquire(id);
      if (cell === null) return false;
      sprite = new Sprite(`tag-${cell}`, this.manager);
      sprite.cellIndex = cell;
      sprite.width = TAG_WIDTH_M;
      sprite.height = TAG_HEIGHT_M;
      sprite.isVisible = false;
      sprite.isPickable = false;
      this.sprites.set(id, sprite);
    }
    this.paint(sprite.cellIndex, name, roleColor);
    return true;
  }

  remove(id: string): void {
    const sprite = this.sprites.get(id);
    if (!sprite) return;
    sprite.dispose();
    this.sprites.delete(id);
    this.slots.release(id);
  }

  /** Moves a tag (per frame; no allocation). */
  place(id: string, x: number, y: number, z: number, visible: boolean): void {
    const sprite = this.sprites.get(id);
    if (!sprite) return;
    sprite.position.set(x, y, z);
    sprite.isVisible = visible;
  }

  /** Uploads the atlas if a tag was painted since the last call. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.texture.update(false);
  }

  dispose(): void {
    for (const s of this.sprites.values()) s.dispose();
    this.sprites.clear();
    this.manager.dispose();
    this.texture.dispose();
  }

  private paint(cell: number, name: string, roleColor: string): void {
    const ctx = this.ctx;
    const x = (cell % COLS) * CELL_W;
    const y = Math.floor(cell / COLS) * CELL_H;
    ctx.clearRect(x, y, CELL_W, CELL_H);
    // 2 px transparent margin so mipmaps do not bleed between cells.
    ctx.fillStyle = 'rgba(14, 17, 24, 0.82)';
    roundRect(ctx, x + 2, y + 2, CELL_W - 4, CELL_H - 4, 10);
    ctx.fill();
    ctx.fillStyle = roleColor;
    roundRect(ctx, x + 8, y + 10, 8, CELL_H - 20, 4);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.font = '600 24px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    ctx.fillText(fit(ctx, name, CELL_W - 44), x + CELL_W / 2 + 8, y + CELL_H / 2 + 1);
    this.dirty = true;
  }
}

/** Truncates with an ellipsis to fit `maxPx`. */
function fit(ctx: CanvasRenderingContext2D, text: string, maxPx: number): string {
  if (ctx.measureText(text).width <= maxPx) return text;
  const chars = [...text];
  while (chars.length > 1 && ctx.measureText(`${chars.join('')}…`).width > maxPx) chars.pop();
  return `${chars.join('')}…`;
}
