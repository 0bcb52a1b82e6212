import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  parseTimelineMessage,
  TIMELINE_LIMITS,
  TIMELINE_VERSION,
  type TimelineMessage,
} from '../../../common/timeline.ts';
import { buildTimelineSegment, SPEECH_SAMPLE_RATE_HZ, type SpeechSegment } from '../../speech/index.ts';
import type { AudioPump, PumpFeed } from './audio-pump.ts';
import { SegmentCaption, type CaptionTarget } from './caption-stream.ts';
import { captionUnits, heardCaption, type CaptionUnit } from './captions.ts';
import { TwinParticipantError } from './errors.ts';
import type { SpeakResult, TwinAgentState } from './types.ts';
import { heardSamples, samplesToMs, UtteranceAudio } from './utterance-audio.ts';

export interface UtteranceDeps {
  pump: AudioPump;
  /** Ordered, fire-and-forget reliable publish on TIMELINE_TOPIC (dropped while disconnected). */
  sendTimeline(msg: TimelineMessage): void;
  captions: CaptionTarget;
  /** Fire-and-forget lk.agent.state update. */
  setState(state: TwinAgentState): void;
  log: Logger;
}

/** Why an utterance stopped early. */
export type StopReason = 'interrupt' | 'preempted' | 'aborted' | 'disconnected' | 'closed';

interface PlayingSegment {
  offsetSamples: number;
  lengthSamples: number;
  durationMs: number;
  text: string;
  units: CaptionUnit[];
  caption: SegmentCaption;
}

const STOPPED = Symbol('stopped');
const RATE = SPEECH_SAMPLE_RATE_HZ;

/**
 * One utterance from first segment to `end` or `interrupt`: reads segments as they are synthesized,
 * announces them on the timeline before their audio, feeds the pump, streams captions against playout
 * and produces the SpeakResult. Created by TwinParticipant.speak(); one at a time.
 */
export class UtterancePlayer implements PumpFeed {
  private readonly audio = new UtteranceAudio();
  private readonly segments: PlayingSegment[] = [];
  /** Utterance frames handed to the source, kept for the audit hash. */
  private readonly frames: Int16Array[] = [];
  /** Pump position of the utterance's first sample; null until the first segment arrives. */
  private startTotal: number | null = null;
  private firstAudioFired = false;
  private readonly unsentSegments: TimelineMessage[] = [];
  private sourceError: TwinParticipantError | undefined;
  private result: SpeakResult | null = null;
  private resolveDone!: (r: SpeakResult) => void;
  readonly done: Promise<SpeakResult>;
  private wakeReader: (() => void) | null = null;
  private readonly stopped: Promise<typeof STOPPED>;

  constructor(
    readonly utteranceId: string,
    private readonly deps: UtteranceDeps,
    private readonly onFirstAudio?: (atMs: number) => void,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.stopped = new Promise((resolve) => (this.wakeReader = () => resolve(STOPPED)));
  }

  get finished(): boolean {
    return this.result !== null;
  }

  /** Resolves once every caption stream of this utterance was closed (sent or failed). */
  captionsSettled(): Promise<void> {
    return Promise.all(this.segments.map((s) => s.caption.finish(''))).then(() => undefined);
  }

  /** Starts reading `segments`; the result comes through `done`. */
  start(segments: AsyncIterable<SpeechSegment>): void {
    void this.read(segments);
  }

  /** PumpFeed: the next frame of this utterance, or null once it is all handed out. */
  next(frameSamples: number): Int16Array | null {
    if (this.result) return null;
    const frame = this.audio.nextFrame(frameSamples);
    if (!frame) return null;
    this.frames.push(frame);
    if (!this.firstAudioFired) {
      this.firstAudioFired = true;
      this.deps.setState('speaking');
      try {
        this.onFirstAudio?.(Date.now());
      } catch (err) {
        this.deps.log.warn({ err }, 'onFirstAudio callback threw');
      }
    }
    return frame;
  }

  /**
   * Stops now: drops the queued audio (listeners hear silence within a frame), announces `interrupt` with
   * the heard position and trims the captions to the heard words. Returns the result (also via `done`).
   */
  stop(reason: StopReason): SpeakResult {
    if (this.result) return this.result;
    this.wakeReader?.();
    const { pump } = this.deps;
    const audibleTotal = pump.cut(this);
    if (this.startTotal === null) return this.finish(true, 0, reason);
    const heard =
      audibleTotal === null
        ? heardSamples(pump.handedTotal, pump.queuedSamples, this.startTotal, this.audio.lengthSamples)
        : Math.min(this.audio.lengthSamples, Math.max(0, audibleTotal - this.startTotal));
    this.deps.sendTimeline({
      v: TIMELINE_VERSION,
      type: 'interrupt',
      utteranceId: this.utteranceId,
      heardUntilMs: Math.min(TIMELINE_LIMITS.maxTimeMs, samplesToMs(heard, RATE)),
    });
    return this.finish(true, heard, reason);
  }

