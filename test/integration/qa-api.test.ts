/**
 * The Q&A HTTP API on a real server (PGlite, PODIUM_MEDIA=none): asking, pre-moderation, roles,
 * votes under concurrency, ordering, anonymity and plain-text handling.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../common/api.ts';
import type {
  QuestionListResponse,
  QuestionView,
  SubmitQuestionResponse,
  VoteResponse,
} from '../../common/qa.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { createRoom, join, type Person } from './qa-helpers.ts';

let podium: TestPodium;
let mod: Person;
let host: Person;

beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
  await createRoom(podium, { id: 'hall', kind: 'all-hands' });
  await createRoom(podium, { id: 'standup', kind: 'meeting' });
  mod = await join(podium, 'hall', 'Mo Derator', 'moderator');
  host = await join(podium, 'hall', 'Hana Host', 'host');
});
afterAll(() => podium?.close());

async function ask(person: Person, text: string, anonymous = false, roomId = 'hall'): Promise<QuestionView> {
  const res = await person.call<SubmitQuestionResponse>('POST', `/api/rooms/${roomId}/questions`, {
    text,
    anonymous,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.question;
}

async function approved(person: Person, text: string): Promise<QuestionView> {
  const q = await ask(person, text);
  const res = await mod.call<QuestionView>('POST', `/api/questions/${q.id}/approve`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const list = async (person: Person, query = '', roomId = 'hall') =>
  (await person.call<QuestionListResponse>('GET', `/api/rooms/${roomId}/questions${query}`)).body;

describe('asking in an all-hands', () => {
  it('holds new questions for a moderator: only the author and staff see them', async () => {
    const ada = await join(podium, 'hall', 'Ada');
    const bob = await join(podium, 'hall', 'Bob');
    const q = await ask(ada, 'When is the next offsite?');
    expect(q).toMatchObject({
      state: 'pending',
      flagged: false,
      anonymous: false,
      author: { identity: ada.identity, name: 'Ada' },
      votes: 0,
      mine: true,
      voted: false,
      roomId: 'hall',
    });
    expect((await list(ada)).questions.map((x) => x.id)).toContain(q.id);
    expect((await list(bob)).questions.map((x) => x.id)).not.toContain(q.id);
    const staffView = await list(mod);
    expect(staffView.questions.find((x) => x.id === q.id)?.state).toBe('pending');
    expect(staffView.settings).toEqual({ preModeration: true, ended: false, endedAt: null });

    const res = await mod.call<QuestionView>('POST', `/api/questions/${q.id}/approve`);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('approved');
    expect((await list(bob)).questions.find((x) => x.id === q.id)?.state).toBe('approved');
    // Approving twice is not a state change that exists.
    const again = await mod.call<ErrorBody>('POST', `/api/questions/${q.id}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({
      code: 'illegal_transition',
      message: 'Cannot approve a question that is approved',
    });
  });

  it('starts questions approved in a meeting, but holds flagged ones even there', async () => {
    const cy = await join(podium, 'standup', 'Cy');
    const clean = await ask(cy, 'Can we move the standup to 10?', false, 'standup');
    expect(clean.state).toBe('approved');
    const rude = await ask(cy, 'Why is this sh1t so slow?', false, 'standup');
    expect(rude).toMatchObject({ state: 'pending', flagged: true });
    // Not dropped: it is there for the author and for moderators.
    expect((await list(cy, '', 'standup')).questions.map((x) => x.id)).toContain(rude.id);
    const other = await join(podium, 'standup', 'Dee');
    expect((await list(other, '', 'standup')).questions.map((x) => x.id)).toEqual([clean.id]);
  });

  it('lets moderators turn pre-moderation off, and attendees not', async () => {
    const eve = await join(podium, 'standup', 'Eve');
    const m = await join(podium, 'standup', 'Meg', 'moderator');
    expect(
      (await eve.call<ErrorBody>('PATCH', '/api/rooms/standup/qa', { preModeration: true })).status,
    ).toBe(403);
    const on = await m.call('PATCH', '/api/rooms/standup/qa', { preModeration: true });
    expect(on.body).toEqual({ preModeration: true, ended: false, endedAt: null });
    expect((await ask(eve, 'Held now?', false, 'standup')).state).toBe('pending');
    await m.call('PATCH', '/api/rooms/standup/qa', { preModeration: false });
    expect((await ask(eve, 'Straight through now?', false, 'standup')).state).toBe('approved');
  });

  it('returns the earlier question when the same person sends the same text again', async () => {
    const fay = await join(podium, 'hall', 'Fay');
    const first = await ask(fay, 'Is the parking lot reopening?');
    const res = await fay.call<SubmitQuestionResponse>('POST', '/api/rooms/hall/questions', {
      text: '  is the PARKING lot   reopening ',
    });
    expect(res.status).toBe(200);
    expect(res.body.duplicate).toBe(true);
    expect(res.body.question.id).toBe(first.id);
    // Someone else asking the same thing is a question of their own.
    const gus = await join(podium, 'hall', 'Gus');
    expect((await ask(gus, 'Is the parking lot reopening?')).id).not.toBe(first.id);
  });

  it('limits each person to 5 questions a minute with a Retry-After', async () => {
    const hal = await join(podium, 'hall', 'Hal');
    for (let i = 0; i < 5; i++) await ask(hal, `Question number ${i}`);
    const res = await hal.call<ErrorBody>('POST', '/api/rooms/hall/questions', { text: 'One too many' });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(res.body.error.message).toMatch(/at most 5 per 60 seconds/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Nothing was lost: the five are there.
    expect((await list(hal)).questions.filter((q) => q.mine)).toHaveLength(5);
  });
});

describe('bad input', () => {
  it('gets a clear 4xx, never a 5xx', async () => {
    const ivy = await join(podium, 'hall', 'Ivy');
    const post = (body: unknown) => ivy.call<ErrorBody>('POST', '/api/rooms/hall/questions', body);
    const cases: Array<[unknown, number, string]> = [
      [{ text: 'hi' }, 400, 'text: must be at least 3 characters'],
      [{ text: '   a  ' }, 400, 'text: must be at least 3 characters'],
      [{ text: 'x'.repeat(501) }, 400, 'text: must be at most 500 characters'],
      [{ text: 42 }, 400, 'text: must be a string'],
      [{}, 400, 'text: is required'],
      [{ text: 'hello there', extra: 1 }, 400, 'body: unknown field "extra"'],
      [{ text: 'evil\u202Etxt.exe' }, 400, 'text: must not contain control characters'],
      [{ text: 'hello', anonymous: 'yes' }, 400, 'anonymous: must be true or false'],
      ['{"text": "unterminated', 400, ''],
      ['[]', 400, ''],
    ];
    for (const [body, status, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (message) expect(res.body.error.message, JSON.stringify(body)).toBe(message);
    }
    expect((await post({ text: 'y'.repeat(500) })).status).toBe(201);
    const form = await ivy.fetch('/api/rooms/hall/questions', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"text":"sneaky form post"}',
    });
    expect(form.status).toBe(415);
  });

  it('answers garbage on every Q&A route with a 4xx and the error shape', async () => {
    const admin = await join(podium, 'hall', 'Fuzzy Admin', 'admin');
    const q = await approved(admin, 'Target for garbage');
    const other = await approved(admin, 'Second target for garbage');
    const routes = [
      ['POST', '/api/rooms/hall/questions'],
      ['POST', `/api/questions/${q.id}/vote`],
      ['POST', `/api/questions/${q.id}/dismiss`],
      ['POST', `/api/questions/${q.id}/edit`],
      ['POST', `/api/questions/${q.id}/merge`],
      ['POST', `/api/questions/${q.id}/star`],
      ['POST', `/api/questions/${q.id}/escalate`],
      ['POST', `/api/questions/${other.id}/answer`],
      ['PATCH', '/api/rooms/hall/qa'],
      ['POST', '/api/rooms/hall/hand'],
      ['POST', `/api/rooms/hall/stage/${admin.identity}`],
      ['POST', `/api/rooms/hall/participants/${admin.identity}/mute`],
    ] as const;
    const bodies: unknown[] = [
      'null',
      '[]',
      '"text"',
      '42',
      '{"text": {"nested": true}}',
      { text: null, reason: [], intoId: 'q_' + 'x'.repeat(200), mode: 'twin', citations: 'many', voted: 0 },
      { starred: 'yes', raised: 1, onStage: null, preModeration: 'on', trackSid: '../../etc' },
      { citations: [{ doc: '', quote: 7 }], mode: 'twin', text: 'ok' },
      '{"__proto__": {"polluted": true}}',
    ];
    for (const [method, path] of routes) {
      for (const body of bodies) {
        const res = await admin.call<ErrorBody>(method, path, body);
        const label = `${method} ${path} ${JSON.stringify(body)}`;
        expect(res.status, label).toBeGreaterThanOrEqual(400);
        expect(res.status, label).toBeLessThan(500);
        expect(typeof res.body.error.code, label).toBe('string');
        expect(res.body.error.message.length, label).toBeGreaterThan(0);
      }
    }
    // Nothing was damaged.
    expect((await admin.call<QuestionView>('GET', `/api/questions/${q.id}`)).body).toMatchObject({
      state: 'approved',
      text: 'Target for garbage',
      votes: 0,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses other rooms, missing sessions and unknown questions', async () => {
    const jo = await join(podium, 'hall', 'Jo');
    expect((await jo.call<ErrorBody>('GET', '/api/rooms/standup/questions')).body.error.code).toBe(
      'wrong_room',
    );
    expect((await jo.call('GET', '/api/rooms/standup/questions')).status).toBe(403);
    const anon = await fetch(new URL('/api/rooms/hall/questions', podium.url));
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as ErrorBody).error.code).toBe('no_session');
    const forged = await fetch(new URL('/api/rooms/hall/questions', podium.url), {
      headers: { cookie: `${jo.cookie.slice(0, -3)}abc` },
    });
    expect(forged.status).toBe(401);
    expect((await jo.call<ErrorBody>('POST', '/api/questions/q_AAAAAAAAAAAA/vote')).status).toBe(404);
    expect((await jo.call<ErrorBody>('POST', '/api/questions/nope/vote')).body.error).toEqual({
      code: 'invalid_request',
      message: 'qid: is not a question id',
    });
    expect((await jo.call<ErrorBody>('GET', '/api/rooms/hall/questions?sort=best')).status).toBe(400);
    expect((await jo.call<ErrorBody>('GET', '/api/rooms/hall/questions?state=open')).status).toBe(400);
    expect((await jo.call<ErrorBody>('GET', '/api/rooms/hall/questions?limit=0')).status).toBe(400);
    // A question of another room is not found, not forbidden: its existence is not revealed.
    const kim = await join(podium, 'standup', 'Kim');
    const theirs = await ask(kim, 'A standup question', false, 'standup');
    expect((await jo.call('POST', `/api/questions/${theirs.id}/vote`)).status).toBe(404);
    expect((await mod.call('POST', `/api/questions/${theirs.id}/approve`)).status).toBe(404);
  });

  it('keeps an XSS payload as plain text, JSON-escaped', async () => {
    const lee = await join(podium, 'hall', 'Lee');
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"';
    const q = await ask(lee, payload);
    const raw = await lee.fetch(`/api/questions/${q.id}`);
    expect(raw.headers.get('content-type')).toMatch(/^application\/json/);
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await raw.text();
    // No markup survives in the bytes, yet any JSON parser gets the exact text back.
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain('\\u003cscript\\u003e');
    expect(JSON.parse(text).text).toBe(payload);
    expect(q.text).toBe(payload);
  });
});

describe('roles', () => {
  it('lets attendees do none of the moderation or host actions', async () => {
    const max = await join(podium, 'hall', 'Max');
    const q = await approved(max, 'Will attendees be able to moderate?');
    const other = await approved(mod, 'Another question for merging');
    const attempts: Array<[string, unknown]> = [
      ['approve', undefined],
      ['dismiss', { reason: 'no' }],
      ['edit', { text: 'Changed by an attendee' }],
      ['merge', { intoId: other.id }],
      ['star', undefined],
      ['escalate', undefined],
      ['live', undefined],
      ['answer', { mode: 'written', text: 'Yes' }],
    ];
    for (const [action, body] of attempts) {
      const res = await max.call<ErrorBody>('POST', `/api/questions/${q.id}/${action}`, body);
      expect(res.status, action).toBe(403);
      expect(res.body.error.code, action).toBe('forbidden');
    }
    for (const path of ['/api/rooms/hall/qa.csv', '/api/rooms/hall/qa.json']) {
      expect((await max.call('GET', path)).status, path).toBe(403);
    }
    // Moderators moderate but do not run the stage.
    for (const [action, body] of [
      ['live', undefined],
      ['answer', { mode: 'leader' }],
    ] as const) {
      const res = await mod.call<ErrorBody>('POST', `/api/questions/${q.id}/${action}`, body);
      expect(res.status, action).toBe(403);
      expect(res.body.error.message, action).toMatch(/^Only hosts and above may/);
    }
    // Nothing changed.
    expect((await max.call<QuestionView>('GET', `/api/questions/${q.id}`)).body.state).toBe('approved');
  });
});

describe('votes', () => {
  it('toggle, and set idempotently with an explicit value', async () => {
    const ned = await join(podium, 'hall', 'Ned');
    const q = await approved(ned, 'Can we get standing desks?');
    const vote = (body?: unknown) => ned.call<VoteResponse>('POST', `/api/questions/${q.id}/vote`, body);
    expect((await vote()).body).toMatchObject({ voted: true, votes: 1 });
    expect((await vote()).body).toMatchObject({ voted: false, votes: 0 });
    expect((await vote({ voted: true })).body).toMatchObject({ voted: true, votes: 1 });
    expect((await vote({ voted: true })).body).toMatchObject({ voted: true, votes: 1 });
    const view = (await list(ned)).questions.find((x) => x.id === q.id);
    expect(view).toMatchObject({ voted: true, votes: 1 });
    expect((await vote({ voted: 'yes' })).status).toBe(400);
  });

  it('count one person once however many requests race', async () => {
    const oli = await join(podium, 'hall', 'Oli');
    const q = await approved(mod, 'Concurrency question');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        oli.call<VoteResponse>('POST', `/api/questions/${q.id}/vote`, { voted: true }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.every((r) => r.body.voted && r.body.votes === 1)).toBe(true);
    const rows = await sql<{
      n: number;
    }>`select count(*)::int as n from qa_votes where question_id = ${q.id}`.execute(podium.store.db);
    expect(rows.rows[0]?.n).toBe(1);
    expect((await list(oli)).questions.find((x) => x.id === q.id)?.votes).toBe(1);

    // Racing toggles: whatever the interleaving, the count equals the rows and is 0 or 1.
    const pat = await join(podium, 'hall', 'Pat');
    const toggles = await Promise.all(
      Array.from({ length: 21 }, () => pat.call<VoteResponse>('POST', `/api/questions/${q.id}/vote`)),
    );
    expect(toggles.every((r) => r.status === 200)).toBe(true);
    // 21 toggles from "not voted" end in "voted".
    const final = (await list(pat)).questions.find((x) => x.id === q.id);
    expect(final).toMatchObject({ voted: true, votes: 2 });
    const after = await sql<{
      n: number;
    }>`select count(*)::int as n from qa_votes where question_id = ${q.id}`.execute(podium.store.db);
    expect(after.rows[0]?.n).toBe(2);
  });

  it('are only for approved and live questions', async () => {
    const quin = await join(podium, 'hall', 'Quin');
    const pending = await ask(quin, 'Still pending, can I vote?');
    const res = await quin.call<ErrorBody>('POST', `/api/questions/${pending.id}/vote`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('not_votable');
  });

  it('order the list by votes (top) or by time (recent)', async () => {
    const roomVoters = await Promise.all(['V1', 'V2', 'V3'].map((n) => join(podium, 'standup', n)));
    const asker = await join(podium, 'standup', 'Asker');
    const a = await ask(asker, 'Sort A', false, 'standup');
    const b = await ask(asker, 'Sort B', false, 'standup');
    const c = await ask(asker, 'Sort C', false, 'standup');
    const votes: Array<[QuestionView, number]> = [
      [a, 1],
      [b, 3],
      [c, 2],
    ];
    for (const [q, n] of votes) {
      for (const v of roomVoters.slice(0, n)) {
        expect((await v.call('POST', `/api/questions/${q.id}/vote`, { voted: true })).status).toBe(200);
      }
    }
    const top = (await list(asker, '?sort=top&state=approved', 'standup')).questions.filter((q) =>
      [a.id, b.id, c.id].includes(q.id),
    );
    expect(top.map((q) => [q.text, q.votes])).toEqual([
      ['Sort B', 3],
      ['Sort C', 2],
      ['Sort A', 1],
    ]);
    const recent = (await list(asker, '?sort=recent', 'standup')).questions.filter((q) =>
      [a.id, b.id, c.id].includes(q.id),
    );
    expect(recent.map((q) => q.text)).toEqual(['Sort C', 'Sort B', 'Sort A']);
  });
});

describe('anonymous questions', () => {
  it('never reveal their author in any response or export', async () => {
    const ray = await join(podium, 'hall', 'Rayleigh Secret');
    const q = await ask(ray, 'Are layoffs planned this year?', true);
    expect(q.author).toBeNull();
    expect(q.anonymous).toBe(true);
    expect(q.mine).toBe(true);
    await mod.call('POST', `/api/questions/${q.id}/approve`);
    await mod.call('POST', `/api/questions/${q.id}/star`);
    await mod.call('POST', `/api/questions/${q.id}/edit`, { text: 'Are any layoffs planned this year?' });
    await host.call('POST', `/api/questions/${q.id}/live`);
    await host.call('POST', `/api/questions/${q.id}/answer`, {
      mode: 'written',
      text: 'No layoffs are planned.',
    });
    const bodies = [
      JSON.stringify(await list(mod)),
      JSON.stringify(await list(host)),
      JSON.stringify(await list(await join(podium, 'hall', 'Onlooker'))),
      JSON.stringify((await mod.call('GET', `/api/questions/${q.id}`)).body),
      JSON.stringify((await mod.call('GET', '/api/rooms/hall/qa.json')).body),
      await (await mod.fetch('/api/rooms/hall/qa.csv')).text(),
    ];
    for (const body of bodies) {
      expect(body).toContain(q.id);
      expect(body).not.toContain(ray.identity);
      expect(body).not.toContain('Rayleigh');
    }
    // The author still recognizes their own question.
    expect((await list(ray)).questions.find((x) => x.id === q.id)?.mine).toBe(true);
  });
});
