import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser.ts';

const PAGE_ROOT = resolve(import.meta.dirname, '../fixtures/lk-page');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export interface LkPageHost {
  /** `http://localhost:<port>/` — a secure context, as Web Audio and WebRTC want. */
  url: string;
  close(): Promise<void>;
}

/** Bundles test/fixtures/lk-page with Vite into a temp dir and serves it on localhost. */
export async function buildAndServeLkPage(): Promise<LkPageHost> {
  const outDir = mkdtempSync(join(tmpdir(), 'lk-page-'));
  await build({
    configFile: false,
    root: PAGE_ROOT,
    base: './',
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false },
  });
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(outDir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export interface ChromiumHandle {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches Debian's Chromium; playwright gives every launch a fresh temporary profile. */
export async function launchChromium(): Promise<ChromiumHandle> {
  // One set of Chromium flags for every browser suite (see test/helpers/browser.ts and FINDINGS).
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
