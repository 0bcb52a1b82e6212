import type { Room } from '@livekit/rtc-node';
import { RoomEvent, type RemoteParticipant } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDto, AuditEntryDto } from '../../common/governance.ts';
import type { QuestionView, SubmitQuestionResponse } from '../../common/qa.ts';
import { TWIN_IDENTITY_PREFIX } from '../../common/roles.ts';
import { parseTimelineMessage, TIMELINE_TOPIC, type TimelineMessage } from '../../common/timeline.ts';
import { pino } from 'pino';
import { createGovernance } from '../../server/governance/index.ts';
import { toHttpUrl } from '../../server/livekit/index.ts';
import { createTwinBrain, loadPersona } from '../../server/twin/index.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';
import { EnergyMeter, joinNode } from '../helpers/sfu-rtc-node.ts';
import { join, type Person } from './qa-helpers.ts';

// The twin as `npm start` runs it: a host joins the all-hands room, the twin comes; questions the host
// sends to the twin are answered on stage (audio, timeline), logged before they are spoken, recorded in
// the Q&A with citations; pause, escalation, approval and revocation all act on it.
// Real parts throughout: app server, embedded SFU, rtc-node listener, Festival, PGlite.

const ROOM = 'town-hall';
const TWIN = `${TWIN_IDENTITY_PREFIX}marisol-quennell`;
let podium: TestPodium;
let host: Person;
let askers: Person[] = [];
let asked = 0;
let listener: Room;
let meter: EnergyMeter;
const timeline: TimelineMessage[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(
  what: string,
  f: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function ask(text: string): Promise<string> {
  // Askers take turns: one person may ask five questions a minute.
  const asker = askers[asked++ % askers.length]!;
  const sub = await asker.call<SubmitQuestionResponse>('POST', `/api/rooms/${ROOM}/questions`, { text });
  expect(sub.status, JSON.stringify(sub.body)).toBe(201);
  const id = sub.body.question.id;
  expect((await host.call('POST', `/api/questions/${id}/approve`)).status).toBe(200);
  const live = await host.call('POST', `/api/questions/${id}/live`, { target: 'twin' });
  expect(live.status, JSON.stringify(live.body)).toBe(200);
  return id;
}

const question = async (id: string) => (await host.call<QuestionView>('GET', `/api/questions/${id}`)).body;
const gov = <T>(method: string, path: string, body?: unknown) =>
  requestJson<T>(podium.url, `/api/governance${path}`, {
    method,
    headers: podium.adminHeaders,
    ...(body === undefined ? {} : { body }),
  });
const utterances = async () =>
  (await gov<{ entries: AuditEntryDto[] }>('GET', '/audit/entries?limit=1000')).body.entries.filter((e) =>
    String(e.entry.kind).startsWith('utterance'),
  );
const ofUtterance = (id: string) => timeline.filter((m) => m.utteranceId === id);

beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_TWIN: 'marisol-quennell' } });
  host = await join(podium, ROOM, 'Hana Host', 'host');
  askers = [await join(podium, ROOM, 'Ari Asker'), await join(podium, ROOM, 'Bo Asker')];
  const ear = await join(podium, ROOM, 'Lee Listener');
  listener = await joinNode(ear.livekit.url, ear.livekit.token);
  meter = new EnergyMeter(listener);
  listener.on(RoomEvent.DataReceived, (payload, participant?: RemoteParticipant, _kind?, topic?: string) => {
    if (topic !== TIMELINE_TOPIC || participant?.identity !== TWIN) return;
    const m = parseTimelineMessage(JSON.parse(new TextDecoder().decode(payload)));
    if (m) timeline.push(m);
  });
}, 60_000);

afterAll(async () => {
  await listener?.disconnect();
  await podium?.close();
});

