import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/index.ts';
import { RoomRepo } from '../rooms/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { QaError } from './errors.ts';
import type { QaChange } from './events.ts';
import { createQa, type Qa } from './qa.ts';
import type { Actor } from './service.ts';
import type { QuestionRow } from './tables.ts';

let store: Store;
let qa: Qa;
const changes: QaChange[] = [];
const quiet = () => createLogger('warn', { destination: new Writable({ write: (_c, _e, done) => done() }) });

beforeAll(async () => {
  store = await openStore({ kind: 'pglite', dir: 'memory://' }, quiet());
  await new RoomRepo(store.db).create({
    id: 'hall',
    title: 'Hall',
    kind: 'all-hands',
    capacity: 50,
    openJoin: true,
  });
  await new RoomRepo(store.db).create({
    id: 'other',
    title: 'Other',
    kind: 'meeting',
    capacity: 50,
    openJoin: true,
  });
  qa = createQa({ db: store.db, log: quiet(), limits: { votes: { limit: 1000, windowMs: 60_000 } } });
  qa.events.on('change', (c) => changes.push(c));
  // Starting PGlite (WebAssembly) can take a while on a busy machine.
}, 60_000);
afterAll(async () => {
  await qa?.close();
  await store?.close();
});

const person = (identity: string, role: Actor['role'] = 'attendee', roomId = 'hall'): Actor => ({
  identity,
  name: identity.toUpperCase(),
  role,
  roomId,
});
const mod = person('mod', 'moderator');

async function approvedQuestion(
  text: string,
  author = person(`author-${text.length}-${Math.random()}`),
): Promise<string> {
  const { question } = await qa.service.submit(author, { text, anonymous: false });
  await qa.service.approve(mod, question.id);
  return question.id;
}

