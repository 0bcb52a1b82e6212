import type { TrackInfo } from '@livekit/protocol';
import type { Logger } from 'pino';
import type { MediaStreamTrack } from 'werift';
import { TrackForwarder } from '../media/track-forwarder.ts';

/** A track a participant publishes: its LiveKit info and the forwarder that fans its RTP out. */
export class PublishedTrack {
  readonly forwarder: TrackForwarder;
  /** The client m-section carrying it. */
  mid: string | undefined;
  subscribedNotified = false;

  constructor(
    readonly info: TrackInfo,
    readonly cid: string,
    log: Logger,
  ) {
    this.forwarder = new TrackForwarder(info.sid, log);
  }

  get sid(): string {
    return this.info.sid;
  }

  bind(mid: string, track: MediaStreamTrack): void {
    this.mid = mid;
    this.info.mid = mid;
    this.forwarder.bind(track);
  }

  close(): void {
    this.forwarder.close();
  }
}
