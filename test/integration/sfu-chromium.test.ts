/**
 * livekit-client in headless Chromium and @livekit/rtc-node together on the embedded SFU:
 * they hear each other (AnalyserNode energy in the page, decoded RMS in Node), exchange data and
 * text streams, see mutes, and the browser SDK reacts to live permission changes and refusals.
 */
import { DataPacket_Kind } from '@livekit/protocol';
import { RoomEvent, dispose, type Room } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAndServeLkPage,
  launchChromium,
  type ChromiumHandle,
  type LkPageHost,
} from '../helpers/sfu-browser.ts';
import { EnergyMeter, joinNode, publishSine, type SineTone } from '../helpers/sfu-rtc-node.ts';
import {
  mintToken,
  startSfuServer,
  TEST_API_KEY,
  TEST_API_SECRET,
  waitFor,
  type SfuTestServer,
} from '../helpers/sfu-server.ts';

const ROOM = 'browser-room';

interface PageApi {
  connect(url: string, token: string): Promise<{ sid: string; identity: string }>;
  publishTone(frequencyHz: number): Promise<string>;
  remoteLevel(identity: string): number;
  sendData(text: string, opts: { reliable: boolean; topic?: string; to?: string[] }): Promise<void>;
  received(): Array<{ from: string | undefined; topic: string | undefined; text: string }>;
  texts(): Array<{ from: string; topic: string; text: string }>;
  setMuted(muted: boolean): Promise<void>;
  localUnpublished(): number;
  canPublish(): boolean;
  setMetadata(metadata: string): Promise<string>;
  dropSignal(): Promise<void>;
  reconnects(): number;
  sid(): string;
  state(): string;
  disconnect(): Promise<void>;
}

let srv: SfuTestServer;
let svc: RoomServiceClient;
let pageHost: LkPageHost;
let chromium: ChromiumHandle;
let page: Page;
let node: Room;
let nodeHears: EnergyMeter;
let nodeTone: SineTone | undefined;
let validateRequests = 0;

