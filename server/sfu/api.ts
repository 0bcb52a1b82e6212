import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { SfuEvents } from './events.ts';
import type { SfuLimits } from './limits.ts';
import type { IceOptions } from './media/peer-config.ts';

/** What the app server needs to host the embedded LiveKit-compatible SFU on its own port. */
export interface EmbeddedSfuOptions {
  /** The same key/secret pair the app server signs LiveKit tokens with. */
  apiKey: string;
  apiSecret: string;
  logger: Logger;
  /** A room with nobody in it is closed after this long (LiveKit's default is 5 minutes). */
  emptyRoomTimeoutMs?: number;
  /** Overrides for the per-connection caps (message sizes, rates); see `DEFAULT_LIMITS`. */
  limits?: Partial<SfuLimits>;
  /** ICE network settings (port range, extra host addresses). */
  ice?: IceOptions;
}

/** Live counters, for health pages and for tests proving that nothing leaks. */
export interface SfuStats {
  rooms: number;
  participants: number;
  /** Open signal WebSockets. */
  signalConnections: number;
  /** Peer connections not yet closed. */
  peerConnections: number;
  publishedTracks: number;
  subscriptions: number;
  /** Timers the SFU started that are still pending (the keepalive sweep counts as one). */
  timers: number;
}

export interface EmbeddedSfu {
  /**
   * HTTP routes: `GET /rtc/validate`, `GET /rtc/v1/validate` and
   * `POST /twirp/livekit.RoomService/<Method>`. The app server mounts them with `app.route('/', sfu.app)`.
   */
  readonly app: Hono;
  /**
   * Handles an HTTP upgrade request. Returns false, without touching the socket, when the path is
   * not one of the SFU's (`/rtc`, `/rtc/v1`), so the caller can handle or reject it.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Typed events (participant joined/left, track published, errors, …). */
  readonly events: SfuEvents;
  stats(): SfuStats;
  /** Disconnects everyone, closes every peer connection and timer. */
  close(): Promise<void>;
}
