import { dispose, type Room } from '@livekit/rtc-node';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinResponse } from '../../common/api.ts';
import { createParticipantCounter } from '../../server/livekit/index.ts';
import { launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { signInToConsole } from '../helpers/console.ts';
import { joinNode } from '../helpers/sfu-rtc-node.ts';
import { startTestServer, TEST_ADMIN_SECRET, type TestPodium } from '../helpers/server.ts';

const ROOM = 'town-hall';
const WAIT = { timeout: 20_000 };

/**
 * The live rooms page with media (the embedded SFU): people who connect to a room show up in its
 * row within a refresh, and leave it again, counted through LiveKit's RoomService.
 */
describe('console live rooms with media', () => {
  let server: TestPodium;
  let browser: Browser;
  let admin: TestPage;
  const rooms: Room[] = [];

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer();
    // What server.ts does once it listens; done here too so the test does not depend on that line.
    const media = server.config.media;
    server.governance.useParticipantCounter(
      createParticipantCounter(
        { url: server.url, apiKey: media.apiKey, apiSecret: media.apiSecret, timeoutMs: 3_000 },
        server.logger,
      ),
    );
    browser = await launchBrowser();
    admin = await newTestPage(browser);
  }, 300_000);

  afterAll(async () => {
    for (const r of rooms) await r.disconnect().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await dispose();
  });

  async function connect(name: string): Promise<Room> {
    const res = await fetch(new URL('/api/join', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roomId: ROOM, name }),
    });
    expect(res.status).toBe(200);
    const join = (await res.json()) as JoinResponse;
    const room = await joinNode(join.livekit.url, join.livekit.token);
    rooms.push(room);
    return room;
  }

  it('shows how many people are in each room as they come and go', async () => {
    const page = admin.page;
    await signInToConsole(page, server.url, TEST_ADMIN_SECRET);
    const people = page.locator(`#rooms-table tr[data-room-id="${ROOM}"] td[data-people]`);
    await people.waitFor(WAIT);
    const capacity = (await people.textContent())!.replace(/^\d+ of /, '');
    expect(await people.getAttribute('data-people')).toBe('0');
    expect(await page.locator('#people-unknown').count()).toBe(0);

    const ada = await connect('Ada');
    await connect('Bob');
    await page.locator(`#rooms-table tr[data-room-id="${ROOM}"] td[data-people="2"]`).waitFor(WAIT);
    expect(await people.textContent()).toBe(`2 of ${capacity}`);

    await ada.disconnect();
    await page.locator(`#rooms-table tr[data-room-id="${ROOM}"] td[data-people="1"]`).waitFor(WAIT);
    expect(admin.errors).toEqual([]);
    expect(admin.offsiteRequests).toEqual([]);
  });
});
