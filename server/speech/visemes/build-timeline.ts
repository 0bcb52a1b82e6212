import { findOnsets } from '../../../common/audio-onsets.ts';
import {
  TIMELINE_VERSION,
  type TimelineSegmentMessage,
  type TimelineWord,
} from '../../../common/timeline.ts';
import type { SpeechSegment } from '../tts/types.ts';
import { planGestures } from './gestures.ts';
import { planVisemes, type VisemePlanOptions } from './plan.ts';

export interface TimelineContext {
  utteranceId: string;
  /** Segment index within the utterance. */
  seq: number;
  /** Where this segment's audio starts within the utterance (sum of earlier segments' durations). */
  audioStartOffsetMs: number;
  isFirst?: boolean;
  isLast?: boolean;
  visemes?: VisemePlanOptions;
}

/** Caption words: one per written token, so "42" shows as "42" over the time of "forty two". */
function captionWords(seg: SpeechSegment): TimelineWord[] {
  const out: TimelineWord[] = [];
  let lastSpan = -1;
  for (const w of seg.words) {
    const hasSpan = w.charEnd > w.charStart;
    const prev = out[out.length - 1];
    if (prev && hasSpan && w.charStart === lastSpan) {
      prev.e = Math.round(w.endMs);
      continue;
    }
    const text = hasSpan ? seg.text.slice(w.charStart, w.charEnd) : w.word;
    out.push({ w: text, s: Math.round(w.startMs), e: Math.max(Math.round(w.startMs), Math.round(w.endMs)) });
    lastSpan = hasSpan ? w.charStart : -1;
  }
  // Rounding must not break the order receivers check.
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1] as TimelineWord;
    const cur = out[i] as TimelineWord;
    if (cur.s < prev.s) cur.s = prev.s;
    if (cur.e < cur.s) cur.e = cur.s;
  }
  return out;
}

/** Tenths of a millisecond: finer than any receiver's clock, and short on the wire. */
const tenth = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Where the segment's audio becomes audible after a pause, found in its PCM with the same definition a
 * listener's onset detector uses, so receivers anchor the face on real sound, whatever the TTS engine.
 */
function audibleOnsets(seg: SpeechSegment, durationMs: number): { onsets: number[]; soundEndMs: number } {
  const found = findOnsets(seg.pcm, seg.sampleRateHz);
  const onsets = found.onsetsMs.map(tenth).filter((t) => t <= durationMs);
  const soundEndMs = Number.isFinite(found.soundEndMs) ? Math.min(durationMs, tenth(found.soundEndMs)) : 0;
  return { onsets, soundEndMs: Math.max(soundEndMs, onsets.at(-1) ?? 0) };
}

/** The timeline message for one synthesized segment (words, visemes, gestures, audible onsets). */
export function buildTimelineSegment(seg: SpeechSegment, ctx: TimelineContext): TimelineSegmentMessage {
  const isFirst = ctx.isFirst ?? ctx.seq === 0;
  const durationMs = Math.round(seg.durationMs);
  return {
    v: TIMELINE_VERSION,
    type: 'segment',
    utteranceId: ctx.utteranceId,
    seq: ctx.seq,
    text: seg.text,
    audioStartOffsetMs: Math.round(ctx.audioStartOffsetMs),
    durationMs,
    words: captionWords(seg),
    visemes: planVisemes(seg.phones, ctx.visemes),
    gestures: planGestures({
      text: seg.text,
      words: seg.words,
      durationMs: seg.durationMs,
      isFirst,
      isLast: ctx.isLast ?? false,
    }),
    ...audibleOnsets(seg, durationMs),
  };
}
