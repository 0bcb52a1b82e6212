import {
  DisconnectReason,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type LocalParticipant,
  type RemoteAudioTrack,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from '@livekit/rtc-node';
import type { Logger } from 'pino';
import type { AudioPump } from './audio-pump.ts';
import { TwinParticipantError } from './errors.ts';
import { TWIN_TRACK_NAME } from './types.ts';

export const DEFAULT_RECONNECT_DELAYS_MS: readonly number[] = [250, 500, 1_000, 2_000, 5_000];

export interface ConnectionHooks {
  connected(): void;
  disconnected(): void;
  audioTrack(identity: string, track: RemoteAudioTrack, trackName: string): void;
  error(err: TwinParticipantError, recoverable: boolean): void;
  /** Attributes to re-apply after every (re)join (the token only carries the initial ones). */
  attributes(): Record<string, string>;
}

export interface ConnectionOptions {
  url: string;
  token: () => Promise<string>;
  reconnectDelaysMs: readonly number[];
  pump: AudioPump;
  log: Logger;
  hooks: ConnectionHooks;
}

/** The part of an rtc-node Room that 1.1 does not release after a server-side disconnect. */
interface RoomInternals {
  onFfiEvent?: (...args: unknown[]) => void;
}

/**
 * Keeps the twin in the room: joins with a fresh token, publishes the one voice track on the pump's
 * source, and after any disconnect it did not ask for, re-joins on its own with backoff until close().
 */
export class TwinConnection {
  private room: Room | null = null;
  private track: LocalAudioTrack | null = null;
  private trackSidValue: string | null = null;
  private identityValue = '';
  private closing = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private wakeRetry: (() => void) | null = null;
  private connecting: Promise<void> | null = null;

  constructor(private readonly opts: ConnectionOptions) {}

  get connected(): boolean {
    return this.room !== null && this.room.isConnected && this.trackSidValue !== null;
  }

  /** The local participant while connected, else null. */
  participant(): LocalParticipant | null {
    return this.connected ? (this.room?.localParticipant ?? null) : null;
  }

  trackSid(): string | null {
    return this.trackSidValue;
  }

  /** The identity LiveKit gave the twin (from the token); '' before the first join. */
  get identity(): string {
    return this.identityValue;
  }

  /** First join; throws 'connect_failed' (no automatic retry for the first one). */
  async start(): Promise<void> {
    this.connecting = this.join();
    try {
      await this.connecting;
    } catch (err) {
      throw new TwinParticipantError('connect_failed', 'the twin could not join the room', {
        retryable: true,
        cause: err,
      });
    } finally {
      this.connecting = null;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.wakeRetry?.();
    await this.connecting?.catch(() => undefined);
    const room = this.room;
    this.room = null;
    this.trackSidValue = null;
    if (room) {
      await room.disconnect().catch((err: unknown) => this.opts.log.warn({ err }, 'disconnect failed'));
      releaseRoom(room);
    }
    await this.closeTrack();
  }

  private async join(): Promise<void> {
    const { log, pump } = this.opts;
    const token = await this.opts.token();
    if (this.closing) return;
    const room = new Room();
    room.on(RoomEvent.Disconnected, (reason) => this.onDisconnected(room, reason));
    room.on(RoomEvent.Reconnected, () => this.onSdkReconnected(room));
    room.on(
      RoomEvent.TrackSubscribed,
      (track: RemoteTrack, pub: RemoteTrackPublication, p: RemoteParticipant) => {
        if (track.kind !== TrackKind.KIND_AUDIO) return;
        this.opts.hooks.audioTrack(p.identity, track as RemoteAudioTrack, pub.name ?? '');
      },
    );
    try {
      await room.connect(this.opts.url, token, { autoSubscribe: true, dynacast: false });
      if (this.closing) throw new TwinParticipantError('closed', 'closed while joining');
      const lp = room.localParticipant;
      if (!lp) throw new TwinParticipantError('livekit_failed', 'no local participant after connect');
      await this.closeTrack();
      this.track = LocalAudioTrack.createAudioTrack(TWIN_TRACK_NAME, pump.source);
      const pub = await lp.publishTrack(
        this.track,
        new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
      );
      pump.markTrackPublished();
      this.room = room;
      this.trackSidValue = pub.sid ?? null;
      this.identityValue = lp.identity;
      await lp.setAttributes(this.opts.hooks.attributes());
    } catch (err) {
      room.removeAllListeners();
      await room.disconnect().catch(() => undefined);
      releaseRoom(room);
      if (this.room === room) this.room = null;
      this.trackSidValue = null;
      throw err;
    }
    this.attempt = 0;
    log.info({ identity: room.localParticipant?.identity, trackSid: this.trackSidValue }, 'twin joined');
    this.opts.hooks.connected();
  }

  private onDisconnected(room: Room, reason: DisconnectReason): void {
    if (room !== this.room) return; // a room we already gave up on
    this.room = null;
    this.trackSidValue = null;
    // Let rtc-node finish its own cleanup of this event before we drop its handle.
    setImmediate(() => releaseRoom(room));
    if (this.closing || reason === DisconnectReason.CLIENT_INITIATED) return;
    this.opts.log.warn({ reason: DisconnectReason[reason] ?? reason }, 'twin disconnected; re-joining');
    this.opts.hooks.disconnected();
    void this.rejoin();
  }

  /** rtc-node's own resume / full reconnect: same Room, possibly a new publication. */
  private onSdkReconnected(room: Room): void {
    if (room !== this.room) return;
    const lp = room.localParticipant;
    for (const pub of lp?.trackPublications.values() ?? []) {
      if (pub.kind === TrackKind.KIND_AUDIO && pub.sid) this.trackSidValue = pub.sid;
    }
    this.opts.pump.markTrackPublished();
    lp?.setAttributes(this.opts.hooks.attributes()).catch((err: unknown) =>
      this.opts.log.warn({ err }, 'attributes not re-applied after reconnect'),
    );
    this.opts.log.info('twin reconnected by the SDK');
  }

  private async rejoin(): Promise<void> {
    const delays = this.opts.reconnectDelaysMs.length > 0 ? this.opts.reconnectDelaysMs : [1_000];
    while (!this.closing) {
      const delayMs = delays[Math.min(this.attempt, delays.length - 1)] ?? 1_000;
      this.attempt++;
      await new Promise<void>((resolve) => {
        this.wakeRetry = resolve;
        this.retryTimer = setTimeout(resolve, delayMs);
      });
      this.retryTimer = null;
      this.wakeRetry = null;
      if (this.closing) return;
      this.connecting = this.join();
      try {
        await this.connecting;
        return;
      } catch (err) {
        if (this.closing) return;
        this.opts.log.warn({ err, attempt: this.attempt }, 'twin re-join failed');
        this.opts.hooks.error(
          new TwinParticipantError('connect_failed', 're-join failed; retrying', {
            retryable: true,
            cause: err,
          }),
          true,
        );
      } finally {
        this.connecting = null;
      }
    }
  }

  private async closeTrack(): Promise<void> {
    const track = this.track;
    this.track = null;
    // The source belongs to the pump and outlives every track made from it.
    await track?.close(false).catch(() => undefined);
  }
}

/**
 * rtc-node 1.1 removes a Room's listener on the global FFI client only in disconnect(), which does
 * nothing once the server has disconnected the room (RemoveParticipant, room closed): each re-join would
 * leak one listener and keep the old Room (and its native handle) alive. Remove it explicitly; harmless
 * after disconnect(). The native handle is then dropped with the Room, as after a normal disconnect.
 */
function releaseRoom(room: Room): void {
  const internals = room as unknown as RoomInternals;
  const ffi = (globalThis as { _ffiClientInstance?: { off(e: string, cb: (...a: unknown[]) => void): void } })
    ._ffiClientInstance;
  if (internals.onFfiEvent) ffi?.off('ffi_event', internals.onFfiEvent);
  room.removeAllListeners();
}
