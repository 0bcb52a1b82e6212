import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusDocumentDto, CorpusListResponse, PersonaDetailDto } from '../../common/governance.ts';
import { launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { openConsolePage, signInToConsole } from '../helpers/console.ts';
import { requestJson, startTestServer, TEST_ADMIN_SECRET, type TestPodium } from '../helpers/server.ts';

const PERSONA = 'marisol-quennell';
const FILE = 'console-test-note.md';
const WAIT = { timeout: 30_000 };
const AVATAR = fileURLToPath(
  new URL('../../assets/avatars/rocketbox_female_adult_01_facial.glb', import.meta.url),
);
const XSS = '<img src=x onerror="window.__xss=1">';

const doc = (body: string, title = 'Parking at the new office') =>
  `---\ntitle: "${title}"\ndate: 2026-02-01\nsource: "Facilities memo"\napproved_by: "Facilities (T. Okafor)"\ntopics: [office, parking]\n---\n${body}\n`;

const V1 = doc(`Parking opens in March. Bikes go in the east shed. ${XSS} stays text.`);
const V2 = doc(
  `Parking opens in April. Bikes go in the east shed. ${XSS} stays text.\n\nVisitors park in bay C.`,
  'Parking at the new office (updated)',
);

/** How many distinct colours a downscaled copy of the canvas has (1 = blank). */
function canvasColours(page: Page): Promise<number> {
  return page.evaluate(() => {
    const src = document.getElementById('avatar-canvas') as HTMLCanvasElement;
    const c = document.createElement('canvas');
    c.width = 48;
    c.height = 48;
    const g = c.getContext('2d')!;
    g.drawImage(src, 0, 0, 48, 48);
    const d = g.getImageData(0, 0, 48, 48).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
    return seen.size;
  });
}

/**
 * The console's personas page against the real corpus registry and avatar check: upload Markdown,
 * approve, diff two versions, withdraw; upload a GLB (accepted, and one without a viseme target,
 * refused with the missing list) with a Babylon preview. Markup in a document stays text.
 */
describe('admin console: personas, corpus and avatar', () => {
  let server: TestPodium;
  let browser: Browser;
  let admin: TestPage;
  let page: Page;
  let tmp: string;

  const api = <T>(path: string) => requestJson<T>(server.url, path, { headers: server.adminHeaders });
  const card = () => page.locator(`article[data-file="${FILE}"]`);

  beforeAll(async () => {
    await ensureClientBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'podium-console-'));
    server = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
    browser = await launchBrowser();
    admin = await newTestPage(browser);
    page = admin.page;
    await signInToConsole(page, server.url, TEST_ADMIN_SECRET);
    await openConsolePage(page, 'personas', 'Personas');
    await page.locator(`[data-persona="${PERSONA}"]`).waitFor(WAIT);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the imported corpus with each document’s status', async () => {
    const { documents } = (await api<CorpusListResponse>(`/api/governance/personas/${PERSONA}/corpus`)).body;
    expect(documents.length).toBeGreaterThan(3);
    await page.locator('#corpus-list article').first().waitFor(WAIT);
    expect(await page.locator('#corpus-list article').count()).toBe(documents.length);
    const first = documents[0]!;
    expect(await page.locator(`article[data-file="${first.file}"] h3`).textContent()).toBe(
      first.latest.title,
    );
  });

  it('uploads Markdown as a pending version, shows its text inert, and approves it', async () => {
    await page.fill('#corpus-file', FILE);
    await page.fill('#corpus-markdown', V1);
    await page.click('#corpus-upload');
    await card().waitFor(WAIT);
    expect(await card().getAttribute('data-status')).toBe('pending');
    await card().locator('summary', { hasText: 'Versions' }).click();
    const v1 = card().locator('li[data-version="1"]');
    await v1.waitFor(WAIT);
    await v1.locator('summary', { hasText: 'Text' }).click();
    expect(await v1.locator('pre[data-body]').textContent()).toContain(XSS);
    expect(await page.locator('#corpus-list img').count()).toBe(0);
    await v1.locator('button[data-action=approve-version]').click();
    await page.locator(`article[data-file="${FILE}"][data-status=approved]`).waitFor(WAIT);
    const stored = (await api<CorpusDocumentDto>(`/api/governance/personas/${PERSONA}/corpus/${FILE}`)).body;
    expect(stored.activeVersion).toBe(1);
    expect(stored.versions[0]).toMatchObject({ status: 'approved', approval: { by: 'admin' } });
  });

  it('uploads a second version and shows the diff as coloured text', async () => {
    await page.fill('#corpus-file', FILE);
    await page.fill('#corpus-markdown', V2);
    await page.click('#corpus-upload');
    await page.locator(`article[data-file="${FILE}"][data-status=pending]`).waitFor(WAIT);
    await card().locator('summary', { hasText: 'Versions' }).click();
    await card().locator('li[data-version="2"]').waitFor(WAIT);
    await card().locator('button[data-action=diff]').click();
    const diff = card().locator('[data-diff="1-2"] pre.diff');
    await diff.waitFor(WAIT);
    const added = await diff.locator('[data-kind=add]').allTextContents();
    const removed = await diff.locator('[data-kind=del]').allTextContents();
    expect(added.some((l) => l.startsWith('+') && l.includes('April'))).toBe(true);
    expect(added.some((l) => l.includes('Visitors park in bay C.'))).toBe(true);
    expect(removed.some((l) => l.startsWith('-') && l.includes('March'))).toBe(true);
    expect(added.join('\n')).toContain(XSS);
    expect(await diff.locator('img').count()).toBe(0);
    // The old version stays in use until the new one is approved.
    const stored = (await api<CorpusDocumentDto>(`/api/governance/personas/${PERSONA}/corpus/${FILE}`)).body;
    expect(stored.activeVersion).toBe(1);
    expect(stored.versions.map((v) => v.status)).toEqual(['approved', 'pending']);
  });

  it('withdraws the document with a reason', async () => {
    await card().locator('button[data-action=withdraw]').click();
    await page.waitForFunction(() => /say why/.test(document.getElementById('page-error')!.textContent!));
    await card().getByLabel('Reason to withdraw').fill('Superseded by the parking FAQ');
    await card().locator('button[data-action=withdraw]').click();
    await page.locator(`article[data-file="${FILE}"][data-status=withdrawn]`).waitFor(WAIT);
    const stored = (await api<CorpusDocumentDto>(`/api/governance/personas/${PERSONA}/corpus/${FILE}`)).body;
    expect(stored.activeVersion).toBeNull();
    expect(stored.versions.every((v) => v.status === 'withdrawn')).toBe(true);
    expect(stored.versions[0]!.withdrawal?.reason).toBe('Superseded by the parking FAQ');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('refuses an avatar without a viseme target, naming it, and accepts a complete one with a preview', async () => {
    // A copy of the real avatar whose "viseme_sil" target is renamed (same length: the GLB stays valid).
    const bytes = readFileSync(AVATAR);
    const broken = Buffer.from(bytes.toString('latin1').replaceAll('viseme_sil', 'vizeme_sil'), 'latin1');
    expect(broken.length).toBe(bytes.length);
    const brokenPath = join(tmp, 'broken-avatar.glb');
    writeFileSync(brokenPath, broken);

    await page.setInputFiles('#avatar-file', brokenPath);
    await page.click('#avatar-upload');
    await page.locator('#avatar-verdict [data-accepted=false]').waitFor(WAIT);
    expect(await page.locator('#avatar-missing li').allTextContents()).toEqual(['viseme_sil']);
    expect(await page.textContent('#avatar-verdict')).toMatch(/422 avatar_missing_morph_targets/);

    await page.setInputFiles('#avatar-file', AVATAR);
    await page.click('#avatar-upload');
    await page.locator('#avatar-verdict [data-accepted=true]').waitFor(WAIT);
    const persona = (await api<PersonaDetailDto>(`/api/governance/personas/${PERSONA}`)).body;
    expect(persona.avatar).toMatchObject({ source: 'upload', bytes: bytes.length });
    expect(await page.textContent('#avatar-info')).toContain(persona.avatar!.sha256!);

    // The Babylon preview (loaded only now) renders the file: the canvas is not blank.
    await page.locator('#avatar-canvas[data-loaded=true]').waitFor({ timeout: 90_000 });
    expect(await page.textContent('#avatar-preview-note')).toMatch(/\d+ meshes, \d+ morph targets/);
    await page.waitForFunction(
      () => (document.getElementById('avatar-canvas') as HTMLCanvasElement).width > 0,
      null,
      WAIT,
    );
    expect(await canvasColours(page)).toBeGreaterThan(20);
    // Chromium logs the refused upload's 422 as a failed resource; nothing else may be logged.
    expect(admin.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    expect(admin.offsiteRequests).toEqual([]);
  });
});
