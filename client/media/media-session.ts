import {
  ConnectionState,
  DisconnectReason,
  type Participant,
  type RemoteParticipant,
  type RemoteTrack,
  Room,
  RoomEvent,
  Track,
} from 'livekit-client';
import { TWIN_IDENTITY_PREFIX } from '../../common/roles.ts';
import { TIMELINE_TOPIC } from '../../common/timeline.ts';
import { Emitter, type MediaSessionEvents } from './events.ts';
import { participantInfo } from './participant-info.ts';
import { LivekitPoseTransport } from './livekit-pose-transport.ts';

export interface Credentials {
  url: string;
  token: string;
}

export interface MediaSessionOptions {
  initial: Credentials;
  /** Fetches fresh credentials (a new join) when the session was lost for good. */
  rejoin: (signal: AbortSignal) => Promise<Credentials>;
  micDeviceId: string | null;
  /** Backoff between rejoin attempts. */
  retryDelaysMs?: readonly number[];
}

/** Why a disconnect means "stop", not "rejoin". */
const FINAL_REASONS = new Set<DisconnectReason>([
  DisconnectReason.CLIENT_INITIATED,
  DisconnectReason.DUPLICATE_IDENTITY,
  DisconnectReason.PARTICIPANT_REMOVED,
  DisconnectReason.ROOM_DELETED,
]);

/**
 * The LiveKit side of being in the room: connects with the join token, reports participants,
 * voices, speakers, mic permission and connection state, carries poses (lossy data), and when
 * the connection is lost for good, rejoins with fresh credentials and backoff until closed.
 * LiveKit's own quick reconnects (Reconnecting → Reconnected) are reported as they happen.
 */
export class MediaSession {
  readonly events = new Emitter<MediaSessionEvents>();
  readonly poses = new LivekitPoseTransport();
  private room: Room | null = null;
  private closed = false;
  private readonly abort = new AbortController();
  private muted = true;
  private micBusy: Promise<void> = Promise.resolve();
  private readonly delays: readonly number[];
  /** Remote identities we have reported, so none is left behind when the room changes. */
  private readonly known = new Set<string>();
  /** Twin agent identities present (reported through the twin* events, not as crowd members). */
  private readonly twins = new Set<string>();

  constructor(private readonly options: MediaSessionOptions) {
    this.delays = options.retryDelaysMs ?? [1_000, 2_000, 4_000, 8_000, 15_000];
  }

  /** The connected LiveKit room, for features that listen to their own data topics (Q&A). */
  get currentRoom(): Room | null {
    return this.room;
  }

  get identity(): string | null {
    return this.room?.localParticipant.identity ?? null;
  }

  get phase(): string {
    return this.room?.state ?? 'disconnected';
  }

  get canPublish(): boolean {
    const p = this.room?.localParticipant.permissions;
    return Boolean(p?.canPublish);
  }

  get micMuted(): boolean {
    return this.muted;
  }

  /** Connects; on failure keeps retrying in the background (the promise resolves either way). */
  async start(): Promise<void> {
    this.events.emit('phase', 'connecting', 'Connecting…');
    try {
      await this.connect(this.options.initial);
    } catch (err) {
      if (this.closed) return;
      this.events.emit('error', 'Could not connect to the room’s audio. Retrying…', err);
      void this.rejoinLoop();
    }
  }

  /** Turns the microphone on or off. Rejects when publishing is not allowed. */
  setMicEnabled(enabled: boolean): Promise<void> {
    const run = async (): Promise<void> => {
      const room = this.room;
      if (!room || room.state !== ConnectionState.Connected) throw new Error('not connected');
      if (enabled && !this.canPublish) throw new Error('this session may not publish audio');
      await room.localParticipant.setMicrophoneEnabled(
        enabled,
        this.options.micDeviceId ? { deviceId: this.options.micDeviceId } : undefined,
      );
      this.muted = !enabled;
      this.events.emit('mic', this.canPublish, this.muted);
    };
    // Serialise toggles so a fast double click cannot interleave publish and unpublish.
    const next = this.micBusy.then(run, run);
    this.micBusy = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    this.poses.setRoom(null);
    const room = this.room;
    this.room = null;
    await room?.disconnect().catch(() => undefined);
    this.events.emit('phase', 'disconnected', 'You left the room.');
    this.events.clear();
  }

  private async connect(creds: Credentials): Promise<void> {
    const room = new Room({ adaptiveStream: false, dynacast: false, disconnectOnPageLeave: true });
    this.wire(room);
    await room.connect(creds.url, creds.token, { autoSubscribe: true });
    if (this.closed) {
      await room.disconnect();
      return;
    }
    this.room = room;
    this.muted = true;
    this.poses.setRoom(room);
    this.events.emit('identity', room.localParticipant.identity);
    this.reconcile(room);
    // Tracks of participants already present were subscribed during connect.
    for (const p of room.remoteParticipants.values()) {
      for (const pub of p.audioTrackPublications.values()) {
        if (pub.track) this.voiceAdded(p.identity, pub.track.mediaStreamTrack);
      }
    }
    this.events.emit('mic', this.canPublish, this.muted);
    this.events.emit('phase', 'connected', this.connectedText(room));
  }

