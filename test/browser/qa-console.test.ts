import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteRecordDto } from '../../common/admin-api.ts';
import type { QuestionListResponse, QuestionView } from '../../common/qa.ts';
import { joinTownHall, launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

const ROOM = 'town-hall';
const WAIT = { timeout: 30_000 };

const item = (page: Page, text: string) => page.locator('#qa-list li', { hasText: text });
const queued = (page: Page, text: string) => page.locator('#console-list li', { hasText: text });

async function ask(page: Page, text: string): Promise<void> {
  await page.fill('#qa-text', text);
  await page.click('#qa-submit');
  await item(page, text).waitFor(WAIT);
}

async function openPanel(page: Page): Promise<void> {
  await page.click('#btn-qa');
  await page.locator('#qa-panel').waitFor({ state: 'visible' });
  await page.waitForFunction(() => !/Loading/.test(document.getElementById('qa-empty')!.textContent ?? ''));
}

async function tab(page: Page, name: string): Promise<void> {
  await page.click(`#console-tab-${name}`);
  await page.waitForFunction(
    (n) => document.getElementById(`console-tab-${n}`)?.getAttribute('aria-selected') === 'true',
    name,
  );
}

/** Fills and confirms the console's dialog. */
async function confirmDialog(page: Page, text?: string, choice?: string): Promise<void> {
  await page.locator('#console-dialog').waitFor({ state: 'visible' });
  if (text !== undefined) await page.fill('#console-dialog-text', text);
  if (choice !== undefined) await page.selectOption('#console-dialog-choice', choice);
  await page.click('#console-dialog-confirm');
  await page.locator('#console-dialog').waitFor({ state: 'hidden' });
}

/** A JSON call from inside a page (its session cookie). */
function pageCall<T>(page: Page, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ path, body }) => {
      const res = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    { path, body },
  );
}

async function findQuestion(page: Page, text: string): Promise<QuestionView> {
  const res = await pageCall<QuestionListResponse>(page, `/api/rooms/${ROOM}/questions?sort=recent`);
  const q = res.body.questions.find((x) => x.text === text);
  if (!q) throw new Error(`no question "${text}"`);
  return q;
}

/** The big screen's card and its painted strings, joined with spaces (lines wrap at spaces). */
async function screenOf(page: Page): Promise<{ card: string; text: string }> {
  const s = await page.evaluate(() => window.podiumQa!.screen()!);
  return { card: s.card, text: s.text.join(' ') };
}

/**
 * The host/moderator console against the real server and SFU, with a host and two attendees in
 * their own Chromium profiles: edit (original kept), merge (votes carried), dismiss with a reason,
 * star, send live to the leader or the twin, mark answered, answer in writing, the big screen
 * with the twin's citations, and markup staying inert in the console and on the canvas.
 */
