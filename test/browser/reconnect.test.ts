import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPodium, type RunningPodium } from '../../server/server.ts';
import { joinTownHall, launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { TEST_ADMIN_SECRET } from '../helpers/server.ts';

/**
 * The server goes away under two connected browsers and comes back on the same port: each shows
 * a visible "Reconnecting…" state, then recovers on its own and sees the other again.
 */
describe('reconnecting after the server restarts', () => {
  let dataDir = '';
  let server: RunningPodium | null = null;
  let browser: Browser;
  let a: TestPage;
  let b: TestPage;

  const start = (port: number): Promise<RunningPodium> =>
    startPodium(
      {
        PORT: String(port),
        DATA_DIR: dataDir,
        ADMIN_SECRET: TEST_ADMIN_SECRET,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      },
      { print: () => undefined, drainTimeoutMs: 1_000 },
    );

  beforeAll(async () => {
    await ensureClientBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'podium-reconnect-'));
    server = await start(0);
    browser = await launchBrowser();
    a = await newTestPage(browser);
    b = await newTestPage(browser);
    await joinTownHall(a.page, server.url, 'Ana');
    await joinTownHall(b.page, server.url, 'Ben');
    await a.page.waitForFunction(() => window.podium!.remoteAvatarCount() === 1, null, { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows "Reconnecting…" while the server is down and recovers when it is back', async () => {
    const port = server!.port;
    // Record every status line Ana is shown.
    await a.page.evaluate(() => {
      const el = document.getElementById('room-status')!;
      const seen: string[] = [el.textContent ?? ''];
      (window as unknown as { statuses: string[] }).statuses = seen;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await server!.close();
    server = null;
    await a.page.waitForFunction(() => /reconnect/i.test(window.podium!.statusText()), null, {
      timeout: 60_000,
    });
    expect(await a.page.getAttribute('#room-status', 'data-tone')).toBe('warn');
    // The hall stays usable while disconnected.
    expect(await a.page.isVisible('#scene')).toBe(true);

    server = await start(port);
    await a.page.waitForFunction(() => window.podium!.connectionPhase() === 'connected', null, {
      timeout: 90_000,
    });
    await b.page.waitForFunction(() => window.podium!.connectionPhase() === 'connected', null, {
      timeout: 90_000,
    });
    await a.page.waitForFunction(() => /^Connected/.test(window.podium!.statusText()), null, {
      timeout: 30_000,
    });
    // Both are back in the same room and see each other's avatars again.
    // (Whoever rejoined with a fresh token has a new identity; the stale one must be gone.)
    const idA = await a.page.evaluate(() => window.podium!.identity());
    const idB = await b.page.evaluate(() => window.podium!.identity());
    await a.page.waitForFunction(
      (id) => JSON.stringify(window.podium!.remoteAvatarIds()) === JSON.stringify([id]),
      idB,
      {
        timeout: 60_000,
      },
    );
    await b.page.waitForFunction(
      (id) => JSON.stringify(window.podium!.remoteAvatarIds()) === JSON.stringify([id]),
      idA,
      {
        timeout: 60_000,
      },
    );
    const statuses = await a.page.evaluate(() => (window as unknown as { statuses: string[] }).statuses);
    const firstReconnect = statuses.findIndex((s) => /reconnect/i.test(s));
    expect(firstReconnect).toBeGreaterThanOrEqual(0);
    expect(statuses.slice(firstReconnect).some((s) => s.startsWith('Connected'))).toBe(true);
  });
});
