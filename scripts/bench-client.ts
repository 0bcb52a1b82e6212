/**
 * `npm run bench:client` — the browser client's size and rendering cost.
 *
 * 1. Builds the client if dist/client is stale.
 * 2. Bundle sizes (gzip -9): the initial JS (index.html's entry script plus everything it imports
 *    statically — what loads before the lobby is usable) and all JS.
 * 3. In headless Chromium (SwiftShader WebGL2) against a real Podium server: joins the town hall
 *    and measures draw calls, active meshes and CPU frame time with 0 and with 200 synthetic
 *    remote avatars (seated across the hall, sending poses at 15 Hz through the normal path),
 *    seen from the stage so every avatar is in view. CPU frame time is the median over 240 frames.
 *
 * Progress goes to stderr; the last stdout line is one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { startPodium } from '../server/server.ts';
import { CHROMIUM_ARGS, joinTownHall, launchBrowser, newTestPage } from '../test/helpers/browser.ts';
import { CLIENT_DIST, ensureClientBuilt } from '../test/helpers/build-client.ts';

const AVATARS = 200;
const SETTLE_MS = 4_000;
/** Frames to average over; the window ends early only at MEASURE_MAX_MS (a loaded machine). */
const MEASURE_FRAMES = 240;
const MEASURE_MAX_MS = 60_000;
const VIEWPORT = { width: 1280, height: 720 };

const log = (msg: string): void => void process.stderr.write(`[bench:client] ${msg}\n`);

/** Files `file` imports statically (not `import()`), as paths relative to dist/client. */
function staticImports(file: string): string[] {
  const code = readFileSync(join(CLIENT_DIST, file), 'utf8');
  const out = new Set<string>();
  const patterns = [
    /(?:^|[;\s}])import\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"']+\.js)["']/g,
    /(?:^|[;\s}])export\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+\.js)["']/g,
  ];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      const spec = m[1]!;
      out.add(spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(file), spec)));
    }
  }
  return [...out];
}

function gzipKiB(files: Iterable<string>): number {
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(CLIENT_DIST, f)), { level: 9 }).length;
  return Math.round((bytes / 1024) * 10) / 10;
}

function bundleSizes(): { initial: number; total: number; initialFiles: number; totalFiles: number } {
  const html = readFileSync(join(CLIENT_DIST, 'index.html'), 'utf8');
  const roots = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="\/?([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/?([^"]+)"/g),
  ].map((m) => m[1]!);
  if (roots.length === 0) throw new Error('no entry script found in dist/client/index.html');
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    queue.push(...staticImports(f));
  }
  const all = readdirSync(join(CLIENT_DIST, '_app'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `_app/${f}`);
  return { initial: gzipKiB(seen), total: gzipKiB(all), initialFiles: seen.size, totalFiles: all.length };
}

interface Sample {
  drawCalls: number;
  activeMeshes: number;
  cpu: { medianMs: number; meanMs: number; p95Ms: number; frames: number };
  avatars: number;
}

async function measure(page: Page): Promise<Sample> {
  await page.waitForTimeout(SETTLE_MS);
  await page.evaluate(() => window.podium!.resetFrameStats());
  await page
    .waitForFunction((n) => window.podium!.frameCpuStats().frames >= n, MEASURE_FRAMES, {
      timeout: MEASURE_MAX_MS,
      polling: 250,
    })
    .catch(() => log(`  fewer than ${MEASURE_FRAMES} frames in ${MEASURE_MAX_MS / 1000} s (busy machine)`));
  return page.evaluate(() => ({
    drawCalls: window.podium!.drawCalls(),
    activeMeshes: window.podium!.activeMeshes(),
    cpu: window.podium!.frameCpuStats(),
    avatars: window.podium!.remoteAvatarCount(),
  }));
}

async function main(): Promise<void> {
  log('checking the client build');
  await ensureClientBuilt(log);
  const sizes = bundleSizes();
  log(`initial JS ${sizes.initial} KiB gzip (${sizes.initialFiles} files), all JS ${sizes.total} KiB gzip`);

  const dataDir = mkdtempSync(join(tmpdir(), 'podium-bench-client-'));
  const server = await startPodium(
    { PORT: '0', DATA_DIR: dataDir, ADMIN_SECRET: randomBytes(24).toString('hex'), LOG_LEVEL: 'warn' },
    { print: () => undefined },
  );
  const browser = await launchBrowser();
  try {
    const { page } = await newTestPage(browser, { viewport: VIEWPORT });
    log(`joining ${server.url}`);
    await joinTownHall(page, server.url, 'Bench');
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return info && gl ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    });
    const browserVersion = browser.version();
    // From the stage, looking at the audience: every seated avatar is in view.
    await page.evaluate(() => window.podium!.placeCamera(0, 2.65, 4.5, Math.PI, 0.12));
    log('measuring with no remote avatars');
    const empty = await measure(page);
    log(`  ${JSON.stringify(empty)}`);
    log(`adding ${AVATARS} synthetic avatars`);
    await page.evaluate((n) => window.podium!.setSyntheticAvatars(n), AVATARS);
    const crowd = await measure(page);
    log(`  ${JSON.stringify(crowd)}`);
    if (crowd.avatars !== AVATARS)
      throw new Error(`expected ${AVATARS} avatars on screen, saw ${crowd.avatars}`);

    const round = (n: number): number => Math.round(n * 100) / 100;
    const result = {
      bench: 'client',
      metrics: {
        initial_js_gzip_kib: { value: sizes.initial, unit: 'KiB', goal: '<= 600' },
        total_js_gzip_kib: { value: sizes.total, unit: 'KiB', goal: 'report' },
        draw_calls_0: { value: empty.drawCalls, unit: 'draw calls', goal: 'report' },
        draw_calls_200: { value: crowd.drawCalls, unit: 'draw calls', goal: '<= 60' },
        active_meshes_0: { value: empty.activeMeshes, unit: 'meshes', goal: 'report' },
        active_meshes_200: { value: crowd.activeMeshes, unit: 'meshes', goal: 'report' },
        frame_cpu_ms_0: { value: round(empty.cpu.medianMs), unit: 'ms', goal: 'report' },
        frame_cpu_ms_200: { value: round(crowd.cpu.medianMs), unit: 'ms', goal: 'report' },
        frame_cpu_p95_ms_200: { value: round(crowd.cpu.p95Ms), unit: 'ms', goal: 'report' },
      },
      conditions: {
        browser: `Chromium ${browserVersion} headless`,
        renderer,
        flags: CHROMIUM_ARGS.filter((a) => a.startsWith('--use-angle') || a.startsWith('--enable-unsafe')),
        viewport: VIEWPORT,
        view: 'stage, facing the audience',
        avatars: AVATARS,
        avatar_pose_rate_hz: 15,
        measure_frames_target: MEASURE_FRAMES,
        load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
        frame_cpu:
          'median CPU time per frame (frame systems + scene.render submission) over the measure window',
        frames_measured: { none: empty.cpu.frames, crowd: crowd.cpu.frames },
        cpus: cpus().length,
        cpu_model: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        initial_js_files: sizes.initialFiles,
        total_js_files: sizes.totalFiles,
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
