import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HALL, floorHeightAt } from '../../client/scene/hall-layout.ts';
import { joinTownHall, launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { iwerInitScript } from './iwer-init.ts';

import type { Vec3 as P } from './iwer-globals.ts';

/** Points a controller's ray at a world point (Babylon is left-handed: flip z into WebXR space). */
async function aim(page: Page, hand: 'left' | 'right', target: P): Promise<void> {
  await page.evaluate(
    ({ hand, target }) => {
      const from = window.podium!.xr().controllers[hand]!;
      const q = window.IWER.lookRotation({
        x: target.x - from.x,
        y: target.y - from.y,
        z: -(target.z - from.z),
      });
      window.__iwer.controllers[hand]!.quaternion.set(q.x, q.y, q.z, q.w);
    },
    { hand, target },
  );
  await frames(page, 6);
}

/** Waits for `n` animation frames (XR frames run the same loop). */
async function frames(page: Page, n: number): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        let left = count;
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
  // XR sessions drive their own frame loop; give it real time too.
  await page.waitForTimeout(n * 40);
}

async function pressTrigger(page: Page, hand: 'left' | 'right'): Promise<void> {
  await page.evaluate((h) => window.__iwer.controllers[h]!.updateButtonValue('trigger', 1), hand);
  await frames(page, 8);
  await page.evaluate((h) => window.__iwer.controllers[h]!.updateButtonValue('trigger', 0), hand);
  await frames(page, 8);
}

async function thumbstick(page: Page, hand: 'left' | 'right', x: number, y: number): Promise<void> {
  await page.evaluate(({ h, x, y }) => window.__iwer.controllers[h]!.updateAxes('thumbstick', x, y), {
    h: hand,
    x,
    y,
  });
  await frames(page, 10);
}

/**
 * WebXR in headless Chromium through Meta's emulator: enter immersive VR from the overlay, press
 * an in-VR panel button with the controller ray, teleport with the thumbstick, snap-turn.
 */
