import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLIENT_DIST = join(ROOT, 'dist', 'client');
const STAMP = join(CLIENT_DIST, 'index.html');
const LOCK = join(ROOT, 'dist', '.client-build.lock');
/** Sources whose change means the bundle is stale. */
const SOURCES = ['client', 'common', 'vite.config.ts', 'package-lock.json'];

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  }
  return newest;
}

/** True when dist/client exists and is newer than every client source. */
export function clientIsFresh(): boolean {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.every((s) => newestMtimeMs(join(ROOT, s)) <= built);
}

/**
 * Builds the client with Vite unless dist/client is already newer than its sources. A lock file
 * keeps two processes (a test run and a benchmark, say) from building into the same folder at once.
 */
export async function ensureClientBuilt(log: (line: string) => void = () => undefined): Promise<void> {
  if (clientIsFresh()) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch {
      // Someone else is building; a lock older than 3 minutes is left over from a crash.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another client build');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (clientIsFresh()) return;
    log('building the client (vite build)…');
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), root: join(ROOT, 'client'), logLevel: 'warn' });
    log('client built');
  } finally {
    rmSync(LOCK, { force: true });
  }
}
