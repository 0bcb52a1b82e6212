import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteRecordDto } from '../../common/admin-api.ts';
import { joinTownHall, launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

const ROOM = 'town-hall';
const WAIT = { timeout: 30_000 };

/** The list item showing `text` in this page's Q&A panel. */
const item = (page: Page, text: string) => page.locator('#qa-list li', { hasText: text });

async function openPanel(page: Page): Promise<void> {
  await page.click('#btn-qa');
  await page.locator('#qa-panel').waitFor({ state: 'visible' });
  // The snapshot has loaded once the empty note or a question shows.
  await page.waitForFunction(() => !/Loading/.test(document.getElementById('qa-empty')!.textContent ?? ''));
}

async function ask(page: Page, text: string, anonymous = false): Promise<void> {
  await page.fill('#qa-text', text);
  if (anonymous) await page.check('#qa-anon');
  await page.click('#qa-submit');
}

/**
 * A host (joined with an admin-made invite) and two attendees in the demo all-hands room, each in
 * their own Chromium profile, use the Q&A panel against the real server and embedded SFU: the
 * pre-moderation flow, live votes, a written answer, an XSS payload shown as text, and an API error.
 */
describe('Q&A panel in three browsers', () => {
  let server: TestPodium;
  let browser: Browser;
  let host: TestPage;
  let ann: TestPage;
  let ben: TestPage;

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer();
    const invite = await requestJson<InviteRecordDto>(server.url, `/api/admin/rooms/${ROOM}/invites`, {
      body: { role: 'host' },
      headers: server.adminHeaders,
    });
    expect(invite.status).toBe(201);
    browser = await launchBrowser();
    host = await newTestPage(browser);
    ann = await newTestPage(browser);
    ben = await newTestPage(browser);
    await joinTownHall(host.page, server.url, 'Hana Host', `&room=${ROOM}&invite=${invite.body.token}`);
    await joinTownHall(ann.page, server.url, 'Ann Attendee');
    await joinTownHall(ben.page, server.url, 'Ben Attendee');
    for (const p of [host, ann, ben]) await openPanel(p.page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const Q1 = 'When does the new office open?';

  it('shows only the controls each role may use', async () => {
    expect(await ann.page.getAttribute('#btn-qa', 'aria-expanded')).toBe('true');
    expect(await ann.page.textContent('#qa-empty')).toMatch(/no questions yet/i);
    // Labels tie every control to its name.
    for (const id of ['qa-text', 'qa-anon', 'qa-sort', 'qa-hide-answered']) {
      expect(await ann.page.locator(`label[for="${id}"]`).count()).toBe(1);
    }
  });

  it('holds an attendee’s question for moderation until the host approves it', async () => {
    await ask(ann.page, Q1);
    const mine = item(ann.page, Q1);
    await mine.waitFor(WAIT);
    expect(await mine.locator('.qa-state').textContent()).toBe('Awaiting moderation');
    expect(await ann.page.textContent('#qa-note')).toMatch(/awaiting moderation/i);
    // The host hears about it at once (staff see pending questions) …
    await item(host.page, Q1).waitFor(WAIT);
    expect(await item(host.page, Q1).locator('button[data-action="approve"]').count()).toBe(1);
    // … the other attendee does not, and has no moderation controls anywhere.
    expect(await item(ben.page, Q1).count()).toBe(0);
    expect(await ben.page.locator('#qa-panel button[data-action="approve"]').count()).toBe(0);

    await item(host.page, Q1).locator('button[data-action="approve"]').click();
    await item(ben.page, Q1).waitFor(WAIT);
    expect(await item(ben.page, Q1).locator('.qa-state').textContent()).toBe('Open');
    await ann.page.waitForFunction(
      (text) =>
        [...document.querySelectorAll('#qa-list li')].some(
          (li) => li.textContent?.includes(text) && li.getAttribute('data-state') === 'approved',
        ),
      Q1,
      WAIT,
    );
  });

  it('shows Ben’s vote to Ann live', async () => {
    const vote = item(ben.page, Q1).locator('button[data-action="vote"]');
    expect(await vote.getAttribute('aria-pressed')).toBe('false');
    await vote.click();
    await ben.page.waitForFunction(
      () =>
        document.querySelector('#qa-list button[data-action="vote"]')?.getAttribute('aria-pressed') ===
        'true',
      null,
      WAIT,
    );
    expect(await item(ben.page, Q1).locator('.qa-votes').textContent()).toBe('1');
    await ann.page.waitForFunction(
      () => document.querySelector('#qa-list li .qa-votes')?.textContent === '1',
      null,
      WAIT,
    );
    // Ann did not vote herself.
    expect(await item(ann.page, Q1).locator('button[data-action="vote"]').getAttribute('aria-pressed')).toBe(
      'false',
    );
  });

  it('shows the host’s written answer to both attendees', async () => {
    const answer = 'It opens in March, next to the station.';
    await item(host.page, Q1).locator('button[data-action="answer"]').click();
    await host.page.locator('#qa-dialog').waitFor({ state: 'visible' });
    await host.page.fill('#qa-dialog-text', answer);
    await host.page.click('#qa-dialog-confirm');
    await host.page.locator('#qa-dialog').waitFor({ state: 'hidden' });
    for (const p of [ann.page, ben.page]) {
      const li = p.locator('#qa-list li[data-state="answered"]', { hasText: Q1 });
      await li.waitFor(WAIT);
      expect(await li.locator('.qa-answer-text').textContent()).toBe(answer);
      expect(await li.locator('.qa-state').textContent()).toBe('Answered');
      // Answered questions can no longer be voted on.
      expect(await li.locator('button[data-action="vote"]').count()).toBe(0);
    }
    await ben.page.check('#qa-hide-answered');
    expect(await item(ben.page, Q1).count()).toBe(0);
    await ben.page.uncheck('#qa-hide-answered');
    expect(await item(ben.page, Q1).count()).toBe(1);
  });

  it('shows markup in a question as text and never runs it', async () => {
    const payload = '<img src=x onerror="window.__xss=1"> is this safe?';
    await ask(ann.page, payload, true);
    const mine = item(ann.page, 'is this safe?');
    await mine.waitFor(WAIT);
    expect(await mine.locator('.qa-text').textContent()).toBe(payload);
    await item(host.page, 'is this safe?').locator('button[data-action="approve"]').click();
    const seen = item(ben.page, 'is this safe?');
    await seen.waitFor(WAIT);
    expect(await seen.locator('.qa-text').textContent()).toBe(payload);
    expect(await seen.locator('.qa-author').textContent()).toBe('Anonymous');
    for (const p of [host.page, ann.page, ben.page]) {
      expect(await p.locator('#qa-panel img').count()).toBe(0);
      expect(await p.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    }
  });

  it('sorts by most recent on request', async () => {
    const texts = await ben.page.$$eval('#qa-list .qa-text', (els) => els.map((e) => e.textContent));
    expect(texts[0]).toBe(Q1); // top: one vote beats none
    await ben.page.selectOption('#qa-sort', 'recent');
    const recent = await ben.page.$$eval('#qa-list .qa-text', (els) => els.map((e) => e.textContent));
    expect(recent[0]).toMatch(/is this safe\?$/);
    await ben.page.selectOption('#qa-sort', 'top');
  });

  it('explains bad input and the server’s refusals, keeping what was typed', async () => {
    await ask(ben.page, 'hi');
    expect(await ben.page.textContent('#qa-error')).toMatch(/at least 3 characters/);
    // Five questions a minute per person; the sixth is refused with the server's message.
    for (let i = 1; i <= 5; i++) {
      await ask(ben.page, `Question number ${i} from Ben?`);
      await item(ben.page, `Question number ${i} from Ben?`).waitFor(WAIT);
    }
    const sixth = 'Question number 6 from Ben?';
    await ask(ben.page, sixth);
    await ben.page.waitForFunction(() =>
      /try again/i.test(document.getElementById('qa-error')!.textContent ?? ''),
    );
    expect(await ben.page.inputValue('#qa-text')).toBe(sixth);
    expect(await item(ben.page, sixth).count()).toBe(0);
  });

  it('reloads the questions after losing the connection, and shows what changed meanwhile', async () => {
    const text = 'Will the roadmap be shared after this meeting?';
    const loads: string[] = [];
    ben.page.on('request', (r) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname === `/api/rooms/${ROOM}/questions`)
        loads.push(r.url());
    });
    await ben.context.setOffline(true);
    await ben.page.waitForFunction(() => window.podium!.connectionPhase() !== 'connected', null, {
      timeout: 90_000,
    });
    await ask(ann.page, text);
    await item(host.page, text).locator('button[data-action="approve"]').click();
    await ann.page.locator('#qa-list li[data-state="approved"]', { hasText: text }).waitFor(WAIT);
    await ben.context.setOffline(false);
    await ben.page.waitForFunction(() => window.podium!.connectionPhase() === 'connected', null, {
      timeout: 90_000,
    });
    await item(ben.page, text).waitFor({ timeout: 60_000 });
    expect(loads.length).toBeGreaterThanOrEqual(1);
  });

  it('raised no page errors and downloaded nothing from elsewhere', () => {
    for (const p of [host, ann, ben]) {
      expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
      expect(p.offsiteRequests).toEqual([]);
    }
  });
});
