import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionListResponse, SubmitQuestionResponse } from '../../common/qa.ts';
import type { FollowupDto, GovernanceMetricsDto, RoutingTable } from '../../common/governance.ts';
import type { FollowupPublishedEvent } from '../../server/governance/index.ts';
import { addBusinessDays } from '../../server/governance/index.ts';
import { joinAs, staffClient, type Call } from '../../server/governance/testing/http.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

let podium: TestPodium;
let agent: Call;
let comms: Call;
let people: Call;
let security: Call;
beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
  agent = (await staffClient(podium, 'Twin agent', ['agent'])).call;
  comms = (await staffClient(podium, 'Comms', ['comms'])).call;
  people = (await staffClient(podium, 'Joanne (People)', ['owner:people'])).call;
  security = (await staffClient(podium, 'Sec lead', ['owner:security'])).call;
});
afterAll(() => podium?.close());

type Intake = { followup: FollowupDto };

async function declined(question: string, extra: Record<string, unknown> = {}): Promise<FollowupDto> {
  const res = await agent<Intake>('POST', '/intake', {
    roomId: 'town-hall',
    personaId: 'marisol-quennell',
    question,
    asker: { identity: 'bob-abc123', name: 'Bob', anonymous: false },
    decision: 'decline',
    reason: 'no-approved-position',
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.followup;
}

describe('follow-up routing', () => {
  it('routes by topic, then keywords, else to the Chief of Staff office, due in 5 business days', async () => {
    const vacation = await declined('How many vacation days do we get in 2027?');
    expect(vacation).toMatchObject({ team: 'people', status: 'open', origin: 'declined' });
    const created = Date.parse(vacation.createdAt);
    expect(vacation.dueAt).toBe(addBusinessDays(new Date(created), 5).toISOString());
    expect(vacation.overdue).toBe(false);
    expect((await declined('Did we have a phishing incident last week?')).team).toBe('security');
    expect((await declined('What is the new office address?')).team).toBe('chief-of-staff');
    const sensitive = await agent<Intake>('POST', '/intake', {
      roomId: 'town-hall',
      personaId: 'marisol-quennell',
      question: 'What is my manager’s salary?',
      decision: 'escalate',
      reason: 'sensitive:individual-pay-performance',
      topic: 'individual-pay-performance',
    });
    expect(sensitive.body.followup.team).toBe('communications');
  });

  it('uses a routing table comms replaces', async () => {
    const table = (await comms<RoutingTable>('GET', '/followups/routing')).body;
    expect(table.defaultTeam).toBe('chief-of-staff');
    const updated: RoutingTable = {
      ...table,
      teams: { ...table.teams, facilities: 'Facilities' },
      rules: [
        { team: 'facilities', topics: ['office'], keywords: ['parking', 'office address'] },
        ...table.rules,
      ],
      dueBusinessDays: 3,
    };
    const put = await comms<RoutingTable>('PUT', '/followups/routing', updated);
    expect(put.status).toBe(200);
    const f = await declined('Where is parking at the new site?');
    expect(f.team).toBe('facilities');
    expect(f.dueAt).toBe(addBusinessDays(new Date(f.createdAt), 3).toISOString());
    const bad = await comms('PUT', '/followups/routing', { ...updated, defaultTeam: 'nobody' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('defaultTeam');
    expect((await people('PUT', '/followups/routing', updated)).status).toBe(403);
    await comms('PUT', '/followups/routing', table);
  });
});

describe('follow-up lifecycle', () => {
  it('goes open → drafted → approved → published with a full history, into the Q&A archive', async () => {
    // A real question in the room's Q&A, approved by a moderator.
    const asker = await joinAs(podium, 'attendee', 'Bob Asker');
    const mod = await joinAs(podium, 'moderator', 'Mo Derator');
    const q = await requestJson<SubmitQuestionResponse>(podium.url, '/api/rooms/town-hall/questions', {
      headers: { Cookie: asker.cookie },
      body: { text: 'How does the new parental leave top-up work?', anonymous: false },
    });
    expect(q.status).toBe(201);
    const qid = q.body.question.id;
    expect(
      (
        await requestJson(podium.url, `/api/questions/${qid}/approve`, {
          method: 'POST',
          headers: { Cookie: mod.cookie },
        })
      ).status,
    ).toBe(200);

    const f = await declined('How does the new parental leave top-up work?', {
      questionId: qid,
      asker: { identity: asker.join.session.identity, name: 'Bob Asker', anonymous: false },
    });
    expect(f.team).toBe('people');

    // Only comms may approve or publish; a draft is needed before approval.
    expect((await comms('POST', `/followups/${f.id}/approve`, {})).status).toBe(409);
    expect((await people('POST', `/followups/${f.id}/publish`)).status).toBe(403);
    expect((await security('POST', `/followups/${f.id}/draft`, { text: 'x' })).status).toBe(404);

    const drafted = await people<FollowupDto>('POST', `/followups/${f.id}/draft`, {
      text: 'The top-up pays 100% for 16 weeks.',
    });
    expect(drafted.body.status).toBe('drafted');
    const returned = await comms<FollowupDto>('POST', `/followups/${f.id}/return`, {
      note: 'Add who is eligible',
    });
    expect(returned.body.status).toBe('open');
    await people('POST', `/followups/${f.id}/draft`, {
      text: 'Everyone with 6 months of service gets 100% pay for 16 weeks.',
    });
    const approved = await comms<FollowupDto>('POST', `/followups/${f.id}/approve`, {});
    expect(approved.body).toMatchObject({
      status: 'approved',
      draftText: 'Everyone with 6 months of service gets 100% pay for 16 weeks.',
    });

    const published = podium.governance.events.once('followup.published');
    const pub = await comms<FollowupDto>('POST', `/followups/${f.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      status: 'published',
      answerText: 'Everyone with 6 months of service gets 100% pay for 16 weeks.',
      overdue: false,
    });
    const event: FollowupPublishedEvent = await published;
    expect(event.askerIdentity).toBe(asker.join.session.identity);
    expect(event.followup.id).toBe(f.id);

    // The room's Q&A shows the written answer.
    const list = await requestJson<QuestionListResponse>(
      podium.url,
      '/api/rooms/town-hall/questions?state=answered',
      {
        headers: { Cookie: asker.cookie },
      },
    );
    const answered = list.body.questions.find((x) => x.id === qid);
    expect(answered?.state).toBe('answered');
    expect(answered?.answer).toMatchObject({
      mode: 'written',
      text: 'Everyone with 6 months of service gets 100% pay for 16 weeks.',
    });

    const full = await comms<FollowupDto>('GET', `/followups/${f.id}`);
    expect(full.body.history?.map((h) => [h.action, h.fromStatus, h.toStatus])).toEqual([
      ['created', null, 'open'],
      ['draft', 'open', 'drafted'],
      ['return', 'drafted', 'open'],
      ['draft', 'open', 'drafted'],
      ['approve', 'drafted', 'approved'],
      ['publish', 'approved', 'published'],
      ['archived', 'published', 'published'],
    ]);
    expect(full.body.history?.[2]?.note).toBe('Add who is eligible');
    expect(full.body.history?.[6]?.note).toBe(`written to the Q&A archive of question ${qid}`);
    expect((await comms('POST', `/followups/${f.id}/publish`)).status).toBe(409);
    expect((await comms('POST', `/followups/${f.id}/draft`, { text: 'late' })).status).toBe(409);
  });

  it('keeps the answer when the Q&A archive refuses it, and says so', async () => {
    const f = await declined('Is there a pension match?', { questionId: 'no-such-question' });
    await people('POST', `/followups/${f.id}/draft`, { text: 'Yes, 5%.' });
    await comms('POST', `/followups/${f.id}/approve`, {});
    const pub = await comms<FollowupDto>('POST', `/followups/${f.id}/publish`);
    expect(pub.body.status).toBe('published');
    const full = await comms<FollowupDto>('GET', `/followups/${f.id}`);
    expect(full.body.history?.at(-1)?.note).toMatch(/^not written to the Q&A archive: /);
  });

  it('reassigns, never exposes anonymous askers, and lists overdue tasks', async () => {
    const f = await declined('Can I expense a standing desk?', {
      asker: { identity: 'secret-identity-9', name: 'Secret', anonymous: true },
    });
    expect(f.asker).toEqual({ anonymous: true });
    const listed = await comms<{ followups: FollowupDto[] }>('GET', '/followups');
    expect(JSON.stringify(listed.body)).not.toContain('secret-identity-9');
    const moved = await comms<FollowupDto>('POST', `/followups/${f.id}/assign`, { team: 'people' });
    expect(moved.body.team).toBe('people');
    expect((await comms('POST', `/followups/${f.id}/assign`, { team: 'nobody' })).status).toBe(400);
    await podium.store.db
      .updateTable('gov_followups')
      .set({ due_at: new Date(Date.now() - 60_000) })
      .where('id', '=', f.id)
      .execute();
    const overdue = await comms<{ followups: FollowupDto[] }>('GET', '/followups?overdue=true');
    expect(overdue.body.followups.map((x) => x.id)).toEqual([f.id]);
    expect(overdue.body.followups[0]?.overdue).toBe(true);
    expect((await comms('GET', '/followups?status=closed')).status).toBe(400);
  });

  it('reports resolution times and counts', async () => {
    const m = await comms<GovernanceMetricsDto>('GET', '/metrics');
    expect(m.body.followups.published).toBe(2);
    expect(m.body.followups.overdue).toBe(1);
    expect(m.body.followups.medianResolutionMs).toBeGreaterThan(0);
    expect(m.body.followups.meanResolutionMs).toBeGreaterThan(0);
    expect((await comms('GET', '/metrics?since=yesterday')).status).toBe(400);
    const later = await comms<GovernanceMetricsDto>(
      'GET',
      `/metrics?since=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(later.body.followups.published).toBe(0);
  });
});