async function votesInDb(id: string): Promise<number> {
  const r = await store.db
    .selectFrom('qa_votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('question_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('merging', () => {
  it('adds votes without counting anyone twice', async () => {
    const dup = await approvedQuestion('Duplicate about parking');
    const main = await approvedQuestion('Main question about parking');
    for (const v of ['p1', 'p2', 'p3']) await qa.service.vote(person(v), dup, true);
    for (const v of ['p3', 'p4']) await qa.service.vote(person(v), main, true);
    const { into, merged } = await qa.service.merge(mod, dup, main);
    // {p1,p2,p3} ∪ {p3,p4} = 4 people.
    expect(into.votes).toBe(4);
    expect(merged).toMatchObject({
      votes: 0,
      state: 'dismissed',
      merged_into: main,
      dismiss_reason: 'duplicate',
    });
    expect(await votesInDb(main)).toBe(4);
    expect(await votesInDb(dup)).toBe(0);
    // p1's vote now belongs to the main question: voting again is a no-op, unvoting takes it away.
    expect(await qa.service.vote(person('p1'), main, true)).toMatchObject({ voted: true, votes: 4 });
    expect(await qa.service.vote(person('p1'), main, false)).toMatchObject({ voted: false, votes: 3 });
  });

  it('announces the target before the duplicate, both with the same seq', async () => {
    const a = await approvedQuestion('Merge announce A');
    const b = await approvedQuestion('Merge announce B');
    changes.length = 0;
    await qa.service.merge(mod, a, b);
    expect(
      changes.map((c) => (c.kind === 'question' ? [c.row.id, c.row.state, c.previousState] : c.kind)),
    ).toEqual([
      [b, 'approved', 'approved'],
      [a, 'dismissed', 'approved'],
    ]);
    expect(new Set(changes.map((c) => c.seq)).size).toBe(1);
  });

  it('keeps rooms apart', async () => {
    const here = await approvedQuestion('In the hall');
    const { question: there } = await qa.service.submit(person('x', 'attendee', 'other'), {
      text: 'In the other room',
      anonymous: false,
    });
    await expect(qa.service.merge(mod, here, there.id)).rejects.toMatchObject({ code: 'question_not_found' });
  });
});

describe('votes', () => {
  it('hold under many concurrent voters and repeated requests', async () => {
    const id = await approvedQuestion('Concurrent voters');
    const voters = Array.from({ length: 40 }, (_, i) => person(`voter-${i}`));
    // Every voter sends three "voted: true" at once, and a tenth of them also a toggle.
    const requests = voters.flatMap((v, i) => [
      qa.service.vote(v, id, true),
      qa.service.vote(v, id, true),
      qa.service.vote(v, id, true),
      ...(i % 10 === 0 ? [qa.service.vote(v, id, true)] : []),
    ]);
    await Promise.all(requests);
    const row = (await qa.repo.get(id)) as QuestionRow;
    expect(row.votes).toBe(40);
    expect(await votesInDb(id)).toBe(40);
  });

  it('emit one change per real change, with increasing seq', async () => {
    const id = await approvedQuestion('Seq order');
    changes.length = 0;
    await qa.service.vote(person('s1'), id, true);
    await qa.service.vote(person('s1'), id, true); // no change
    await qa.service.vote(person('s2'), id, true);
    expect(changes.map((c) => (c.kind === 'votes' ? c.votes : -1))).toEqual([1, 2]);
    expect((changes[1]?.seq ?? 0) > (changes[0]?.seq ?? 0)).toBe(true);
  });
});

describe('the twin agent’s calls', () => {
  it('markLive emits questionLive; recordAnswer stores the twin’s text and citations', async () => {
    const id = await approvedQuestion('What is our travel policy?');
    const live: [QuestionRow, string][] = [];
    const off = qa.events.on('questionLive', (q, target) => live.push([q, target]));
    await qa.service.markLive(id, { identity: 'host-1' }, 'twin');
    off();
    expect(live.map(([q, target]) => [q.id, q.state, target])).toEqual([[id, 'live', 'twin']]);
    const citations = [{ doc: 'travel.md', quote: 'Economy for flights under six hours.', version: 3 }];
    const row = await qa.service.recordAnswer(id, {
      mode: 'twin',
      text: 'Economy for flights under six hours.',
      citations,
      answeredBy: 'twin-ceo',
    });
    expect(row).toMatchObject({
      state: 'answered',
      answer_mode: 'twin',
      answered_by: 'twin-ceo',
      answer_citations: citations,
    });
    const history = await store.db
      .selectFrom('qa_question_history')
      .select(['action', 'from_state', 'to_state', 'actor_identity'])
      .where('question_id', '=', id)
      .orderBy('id')
      .execute();
    expect(history.map((h) => [h.action, h.from_state, h.to_state])).toEqual([
      ['submit', null, 'pending'],
      ['approve', 'pending', 'approved'],
      ['live', 'approved', 'live'],
      ['answer', 'live', 'answered'],
    ]);
    expect(history.at(-1)?.actor_identity).toBe('twin-ceo');
  });

  it('escalate moves a live question to the leader’s team', async () => {
    const id = await approvedQuestion('Are we being acquired?');
    await qa.service.markLive(id, { identity: 'host-1' });
    const row = await qa.service.escalate(id, { identity: 'twin-ceo' }, 'sensitive:m&a');
    expect(row.state).toBe('escalated');
    await expect(
      qa.service.recordAnswer(id, { mode: 'twin', text: 'x', answeredBy: 'twin-ceo' }),
    ).rejects.toBeInstanceOf(QaError);
  });
});

describe('listeners', () => {
  it('see committed state, and a throwing listener does not break the write', async () => {
    const off = qa.events.on('change', () => {
      throw new Error('listener bug');
    });
    const seen: string[] = [];
    const off2 = qa.events.on('change', (c) => {
      if (c.kind === 'question') {
        void qa.repo.get(c.row.id).then((r) => seen.push(r?.state ?? 'missing'));
      }
    });
    const { question } = await qa.service.submit(person('lis'), { text: 'Listener check', anonymous: false });
    off();
    off2();
    await new Promise((r) => setTimeout(r, 50));
    expect(question.state).toBe('pending');
    expect(seen).toEqual(['pending']);
  });
});
