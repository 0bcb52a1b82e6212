import type { SpokenWord } from '../../speech/index.ts';

/** A caption step: from `startMs` (segment clock) the caption shows `text.slice(0, charEnd)`. */
export interface CaptionUnit {
  startMs: number;
  charEnd: number;
}

/**
 * Caption steps for one segment, one per written token, in time order. Words the synthesizer spoke for
 * one token ("forty two" for "42") make one step at the first word's start. Without word times (a
 * provider with timings 'none'), tokens are spread over the duration by character position.
 */
export function captionUnits(seg: {
  text: string;
  words: readonly SpokenWord[];
  durationMs: number;
}): CaptionUnit[] {
  const out: CaptionUnit[] = [];
  const withSpans = seg.words.filter((w) => w.charEnd > w.charStart && w.charEnd <= seg.text.length);
  if (withSpans.length > 0) {
    let lastEnd = 0;
    for (const w of withSpans) {
      // Repeated spans (several spoken words for one token) and spans behind the last are not new text.
      if (w.charEnd <= lastEnd) continue;
      const prev = out[out.length - 1];
      const startMs = Math.max(prev?.startMs ?? 0, w.startMs);
      out.push({ startMs, charEnd: w.charEnd });
      lastEnd = w.charEnd;
    }
    return out;
  }
  const len = seg.text.length;
  for (const m of seg.text.matchAll(/\S+/g)) {
    const start = m.index;
    out.push({ startMs: len > 0 ? (seg.durationMs * start) / len : 0, charEnd: start + m[0].length });
  }
  return out;
}

/**
 * Characters of `text` shown at `tMs` (segment clock): through the last token whose first word has
 * started. At or past `durationMs` (played out) the whole text, trailing punctuation included.
 */
export function captionCharsAt(
  text: string,
  units: readonly CaptionUnit[],
  tMs: number,
  durationMs: number,
): number {
  if (tMs >= durationMs) return text.length;
  let chars = 0;
  for (const u of units) {
    if (u.startMs >= tMs) break;
    chars = u.charEnd;
  }
  // Punctuation glued to the token ("hall." or "hall,") belongs to it.
  while (chars > 0 && chars < text.length && /[^\s\p{L}\p{N}]/u.test(text.charAt(chars))) chars++;
  return chars;
}

/** The caption text heard up to `tMs`: a trimmed prefix of the segment text. */
export function heardCaption(
  text: string,
  units: readonly CaptionUnit[],
  tMs: number,
  durationMs: number,
): string {
  return text.slice(0, captionCharsAt(text, units, tMs, durationMs)).trim();
}
