/**
 * Concurrency on every database this machine has (PGlite always; PostgreSQL when installed, where
 * requests really run in parallel sessions): votes, duplicate submissions, merges racing votes,
 * and the snapshot `seq` contract.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionListResponse, SubmitQuestionResponse, VoteResponse } from '../../common/qa.ts';
import { findPostgresBin, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { createRoom, join, type Person } from './qa-helpers.ts';

const pgBin = findPostgresBin();
const backends = ['pglite', ...(pgBin ? ['postgresql'] : [])] as const;

describe.each(backends)('Q&A under concurrency on %s', (backend) => {
  let podium: TestPodium;
  let postgres: TestPostgres | null = null;
  let mod: Person;

  beforeAll(async () => {
    if (backend === 'postgresql') postgres = await startTestPostgres(pgBin as string);
    podium = await startTestServer({
      env: { PODIUM_MEDIA: 'none', ...(postgres ? { DATABASE_URL: postgres.url } : {}) },
    });
    expect(podium.store.backend).toBe(backend);
    await createRoom(podium, { id: 'race', kind: 'meeting' });
    mod = await join(podium, 'race', 'Mod', 'moderator');
  });
  afterAll(async () => {
    await podium?.close();
    await postgres?.stop();
  });

  const count = async (table: 'qa_votes' | 'qa_questions', column: string, value: string) => {
    const r = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} = ${value}`.execute(
      podium.store.db,
    );
    return r.rows[0]?.n ?? -1;
  };

  it('counts each voter once while many vote at the same time', async () => {
    const asker = await join(podium, 'race', 'Asker');
    const q = (
      await asker.call<SubmitQuestionResponse>('POST', '/api/rooms/race/questions', { text: 'Race me' })
    ).body.question;
    const voters = await Promise.all(
      Array.from({ length: 25 }, (_, i) => join(podium, 'race', `Voter ${i}`)),
    );
    const results = await Promise.all(
      voters.flatMap((v) =>
        [0, 1, 2].map(() => v.call<VoteResponse>('POST', `/api/questions/${q.id}/vote`, { voted: true })),
      ),
    );
    expect(results.every((r) => r.status === 200 && r.body.voted)).toBe(true);
    expect(await count('qa_votes', 'question_id', q.id)).toBe(25);
    const listed = await asker.call<QuestionListResponse>('GET', '/api/rooms/race/questions');
    expect(listed.body.questions.find((x) => x.id === q.id)?.votes).toBe(25);
    // The counts reported along the way never went past the number of people.
    expect(Math.max(...results.map((r) => r.body.votes))).toBe(25);
  });

  it('keeps one question when the same person double-submits', async () => {
    const dbl = await join(podium, 'race', 'Double');
    const res = await Promise.all(
      [0, 1, 2, 3].map(() =>
        dbl.call<SubmitQuestionResponse>('POST', '/api/rooms/race/questions', { text: 'Clicked twice?' }),
      ),
    );
    expect(res.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(res.map((r) => r.body.question.id)).size).toBe(1);
    expect(await count('qa_questions', 'author_identity', dbl.identity)).toBe(1);
  });

  it('merges correctly while votes keep coming', async () => {
    const asker = await join(podium, 'race', 'Merger');
    const post = async (text: string) =>
      (await asker.call<SubmitQuestionResponse>('POST', '/api/rooms/race/questions', { text })).body.question
        .id;
    const dup = await post('Duplicate under load');
    const main = await post('Main under load');
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => join(podium, 'race', `P${i}`)));
    const votes = people.flatMap((p, i) => [
      p.call('POST', `/api/questions/${dup}/vote`, { voted: true }),
      ...(i % 2 === 0 ? [p.call('POST', `/api/questions/${main}/vote`, { voted: true })] : []),
    ]);
    const merge = mod.call('POST', `/api/questions/${dup}/merge`, { intoId: main });
    const settled = await Promise.all([merge, ...votes]);
    expect(settled[0]?.status).toBe(200);
    // After the merge the duplicate is out of the audience's view: votes on it are 404s. Every
    // accepted vote is on the main question now.
    for (const r of settled.slice(1)) expect([200, 404]).toContain(r.status);
    const inDb = await count('qa_votes', 'question_id', main);
    const listed = await asker.call<QuestionListResponse>('GET', '/api/rooms/race/questions');
    expect(listed.body.questions.find((q) => q.id === main)?.votes).toBe(inDb);
    expect(await count('qa_votes', 'question_id', dup)).toBe(0);
    // Everyone who voted for either (and was accepted) is counted once.
    expect(inDb).toBeLessThanOrEqual(12);
    expect(inDb).toBeGreaterThanOrEqual(6);
  });

  it('gives snapshots a seq that covers exactly the changes in them', async () => {
    const asker = await join(podium, 'race', 'Snap');
    const q = (
      await asker.call<SubmitQuestionResponse>('POST', '/api/rooms/race/questions', { text: 'Snapshot seq' })
    ).body.question;
    const voters = await Promise.all(Array.from({ length: 10 }, (_, i) => join(podium, 'race', `S${i}`)));
    const snaps: QuestionListResponse[] = [];
    const voteResults: VoteResponse[] = [];
    await Promise.all([
      ...voters.map(async (v) =>
        voteResults.push((await v.call<VoteResponse>('POST', `/api/questions/${q.id}/vote`)).body),
      ),
      ...[0, 1, 2, 3, 4].map(async () =>
        snaps.push((await asker.call<QuestionListResponse>('GET', '/api/rooms/race/questions')).body),
      ),
    ]);
    // A snapshot at seq S shows exactly the votes whose change had seq <= S.
    for (const snap of snaps) {
      const shown = snap.questions.find((x) => x.id === q.id)?.votes ?? 0;
      const covered = voteResults.filter((r) => r.seq <= snap.seq).length;
      expect(shown, `snapshot at ${snap.seq}`).toBe(covered);
    }
  });
});
