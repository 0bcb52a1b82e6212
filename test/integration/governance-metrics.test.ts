import { dispose, type Room } from '@livekit/rtc-node';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowupDto, GovernanceMetricsDto, LiveRoomsResponse } from '../../common/governance.ts';
import type { QuestionView, SubmitQuestionResponse, VoteResponse } from '../../common/qa.ts';
import type { UtteranceInput } from '../../server/governance/audit/entry.ts';
import { eventually, joinAs, staffClient, type Call } from '../../server/governance/testing/http.ts';
import { createParticipantCounter } from '../../server/livekit/index.ts';
import { findPostgresBin, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { joinNode } from '../helpers/sfu-rtc-node.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';
import { createRoom, join, type Person } from './qa-helpers.ts';

const A = 'metrics-a';
const B = 'metrics-b';
const PERSONA = 'marisol-quennell';
const pgBin = findPostgresBin();
// The figures are computed in SQL: check them on PGlite and, when installed, real PostgreSQL
// (node-postgres hands bigint and numeric back as strings).
const backends = ['pglite', ...(pgBin ? ['postgresql'] : [])] as const;

let podium: TestPodium;
let comms: Call;
let postgres: TestPostgres | null = null;
const rooms: Room[] = [];

async function start(backend: (typeof backends)[number]): Promise<void> {
  if (backend === 'postgresql') postgres = await startTestPostgres(pgBin!);
  podium = await startTestServer(postgres ? { env: { DATABASE_URL: postgres.url } } : {});
  await createRoom(podium, { id: A, kind: 'meeting', capacity: 40 });
  await createRoom(podium, { id: B, kind: 'all-hands', capacity: 500 });
  comms = (await staffClient(podium, 'Comms', ['comms'])).call;
}

async function stop(): Promise<void> {
  for (const r of rooms.splice(0)) await r.disconnect().catch(() => undefined);
  await podium?.close();
  await postgres?.stop();
  postgres = null;
}

afterAll(() => dispose());

const metrics = async (query = '') => {
  const res = await comms<GovernanceMetricsDto>('GET', `/metrics${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

async function ask(person: Person, roomId: string, text: string): Promise<QuestionView> {
  const res = await person.call<SubmitQuestionResponse>('POST', `/api/rooms/${roomId}/questions`, { text });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.question;
}

async function vote(person: Person, questionId: string, voted: boolean): Promise<void> {
  const res = await person.call<VoteResponse>('POST', `/api/questions/${questionId}/vote`, { voted });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.voted).toBe(voted);
}

describe.each(backends)('metrics on %s', (backend) => {
  beforeAll(() => start(backend), 120_000);
  afterAll(stop);

  describe('participation metrics', () => {
    it('counts distinct people who joined, asked and voted, per room and overall', async () => {
      const ada = await join(podium, A, 'Ada');
      const bob = await join(podium, A, 'Bob');
      const cy = await join(podium, A, 'Cy');
      await join(podium, B, 'Dee');
      const q1 = await ask(ada, A, 'Will the cafeteria open on Fridays?');
      await ask(ada, A, 'And on Saturdays?');
      const q2 = await ask(bob, A, 'When is the next all-hands?');
      await vote(cy, q1.id, true);
      await vote(cy, q2.id, true);
      // A vote taken back is not participation.
      await vote(ada, q2.id, true);
      await vote(ada, q2.id, false);

      const all = await metrics();
      expect(all.participation).toEqual({
        joined: 4,
        asked: 2,
        voted: 1,
        rooms: [
          { roomId: A, joined: 3, asked: 2, voted: 1 },
          { roomId: B, joined: 1, asked: 0, voted: 0 },
        ],
      });
      const one = await metrics(`?roomId=${A}`);
      expect(one.participation).toEqual({
        joined: 3,
        asked: 2,
        voted: 1,
        rooms: [{ roomId: A, joined: 3, asked: 2, voted: 1 }],
      });
      const later = await metrics(`?since=${new Date(Date.now() + 60_000).toISOString()}`);
      expect(later.participation).toEqual({ joined: 0, asked: 0, voted: 0, rooms: [] });
    });
  });

  describe('twin latency metrics', () => {
    const t0 = Date.now() - 3_600_000;
    const iso = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();
    const utterance = (
      roomId: string,
      askedAtMs: number | null,
      decidedAtMs: number,
      extra: Partial<UtteranceInput> = {},
    ): UtteranceInput => ({
      personaId: PERSONA,
      roomId,
      question: {
        text: 'Is the office open?',
        questionId: null,
        askedAt: askedAtMs === null ? null : iso(askedAtMs),
      },
      decision: 'answer',
      reason: 'answered-from-corpus',
      spokenText: 'The office is open.',
      providers: { composer: { mode: 'extractive' } },
      decidedAt: iso(decidedAtMs),
      ...extra,
    });

    it('measures question → decision and question / decision → first audio from the audit entries', async () => {
      const audit = podium.governance.audit;
      const decisionMs = [1_000, 2_000, 3_000, 4_000, 10_000];
      const logged = [];
      for (const [i, ms] of decisionMs.entries()) {
        const decision = (['answer', 'decline', 'escalate'] as const)[i % 3]!;
        logged.push(await audit.appendUtterance(utterance(A, i * 100_000, i * 100_000 + ms, { decision })));
      }
      // Not counted: another room (only overall), a question without askedAt, a human-approved release.
      await audit.appendUtterance(utterance(B, 0, 500));
      await audit.appendUtterance(utterance(A, null, 0));
      const released = await audit.appendUtterance(
        utterance(A, 0, 3_000_000, {
          approver: { approvalId: 'ap_1', by: 'Comms', approvedAt: iso(3_000_000) },
        }),
      );
      // Audio of the first utterance (3 s played); an audio entry without a duration and the
      // release's audio are not counted.
      const before = Date.now();
      await audit.appendAudio({
        utteranceIndex: logged[0]!.index,
        audioSha256: 'a'.repeat(64),
        durationMs: 3_000,
      });
      const after = Date.now();
      await audit.appendAudio({ utteranceIndex: logged[1]!.index, audioSha256: 'b'.repeat(64) });
      await audit.appendAudio({
        utteranceIndex: released.index,
        audioSha256: 'c'.repeat(64),
        durationMs: 10,
      });

      const room = (await metrics(`?roomId=${A}`)).latency;
      expect(room.decision).toEqual({ samples: 5, p50Ms: 3_000, p95Ms: 8_800 });
      expect(room.questionToAudio.samples).toBe(1);
      expect(room.decisionToAudio.samples).toBe(1);
      // The audio started durationMs before its entry was logged (somewhere between before and after).
      const started = [before - 3_000 - t0, after - 3_000 - t0];
      expect(room.questionToAudio.p50Ms).toBeGreaterThanOrEqual(started[0]! - 1);
      expect(room.questionToAudio.p50Ms).toBeLessThanOrEqual(started[1]! + 1);
      expect(room.decisionToAudio.p50Ms).toBe(room.questionToAudio.p50Ms! - 1_000);
      expect(room.questionToAudio.p95Ms).toBe(room.questionToAudio.p50Ms);

      const all = (await metrics()).latency;
      // 500, 1000, 2000, 3000, 4000, 10000: p50 between the middle two, p95 at rank 4.75.
      expect(all.decision).toEqual({ samples: 6, p50Ms: 2_500, p95Ms: 8_500 });
      const none = (await metrics(`?since=${new Date(Date.now() + 60_000).toISOString()}`)).latency;
      expect(none.decision).toEqual({ samples: 0, p50Ms: null, p95Ms: null });
      expect(none.questionToAudio).toEqual({ samples: 0, p50Ms: null, p95Ms: null });
    });

    it('keeps answering when an audit row was edited into invalid JSON, and verification names it', async () => {
      const before = (await metrics()).latency.decision.samples;
      const logged = await podium.governance.audit.appendUtterance(utterance(A, 0, 1_000));
      expect((await metrics()).latency.decision.samples).toBe(before + 1);
      await sql`update gov_audit_entries set entry_json = ${'{"kind":"utterance","timestamps":'} where idx = ${logged.index}`.execute(
        podium.store.db,
      );
      // The damaged row is left out of the figures; nothing fails.
      expect((await metrics()).latency.decision.samples).toBe(before);
      const listed = await comms<{ entries: { index: number; entry: Record<string, unknown> }[] }>(
        'GET',
        '/audit/entries?limit=1000',
      );
      expect(listed.status).toBe(200);
      const shown = listed.body.entries.find((e) => e.index === logged.index);
      expect(shown?.entry).toMatchObject({ kind: 'damaged', stored: '{"kind":"utterance","timestamps":' });
      const verified = await comms<{ ok: boolean; problems?: unknown; firstProblem?: unknown }>(
        'GET',
        '/audit/verify',
      );
      expect(verified.status).toBe(200);
      expect(verified.body.ok).toBe(false);
      expect(JSON.stringify(verified.body)).toContain(String(logged.index));
    });

    it('reports follow-up resolution percentiles', async () => {
      const agent = (await staffClient(podium, 'Twin agent', ['agent'])).call;
      const hours = [1, 2, 10];
      for (const [i, h] of hours.entries()) {
        const res = await agent<{ followup: FollowupDto }>('POST', '/intake', {
          roomId: B,
          personaId: PERSONA,
          question: `Follow-up question ${i}?`,
          decision: 'decline',
          reason: 'no-approved-position',
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        const id = res.body.followup.id;
        expect((await comms('POST', `/followups/${id}/draft`, { text: `Answer ${i}.` })).status).toBe(200);
        expect((await comms('POST', `/followups/${id}/approve`, {})).status).toBe(200);
        expect((await comms('POST', `/followups/${id}/publish`)).status).toBe(200);
        // Set when it was published so that it took exactly `h` hours.
        await podium.store.db
          .updateTable('gov_followups')
          .set({ published_at: new Date((await createdAt(id)) + h * 3_600_000) })
          .where('id', '=', id)
          .execute();
      }
      const f = (await metrics(`?roomId=${B}`)).followups;
      expect(f.published).toBe(3);
      expect(f.medianResolutionMs).toBe(2 * 3_600_000);
      expect(f.p95ResolutionMs).toBe(Math.round(9.2 * 3_600_000));
      expect(f.meanResolutionMs).toBe(Math.round((13 / 3) * 3_600_000));
    });
  });
});

async function createdAt(id: string): Promise<number> {
  const row = await podium.store.db
    .selectFrom('gov_followups')
    .select('created_at')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.created_at.getTime();
}

describe('live rooms', () => {
  beforeAll(() => start('pglite'), 120_000);
  afterAll(stop);

  it('lists every room with its people now (through LiveKit) and the twin’s state', async () => {
    // What server.ts does once it listens; done here too so the test does not depend on that line.
    const media = podium.config.media;
    podium.governance.useParticipantCounter(
      createParticipantCounter(
        { url: podium.url, apiKey: media.apiKey, apiSecret: media.apiSecret, timeoutMs: 3_000 },
        podium.logger,
      ),
    );
    const live = async () => {
      const res = await comms<LiveRoomsResponse>('GET', '/rooms');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return res.body;
    };
    const first = await live();
    expect(first.countsAvailable).toBe(true);
    expect(first.global.killed).toBe(false);
    expect(first.rooms.find((r) => r.roomId === A)).toEqual({
      roomId: A,
      title: `Room ${A}`,
      kind: 'meeting',
      capacity: 40,
      participants: 0, // joined over HTTP, but nobody is connected to the media room
      control: expect.objectContaining({ roomId: A, paused: false, twinMayAnswer: true }),
    });

    const eve = await join(podium, A, 'Eve');
    const fay = await join(podium, A, 'Fay');
    const gus = await join(podium, B, 'Gus');
    for (const p of [eve, fay, gus]) rooms.push(await joinNode(p.livekit.url, p.livekit.token));
    const people = (r: LiveRoomsResponse, id: string) => r.rooms.find((x) => x.roomId === id)?.participants;
    await eventually(async () => {
      const r = await live();
      return people(r, A) === 2 && people(r, B) === 1 ? r : undefined;
    });
    await rooms.shift()!.disconnect();
    await eventually(async () =>
      (await live()).rooms.find((r) => r.roomId === A)?.participants === 1 ? true : undefined,
    );

    expect((await comms('POST', `/control/rooms/${A}/pause`, { reason: 'break' })).status).toBe(200);
    const paused = (await live()).rooms.find((r) => r.roomId === A)!;
    expect(paused.control).toMatchObject({ paused: true, twinMayAnswer: false, reason: 'break' });
    expect(paused.participants).toBe(1);
  });

  it('reports unknown counts when LiveKit cannot be asked, and none without a counter', async () => {
    const media = podium.config.media;
    // A port nothing listens on: every ask fails, and each room's count is unknown.
    const port = await closedPort();
    podium.governance.useParticipantCounter(
      createParticipantCounter(
        {
          url: `http://127.0.0.1:${port}`,
          apiKey: media.apiKey,
          apiSecret: media.apiSecret,
          timeoutMs: 1_000,
        },
        podium.logger,
      ),
    );
    let r = (await comms<LiveRoomsResponse>('GET', '/rooms')).body;
    expect(r.countsAvailable).toBe(true);
    expect(r.rooms.length).toBeGreaterThanOrEqual(3);
    expect(r.rooms.map((x) => x.participants)).toEqual(r.rooms.map(() => null));

    podium.governance.useParticipantCounter(null);
    r = (await comms<LiveRoomsResponse>('GET', '/rooms')).body;
    expect(r.countsAvailable).toBe(false);
    expect(r.rooms.every((x) => x.participants === null && x.title !== null)).toBe(true);
  });

  it('is refused to room sessions and to staff without a reading grant', async () => {
    const owner = (await staffClient(podium, 'Owner', ['owner:people'])).call;
    expect((await owner('GET', '/rooms')).status).toBe(403);
    const consent = (await staffClient(podium, 'Consent', ['consent'])).call;
    expect((await consent('GET', '/rooms')).status).toBe(403);
    const auditor = (await staffClient(podium, 'Auditor', ['auditor'])).call;
    expect((await auditor('GET', '/rooms')).status).toBe(200);
    const { cookie } = await joinAs(podium, 'host', 'Hana');
    const res = await requestJson(podium.url, '/api/governance/rooms', { headers: { cookie } });
    expect([401, 403]).toContain(res.status);
  });
});

/** A local port that was free a moment ago (connections to it are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
