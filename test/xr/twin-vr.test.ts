import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteRecordDto } from '../../common/admin-api.ts';
import type { QuestionView } from '../../common/qa.ts';
import { joinTownHall, launchBrowser, newTestPage, type TestPage } from '../helpers/browser.ts';
import { ensureClientBuilt } from '../helpers/build-client.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';
import { iwerInitScript } from './iwer-init.ts';

const ROOM = 'town-hall';
const WAIT = { timeout: 60_000 };

/**
 * The twin answering someone who is in VR (emulated Quest 3, real twin agent, Festival voice): the
 * answer's words appear on the world-space caption panel, the face moves with what is heard, the AI
 * label is shown, and the panel goes when the person leaves VR.
 */
describe('the twin seen and heard in VR', () => {
  let server: TestPodium;
  let browser: Browser;
  let vr: TestPage;
  let hostCookie = '';

  const api = <T>(path: string, body: unknown = {}) =>
    requestJson<T>(server.url, path, { body, headers: { cookie: hostCookie } });

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer({ env: { PODIUM_TWIN: 'marisol-quennell' } });
    const invite = await requestJson<InviteRecordDto>(server.url, `/api/admin/rooms/${ROOM}/invites`, {
      body: { role: 'host' },
      headers: server.adminHeaders,
    });
    const res = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roomId: ROOM, name: 'Hana Host', invite: invite.body.token }),
    });
    expect(res.status).toBe(200);
    hostCookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    browser = await launchBrowser();
    vr = await newTestPage(browser, { initScripts: [iwerInitScript()] });
    await joinTownHall(vr.page, server.url, 'Vera VR');
    await vr.page.waitForFunction(() => window.podiumTwin?.loaded() === true, null, { timeout: 120_000 });
    await vr.page.waitForFunction(() => window.podium!.xr().ready, null, WAIT);
    await vr.page.click('#btn-vr');
    await vr.page.waitForFunction(() => window.podium!.xr().state === 'in-xr', null, WAIT);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the answer on the caption panel while the face speaks it', async () => {
    expect(await vr.page.evaluate(() => window.podiumTwin!.label())).toMatch(/AI twin/);
    const asked = await api<{ question: QuestionView }>(`/api/rooms/${ROOM}/questions`, {
      text: 'How does our parental leave work?',
    });
    expect(asked.status).toBe(201);
    const id = asked.body.question.id;
    if (asked.body.question.state === 'pending') {
      expect((await api(`/api/questions/${id}/approve`)).status).toBe(200);
    }
    expect((await api(`/api/questions/${id}/live`, { target: 'twin' })).status).toBe(200);

    await vr.page.waitForFunction(() => window.podiumTwin!.visemeWeightSum() > 0.1, null, WAIT);
    const panel = await vr.page.waitForFunction(
      () => {
        const p = window.podiumTwin!.panelCaption();
        return p.visible && p.text.length > 0 ? p : null;
      },
      null,
      WAIT,
    );
    const shown = (await panel.jsonValue()) as { text: string; visible: boolean };
    // The first answer of the session opens with the spoken AI notice.
    expect(shown.text).toMatch(/AI twin/i);
    await vr.page.waitForFunction(
      () => /parental leave/i.test(window.podiumTwin!.panelCaption().text),
      null,
      { timeout: 90_000 },
    );
  });

  it('hides the panel when the person leaves VR', async () => {
    await vr.page.evaluate(() => window.__iwer.activeSession?.end());
    await vr.page.waitForFunction(() => window.podium!.xr().state === 'inactive', null, WAIT);
    expect(await vr.page.evaluate(() => window.podiumTwin!.panelCaption().visible)).toBe(false);
  });
});
