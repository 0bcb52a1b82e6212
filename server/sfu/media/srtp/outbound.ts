import type { Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { RTCDtlsTransport } from 'werift';
import { createSrtpSealer, type SrtpSealer } from './sealer.ts';
import { useSyncLookup } from './sync-lookup.ts';

/**
 * werift state this path reads that its typings keep private or untyped. Every piece is checked
 * at run time; when one is missing (another werift version) the caller falls back to werift's
 * own `sendRtp`, which is slower but equivalent.
 */
interface IceConnectionInternals {
  /** RFC 7675 consent freshness plus nomination and state checks, as werift's own send uses. */
  canSendApplicationData?: () => boolean;
}
interface UdpTransportLike {
  type: string;
  closed: boolean;
  socket: Socket;
}
interface SrtpContextLike {
  profile?: unknown;
  srtpSessionKey?: unknown;
  srtpSessionSalt?: unknown;
  srtpSessionAuthTag?: unknown;
}

interface Route {
  pair: object;
  transport: UdpTransportLike;
  host: string;
  port: number;
}

function noop(): void {}

function sealerFor(session: unknown): SrtpSealer | undefined {
  const ctx = (session as { localContext?: SrtpContextLike } | undefined)?.localContext;
  if (!ctx || typeof ctx.profile !== 'number') return undefined;
  const { srtpSessionKey: key, srtpSessionSalt: salt, srtpSessionAuthTag: authKey } = ctx;
  if (!(key instanceof Uint8Array) || !(salt instanceof Uint8Array)) return undefined;
  try {
    return createSrtpSealer({
      profile: ctx.profile,
      key,
      salt,
      ...(authKey instanceof Uint8Array ? { authKey } : {}),
    });
  } catch {
    return undefined;
  }
}

/**
 * The outbound media path of one peer connection, below werift's `RTCDtlsTransport.sendRtp`:
 * SRTP sealing with keys taken from werift's session (see ./sealer.ts), and a direct `dgram`
 * send on the nominated ICE pair's socket (see ./sync-lookup.ts). werift's path costs a native
 * cipher object and four promises per packet; this one seals in place and sends synchronously.
 */
export class SrtpOutbound {
  private session: unknown;
  private cachedSealer: SrtpSealer | undefined;
  private route: Route | undefined;

  constructor(readonly dtls: RTCDtlsTransport) {}

  /** A sealer for the transport's current SRTP keys (rebuilt after a re-key), or undefined. */
  sealer(): SrtpSealer | undefined {
    const session: unknown = this.dtls.srtp;
    if (session !== this.session) {
      this.session = session;
      this.cachedSealer = sealerFor(session);
    }
    return this.cachedSealer;
  }

  /** Sends one sealed SRTP packet on the nominated pair; drops it while ICE cannot send. */
  send(data: Buffer): void {
    const connection = this.dtls.iceTransport.connection;
    const pair = connection.nominated;
    const canSend = (connection as unknown as IceConnectionInternals).canSendApplicationData;
    if (!pair || typeof canSend !== 'function') {
      void connection.send(data).catch(noop);
      return;
    }
    if (!canSend.call(connection)) return;
    let route = this.route;
    if (route?.pair !== pair) route = this.route = resolveRoute(pair);
    if (!route || route.transport.closed) {
      void connection.send(data).catch(noop);
      return;
    }
    route.transport.socket.send(data, route.port, route.host);
    pair.packetsSent++;
    pair.bytesSent += data.length;
    this.dtls.packetsSent++;
    this.dtls.bytesSent += data.length;
  }
}

function resolveRoute(pair: { protocol: unknown; remoteAddr: readonly [string, number] }): Route | undefined {
  const transport = (pair.protocol as { transport?: Partial<UdpTransportLike> } | undefined)?.transport;
  if (transport?.type !== 'udp' || typeof transport.closed !== 'boolean' || !transport.socket)
    return undefined;
  const [host, port] = pair.remoteAddr;
  // werift resolves non-IP (mDNS) hosts per send; leave those to it.
  if (!isIP(host)) return undefined;
  useSyncLookup(transport.socket);
  return { pair, transport: transport as UdpTransportLike, host, port };
}
