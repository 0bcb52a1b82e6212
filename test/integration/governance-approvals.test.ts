import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDto, AuditEntryDto, FollowupDto, InclusionProofDto } from '../../common/governance.ts';
import type { ApprovalReleasedEvent } from '../../server/governance/index.ts';
import { verifyInclusion } from '../../server/governance/index.ts';
import { admin, staffClient, type Call } from '../../server/governance/testing/http.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';

let podium: TestPodium;
let agent: Call;
let comms: Call;
let auditor: Call;
beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
  agent = (await staffClient(podium, 'Twin agent', ['agent'])).call;
  comms = (await staffClient(podium, 'Rafael Alvarez', ['comms'])).call;
  auditor = (await staffClient(podium, 'Internal audit', ['auditor'])).call;
});
afterAll(() => podium?.close());

type Intake = { followup: FollowupDto; approval: ApprovalDto | null };

async function escalate(question: string, anonymous = false): Promise<Intake> {
  const res = await agent<Intake>('POST', '/intake', {
    roomId: 'town-hall',
    personaId: 'marisol-quennell',
    questionId: null,
    question,
    asker: { identity: 'ada-k3x9pq', name: 'Ada', anonymous },
    decision: 'escalate',
    reason: 'sensitive:layoffs-restructuring',
    topic: 'layoffs-restructuring',
    draftText: 'We have no plans for layoffs this year.',
  });
  expect(res.status).toBe(201);
  return res.body;
}

const unhex = (s: string) => Buffer.from(s, 'hex');