/** Calls a method of the page's test API. */
function call<K extends keyof PageApi>(
  name: K,
  ...args: Parameters<PageApi[K]>
): Promise<Awaited<ReturnType<PageApi[K]>>> {
  return page.evaluate(
    ([n, a]) => {
      const api = (window as unknown as { lkTest: Record<string, (...x: unknown[]) => unknown> }).lkTest;
      return api[n as string]!(...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<PageApi[K]>>>;
}

beforeAll(async () => {
  srv = await startSfuServer();
  svc = new RoomServiceClient(srv.httpUrl, TEST_API_KEY, TEST_API_SECRET);
  pageHost = await buildAndServeLkPage();
  chromium = await launchChromium();
  const context = await chromium.browser.newContext();
  page = await context.newPage();
  page.on('request', (req) => {
    if (req.url().includes('/validate')) validateRequests += 1;
  });
  await page.goto(pageHost.url);
  await page.waitForFunction(() => 'lkTest' in window);
  await call('connect', srv.wsUrl, await srv.token('browser', ROOM, {}, { name: 'Browser' }));
  node = await joinNode(srv.wsUrl, await srv.token('node', ROOM));
  nodeHears = new EnergyMeter(node);
});

afterAll(async () => {
  await nodeTone?.stop();
  await node?.disconnect().catch(() => undefined);
  if (page) await call('disconnect').catch(() => undefined);
  await chromium?.close();
  await pageHost?.close();
  await srv?.close();
  await dispose();
});

describe('livekit-client (Chromium) with @livekit/rtc-node', () => {
  it('hear each other both ways', async () => {
    await call('publishTone', 440);
    nodeTone = await publishSine(node, 660);
    await waitFor('node to hear the browser', () => nodeHears.level('browser') > 1000, 45_000);
    await waitFor('the browser to hear node', async () => (await call('remoteLevel', 'node')) > 0.02, 45_000);
  });

  it('reconnect by a full rejoin after the signal connection drops', async () => {
    const before = await call('sid');
    await call('dropSignal');
    await waitFor('the browser to reconnect', async () => (await call('reconnects')) === 1, 60_000);
    expect(await call('state')).toBe('connected');
    const after = await call('sid');
    expect(after).not.toBe(before);
    await waitFor(
      'node to know the rejoined browser',
      () => node.remoteParticipants.get('browser')?.sid === after,
    );
    // Its track is republished and flows again, in both directions.
    nodeHears.reset('browser');
    await waitFor('node to hear the browser again', () => nodeHears.level('browser') > 1000, 45_000);
    await waitFor(
      'the browser to hear node again',
      async () => (await call('remoteLevel', 'node')) > 0.02,
      45_000,
    );
    expect((await svc.listParticipants(ROOM)).map((p) => p.identity).sort()).toEqual(['browser', 'node']);
  });

  it('exchange reliable data, targeted data and text streams', async () => {
    const got: Array<{ from: string | undefined; text: string; topic: string | undefined }> = [];
    node.on(RoomEvent.DataReceived, (payload, p, _kind, topic) => {
      got.push({ from: p?.identity, text: new TextDecoder().decode(payload), topic });
    });
    await call('sendData', 'hi from chromium', { reliable: true, topic: 'chat' });
    await waitFor('node to get the browser data', () => got.some((m) => m.text === 'hi from chromium'));
    expect(got.find((m) => m.text === 'hi from chromium')).toEqual({
      from: 'browser',
      text: 'hi from chromium',
      topic: 'chat',
    });

    await node.localParticipant!.publishData(new TextEncoder().encode('hi from node'), {
      reliable: true,
      destination_identities: ['browser'],
    });
    await waitFor('the browser to get node data', async () =>
      (await call('received')).some((m) => m.text === 'hi from node' && m.from === 'node'),
    );

    await node.localParticipant!.sendText('the twin says hello', { topic: 'lk.transcription' });
    await waitFor('the browser to read the caption stream', async () =>
      (await call('texts')).some((t) => t.text === 'the twin says hello' && t.from === 'node'),
    );

    await svc.sendData(ROOM, new TextEncoder().encode('server event'), DataPacket_Kind.RELIABLE, {
      topic: 'podium.qa',
    });
    await waitFor('the browser to get server data without a sender', async () =>
      (await call('received')).some(
        (m) => m.text === 'server event' && m.from === undefined && m.topic === 'podium.qa',
      ),
    );
  });

  it('shows browser mutes to other participants', async () => {
    let muted = false;
    let unmuted = false;
    node.on(RoomEvent.TrackMuted, (_pub, p) => (muted ||= p.identity === 'browser'));
    node.on(RoomEvent.TrackUnmuted, (_pub, p) => (unmuted ||= p.identity === 'browser'));
    await call('setMuted', true);
    await waitFor('node to see the mute', () => muted);
    await call('setMuted', false);
    await waitFor('node to see the unmute', () => unmuted);
  });

  it('refuses own metadata without the grant and unpublishes on demotion', async () => {
    expect(await call('setMetadata', 'sneaky')).toMatch(/^error:/);
    expect(await call('canPublish')).toBe(true);
    const unpublishedBefore = await call('localUnpublished');
    let gone = false;
    node.on(RoomEvent.TrackUnpublished, (_pub, p) => (gone ||= p.identity === 'browser'));
    await svc.updateParticipant(ROOM, 'browser', {
      permission: { canPublish: false, canSubscribe: true, canPublishData: true },
    });
    await waitFor(
      'the browser SDK to see its new permission',
      async () => (await call('canPublish')) === false,
    );
    await waitFor(
      'the browser to unpublish locally',
      async () => (await call('localUnpublished')) > unpublishedBefore,
    );
    await waitFor('node to see the track go', () => gone);
  });

  it('makes livekit-client fail fast, without retry loops, on a refused token', async () => {
    const second = await chromium.browser.newPage();
    let validates = 0;
    second.on('request', (req) => {
      if (req.url().includes('/validate')) validates += 1;
    });
    await second.goto(pageHost.url);
    await second.waitForFunction(() => 'lkTest' in window);
    const forged = await mintToken('intruder', { roomJoin: true, room: ROOM }, { apiSecret: 'z'.repeat(40) });
    const outcome = await second.evaluate(
      async ([url, token]) => {
        const api = (window as unknown as { lkTest: { connect(u: string, t: string): Promise<unknown> } })
          .lkTest;
        try {
          await api.connect(url, token);
          return 'connected';
        } catch (err) {
          return `refused: ${err instanceof Error ? err.message : String(err)}`;
        }
      },
      [srv.wsUrl, forged] as const,
    );
    expect(outcome).toMatch(/^refused: .*signature/);
    expect(validates).toBe(1);
    expect(validateRequests).toBe(0);
    await second.close();
    expect((await svc.listParticipants(ROOM)).map((p) => p.identity).sort()).toEqual(['browser', 'node']);
  });
});
