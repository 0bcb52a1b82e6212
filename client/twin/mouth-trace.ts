import { VISEME_COUNT } from '../../common/timeline.ts';
import { MouthOnsetDetector, mouthOpening } from './mouth-onsets.ts';
import type { UtteranceSchedule } from './utterance-schedule.ts';

/**
 * The face's mouth evaluated on a fine time grid between frames (test and bench use): the weights are a
 * function of the schedule and the gain, so the mouth at any instant is what a display refreshing then
 * would have shown. A schedule change learned during a frame (an onset re-anchoring it, a timeline
 * message) applies only from the moment it could have been known: samples before it use the schedule as
 * it was, so the mouth is never credited with following an onset before that onset was rendered.
 */
export class MouthTrace {
  private readonly weights = new Float32Array(VISEME_COUNT);
  private readonly detector: MouthOnsetDetector;
  private prevId: string | null = null;
  private prevAnchorMs: number | null = null;
  /** Latest time (page clock) a schedule change in this frame became known. */
  private changedAtMs = -Infinity;
  /** The last sample used the schedule as it was at the end of the previous frame. */
  private onOldSchedule = true;

  constructor(
    private readonly schedule: UtteranceSchedule,
    onOnset: (atMs: number) => void,
  ) {
    this.detector = new MouthOnsetDetector(onOnset);
  }

  /** The schedule may have changed; the change was knowable from `atMs` on. */
  scheduleChanged(atMs: number): void {
    this.changedAtMs = Math.max(this.changedAtMs, atMs);
  }

  /** Samples the mouth at `atMs` (non-decreasing within and across frames) with the gate's `gain`. */
  sample(atMs: number, gain: number): void {
    const s = this.schedule;
    const changed = s.utteranceId !== this.prevId || s.anchorMs !== this.prevAnchorMs;
    let t: number;
    let continuous = true;
    if (changed && atMs < this.changedAtMs) {
      t = s.utteranceId === this.prevId && this.prevAnchorMs !== null ? atMs - this.prevAnchorMs : NaN;
    } else {
      // The first sample on a changed schedule may jump: its crossing is not interpolated.
      if (changed && this.onOldSchedule) continuous = false;
      this.onOldSchedule = !changed;
      t = s.timeAt(atMs);
    }
    s.visemesAt(t, this.weights);
    this.detector.sample(mouthOpening(this.weights, gain), atMs, continuous);
  }

  /** Call once per frame after the samples: the schedule as it is now is the baseline for the next. */
  endFrame(): void {
    this.prevId = this.schedule.utteranceId;
    this.prevAnchorMs = this.schedule.anchorMs;
    this.changedAtMs = -Infinity;
    this.onOldSchedule = true;
  }
}
