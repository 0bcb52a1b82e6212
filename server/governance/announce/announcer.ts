import { DataPacket_Kind, RoomServiceClient, ServerError } from 'livekit-server-sdk';
import type { Logger } from 'pino';
import { toHttpUrl } from '../../livekit/index.ts';

/** Where governance sends its room packets: LiveKit's RoomService, or nowhere (tests, no media). */
export interface RoomAnnouncer {
  /**
   * One reliable packet on `topic` to everyone in the room, or only to `to` identities. Resolves
   * true when LiveKit took it, false when there was nobody to send it to or no media; never rejects.
   */
  send(roomId: string, topic: string, payload: object, to?: readonly string[]): Promise<boolean>;
}

export interface LivekitTarget {
  url: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs?: number;
}

/**
 * Sends through RoomServiceClient.sendData (server-originated packets carry no participant
 * identity, which is how clients know to trust them). Until `connect` is called, or with
 * PODIUM_MEDIA=none, packets are dropped with one warning.
 */
export class LivekitAnnouncer implements RoomAnnouncer {
  readonly #log: Logger;
  #client: RoomServiceClient | null = null;
  #warned = false;

  constructor(log: Logger) {
    this.#log = log.child({ module: 'governance.announce' });
  }

  connect(target: LivekitTarget | null): void {
    this.#client = target
      ? new RoomServiceClient(toHttpUrl(target.url), target.apiKey, target.apiSecret, {
          requestTimeout: Math.max(1, Math.ceil((target.timeoutMs ?? 3_000) / 1000)),
          failover: false,
        })
      : null;
  }

  async send(roomId: string, topic: string, payload: object, to?: readonly string[]): Promise<boolean> {
    // An empty destination list means "everyone" to LiveKit: never send a private packet that way.
    if (to !== undefined && to.length === 0) return false;
    if (!this.#client) {
      if (!this.#warned) {
        this.#warned = true;
        this.#log.warn({ roomId, topic }, 'media unavailable; governance changes are not announced in rooms');
      } else {
        this.#log.debug({ roomId, topic }, 'media unavailable; packet dropped');
      }
      return false;
    }
    try {
      await this.#client.sendData(
        roomId,
        new TextEncoder().encode(JSON.stringify(payload)),
        DataPacket_Kind.RELIABLE,
        {
          topic,
          ...(to ? { destinationIdentities: [...to] } : {}),
        },
      );
      return true;
    } catch (err) {
      if (err instanceof ServerError && (err.status === 404 || err.code === 'not_found')) {
        this.#log.debug({ roomId, topic }, 'room not active; packet not needed');
        return false;
      }
      this.#log.warn({ err, roomId, topic }, 'cannot announce to the room');
      return false;
    }
  }
}
