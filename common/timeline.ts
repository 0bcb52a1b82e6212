/**
 * The twin's speech timeline: what every client needs to drive the twin's face, gestures and captions
 * against the audio it actually plays. Sent by the agent as reliable LiveKit data on `TIMELINE_TOPIC`,
 * JSON encoded, one message per packet.
 *
 * An utterance (one answer) is announced by a `start` message carrying where its first audio sample sits
 * in the twin's published track, followed by one `segment` per synthesized sentence (times in a segment
 * are milliseconds from that segment's first sample; `audioStartOffsetMs` places the segment within the
 * utterance), then `end`, or `interrupt` when playback was cut short.
 *
 * Framework-free: imported by the Babylon client and the Node server.
 */
export const TIMELINE_TOPIC = 'podium.twin.timeline.v1';
export const TIMELINE_VERSION = 1;

/** Oculus/Meta 15 visemes, in their canonical order (glTF morph targets `viseme_sil` … `viseme_U`). */
export const OCULUS_VISEMES = [
  'sil',
  'PP',
  'FF',
  'TH',
  'DD',
  'kk',
  'CH',
  'SS',
  'nn',
  'RR',
  'aa',
  'E',
  'ih',
  'oh',
  'ou',
] as const;
export type OculusViseme = (typeof OCULUS_VISEMES)[number];
export const VISEME_COUNT = OCULUS_VISEMES.length;
const VISEME_INDEX: ReadonlyMap<string, number> = new Map(OCULUS_VISEMES.map((v, i) => [v, i]));

/** Index of a viseme in `OCULUS_VISEMES` (and in `sampleViseme`'s output). */
export function visemeIndex(v: OculusViseme): number {
  return VISEME_INDEX.get(v) ?? 0;
}

export const GESTURES = ['nod', 'emphasis', 'idle', 'thinking'] as const;
export type Gesture = (typeof GESTURES)[number];

/** A word as spoken, for captions: `w` is the text as written (e.g. "42", not "forty two"). */
export interface TimelineWord {
  w: string;
  s: number;
  e: number;
}
/** One viseme: a rise-peak-fall envelope over [s, e] (see `visemeEnvelope`). */
export interface TimelineViseme {
  v: OculusViseme;
  s: number;
  e: number;
  /** Weight at the plateau, 0..1 (about 0.6; 0.9 for the closures PP and FF). */
  peak: number;
}
export interface TimelineGesture {
  g: Gesture;
  s: number;
  e: number;
}

export interface TimelineSegmentMessage {
  v: 1;
  type: 'segment';
  utteranceId: string;
  /** Segment index within the utterance, from 0. */
  seq: number;
  text: string;
  /** Where this segment's first sample sits within the utterance's audio. */
  audioStartOffsetMs: number;
  durationMs: number;
  words: TimelineWord[];
  visemes: TimelineViseme[];
  gestures: TimelineGesture[];
  /**
   * Optional (absent from older senders): where sound starts after a pause, ms from the segment's first
   * sample, found in the segment's own PCM with the listener's onset definition (`common/audio-onsets.ts`,
   * the clip taken as following a silence). Sorted, within [0, durationMs]. Receivers anchor the face
   * on these when present, and predict onsets from the visemes otherwise.
   */
  onsets?: number[];
  /** With `onsets`: where the segment's last sound ends (ms from its first sample). */
  soundEndMs?: number;
}

export interface TimelineStartMessage {
  v: 1;
  type: 'start';
  utteranceId: string;
  /**
   * Position of the utterance's first sample in the twin's published audio track, counted in samples at
   * `sampleRateHz` since the track's first sample (for Opus at 48 kHz this is also the RTP timestamp
   * offset). Clients align playout with it; `sentAtMs` is the coarse fallback.
   */
  audioStartSample: number;
  sampleRateHz: number;
  /** Sender wall clock (ms since the epoch) when the first sample was handed to the track. */
  sentAtMs: number;
  /** RTP timestamp of the first sample, when the sender knows it. */
  rtpTimestamp?: number;
}

export interface TimelineInterruptMessage {
  v: 1;
  type: 'interrupt';
  utteranceId: string;
  /** Utterance time up to which audio was played out; clients drop everything after it. */
  heardUntilMs: number;
}

export interface TimelineEndMessage {
  v: 1;
  type: 'end';
  utteranceId: string;
  /** Total audio duration of the utterance. */
  durationMs: number;
}

export type TimelineMessage =
  TimelineSegmentMessage | TimelineStartMessage | TimelineInterruptMessage | TimelineEndMessage;

