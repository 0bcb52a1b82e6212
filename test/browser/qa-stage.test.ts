import { RoomServiceClient } from 'livekit-server-sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteRecordDto } from '../../common/admin-api.ts';
import { joinTownHall, launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

const ROOM = 'town-hall';
const WAIT = { timeout: 30_000 };

declare global {
  interface Window {
    __energy?: (identity: string, ms: number) => Promise<number>;
  }
}

/**
 * Installs `window.__energy(identity, ms)` in a listener's page: the peak RMS (dBFS) of the
 * decoded audio it receives from `identity` over `ms`, measured with its own WebAudio analyser
 * on the subscribed LiveKit track; -Infinity when it receives no audio track from them.
 */
async function installEnergyProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const ctx = new AudioContext();
    window.__energy = async (identity, ms) => {
      const p = window.podiumQa!.room()?.remoteParticipants.get(identity);
      const track = [...(p?.audioTrackPublications.values() ?? [])].find((t) => t.track)?.track;
      if (!track) return -Infinity;
      const stream = new MediaStream([track.mediaStreamTrack]);
      // Chromium feeds a remote WebRTC stream into WebAudio only while a media element plays it.
      const sink = new Audio();
      sink.muted = true;
      sink.srcObject = stream;
      await sink.play().catch(() => undefined);
      await ctx.resume();
      const source = ctx.createMediaStreamSource(stream);
      const analyser = new AnalyserNode(ctx, { fftSize: 2048 });
      source.connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      let peak = -Infinity;
      const end = performance.now() + ms;
      while (performance.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
        analyser.getFloatTimeDomainData(buf);
        let sum = 0;
        for (const v of buf) sum += v * v;
        peak = Math.max(peak, 20 * Math.log10(Math.max(Math.sqrt(sum / buf.length), 1e-9)));
      }
      source.disconnect();
      sink.srcObject = null;
      return peak;
    };
  });
}

/** Tries to publish the microphone through LiveKit directly, bypassing the UI; the error or 'ok'. */
function tryPublish(page: Page, pretendAllowed: boolean): Promise<string> {
  return page.evaluate(async (pretend) => {
    const lp = window.podiumQa!.room()!.localParticipant;
    const real = lp.permissions;
    // Pretending lets the request reach the SFU: livekit-client checks the server's grant first.
    if (pretend && real) {
      const fake = real.clone();
      fake.canPublish = true;
      fake.canPublishSources = [];
      lp.permissions = fake;
    }
    try {
      await lp.setMicrophoneEnabled(true);
      return 'ok';
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    } finally {
      if (pretend && real) lp.permissions = real;
    }
  }, pretendAllowed);
}

/**
 * Raise hand → the host brings the attendee on stage → their microphone works and another
 * attendee hears them; before that the SFU refuses their audio; sent back → the track is gone;
 * a promoted attendee who reconnects keeps the stage; mute, mute all, remove and end.
 */
