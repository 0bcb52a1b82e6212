import type { Selectable } from 'kysely';
import type { FollowupDto, FollowupStatus } from '../../../common/governance.ts';
import type { GovFollowupsTable } from '../tables.ts';

/** Where published answers go for the room's Q&A record (server/qa's `recordAnswer`). */
export interface AnswerArchive {
  recordWrittenAnswer(input: {
    roomId: string;
    questionId: string;
    text: string;
    answeredBy: string;
  }): Promise<void>;
}

export interface FollowupAsker {
  identity: string;
  name: string | null;
  anonymous: boolean;
}

export interface CreateFollowupInput {
  roomId: string;
  questionId: string | null;
  question: string;
  asker: FollowupAsker | null;
  origin: FollowupDto['origin'];
  reason: string;
  topic: string | null;
  approvalId?: string | null;
}

export type Row = Selectable<GovFollowupsTable>;

// What each action may start from, and where it leads (null: stays where it is).
export const TRANSITIONS = {
  draft: { from: ['open', 'drafted'], to: 'drafted', event: 'followup.drafted' },
  approve: { from: ['drafted'], to: 'approved', event: 'followup.approved' },
  return: { from: ['drafted', 'approved'], to: 'open', event: 'followup.returned' },
  publish: { from: ['approved'], to: 'published', event: 'followup.published' },
  assign: { from: ['open', 'drafted', 'approved'], to: null, event: 'followup.assigned' },
} as const satisfies Record<
  string,
  { from: readonly FollowupStatus[]; to: FollowupStatus | null; event: string }
>;

export function toDto(row: Row, now = new Date()): FollowupDto {
  return {
    id: row.id,
    roomId: row.room_id,
    questionId: row.question_id,
    question: row.question,
    asker:
      row.asker_identity === null
        ? null
        : row.asker_anonymous
          ? { anonymous: true }
          : { anonymous: false, identity: row.asker_identity, name: row.asker_name },
    origin: row.origin as FollowupDto['origin'],
    reason: row.reason,
    topic: row.topic,
    team: row.team,
    status: row.status as FollowupStatus,
    draftText: row.draft_text,
    answerText: row.answer_text,
    dueAt: row.due_at.toISOString(),
    overdue: row.status !== 'published' && row.due_at.getTime() < now.getTime(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    publishedAt: row.published_at ? row.published_at.toISOString() : null,
    publishedBy: row.published_by,
    approvalId: row.approval_id,
  };
}
