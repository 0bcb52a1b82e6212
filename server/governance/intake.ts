import { z } from 'zod';
import type { ApprovalDto, FollowupDto } from '../../common/governance.ts';
import type { ApprovalService } from './approvals/approval-service.ts';
import type { FollowupService } from './followups/followup-service.ts';

/** What the twin agent reports for a question the twin did not answer. */
export const unansweredSchema = z.strictObject({
  roomId: z.string().min(1).max(64),
  personaId: z.string().min(1).max(100),
  questionId: z.string().min(1).max(100).nullable().default(null),
  question: z.string().trim().min(1, { error: 'must not be empty' }).max(4_000),
  asker: z
    .strictObject({
      identity: z.string().min(1).max(128),
      name: z.string().max(200).nullable().default(null),
      anonymous: z.boolean(),
    })
    .nullable()
    .default(null),
  decision: z.enum(['decline', 'escalate'], { error: 'must be "decline" or "escalate"' }),
  reason: z.string().min(1).max(200),
  topic: z.string().max(200).nullable().default(null),
  /** For escalations: a proposed answer for the approver to start from (may be empty). */
  draftText: z.string().max(20_000).default(''),
});

export type UnansweredInput = z.input<typeof unansweredSchema>;

/**
 * Routes a question the twin did not answer: a declined question becomes a follow-up; an escalated
 * one becomes a follow-up and an approval item linked to it (approving it answers live and marks
 * the follow-up approved, ready to publish in writing).
 */
export async function recordUnanswered(
  services: { approvals: ApprovalService; followups: FollowupService },
  input: UnansweredInput,
  actor: string,
): Promise<{ followup: FollowupDto; approval: ApprovalDto | null }> {
  const u = unansweredSchema.parse(input);
  const followup = await services.followups.create(
    {
      roomId: u.roomId,
      questionId: u.questionId,
      question: u.question,
      asker: u.asker,
      origin: u.decision === 'escalate' ? 'escalated' : 'declined',
      reason: u.reason,
      topic: u.topic,
    },
    actor,
  );
  if (u.decision === 'decline') return { followup, approval: null };
  const approval = await services.approvals.create(
    {
      roomId: u.roomId,
      personaId: u.personaId,
      questionId: u.questionId,
      question: u.question,
      asker: u.asker,
      topic: u.topic,
      reason: u.reason,
      draftText: u.draftText,
      followupId: followup.id,
    },
    actor,
  );
  return { followup: await services.followups.linkApproval(followup.id, approval.id), approval };
}