  private wire(room: Room): void {
    const mine = () => this.room === room;
    room
      .on(RoomEvent.ParticipantConnected, (p) => {
        if (!mine()) return;
        this.upsert(p);
        this.events.emit('phase', 'connected', this.connectedText(room));
      })
      .on(RoomEvent.ParticipantDisconnected, (p) => {
        if (!mine()) return;
        this.left(p.identity);
        this.events.emit('phase', 'connected', this.connectedText(room));
      })
      .on(RoomEvent.ParticipantNameChanged, (_name, p) => {
        if (mine() && p !== room.localParticipant) this.upsert(p);
      })
      .on(RoomEvent.ParticipantAttributesChanged, (_changed, p) => {
        if (!mine()) return;
        if (p === room.localParticipant) this.events.emit('mic', this.canPublish, this.muted);
        else this.upsert(p);
      })
      .on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, p: RemoteParticipant) => {
        if (mine() && track.kind === Track.Kind.Audio) this.voiceAdded(p.identity, track.mediaStreamTrack);
      })
      .on(RoomEvent.TrackUnsubscribed, (track: RemoteTrack, _pub, p: RemoteParticipant) => {
        if (!mine() || track.kind !== Track.Kind.Audio) return;
        if (isTwin(p.identity)) this.events.emit('twinVoiceRemoved', p.identity);
        else this.events.emit('voiceRemoved', p.identity);
      })
      .on(RoomEvent.ActiveSpeakersChanged, (speakers: Participant[]) => {
        if (!mine()) return;
        const now = new Set(speakers.map((s) => s.identity));
        for (const p of room.remoteParticipants.values()) {
          this.events.emit('speaking', p.identity, now.has(p.identity) ? Math.max(0.05, p.audioLevel) : -1);
        }
      })
      .on(RoomEvent.ParticipantPermissionsChanged, (_prev, p) => {
        if (!mine() || p !== room.localParticipant) return;
        // Promoted to the stage (or demoted): the mic control follows at once.
        if (!this.canPublish) this.muted = true;
        this.events.emit('mic', this.canPublish, this.muted);
      })
      .on(RoomEvent.Reconnecting, () => {
        if (mine()) this.events.emit('phase', 'reconnecting', 'Reconnecting…');
      })
      .on(RoomEvent.Reconnected, () => {
        if (!mine()) return;
        // After a full reconnect the room may hold different people than before.
        this.reconcile(room);
        this.events.emit('phase', 'connected', this.connectedText(room));
      })
      .on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
        if (!mine() || this.closed) return;
        this.room = null;
        this.poses.setRoom(null);
        for (const identity of [...this.known, ...this.twins]) this.left(identity);
        if (reason !== undefined && FINAL_REASONS.has(reason)) {
          this.events.emit('phase', 'disconnected', finalText(reason));
          return;
        }
        this.events.emit('phase', 'reconnecting', 'Connection lost. Reconnecting…');
        void this.rejoinLoop();
      });
    room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
      if (!mine() || !participant) return;
      // The sender identity is LiveKit's (the SFU stamps it); the twin prefix is reserved for the agent.
      if (topic === TIMELINE_TOPIC) {
        if (isTwin(participant.identity)) this.events.emit('twinTimeline', participant.identity, payload);
        return;
      }
      this.poses.receive(participant.identity, payload, topic);
    });
  }

  private upsert(p: Participant): void {
    // The twin gets its own avatar on the stage, not a seat in the crowd.
    if (isTwin(p.identity)) {
      this.twins.add(p.identity);
      this.events.emit('twinUpserted', {
        identity: p.identity,
        name: p.name ?? '',
        attributes: { ...p.attributes },
      });
      return;
    }
    this.known.add(p.identity);
    this.events.emit('participantUpserted', participantInfo(p));
  }

  private left(identity: string): void {
    if (this.twins.delete(identity)) {
      this.events.emit('twinVoiceRemoved', identity);
      this.events.emit('twinLeft', identity);
      return;
    }
    if (!this.known.delete(identity)) return;
    this.events.emit('participantLeft', identity);
  }

  /** Reports everyone now in `room` and drops anyone reported earlier who is not. */
  private reconcile(room: Room): void {
    const present = new Set<string>();
    for (const p of room.remoteParticipants.values()) present.add(p.identity);
    for (const identity of [...this.known, ...this.twins]) if (!present.has(identity)) this.left(identity);
    for (const p of room.remoteParticipants.values()) this.upsert(p);
  }

  private voiceAdded(identity: string, track: MediaStreamTrack): void {
    if (isTwin(identity)) this.events.emit('twinVoiceAdded', identity, track);
    else this.events.emit('voiceAdded', identity, track);
  }

  private connectedText(room: Room): string {
    const n = room.remoteParticipants.size + 1;
    return n === 1 ? 'Connected · you are the first one here' : `Connected · ${n} people here`;
  }

  /** Rejoins with fresh credentials until it works or the session is closed. */
  private async rejoinLoop(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      const delay = this.delays[Math.min(attempt, this.delays.length - 1)] ?? 5_000;
      this.events.emit(
        'phase',
        'reconnecting',
        `Connection lost. Reconnecting in ${Math.round(delay / 1000)} s…`,
      );
      await sleep(delay, this.abort.signal);
      if (this.closed) return;
      this.events.emit('phase', 'reconnecting', 'Reconnecting…');
      try {
        const creds = await this.options.rejoin(this.abort.signal);
        await this.connect(creds);
        return;
      } catch (err) {
        if (this.closed) return;
        this.events.emit('error', 'Reconnecting failed; trying again.', err);
      }
    }
  }
}

function isTwin(identity: string): boolean {
  return identity.startsWith(TWIN_IDENTITY_PREFIX);
}

function finalText(reason: DisconnectReason): string {
  switch (reason) {
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'You joined from another tab or device, so this one was disconnected.';
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'A host removed you from the room.';
    case DisconnectReason.ROOM_DELETED:
      return 'The room was closed.';
    default:
      return 'Disconnected.';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
