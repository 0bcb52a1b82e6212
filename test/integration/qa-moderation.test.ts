/**
 * Moderation and host flows on a real server (PGlite, PODIUM_MEDIA=none): edit, merge, star,
 * dismiss, escalate, live, answers, exports, and the stage without a media server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../common/api.ts';
import type {
  MergeResponse,
  QuestionListResponse,
  QuestionView,
  StageEntryDto,
  StageListResponse,
  SubmitQuestionResponse,
} from '../../common/qa.ts';
import type { QaExport } from '../../server/qa/index.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { createRoom, join, type Person } from './qa-helpers.ts';

let podium: TestPodium;
let mod: Person;
let host: Person;

beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
  await createRoom(podium, { id: 'board', kind: 'meeting' });
  mod = await join(podium, 'board', 'Mod', 'moderator');
  host = await join(podium, 'board', 'Host', 'host');
});
afterAll(() => podium?.close());

async function ask(person: Person, text: string, anonymous = false): Promise<QuestionView> {
  const res = await person.call<SubmitQuestionResponse>('POST', '/api/rooms/board/questions', {
    text,
    anonymous,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.question;
}
const act = <T = QuestionView>(who: Person, id: string, action: string, body?: unknown) =>
  who.call<T & ErrorBody>('POST', `/api/questions/${id}/${action}`, body);
const get = async (who: Person, id: string) =>
  (await who.call<QuestionView>('GET', `/api/questions/${id}`)).body;

describe('editing', () => {
  it('keeps the original text for moderators, not for the audience', async () => {
    const ann = await join(podium, 'board', 'Ann');
    const q = await ask(ann, 'wen is teh launch');
    const edited = await act(mod, q.id, 'edit', { text: 'When is the launch?' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      text: 'When is the launch?',
      edited: true,
      moderation: { originalText: 'wen is teh launch', editedBy: mod.identity },
    });
    await act(mod, q.id, 'edit', { text: 'When is the product launch?' });
    // The original is what was submitted, not the previous edit.
    expect((await get(mod, q.id)).moderation?.originalText).toBe('wen is teh launch');
    const bystander = await join(podium, 'board', 'Bystander');
    const seen = await get(bystander, q.id);
    expect(seen).toMatchObject({ text: 'When is the product launch?', edited: true, moderation: null });
    expect(JSON.stringify(seen)).not.toContain('teh');
    expect((await act(mod, q.id, 'edit', { text: 'no' })).status).toBe(400);
  });
});

describe('merging duplicates', () => {
  it('moves the votes over and counts a voter of both once', async () => {
    const [a, b, c, d] = await Promise.all(['VA', 'VB', 'VC', 'VD'].map((n) => join(podium, 'board', n)));
    if (!a || !b || !c || !d) throw new Error('join failed');
    const dup = await ask(a, 'Is there a bonus this year?');
    const main = await ask(b, 'Will bonuses be paid this year?');
    for (const v of [a, b]) await act(v, dup.id, 'vote', { voted: true });
    for (const v of [b, c, d]) await act(v, main.id, 'vote', { voted: true });
    const res = await act<MergeResponse>(mod, dup.id, 'merge', { intoId: main.id });
    expect(res.status).toBe(200);
    expect(res.body.question).toMatchObject({ id: main.id, votes: 4 });
    expect(res.body.merged).toMatchObject({ id: dup.id, state: 'dismissed', mergedInto: main.id, votes: 0 });
    // a now counts for the merged question; b still once.
    const listA = (await a.call<QuestionListResponse>('GET', '/api/rooms/board/questions')).body;
    expect(listA.questions.find((q) => q.id === main.id)).toMatchObject({ votes: 4, voted: true });
    expect(listA.questions.find((q) => q.id === dup.id)).toBeUndefined();
    const again = await act(mod, dup.id, 'merge', { intoId: main.id });
    expect(again.status).toBe(409);
    expect((await act(mod, main.id, 'merge', { intoId: main.id })).body.error.code).toBe('invalid_merge');
    expect((await act(mod, main.id, 'merge', { intoId: dup.id })).body.error).toEqual({
      code: 'invalid_merge',
      message: 'Cannot merge into a question that is dismissed',
    });
    expect((await act(mod, main.id, 'merge', { intoId: 'q_AAAAAAAAAAAA' })).status).toBe(404);
  });
});

describe('the host', () => {
  it('sends one question live at a time and records answers', async () => {
    const eli = await join(podium, 'board', 'Eli');
    const first = await ask(eli, 'First live question');
    const second = await ask(eli, 'Second live question');
    expect((await act(host, first.id, 'live')).body.state).toBe('live');
    expect((await act(host, second.id, 'live')).body.state).toBe('live');
    // The first went back to the queue.
    expect((await get(host, first.id)).state).toBe('approved');

    const ans = await act(host, second.id, 'answer', { mode: 'written', text: 'Line one.\r\nLine two.' });
    expect(ans.status).toBe(200);
    expect(ans.body).toMatchObject({
      state: 'answered',
      answer: { mode: 'written', text: 'Line one.\nLine two.', citations: [], answeredBy: host.identity },
    });
    expect((await act(host, second.id, 'answer', { mode: 'leader' })).body.error).toEqual({
      code: 'illegal_transition',
      message: 'Cannot answer a question that is answered',
    });
    expect((await act(host, first.id, 'answer', { mode: 'written' })).body.error).toEqual({
      code: 'invalid_answer',
      message: 'A written answer needs its text',
    });
    expect((await act(host, first.id, 'answer', { mode: 'twin', text: 'x' })).status).toBe(409);
    expect((await act(host, first.id, 'answer', { mode: 'oracle', text: 'x' })).status).toBe(400);
    expect((await act(host, first.id, 'answer', { mode: 'leader' })).body).toMatchObject({
      state: 'answered',
      answer: { mode: 'leader', text: null },
    });
  });

  it('records twin answers with their citations through the service the agent calls', async () => {
    const fin = await join(podium, 'board', 'Fin');
    const q = await ask(fin, 'What is our remote work policy?');
    const live = await act(host, q.id, 'live');
    expect(live.body.state).toBe('live');
    // The twin agent runs in-process and calls the service; over HTTP a host may record it too.
    const citations = [
      {
        doc: 'remote-work.md',
        title: 'Remote work',
        date: '2026-01-10',
        quote: 'Two days a week.',
        start: 0,
        end: 16,
        version: 2,
        hash: 'ab'.repeat(32),
      },
    ];
    const res = await act(host, q.id, 'answer', { mode: 'twin', text: 'Two days a week.', citations });
    expect(res.status).toBe(200);
    expect(res.body.answer).toMatchObject({ mode: 'twin', text: 'Two days a week.', citations });
  });

  it('dismisses with a reason, escalates, and refuses illegal moves with 409', async () => {
    const gia = await join(podium, 'board', 'Gia');
    const q = await ask(gia, 'Can I expense a pony?');
    expect((await act(mod, q.id, 'dismiss')).status).toBe(400);
    const dismissed = await act(mod, q.id, 'dismiss', { reason: 'Off topic' });
    expect(dismissed.body).toMatchObject({ state: 'dismissed', moderation: { dismissReason: 'Off topic' } });
    for (const action of ['approve', 'live', 'escalate', 'star']) {
      expect((await act(host, q.id, action)).status, action).toBe(409);
    }
    const e = await ask(gia, 'What about the reorg rumours?');
    expect((await act(mod, e.id, 'escalate', { reason: 'For the leadership team' })).body.state).toBe(
      'escalated',
    );
    expect((await act(gia, e.id, 'vote')).status).toBe(409);
    expect(
      (await act(host, e.id, 'answer', { mode: 'written', text: 'No reorg is planned.' })).body.state,
    ).toBe('answered');
  });

  it('stars and unstars', async () => {
    const hu = await join(podium, 'board', 'Hu');
    const q = await ask(hu, 'Star me please');
    expect((await act(mod, q.id, 'star')).body.starred).toBe(true);
    expect((await act(mod, q.id, 'star')).body.starred).toBe(false);
    expect((await act(mod, q.id, 'star', { starred: true })).body.starred).toBe(true);
    expect((await act(mod, q.id, 'star', { starred: true })).body.starred).toBe(true);
  });
});

describe('export', () => {
  it('has answers, citations, states, votes and history, with formulas defused in CSV', async () => {
    const ivo = await join(podium, 'board', 'Ivo');
    const evil = await ask(ivo, '=HYPERLINK("http://evil.example","click"), really?');
    const plus = await ask(ivo, '+1 for the "new" cafeteria, yes?');
    const anon = await ask(ivo, '@everyone is this anonymous?', true);
    await act(ivo, plus.id, 'vote', { voted: true });
    await act(host, plus.id, 'live');
    await act(host, plus.id, 'answer', { mode: 'written', text: '-Yes, in May.' });

    const json = await mod.call<QaExport>('GET', '/api/rooms/board/qa.json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="qa-board.json"');
    expect(json.body.room).toEqual({ id: 'board', title: 'Room board', kind: 'meeting' });
    const p = json.body.questions.find((q) => q.id === plus.id);
    expect(p).toMatchObject({
      state: 'answered',
      votes: 1,
      author: { identity: ivo.identity, name: 'Ivo' },
      answer: { mode: 'written', text: '-Yes, in May.', answeredBy: host.identity },
    });
    expect(p?.history.map((h) => [h.action, h.from, h.to])).toEqual([
      ['submit', null, 'approved'],
      ['live', 'approved', 'live'],
      ['answer', 'live', 'answered'],
    ]);
    const a = json.body.questions.find((q) => q.id === anon.id);
    expect(a).toMatchObject({ anonymous: true, author: null });
    expect(a?.history[0]).toMatchObject({ action: 'submit', actor: null });
    const twin = json.body.questions.find((q) => q.answer?.mode === 'twin');
    expect(twin?.answer?.citations[0]?.doc).toBe('remote-work.md');
    expect(twin?.answer?.aiGenerated).toBe(true);

    const csvRes = await mod.fetch('/api/rooms/board/qa.csv');
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await csvRes.text();
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,state,votes,starred,flagged,anonymous,author,text,original_text,merged_into,dismiss_reason,answer_mode,answer_ai_generated,answer_text,answered_by,answered_at,citations,history',
    );
    const row = (id: string) => lines.find((l) => l.startsWith(`${id},`)) ?? '';
    expect(row(evil.id)).toContain(`,Ivo,"'=HYPERLINK(""http://evil.example"",""click""), really?",`);
    expect(row(plus.id)).toContain(`,"'+1 for the ""new"" cafeteria, yes?",`);
    expect(row(plus.id)).toContain(`,answered,1,`);
    expect(row(plus.id)).toContain(`,written,false,"'-Yes, in May.",`);
    expect(row(anon.id)).toContain(`,true,Anonymous,'@everyone is this anonymous?,`);
    expect(row(anon.id)).not.toContain(ivo.identity);
    // No cell starts with a formula character.
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)"?[=+\-@]/);
  });
});

describe('the stage without a media server', () => {
  it('takes raised hands but answers 503 media_unavailable for media actions', async () => {
    const jan = await join(podium, 'board', 'Jan');
    const raised = await jan.call<StageEntryDto>('POST', '/api/rooms/board/hand', { raised: true });
    expect(raised.body).toMatchObject({
      identity: jan.identity,
      name: 'Jan',
      handRaised: true,
      onStage: false,
    });
    const stage = await mod.call<StageListResponse>('GET', '/api/rooms/board/stage');
    expect(stage.body.entries.map((e) => e.identity)).toEqual([jan.identity]);
    expect((await jan.call('POST', '/api/rooms/board/hand', { raised: 'yes' })).status).toBe(400);

    expect((await jan.call('POST', `/api/rooms/board/stage/${jan.identity}`, { onStage: true })).status).toBe(
      403,
    );
    for (const [path, body] of [
      [`/api/rooms/board/stage/${jan.identity}`, { onStage: true }],
      [`/api/rooms/board/participants/${jan.identity}/mute`, undefined],
      ['/api/rooms/board/mute-all', undefined],
      [`/api/rooms/board/participants/${jan.identity}/remove`, undefined],
    ] as const) {
      const who = path.includes('/stage/') ? mod : host;
      const res = await who.call<ErrorBody>('POST', path, body);
      expect(res.status, path).toBe(503);
      expect(res.body.error.code, path).toBe('media_unavailable');
      expect(res.body.error.message, path).toMatch(/PODIUM_MEDIA=none/);
    }
    expect((await mod.call('POST', '/api/rooms/board/stage/twin-leader', { onStage: false })).status).toBe(
      403,
    );

    const lowered = await jan.call<StageEntryDto>('POST', '/api/rooms/board/hand', { raised: false });
    expect(lowered.body.handRaised).toBe(false);
    expect((await mod.call<StageListResponse>('GET', '/api/rooms/board/stage')).body.entries).toEqual([]);
  });

  it('ends the session: recorded, and questions and votes close', async () => {
    const kai = await join(podium, 'board', 'Kai');
    const q = await ask(kai, 'Before the end');
    expect((await mod.call('POST', '/api/rooms/board/end')).status).toBe(403);
    const end = await host.call<{ ended: boolean; mediaClosed: boolean; endedAt: string }>(
      'POST',
      '/api/rooms/board/end',
    );
    expect(end.status).toBe(200);
    expect(end.body).toMatchObject({ ended: true, mediaClosed: false });
    const after = await kai.call<ErrorBody>('POST', '/api/rooms/board/questions', { text: 'After the end' });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('session_ended');
    expect((await act(kai, q.id, 'vote')).body.error.code).toBe('session_ended');
    const listed = await kai.call<QuestionListResponse>('GET', '/api/rooms/board/questions');
    expect(listed.body.settings).toMatchObject({ ended: true, endedAt: end.body.endedAt });
    // Ending again keeps the first time.
    expect((await host.call<{ endedAt: string }>('POST', '/api/rooms/board/end')).body.endedAt).toBe(
      end.body.endedAt,
    );
  });
});
