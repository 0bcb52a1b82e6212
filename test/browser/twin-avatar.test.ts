import { dispose as disposeRtc } from '@livekit/rtc-node';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectTwinParticipant,
  twinToken,
  type TwinParticipant,
} from '../../server/agent/participant/index.ts';
import { FestivalTts, speakSentences } from '../../server/speech/index.ts';
import { joinTownHall, launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { pairOnsets } from '../helpers/twin-onsets.ts';
// window.podiumTwin typing for page.evaluate callbacks.
import type {} from '../../client/twin/debug-hook.ts';

const VISEME_TARGETS = [
  'viseme_PP',
  'viseme_FF',
  'viseme_TH',
  'viseme_DD',
  'viseme_kk',
  'viseme_CH',
  'viseme_SS',
  'viseme_nn',
  'viseme_RR',
  'viseme_aa',
  'viseme_E',
  'viseme_I',
  'viseme_O',
  'viseme_U',
];
const SHOTS = '/work/main/.tmp';

/**
 * The twin on the stage in a real browser: the agent's own participant (connectTwinParticipant) speaks
 * Festival speech through the embedded SFU; Chromium loads the avatar, moves its mouth with the audio it
 * hears, captions the words, and stops and trims on interruption.
 */
describe('the AI twin on the stage', () => {
  let server: TestPodium;
  let browser: Browser;
  let viewer: TestPage;
  let twin: TwinParticipant;
  const tts = new FestivalTts();

  beforeAll(async () => {
    expect(await tts.isAvailable()).toEqual({ ok: true });
    await ensureClientBuilt();
    // The server's own twin stays off: this test drives the twin participant itself.
    server = await startTestServer({ env: { PODIUM_TWIN: 'off' } });
    browser = await launchBrowser();
    viewer = await newTestPage(browser);
    await joinTownHall(viewer.page, server.url, 'Ada Attendee');
    const { apiKey, apiSecret } = server.config.media;
    twin = await connectTwinParticipant({
      url: server.url.replace(/^http/, 'ws'),
      token: () =>
        twinToken({
          apiKey,
          apiSecret,
          roomName: 'town-hall',
          personaId: 'marisol-quennell',
          name: 'AI twin of Marisol Quennell',
        }),
      log: pino({ level: 'silent' }),
    });
  }, 180_000);

  afterAll(async () => {
    await twin?.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await tts.close();
    await disposeRtc();
  });

  it('appears on the stage with its face rig, the AI label and its agent state', async () => {
    const { page } = viewer;
    await page.waitForFunction(() => window.podiumTwin?.present() === true, null, { timeout: 30_000 });
    await page.waitForFunction(() => window.podiumTwin!.loaded() || window.podiumTwin!.loadError(), null, {
      timeout: 90_000,
    });
    expect(await page.evaluate(() => window.podiumTwin!.loadError())).toBeNull();
    const targets = await page.evaluate(() => window.podiumTwin!.morphTargets());
    expect(targets).toEqual(expect.arrayContaining([...VISEME_TARGETS, 'eyeBlinkLeft', 'eyeBlinkRight']));
    await page.waitForFunction(() => window.podiumTwin!.label() !== null, null, { timeout: 20_000 });
    await page.evaluate(() => window.podium!.placeCamera(0, 2.3, 0.6, 0, 0.05));
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}/twin-close.png` });
    expect(await page.evaluate(() => window.podiumTwin!.label())).toBe('AI twin of Marisol Quennell');
    // The twin is not a crowd member.
    expect(await page.evaluate(() => window.podium!.remoteAvatarIds())).not.toContain(twin.identity);

    await twin.setState('thinking');
    await page.waitForFunction(() => window.podiumTwin!.state() === 'thinking', null, { timeout: 20_000 });
    await twin.setState('listening');
    await page.waitForFunction(() => window.podiumTwin!.state() === 'listening', null, { timeout: 20_000 });
  });

  it('moves the mouth with the audio it hears, captions the words, and rests when the audio stops', async () => {
    const { page } = viewer;
    // The twin's voice plays spatially at the twin (one copy, no flat <audio> element).
    await page.waitForFunction(
      (id) => window.podium!.voices().some((v) => v.identity === id),
      twin.identity,
      { timeout: 30_000 },
    );
    await page.evaluate(() => window.podium!.placeCamera(0, 2.3, 0.6, 0, 0.05));
    await page.evaluate(() => window.podiumTwin!.clearOnsets());
    const sentences = [
      'Good morning, everyone.',
      'Our sensors shipped forty two thousand units this quarter.',
    ];
    const spoken = twin.speak(speakSentences(tts, sentences), { utteranceId: 'twin-test-1' });

    await page.waitForFunction(() => window.podiumTwin!.visemeWeightSum() > 0.2, null, {
      timeout: 30_000,
      polling: 'raf',
    });
    await page.screenshot({ path: `${SHOTS}/twin-speaking.png` });
    await page.waitForFunction(() => window.podiumTwin!.captionText().includes('Good morning'), null, {
      timeout: 30_000,
    });
    const result = await spoken;
    expect(result.interrupted).toBe(false);
    await page.waitForFunction(() => window.podiumTwin!.captionText().includes('this quarter.'), null, {
      timeout: 20_000,
    });
    // After the last word the mouth closes and stays closed.
    await page.waitForFunction(() => window.podiumTwin!.visemeWeightSum() === 0, null, { timeout: 10_000 });
    await page.waitForTimeout(400);
    expect(await page.evaluate(() => window.podiumTwin!.visemeWeightSum())).toBe(0);

    const caption = await page.evaluate(() => window.podiumTwin!.captionText());
    expect(caption).toBe(`AI twin · Marisol Quennell: ${sentences.join(' ')}`);
    const panel = await page.evaluate(() => window.podiumTwin!.panelCaption());
    expect(panel.text).toBe(sentences.join(' '));
    expect(panel.visible).toBe(false);
    const a11y = await page.evaluate(() => {
      const el = document.getElementById('twin-captions')!;
      return {
        live: el.querySelector('[aria-live="polite"]')?.textContent ?? null,
        html: el.querySelector('.twin-captions-text')?.innerHTML ?? null,
      };
    });
    expect(a11y.live).toBe(`AI twin · Marisol Quennell: ${sentences[1]}`);
    expect(a11y.html).toBe(sentences.join(' '));

    // The face was scheduled on the heard audio: the utterance was anchored on an audio onset and
    // every mouth opening has a heard audio onset near it.
    const u = await page.evaluate(() => window.podiumTwin!.utterance());
    expect(u).toMatchObject({ id: 'twin-test-1', anchor: 'onset', heardUntilMs: null });
    const mouth = await page.evaluate(() => window.podiumTwin!.mouthOnsets());
    const audio = await page.evaluate(() => window.podiumTwin!.audioOnsets());
    expect(audio.length).toBeGreaterThan(0);
    expect(mouth.length).toBeGreaterThan(0);
    const pairs = pairOnsets(mouth, audio, 250);
    process.stderr.write(
      `[twin-avatar] A/V offsets (mouth - audio, ms): ${pairs.map((p) => p.offsetMs.toFixed(1)).join(', ')}\n`,
    );
    expect(pairs.length).toBeGreaterThan(0);
    await page.evaluate(() => window.podium!.placeCamera(0, 3.2, -9, 0, 0.02));
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/twin-from-seats.png` });
  });

  it('an interruption stops the mouth and trims the captions to what was heard', async () => {
    const { page } = viewer;
    const sentences = [
      'Let me walk you through the roadmap for the Horizon platform in some detail.',
      'First we will finish the forecast service and move every customer over to it.',
      'Finally the Zanzibar expansion opens next spring with a brand new office.',
    ];
    const spoken = twin.speak(speakSentences(tts, sentences), { utteranceId: 'twin-test-2' });
    await page.waitForFunction(() => window.podiumTwin!.captionText().includes('walk you through'), null, {
      timeout: 30_000,
    });
    const cut = await twin.interrupt();
    expect(cut?.interrupted).toBe(true);
    const result = await spoken;
    expect(result.interrupted).toBe(true);
    await page.waitForFunction(() => window.podiumTwin!.utterance()?.heardUntilMs != null, null, {
      timeout: 20_000,
    });
    await page.waitForFunction(() => window.podiumTwin!.visemeWeightSum() === 0, null, { timeout: 10_000 });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.podiumTwin!.visemeWeightSum())).toBe(0);
    const caption = await page.evaluate(() => window.podiumTwin!.captionText());
    expect(caption.startsWith('AI twin · Marisol Quennell: Let me walk you through')).toBe(true);
    expect(caption).not.toContain('Zanzibar');
    // Nothing beyond what the agent says was heard: the caption is a prefix of the full text and
    // holds no more words than the agent's own record of what was played.
    const shown = caption.replace('AI twin · Marisol Quennell: ', '');
    expect(sentences.join(' ').startsWith(shown.replace(/\s+$/, ''))).toBe(true);
    expect(wordCount(shown)).toBeLessThanOrEqual(wordCount(result.spokenText) + 1);
    expect(viewer.errors).toEqual([]);
  });

  it('dematerialises when the twin leaves', async () => {
    const { page } = viewer;
    await twin.close();
    await page.waitForFunction(() => window.podiumTwin!.present() === false, null, { timeout: 20_000 });
    await page.waitForFunction(() => window.podiumTwin!.label() === null, null, { timeout: 20_000 });
    expect(await page.evaluate(() => window.podium!.voices().length)).toBe(0);
    expect(viewer.errors).toEqual([]);
    expect(viewer.offsiteRequests).toEqual([]);
  });
});

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