/** Limits a receiver enforces; a well-behaved sender stays far below them. */
export const TIMELINE_LIMITS = {
  maxTextChars: 4000,
  maxWords: 1000,
  maxVisemes: 4000,
  maxGestures: 200,
  /** Ten minutes: no segment or utterance is longer. */
  maxTimeMs: 600_000,
  maxSeq: 100_000,
  maxOnsets: 1000,
} as const;

const UTTERANCE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const VISEME_SET: ReadonlySet<string> = new Set(OCULUS_VISEMES);
const GESTURE_SET: ReadonlySet<string> = new Set(GESTURES);

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isTime = (x: unknown): x is number =>
  typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= TIMELINE_LIMITS.maxTimeMs;
const isInt = (x: unknown, max: number): x is number =>
  Number.isInteger(x) && (x as number) >= 0 && (x as number) <= max;

/** Checks [s, e] spans sorted by start; returns the spans or null. */
function parseSpans<T>(raw: unknown, max: number, item: (o: Obj) => T | null): T[] | null {
  if (!Array.isArray(raw) || raw.length > max) return null;
  const out: T[] = [];
  let lastStart = 0;
  for (const r of raw) {
    if (!isObj(r) || !isTime(r.s) || !isTime(r.e) || r.e < r.s || r.s < lastStart) return null;
    lastStart = r.s;
    const parsed = item(r);
    if (parsed === null) return null;
    out.push(parsed);
  }
  return out;
}

function parseSegment(m: Obj, utteranceId: string): TimelineSegmentMessage | null {
  if (!isInt(m.seq, TIMELINE_LIMITS.maxSeq) || typeof m.text !== 'string') return null;
  if (m.text.length > TIMELINE_LIMITS.maxTextChars) return null;
  if (!isTime(m.audioStartOffsetMs) || !isTime(m.durationMs)) return null;
  const words = parseSpans(m.words, TIMELINE_LIMITS.maxWords, (o) =>
    typeof o.w === 'string' && o.w.length <= 200 ? { w: o.w, s: o.s as number, e: o.e as number } : null,
  );
  const visemes = parseSpans(m.visemes, TIMELINE_LIMITS.maxVisemes, (o) =>
    typeof o.v === 'string' && VISEME_SET.has(o.v) && typeof o.peak === 'number' && o.peak >= 0 && o.peak <= 1
      ? { v: o.v as OculusViseme, s: o.s as number, e: o.e as number, peak: o.peak }
      : null,
  );
  const gestures = parseSpans(m.gestures, TIMELINE_LIMITS.maxGestures, (o) =>
    typeof o.g === 'string' && GESTURE_SET.has(o.g)
      ? { g: o.g as Gesture, s: o.s as number, e: o.e as number }
      : null,
  );
  if (!words || !visemes || !gestures) return null;
  const msg: TimelineSegmentMessage = {
    v: 1,
    type: 'segment',
    utteranceId,
    seq: m.seq,
    text: m.text,
    audioStartOffsetMs: m.audioStartOffsetMs,
    durationMs: m.durationMs,
    words,
    visemes,
    gestures,
  };
  if (m.onsets !== undefined || m.soundEndMs !== undefined) {
    const onsets = parseOnsets(m.onsets, m.durationMs);
    const end = m.soundEndMs;
    if (!onsets || !isTime(end) || end > m.durationMs || (onsets.length > 0 && end < onsets.at(-1)!))
      return null;
    msg.onsets = onsets;
    msg.soundEndMs = end;
  }
  return msg;
}

/** Onset times: sorted, finite, within the segment, a bounded count; null otherwise. */
function parseOnsets(raw: unknown, durationMs: number): number[] | null {
  if (!Array.isArray(raw) || raw.length > TIMELINE_LIMITS.maxOnsets) return null;
  let last = -1;
  for (const t of raw) {
    if (!isTime(t) || t > durationMs || t <= last) return null;
    last = t;
  }
  return [...(raw as number[])];
}

/**
 * Validates anything received on `TIMELINE_TOPIC`. Returns a fresh, well-typed message (unknown fields
 * dropped) or null for anything that is not a valid message of a known version.
 */
