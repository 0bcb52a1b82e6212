import { randomBytes } from 'node:crypto';
import { DisconnectReason } from '@livekit/protocol';
import type { EmbeddedSfu, EmbeddedSfuOptions, SfuStats } from './api.ts';
import { AccessTokenVerifier } from './auth/verify.ts';
import { PING_TIMEOUT_S, type SfuContext } from './context.ts';
import { SfuEvents } from './events.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { RoomManager } from './room/room-manager.ts';
import { createSfuRoutes } from './routes.ts';
import { SignalUpgrader } from './signal/upgrade.ts';
import { TimerRegistry } from './timers.ts';

export type { EmbeddedSfu, EmbeddedSfuOptions, SfuStats } from './api.ts';
export type { SfuEventCallbacks, SfuEventName, SfuParticipantRef, SfuRoomRef } from './events.ts';
export { SfuEvents } from './events.ts';
export { SfuError, type SfuErrorCode } from './errors.ts';
export { DEFAULT_LIMITS, type SfuLimits } from './limits.ts';
export type { IceOptions } from './media/peer-config.ts';

const DEFAULT_EMPTY_ROOM_TIMEOUT_MS = 5 * 60 * 1000;
/** How often silent participants are looked for. */
const KEEPALIVE_SWEEP_MS = 5_000;

/**
 * Creates the embedded LiveKit-compatible SFU. It serves LiveKit's signal protocol (v1, one peer
 * connection) and RoomService (Twirp) so livekit-client, @livekit/rtc-node and
 * livekit-server-sdk work against it unchanged.
 *
 * @example
 * const sfu = createEmbeddedSfu({ apiKey, apiSecret, logger });
 * app.route('/', sfu.app);
 * server.on('upgrade', (req, socket, head) => sfu.handleUpgrade(req, socket, head) || socket.destroy());
 */
export function createEmbeddedSfu(opts: EmbeddedSfuOptions): EmbeddedSfu {
  if (!opts.apiKey || !opts.apiSecret)
    throw new Error('createEmbeddedSfu: apiKey and apiSecret are required');
  const log = opts.logger.child({ component: 'embedded-sfu' });
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const timers = new TimerRegistry();
  const events = new SfuEvents();
  const ctx: SfuContext = {
    log,
    limits,
    timers,
    events,
    rooms: new RoomManager({
      log,
      limits,
      timers,
      events,
      defaultEmptyTimeoutMs: opts.emptyRoomTimeoutMs ?? DEFAULT_EMPTY_ROOM_TIMEOUT_MS,
    }),
    verifier: new AccessTokenVerifier(opts.apiKey, opts.apiSecret),
    ice: opts.ice ?? {},
    nodeId: `ND_${randomBytes(6).toString('hex')}`,
    connections: new Set(),
    peers: new Set(),
  };
  const upgrader = new SignalUpgrader(ctx);
  let closed = false;

  // Clients ping every few seconds; one that stopped (a frozen tab, a dead network) is removed.
  timers.setInterval(() => {
    const deadline = Date.now() - PING_TIMEOUT_S * 1000;
    for (const room of ctx.rooms.list()) {
      for (const p of [...room.participants.values()]) {
        if (p.lastSeenMs < deadline) room.remove(p, DisconnectReason.CONNECTION_TIMEOUT);
      }
    }
  }, KEEPALIVE_SWEEP_MS);

  return {
    app: createSfuRoutes(ctx),
    events,
    handleUpgrade(req, socket, head) {
      if (closed) return false;
      return upgrader.handleUpgrade(req, socket, head);
    },
    stats(): SfuStats {
      const s: SfuStats = {
        rooms: ctx.rooms.size,
        participants: 0,
        signalConnections: ctx.connections.size,
        peerConnections: ctx.peers.size,
        publishedTracks: 0,
        subscriptions: 0,
        timers: timers.size,
      };
      for (const room of ctx.rooms.list()) {
        for (const p of room.participants.values()) {
          s.participants += 1;
          s.publishedTracks += p.published.size;
          s.subscriptions += p.subscriptions.size;
        }
      }
      return s;
    },
    async close() {
      if (closed) return;
      closed = true;
      ctx.rooms.closeAll();
      upgrader.close();
      for (const c of [...ctx.connections]) c.close(1001, 'server shutting down');
      await Promise.allSettled([...ctx.peers].map((peer) => peer.close()));
      timers.clearAll();
      log.info('sfu closed');
    },
  };
}
