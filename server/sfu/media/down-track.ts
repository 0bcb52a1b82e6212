import type { RtpSink } from './rtp-sink.ts';
import type { TrackForwarder } from './track-forwarder.ts';

/**
 * One subscription: a published track delivered to one subscriber. It is attached to a sink
 * once the subscriber's peer connection has an m-section for it.
 */
export class DownTrack {
  private sink: RtpSink | undefined;

  constructor(
    readonly trackSid: string,
    readonly publisherSid: string,
    private readonly forwarder: TrackForwarder,
  ) {}

  /** The msid stream id clients parse as `<participant sid>|<track sid>`. */
  get streamId(): string {
    return `${this.publisherSid}|${this.trackSid}`;
  }

  attach(sink: RtpSink): void {
    if (this.sink === sink) return;
    this.detach();
    this.sink = sink;
    sink.resync();
    this.forwarder.addSink(sink);
  }

  detach(): void {
    if (!this.sink) return;
    this.forwarder.removeSink(this.sink);
    this.sink = undefined;
  }
}
