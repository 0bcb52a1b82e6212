import { AudioFrame, AudioSource } from '@livekit/rtc-node';
import type { Logger } from 'pino';

/** Called after every frame handed to the source, with the pump's counters. */
export type PumpTick = (handedTotal: number, queuedSamples: number) => void;

/** What the pump plays instead of silence: the current utterance's frames. */
export interface PumpFeed {
  /** The next frame, or null when the feed has nothing more (the pump goes back to silence). */
  next(frameSamples: number): Int16Array | null;
}

export interface AudioPumpOptions {
  sampleRateHz: number;
  frameSamples: number;
  queueMs: number;
  log: Logger;
}

interface PendingFeed {
  feed: PumpFeed;
  tick: PumpTick;
  onStart: (startTotal: number) => void;
}

/**
 * Keeps the twin's AudioSource fed without a gap: the current feed's frames, silence otherwise.
 *
 * Feeding silence ourselves (rather than letting the source fill gaps) keeps the count of samples that
 * reach the track equal to the track's sample clock (and so to Opus RTP time), which
 * `start.audioStartSample` relies on. A new feed starts by dropping the queued silence, so its first
 * sample goes out at once instead of a queue later. Paced by the source: captureFrame resolves as its
 * queue drains in real time; the queue absorbs event-loop stalls shorter than `queueMs`.
 */
export class AudioPump {
  readonly source: AudioSource;
  private readonly silence: Int16Array;
  /** Samples that reached, or will reach, the track: the position of the next frame. */
  private handed = 0;
  private trackBase = 0;
  private feed: PumpFeed | null = null;
  /** The feed given to the last play(): it keeps the tick after its frames run out, until release(). */
  private owner: PumpFeed | null = null;
  private pending: PendingFeed | null = null;
  private tick: PumpTick | null = null;
  /** Samples of the frame whose captureFrame has not resolved yet (0 between frames). */
  private inflight = 0;
  /**
   * Samples the source holds that rtc-node's estimate misses: a frame in flight during cut() lands
   * after the clear has reset the estimate. Gone with the next clear between frames.
   */
  private estimateBias = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly opts: AudioPumpOptions) {
    this.source = new AudioSource(opts.sampleRateHz, 1, opts.queueMs);
    this.silence = new Int16Array(opts.frameSamples);
    this.loop = this.run();
  }

  /** Samples handed to the source that reach the track (the next frame starts here). */
  get handedTotal(): number {
    return this.handed;
  }

  /** Samples the source still holds (handed, not yet sent), as rtc-node estimates them. */
  get queuedSamples(): number {
    return Math.round((this.source.queuedDuration * this.opts.sampleRateHz) / 1000) + this.estimateBias;
  }

  /** Where pump position `total` sits in the currently published track (samples since its first). */
  trackSampleAt(total: number): number {
    return Math.max(0, total - this.trackBase);
  }

  /** A new track was published on this source: its first sample is the next one the source sends. */
  markTrackPublished(): void {
    this.trackBase = this.handed - this.queuedSamples;
  }

  /**
   * Plays `feed` from the next frame boundary on, replacing any current feed. Queued silence is
   * dropped first; `onStart` then gets the pump position of the feed's first sample, synchronously
   * before that sample is handed over.
   */
  play(feed: PumpFeed, onStart: (startTotal: number) => void, tick: PumpTick): void {
    this.owner = feed;
    this.pending = { feed, tick, onStart };
  }

  /** `feed` is done with the pump: its tick stops (no-op when another feed has taken over). */
  release(feed: PumpFeed): void {
    if (this.owner !== feed) return;
    this.owner = null;
    this.tick = null;
    this.feed = null;
    this.pending = null;
  }

  /**
   * Stops `feed` now and drops everything queued in the source: listeners hear silence within about a
   * frame. Returns the pump position up to which audio reaches listeners (what was already sent plus
   * the frame in flight, which the source accepts after the clear), or null when `feed` is not the
   * pump's current feed.
   */
  cut(feed: PumpFeed): number | null {
    if (this.owner !== feed) return null;
    this.owner = null;
    this.tick = null;
    if (this.pending) {
      // Not started: nothing of it was handed over, and the queued silence can stay.
      this.pending = null;
      return this.handed;
    }
    const queued = this.queuedSamples;
    this.source.clearQueue();
    // rtc-node's estimate counts the in-flight frame as queued, but it is not dropped.
    this.handed -= Math.max(0, queued - this.inflight);
    this.estimateBias = this.inflight;
    this.feed = null;
    this.pending = null;
    return this.handed;
  }

  async close(): Promise<void> {
    this.running = false;
    this.feed = null;
    this.owner = null;
    this.pending = null;
    this.tick = null;
    await this.loop;
    await this.source.close().catch(() => undefined);
  }

  private startPending(p: PendingFeed): void {
    // Between frames nothing is in flight, so the estimate is exactly what the source drops.
    const queued = this.queuedSamples;
    if (queued > 0) {
      this.source.clearQueue();
      this.handed -= queued;
    }
    this.estimateBias = 0;
    this.pending = null;
    this.feed = p.feed;
    this.tick = p.tick;
    p.onStart(this.handed);
  }

  private async run(): Promise<void> {
    const n = this.opts.frameSamples;
    while (this.running) {
      if (this.pending) {
        try {
          this.startPending(this.pending);
        } catch (err) {
          this.opts.log.error({ err }, 'feed start failed');
        }
      }
      let data = this.feed?.next(n) ?? null;
      if (data === null) {
        this.feed = null;
        data = this.silence;
      }
      // Counted when handed over (like rtc-node's own queue estimate), so handed - queued is the
      // playout position even while this frame is in flight.
      this.handed += n;
      this.inflight = n;
      try {
        await this.source.captureFrame(new AudioFrame(data, this.opts.sampleRateHz, 1, n));
      } catch (err) {
        if (this.running) this.opts.log.error({ err }, 'audio source refused a frame; pump stopped');
        this.running = false;
        return;
      } finally {
        this.inflight = 0;
      }
      try {
        this.tick?.(this.handed, this.queuedSamples);
      } catch (err) {
        this.opts.log.error({ err }, 'pump tick failed');
      }
    }
  }
}
