import type { Logger } from 'pino';
import type { AccessTokenVerifier } from './auth/verify.ts';
import type { SfuEvents } from './events.ts';
import type { SfuLimits } from './limits.ts';
import type { IceOptions } from './media/peer-config.ts';
import type { RoomManager } from './room/room-manager.ts';
import type { TimerRegistry } from './timers.ts';

/** The LiveKit server version the embedded SFU reports (clients gate features like RPC on it). */
export const EMULATED_SERVER_VERSION = '1.9.0';
/** Signal protocol version reported in ServerInfo. */
export const SERVER_PROTOCOL = 16;
/** Seconds; sent in JoinResponse. Clients ping every interval and give up after the timeout. */
export const PING_INTERVAL_S = 5;
export const PING_TIMEOUT_S = 15;

/** What every part of the SFU shares; built once by `createEmbeddedSfu`. */
export interface SfuContext {
  log: Logger;
  limits: SfuLimits;
  timers: TimerRegistry;
  events: SfuEvents;
  rooms: RoomManager;
  verifier: AccessTokenVerifier;
  ice: IceOptions;
  nodeId: string;
  /** Open signal connections, for stats and shutdown. */
  connections: Set<{ close(code: number, reason: string): void }>;
  /** Peer connections not yet fully closed. */
  peers: Set<{ close(): Promise<void> }>;
}