describe('stage: raise hand, promotion and host controls in three browsers', () => {
  let server: TestPodium;
  let browser: Browser;
  let host: TestPage;
  let ann: TestPage;
  let ben: TestPage;
  let annId = '';
  let rooms: RoomServiceClient;

  const annTracks = async () =>
    (await rooms.listParticipants(ROOM)).find((p) => p.identity === annId)?.tracks ?? [];
  const stageRow = (page: Page, identity: string) =>
    page.locator(`#console-stage-list li[data-identity="${identity}"]`);

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer();
    rooms = new RoomServiceClient(server.url, server.config.media.apiKey, server.config.media.apiSecret);
    const invite = await requestJson<InviteRecordDto>(server.url, `/api/admin/rooms/${ROOM}/invites`, {
      body: { role: 'host' },
      headers: server.adminHeaders,
    });
    browser = await launchBrowser();
    host = await newTestPage(browser, { viewport: { width: 1280, height: 800 } });
    ann = await newTestPage(browser);
    ben = await newTestPage(browser);
    await joinTownHall(host.page, server.url, 'Hana Host', `&room=${ROOM}&invite=${invite.body.token}`);
    annId = await joinTownHall(ann.page, server.url, 'Ann Attendee');
    await joinTownHall(ben.page, server.url, 'Ben Attendee');
    await installEnergyProbe(ben.page);
    await host.page.click('#btn-console');
    await host.page.locator('#qa-console').waitFor({ state: 'visible' });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses an attendee’s microphone until promoted: in the UI and at the SFU', async () => {
    expect(await ann.page.textContent('#btn-mute')).toBe('Listen only');
    expect(await ann.page.isDisabled('#btn-mute')).toBe(true);
    // livekit-client itself refuses with the grant the server gave…
    expect(await tryPublish(ann.page, false)).toMatch(/insufficient permissions/);
    // …and when a page pretends otherwise, the SFU refuses the track. (Ben does this: after a
    // refused track the embedded SFU session cannot publish again until it reconnects.)
    expect(await tryPublish(ben.page, false)).toMatch(/insufficient permissions/);
    expect(await tryPublish(ben.page, true)).not.toBe('ok');
    const benId = (await ben.page.evaluate(() => window.podium!.identity()))!;
    const benTracks = (await rooms.listParticipants(ROOM)).find((p) => p.identity === benId)?.tracks;
    expect(benTracks).toEqual([]);
    expect(await annTracks()).toEqual([]);
    expect(await host.page.evaluate(() => window.podiumQa!.room()!.remoteParticipants.size)).toBe(2);
    expect(await ben.page.evaluate((id) => window.__energy!(id, 300), annId)).toBe(-Infinity);
  });

  it('raise hand → the host brings Ann on stage → her microphone works and Ben hears her', async () => {
    await ann.page.click('#btn-hand');
    await ann.page.locator('#stage-status', { hasText: 'Hand raised' }).waitFor(WAIT);
    expect(await ann.page.getAttribute('#btn-hand', 'aria-pressed')).toBe('true');
    const row = stageRow(host.page, annId);
    await row.waitFor(WAIT);
    expect(await row.locator('.stage-name').textContent()).toBe('Ann Attendee');
    await row.locator('[data-person="promote"]').click();
    await ann.page.locator('#stage-status', { hasText: 'You’re on stage' }).waitFor(WAIT);
    await ann.page.waitForFunction(() => window.podium!.mic().canPublish, null, WAIT);
    expect(await ann.page.textContent('#btn-mute')).toBe('Unmute');
    expect(await ann.page.isHidden('#btn-hand')).toBe(true);
    await ann.page.click('#btn-mute');
    await ann.page.waitForFunction(() => !window.podium!.mic().muted, null, WAIT);
    await expect.poll(async () => (await annTracks()).length, WAIT).toBe(1);
    // Decoded audio from Ann reaches Ben (Chromium's fake microphone beeps).
    await ben.page.waitForFunction((id) => window.__energy!(id, 1_500).then((db) => db > -45), annId, {
      timeout: 30_000,
      polling: 500,
    });
  });

  it('the host mutes her, then sends her back: the track is unpublished and nothing more is heard', async () => {
    await stageRow(host.page, annId).locator('[data-person="mute"]').click();
    await expect.poll(async () => (await annTracks()).every((t) => t.muted), WAIT).toBe(true);
    await stageRow(host.page, annId).locator('[data-person="demote"]').click();
    await ann.page.waitForFunction(() => !window.podium!.mic().canPublish, null, WAIT);
    expect(await ann.page.textContent('#btn-mute')).toBe('Listen only');
    await ann.page.locator('#stage-status', { hasText: 'back in the audience' }).waitFor(WAIT);
    await expect.poll(async () => (await annTracks()).length, WAIT).toBe(0);
    await ben.page.waitForFunction(
      (id) => window.__energy!(id, 200).then((db) => db === -Infinity),
      annId,
      WAIT,
    );
    expect(await tryPublish(ann.page, false)).toMatch(/insufficient permissions/);
  });

  it('a promoted attendee who reconnects keeps the stage and can speak again', async () => {
    await ann.page.click('#btn-hand');
    await stageRow(host.page, annId).locator('[data-person="promote"]').click();
    await ann.page.waitForFunction(() => window.podium!.mic().canPublish, null, WAIT);
    await ann.context.setOffline(true);
    await ann.page.waitForFunction(() => window.podium!.connectionPhase() !== 'connected', null, {
      timeout: 90_000,
    });
    await ann.context.setOffline(false);
    await ann.page.waitForFunction(() => window.podium!.connectionPhase() === 'connected', null, {
      timeout: 90_000,
    });
    // Whether LiveKit reconnected the same identity or the page rejoined under a new one.
    annId = (await ann.page.evaluate(() => window.podium!.identity()))!;
    await ann.page.waitForFunction(() => window.podium!.mic().canPublish, null, { timeout: 60_000 });
    await ann.page.locator('#stage-status', { hasText: 'You’re on stage' }).waitFor(WAIT);
    await ann.page.click('#btn-mute');
    await ann.page.waitForFunction(() => !window.podium!.mic().muted, null, WAIT);
    await ben.page.waitForFunction((id) => window.__energy!(id, 1_500).then((db) => db > -45), annId, {
      timeout: 60_000,
      polling: 500,
    });
  });

  it('mutes everyone after a confirmation', async () => {
    await host.page.click('#console-mute-all');
    await host.page.locator('#console-dialog').waitFor({ state: 'visible' });
    expect(await host.page.textContent('#console-dialog-title')).toBe('Mute everyone?');
    await host.page.click('#console-dialog-confirm');
    await host.page.locator('#console-error', { hasText: /Muted 1 microphone/ }).waitFor(WAIT);
    await expect.poll(async () => (await annTracks()).every((t) => t.muted), WAIT).toBe(true);
  });

  it('removes a participant after a confirmation (cancel keeps them)', async () => {
    const benId = (await ben.page.evaluate(() => window.podium!.identity()))!;
    await host.page.click('.console-people summary');
    const person = host.page.locator(`#console-people li[data-identity="${benId}"]`);
    await person.waitFor(WAIT);
    await person.locator('[data-person="remove"]').click();
    await host.page.click('#console-dialog-cancel');
    await host.page.locator('#console-dialog').waitFor({ state: 'hidden' });
    expect(await ben.page.evaluate(() => window.podium!.connectionPhase())).toBe('connected');
    await person.locator('[data-person="remove"]').click();
    await host.page.click('#console-dialog-confirm');
    await ben.page.locator('#room-status', { hasText: /removed you/i }).waitFor(WAIT);
    expect(await ben.page.evaluate(() => window.podium!.connectionPhase())).toBe('disconnected');
  });

  it('ends the session after a confirmation: questions close and everyone is disconnected', async () => {
    await host.page.click('#console-end');
    expect(await host.page.textContent('#console-dialog-title')).toBe('End the session?');
    await host.page.click('#console-dialog-confirm');
    await ann.page.locator('#room-status', { hasText: /closed/i }).waitFor(WAIT);
    const ended = await host.page.evaluate(async (room) => {
      const r = await fetch(`/api/rooms/${room}/questions`);
      return ((await r.json()) as { settings: { ended: boolean } }).settings.ended;
    }, ROOM);
    expect(ended).toBe(true);
  });

  it('raised no page errors and downloaded nothing from elsewhere', () => {
    for (const p of [host, ann, ben]) {
      expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
      expect(p.offsiteRequests).toEqual([]);
    }
  });
});
