// A/V offset of the twin's face in a real browser, for bench:twin: headless Chromium joins the room
// as a listener and logs, on its own clock, when the avatar's mouth opens and when the twin's audio
// is heard (client/twin's test hook); each heard onset is paired with the nearest mouth onset.
import type {} from '../client/twin/debug-hook.ts';
import type { ScheduleEvent } from '../client/twin/onset-log.ts';
import { joinTownHall, launchBrowser, newTestPage } from '../test/helpers/browser.ts';
import { ensureClientBuilt } from '../test/helpers/build-client.ts';
import { pairOnsets, type OnsetPair } from '../test/helpers/twin-onsets.ts';
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
  /** Also logs every pair with what the schedule did around it (anchoring, timeline arrival). */
  diagnose?: boolean;
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
/** Diagnose mode: keeps the page's peer connections, to read the received audio's jitter-buffer stats. */
const KEEP_PCS = `(() => { const Orig = window.RTCPeerConnection; window.__avPcs = [];
  window.RTCPeerConnection = class extends Orig { constructor(...a) { super(...a); window.__avPcs.push(this); } }; })()`;
/** Sums of the inbound audio stats that say the receiver stretched, squeezed or concealed the voice. */
const READ_AUDIO_STATS = `(async () => { const t = { concealedSamples: 0, silentConcealedSamples: 0,
  concealmentEvents: 0, insertedSamplesForDeceleration: 0, removedSamplesForAcceleration: 0, packetsLost: 0,
  jitterBufferDelay: 0, jitterBufferEmittedCount: 0, totalSamplesReceived: 0 };
  for (const pc of window.__avPcs) for (const r of (await pc.getStats()).values())
    if (r.type === 'inbound-rtp' && r.kind === 'audio') for (const k of Object.keys(t)) t[k] += r[k] ?? 0;
  return t; })()`;

export async function measureAvOffset(o: AvOptions): Promise<AvOffsetResult> {
  await ensureClientBuilt(o.log);
  const browser = await launchBrowser();
  try {
    const { page } = await newTestPage(browser, {
      viewport: VIEWPORT,
      ...(o.diagnose ? { initScripts: [KEEP_PCS] } : {}),
    });
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
      const statsBefore = o.diagnose ? await readAudioStats(page) : null;
      const gapsBefore = await page.evaluate(() => window.podiumTwin!.audioGaps());
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
      if (o.diagnose) {
        const events = await page.evaluate(() => window.podiumTwin!.scheduleEvents());
        for (const line of describePairs(pairs, mouth, audio, events)) o.log(`    ${line}`);
        const after = await readAudioStats(page);
        const gaps = (await page.evaluate(() => window.podiumTwin!.audioGaps())) - gapsBefore;
        o.log(
          `    received audio during the answer: ${describeStats(statsBefore!, after)}, analysis gaps ${gaps}`,
        );
      }
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

/**
 * One line per pair and per unpaired onset: the utterance, whether the schedule anchored on that heard
 * onset (first sound or a later phrase), and when the segment holding that phrase arrived relative to
 * the sound (positive: the data came after the audio was heard).
 */
export function describePairs(
  pairs: readonly OnsetPair[],
  mouth: readonly number[],
  audio: readonly number[],
  events: readonly ScheduleEvent[],
): string[] {
  const lines: string[] = [];
  const t0 = Math.min(...audio, ...mouth);
  const rel = (ms: number): string => (ms - t0).toFixed(0);
  const utteranceAt = (ms: number): string => {
    let id = '?';
    for (const e of events) if (e.kind === 'start' && e.atMs <= ms + 300) id = e.utteranceId;
    return id;
  };
  for (const e of events) if (e.kind === 'start') lines.push(`start ${e.utteranceId} arrived ${rel(e.atMs)}`);
  for (const p of pairs) {
    const anchor = events.find((e) => e.kind === 'anchor' && Math.abs(e.atMs - p.audioMs) < 0.01);
    const u = utteranceAt(p.audioMs);
    let note = 'not anchored here';
    if (anchor?.kind === 'anchor') {
      const segs = events.filter(
        (e): e is Extract<ScheduleEvent, { kind: 'segment' }> =>
          e.kind === 'segment' && e.utteranceId === anchor.utteranceId,
      );
      const seg = segs.filter((e) => e.audioStartOffsetMs <= anchor.phraseMs).at(-1);
      const arrival = seg
        ? `seg ${seg.seq} ${seg.exact ? 'exact' : 'predicted'} arrived ${(seg.atMs - p.audioMs).toFixed(0)} ms vs sound`
        : 'no segment';
      note = `${anchor.first ? 'anchored (first)' : 're-anchored'} at phrase ${anchor.phraseMs.toFixed(0)} ms, ${arrival}`;
    }
    lines.push(
      `pair ${u} audio ${rel(p.audioMs)} mouth ${rel(p.mouthMs)} offset ${p.offsetMs.toFixed(0)}: ${note}`,
    );
  }
  const pairedA = new Set(pairs.map((p) => p.audioMs));
  const pairedM = new Set(pairs.map((p) => p.mouthMs));
  for (const a of audio) if (!pairedA.has(a)) lines.push(`unpaired audio ${rel(a)} (${utteranceAt(a)})`);
  for (const m of mouth) if (!pairedM.has(m)) lines.push(`unpaired mouth ${rel(m)} (${utteranceAt(m)})`);
  return lines;
}

type AudioStats = Record<string, number>;

async function readAudioStats(page: { evaluate: (js: string) => Promise<unknown> }): Promise<AudioStats> {
  return (await page.evaluate(READ_AUDIO_STATS)) as AudioStats;
}

/** What the receiver's jitter buffer did between two stat readings (48 kHz samples shown as ms). */
function describeStats(a: AudioStats, b: AudioStats): string {
  const d = (k: string): number => (b[k] ?? 0) - (a[k] ?? 0);
  const ms = (k: string): string => `${((d(k) / 48_000) * 1000).toFixed(0)} ms`;
  const emitted = d('jitterBufferEmittedCount');
  const bufferMs = emitted > 0 ? ((d('jitterBufferDelay') / emitted) * 1000).toFixed(0) : '?';
  return [
    `concealed ${ms('concealedSamples')} (silent ${ms('silentConcealedSamples')}, ${d('concealmentEvents')} events)`,
    `stretched +${ms('insertedSamplesForDeceleration')} / -${ms('removedSamplesForAcceleration')}`,
    `lost ${d('packetsLost')} packets`,
    `jitter buffer ~${bufferMs} ms`,
  ].join(', ');
}
