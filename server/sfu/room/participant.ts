import {
  DisconnectReason,
  ParticipantInfo,
  ParticipantInfo_State,
  type ParticipantInfo_Kind,
  type ParticipantPermission,
  type SignalResponse,
  type TrackInfo,
} from '@livekit/protocol';
import type { Logger } from 'pino';
import { newSid } from '../ids.ts';
import { TokenBucket, type SfuLimits } from '../limits.ts';
import type { DownTrack } from '../media/down-track.ts';
import type { PeerSession } from '../media/peer-session.ts';
import type { PublishedTrack } from './published-track.ts';

export type ResponseMessage = NonNullable<SignalResponse['message']>;

/** Where a participant's signal messages go: its WebSocket. */
export interface SignalSink {
  send(message: ResponseMessage): void;
  close(code: number, reason: string): void;
}

export interface ParticipantInit {
  identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  kind: ParticipantInfo_Kind;
  permission: ParticipantPermission;
  autoSubscribe: boolean;
  clientProtocol: number;
}

/** One connected participant's state. The Room changes it; the participant only reports it. */
export class Participant {
  readonly sid = newSid('PA');
  readonly identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  readonly kind: ParticipantInfo_Kind;
  permission: ParticipantPermission;
  state = ParticipantInfo_State.JOINED;
  disconnectReason = DisconnectReason.UNKNOWN_REASON;
  readonly joinedAtMs = Date.now();
  readonly autoSubscribe: boolean;
  readonly clientProtocol: number;
  private version = 1;

  /** Tracks announced with AddTrackRequest, keyed by the client's `cid`, not yet in an offer. */
  readonly pendingTracks = new Map<string, TrackInfo>();
  /** Published tracks by track sid. */
  readonly published = new Map<string, PublishedTrack>();
  /** What this participant receives, by track sid. */
  readonly subscriptions = new Map<string, DownTrack>();
  /** Track sids the client opted out of (auto-subscribe) or into (manual subscribe). */
  readonly subscriptionOverrides = new Map<string, boolean>();

  /** Per-sender sequence stamped on relayed reliable data (receivers de-duplicate on it). */
  reliableSequence = 0;
  malformedDataPackets = 0;
  /** Data packets dropped by the rate limiter in the current one-second window. */
  droppedDataPackets = 0;
  dataDropWindowStartMs = 0;
  readonly dataLimiter: TokenBucket;
  lastSeenMs = Date.now();

  peer: PeerSession | undefined;
  signal: SignalSink | undefined;

  constructor(
    init: ParticipantInit,
    limits: SfuLimits,
    readonly log: Logger,
  ) {
    this.identity = init.identity;
    this.name = init.name;
    this.metadata = init.metadata;
    this.attributes = init.attributes;
    this.kind = init.kind;
    this.permission = init.permission;
    this.autoSubscribe = init.autoSubscribe;
    this.clientProtocol = init.clientProtocol;
    this.dataLimiter = new TokenBucket(limits.dataRatePerSec, limits.dataBurst);
  }

  get hidden(): boolean {
    return this.permission.hidden;
  }

  get connected(): boolean {
    return this.state !== ParticipantInfo_State.DISCONNECTED;
  }

  /** Marks a change others must see; clients drop updates whose version is not newer. */
  bumpVersion(): void {
    this.version += 1;
  }

  /** Whether this participant wants `trackSid` (auto-subscribe unless overridden). */
  wantsTrack(trackSid: string): boolean {
    if (!this.permission.canSubscribe) return false;
    return this.subscriptionOverrides.get(trackSid) ?? this.autoSubscribe;
  }

  send(message: ResponseMessage): void {
    this.signal?.send(message);
  }

  toInfo(): ParticipantInfo {
    const tracks: TrackInfo[] = [];
    for (const t of this.published.values()) tracks.push(t.info);
    return new ParticipantInfo({
      sid: this.sid,
      identity: this.identity,
      name: this.name,
      metadata: this.metadata,
      attributes: { ...this.attributes },
      state: this.state,
      tracks,
      joinedAt: BigInt(Math.floor(this.joinedAtMs / 1000)),
      joinedAtMs: BigInt(this.joinedAtMs),
      version: this.version,
      permission: this.permission,
      isPublisher: tracks.length > 0,
      kind: this.kind,
      disconnectReason: this.disconnectReason,
      clientProtocol: this.clientProtocol,
    });
  }
}
