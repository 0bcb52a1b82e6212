import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';

/** The lobby in a real browser against the real app server (Chromium's fake microphone). */
describe('lobby', () => {
  let server: TestPodium;
  let browser: Browser;
  let tab: TestPage;

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('prefills the room from /api/config and is keyboard reachable with labels', async () => {
    tab = await newTestPage(browser);
    const { page } = tab;
    await page.goto(server.url);
    const config = (await (await fetch(`${server.url}/api/config`)).json()) as { defaultRoomId: string };
    await page.waitForFunction(
      (id) => (document.getElementById('room') as HTMLInputElement).value === id,
      config.defaultRoomId,
    );
    // Every form control has an accessible name.
    for (const selector of ['#name', '#room', '#mic-device', '#mic-test', '#mic-level', '#join-button']) {
      const name = await page.locator(selector).evaluate((el) => {
        const labelled =
          (el as HTMLInputElement).labels?.[0]?.textContent ??
          el.getAttribute('aria-label') ??
          el.textContent;
        return labelled?.trim() ?? '';
      });
      expect(name, selector).not.toBe('');
    }
    // Tab order reaches the name field, the room, the device picker, the mic test and Join.
    const order: string[] = [];
    await page.focus('#name');
    for (let i = 0; i < 6; i++) {
      order.push(await page.evaluate(() => document.activeElement?.id ?? ''));
      await page.keyboard.press('Tab');
    }
    expect(order).toEqual(
      ['name', 'room', 'mic-device', 'mic-test', 'join-button', ''].slice(0, order.length),
    );
  });

  it('moves the level meter with the fake microphone and lists the devices', async () => {
    const { page } = tab;
    await page.click('#mic-test');
    await page.waitForSelector('#mic-test[aria-pressed="true"]');
    const levels: number[] = [];
    for (let i = 0; i < 40; i++) {
      levels.push(
        await page.evaluate(() => (document.getElementById('mic-level') as HTMLMeterElement).value),
      );
      await page.waitForTimeout(100);
    }
    // Chromium's fake device beeps: the meter must rise well above silence and change over time.
    expect(Math.max(...levels)).toBeGreaterThan(0.3);
    expect(new Set(levels.map((l) => l.toFixed(2))).size).toBeGreaterThan(3);
    // With permission granted, the picker shows the real device labels.
    await page.waitForFunction(() =>
      [...(document.getElementById('mic-device') as HTMLSelectElement).options].some((o) =>
        o.text.includes('Fake'),
      ),
    );
    const options = await page.$$eval('#mic-device option', (els) =>
      els.map((o) => (o as HTMLOptionElement).text),
    );
    expect(options.length).toBeGreaterThanOrEqual(2);
    expect(options).toContain('Fake Default Audio Input');
    // Switching device keeps metering; stopping drops the meter to zero.
    await page.selectOption('#mic-device', { index: 1 });
    await page.waitForFunction(() => (document.getElementById('mic-level') as HTMLMeterElement).value > 0.2);
    await page.click('#mic-test');
    await page.waitForSelector('#mic-test[aria-pressed="false"]');
    expect(await page.evaluate(() => (document.getElementById('mic-level') as HTMLMeterElement).value)).toBe(
      0,
    );
  });

  it('says no headset is available in a plain browser', async () => {
    await tab.page.waitForSelector('#vr-status[data-state="unsupported"]');
    expect(await tab.page.textContent('#vr-status-text')).toMatch(/No VR headset/);
  });

  it('explains form mistakes next to the fields without calling the server', async () => {
    const { page } = tab;
    let joins = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/join')) joins++;
    });
    await page.fill('#name', '   ');
    await page.fill('#room', 'bad room!');
    await page.click('#join-button');
    await expect.poll(() => page.textContent('#name-error')).toMatch(/Enter your name/);
    expect(await page.textContent('#room-error')).toMatch(/letters, digits/);
    expect(await page.getAttribute('#name', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('name');
    expect(joins).toBe(0);
  });

  it("shows the API's own message when joining fails", async () => {
    const { page } = tab;
    await page.fill('#name', 'Grace');
    await page.fill('#room', 'no-such-room');
    await page.click('#join-button');
    await expect.poll(() => page.textContent('#lobby-error'), { timeout: 15_000 }).not.toBe('');
    const res = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roomId: 'no-such-room', name: 'Grace' }),
    });
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.ok).toBe(false);
    expect(await page.textContent('#lobby-error')).toBe(body.error.message);
    // The form is usable again.
    expect(await page.isEnabled('#join-button')).toBe(true);
    expect(await page.isVisible('#lobby')).toBe(true);
  });

  it("reads ?room= and ?invite=, and shows the API's message for a bad invite", async () => {
    const page = (await newTestPage(browser)).page;
    await page.goto(`${server.url}/?room=town-hall&invite=not-a-real-invite`);
    expect(await page.inputValue('#room')).toBe('town-hall');
    expect(await page.isVisible('#invite-note')).toBe(true);
    await page.fill('#name', 'Mallory');
    await page.click('#join-button');
    const res = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roomId: 'town-hall', name: 'Mallory', invite: 'not-a-real-invite' }),
    });
    const body = (await res.json()) as { error: { message: string } };
    expect(res.ok).toBe(false);
    await expect.poll(() => page.textContent('#lobby-error'), { timeout: 15_000 }).toBe(body.error.message);
  });

  it('shows progress while the town hall loads, then the room controls', async () => {
    const page = (await newTestPage(browser)).page;
    await page.goto(`${server.url}/?test=1`);
    await page.fill('#name', 'Progress');
    await page.waitForFunction(() => (document.getElementById('room') as HTMLInputElement).value !== '');
    const seen: number[] = [];
    await page.exposeFunction('recordProgress', (v: number) => seen.push(v));
    await page.evaluate(() => {
      const bar = document.getElementById('load-progress') as HTMLProgressElement;
      new MutationObserver(() =>
        (window as unknown as { recordProgress(v: number): void }).recordProgress(bar.value),
      ).observe(bar, {
        attributes: true,
      });
    });
    await page.click('#join-button');
    await page.waitForFunction(() => window.podium?.ready() === true, null, { timeout: 90_000 });
    // Reports arrive asynchronously through exposeFunction.
    await expect.poll(() => seen.at(-1)).toBe(100);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await page.isVisible('#lobby')).toBe(false);
    for (const id of ['#btn-mute', '#btn-settings', '#btn-leave'])
      expect(await page.isVisible(id)).toBe(true);
    // An attendee in an all-hands listens: once connected, the mic control says so and cannot be pressed.
    await page.waitForFunction(() => window.podium!.connectionPhase() === 'connected', null, {
      timeout: 30_000,
    });
    await expect.poll(() => page.textContent('#btn-mute')).toBe('Listen only');
    expect(await page.isDisabled('#btn-mute')).toBe(true);
    // The 3D view has keyboard focus so WASD works at once.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('scene');
  });
});