  private async read(source: AsyncIterable<SpeechSegment>): Promise<void> {
    let it: AsyncIterator<SpeechSegment> | null = null;
    try {
      it = source[Symbol.asyncIterator]();
      for (;;) {
        const r = await Promise.race([it.next(), this.stopped]);
        if (r === STOPPED) {
          // Lets a generator (speakSentences) run its cleanup, cancelling synthesis still under way.
          it.return?.()?.catch(() => undefined);
          return;
        }
        if (r.done || this.result) break;
        this.addSegment(r.value);
      }
    } catch (err) {
      if (this.result) return; // our own stop made the source throw (e.g. the shared signal fired)
      this.sourceError =
        err instanceof TwinParticipantError
          ? err
          : new TwinParticipantError('source_failed', 'the speech segment source failed', { cause: err });
      this.deps.log.warn({ err, utteranceId: this.utteranceId }, 'segment source failed; playing what came');
      it?.return?.()?.catch(() => undefined);
    }
    this.audio.end();
    // Nothing was ever scheduled: there is no audio to wait for.
    if (this.segments.length === 0 && !this.result) this.finish(false, 0, null);
  }

  private addSegment(seg: SpeechSegment): void {
    if (seg.sampleRateHz !== RATE || !(seg.pcm instanceof Int16Array) || !Number.isFinite(seg.durationMs))
      throw new TwinParticipantError('bad_input', `segments must be ${RATE} Hz mono Int16 PCM`);
    if (seg.pcm.length === 0) return;
    const seq = this.segments.length;
    if (seq === 0) {
      this.deps.pump.play(
        this,
        (startTotal) => this.onStart(startTotal),
        (handedTotal, queued) => this.onTick(handedTotal, queued),
      );
    }
    const offsetSamples = this.audio.append(seg.pcm);
    const msg = buildTimelineSegment(seg, {
      utteranceId: this.utteranceId,
      seq,
      audioStartOffsetMs: samplesToMs(offsetSamples, RATE),
    });
    // Receivers drop what does not validate; better to know here.
    if (!parseTimelineMessage(msg))
      throw new TwinParticipantError('bad_input', `segment ${seq} does not make a valid timeline message`);
    // Before `start` is out, segments wait for it (clients expect start first).
    if (this.startTotal === null) this.unsentSegments.push(msg);
    else this.deps.sendTimeline(msg);
    const units = captionUnits(seg);
    this.segments.push({
      offsetSamples,
      lengthSamples: seg.pcm.length,
      durationMs: seg.durationMs,
      text: seg.text,
      units,
      caption: new SegmentCaption(
        this.deps.captions,
        `${this.utteranceId}-s${seq}`,
        seg.text,
        units,
        seg.durationMs,
      ),
    });
  }

  /** The pump is about to hand over the first sample (at pump position `startTotal`). */
  private onStart(startTotal: number): void {
    this.startTotal = startTotal;
    this.deps.sendTimeline({
      v: TIMELINE_VERSION,
      type: 'start',
      utteranceId: this.utteranceId,
      audioStartSample: this.deps.pump.trackSampleAt(startTotal),
      sampleRateHz: RATE,
      sentAtMs: Date.now(),
    });
    for (const msg of this.unsentSegments.splice(0)) this.deps.sendTimeline(msg);
  }

  /** After each frame: stream captions against playout and finish once everything was played out. */
  private onTick(handedTotal: number, queuedSamples: number): void {
    if (this.result || this.startTotal === null) return;
    const played = handedTotal - queuedSamples - this.startTotal;
    for (const s of this.segments) {
      if (played <= s.offsetSamples) break;
      s.caption.advance(samplesToMs(played - s.offsetSamples, RATE));
    }
    if (this.audio.drained && played >= this.audio.lengthSamples) {
      this.deps.sendTimeline({
        v: TIMELINE_VERSION,
        type: 'end',
        utteranceId: this.utteranceId,
        durationMs: Math.min(TIMELINE_LIMITS.maxTimeMs, samplesToMs(this.audio.lengthSamples, RATE)),
      });
      this.finish(false, this.audio.lengthSamples, null);
    }
  }

  private finish(interrupted: boolean, heard: number, reason: StopReason | null): SpeakResult {
    if (this.result) return this.result;
    this.deps.pump.release(this);
    const texts: string[] = [];
    let played = 0;
    for (const s of this.segments) {
      if (s.offsetSamples >= heard) {
        void s.caption.finish('');
        continue;
      }
      played++;
      const text =
        heard >= s.offsetSamples + s.lengthSamples
          ? s.text.trim()
          : heardCaption(s.text, s.units, samplesToMs(heard - s.offsetSamples, RATE), s.durationMs);
      if (text) texts.push(text);
      void s.caption.finish(text);
    }
    this.result = {
      utteranceId: this.utteranceId,
      interrupted,
      heardUntilMs: samplesToMs(heard, RATE),
      durationMs: samplesToMs(this.audio.lengthSamples, RATE),
      spokenText: texts.join(' '),
      audioSha256: this.hash(heard),
      segmentsPlayed: played,
      ...(this.sourceError ? { error: this.sourceError } : {}),
    };
    // A preempting utterance sets its own state; otherwise the floor goes back to the audience (also
    // the state re-applied after a re-join).
    if (reason !== 'preempted' && reason !== 'closed') this.deps.setState('listening');
    this.deps.log.debug(
      { utteranceId: this.utteranceId, interrupted, reason, heardUntilMs: this.result.heardUntilMs },
      'utterance finished',
    );
    this.resolveDone(this.result);
    return this.result;
  }

  /** SHA-256 over the first `samples` utterance samples handed out (int16 little-endian). */
  private hash(samples: number): string {
    const h = createHash('sha256');
    let left = samples;
    for (const f of this.frames) {
      if (left <= 0) break;
      const n = Math.min(left, f.length);
      h.update(new Uint8Array(f.buffer, f.byteOffset, n * 2));
      left -= n;
    }
    return h.digest('hex');
  }
}
