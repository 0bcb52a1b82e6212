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
  pairs: number;
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

export async function measureAvOffset(o: AvOptions): Promise<AvOffsetResult> {
  await ensureClientBuilt(o.log);
  const browser = await launchBrowser();
  try {
    const { page } = await newTestPage(browser);
    await joinTownHall(page, o.base, 'AV Listener');
    await page.waitForFunction(() => window.podiumTwin?.loaded() === true, undefined, { timeout: 120_000 });
    // Face the stage from the front row, where the face is what a viewer watches.
    await page.evaluate(() => window.podium?.placeCamera(0, 2.3, 0.6, 0, 0.05));
    const offsets: number[] = [];
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
      offsets.push(...pairs.map((p) => p.offsetMs));
    }
    if (offsets.length === 0) throw new Error('no audio/mouth onset pairs were observed');
    const abs = offsets.map(Math.abs);
    return {
      p50Ms: percentile(abs, 50),
      p95Ms: percentile(abs, 95),
      meanSignedMs: offsets.reduce((a, b) => a + b, 0) / offsets.length,
      pairs: offsets.length,
    };
  } finally {
    await browser.close();
  }
}
