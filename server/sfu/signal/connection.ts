import type { SignalRequest } from '@livekit/protocol';
import type { Logger } from 'pino';
import { WebSocket, type RawData } from 'ws';
import { SfuError } from '../errors.ts';
import { TokenBucket, type SfuLimits } from '../limits.ts';
import type { ResponseMessage, SignalSink } from '../room/participant.ts';
import { decodeRequest, encodeResponse } from './codec.ts';

/** WebSocket close codes the SFU uses (RFC 6455). */
export const WS_CLOSE = {
  normal: 1000,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
  tooBig: 1009,
  internal: 1011,
} as const;

export interface SignalConnectionHandlers {
  onRequest(request: SignalRequest): void;
  /** The socket closed, for any reason (client, server or network). Called once. */
  onClose(code: number, reason: string): void;
  /** The client broke a limit or sent garbage; the connection is already closing. */
  onViolation(reason: string): void;
}

/**
 * One signal WebSocket: binary protobuf in and out, with a size cap (enforced by `ws`), a rate
 * limit and strict parsing. Any violation closes this connection only.
 */
export class SignalConnection implements SignalSink {
  private readonly limiter: TokenBucket;
  private closedNotified = false;
  private terminateTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    limits: SfuLimits,
    private readonly log: Logger,
    private readonly handlers: SignalConnectionHandlers,
  ) {
    this.limiter = new TokenBucket(limits.signalRatePerSec, limits.signalBurst);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code, reason) => this.notifyClose(code, reason.toString()));
    ws.on('error', (err) => {
      // `ws` reports oversized frames (1009) and protocol errors here, then closes the socket.
      this.log.info({ err: err.message }, 'signal socket error');
      const code = (err as { code?: string }).code;
      if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.handlers.onViolation('message too large');
    });
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closedNotified || this.ws.readyState !== WebSocket.OPEN) return;
    if (!this.limiter.take()) return this.violate(WS_CLOSE.policyViolation, 'rate limit exceeded');
    if (!isBinary) return this.violate(WS_CLOSE.unsupportedData, 'text frames are not supported');
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let request: SignalRequest;
    try {
      request = decodeRequest(bytes);
    } catch (err) {
      return this.violate(
        WS_CLOSE.invalidPayload,
        err instanceof SfuError ? err.message : 'malformed message',
      );
    }
    try {
      this.handlers.onRequest(request);
    } catch (err) {
      this.log.error({ err }, 'signal request handler failed');
      this.violate(WS_CLOSE.internal, 'internal error');
    }
  }

  private violate(code: number, reason: string): void {
    this.log.warn({ code, reason }, 'closing signal connection');
    this.close(code, reason);
    this.handlers.onViolation(reason);
  }

  private notifyClose(code: number, reason: string): void {
    clearTimeout(this.terminateTimer);
    if (this.closedNotified) return;
    this.closedNotified = true;
    this.handlers.onClose(code, reason);
  }

  send(message: ResponseMessage): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(encodeResponse(message), { binary: true }, (err) => {
      if (err) this.log.debug({ err: err.message }, 'signal send failed');
    });
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.CLOSED || this.ws.readyState === WebSocket.CLOSING) return;
    // Close reasons are limited to 123 bytes by the protocol.
    this.ws.close(code, Buffer.from(reason).subarray(0, 120).toString());
    // A peer that never answers the close handshake must not keep the socket alive.
    this.terminateTimer = setTimeout(() => this.ws.terminate(), 2000);
    this.terminateTimer.unref();
  }
}
