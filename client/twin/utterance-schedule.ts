import {
  sampleViseme,
  VISEME_COUNT,
  type TimelineEndMessage,
  type TimelineInterruptMessage,
  type TimelineMessage,
  type TimelineSegmentMessage,
  type TimelineStartMessage,
} from '../../common/timeline.ts';
import { phraseOnsets, riseFromRest } from './audible-onsets.ts';
import { OPENS_MOUTH } from './mouth-onsets.ts';
import { ONSET_DEFAULTS } from '../../common/audio-onsets.ts';

export interface ScheduleOptions {
  /** How long after `start` arrives to wait for the audio onset before trusting arrival time. */
  onsetWaitMs: number;
  /** Arrival fallback: how far audio typically trails the data (network + jitter buffer). */
  arrivalDelayMs: number;
  /** An onset heard up to this long before `start` arrived still belongs to it (audio beat the data). */
  earlyOnsetMs: number;
  /** After anchoring, an onset re-anchors when it is this close to a predicted phrase start. */
  reanchorWindowMs: number;
  /** Silence before a phrase that makes its start an audible onset (as `OnsetTracker`'s minSilenceMs). */
  phraseGapMs: number;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = {
  onsetWaitMs: 700,
  arrivalDelayMs: 80,
  earlyOnsetMs: 300,
  reanchorWindowMs: 160,
  phraseGapMs: ONSET_DEFAULTS.minSilenceMs,
};

export type AnchorSource = 'onset' | 'arrival';

/** A heard onset the schedule anchored on: the utterance's first sound, or a later phrase start. */
export interface AnchorEvent {
  utteranceId: string;
  heardMs: number;
  /** The utterance time it was matched to. */
  phraseMs: number;
  kind: 'first' | 'phrase';
}

interface Utterance {
  id: string;
  arrivedAtMs: number;
  segments: TimelineSegmentMessage[];
  /** Utterance times where a listener hears voice start after a pause (the first is the utterance's). */
  phraseStartsMs: number[];
  /** Heard time (listener clock) of utterance time 0. */
  anchorMs: number | null;
  source: AnchorSource | null;
  /** The heard onset that anchored the utterance, kept so late segments can fix the lead-in. */
  firstOnsetMs: number | null;
  heardUntilMs: number | null;
  durationMs: number | null;
}

/**
 * Places the twin's timeline on the listener's clock: the utterance is anchored where the listener
 * actually hears its first sound (an audio onset after `start` is matched to the timeline's first
 * audible onset, see `audibleOnsets`), re-anchored at later phrase starts, and falls back to the data's arrival time
 * when no onset is heard. All times are milliseconds on one clock (performance.now()).
 */
export class UtteranceSchedule {
  private current: Utterance | null = null;
  /** When the previous utterance stopped being heard: onsets before it are not ours. */
  private previousEndMs = -Infinity;
  private lastOnsetMs = -Infinity;
  private segmentCursor = 0;
  /** Diagnostics (the test hook): called whenever a heard onset anchors the utterance. */
  onAnchor: ((e: AnchorEvent) => void) | null = null;

  constructor(private readonly options: ScheduleOptions = DEFAULT_SCHEDULE) {}

  get utteranceId(): string | null {
    return this.current?.id ?? null;
  }

  get anchorSource(): AnchorSource | null {
    return this.current?.source ?? null;
  }

  get anchorMs(): number | null {
    return this.current?.anchorMs ?? null;
  }

  get heardUntilMs(): number | null {
    return this.current?.heardUntilMs ?? null;
  }

  /** Segments received so far, in utterance order. */
  get segments(): readonly TimelineSegmentMessage[] {
    return this.current?.segments ?? EMPTY;
  }

  /** Feeds a validated timeline message that arrived at `nowMs`. */
  receive(msg: TimelineMessage, nowMs: number): void {
    switch (msg.type) {
      case 'start':
        return this.start(msg, nowMs);
      case 'segment':
        return this.segment(msg);
      case 'interrupt':
        return this.interrupt(msg);
      case 'end':
        return this.end(msg);
    }
  }

  /** An audio onset: the listener starts hearing sound at `heardMs` after a silence. */
  onset(heardMs: number): void {
    this.lastOnsetMs = heardMs;
    const u = this.current;
    if (!u || heardMs <= this.previousEndMs) return;
    if (u.source === null) {
      if (heardMs < u.arrivedAtMs - this.options.earlyOnsetMs) return;
      this.anchorOnFirstOnset(u, heardMs);
      return;
    }
    if (u.anchorMs === null || u.heardUntilMs !== null) return;
    // Later phrases: a pause in the timeline followed by voice is an audible onset; snap to it. An
    // arrival-time guess may be further off, and its first phrase is still worth snapping to.
    const arrival = u.source === 'arrival';
    const window = arrival ? this.options.onsetWaitMs : this.options.reanchorWindowMs;
    const t = heardMs - u.anchorMs;
    let best = NaN;
    for (let i = arrival ? 0 : 1; i < u.phraseStartsMs.length; i++) {
      const p = u.phraseStartsMs[i]!;
      if (Math.abs(t - p) <= window && !(Math.abs(t - best) < Math.abs(t - p))) best = p;
    }
    if (Number.isNaN(best)) return;
    u.source = 'onset';
    u.anchorMs = heardMs - best;
    this.onAnchor?.({ utteranceId: u.id, heardMs, phraseMs: best, kind: 'phrase' });
  }

