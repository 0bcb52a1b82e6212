import {
  DataPacket_Kind,
  RoomServiceClient,
  ServerError,
  TrackSource,
  TrackType,
  type ParticipantInfo,
  type TrackInfo,
} from 'livekit-server-sdk';
import { QA_TOPIC } from '../../common/qa.ts';
import { QaError } from './errors.ts';

/** Sends Q&A events into a LiveKit room. The realtime publisher's only dependency on LiveKit. */
export interface QaAnnouncer {
  /**
   * One reliable packet on `QA_TOPIC`, to everyone in the room (`to` null) or only the listed
   * identities. Rejects when LiveKit cannot be reached or does not know the room.
   */
  announce(roomId: string, payload: Uint8Array, to: readonly string[] | null): Promise<void>;
}

export interface MediaTrack {
  sid: string;
  muted: boolean;
  audio: boolean;
}

/** The RoomService operations the stage and host controls need. */
export interface StageMedia {
  /** Lets a participant publish their microphone (on stage), or makes them listen-only again. */
  setSpeaker(roomId: string, identity: string, onStage: boolean): Promise<void>;
  tracks(roomId: string, identity: string): Promise<MediaTrack[]>;
  participants(roomId: string): Promise<Array<{ identity: string; tracks: MediaTrack[] }>>;
  mute(roomId: string, identity: string, trackSid: string): Promise<void>;
  remove(roomId: string, identity: string): Promise<void>;
  /** Disconnects everyone; a room LiveKit does not know is already closed. */
  closeRoom(roomId: string): Promise<void>;
}

export interface LivekitTarget {
  /** http(s) or ws(s) URL of LiveKit (or of this server for the embedded SFU). */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Per request (default 3 s). */
  timeoutMs?: number;
}

function isNotFound(err: unknown): boolean {
  return err instanceof ServerError && (err.status === 404 || err.code === 'not_found');
}

function toTrack(t: TrackInfo): MediaTrack {
  return {
    sid: t.sid,
    muted: t.muted,
    audio: t.type === TrackType.AUDIO || t.source === TrackSource.MICROPHONE,
  };
}

/**
 * LiveKit's RoomService through livekit-server-sdk (Twirp): the same code for the embedded SFU, a
 * LiveKit cluster or LiveKit Cloud. Failures become QaError `participant_not_found` (404 from
 * LiveKit) or `media_unavailable` (anything else: unreachable, timed out, refused).
 */
export class LivekitQaMedia implements QaAnnouncer, StageMedia {
  readonly #client: RoomServiceClient;

  constructor(target: LivekitTarget) {
    this.#client = new RoomServiceClient(
      target.url.replace(/^ws(s?):/i, 'http$1:'),
      target.apiKey,
      target.apiSecret,
      {
        requestTimeout: Math.max(1, Math.ceil((target.timeoutMs ?? 3_000) / 1000)),
        failover: false,
      },
    );
  }

  async announce(roomId: string, payload: Uint8Array, to: readonly string[] | null): Promise<void> {
    // An empty destination list means "everyone" to LiveKit: never send one by accident.
    if (to !== null && to.length === 0) return;
    await this.#client.sendData(roomId, payload, DataPacket_Kind.RELIABLE, {
      topic: QA_TOPIC,
      ...(to ? { destinationIdentities: [...to] } : {}),
    });
  }

  async setSpeaker(roomId: string, identity: string, onStage: boolean): Promise<void> {
    await this.#call(() =>
      this.#client.updateParticipant(roomId, identity, {
        // LiveKit replaces the whole permission: state every field.
        permission: {
          canSubscribe: true,
          canPublishData: true,
          canPublish: onStage,
          canPublishSources: onStage ? [TrackSource.MICROPHONE] : [],
        },
      }),
    );
  }

  async tracks(roomId: string, identity: string): Promise<MediaTrack[]> {
    const p = await this.#call(() => this.#client.getParticipant(roomId, identity));
    return p.tracks.map(toTrack);
  }

  async participants(roomId: string): Promise<Array<{ identity: string; tracks: MediaTrack[] }>> {
    let list: ParticipantInfo[];
    try {
      list = await this.#client.listParticipants(roomId);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw unavailable(err);
    }
    return list.map((p) => ({ identity: p.identity, tracks: p.tracks.map(toTrack) }));
  }

  async mute(roomId: string, identity: string, trackSid: string): Promise<void> {
    await this.#call(() => this.#client.mutePublishedTrack(roomId, identity, trackSid, true));
  }

  async remove(roomId: string, identity: string): Promise<void> {
    await this.#call(() => this.#client.removeParticipant(roomId, identity));
  }

  async closeRoom(roomId: string): Promise<void> {
    try {
      await this.#client.deleteRoom(roomId);
    } catch (err) {
      if (!isNotFound(err)) throw unavailable(err);
    }
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isNotFound(err)) {
        throw new QaError('participant_not_found', 'That person is not connected to the room right now', {
          cause: err,
        });
      }
      throw unavailable(err);
    }
  }
}

function unavailable(err: unknown): QaError {
  return new QaError('media_unavailable', 'The media server did not answer; try again shortly.', {
    cause: err,
    retryAfterMs: 5_000,
  });
}

/** True when an announce failed only because LiveKit has no such room (nobody has connected yet). */
export function isRoomMissing(err: unknown): boolean {
  return isNotFound(err);
}
