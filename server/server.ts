import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import type { DestinationStream } from 'pino';
import { createApp } from './app.ts';
import { loadConfig, type PodiumConfig } from './config/index.ts';
import { createParticipantCounter, startEmbeddedSfu } from './livekit/index.ts';
import { createLogger, type Logger } from './log/index.ts';
import { DEFAULT_ROOM, InviteRepo, ParticipantRepo, RoomRepo } from './rooms/index.ts';
import { createTwinRuntime, type TwinRuntime } from './agent/index.ts';
import type { AppDeps, ReadinessReport, TwinPresence } from './routes/index.ts';
import type { EmbeddedSfu } from './sfu/index.ts';
import { createQa } from './qa/index.ts';
import { createGovernance, qaArchive, type Governance } from './governance/index.ts';
import { openStore, type Store } from './store/index.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

export interface StartOptions {
  /** Built client; default dist/client in the repository. */
  clientDir?: string;
  /** Served at /assets/; default the repository's assets/. */
  assetsDir?: string;
  /** Receives the one-time notice with a newly generated admin secret; default console.log. */
  print?: (text: string) => void;
  /** Log destination; default stdout. */
  logDestination?: DestinationStream;
  /** In-flight requests get this long to finish on close before connections are cut (default 5 s). */
  drainTimeoutMs?: number;
}

export interface RunningPodium {
  /** e.g. http://localhost:8080 — `localhost`, because WebXR and microphones need a secure context. */
  url: string;
  port: number;
  config: PodiumConfig;
  adminSecret: string;
  logger: Logger;
  store: Store;
  /** The embedded SFU (events, stats) when this process hosts it; null with LIVEKIT_URL or PODIUM_MEDIA=none. */
  sfu: EmbeddedSfu | null;
  /** Audit log, consent, twin control, approvals, follow-ups: events for in-process subscribers (the agent). */
  governance: Governance;
  /** The twin runtime once it has loaded (null: PODIUM_TWIN=off, no media, or it failed to load). */
  twin(): Promise<TwinRuntime | null>;
  /** Graceful: stop accepting, close the SFU, drain requests (forced after the drain timeout), close the DB. */
  close(): Promise<void>;
}

/** The app server could not start for a reason outside the config (e.g. the port is taken). */
export class StartError extends Error {
  readonly code = 'listen_failed';
  readonly retryable = false;
}

/**
 * Starts Podium: validates `env` (throws ConfigError), opens and migrates the database, ensures the
 * demo room, starts the embedded SFU unless LIVEKIT_URL or PODIUM_MEDIA=none says otherwise, and
 * listens. `PORT: '0'` picks a free port.
 */
export async function startPodium(
  env: Record<string, string | undefined>,
  options: StartOptions = {},
): Promise<RunningPodium> {
  const { config, generated } = loadConfig(env);
  // Right away, before anything else can fail: the secret is generated only once.
  if (generated.adminSecret)
    (options.print ?? console.log)(adminSecretNotice(config.adminSecret, config.dataDir));
  const log = createLogger(
    config.logLevel,
    options.logDestination ? { destination: options.logDestination } : {},
  );
  const store = await openStore(config.database, log);
  let sfu: EmbeddedSfu | null = null;
  let governance: Governance | null = null;
  let twin: StartingTwin | null = null;
  try {
    const rooms = new RoomRepo(store.db);
    if (await rooms.ensure(DEFAULT_ROOM)) log.info({ roomId: DEFAULT_ROOM.id }, 'default room created');
    sfu = await startEmbeddedSfu(config.media, log);

    let closing = false;
    governance = await createGovernance({
      db: store.db,
      log,
      dataDir: config.dataDir,
      sessionSecret: config.sessionSecret,
      podiumVersion: VERSION,
      personasDir: join(REPO_ROOT, 'assets', 'personas'),
    });
    const deps: AppDeps = {
      config,
      log,
      store,
      rooms,
      invites: new InviteRepo(store.db),
      participants: new ParticipantRepo(store.db),
      counter: null,
      twin: null,
      qa: createQa({ db: store.db, log }),
      governance,
      version: VERSION,
      readiness: () => readiness(config, store, sfu, closing),
    };
    // Published follow-ups become written answers in the room's Q&A.
    governance.followups.useArchive(qaArchive(deps.qa));
    const app = createApp(deps, {
      staticDirs: {
        clientDir: options.clientDir ?? join(REPO_ROOT, 'dist', 'client'),
        assetsDir: options.assetsDir ?? join(REPO_ROOT, 'assets'),
      },
      mediaApp: sfu?.app,
    });

    const server = createAdaptorServer({ fetch: app.fetch }) as Server;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!closing && sfu?.handleUpgrade(req, socket, head)) return;
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      setTimeout(() => socket.destroy(), 1_000).unref();
    });
    server.on('clientError', (err, socket) => {
      log.debug({ err }, 'bad client connection');
      // Handling this event makes closing the socket our job (Node's default handler does it otherwise).
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    const port = await listen(server, config.port, config.host);
    const url = `http://${urlHost(config.host)}:${port}`;

    if (config.media.mode !== 'none') {
      const livekitUrl =
        config.media.mode === 'external' ? config.media.url : `ws://${urlHost(config.host)}:${port}`;
      deps.counter = createParticipantCounter(
        { url: livekitUrl, apiKey: config.media.apiKey, apiSecret: config.media.apiSecret, timeoutMs: 3_000 },
        log.child({ module: 'livekit' }),
      );
      governance.useParticipantCounter(deps.counter);
      deps.qa.connectMedia({ ...config.media, url: livekitUrl });
      governance.connectMedia({ ...config.media, url: livekitUrl });
      if (config.twinPersona !== null) {
        twin = startTwin(deps, config, { ...config.media, url: livekitUrl }, env, log);
        deps.twin = twin;
      }
    }
    const sfuUrl =
      config.media.mode === 'external'
        ? config.media.url
        : config.media.mode === 'embedded'
          ? url.replace(/^http/, 'ws')
          : null;
    log.info(
      { url, sfuUrl, media: config.media.mode, database: store.backend, version: VERSION },
      'listening',
    );

    let closed: Promise<void> | null = null;
    const close = (): Promise<void> => {
      closed ??= (async () => {
        closing = true;
        log.info('shutting down');
        await drain(server, options.drainTimeoutMs ?? 5_000, log, async () => {
          await twin?.close().catch((err: unknown) => log.error({ err }, 'twin close failed'));
          await deps.qa.close().catch((err: unknown) => log.error({ err }, 'qa close failed'));
          await deps.governance
            .close()
            .catch((err: unknown) => log.error({ err }, 'governance close failed'));
          await sfu?.close().catch((err: unknown) => log.error({ err }, 'sfu close failed'));
        });
        await store.close().catch((err: unknown) => log.error({ err }, 'database close failed'));
        log.info('stopped');
      })();
      return closed;
    };
    return {
      url,
      port,
      config,
      adminSecret: config.adminSecret,
      logger: log,
      store,
      sfu,
      governance,
      twin: () => twin?.runtime() ?? Promise.resolve(null),
      close,
    };
  } catch (err) {
    await twin?.close().catch(() => undefined);
    await governance?.close().catch(() => undefined);
    await sfu?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw err;
  }
}

