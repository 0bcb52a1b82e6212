import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionListResponse, QuestionView } from '../../common/qa.ts';
// window.podiumTwin / window.podiumQa typing for page.evaluate callbacks.
import type {} from '../../client/twin/debug-hook.ts';
import type {} from '../../client/qa/qa-debug.ts';
import { encodeWav, FestivalTts } from '../../server/speech/index.ts';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  joinTownHall,
  newTestPage,
  type TestPage,
} from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { join } from '../integration/qa-helpers.ts';

// Ask the twin, end to end, from a browser. By voice on the desktop: Chromium's fake microphone plays a
// Festival recording of a question; holding V publishes it into a private booth room where the twin
// listens, the server's speech in (Silero VAD + pocketsphinx) transcribes it, the asker sees the
// transcript, and "Ask" submits it as an ordinary question.

const QUESTION = 'What is our policy on hybrid work?';
let server: TestPodium;
let browser: Browser;
let asker: TestPage;
let dir: string;

beforeAll(async () => {
  await ensureClientBuilt();
  dir = mkdtempSync(joinPath(tmpdir(), 'podium-voice-'));
  const tts = new FestivalTts();
  const seg = await tts.synthesize(QUESTION);
  await tts.close();
  // Speech then a second of silence: Chromium loops the file while the microphone is open.
  const pcm = new Int16Array(seg.pcm.length + 48_000);
  pcm.set(seg.pcm);
  const wav = joinPath(dir, 'question.wav');
  writeFileSync(wav, encodeWav(pcm, seg.sampleRateHz));
  server = await startTestServer({ env: { PODIUM_TWIN: 'marisol-quennell' } });
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${wav}`],
  });
  asker = await newTestPage(browser);
  await joinTownHall(asker.page, server.url, 'Vera Voice');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ask by voice', () => {
  it('records while V is held, shows the transcript to confirm, then submits it', async () => {
    const { page } = asker;
    const voiceCalls: string[] = [];
    page.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (/\/voice-(ask|question)/.test(path)) voiceCalls.push(`${req.method()} ${path}`);
    });
    // Why the booth could not be set up, if it could not (the page says so on the console).
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
    });
    await page.locator('#scene').focus();
    await page.keyboard.down('KeyV');
    await page.waitForFunction(
      () => document.querySelector('.voice-ask-dialog')?.getAttribute('data-phase') === 'recording',
    );
    // "Listening…" only once the microphone is published into the booth.
    await page.waitForFunction(
      () => /Listening/.test(document.querySelector('.voice-ask-status')?.textContent ?? ''),
      null,
      { timeout: 30_000 },
    );
    expect(await page.getAttribute('.voice-ask-dialog', 'data-path'), warnings.join('\n')).toBe('booth');
    // Long enough for the whole recorded question, whatever point of the loop the capture starts at.
    await page.waitForTimeout(5_000);
    await page.keyboard.up('KeyV');
    await page.waitForFunction(
      () => document.querySelector('.voice-ask-dialog')?.getAttribute('data-phase') === 'confirming',
      null,
      { timeout: 60_000 },
    );
    const transcript = await page.inputValue('.voice-ask-text');
    expect(transcript.toLowerCase()).toContain('hybrid');
    // Through the booth, not the WAV upload fallback; and the booth is closed again.
    // (A booth that lost the WebRTC negotiation race is cancelled and opened once more.)
    expect(voiceCalls.filter((c) => c.includes('voice-question'))).toEqual([]);
    expect(voiceCalls[0]).toBe('POST /api/rooms/town-hall/voice-ask');
    expect(voiceCalls.at(-1)).toMatch(/^POST \/api\/rooms\/town-hall\/voice-ask\/[\w-]+\/finish$/);
    expect(voiceCalls.filter((c) => c.endsWith('/finish'))).toHaveLength(1);
    expect((await server.twin())!.voice.asks!.openCount).toBe(0);
    // The asker corrects the transcript before asking.
    await page.fill('.voice-ask-text', QUESTION);
    await page.click('.voice-ask-send');
    await page.waitForFunction(() => (document.querySelector('.voice-ask-dialog') as HTMLElement).hidden);

    const moderator = await join(server, 'town-hall', 'Mo Moderator', 'moderator');
    const listed = await moderator.call<QuestionListResponse>(
      'GET',
      '/api/rooms/town-hall/questions?state=pending',
    );
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.questions.map((q) => q.text)).toContain(QUESTION);
    expect(asker.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    expect(asker.offsiteRequests).toEqual([]);
  });

  it('the host sends it to the twin: the asker hears it answered on stage, face and captions in step', async () => {
    const { page } = asker;
    const host = await join(server, 'town-hall', 'Hana Host', 'host');
    const pending = await host.call<QuestionListResponse>(
      'GET',
      '/api/rooms/town-hall/questions?state=pending',
    );
    const q = pending.body.questions.find((x) => x.text === QUESTION)!;
    expect((await host.call('POST', `/api/questions/${q.id}/approve`)).status).toBe(200);
    await page.waitForFunction(() => window.podiumTwin?.loaded() === true, null, { timeout: 120_000 });
    await page.evaluate(() => window.podiumTwin!.clearOnsets());
    const live = await host.call('POST', `/api/questions/${q.id}/live`, { target: 'twin' });
    expect(live.status, JSON.stringify(live.body)).toBe(200);

    // The face moves while the answer is heard, and the captions follow the words.
    await page.waitForFunction(() => window.podiumTwin!.visemeWeightSum() > 0.1, null, { timeout: 60_000 });
    await page.waitForFunction(() => window.podiumTwin!.audioOnsets().length > 0, null, { timeout: 30_000 });
    await page.waitForFunction(() => /AI twin/i.test(window.podiumTwin!.captionText()), null, {
      timeout: 30_000,
    });
    // Answered, for everyone: the big screen shows the twin's citation.
    await page.waitForFunction(
      () => window.podiumQa?.screen()?.text.some((line) => /Hybrid work/i.test(line)) === true,
      null,
      { timeout: 120_000 },
    );
    const answered = await host.call<QuestionView>('GET', `/api/questions/${q.id}`);
    expect(answered.body.state).toBe('answered');
    expect(answered.body.answer?.mode).toBe('twin');
    // When the audio stops, the mouth comes to rest.
    await page.waitForFunction(() => window.podiumTwin!.visemeWeightSum() < 0.02, null, { timeout: 30_000 });
    expect(asker.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('falls back to uploading the recording when the booth cannot be set up', async () => {
    const { page } = asker;
    // The booth route fails (as when LiveKit is unreachable): the browser records and uploads instead.
    await page.route('**/voice-ask', (route) => route.abort('connectionrefused'));
    const uploads: string[] = [];
    page.on('request', (req) => {
      if (req.url().endsWith('/voice-question')) uploads.push(req.method());
    });
    try {
      await page.locator('#scene').focus();
      await page.keyboard.down('KeyV');
      await page.waitForFunction(
        () => /Listening/.test(document.querySelector('.voice-ask-status')?.textContent ?? ''),
        null,
        { timeout: 30_000 },
      );
      expect(await page.getAttribute('.voice-ask-dialog', 'data-path')).toBe('upload');
      await page.waitForTimeout(5_000);
      await page.keyboard.up('KeyV');
      await page.waitForFunction(
        () => document.querySelector('.voice-ask-dialog')?.getAttribute('data-phase') === 'confirming',
        null,
        { timeout: 60_000 },
      );
      expect((await page.inputValue('.voice-ask-text')).toLowerCase()).toContain('hybrid');
      expect(uploads).toEqual(['POST']);
      await page.click('.voice-ask-cancel');
    } finally {
      await page.unroute('**/voice-ask');
    }
  });

  it('says so when nobody spoke, and lets the asker try again', async () => {
    const { page } = asker;
    await page.locator('#scene').focus();
    await page.keyboard.down('KeyV');
    await page.waitForTimeout(100);
    await page.keyboard.up('KeyV');
    await page.waitForFunction(() =>
      /Hold the button/.test(document.querySelector('.voice-ask-status')?.textContent ?? ''),
    );
    expect(await page.inputValue('.voice-ask-text')).toBe('');
    await page.click('.voice-ask-cancel');
    expect(await page.isHidden('.voice-ask-dialog')).toBe(true);
  });
});
