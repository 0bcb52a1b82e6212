import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPodium, type RunningPodium, type StartOptions } from '../../server/server.ts';

/** The admin secret every test server uses. */
export const TEST_ADMIN_SECRET = 'test-admin-secret-0123456789';

export interface TestServerOptions extends Omit<StartOptions, 'print'> {
  /** Extra or overriding environment, e.g. `{ PODIUM_MEDIA: 'none' }` for HTTP-only tests. */
  env?: Record<string, string>;
}

export interface TestPodium extends RunningPodium {
  /** The temporary DATA_DIR, deleted by close(). */
  dataDir: string;
  /** Authorization header for the admin API. */
  adminHeaders: { Authorization: string };
}

/**
 * A real Podium on an ephemeral port with a fresh temporary DATA_DIR (embedded PGlite), the fixed
 * test admin secret and LOG_LEVEL=warn. The embedded SFU runs unless `env.PODIUM_MEDIA` is 'none'.
 * `close()` stops it and deletes the directory.
 */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestPodium> {
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-test-'));
  const { env, ...startOptions } = opts;
  let podium: RunningPodium;
  try {
    podium = await startPodium(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        ADMIN_SECRET: TEST_ADMIN_SECRET,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        // The twin (Festival, rtc-node) joins only where a test asks for it.
        PODIUM_TWIN: 'off',
        ...env,
      },
      startOptions,
    );
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...podium,
    dataDir,
    adminHeaders: { Authorization: `Bearer ${podium.adminSecret}` },
    async close() {
      try {
        await podium.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * fetch() against a test server, JSON in and out. `body` objects are sent as JSON; strings are sent
 * as they are (for malformed-input tests). The response body is parsed when it is JSON, else text.
 */
export async function requestJson<T = unknown>(
  base: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(new URL(path, base), {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if (res.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T };
}