describe('approval queue', () => {
  it('turns an escalated question into a pending approval linked to a follow-up', async () => {
    const { followup, approval } = await escalate('Are there layoffs coming?');
    expect(approval).toMatchObject({
      status: 'pending',
      question: 'Are there layoffs coming?',
      topic: 'layoffs-restructuring',
      draftText: 'We have no plans for layoffs this year.',
      followupId: followup.id,
    });
    expect(followup).toMatchObject({
      origin: 'escalated',
      team: 'communications',
      status: 'open',
      approvalId: approval!.id,
    });
    const pending = await comms<{ approvals: ApprovalDto[] }>('GET', '/approvals?status=pending');
    expect(pending.body.approvals.map((a) => a.id)).toContain(approval!.id);
  });

  it('lets comms edit, then approve: the text is logged with the approver and released', async () => {
    const { approval, followup } = await escalate('Will my team be restructured?', true);
    const edited = await comms<ApprovalDto>('PATCH', `/approvals/${approval!.id}`, {
      text: 'We have no restructuring planned.',
    });
    expect(edited.body.draftText).toBe('We have no restructuring planned.');

    const released = podium.governance.events.once('approval.released');
    const res = await comms<ApprovalDto>('POST', `/approvals/${approval!.id}/approve`, {
      text: 'There is no restructuring planned for your team this year.',
      note: 'checked with HR',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'approved',
      finalText: 'There is no restructuring planned for your team this year.',
      decisionNote: 'checked with HR',
    });
    expect(res.body.decidedBy).toMatch(/Rafael Alvarez/);
    const event: ApprovalReleasedEvent = await released;
    expect(event.text).toBe('There is no restructuring planned for your team this year.');
    expect(event.auditIndex).toBe(res.body.auditIndex);

    // The audit log holds the released words, the approver, the AI disclosure; the asker is a pseudonym.
    const entry = await auditor<AuditEntryDto>('GET', `/audit/entries/${res.body.auditIndex}`);
    expect(entry.body.entry).toMatchObject({
      kind: 'utterance',
      ai_generated: true,
      decision: 'answer',
      reason: 'approved-by-human',
      spokenText: 'There is no restructuring planned for your team this year.',
      approver: { approvalId: approval!.id },
      providers: { composer: { mode: 'human' } },
      asker: { anonymous: true },
    });
    expect((entry.body.entry.approver as { by: string }).by).toMatch(/Rafael Alvarez/);
    expect(JSON.stringify(entry.body.entry)).not.toContain('ada-k3x9pq');
    const proof = await auditor<InclusionProofDto>('GET', `/audit/entries/${res.body.auditIndex}/proof`);
    expect(
      verifyInclusion(
        unhex(entry.body.leafHash),
        proof.body.index,
        proof.body.treeSize,
        proof.body.path.map(unhex),
        unhex(proof.body.rootHash),
      ),
    ).toBe(true);

    // The linked follow-up is now approved with the same text, ready to publish in writing.
    const f = await comms<FollowupDto>('GET', `/followups/${followup.id}`);
    expect(f.body).toMatchObject({
      status: 'approved',
      draftText: 'There is no restructuring planned for your team this year.',
    });
    expect(f.body.history?.map((h) => h.action)).toEqual(['created', 'draft', 'approve', 'note']);

    // Decided items cannot be decided again.
    expect((await comms('POST', `/approvals/${approval!.id}/approve`, {})).status).toBe(409);
    expect((await comms('POST', `/approvals/${approval!.id}/reject`, { reason: 'x' })).status).toBe(409);
    expect((await comms('PATCH', `/approvals/${approval!.id}`, { text: 'x' })).status).toBe(409);
  });

  it('rejects without speaking; the follow-up stays open', async () => {
    const { approval, followup } = await escalate('Is the merger real?');
    const before = await podium.governance.audit.treeSize();
    const rejected = podium.governance.events.once('approval.rejected');
    const res = await comms<ApprovalDto>('POST', `/approvals/${approval!.id}/reject`, {
      reason: 'Not ours to answer live',
    });
    expect(res.body).toMatchObject({
      status: 'rejected',
      decisionNote: 'Not ours to answer live',
      auditIndex: null,
    });
    expect((await rejected).id).toBe(approval!.id);
    // Only the governance trail entry was added, no utterance.
    const entries = await podium.governance.audit.listEntries(before, 10);
    expect(entries.map((e) => e.entry.kind)).toEqual(['governance']);
    expect((await comms<FollowupDto>('GET', `/followups/${followup.id}`)).body.status).toBe('open');
  });

  it('refuses empty approvals, unknown ids and approvers without the comms grant', async () => {
    const { approval } = await escalate('Who is being let go?');
    expect((await comms('POST', `/approvals/${approval!.id}/approve`, { text: '   ' })).status).toBe(400);
    expect((await agent('POST', `/approvals/${approval!.id}/approve`, {})).status).toBe(403);
    expect((await auditor('POST', `/approvals/${approval!.id}/approve`, {})).status).toBe(403);
    expect((await comms('POST', '/approvals/ap_missing/approve', {})).status).toBe(404);
    const noDraft = await agent<Intake>('POST', '/intake', {
      roomId: 'town-hall',
      personaId: 'marisol-quennell',
      question: 'What about the lawsuit?',
      decision: 'escalate',
      reason: 'sensitive:legal-litigation',
      topic: 'legal-litigation',
    });
    const empty = await comms('POST', `/approvals/${noDraft.body.approval!.id}/approve`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toContain('must not be empty');
    const badIntake = await agent('POST', '/intake', {
      roomId: 'town-hall',
      personaId: 'p',
      question: 'q',
      decision: 'answer',
      reason: 'r',
    });
    expect(badIntake.status).toBe(400);
    expect(badIntake.body.error?.message).toContain('decision');
  });

  it('counts answers, escalations and releases in the metrics', async () => {
    const m = await admin(podium)<{
      approvals: { pending: number; approved: number; rejected: number };
      utterances: { approvedReleases: number };
    }>('GET', '/metrics');
    expect(m.body.approvals).toEqual({ pending: 3, approved: 1, rejected: 1 });
    expect(m.body.utterances.approvedReleases).toBe(1);
  });
});