describe('VR in the town hall (emulated Quest 3)', () => {
  let server: TestPodium;
  let browser: Browser;
  let vr: TestPage;

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
    vr = await newTestPage(browser, { initScripts: [iwerInitScript()] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('tells the lobby a headset is available, then enters immersive VR', async () => {
    const { page } = vr;
    await page.goto(`${server.url}/?test=1`);
    await page.waitForSelector('#vr-status[data-state="supported"]');
    expect(await page.textContent('#vr-status-text')).toMatch(/VR headset available/);
    await joinTownHall(page, server.url, 'Vera');
    await page.waitForFunction(() => window.podium!.xr().ready, null, { timeout: 30_000 });
    await page.waitForSelector('#btn-vr:not([hidden]):not([disabled])');
    // Face the stage squarely, so the headset's axes line up with the world's (see `aim`).
    await page.evaluate(() => {
      const p = window.podium!.localPosition();
      window.podium!.placeCamera(p.x, p.y, p.z, 0, 0);
    });
    await page.click('#btn-vr');
    await page.waitForFunction(() => window.podium!.xr().state === 'in-xr', null, { timeout: 30_000 });
    await page.waitForFunction(() => Object.keys(window.podium!.xr().controllers).length === 2, null, {
      timeout: 30_000,
    });
    // Entering VR keeps the person where they stood: on the entrance platform, at head height.
    const head = await page.evaluate(() => window.podium!.xr().headPosition!);
    expect(head.y).toBeGreaterThan(floorHeightAt(DEFAULT_HALL, head.x, head.z) + 1);
    expect(Math.hypot(head.x, head.z)).toBeGreaterThan(15);
    expect(await page.textContent('#btn-vr')).toBe('Exit VR');
  });

  it('presses the in-VR comfort button with the controller ray', async () => {
    const { page } = vr;
    const before = await page.evaluate(() => window.podium!.xr());
    expect(before.vignetteEnabled).toBe(true);
    const button = before.panelButtons.vignette!;
    await aim(page, 'right', button);
    await pressTrigger(page, 'right');
    await page.waitForFunction(() => window.podium!.xr().lastPanelAction === 'vignette', null, {
      timeout: 10_000,
    });
    expect(await page.evaluate(() => window.podium!.xr().vignetteEnabled)).toBe(false);
    // The DOM setting follows what was chosen in VR.
    expect(await page.isChecked('#set-vignette')).toBe(false);
    // And back on, for the teleport below.
    await pressTrigger(page, 'right');
    await page.waitForFunction(() => window.podium!.xr().vignetteEnabled === true, null, { timeout: 10_000 });
  });

  it('teleports with the thumbstick to where the ray points, with the comfort vignette', async () => {
    const { page } = vr;
    const start = await page.evaluate(() => window.podium!.xr());
    const head = start.headPosition!;
    // A spot on the tiers a few rows ahead, to the right of the centre aisle.
    const target: P = { x: head.x + 2, y: 0, z: head.z + 5 };
    target.y = floorHeightAt(DEFAULT_HALL, target.x, target.z);
    await aim(page, 'right', target);
    await thumbstick(page, 'right', 0, -1);
    await frames(page, 20);
    await thumbstick(page, 'right', 0, 0);
    await page.waitForFunction(
      (from) => {
        const p = window.podium!.xr().headPosition!;
        return Math.hypot(p.x - from.x, p.z - from.z) > 2;
      },
      head,
      { timeout: 15_000 },
    );
    const after = await page.evaluate(() => window.podium!.xr());
    const landed = after.headPosition!;
    // Landed near the aimed spot (the teleport arc lands within a metre or so of the straight ray)…
    expect(Math.hypot(landed.x - target.x, landed.z - target.z)).toBeLessThan(1.5);
    // …standing on that floor at the same head height above it as before.
    const heightBefore = head.y - floorHeightAt(DEFAULT_HALL, head.x, head.z);
    const heightAfter = landed.y - floorHeightAt(DEFAULT_HALL, landed.x, landed.z);
    expect(Math.abs(heightAfter - heightBefore)).toBeLessThan(0.1);
    expect(after.vignettePulses).toBeGreaterThan(start.vignettePulses);
    // The desktop debug view agrees: the local position is the XR head.
    const local = await page.evaluate(() => window.podium!.localPosition());
    expect(Math.hypot(local.x - landed.x, local.z - landed.z)).toBeLessThan(0.05);
  });

  it('snap-turns 45° with the thumbstick', async () => {
    const { page } = vr;
    const before = await page.evaluate(() => window.podium!.xr().headYawRad);
    await thumbstick(page, 'right', 1, 0);
    await thumbstick(page, 'right', 0, 0);
    await page.waitForFunction((y0) => Math.abs(window.podium!.xr().headYawRad - y0) > 0.5, before, {
      timeout: 10_000,
    });
    const after = await page.evaluate(() => window.podium!.xr().headYawRad);
    const turned = Math.atan2(Math.sin(after - before), Math.cos(after - before));
    expect(Math.abs(Math.abs(turned) - Math.PI / 4)).toBeLessThan(0.05);
  });

  it('leaves VR from the in-VR panel and carries on on the desktop from the same spot', async () => {
    const { page } = vr;
    // Turn back first: `aim` maps world directions to the headset's space assuming no turn.
    await thumbstick(page, 'right', -1, 0);
    await thumbstick(page, 'right', 0, 0);
    await page.waitForFunction(() => Math.abs(window.podium!.xr().headYawRad) < 0.05, null, {
      timeout: 10_000,
    });
    const xr = await page.evaluate(() => window.podium!.xr());
    const head = xr.headPosition!;
    await aim(page, 'right', xr.panelButtons.exit!);
    await pressTrigger(page, 'right');
    await page.waitForFunction(() => window.podium!.xr().state === 'inactive', null, { timeout: 15_000 });
    expect(await page.textContent('#btn-vr')).toBe('Enter VR');
    await page.waitForFunction(
      (h) => {
        const p = window.podium!.localPosition();
        return Math.hypot(p.x - h.x, p.z - h.z) < 0.05;
      },
      head,
      { timeout: 10_000 },
    );
    expect(vr.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    // Offline VR: no controller models, profiles or hand meshes fetched from a CDN.
    expect(vr.offsiteRequests).toEqual([]);
  });
});
