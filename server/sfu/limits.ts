import { DisconnectReason } from '@livekit/protocol';

/**
 * Caps that keep one misbehaving client from hurting anyone else. Every limit closes or drops
 * only the offending connection's traffic.
 */
export interface SfuLimits {
  /** Largest signal (WebSocket) message; SDP offers with many m-sections stay well below this. */
  maxSignalMessageBytes: number;
  /** Largest data-channel packet relayed. */
  maxDataPacketBytes: number;
  /** Largest `join_request` query parameter (base64url, before decompression). */
  maxJoinRequestBytes: number;
  /** Largest decompressed JoinRequest. */
  maxJoinRequestDecodedBytes: number;
  /** Signal messages per second a client may send, with a burst allowance. */
  signalRatePerSec: number;
  signalBurst: number;
  /** Data packets per second a participant may send, with a burst allowance. */
  dataRatePerSec: number;
  dataBurst: number;
  /** Malformed data packets tolerated before the participant is disconnected. */
  maxMalformedDataPackets: number;
  /** Participant metadata / room metadata size. */
  maxMetadataBytes: number;
  /** Attribute count and total size per participant. */
  maxAttributes: number;
  maxAttributesBytes: number;
  /** Tracks one participant may publish at a time. */
  maxTracksPerParticipant: number;
  /** Body size of a RoomService request. */
  maxTwirpBodyBytes: number;
  /** Reliable data queued towards one receiver before further packets to it are dropped. */
  maxBufferedDataBytes: number;
}

export const DEFAULT_LIMITS: Readonly<SfuLimits> = {
  maxSignalMessageBytes: 256 * 1024,
  maxDataPacketBytes: 64 * 1024,
  maxJoinRequestBytes: 64 * 1024,
  maxJoinRequestDecodedBytes: 256 * 1024,
  signalRatePerSec: 50,
  signalBurst: 200,
  dataRatePerSec: 400,
  dataBurst: 800,
  maxMalformedDataPackets: 20,
  maxMetadataBytes: 64 * 1024,
  maxAttributes: 64,
  maxAttributesBytes: 64 * 1024,
  maxTracksPerParticipant: 8,
  maxTwirpBodyBytes: 1024 * 1024,
  maxBufferedDataBytes: 4 * 1024 * 1024,
};

/**
 * Token bucket without timers: refills lazily from the clock on each `take`, so an idle
 * connection costs nothing.
 */
export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.lastMs = now();
  }

  /** Takes `n` tokens; false when the bucket is empty (the caller should reject the message). */
  take(n = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.lastMs) / 1000) * this.ratePerSec);
    this.lastMs = t;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}

/**
 * The reason given to a client disconnected for abuse (garbage, floods). LiveKit has no
 * dedicated reason; STATE_MISMATCH is the closest ("the client broke the protocol").
 */
export const POLICY_DISCONNECT_REASON = DisconnectReason.STATE_MISMATCH;
