import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { AccessToken, type VideoGrant } from 'livekit-server-sdk';
import { pino } from 'pino';
import { createEmbeddedSfu, type EmbeddedSfu, type EmbeddedSfuOptions } from '../../server/sfu/index.ts';

export const TEST_API_KEY = 'APItestkey';
export const TEST_API_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface SfuTestServer {
  sfu: EmbeddedSfu;
  /** `ws://127.0.0.1:<port>` — what SDKs connect to. */
  wsUrl: string;
  /** `http://127.0.0.1:<port>` — for RoomServiceClient and validate requests. */
  httpUrl: string;
  port: number;
  /** Mints a join token for `identity` in `room` with extra grants/claims. */
  token(identity: string, room: string, grant?: Partial<VideoGrant>, opts?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export interface TokenOptions {
  name?: string;
  metadata?: string;
  attributes?: Record<string, string>;
  kind?: 'standard' | 'agent';
  ttl?: string | number;
  apiKey?: string;
  apiSecret?: string;
}

export async function mintToken(
  identity: string,
  grant: VideoGrant,
  opts: TokenOptions = {},
): Promise<string> {
  const at = new AccessToken(opts.apiKey ?? TEST_API_KEY, opts.apiSecret ?? TEST_API_SECRET, {
    identity,
    ttl: opts.ttl ?? '10m',
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.metadata !== undefined ? { metadata: opts.metadata } : {}),
    ...(opts.attributes !== undefined ? { attributes: opts.attributes } : {}),
  });
  if (opts.kind) at.kind = opts.kind as never;
  at.addGrant(grant);
  return at.toJwt();
}

/**
 * Hosts the embedded SFU on a real HTTP server (ephemeral port), the way the app server does:
 * routes through Hono, WebSocket upgrades through `sfu.handleUpgrade`.
 */
export async function startSfuServer(options: Partial<EmbeddedSfuOptions> = {}): Promise<SfuTestServer> {
  const logger = pino({ level: process.env.SFU_TEST_LOG ?? 'silent' });
  const sfu = createEmbeddedSfu({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, logger, ...options });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: sfu.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(s as Server),
    ) as Server;
  });
  server.on('upgrade', (req, socket, head) => {
    if (!sfu.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const port = (server.address() as AddressInfo).port;
  return {
    sfu,
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    token: (identity, room, grant = {}, opts = {}) =>
      mintToken(identity, { roomJoin: true, room, ...grant }, opts),
    async close() {
      await sfu.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** Signs arbitrary JWT claims with HS256 (or returns an unsigned `alg: none` token) for auth tests. */
export function signRawJwt(payload: Record<string, unknown>, secret: string | null): string {
  const enc = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const header = enc({ alg: secret === null ? 'none' : 'HS256', typ: 'JWT' });
  const body = enc(payload);
  if (secret === null) return `${header}.${body}.`;
  const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${sig}`;
}
