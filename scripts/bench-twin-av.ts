// A/V offset of the twin's face in a real browser, for bench:twin: headless Chromium joins the room
// as a listener and logs, on its own clock, when the avatar's mouth opens and when the twin's audio
// is heard (client/twin's test hook); each heard onset is paired with the nearest mouth onset.
import type {} from '../client/twin/debug-hook.ts';
import { joinTownHall, launchBrowser, newTestPage } from '../test/helpers/browser.ts';
import { ensureClientBuilt } from '../test/helpers/build-client.ts';
import { pairOnsets } from '../test/helpers/twin-onsets.ts';
import { percentile } from './bench-kit.ts';

export interface AvOffsetResult {
  /** Percentiles of |mouth onset − audio onset|. */
  p50Ms: number;
  p95Ms: number;
  /** Mean of mouth − audio: positive when the mouth lags what is heard. */
  meanSignedMs: number;
  /** Signed offsets' spread: the 5th and 95th percentiles of mouth − audio. */
  signedP5Ms: number;
  signedP95Ms: number;
  pairs: number;
  /** Onsets logged: audio as heard, mouth openings (pairs are drawn from these). */
  heardOnsets: number;
  mouthOnsets: number;
  /** Frames per second the page rendered while the answers played, and the viewport. */
  fps: number;
  viewport: string;
}

export interface AvOptions {
  base: string;
  /** Sends one question to the twin (submitted by `asker`, approved and sent live by the host). */
  ask: (text: string, asker: { cookie: string }) => Promise<void>;
  joinAsker: (name: string) => Promise<{ cookie: string }>;
  questions: readonly string[];
  log: (msg: string) => void;
}

/** Onsets further apart than this are not the same event. */
const PAIR_WINDOW_MS = 150;
/**
 * A small viewport: SwiftShader (software WebGL) is fill-rate bound, ~7.6 fps at 960x600 and ~20 fps
 * here. The mouth's onsets are evaluated between frames anyway and the schedule does not depend on the
 * resolution; a faster frame loop keeps the audio analyser (polled once a frame) and the data callbacks
 * prompt, as on a real device.
 */
const VIEWPORT = { width: 320, height: 200 };
/** Counts animation frames on the page (a string: tsx-compiled functions break in page.evaluate). */
const COUNT_FRAMES = `(() => { const w = window; w.__avFrames = 0; w.__avSince = performance.now();
  const tick = () => { w.__avFrames++; requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`;
const READ_FPS = `window.__avFrames / ((performance.now() - window.__avSince) / 1000)`;

export async function measureAvOffset(o: AvOptions): Promise<AvOffsetResult> {
  await ensureClientBuilt(o.log);
  const browser = await launchBrowser();
  try {
    const { page } = await newTestPage(browser, { viewport: VIEWPORT });
    await joinTownHall(page, o.base, 'AV Listener');
    await page.waitForFunction(() => window.podiumTwin?.loaded() === true, undefined, { timeout: 120_000 });
    // Face the stage from the front row, where the face is what a viewer watches.
    await page.evaluate(() => window.podium?.placeCamera(0, 2.3, 0.6, 0, 0.05));
    const offsets: number[] = [];
    let heardOnsets = 0;
    let mouthOnsets = 0;
    await page.evaluate(COUNT_FRAMES);
    for (const [i, text] of o.questions.entries()) {
      const asker = await o.joinAsker(`AV Asker ${i}`);
      await page.evaluate(() => window.podiumTwin!.clearOnsets());
      await o.ask(text, asker);
      // Let the answer play for a while: each sentence brings several mouth/audio onsets.
      await page.waitForTimeout(8_000);
      const mouth = await page.evaluate(() => window.podiumTwin!.mouthOnsets());
      const audio = await page.evaluate(() => window.podiumTwin!.audioOnsets());
      const pairs = pairOnsets(mouth, audio, PAIR_WINDOW_MS);
      o.log(
        `  A/V question ${i}: ${pairs.length} onset pairs (${audio.length} heard, ${mouth.length} mouth)`,
      );
      o.log(`    mouth − audio (ms): ${pairs.map((p) => p.offsetMs.toFixed(0)).join(' ')}`);
      offsets.push(...pairs.map((p) => p.offsetMs));
      heardOnsets += audio.length;
      mouthOnsets += mouth.length;
    }
    const fps = Number(await page.evaluate(READ_FPS));
    o.log(`  A/V page rendered ${fps.toFixed(1)} fps at ${VIEWPORT.width}x${VIEWPORT.height}`);
    if (offsets.length === 0) throw new Error('no audio/mouth onset pairs were observed');
    const abs = offsets.map(Math.abs);
    return {
      p50Ms: percentile(abs, 50),
      p95Ms: percentile(abs, 95),
      meanSignedMs: offsets.reduce((a, b) => a + b, 0) / offsets.length,
      signedP5Ms: percentile(offsets, 5),
      signedP95Ms: percentile(offsets, 95),
      pairs: offsets.length,
      heardOnsets,
      mouthOnsets,
      fps,
      viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
    };
  } finally {
    await browser.close();
  }
}
