import { EventEmitter } from 'node:events';
import type { SfuError } from './errors.ts';

/** What happened, for hosts and tests that want to observe the SFU without polling. */
export interface SfuRoomRef {
  name: string;
  sid: string;
}

export interface SfuParticipantRef {
  identity: string;
  sid: string;
}

/**
 * The SFU's events and their payloads (the callbacks-map style of livekit-client's
 * `RoomEventCallbacks`).
 */
export interface SfuEventCallbacks {
  /** A room came into existence (first join or CreateRoom). */
  roomStarted: (room: SfuRoomRef) => void;
  /** A room was closed (deleted, emptied past its timeout, or the SFU shut down). */
  roomFinished: (room: SfuRoomRef) => void;
  participantJoined: (room: SfuRoomRef, participant: SfuParticipantRef) => void;
  /** `reason` is LiveKit's DisconnectReason name, e.g. `CLIENT_INITIATED`. */
  participantLeft: (room: SfuRoomRef, participant: SfuParticipantRef, reason: string) => void;
  trackPublished: (room: SfuRoomRef, participant: SfuParticipantRef, trackSid: string) => void;
  trackUnpublished: (room: SfuRoomRef, participant: SfuParticipantRef, trackSid: string) => void;
  /** A connection was closed for breaking a limit or sending garbage; the SFU carries on. */
  connectionRejected: (info: { identity?: string; reason: string }) => void;
  /** Something failed inside the SFU. `recoverable` errors affected one connection at most. */
  error: (error: SfuError, context: { recoverable: boolean }) => void;
}

export type SfuEventName = keyof SfuEventCallbacks;

/** A typed EventEmitter: `on`/`off`/`emit` only accept the events above with their payloads. */
export class SfuEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Many tests and hosts may listen; a leak warning would be noise here.
    this.emitter.setMaxListeners(0);
  }

  on<E extends SfuEventName>(event: E, listener: SfuEventCallbacks[E]): this {
    this.emitter.on(event, listener);
    return this;
  }

  off<E extends SfuEventName>(event: E, listener: SfuEventCallbacks[E]): this {
    this.emitter.off(event, listener);
    return this;
  }

  once<E extends SfuEventName>(event: E, listener: SfuEventCallbacks[E]): this {
    this.emitter.once(event, listener);
    return this;
  }

  emit<E extends SfuEventName>(event: E, ...args: Parameters<SfuEventCallbacks[E]>): void {
    // A throwing listener must not break the SFU's own bookkeeping.
    try {
      this.emitter.emit(event, ...args);
    } catch {
      /* listeners' errors are theirs */
    }
  }

  listenerCount(event: SfuEventName): number {
    return this.emitter.listenerCount(event);
  }

  removeAllListeners(): void {
    this.emitter.removeAllListeners();
  }
}
