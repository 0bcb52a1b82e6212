import type { Logger } from 'pino';
import type { MediaStreamTrack, RtpPacket } from 'werift';
import { AudioLevelMeter } from './audio-level.ts';
import type { RtpSink } from './rtp-sink.ts';

/**
 * Fans out the RTP of one published track to every subscriber's sink, which rewrites it for its
 * m-section and encrypts it with that peer's SRTP keys.
 */
export class TrackForwarder {
  readonly meter = new AudioLevelMeter();
  private readonly sinks = new Set<RtpSink>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly trackSid: string,
    private readonly log: Logger,
  ) {}

  /** Starts reading RTP from the publisher's receiving track. */
  bind(track: MediaStreamTrack): void {
    this.unbind();
    const sub = track.onReceiveRtp.subscribe((packet, extensions) => this.forward(packet, extensions));
    this.unsubscribe = sub.unSubscribe;
  }

  private forward(packet: RtpPacket, extensions: Record<string, unknown> | undefined): void {
    this.meter.observe(packet, extensions);
    // Sinks build their own headers and never modify `packet`, so one parsed packet serves all.
    for (const sink of this.sinks) {
      try {
        sink.write(packet);
      } catch (err) {
        this.log.debug({ err, trackSid: this.trackSid }, 'rtp forward failed');
      }
    }
  }

  addSink(sink: RtpSink): void {
    this.sinks.add(sink);
  }

  removeSink(sink: RtpSink): void {
    this.sinks.delete(sink);
  }

  unbind(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  close(): void {
    this.unbind();
    this.sinks.clear();
  }
}
