import { RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteDto } from '../../common/api.ts';
import { joinTownHall, launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';

/**
 * Voices through the real SFU: a host speaks (Chromium's fake microphone), an attendee hears it
 * as spatial sound at the host's avatar and sees the speaking halo; promotion enables an
 * attendee's microphone live; push-to-talk.
 */
describe('media in the town hall', () => {
  let server: TestPodium;
  let browser: Browser;
  let host: TestPage;
  let guest: TestPage;
  let hostId = '';
  let guestId = '';

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
    const res = await fetch(`${server.url}/api/admin/rooms/town-hall/invites`, {
      method: 'POST',
      headers: { ...server.adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'host' }),
    });
    expect(res.status).toBe(201);
    const invite = (await res.json()) as InviteDto;
    host = await newTestPage(browser);
    guest = await newTestPage(browser);
    hostId = await joinTownHall(
      host.page,
      server.url,
      'Hana Host',
      `&invite=${encodeURIComponent(invite.token)}`,
    );
    guestId = await joinTownHall(guest.page, server.url, 'Gus Guest');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lets the host unmute, and the guest hears the host's voice at the host's avatar", async () => {
    await host.page.waitForFunction(() => window.podium!.mic().canPublish, null, { timeout: 20_000 });
    expect(await host.page.textContent('#btn-mute')).toBe('Unmute');
    await host.page.click('#btn-mute');
    await host.page.waitForFunction(() => !window.podium!.mic().muted, null, { timeout: 20_000 });
    expect(await host.page.getAttribute('#btn-mute', 'aria-pressed')).toBe('false');

    await guest.page.waitForFunction((id) => window.podium!.voices().some((v) => v.identity === id), hostId, {
      timeout: 30_000,
    });
    // The voice is placed where the host's avatar is.
    await guest.page.waitForFunction(
      (id) => {
        const v = window.podium!.voices().find((x) => x.identity === id);
        const a = window.podium!.avatarPosition(id);
        return !!v && !!a && Math.hypot(v.x - a.x, v.y - a.y, v.z - a.z) < 0.05;
      },
      hostId,
      { timeout: 20_000 },
    );
    // The fake microphone beeps: the host's avatar shows the speaking halo at some point.
    await guest.page.waitForFunction((id) => window.podium!.isSpeaking(id), hostId, {
      timeout: 30_000,
      polling: 50,
    });
    // Only spatial playback: no LiveKit <audio> element playing a second, flat copy.
    const audible = await guest.page.evaluate(
      () => [...document.querySelectorAll('audio')].filter((a) => !a.muted && !a.paused).length,
    );
    expect(audible).toBe(0);
  });

  it('enables the guest’s microphone live when promoted to the stage', async () => {
    await guest.page.waitForFunction(() => window.podium!.connectionPhase() === 'connected');
    expect(await guest.page.textContent('#btn-mute')).toBe('Listen only');
    expect(await guest.page.isDisabled('#btn-mute')).toBe(true);
    const { apiKey, apiSecret } = server.config.media;
    const rooms = new RoomServiceClient(server.url, apiKey, apiSecret);
    await rooms.updateParticipant('town-hall', guestId, {
      permission: {
        canSubscribe: true,
        canPublish: true,
        canPublishData: true,
        canPublishSources: [TrackSource.MICROPHONE],
      },
    });
    await guest.page.waitForFunction(() => window.podium!.mic().canPublish, null, { timeout: 20_000 });
    expect(await guest.page.textContent('#btn-mute')).toBe('Unmute');
    await guest.page.click('#btn-mute');
    await host.page.waitForFunction((id) => window.podium!.voices().some((v) => v.identity === id), guestId, {
      timeout: 30_000,
    });
  });

  it('push-to-talk keeps the host muted except while Space is held', async () => {
    const { page } = host;
    await page.click('#btn-settings');
    await page.check('#set-ptt');
    await page.click('#settings-close');
    await page.waitForFunction(() => window.podium!.mic().muted, null, { timeout: 20_000 });
    expect(await page.textContent('#btn-mute')).toBe('Hold Space to talk');
    await page.focus('#scene');
    await page.keyboard.down('Space');
    await page.waitForFunction(() => !window.podium!.mic().muted, null, { timeout: 20_000 });
    await page.keyboard.up('Space');
    await page.waitForFunction(() => window.podium!.mic().muted, null, { timeout: 20_000 });
    expect(host.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