describe('host console in three browsers', () => {
  let server: TestPodium;
  let browser: Browser;
  let host: TestPage;
  let ann: TestPage;
  let ben: TestPage;
  const liveBodies: string[] = [];

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer();
    const invite = await requestJson<InviteRecordDto>(server.url, `/api/admin/rooms/${ROOM}/invites`, {
      body: { role: 'host' },
      headers: server.adminHeaders,
    });
    expect(invite.status).toBe(201);
    browser = await launchBrowser();
    host = await newTestPage(browser, { viewport: { width: 1280, height: 800 } });
    ann = await newTestPage(browser);
    ben = await newTestPage(browser);
    host.page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/questions\/[^/]+\/live$/.test(new URL(r.url()).pathname))
        liveBodies.push(r.postData() ?? '');
    });
    await joinTownHall(host.page, server.url, 'Hana Host', `&room=${ROOM}&invite=${invite.body.token}`);
    await joinTownHall(ann.page, server.url, 'Ann Attendee');
    await joinTownHall(ben.page, server.url, 'Ben Attendee');
    for (const p of [ann, ben]) await openPanel(p.page);
    await host.page.click('#btn-console');
    await host.page.locator('#qa-console').waitFor({ state: 'visible' });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const Q1 = 'When does the new office open?';
  const Q1_EDITED = 'When does the new Berlin office open?';
  const Q2 = 'When will the new office be opening?';
  const Q3 = 'Can we get free pizza on Fridays?';

  it('is offered to the host only', async () => {
    expect(await host.page.textContent('#console-title')).toBe('Host console');
    for (const p of [ann.page, ben.page]) {
      expect(await p.locator('#btn-console').count()).toBe(0);
      expect(await p.locator('#qa-console').count()).toBe(0);
      // Attendees get the hand to raise instead.
      expect(await p.isVisible('#btn-hand')).toBe(true);
    }
    expect(await host.page.isVisible('#btn-hand')).toBe(false);
  });

  it('edits a question and keeps the original for moderators', async () => {
    await ask(ann.page, Q1);
    await ask(ann.page, Q2);
    await ask(ben.page, Q3);
    await tab(host.page, 'pending');
    await queued(host.page, Q3).waitFor(WAIT);
    expect(await host.page.textContent('#console-tab-pending')).toBe('Pending (3)');
    await queued(host.page, Q1).locator('[data-action="edit"]').click();
    expect(await host.page.inputValue('#console-dialog-text')).toBe(Q1);
    await confirmDialog(host.page, Q1_EDITED);
    const edited = queued(host.page, Q1_EDITED);
    await edited.waitFor(WAIT);
    expect(await edited.locator('.qa-text').textContent()).toBe(Q1_EDITED);
    expect(await edited.locator('.console-original').textContent()).toBe(`Original: ${Q1}`);
    // The author sees the edited text in her own list.
    await item(ann.page, Q1_EDITED).waitFor(WAIT);
  });

  it('merges a duplicate into the original and carries its votes over', async () => {
    for (const text of [Q1_EDITED, Q2]) {
      await queued(host.page, text).locator('[data-action="approve"]').click();
      await item(ben.page, text).waitFor(WAIT);
    }
    // Ann votes for the original, Ben for the duplicate.
    await item(ann.page, Q1_EDITED).locator('[data-action="vote"]').click();
    await item(ben.page, Q2).locator('[data-action="vote"]').click();
    await tab(host.page, 'approved');
    await host.page.waitForFunction(
      (t) =>
        [...document.querySelectorAll('#console-list li')].some(
          (li) => li.textContent?.includes(t) && li.textContent.includes('1 vote'),
        ),
      Q2,
      WAIT,
    );
    const target = await findQuestion(host.page, Q1_EDITED);
    await queued(host.page, Q2).locator('[data-action="merge"]').click();
    await confirmDialog(host.page, undefined, target.id);
    await host.page.waitForFunction(
      (t) =>
        [...document.querySelectorAll('#console-list li')].some(
          (li) => li.textContent?.includes(t) && li.textContent.includes('2 votes'),
        ),
      Q1_EDITED,
      WAIT,
    );
    expect(await queued(host.page, Q2).count()).toBe(0);
    await tab(host.page, 'dismissed');
    const merged = queued(host.page, Q2);
    await merged.waitFor(WAIT);
    expect(await merged.locator('.console-note').textContent()).toBe(`Merged into: ${Q1_EDITED}`);
    // Attendees: the duplicate is gone and the original has both votes.
    await ben.page.waitForFunction(
      ([dup, orig]) => {
        const items = [...document.querySelectorAll('#qa-list li')];
        const o = items.find((li) => li.textContent?.includes(orig!));
        return (
          !items.some((li) => li.textContent?.includes(dup!)) &&
          o?.querySelector('.qa-votes')?.textContent === '2'
        );
      },
      [Q2, Q1_EDITED],
      WAIT,
    );
  });

  it('dismisses with a reason and stars', async () => {
    await tab(host.page, 'pending');
    await queued(host.page, Q3).locator('[data-action="dismiss"]').click();
    // A reason is required.
    await host.page.click('#console-dialog-confirm');
    expect(await host.page.textContent('#console-dialog-error')).toMatch(/cannot be empty/);
    await confirmDialog(host.page, 'Off topic for this all-hands');
    await tab(host.page, 'dismissed');
    const dismissed = queued(host.page, Q3);
    await dismissed.waitFor(WAIT);
    expect(await dismissed.locator('.console-note').textContent()).toBe(
      'Reason: Off topic for this all-hands',
    );
    await ben.page.waitForFunction(
      (t) => !document.getElementById('qa-list')!.textContent!.includes(t),
      Q3,
      WAIT,
    );

    await tab(host.page, 'approved');
    await queued(host.page, Q1_EDITED).locator('[data-action="star"]').click();
    await item(ann.page, Q1_EDITED).locator('.qa-star').waitFor(WAIT);
    // The host's own console shows it pressed once its change (or the room's event) is applied.
    await queued(host.page, Q1_EDITED).locator('[data-action="star"][aria-pressed="true"]').waitFor(WAIT);
  });

  it('hands the top approved question to the leader, shows it on the big screen, and marks it answered', async () => {
    expect(await screenOf(ann.page)).toMatchObject({ card: 'idle' });
    await host.page.locator('#console-next', { hasText: Q1_EDITED }).waitFor(WAIT);
    expect(await host.page.textContent('#console-next h3')).toBe('Next question (top approved)');
    await host.page.click('#console-next [data-cmd="leader"]');
    await host.page.locator('#console-live', { hasText: 'with the leader' }).waitFor(WAIT);
    expect(JSON.parse(liveBodies.at(-1)!)).toEqual({ target: 'leader' });
    // Everyone's big screen shows the question, who asked it and the votes.
    for (const p of [ann.page, ben.page]) {
      await p.waitForFunction(() => window.podiumQa!.screen()!.card === 'question', null, WAIT);
      const s = await screenOf(p);
      expect(s.text).toContain(`“${Q1_EDITED}”`);
      expect(s.text).toContain('Ann Attendee · 2 votes');
    }
    await host.page.click('#console-live [data-cmd="mark-answered"]');
    await confirmDialog(host.page, 'Opens in March, said the CEO.');
    for (const p of [ann.page, ben.page]) {
      const li = p.locator('#qa-list li[data-state="answered"]', { hasText: Q1_EDITED });
      await li.waitFor(WAIT);
      expect(await li.locator('.qa-answer-mode').textContent()).toBe('Answered live');
      expect(await li.locator('.qa-answer-text').textContent()).toBe('Opens in March, said the CEO.');
    }
    expect(await host.page.isHidden('#console-live')).toBe(true);
  });

  it('answers in writing from the console, visible to every attendee', async () => {
    const text = 'Is there parking at the new office?';
    await ask(ben.page, text);
    await tab(host.page, 'pending');
    await queued(host.page, text).locator('[data-action="approve"]').click();
    await tab(host.page, 'approved');
    await queued(host.page, text).locator('[data-action="pick"]').click();
    await host.page.locator('#console-next', { hasText: text }).waitFor(WAIT);
    expect(await host.page.textContent('#console-next h3')).toBe('Next question (picked)');
    await host.page.click('#console-next [data-cmd="written"]');
    await confirmDialog(host.page, 'Yes: 40 spaces, book them in the app.');
    for (const p of [ann.page, ben.page]) {
      const li = p.locator('#qa-list li[data-state="answered"]', { hasText: text });
      await li.waitFor(WAIT);
      expect(await li.locator('.qa-answer-text').textContent()).toBe('Yes: 40 spaces, book them in the app.');
    }
  });

  it('shows the twin’s citations on the big screen, then returns to the idle card', async () => {
    const text = 'What is the travel policy for 2026?';
    await ask(ann.page, text);
    const q = await findQuestion(host.page, text);
    expect((await pageCall(host.page, `/api/questions/${q.id}/approve`, {})).status).toBe(200);
    expect((await pageCall(host.page, `/api/questions/${q.id}/live`, { target: 'leader' })).status).toBe(200);
    await ann.page.waitForFunction(() => window.podiumQa!.screen()!.card === 'question', null, WAIT);
    // The twin's answer as the agent records it (the host may record one too).
    const answer = await pageCall(host.page, `/api/questions/${q.id}/answer`, {
      mode: 'twin',
      text: 'Economy class for flights under six hours.',
      citations: [
        {
          doc: 'travel.md',
          title: 'Travel policy',
          date: '2026-01-10',
          quote: 'Flights under six hours are booked in economy class.',
        },
      ],
    });
    expect(answer.status).toBe(200);
    for (const p of [ann.page, ben.page]) {
      await p.waitForFunction(() => window.podiumQa!.screen()!.card === 'answer', null, WAIT);
      const s = await screenOf(p);
      expect(s.text).toContain('ANSWERED · AI TWIN');
      expect(s.text).toContain('Travel policy · 2026-01-10');
      expect(s.text).toContain('Flights under six hours are booked in economy class.');
    }
    await ann.page.waitForFunction(() => window.podiumQa!.screen()!.card === 'idle', null, {
      timeout: 60_000,
    });
  });

  it('keeps markup inert in the console and on the big screen', async () => {
    const payload = '<img src=x onerror="window.__xss=1"> <b>is</b> the screen safe?';
    await ann.page.fill('#qa-text', payload);
    await ann.page.check('#qa-anon');
    await ann.page.click('#qa-submit');
    const mine = item(ann.page, 'the screen safe?');
    await mine.waitFor(WAIT).catch(async (err: unknown) => {
      throw new Error(`not submitted: ${await ann.page.textContent('#qa-error')}`, { cause: err });
    });
    await tab(host.page, 'pending');
    const pending = queued(host.page, 'the screen safe?');
    await pending.waitFor(WAIT);
    expect(await pending.locator('.qa-text').textContent()).toBe(payload);
    expect(await pending.locator('.qa-author').textContent()).toBe('Anonymous');
    await pending.locator('[data-action="approve"]').click();
    const q = await findQuestion(host.page, payload);
    expect((await pageCall(host.page, `/api/questions/${q.id}/live`, { target: 'leader' })).status).toBe(200);
    await ben.page.waitForFunction(() => window.podiumQa!.screen()!.card === 'question', null, WAIT);
    const s = await screenOf(ben.page);
    // Painted character for character with fillText (wrapped at spaces over several lines).
    expect(s.text).toContain(`“${payload}”`);
    expect(s.text).toContain('Anonymous · 0 votes');
    for (const p of [host.page, ann.page, ben.page]) {
      expect(await p.locator('#qa-console img, #qa-console b, #qa-panel img, #qa-panel b').count()).toBe(0);
      expect(await p.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    }
  });

  it('asks the twin: the question goes live with target "twin"', async () => {
    const text = 'How many people work in Berlin?';
    await ask(ben.page, text);
    await tab(host.page, 'pending');
    await queued(host.page, text).locator('[data-action="approve"]').click();
    await tab(host.page, 'approved');
    await queued(host.page, text).locator('[data-action="pick"]').click();
    await host.page.locator('#console-next', { hasText: text }).waitFor(WAIT);
    await host.page.click('#console-next [data-cmd="twin"]');
    await host.page.waitForFunction(
      (t) => {
        const body = document.getElementById('console-error')!.textContent;
        return (
          body === '' &&
          ![...document.querySelectorAll('#console-next')].some((n) => n.textContent?.includes(t))
        );
      },
      text,
      WAIT,
    );
    expect(JSON.parse(liveBodies.at(-1)!)).toEqual({ target: 'twin' });
    // It left the approved queue: live (the twin is answering), or already answered / escalated by it.
    const q = await findQuestion(host.page, text);
    expect(['live', 'answered', 'escalated']).toContain(q.state);
  });

  it('raised no page errors and downloaded nothing from elsewhere', () => {
    for (const p of [host, ann, ben]) {
      expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
      expect(p.offsiteRequests).toEqual([]);
    }
  });
});
