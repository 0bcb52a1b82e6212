import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { DisconnectReason } from '@livekit/protocol';
import { WebSocketServer } from 'ws';
import { bearerToken } from '../auth/verify.ts';
import type { SfuContext } from '../context.ts';
import { toSfuError } from '../errors.ts';
import { admit, refuseSession } from './admission.ts';
import { authorizeJoin, joinRefusalStatus } from './authorize.ts';

/** `/rtc/v1` is LiveKit's single-peer-connection path; `/rtc` the legacy two-connection one. */
export type SignalPath = '/rtc' | '/rtc/v1';

export function signalPathOf(url: string | undefined): SignalPath | undefined {
  const path = new URL(url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
  return path === '/rtc' || path === '/rtc/v1' ? path : undefined;
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = Buffer.from(message);
  const reason =
    status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 400 ? 'Bad Request' : 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${message}`,
  );
}

/**
 * Accepts signal WebSockets. The token and join request are checked before the upgrade, so a
 * refused client gets a plain HTTP status (and the same answer from `/rtc/validate`).
 */
export class SignalUpgrader {
  private readonly wss: WebSocketServer;

  constructor(private readonly ctx: SfuContext) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: ctx.limits.maxSignalMessageBytes,
      perMessageDeflate: false,
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = signalPathOf(req.url);
    if (!path) return false;
    // The socket may fail while the token is checked; an unhandled 'error' would crash the host.
    const onError = (err: Error): void => this.ctx.log.debug({ err: err.message }, 'upgrade socket error');
    socket.on('error', onError);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = url.searchParams.get('access_token') ?? bearerToken(req.headers.authorization);
    authorizeJoin(this.ctx, token ?? undefined, url.searchParams.get('join_request')).then(
      (auth) => {
        if (socket.destroyed) return;
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          socket.off('error', onError);
          if (path === '/rtc') {
            // By design the embedded SFU speaks only signal protocol v1 (one peer connection); the
            // legacy two-PC path is refused with `leave`, which makes the SDKs stop at once instead
            // of retrying (they fall back to /rtc only when /rtc/v1 is missing). See docs/livekit.md.
            this.ctx.log.info({ identity: auth.claims.identity }, 'legacy /rtc join refused');
            refuseSession(ws, DisconnectReason.JOIN_FAILURE);
            return;
          }
          try {
            admit(this.ctx, auth, ws);
          } catch (err) {
            const e = toSfuError(err);
            this.ctx.log.error({ err: e.message, cause: String(e.cause ?? '') }, 'admission failed');
            this.ctx.events.emit('error', e, { recoverable: true });
            ws.terminate();
          }
        });
      },
      (err: unknown) => {
        const e = toSfuError(err);
        this.ctx.log.info({ code: e.code, reason: e.message }, 'join refused');
        rejectUpgrade(socket, joinRefusalStatus(e), e.message);
      },
    );
    return true;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