  /**
   * Utterance time at `nowMs` (NaN when nothing is scheduled yet). Switches to the arrival fallback
   * once the onset wait is over. May exceed the utterance's end: see `limitMs`.
   */
  timeAt(nowMs: number): number {
    const u = this.current;
    if (!u) return NaN;
    if (u.anchorMs === null) {
      if (nowMs - u.arrivedAtMs < this.options.onsetWaitMs) return NaN;
      u.anchorMs = u.arrivedAtMs + this.options.arrivalDelayMs;
      u.source = 'arrival';
    }
    return nowMs - u.anchorMs;
  }

  /** Utterance time after which nothing more is heard (interrupt, end, or the last segment so far). */
  limitMs(): number {
    const u = this.current;
    if (!u) return 0;
    if (u.heardUntilMs !== null) return u.heardUntilMs;
    if (u.durationMs !== null) return u.durationMs;
    const last = u.segments[u.segments.length - 1];
    return last ? last.audioStartOffsetMs + last.durationMs : 0;
  }

  /** True once an `end` or `interrupt` arrived and the utterance time is past what is heard. */
  finishedAt(nowMs: number): boolean {
    const u = this.current;
    if (!u) return true;
    if (u.heardUntilMs === null && u.durationMs === null) return false;
    const t = this.timeAt(nowMs);
    return Number.isNaN(t) ? u.heardUntilMs !== null : t >= this.limitMs();
  }

  /** The segment whose audio spans utterance time `tMs`, or null. Allocation-free. */
  segmentAt(tMs: number): TimelineSegmentMessage | null {
    const segs = this.current?.segments;
    if (!segs || segs.length === 0) return null;
    let i = Math.min(this.segmentCursor, segs.length - 1);
    while (i > 0 && segs[i]!.audioStartOffsetMs > tMs) i--;
    while (i + 1 < segs.length && segs[i + 1]!.audioStartOffsetMs <= tMs) i++;
    this.segmentCursor = i;
    const s = segs[i]!;
    return tMs >= s.audioStartOffsetMs - 100 && tMs <= s.audioStartOffsetMs + s.durationMs + 100 ? s : null;
  }

  /**
   * The face's viseme weights at utterance time `tMs` (OCULUS_VISEMES order, written into `out`): the
   * timeline's, with the lips held at rest until each phrase is about to be heard (`riseFromRest`);
   * all 0 outside what is heard. Allocation-free.
   */
  visemesAt(tMs: number, out: Float32Array): Float32Array {
    const seg = !Number.isNaN(tMs) && tMs < this.limitMs() ? this.segmentAt(tMs) : null;
    if (!seg) return out.fill(0);
    sampleViseme(seg, tMs, out);
    const k = riseFromRest(this.current?.phraseStartsMs ?? EMPTY_TIMES, tMs);
    if (k < 1) for (let i = 1; i < VISEME_COUNT; i++) if (OPENS_MOUTH[i]) out[i] = out[i]! * k;
    return out;
  }

  /** Forgets everything (the twin left). */
  clear(): void {
    this.current = null;
    this.previousEndMs = -Infinity;
    this.lastOnsetMs = -Infinity;
  }

  private start(msg: TimelineStartMessage, nowMs: number): void {
    const prev = this.current;
    if (prev?.id === msg.utteranceId) return;
    if (prev?.anchorMs != null) {
      this.previousEndMs = Math.max(this.previousEndMs, Math.min(nowMs, prev.anchorMs + this.limitMs()));
    }
    const u: Utterance = {
      id: msg.utteranceId,
      arrivedAtMs: nowMs,
      segments: [],
      phraseStartsMs: [],
      anchorMs: null,
      source: null,
      firstOnsetMs: null,
      heardUntilMs: null,
      durationMs: null,
    };
    this.current = u;
    this.segmentCursor = 0;
    // Audio can beat the data channel: an onset just before `start` is this utterance's.
    if (this.lastOnsetMs > this.previousEndMs && nowMs - this.lastOnsetMs <= this.options.earlyOnsetMs) {
      this.anchorOnFirstOnset(u, this.lastOnsetMs);
    }
  }

  private segment(msg: TimelineSegmentMessage): void {
    const u = this.current;
    if (!u || u.id !== msg.utteranceId || u.segments.some((s) => s.seq === msg.seq)) return;
    let at = u.segments.length;
    while (at > 0 && u.segments[at - 1]!.audioStartOffsetMs > msg.audioStartOffsetMs) at--;
    u.segments.splice(at, 0, msg);
    u.phraseStartsMs = phraseOnsets(u.segments, this.options.phraseGapMs);
    // The anchor depends on the lead-in silence before the first voice, known only from segment 0.
    if (u.source === 'onset' && u.firstOnsetMs !== null && at === 0)
      this.anchorOnFirstOnset(u, u.firstOnsetMs);
  }

  private interrupt(msg: TimelineInterruptMessage): void {
    const u = this.current;
    if (!u || u.id !== msg.utteranceId) return;
    u.heardUntilMs = Math.min(u.heardUntilMs ?? Infinity, msg.heardUntilMs);
  }

  private end(msg: TimelineEndMessage): void {
    const u = this.current;
    if (u && u.id === msg.utteranceId) u.durationMs = msg.durationMs;
  }

  private anchorOnFirstOnset(u: Utterance, heardMs: number): void {
    u.firstOnsetMs = heardMs;
    u.anchorMs = heardMs - (u.phraseStartsMs[0] ?? 0);
    u.source = 'onset';
    this.onAnchor?.({ utteranceId: u.id, heardMs, phraseMs: u.phraseStartsMs[0] ?? 0, kind: 'first' });
  }
}

const EMPTY: readonly TimelineSegmentMessage[] = [];
const EMPTY_TIMES: readonly number[] = [];
