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
const IDLE_TITLE = 'All-hands';
const IDLE_SUBTITLE = 'Town hall · live Q&A with the leadership team';

/**
 * The big screen behind the stage: 14 m wide, its lower edge above a standing twin's head, so the
 * back row (~20 m away) sees it at ~35° — comfortably readable for slide-sized text. Content is
 * painted on a canvas (slides, the question being answered, captions later) and uploaded on demand.
 */
export class BigScreen {
  readonly mesh: Mesh;
  private readonly texture: DynamicTexture;
  private readonly material: StandardMaterial;
  private painted: string[] = [];
  private card = 'idle';

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
    this.showIdle();
  }

  /** Repaints the screen; `card` names what is shown (for tests and diagnostics). */
  draw(painter: ScreenPainter, card = 'custom'): void {
    const ctx = this.texture.getContext() as unknown as CanvasRenderingContext2D;
    // Record every string painted: text reaches the screen only through fillText, never as markup.
    const painted: string[] = [];
    const fillText = ctx.fillText;
    ctx.fillText = (text: string, x: number, y: number, maxWidth?: number) => {
      painted.push(text);
      if (maxWidth === undefined) fillText.call(ctx, text, x, y);
      else fillText.call(ctx, text, x, y, maxWidth);
    };
    ctx.save();
    try {
      painter(ctx, TEXTURE_W, TEXTURE_H);
    } finally {
      ctx.restore();
      ctx.fillText = fillText;
    }
    this.painted = painted;
    this.card = card;
    this.texture.update();
  }

  /** The idle card: the room's title slide. */
  showIdle(): void {
    this.draw(paintTitleSlide(IDLE_TITLE, IDLE_SUBTITLE), 'idle');
  }

  /** The question on stage, and once the twin has answered, the passages it quoted. */
  showQuestion(q: ScreenQuestion): void {
    this.draw(paintQuestionSlide(q), q.citations.length > 0 || q.answeredBy ? 'answer' : 'question');
  }

  /** What is on the screen now: its card and every string painted on it, in order. */
  get content(): { card: string; text: readonly string[] } {
    return { card: this.card, text: this.painted };
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

/** A question as the big screen shows it (plain strings: the screen never interprets markup). */
export interface ScreenQuestion {
  text: string;
  /** The asker's name, or null for an anonymous question. */
  asker: string | null;
  votes: number;
  /** Who answered, once answered ("AI twin", "Leader", "Written answer"); null while live. */
  answeredBy: string | null;
  citations: readonly { title: string; date: string | null; quote: string }[];
}

const MAX_CITATIONS = 3;

/**
 * The live-question card: the question large enough for the back row (~20 m), who asked and the
 * votes, then — once the twin has answered — the passages it quoted with their document and date.
 */
export function paintQuestionSlide(q: ScreenQuestion): ScreenPainter {
  return (ctx, w, h) => {
    const pad = 90;
    const bg = ctx.createLinearGradient(0, 0, 0, h);
    bg.addColorStop(0, '#0e1a38');
    bg.addColorStop(1, '#16294f');
    ctx.fillStyle = bg;
    ctx.fillRect(0, 0, w, h);
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = q.answeredBy ? '#2bb673' : '#ffd98a';
    ctx.font = '700 44px system-ui, sans-serif';
    ctx.fillText(
      q.answeredBy ? `ANSWERED · ${q.answeredBy.toUpperCase()}` : 'LIVE QUESTION',
      pad,
      110,
      w - 2 * pad,
    );
    const cited = q.citations.slice(0, MAX_CITATIONS);
    const questionPx = cited.length > 0 ? 56 : 76;
    ctx.fillStyle = '#ffffff';
    ctx.font = `700 ${questionPx}px system-ui, sans-serif`;
    const maxQuestionLines = cited.length > 0 ? 3 : 5;
    let y = 110 + questionPx * 1.5;
    for (const line of wrapText(ctx, `“${q.text}”`, w - 2 * pad, maxQuestionLines)) {
      ctx.fillText(line, pad, y);
      y += questionPx * 1.2;
    }
    ctx.fillStyle = '#9fb4dd';
    ctx.font = '500 40px system-ui, sans-serif';
    const votes = `${q.votes} ${q.votes === 1 ? 'vote' : 'votes'}`;
    ctx.fillText(`${q.asker ?? 'Anonymous'} · ${votes}`, pad, y + 10, w - 2 * pad);
    y += 80;
    if (cited.length > 0) {
      ctx.fillStyle = 'rgba(127, 214, 255, 0.9)';
      ctx.font = '600 36px system-ui, sans-serif';
      ctx.fillText('SOURCES THE TWIN QUOTED', pad, y, w - 2 * pad);
      y += 56;
      for (const c of cited) {
        ctx.fillStyle = '#dbe6ff';
        ctx.font = 'italic 400 36px system-ui, sans-serif';
        for (const line of wrapText(ctx, `“${c.quote}”`, w - 2 * pad - 30, 2)) {
          ctx.fillText(line, pad + 30, y);
          y += 44;
        }
        ctx.fillStyle = '#9fb4dd';
        ctx.font = '500 32px system-ui, sans-serif';
        ctx.fillText(`— ${c.title}${c.date ? ` · ${c.date}` : ''}`, pad + 30, y, w - 2 * pad - 30);
        y += 56;
        if (y > h - 40) break;
      }
    }
  };
}

/** Splits `text` into lines that fit `maxWidthPx` in the current font, ending with "…" when cut. */
export function wrapText(
  ctx: Pick<CanvasRenderingContext2D, 'measureText'>,
  text: string,
  maxWidthPx: number,
  maxLines: number,
): string[] {
  const words = text.split(/\s+/u).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  const fits = (s: string) => ctx.measureText(s).width <= maxWidthPx;
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    // A word longer than a line (a URL, say) is cut by characters.
    while (!fits(word) && word.length > 1) {
      let cut = word.length - 1;
      while (cut > 1 && !fits(word.slice(0, cut))) cut--;
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
      if (lines.length >= maxLines) return ellipsize(ctx, lines.slice(0, maxLines), maxWidthPx);
    }
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
    if (lines.length >= maxLines) return ellipsize(ctx, lines.slice(0, maxLines), maxWidthPx);
  }
  if (line) lines.push(line);
  return lines.length > maxLines ? ellipsize(ctx, lines.slice(0, maxLines), maxWidthPx) : lines;
}

function ellipsize(
  ctx: Pick<CanvasRenderingContext2D, 'measureText'>,
  lines: string[],
  maxWidthPx: number,
): string[] {
  let last = lines[lines.length - 1] ?? '';
  while (last.length > 0 && ctx.measureText(`${last}…`).width > maxWidthPx) last = last.slice(0, -1);
  lines[lines.length - 1] = `${last.trimEnd()}…`;
  return lines;
}
