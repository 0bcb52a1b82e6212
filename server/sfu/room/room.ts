import {
  DisconnectReason,
  LeaveRequest,
  LeaveRequest_Action,
  ParticipantInfo_State,
  ParticipantUpdate,
  Room as RoomInfo,
  RoomUpdate,
} from '@livekit/protocol';
import type { Logger } from 'pino';
import type { SfuEvents, SfuParticipantRef, SfuRoomRef } from '../events.ts';
import { newSid } from '../ids.ts';
import { POLICY_DISCONNECT_REASON, type SfuLimits } from '../limits.ts';
import type { TimerRegistry } from '../timers.ts';
import type { Participant, ResponseMessage } from './participant.ts';
import { SpeakerDetector } from './speakers.ts';
import { removeAllSubscriptionsOf, unpublishTrack } from './publishing.ts';

export interface RoomContext {
  log: Logger;
  limits: SfuLimits;
  timers: TimerRegistry;
  events: SfuEvents;
  /** How long a room with nobody in it lives when the room itself sets no timeout. */
  defaultEmptyTimeoutMs: number;
  /** Called once the room has closed, so its owner can forget it. */
  onClosed(room: Room): void;
}

export interface RoomSettings {
  /** Seconds a room that nobody joined stays open; 0 = the SFU default. */
  emptyTimeoutS?: number;
  /** Seconds a room stays open after the last participant left; 0 = the SFU default. */
  departureTimeoutS?: number;
  /** 0 = unlimited. */
  maxParticipants?: number;
  metadata?: string;
}

/** One room: its participants, what they publish, and the room's own lifetime. */
export class Room {
  readonly sid = newSid('RM');
  readonly createdAtMs = Date.now();
  readonly participants = new Map<string, Participant>();
  metadata: string;
  emptyTimeoutS: number;
  departureTimeoutS: number;
  maxParticipants: number;
  closed = false;
  readonly log: Logger;
  private emptyTimer: NodeJS.Timeout | undefined;
  private readonly speakers: SpeakerDetector;

  constructor(
    readonly name: string,
    settings: RoomSettings,
    readonly ctx: RoomContext,
  ) {
    this.metadata = settings.metadata ?? '';
    this.emptyTimeoutS = settings.emptyTimeoutS ?? 0;
    this.departureTimeoutS = settings.departureTimeoutS ?? 0;
    this.maxParticipants = settings.maxParticipants ?? 0;
    this.log = ctx.log.child({ room: name, roomSid: this.sid });
    this.speakers = new SpeakerDetector(this, ctx.timers);
    this.armEmptyTimer(this.emptyTimeoutS);
  }

  get ref(): SfuRoomRef {
    return { name: this.name, sid: this.sid };
  }

  toInfo(): RoomInfo {
    let numPublishers = 0;
    for (const p of this.participants.values()) if (p.published.size > 0) numPublishers += 1;
    return new RoomInfo({
      sid: this.sid,
      name: this.name,
      metadata: this.metadata,
      emptyTimeout: this.emptyTimeoutS,
      departureTimeout: this.departureTimeoutS,
      maxParticipants: this.maxParticipants,
      creationTime: BigInt(Math.floor(this.createdAtMs / 1000)),
      creationTimeMs: BigInt(this.createdAtMs),
      numParticipants: this.participants.size,
      numPublishers,
    });
  }

  /** Participants `viewer` may see: everyone but itself and hidden participants. */
  visibleTo(viewer: Participant | undefined): Participant[] {
    const out: Participant[] = [];
    for (const p of this.participants.values()) if (p !== viewer && !p.hidden) out.push(p);
    return out;
  }

  /** Whether one more participant (not replacing `identity`) fits. */
  hasRoomFor(identity: string): boolean {
    if (this.maxParticipants <= 0) return true;
    const others = this.participants.has(identity) ? this.participants.size - 1 : this.participants.size;
    return others < this.maxParticipants;
  }

  /** Adds a participant. An existing one with the same identity is removed first. */
  add(p: Participant): void {
    const existing = this.participants.get(p.identity);
    if (existing) this.remove(existing, DisconnectReason.DUPLICATE_IDENTITY);
    this.ctx.timers.clear(this.emptyTimer);
    this.emptyTimer = undefined;
    this.participants.set(p.identity, p);
    this.ctx.events.emit('participantJoined', this.ref, participantRef(p));
  }

