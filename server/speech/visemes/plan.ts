import type { OculusViseme, TimelineViseme } from '../../../common/timeline.ts';
import type { SpokenPhone } from '../tts/types.ts';
import { visemesForPhone } from './phone-table.ts';

export interface VisemePlanOptions {
  /** Longest a single viseme is held; the mouth relaxes (sil) after that. */
  maxVisemeMs?: number;
  /** Plateau weight of closures (PP, FF), which must visibly close. */
  closurePeak?: number;
  /** Plateau weight of everything else. */
  peak?: number;
}

const DIPHTHONG_SPLIT = 0.55;
const CLOSURES: ReadonlySet<OculusViseme> = new Set(['PP', 'FF']);

/**
 * Phone timings -> viseme events for the timeline: table lookup, diphthongs split in two, repeats
 * merged (the "m" and "b" of "number" are one closure), long visemes capped at `maxVisemeMs`, times
 * rounded to whole milliseconds. Pauses become `sil` events with peak 1.
 */
export function planVisemes(
  phones: readonly SpokenPhone[],
  options: VisemePlanOptions = {},
): TimelineViseme[] {
  const maxMs = options.maxVisemeMs ?? 200;
  const closurePeak = options.closurePeak ?? 0.9;
  const peak = options.peak ?? 0.6;
  const pieces: { v: OculusViseme; s: number; e: number }[] = [];
  for (const p of phones) {
    if (!(p.endMs > p.startMs)) continue;
    const vs = visemesForPhone(p.phone);
    if (vs.length === 2) {
      const mid = p.startMs + (p.endMs - p.startMs) * DIPHTHONG_SPLIT;
      pieces.push(
        { v: vs[0] as OculusViseme, s: p.startMs, e: mid },
        { v: vs[1] as OculusViseme, s: mid, e: p.endMs },
      );
    } else {
      pieces.push({ v: vs[0] as OculusViseme, s: p.startMs, e: p.endMs });
    }
  }
  const merged: { v: OculusViseme; s: number; e: number }[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.v === piece.v && piece.s - last.e < 1) last.e = piece.e;
    else merged.push({ ...piece });
  }
  const out: TimelineViseme[] = [];
  let lastEnd = 0;
  for (const m of merged) {
    const s = Math.max(Math.round(m.s), lastEnd);
    const e = Math.min(Math.round(m.e), s + maxMs);
    if (e <= s) continue;
    out.push({ v: m.v, s, e, peak: m.v === 'sil' ? 1 : CLOSURES.has(m.v) ? closurePeak : peak });
    lastEnd = e;
  }
  return out;
}
