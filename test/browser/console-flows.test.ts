import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApprovalDto,
  ConsentRecordDto,
  FollowupDto,
  GovernanceMetricsDto,
  InclusionProofDto,
  StaffDto,
  TwinControlStateDto,
} from '../../common/governance.ts';
import { joinAs } from '../../server/governance/testing/http.ts';
import { launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { bearer, createStaff, openConsolePage, signInToConsole } from '../helpers/console.ts';
import { requestJson, startTestServer, TEST_ADMIN_SECRET, type TestPodium } from '../helpers/server.ts';

const ROOM = 'town-hall';
const WAIT = { timeout: 20_000 };
const XSS = '<img src=x onerror="window.__xss=1"> Is the <b>bonus</b> cut?';

/**
 * The admin console in Chromium against a real server (PGlite, no media): the admin signs in and
 * drives every page; a staff token with a narrow grant sees only its page and the server refuses
 * the rest; markup in questions stays text.
 */
describe('admin console', () => {
  let server: TestPodium;
  let browser: Browser;
  let admin: TestPage;
  let page: Page;

  const api = <T>(path: string, init: { method?: string; body?: unknown } = {}) =>
    requestJson<T>(server.url, path, { ...init, headers: server.adminHeaders });

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
    browser = await launchBrowser();
    admin = await newTestPage(browser);
    page = admin.page;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves /console, signs the admin in, and keeps the session in this tab only', async () => {
    await page.goto(`${server.url}/console`);
    expect(await page.title()).toBe('Podium · Console');
    // A wrong secret is refused with a clear message.
    await page.fill('#credential', 'not-the-secret');
    await page.click('#sign-in-button');
    await page.waitForFunction(() =>
      /not valid/.test(document.getElementById('sign-in-error')!.textContent!),
    );
    await signInToConsole(page, server.url, TEST_ADMIN_SECRET);
    expect(await page.textContent('#who-roles')).toMatch(/admin/);
    const nav = await page.locator('#nav-list a').allTextContents();
    expect(nav).toEqual([
      'Live rooms',
      'Consent',
      'Approval queue',
      'Follow-ups',
      'Audit log',
      'Metrics',
      'Personas',
      'Staff',
    ]);
    // The credential is in sessionStorage (not a cookie): a reload stays signed in.
    expect(await page.context().cookies()).toEqual([]);
    await page.reload();
    await page.locator('#who').waitFor({ state: 'visible', ...WAIT });
    expect(await page.textContent('#page-title')).toBe('Live rooms');
  });

  it('pauses, resumes and hands over a room, and shows the kill switch in effect', async () => {
    await openConsolePage(page, 'rooms', 'Live rooms');
    const row = page.locator(`#rooms-table tr[data-room-id="${ROOM}"]`);
    const state = row.locator('.badge[data-state]');
    await state.waitFor(WAIT);
    expect(await state.getAttribute('data-state')).toBe('live');
    // Titles come from the room list; without media nobody can be counted, and the page says so.
    expect(await row.locator('th').textContent()).toContain('Town Hall');
    expect(await row.locator('td[data-people]').textContent()).toBe('unknown');
    expect(await page.textContent('#people-unknown')).toMatch(/no media server/);
    const roomState = async () =>
      (await api<TwinControlStateDto>(`/api/governance/control/rooms/${ROOM}`)).body;

    await page.getByLabel(/^Reason/).fill('rehearsal break');
    await row.locator('button[data-action=pause]').click();
    await row.locator('.badge[data-state=paused]').waitFor(WAIT);
    expect(await roomState()).toMatchObject({
      paused: true,
      twinMayAnswer: false,
      reason: 'rehearsal break',
    });

    await row.locator('button[data-action=resume]').click();
    await row.locator('.badge[data-state=live]').waitFor(WAIT);
    expect(await roomState()).toMatchObject({ paused: false, twinMayAnswer: true });

    await row.locator('button[data-action=handover]').click();
    await row.locator('.badge[data-state=leader]').waitFor(WAIT);
    expect(await roomState()).toMatchObject({ speaker: 'leader', twinMayAnswer: false });
    await row.locator('button[data-action=handover]').click();
    await row.locator('.badge[data-state=live]').waitFor(WAIT);

    // A change made elsewhere (the API) shows up through the page's refresh.
    expect((await api(`/api/governance/control/rooms/${ROOM}/pause`, { body: {} })).status).toBe(200);
    await row.locator('.badge[data-state=paused]').waitFor(WAIT);
    await row.locator('button[data-action=resume]').click();
    await row.locator('.badge[data-state=live]').waitFor(WAIT);

    await page.click('#kill-switch');
    await page.locator('#global-state[data-killed=true]').waitFor(WAIT);
    await row.locator('.badge[data-state=killed]').waitFor(WAIT);
    expect(await roomState()).toMatchObject({ killed: true, twinMayAnswer: false });
    await page.click('#revive');
    await page.locator('#global-state[data-killed=false]').waitFor(WAIT);
    await row.locator('.badge[data-state=live]').waitFor(WAIT);
    expect(await roomState()).toMatchObject({ killed: false, twinMayAnswer: true });
  });

  it('records consent with scope and window, and revokes it with a reason', async () => {
    await openConsolePage(page, 'consent', 'Consent');
    await page.locator('#consent-form').waitFor(WAIT);
    const form = page.locator('#consent-form');
    await form.getByLabel('Persona id').fill('marisol-quennell');
    await form.getByLabel('Leader’s name').fill('Marisol Quennell');
    await form.getByLabel('Leader’s role').fill('Chief Executive Officer');
    await form.getByLabel(/Delegates/).fill('Rafael Alvarez, Head of Internal Communications');
    await form
      .getByLabel('Signed by')
      .selectOption({ label: 'Rafael Alvarez, Head of Internal Communications (delegate)' });
    await form.getByLabel(/^Rooms/).fill(`${ROOM}, board-room`);
    await form.getByLabel(/^Topics/).fill('benefits, office');
    await form.getByLabel('likeness').uncheck();
    await page.click('#consent-submit');
    await page.waitForFunction(
      () => /recorded/.test(document.getElementById('page-status')!.textContent!),
      null,
      WAIT,
    );

    const records = (await api<{ records: ConsentRecordDto[] }>('/api/governance/consent')).body.records;
    const mine = records.find((r) => r.source === 'api');
    expect(mine).toMatchObject({
      personaId: 'marisol-quennell',
      signedBy: { name: 'Rafael Alvarez' },
      scope: {
        rooms: [ROOM, 'board-room'],
        topics: ['benefits', 'office'],
        modalities: ['statements', 'voice'],
      },
      validUntil: null,
      status: 'in-force',
    });
    const card = page.locator(`[data-consent-id="${mine!.id}"]`);
    expect(await card.getAttribute('data-status')).toBe('in-force');

    await card.locator('button[data-action=revoke]').click();
    await card
      .getByLabel('Revoked by')
      .selectOption({ label: 'Marisol Quennell, Chief Executive Officer (the leader)' });
    await card.getByLabel('Reason').fill('Leaving the company');
    await card.locator('button[data-action=confirm-revoke]').click();
    await page.locator(`[data-consent-id="${mine!.id}"][data-status=revoked]`).waitFor(WAIT);
    const after = (await api<ConsentRecordDto>(`/api/governance/consent/${mine!.id}`)).body;
    expect(after).toMatchObject({
      status: 'revoked',
      revokeReason: 'Leaving the company',
      revokedBy: { name: 'Marisol Quennell' },
    });
    expect(await page.textContent(`[data-consent-id="${mine!.id}"] .revoked`)).toContain(
      'Leaving the company',
    );
  });

  it('approves an escalated question from the queue with an edited answer; markup stays text', async () => {
    const intake = await api<{ approval: ApprovalDto }>('/api/governance/intake', {
      body: {
        roomId: ROOM,
        personaId: 'marisol-quennell',
        question: XSS,
        decision: 'escalate',
        reason: 'sensitive-topic',
        topic: 'compensation',
        draftText: 'Bonuses are <script>window.__xss=2</script> unchanged.',
      },
    });
    expect(intake.status).toBe(201);
    const id = intake.body.approval.id;
    await openConsolePage(page, 'approvals', 'Approval queue');
    const card = page.locator(`[data-approval-id="${id}"]`);
    await card.waitFor(WAIT);
    // The question and the draft show as the literal text; nothing was parsed as HTML.
    expect(await card.locator('blockquote.question').textContent()).toBe(XSS);
    expect(await card.locator('img, b, script').count()).toBe(0);
    const answer = card.getByLabel(/Proposed answer/);
    expect(await answer.inputValue()).toContain('<script>');
    await answer.fill('Bonuses are unchanged this year.');
    await card.getByLabel(/Note/).fill('checked with People team');
    await card.locator('button[data-action=approve]').click();
    await card.waitFor({ state: 'detached', ...WAIT });
    const approved = (await api<ApprovalDto>(`/api/governance/approvals/${id}`)).body;
    expect(approved).toMatchObject({
      status: 'approved',
      finalText: 'Bonuses are unchanged this year.',
      decidedBy: 'admin',
      decisionNote: 'checked with People team',
    });
    expect(approved.auditIndex).toEqual(expect.any(Number));
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('rejects an escalated question with a reason', async () => {
    const intake = await api<{ approval: ApprovalDto }>('/api/governance/intake', {
      body: {
        roomId: ROOM,
        personaId: 'marisol-quennell',
        question: 'Will we merge with Initech?',
        decision: 'escalate',
        reason: 'sensitive-topic',
        topic: 'm&a',
      },
    });
    await openConsolePage(page, 'approvals', 'Approval queue');
    const card = page.locator(`[data-approval-id="${intake.body.approval.id}"]`);
    await card.waitFor(WAIT);
    await card.locator('button[data-action=reject]').click();
    await page.waitForFunction(() =>
      /give a reason/.test(document.getElementById('page-error')!.textContent!),
    );
    await card.getByLabel('Reason to reject').fill('Not something we comment on');
    await card.locator('button[data-action=reject]').click();
    await card.waitFor({ state: 'detached', ...WAIT });
    expect(
      (await api<ApprovalDto>(`/api/governance/approvals/${intake.body.approval.id}`)).body,
    ).toMatchObject({
      status: 'rejected',
      decisionNote: 'Not something we comment on',
    });
  });

  it('shows audit entries and checks an entry’s inclusion proof in the browser', async () => {
    await openConsolePage(page, 'audit', 'Audit log');
    await page.locator('#audit-table tbody tr').first().waitFor(WAIT);
    const size = Number(await page.textContent('#sth-size'));
    expect(size).toBeGreaterThan(5);
    expect(await page.locator('#sth .badge').last().textContent()).toMatch(
      /signature valid \(checked in this browser\)/,
    );
    // The page starts at the newest entries; page back to the start for an entry with a long path.
    expect(await page.isDisabled('#audit-earlier')).toBe(size <= 20);
    while (!(await page.isDisabled('#audit-earlier'))) {
      const caption = await page.textContent('#audit-table caption');
      await page.click('#audit-earlier');
      await page.waitForFunction(
        (c) => document.querySelector('#audit-table caption')?.textContent !== c,
        caption,
      );
    }
    const first = page.locator('#audit-table tbody tr[data-index="1"]');
    const index = 1;
    await first.locator('button[data-action=view]').click();
    const result = page.locator('#proof-result');
    await result.waitFor(WAIT);
    expect(await result.getAttribute('data-verdict')).toBe('ok');
    expect(await page.locator('#proof-result li[data-result=ok]').count()).toBe(4);
    const shown = JSON.parse((await page.textContent('#entry-json'))!) as Record<string, unknown>;
    const stored = (await api<{ entry: Record<string, unknown> }>(`/api/governance/audit/entries/${index}`))
      .body;
    expect(shown).toEqual(stored.entry);

    // A proof altered on the way (one hash of the path) fails in the browser, naming the step.
    await page.route('**/api/governance/audit/entries/*/proof*', async (route) => {
      const res = await route.fetch();
      const proof = (await res.json()) as InclusionProofDto;
      const h = proof.path[0]!;
      proof.path[0] = (h[0] === '0' ? '1' : '0') + h.slice(1);
      await route.fulfill({ response: res, json: proof });
    });
    await page.click('#recheck');
    await page.locator('#proof-result[data-verdict=failed]').waitFor(WAIT);
    expect(await page.getAttribute('#proof-result li[data-step=path]', 'data-result')).toBe('failed');
    expect(await page.textContent('#proof-result .verdict')).toMatch(/FAILED/);
    await page.unroute('**/api/governance/audit/entries/*/proof*');

    // An entry altered on the way no longer hashes to the proven leaf.
    await page.route(`**/api/governance/audit/entries/${index}`, async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { entry: Record<string, unknown> };
      body.entry.tampered = true;
      await route.fulfill({ response: res, json: body });
    });
    await page.locator(`#audit-table tr[data-index="${index}"] button[data-action=view]`).click();
    await page.locator('#proof-result[data-verdict=failed]').waitFor(WAIT);
    expect(await page.getAttribute('#proof-result li[data-step=leaf]', 'data-result')).toBe('failed');
    await page.unroute(`**/api/governance/audit/entries/${index}`);

    await page.click('#verify-log');
    await page.locator('#verify-result [data-ok=true]').waitFor(WAIT);
    expect(await page.textContent('#verify-result')).toMatch(/Intact: \d+ entries/);
  });

  it('renders the metrics the server reports', async () => {
    // Twin utterances with known timings (1 s and 3 s from question to decision), and people taking part.
    const t0 = Date.now() - 60_000;
    for (const ms of [1_000, 3_000]) {
      await server.governance.audit.appendUtterance({
        personaId: 'marisol-quennell',
        roomId: ROOM,
        question: { text: 'Is the office open?', askedAt: new Date(t0).toISOString() },
        decision: 'answer',
        reason: 'answered-from-corpus',
        spokenText: 'Yes.',
        providers: { composer: { mode: 'extractive' } },
        decidedAt: new Date(t0 + ms).toISOString(),
      });
    }
    const person = await joinAs(server, 'attendee', 'Meg', ROOM);
    const asked = await requestJson(server.url, `/api/rooms/${ROOM}/questions`, {
      body: { text: 'Will there be a holiday party?' },
      headers: { cookie: person.cookie },
    });
    expect(asked.status).toBe(201);

    const m = (await api<GovernanceMetricsDto>('/api/governance/metrics')).body;
    expect(m.latency.decision).toEqual({ samples: 2, p50Ms: 2_000, p95Ms: 2_900 });
    expect(m.participation).toMatchObject({ joined: 1, asked: 1, voted: 0 });
    await openConsolePage(page, 'metrics', 'Metrics');
    await page.locator('#metrics-utterances').waitFor(WAIT);
    const cell = (table: string, label: string) =>
      page.textContent(`#${table} tr[data-metric="${label}"] td.num`);
    expect(await cell('metrics-utterances', 'Approved releases')).toBe(String(m.utterances.approvedReleases));
    expect(m.utterances.approvedReleases).toBeGreaterThan(0);
    expect(await cell('metrics-approvals', 'Rejected')).toBe(String(m.approvals.rejected));
    expect(await cell('metrics-followups', 'Open')).toBe(String(m.followups.open));
    expect(await page.textContent('#metrics-audit-size')).toContain(String(m.audit.treeSize));
    // Bars are proportional: the largest row fills its cell.
    const widths = await page.$$eval('#metrics-approvals .bar', (bars) =>
      bars.map((b) => (b as HTMLElement).style.width),
    );
    expect(widths).toContain('100%');
    const latency = await page.locator('#metrics-latency tr[data-latency=decision] td').allTextContents();
    expect(latency.slice(1)).toEqual(['2.0 s', '2.9 s', '2']);
    expect(
      await page.locator('#metrics-latency tr[data-latency=question-audio] td').allTextContents(),
    ).toEqual([expect.stringMatching(/starts speaking/), '—', '—', '0']);
    const everyone = await page.locator('#metrics-participation tr[data-room="*"] td').allTextContents();
    expect(everyone).toEqual(['All rooms', '1', '1', '0']);
    expect(await page.locator(`#metrics-participation tr[data-room="${ROOM}"] td`).allTextContents()).toEqual(
      [ROOM, '1', '1', '0'],
    );
    expect(await page.textContent('#metrics-resolution')).toMatch(/95th percentile/);
    expect(await page.textContent('#metrics-body')).not.toMatch(/not reported/);
  });

  it('lets the admin add staff, issue a new token and revoke it', async () => {
    await openConsolePage(page, 'staff', 'Staff');
    const form = page.locator('#staff-form');
    await form.waitFor(WAIT);
    // A member needs a name and at least one grant; the page says which is missing.
    await form.getByLabel('Name').fill('Olive Oyl');
    await page.click('#staff-submit');
    await page.waitForFunction(() =>
      /at least one/.test(document.getElementById('page-error')!.textContent!),
    );
    await form.getByLabel(/^Owner of teams/).fill('People Ops');
    await page.click('#staff-submit');
    await page.waitForFunction(() =>
      /"People Ops"/.test(document.getElementById('page-error')!.textContent!),
    );
    await form.getByLabel(/^Owner of teams/).fill('people');
    await form.getByLabel(/^control: pauses/).check();
    await page.click('#staff-submit');
    await page.locator('#issued-token').waitFor(WAIT);
    const token = await page.inputValue('#issued-token');
    expect(token).toMatch(/^pgs_/);
    const me = await requestJson<{ name: string; roles: string[] }>(server.url, '/api/governance/me', {
      headers: bearer(token),
    });
    expect(me.body).toMatchObject({ name: 'Olive Oyl', roles: ['control', 'owner:people'] });
    const stored = (await api<{ staff: StaffDto[] }>('/api/governance/staff')).body.staff;
    const olive = stored.find((s) => s.name === 'Olive Oyl')!;
    const row = page.locator(`#staff-table tr[data-staff-id="${olive.id}"]`);
    await row.waitFor(WAIT);
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.textContent()).toContain('control, owner:people');
    await page.click('#token-done');
    expect(await page.locator('#issued-token').count()).toBe(0);

    // A new token replaces the old one at once.
    await row.locator('button[data-action=token]').click();
    await page.locator('#issued-token').waitFor(WAIT);
    const second = await page.inputValue('#issued-token');
    expect(second).not.toBe(token);
    const status = async (t: string) =>
      (await requestJson(server.url, '/api/governance/me', { headers: bearer(t) })).status;
    expect(await status(token)).toBe(403); // "the token is not valid (revoked or unknown)"
    expect(await status(second)).toBe(200);

    // Revoking asks for confirmation, then the token stops working.
    await row.locator('button[data-action=revoke]').click();
    await row.locator('button[data-action=cancel]').click();
    expect(await status(second)).toBe(200);
    await row.locator('button[data-action=revoke]').click();
    await row.locator('button[data-action=confirm-revoke]').click();
    await page.locator(`#staff-table tr[data-staff-id="${olive.id}"][data-status=revoked]`).waitFor(WAIT);
    expect(await status(second)).toBe(403);
    expect(await page.locator(`#staff-table tr[data-staff-id="${olive.id}"] button`).count()).toBe(0);
  });

  it('lets an owner draft their team’s follow-up and comms approve and publish it, with history', async () => {
    const intake = await api<{ followup: FollowupDto }>('/api/governance/intake', {
      body: {
        roomId: ROOM,
        personaId: 'marisol-quennell',
        question: 'How many PTO days carry over?',
        decision: 'decline',
        reason: 'not-in-corpus',
        topic: 'pto',
      },
    });
    const f = intake.body.followup;
    const ownerToken = await createStaff(server, 'Pat People', [`owner:${f.team}`]);
    const owner = await newTestPage(browser);
    try {
      await signInToConsole(owner.page, server.url, ownerToken);
      expect(await owner.page.locator('#nav-list a').allTextContents()).toEqual(['Follow-ups']);
      const card = owner.page.locator(`[data-followup-id="${f.id}"]`);
      await card.waitFor(WAIT);
      expect(await card.locator('button[data-action=approve], button[data-action=publish]').count()).toBe(0);
      await card.getByLabel('Answer').fill('Up to five days carry over into the next year.');
      await card.locator('button[data-action=draft]').click();
      await owner.page.locator(`[data-followup-id="${f.id}"][data-status=drafted]`).waitFor(WAIT);
    } finally {
      await owner.context.close();
    }

    await openConsolePage(page, 'followups', 'Follow-ups');
    const card = page.locator(`[data-followup-id="${f.id}"]`);
    await card.waitFor(WAIT);
    expect(await page.locator(`section[data-team="${f.team}"] [data-followup-id="${f.id}"]`).count()).toBe(1);
    await card.locator('button[data-action=approve]').click();
    await page
      .locator(`[data-followup-id="${f.id}"][data-status=approved] button[data-action=publish]`)
      .click();
    // Published items leave the default ("not yet published") view.
    await page.locator(`[data-followup-id="${f.id}"]`).waitFor({ state: 'detached', ...WAIT });
    await page.selectOption('#followups-status', 'published');
    const done = page.locator(`[data-followup-id="${f.id}"][data-status=published]`);
    await done.waitFor(WAIT);
    await done.locator('details.history summary').click();
    await done.locator('details.history li').nth(3).waitFor(WAIT);
    const history = await done.locator('details.history li').allTextContents();
    expect(history.map((l) => l.split(' · ')[1])).toEqual(['created', 'draft', 'approve', 'publish']);
    const stored = (await api<FollowupDto>(`/api/governance/followups/${f.id}`)).body;
    expect(stored).toMatchObject({
      status: 'published',
      answerText: 'Up to five days carry over into the next year.',
    });
  });

  it('gives a staff token without the grant no page, and the server refuses it with 403', async () => {
    const token = await createStaff(server, 'Connie Consent', ['consent']);
    const staff = await newTestPage(browser);
    try {
      // Keyboard only: the credential field has focus on arrival, Enter signs in, Tab reaches the nav.
      await staff.page.goto(`${server.url}/console`);
      await staff.page.locator('#credential:focus').waitFor(WAIT);
      await staff.page.keyboard.type(token);
      await staff.page.keyboard.press('Enter');
      await staff.page.locator('#who').waitFor({ state: 'visible', ...WAIT });
      expect(await staff.page.textContent('#who-roles')).toBe('consent');
      for (let i = 0; i < 10; i++) {
        if (
          await staff.page.evaluate(() => (document.activeElement as HTMLElement).dataset.page === 'personas')
        )
          break;
        await staff.page.keyboard.press('Tab');
      }
      await staff.page.keyboard.press('Enter');
      await staff.page.waitForFunction(
        () => document.getElementById('page-title')?.textContent === 'Personas',
      );
      expect(await staff.page.locator('#nav-list a').allTextContents()).toEqual(['Consent', 'Personas']);
      for (const [id, path] of [
        ['audit', '/api/governance/audit/entries'],
        ['approvals', '/api/governance/approvals'],
        ['rooms', '/api/governance/rooms'],
        ['metrics', '/api/governance/metrics'],
        ['staff', '/api/governance/staff'],
      ] as const) {
        await staff.page.goto(`${server.url}/console#${id}`);
        await staff.page.locator(`[data-denied="${id}"]`).waitFor(WAIT);
        expect(
          await staff.page
            .locator('#audit-table, #rooms-table, #approvals-list, #metrics-body, #staff-form')
            .count(),
        ).toBe(0);
        const res = await requestJson<{ error: { code: string } }>(server.url, path, {
          headers: bearer(token),
        });
        expect(res.status, path).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      // Its own page works, including the form only the consent grant may use.
      await staff.page.goto(`${server.url}/console#consent`);
      await staff.page.locator('#consent-form').waitFor(WAIT);
      expect(staff.errors.filter((e) => !/403/.test(e))).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });

  it('signs out and forgets the credential', async () => {
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible', ...WAIT });
    await page.reload();
    await page.locator('#sign-in').waitFor({ state: 'visible', ...WAIT });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // The refused wrong secret (403) is the only error the page may have logged.
    expect(admin.errors.filter((e) => !/status of 403/.test(e))).toEqual([]);
    expect(admin.offsiteRequests).toEqual([]);
  });
});
