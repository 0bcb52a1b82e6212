import { SpeakerInfo, SpeakersChanged } from '@livekit/protocol';
import type { TimerRegistry } from '../timers.ts';
import type { Participant } from './participant.ts';
import type { Room } from './room.ts';

/** How often speaker levels are evaluated (LiveKit's default update interval is similar). */
export const SPEAKER_INTERVAL_MS = 300;
/** Linear level above which a participant counts as speaking (about -40 dBov). */
export const SPEAKING_THRESHOLD = 0.01;

/**
 * Active-speaker detection from the audio levels the forwarders meter. Sends LiveKit's
 * `speakersChanged` deltas: participants who started or stopped speaking, or whose level moved.
 */
export class SpeakerDetector {
  private timer: NodeJS.Timeout | undefined;
  private readonly active = new Map<string, number>();

  constructor(
    private readonly room: Room,
    private readonly timers: TimerRegistry,
  ) {}

  start(): void {
    if (this.timer || this.room.closed) return;
    this.timer = this.timers.setInterval(() => this.tick(), SPEAKER_INTERVAL_MS);
  }

  stop(): void {
    this.timers.clear(this.timer);
    this.timer = undefined;
    this.active.clear();
  }

  /** Drops a participant who left; it no longer needs an explicit "stopped speaking". */
  forget(p: Participant): void {
    this.active.delete(p.sid);
  }

  /** One evaluation; exposed for tests. */
  tick(): void {
    const changes: SpeakerInfo[] = [];
    let anyAudio = false;
    for (const p of this.room.participants.values()) {
      let level = 0;
      for (const t of p.published.values()) {
        anyAudio = true;
        if (!t.info.muted) level = Math.max(level, t.forwarder.meter.drain());
        else t.forwarder.meter.drain();
      }
      const speaking = level >= SPEAKING_THRESHOLD;
      const previous = this.active.get(p.sid);
      if (speaking) {
        this.active.set(p.sid, level);
        if (previous === undefined || Math.abs(previous - level) > 0.05) {
          changes.push(new SpeakerInfo({ sid: p.sid, level, active: true }));
        }
      } else if (previous !== undefined) {
        this.active.delete(p.sid);
        changes.push(new SpeakerInfo({ sid: p.sid, level: 0, active: false }));
      }
    }
    if (changes.length > 0) {
      this.room.broadcast({ case: 'speakersChanged', value: new SpeakersChanged({ speakers: changes }) });
    }
    // Nothing published any more: stop ticking until audio appears again.
    if (!anyAudio) this.stop();
  }
}
