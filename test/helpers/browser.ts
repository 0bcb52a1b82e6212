import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// The debug API's `window.podium` typing, for page.evaluate callbacks in tests.
import type {} from '../../client/debug/debug-api.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that give software WebGL2 with GPU timings, fake media devices and no network chatter. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  // Background tabs (the second test browser) must keep rendering and sending poses.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Launches Debian's Chromium headless. Each `newContext` is a fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, for assertions and failure messages. */
  errors: string[];
  /** Every request to a host other than localhost (nothing may be downloaded at run time). */
  offsiteRequests: string[];
}

export interface TestPageOptions {
  viewport?: { width: number; height: number };
  /** Scripts run before any page script (e.g. the WebXR emulator). */
  initScripts?: string[];
}

export async function newTestPage(browser: Browser, options: TestPageOptions = {}): Promise<TestPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 960, height: 600 },
    permissions: ['microphone'],
  });
  for (const content of options.initScripts ?? []) await context.addInitScript({ content });
  const page = await context.newPage();
  const errors: string[] = [];
  const offsiteRequests: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== 'localhost') offsiteRequests.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { context, page, errors, offsiteRequests };
}

/** Opens the lobby at `baseUrl` (with `?test=1`) and joins as `name`; resolves when connected. */
export async function joinTownHall(page: Page, baseUrl: string, name: string, query = ''): Promise<string> {
  await page.goto(`${baseUrl}/?test=1${query}`);
  await page.fill('#name', name);
  await page.waitForFunction(() => (document.getElementById('room') as HTMLInputElement).value !== '');
  await page.click('#join-button');
  await page.waitForFunction(() => window.podium?.ready() === true, null, { timeout: 90_000 });
  await page.waitForFunction(() => window.podium?.connectionPhase() === 'connected', null, {
    timeout: 60_000,
  });
  const identity = await page.evaluate(() => window.podium!.identity());
  if (!identity) throw new Error('joined without an identity');
  return identity;
}