describe('the twin in an all-hands room', () => {
  it('joins with people present, as an AI agent', async () => {
    const rs = new RoomServiceClient(
      toHttpUrl(podium.url),
      podium.config.media.apiKey,
      podium.config.media.apiSecret,
    );
    const twin = await until('the twin to join', async () =>
      (await rs.listParticipants(ROOM)).find((p) => p.identity === TWIN),
    );
    expect(twin.attributes['podium.ai']).toBe('true');
    await until(
      'the twin to listen',
      async () => (await rs.getParticipant(ROOM, TWIN)).attributes['lk.agent.state'] === 'listening',
    );
    await until('the twin audio track', () => meter.subscribedFrom.has(TWIN));
  });

  it('answers a question sent to it: logged first, heard, timed, and recorded with citations', async () => {
    const id = await ask('What is our hybrid work policy?');
    await until('twin audio', () => meter.level(TWIN) > 300);
    const answered = await until(
      'the answer in the Q&A',
      async () => {
        const q = await question(id);
        return q.state === 'answered' ? q : null;
      },
      60_000,
    );
    expect(answered.answer?.mode).toBe('twin');
    expect(answered.answer?.answeredBy).toBe(TWIN);
    expect(answered.answer?.citations?.length).toBeGreaterThan(0);
    expect(answered.answer?.citations?.[0]?.title).toBeTruthy();

    const entries = await utterances();
    const spoken = entries.find(
      (e) =>
        e.entry.kind === 'utterance' &&
        (e.entry.question as { questionId: string } | null)?.questionId === id,
    );
    expect(spoken).toBeDefined();
    const entry = spoken!.entry as {
      utteranceId: string;
      spokenText: string;
      decision: string;
      timestamps: { loggedAt: string };
    };
    expect(entry.decision).toBe('answer');
    // The first answer of the session opens with the spoken AI notice.
    expect(entry.spokenText).toMatch(/^I'm an AI twin of Marisol Quennell/);
    const audio = entries.find(
      (e) => e.entry.kind === 'utterance.audio' && e.entry.utteranceId === entry.utteranceId,
    );
    expect(audio?.entry.audioSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(audio!.index).toBeGreaterThan(spoken!.index);

    const msgs = await until('the whole timeline', () => {
      const m = ofUtterance(entry.utteranceId);
      return m.some((x) => x.type === 'end') ? m : null;
    });
    const start = msgs.find((m) => m.type === 'start');
    expect(start && start.type === 'start' && start.sentAtMs).toBeGreaterThanOrEqual(
      Date.parse(entry.timestamps.loggedAt),
    );
    const segments = msgs.filter((m) => m.type === 'segment');
    expect(segments.length).toBeGreaterThan(1);
    expect(segments.map((s) => (s.type === 'segment' ? s.text : '')).join(' ')).toContain('AI twin');
    await until('silence after the answer', () => meter.level(TWIN) < 50, 10_000);
  });

  it('prepares an approved question ahead, says and logs nothing until it is sent live', async () => {
    const room = async () => (await podium.twin())?.room(ROOM)?.status ?? null;
    const asker = askers[asked++ % askers.length]!;
    const sub = await asker.call<SubmitQuestionResponse>('POST', `/api/rooms/${ROOM}/questions`, {
      text: 'What is our hybrid work policy?',
    });
    const id = sub.body.question.id;
    expect((await host.call('POST', `/api/questions/${id}/approve`)).status).toBe(200);
    await until('the answer prepared', async () => (await room())?.prepared === 1);
    const before = timeline.length;
    await sleep(1_000);
    // Prepared is not said: no audio, no timeline, no audit entry for it.
    expect(meter.level(TWIN)).toBeLessThan(50);
    expect(timeline.length).toBe(before);
    const loggedFor = async (qid: string) =>
      (await utterances()).find(
        (e) => (e.entry.question as { questionId: string } | null)?.questionId === qid,
      );
    expect(await loggedFor(id)).toBeUndefined();

    // The moderator rewrites the question: the twin answers the new text, not the prepared one.
    const edited = await host.call('POST', `/api/questions/${id}/edit`, {
      text: 'How many weeks of parental leave does each parent get?',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const live = await host.call('POST', `/api/questions/${id}/live`, { target: 'twin' });
    expect(live.status).toBe(200);
    const entry = await until('the answer logged', () => loggedFor(id));
    expect((entry.entry.question as { text: string }).text).toBe(
      'How many weeks of parental leave does each parent get?',
    );
    expect(String(entry.entry.spokenText)).toMatch(/parental leave/i);
    expect(String(entry.entry.spokenText)).not.toMatch(/hybrid/i);
    await until('the answer heard', () => meter.level(TWIN) > 300, 30_000);
    await until('answered', async () => (await question(id)).state === 'answered', 60_000);
    expect((await room())?.prepared).toBe(0);

    // A dismissed question takes its preparation with it.
    const other = await asker.call<SubmitQuestionResponse>('POST', `/api/rooms/${ROOM}/questions`, {
      text: 'Where is the Rotterdam office?',
    });
    const oid = other.body.question.id;
    expect((await host.call('POST', `/api/questions/${oid}/approve`)).status).toBe(200);
    await until('the second answer prepared', async () => (await room())?.prepared === 1);
    expect((await host.call('POST', `/api/questions/${oid}/dismiss`, { reason: 'duplicate' })).status).toBe(
      200,
    );
    await until('the preparation dropped', async () => (await room())?.prepared === 0);
    expect(await loggedFor(oid)).toBeUndefined();
    await until('quiet', () => meter.level(TWIN) < 50, 20_000);
  });

  it('escalates a sensitive question to people and says so', async () => {
    const id = await ask('Are there going to be layoffs next quarter?');
    await until('escalated state', async () => (await question(id)).state === 'escalated', 30_000);
    const approvals = await gov<{ approvals: ApprovalDto[] }>(
      'GET',
      `/approvals?status=pending&roomId=${ROOM}`,
    );
    const approval = approvals.body.approvals.find((a) => a.questionId === id);
    expect(approval).toBeDefined();
    const entries = await utterances();
    const logged = entries.find(
      (e) => (e.entry.question as { questionId: string } | null)?.questionId === id,
    );
    expect(logged?.entry.decision).toBe('escalate');
    await until('quiet', () => meter.level(TWIN) < 50, 20_000);

    // A comms approver releases an answer: the twin speaks exactly that, logged with the approver.
    const text = 'There are no layoffs planned; the leadership team will share any change in person.';
    const released = await gov<ApprovalDto>('POST', `/approvals/${approval!.id}/approve`, { text });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    await until(
      'the approved answer spoken',
      () => timeline.some((m) => m.type === 'segment' && m.text.includes('no layoffs planned')),
      30_000,
    );
  });

  it('stops talking at once when paused, and stays silent until resumed', async () => {
    const id = await ask('How does our parental leave work?');
    await until('twin audio', () => meter.level(TWIN) > 300, 30_000);
    const paused = await gov('POST', `/control/rooms/${ROOM}/pause`, { reason: 'test' });
    expect(paused.status).toBe(200);
    await until('an interrupt message', () => timeline.some((m) => m.type === 'interrupt'), 5_000);
    await until('silence', () => meter.level(TWIN) < 50, 5_000);
    // The interrupted answer stays live for the host to deal with.
    expect((await question(id)).state).toBe('live');

    const again = await ask('What is the policy for hybrid work?');
    // Nothing is prepared while the twin may not answer.
    expect((await podium.twin())?.room(ROOM)?.status.prepared).toBe(0);
    await sleep(1_500);
    expect((await question(again)).state).toBe('live');
    expect(meter.level(TWIN)).toBeLessThan(50);
    expect((await gov('POST', `/control/rooms/${ROOM}/resume`, {})).status).toBe(200);
  });

  it('never quotes a withdrawn document again', async () => {
    const withdrawn = 'parental-leave-2026.md';
    const text = 'How long is parental leave now?';
    // Precondition: with the whole corpus, this question is answered from that document.
    const persona = await loadPersona('assets/personas/marisol-quennell');
    const before = await (await createTwinBrain({ persona, openai: false })).ask(text);
    expect(before.citations.map((c) => c.doc)).toContain(withdrawn);
    const res = await gov('POST', `/personas/marisol-quennell/corpus/${withdrawn}/withdraw`, {
      reason: 'superseded',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const id = await ask(text);
    const q = await until(
      'the twin to deal with it',
      async () => {
        const v = await question(id);
        return v.state === 'answered' || v.state === 'escalated' ? v : null;
      },
      60_000,
    );
    const logged = (await utterances()).find(
      (e) => (e.entry.question as { questionId: string } | null)?.questionId === id,
    );
    const cited = (logged?.entry.citations as { doc: string }[] | undefined) ?? [];
    expect(cited.map((c) => c.doc)).not.toContain(withdrawn);
    expect((q.answer?.citations ?? []).map((c) => c.doc)).not.toContain(withdrawn);
  });

  it('leaves the room when consent is revoked, even through another app server', async () => {
    // A second governance instance over the same database stands for another app server: its
    // events never reach this process, so only the twin's periodic re-read can notice.
    const other = await createGovernance({
      db: podium.store.db,
      log: pino({ level: 'silent' }),
      dataDir: podium.dataDir,
      sessionSecret: podium.config.sessionSecret,
      podiumVersion: 'test',
      personasDir: null,
    });
    try {
      const records = await other.consent.list('marisol-quennell');
      const inForce = records.filter((r) => r.status === 'in-force');
      expect(inForce.length).toBeGreaterThan(0);
      for (const r of inForce) {
        await other.consent.revoke(
          r.id,
          { revokedBy: { name: 'Marisol Quennell', role: 'CEO' }, reason: 'test' },
          'test',
        );
      }
    } finally {
      await other.close();
    }
    const rs = new RoomServiceClient(
      toHttpUrl(podium.url),
      podium.config.media.apiKey,
      podium.config.media.apiSecret,
    );
    await until(
      'the twin to leave',
      async () => !(await rs.listParticipants(ROOM)).some((p) => p.identity === TWIN),
      5_000,
    );
  });
});
