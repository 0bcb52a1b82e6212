import type { OculusViseme, TimelineSegmentMessage, TimelineViseme } from '../../common/timeline.ts';

/**
 * A phone's start in the timeline is not where a listener starts hearing it. Measured on Festival's HTS
 * voice with the client's onset detector (energy reaching -40 dBFS after a pause):
 * - vowels and other voiced sounds reach it ~20 ms after the phone starts (the energy rises);
 * - stops and affricates (p b t d k g ch jh) are silent while closed: the sound starts at the
 *   release, about half-way through the phone as Festival times it;
 * - f, v, th and dh are too faint: the sound starts with the next phone (~3 ms into it).
 * Anchoring the schedule on phone starts instead put the whole face 20-100 ms behind the voice.
 */
export const VOICE_RISE_MS = 20;
const RELEASE_FRACTION = 0.5;
const FAINT_EDGE_MS = 3;

const FAINT: ReadonlySet<OculusViseme> = new Set(['FF', 'TH']);
const CLOSURE: ReadonlySet<OculusViseme> = new Set(['PP', 'DD', 'kk', 'CH']);

/** Utterance time at which a phrase starting with viseme `i` of `seg` becomes audible. */
function audibleStart(seg: TimelineSegmentMessage, i: number): number {
  const visemes = seg.visemes;
  let k = i;
  // Faint fricatives: the sound starts with the next shape (when it follows straight on).
  while (FAINT.has(visemes[k]!.v) && isContinuedBy(visemes[k]!, visemes[k + 1])) k++;
  const v = visemes[k]!;
  // After a faint sound the energy is already rising: the next shape is heard almost as it starts.
  const lagMs = FAINT.has(v.v)
    ? v.e - v.s + FAINT_EDGE_MS
    : k > i
      ? Math.min(FAINT_EDGE_MS, v.e - v.s)
      : CLOSURE.has(v.v)
        ? (v.e - v.s) * RELEASE_FRACTION
        : Math.min(VOICE_RISE_MS, v.e - v.s);
  return seg.audioStartOffsetMs + v.s + lagMs;
}

function isContinuedBy(v: TimelineViseme, next: TimelineViseme | undefined): boolean {
  return next !== undefined && next.v !== 'sil' && next.s - v.e < 5;
}

/**
 * Utterance times at which a listener hears voice start after at least `gapMs` of silence, predicted
 * from the timeline: the utterance's first sound and every later one after such a pause (within or
 * across segments). Same definition as the client's audio onsets (`OnsetTracker`), so a heard onset
 * can be matched to its place in the timeline.
 */
export function audibleOnsets(segments: readonly TimelineSegmentMessage[], gapMs: number): number[] {
  const out: number[] = [];
  let lastVoicedEnd = -Infinity;
  for (const seg of segments) {
    const visemes = seg.visemes;
    for (let i = 0; i < visemes.length; i++) {
      const v = visemes[i]!;
      if (v.v === 'sil') continue;
      const prev = visemes[i - 1];
      const startsPhrase = !prev || prev.v === 'sil' || v.s - prev.e >= 5;
      if (startsPhrase || out.length === 0) {
        const at = audibleStart(seg, i);
        if (out.length === 0 || at - lastVoicedEnd >= gapMs) out.push(at);
      }
      // Faint sounds at the end of a phrase are silence to the ear.
      if (!FAINT.has(v.v)) lastVoicedEnd = Math.max(lastVoicedEnd, seg.audioStartOffsetMs + v.e);
    }
  }
  return out;
}

/**
 * The same onsets as `audibleOnsets`, but exact: taken from the segments' `onsets` (found by the server
 * in each segment's PCM with the listener's onset definition). A segment's first onset counts only when
 * the pause since the previous segment's last sound is at least `gapMs`, as a listener's detector would
 * see it across the boundary. Null when any segment lacks them (an older sender): predict instead.
 */
export function measuredOnsets(segments: readonly TimelineSegmentMessage[], gapMs: number): number[] | null {
  const out: number[] = [];
  let lastSoundEnd = -Infinity;
  for (const seg of segments) {
    if (seg.onsets === undefined || seg.soundEndMs === undefined) return null;
    for (const o of seg.onsets) {
      const at = seg.audioStartOffsetMs + o;
      if (at - lastSoundEnd >= gapMs) out.push(at);
      lastSoundEnd = at;
    }
    if (seg.onsets.length > 0) lastSoundEnd = seg.audioStartOffsetMs + seg.soundEndMs;
  }
  return out;
}

/** Where a listener hears voice start after a pause: exact when the segments carry onsets, else predicted. */
export function phraseOnsets(segments: readonly TimelineSegmentMessage[], gapMs: number): number[] {
  return measuredOnsets(segments, gapMs) ?? audibleOnsets(segments, gapMs);
}

/**
 * How long before a phrase's audible onset the lips start to part, and how long they take to open.
 * The timeline's blend (VISEME_BLEND_MS) starts a shape 40 ms before its phone, and a voiced phone is
 * heard ~20 ms after it starts: from rest, the mouth would visibly open ~40 ms before the voice. The
 * lips part at the phone's start instead, so the opening reaches view as the voice does.
 */
export const RISE_LEAD_MS = VOICE_RISE_MS;
export const RISE_MS = 40;

/**
 * Factor (0..1) for the mouth-opening shapes at utterance time `tMs`, given the audible onsets
 * (sorted): 0 until `RISE_LEAD_MS` before an onset, rising smoothly over `RISE_MS`, 1 elsewhere.
 * Allocation-free.
 */
export function riseFromRest(onsetsMs: readonly number[], tMs: number): number {
  // The first onset at or after tMs - (RISE_MS - RISE_LEAD_MS) is the only one whose ramp can cover tMs.
  const after = tMs - (RISE_MS - RISE_LEAD_MS);
  let lo = 0;
  let hi = onsetsMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (onsetsMs[mid]! < after) lo = mid + 1;
    else hi = mid;
  }
  const p = onsetsMs[lo];
  if (p === undefined) return 1;
  const x = (tMs - (p - RISE_LEAD_MS)) / RISE_MS;
  // Before the ramp, only while inside the pause: the blend's own fall-off ends long before.
  if (x <= 0) return tMs > p - RISE_LEAD_MS - REST_WINDOW_MS ? 0 : 1;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}

/** How far before a ramp the mouth is held at rest: covers the blend lead-in (VISEME_BLEND_MS). */
const REST_WINDOW_MS = 60;