/** The twin runtime while it loads in the background (the persona and the voice take a second or two). */
interface StartingTwin extends TwinPresence {
  runtime(): Promise<TwinRuntime | null>;
  close(): Promise<void>;
}

function startTwin(
  deps: AppDeps,
  config: PodiumConfig,
  livekit: { url: string; apiKey: string; apiSecret: string },
  env: Record<string, string | undefined>,
  log: Logger,
): StartingTwin {
  const personaId = config.twinPersona ?? '';
  const loading = createTwinRuntime({
    personaId,
    personasDir: join(REPO_ROOT, 'assets', 'personas'),
    governance: deps.governance,
    qa: deps.qa,
    rooms: deps.rooms,
    livekit,
    speechEnv: env,
    log,
  }).catch((err: unknown) => {
    log.error({ err, personaId }, 'the twin could not start (check PODIUM_TWIN); rooms run without it');
    return null;
  });
  return {
    roomJoined(roomId) {
      void loading.then((runtime) => runtime?.roomJoined(roomId));
    },
    runtime: () => loading,
    voice: async () => (await loading)?.voice ?? null,
    async close() {
      await (await loading)?.close();
    },
  };
}

async function readiness(
  config: PodiumConfig,
  store: Store,
  sfu: EmbeddedSfu | null,
  closing: boolean,
): Promise<ReadinessReport> {
  if (closing) return { ready: false, checks: { database: 'shutting down', media: 'shutting down' } };
  let database = 'ok';
  try {
    await withTimeout(store.ping(), 2_000);
  } catch {
    database = 'unreachable';
  }
  const media =
    config.media.mode === 'none'
      ? 'disabled (PODIUM_MEDIA=none)'
      : config.media.mode === 'external'
        ? `external ${config.media.url}`
        : sfu
          ? 'embedded'
          : 'unavailable';
  return {
    ready: database === 'ok' && (media === 'embedded' || media.startsWith('external')),
    checks: { database, media },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? `port ${port} is in use (set PORT)` : err.message;
      reject(new StartError(`Cannot listen on ${host}:${port}: ${why}`, { cause: err }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops accepting, runs `beforeDrain` (closing the SFU's WebSockets), then waits for in-flight
 * requests. Idle keep-alive connections are closed as they appear; whatever is still open after
 * `timeoutMs` is cut.
 */
async function drain(server: Server, timeoutMs: number, log: Logger, beforeDrain: () => Promise<void>) {
  const done = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await beforeDrain();
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  const force = setTimeout(() => {
    log.warn({ timeoutMs }, 'drain timed out; closing connections');
    server.closeAllConnections();
  }, timeoutMs);
  try {
    await done;
  } finally {
    clearInterval(sweep);
    clearTimeout(force);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const UNSPECIFIED = new Set(['0.0.0.0', '::', '[::]']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Host for the URL people open, and for this process calling itself (RoomService on the embedded SFU):
 * `localhost` for loopback and wildcard binds, since browsers treat it as a secure context.
 */
function urlHost(host: string): string {
  if (UNSPECIFIED.has(host) || LOOPBACK.has(host)) return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function adminSecretNotice(secret: string, dataDir: string): string {
  const rule = '-'.repeat(72);
  return [
    rule,
    'Podium generated an admin secret (shown only this once):',
    '',
    `    ${secret}`,
    '',
    `It is kept in ${join(dataDir, 'admin-secret')}. Use it as: Authorization: Bearer <secret>`,
    rule,
  ].join('\n');
}
