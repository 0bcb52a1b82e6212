import type { TimelineSegmentMessage } from '../../common/timeline.ts';

/** Longest caption shown at once; older words scroll off at the front. */
export const CAPTION_MAX_CHARS = 180;

/**
 * How many words of the utterance have started by utterance time `tMs`. Cheap and allocation-free:
 * the caption is rebuilt only when this number changes.
 */
export function heardWordCount(segments: readonly TimelineSegmentMessage[], tMs: number): number {
  let n = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const t = tMs - seg.audioStartOffsetMs;
    if (t < 0) break;
    const words = seg.words;
    for (let j = 0; j < words.length; j++) {
      if (words[j]!.s > t) break;
      n++;
    }
  }
  return n;
}

/**
 * The caption for what has been heard by utterance time `tMs`: each word appears when it starts; a
 * sentence heard to its last word shows its own text (with punctuation). Pass `min(t, heardUntilMs)`
 * after an interruption so nothing unheard is shown. The tail is kept within `maxChars`.
 */
export function captionText(
  segments: readonly TimelineSegmentMessage[],
  tMs: number,
  maxChars = CAPTION_MAX_CHARS,
): string {
  const parts: string[] = [];
  for (const seg of segments) {
    const t = tMs - seg.audioStartOffsetMs;
    if (t < 0) break;
    const last = seg.words[seg.words.length - 1];
    if (last && t >= last.e) {
      parts.push(seg.text.trim());
      continue;
    }
    for (const w of seg.words) {
      if (w.s > t) break;
      parts.push(w.w);
    }
  }
  return tail(parts.join(' ').replace(/\s+/g, ' ').trim(), maxChars);
}

/** The end of `text` within `maxChars`, cut at a word boundary and marked with an ellipsis. */
export function tail(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(text.length - maxChars + 1);
  const space = cut.indexOf(' ');
  return `…${space >= 0 && space < cut.length - 1 ? cut.slice(space + 1) : cut}`;
}

/** "AI twin · Marisol Quennell: …" — every caption is labelled as the AI speaking. */
export function captionPrefix(leaderName: string): string {
  return `AI twin · ${leaderName}: `;
}
