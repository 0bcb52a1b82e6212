import { RoomServiceClient, ServerError } from 'livekit-server-sdk';
import type { Logger } from 'pino';
import { TWIN_IDENTITY_PREFIX } from '../../common/roles.ts';
import type { LivekitKeys } from './tokens.ts';
import { toHttpUrl } from './urls.ts';

/** How many people are in a LiveKit room right now; null when LiveKit cannot be asked. */
export interface ParticipantCounter {
  count(roomId: string): Promise<number | null>;
}

export interface RoomServiceOptions extends LivekitKeys {
  /** ws(s) or http(s) URL of LiveKit (or of this server, for the embedded SFU). */
  url: string;
  /** Per request; LiveKit is on the join path, so keep it short. */
  timeoutMs?: number;
}

/** LiveKit's RoomService client for a deployment (the server SDK speaks Twirp over http(s)). */
export function createRoomServiceClient(opts: RoomServiceOptions): RoomServiceClient {
  return new RoomServiceClient(toHttpUrl(opts.url), opts.apiKey, opts.apiSecret, {
    requestTimeout: Math.max(1, Math.ceil((opts.timeoutMs ?? 3_000) / 1000)),
    failover: false,
  });
}

/**
 * Counts people (not the twin agent) through RoomService.ListParticipants. A room LiveKit does not
 * know yet is empty. Any other failure is logged and reported as unknown (null), so a LiveKit
 * hiccup does not lock everyone out; the caller decides what unknown means.
 */
export function createParticipantCounter(opts: RoomServiceOptions, log: Logger): ParticipantCounter {
  const client = createRoomServiceClient(opts);
  return {
    async count(roomId) {
      try {
        const participants = await client.listParticipants(roomId);
        return participants.filter((p) => !p.identity.startsWith(TWIN_IDENTITY_PREFIX)).length;
      } catch (err) {
        if (err instanceof ServerError && (err.status === 404 || err.code === 'not_found')) return 0;
        log.warn({ err, roomId }, 'cannot count participants');
        return null;
      }
    },
  };
}