  /**
   * Removes a participant: tells it why (unless it left by itself), unpublishes its tracks, drops
   * its subscriptions, closes its connections and tells everyone else.
   */
  remove(p: Participant, reason: DisconnectReason): void {
    if (this.participants.get(p.identity) !== p || !p.connected) return;
    this.participants.delete(p.identity);
    p.state = ParticipantInfo_State.DISCONNECTED;
    p.disconnectReason = reason;
    if (reason !== DisconnectReason.CLIENT_INITIATED) {
      p.send({
        case: 'leave',
        value: new LeaveRequest({ canReconnect: false, reason, action: LeaveRequest_Action.DISCONNECT }),
      });
    }
    for (const track of [...p.published.values()]) unpublishTrack(this, p, track, false);
    removeAllSubscriptionsOf(p);
    p.signal?.close(1000, DisconnectReason[reason] ?? 'left');
    p.signal = undefined;
    const peer = p.peer;
    p.peer = undefined;
    peer?.close().catch((err: unknown) => this.log.debug({ err }, 'peer close failed'));
    p.bumpVersion();
    if (!p.hidden) this.broadcastUpdate(p.toInfo(), undefined);
    this.speakers.forget(p);
    this.ctx.events.emit(
      'participantLeft',
      this.ref,
      participantRef(p),
      DisconnectReason[reason] ?? 'UNKNOWN',
    );
    this.log.info({ participant: p.identity, reason: DisconnectReason[reason] }, 'participant left');
    if (this.participants.size === 0) this.armEmptyTimer(this.departureTimeoutS);
  }

  /**
   * Disconnects a participant for breaking the rules (floods, malformed input): reported as
   * `connectionRejected` and logged, so every abuse path is observable the same way.
   */
  expel(p: Participant, reason: string): void {
    this.ctx.events.emit('connectionRejected', { identity: p.identity, reason });
    this.log.warn({ participant: p.identity, reason }, 'participant expelled');
    this.remove(p, POLICY_DISCONNECT_REASON);
  }

  /** Sends `p`'s current info to everyone who can see it, and to `p` itself. */
  broadcastParticipant(p: Participant): void {
    p.bumpVersion();
    const info = p.toInfo();
    p.send({ case: 'update', value: new ParticipantUpdate({ participants: [info] }) });
    if (!p.hidden) this.broadcastUpdate(info, p);
  }

  private broadcastUpdate(info: ReturnType<Participant['toInfo']>, except: Participant | undefined): void {
    const update = new ParticipantUpdate({ participants: [info] });
    this.broadcast({ case: 'update', value: update }, except);
  }

  broadcast(message: ResponseMessage, except?: Participant): void {
    for (const p of this.participants.values()) if (p !== except) p.send(message);
  }

  updateMetadata(metadata: string): void {
    this.metadata = metadata;
    this.broadcast({ case: 'roomUpdate', value: new RoomUpdate({ room: this.toInfo() }) });
  }

  /** Starts the speaker loop when the first audio track appears. */
  noteAudioPublished(): void {
    this.speakers.start();
  }

  private armEmptyTimer(timeoutS: number): void {
    if (this.closed) return;
    this.ctx.timers.clear(this.emptyTimer);
    const ms = timeoutS > 0 ? timeoutS * 1000 : this.ctx.defaultEmptyTimeoutMs;
    this.emptyTimer = this.ctx.timers.setTimeout(() => {
      this.emptyTimer = undefined;
      if (this.participants.size === 0) this.close(DisconnectReason.ROOM_CLOSED);
    }, ms);
  }

  /** Disconnects everyone and releases every timer. Idempotent. */
  close(reason: DisconnectReason): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of [...this.participants.values()]) this.remove(p, reason);
    this.ctx.timers.clear(this.emptyTimer);
    this.emptyTimer = undefined;
    this.speakers.stop();
    this.ctx.events.emit('roomFinished', this.ref);
    this.log.info({ reason: DisconnectReason[reason] }, 'room closed');
    this.ctx.onClosed(this);
  }
}

export function participantRef(p: Participant): SfuParticipantRef {
  return { identity: p.identity, sid: p.sid };
}