export function parseTimelineMessage(raw: unknown): TimelineMessage | null {
  if (!isObj(raw) || raw.v !== TIMELINE_VERSION) return null;
  const utteranceId = raw.utteranceId;
  if (typeof utteranceId !== 'string' || !UTTERANCE_ID.test(utteranceId)) return null;
  switch (raw.type) {
    case 'segment':
      return parseSegment(raw, utteranceId);
    case 'start': {
      const { audioStartSample, sampleRateHz, sentAtMs, rtpTimestamp } = raw;
      if (!isInt(audioStartSample, Number.MAX_SAFE_INTEGER) || !isInt(sampleRateHz, 384_000)) return null;
      if (sampleRateHz < 8000 || typeof sentAtMs !== 'number' || !Number.isFinite(sentAtMs)) return null;
      const msg: TimelineStartMessage = {
        v: 1,
        type: 'start',
        utteranceId,
        audioStartSample,
        sampleRateHz,
        sentAtMs,
      };
      if (rtpTimestamp !== undefined) {
        if (!isInt(rtpTimestamp, 0xffff_ffff)) return null;
        msg.rtpTimestamp = rtpTimestamp;
      }
      return msg;
    }
    case 'interrupt':
      return isTime(raw.heardUntilMs)
        ? { v: 1, type: 'interrupt', utteranceId, heardUntilMs: raw.heardUntilMs }
        : null;
    case 'end':
      return isTime(raw.durationMs) ? { v: 1, type: 'end', utteranceId, durationMs: raw.durationMs } : null;
    default:
      return null;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes to send on `TIMELINE_TOPIC`. */
export function encodeTimelineMessage(msg: TimelineMessage): Uint8Array {
  return encoder.encode(JSON.stringify(msg));
}

/** Parses received bytes; null for anything that is not valid UTF-8 JSON of a valid message. */
export function decodeTimelineMessage(bytes: Uint8Array): TimelineMessage | null {
  if (bytes.byteLength > 256 * 1024) return null;
  try {
    return parseTimelineMessage(JSON.parse(decoder.decode(bytes)));
  } catch {
    return null;
  }
}

/** Half-width of the cross-fade between neighbouring visemes. */
export const VISEME_BLEND_MS = 40;

function smoothstep(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}

/**
 * Rise-peak-fall weight of one viseme at time `tMs` (same clock as s/e): rises from 0 at `s - r` to
 * `peak` at `s + r`, holds, and falls to 0 at `e + r`, with r = min(blendMs, (e - s) / 2). Neighbours
 * that share a boundary cross-fade through half their peaks there.
 */
export function visemeEnvelope(
  s: number,
  e: number,
  peak: number,
  tMs: number,
  blendMs = VISEME_BLEND_MS,
): number {
  const r = Math.max(1, Math.min(blendMs, (e - s) / 2));
  if (tMs <= s - r || tMs >= e + r) return 0;
  const rise = smoothstep((tMs - (s - r)) / (2 * r));
  const fall = smoothstep((e + r - tMs) / (2 * r));
  return peak * Math.min(rise, fall);
}

function firstIndexStartingAfter(items: readonly { s: number }[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as { s: number }).s <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Weights of the 15 visemes (in `OCULUS_VISEMES` order) at `tMs`, counted from the start of the
 * utterance's audio, written into `out` (length >= 15) and returned. Allocates nothing, so it can run
 * every frame. Outside the segment only `sil` is 1; `sil` fills whatever the other visemes leave.
 */
export function sampleViseme(segment: TimelineSegmentMessage, tMs: number, out: Float32Array): Float32Array {
  out.fill(0, 0, VISEME_COUNT);
  const t = tMs - segment.audioStartOffsetMs;
  const visemes = segment.visemes;
  // Visemes are sorted by start and do not overlap, so only the few that start before t + blend and
  // end after t - blend matter; a short backward scan from the binary-search point finds them.
  const upper = firstIndexStartingAfter(visemes, t + VISEME_BLEND_MS);
  let silFromEvents = 0;
  for (let i = upper - 1, seen = 0; i >= 0 && seen < 4; i--, seen++) {
    const ev = visemes[i] as TimelineViseme;
    if (ev.e + VISEME_BLEND_MS < t) break;
    const w = visemeEnvelope(ev.s, ev.e, ev.peak, t);
    if (w <= 0) continue;
    const idx = VISEME_INDEX.get(ev.v) ?? 0;
    if (idx === 0) silFromEvents = Math.max(silFromEvents, w);
    else out[idx] = Math.max(out[idx] as number, w);
  }
  let sum = 0;
  for (let i = 1; i < VISEME_COUNT; i++) sum += out[i] as number;
  out[0] = Math.min(1, Math.max(silFromEvents, 1 - sum));
  return out;
}

/** Index of the word being spoken at `tMs` (utterance clock), or -1 between and outside words. */
export function activeWordIndex(segment: TimelineSegmentMessage, tMs: number): number {
  const t = tMs - segment.audioStartOffsetMs;
  const i = firstIndexStartingAfter(segment.words, t) - 1;
  const w = segment.words[i];
  return w && t < w.e ? i : -1;
}
