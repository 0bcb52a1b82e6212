import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinTownHall, launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';

type P = { x: number; y: number; z: number };
const dist = (a: P, b: P): number => Math.hypot(a.x - b.x, a.z - b.z);

/**
 * Two real browsers (separate profiles) join the demo room through the real app server and the
 * embedded SFU; each must see the other's avatar appear, follow its movement, and vanish on leave.
 */
describe('two browsers in the town hall', () => {
  let server: TestPodium;
  let browser: Browser;
  let alice: TestPage;
  let bob: TestPage;
  let aliceId = '';
  let bobId = '';

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
    alice = await newTestPage(browser);
    bob = await newTestPage(browser);
    aliceId = await joinTownHall(alice.page, server.url, 'Alice');
    bobId = await joinTownHall(bob.page, server.url, 'Bob');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('each sees the other appear where the other stands', async () => {
    expect(aliceId).not.toBe(bobId);
    await alice.page.waitForFunction((id) => window.podium!.remoteAvatarIds().includes(id), bobId, {
      timeout: 30_000,
    });
    await bob.page.waitForFunction((id) => window.podium!.remoteAvatarIds().includes(id), aliceId, {
      timeout: 30_000,
    });
    expect(await alice.page.evaluate(() => window.podium!.remoteAvatarCount())).toBe(1);
    expect(await bob.page.evaluate(() => window.podium!.remoteAvatarCount())).toBe(1);
    const aliceSelf = await alice.page.evaluate(() => window.podium!.localPosition());
    const aliceSeenByBob = (await bob.page.evaluate((id) => window.podium!.avatarPosition(id), aliceId))!;
    expect(dist(aliceSelf, aliceSeenByBob)).toBeLessThan(0.5);
  });

  it('follows Alice as she walks with the keyboard', async () => {
    const before = (await bob.page.evaluate((id) => window.podium!.avatarPosition(id), aliceId))!;
    await alice.page.focus('#scene');
    await alice.page.keyboard.down('KeyW');
    await alice.page.waitForFunction(
      (start) => {
        const p = window.podium!.localPosition();
        return Math.hypot(p.x - start.x, p.z - start.z) > 2.5;
      },
      before,
      { timeout: 30_000 },
    );
    await alice.page.keyboard.up('KeyW');
    const aliceNow = await alice.page.evaluate(() => window.podium!.localPosition());
    // She walked towards the stage (the origin) from the entrance.
    expect(Math.hypot(aliceNow.x, aliceNow.z)).toBeLessThan(Math.hypot(before.x, before.z) - 2);
    // Bob's view of her converges on where she actually is.
    await bob.page.waitForFunction(
      ({ id, target }) => {
        const p = window.podium!.avatarPosition(id);
        return p !== null && Math.hypot(p.x - target.x, p.z - target.z) < 0.3;
      },
      { id: aliceId, target: aliceNow },
      { timeout: 30_000 },
    );
    expect(alice.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('moves Bob to a seat he clicks, and Alice sees him sit there', async () => {
    const target = await bob.page.evaluate(() => {
      // Pick a seat in the middle of the view.
      for (let i = 0; i < window.podium!.seatCount(); i += 7) {
        const p = window.podium!.seatScreenPoint(i);
        if (p && p.x > 300 && p.x < 660 && p.y > 250 && p.y < 500) return { index: i, point: p };
      }
      return null;
    });
    expect(target).not.toBeNull();
    const start = await bob.page.evaluate(() => window.podium!.localPosition());
    await bob.page.mouse.click(target!.point.x, target!.point.y);
    await bob.page.waitForFunction(
      (from) => {
        const p = window.podium!.localPosition();
        return Math.hypot(p.x - from.x, p.z - from.z) > 1;
      },
      start,
      { timeout: 20_000 },
    );
    // Wait for the smooth move to finish (position stops changing), then compare views.
    let last = await bob.page.evaluate(() => window.podium!.localPosition());
    for (let i = 0; i < 60; i++) {
      await bob.page.waitForTimeout(250);
      const now = await bob.page.evaluate(() => window.podium!.localPosition());
      if (dist(now, last) < 0.001 && Math.abs(now.y - last.y) < 0.001) break;
      last = now;
    }
    const bobSeated = await bob.page.evaluate(() => window.podium!.localPosition());
    await alice.page.waitForFunction(
      ({ id, target }) => {
        const p = window.podium!.avatarPosition(id);
        return (
          p !== null && Math.hypot(p.x - target.x, p.z - target.z) < 0.2 && Math.abs(p.y - target.y) < 0.2
        );
      },
      { id: bobId, target: bobSeated },
      { timeout: 20_000 },
    );
  });

  it('removes Alice from Bob’s view when she leaves, and shows her the lobby again', async () => {
    await alice.page.click('#btn-leave');
    await alice.page.waitForSelector('#lobby:not([hidden])');
    expect(await alice.page.textContent('#lobby-status')).toMatch(/left the room/i);
    expect(await alice.page.evaluate(() => window.podium === undefined)).toBe(true);
    await bob.page.waitForFunction(() => window.podium!.remoteAvatarCount() === 0, null, { timeout: 30_000 });
  });

  it('downloaded nothing from anywhere but the Podium server', () => {
    expect(alice.offsiteRequests).toEqual([]);
    expect(bob.offsiteRequests).toEqual([]);
  });
});
