import type { QaCitation, QuestionDto, QuestionView, StageEntryDto } from '../../common/qa.ts';
import type { QuestionRow, StageRow } from './tables.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * A question as others may see it. The author's identity and name are left out when the question
 * is anonymous; moderation details (original text, editor, dismissal reason) only when asked for.
 */
export function toQuestionDto(row: QuestionRow, withModeration: boolean): QuestionDto {
  return {
    id: row.id,
    roomId: row.room_id,
    text: row.text,
    edited: row.original_text !== null,
    author: row.anonymous ? null : { identity: row.author_identity, name: row.author_name },
    anonymous: row.anonymous,
    state: row.state,
    flagged: row.flagged,
    starred: row.starred,
    votes: row.votes,
    mergedInto: row.merged_into,
    answer:
      row.answer_mode === null
        ? null
        : {
            mode: row.answer_mode,
            text: row.answer_text,
            citations: (row.answer_citations ?? []) as QaCitation[],
            answeredBy: row.answered_by ?? '',
            answeredAt: row.answered_at ? iso(row.answered_at) : iso(row.updated_at),
          },
    moderation: withModeration
      ? { originalText: row.original_text, editedBy: row.edited_by, dismissReason: row.dismiss_reason }
      : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    seq: Number(row.seq),
  };
}

export interface Viewer {
  identity: string;
  /** Moderator or above. */
  staff: boolean;
}

/** A question for one viewer: moderation details for staff and for the author's own question. */
export function toQuestionView(row: QuestionRow, viewer: Viewer, voted: boolean): QuestionView {
  const mine = row.author_identity === viewer.identity;
  return { ...toQuestionDto(row, viewer.staff || mine), voted, mine };
}

export function toStageEntryDto(row: StageRow): StageEntryDto {
  return {
    identity: row.identity,
    name: row.name,
    handRaised: row.hand_raised_at !== null,
    handRaisedAt: row.hand_raised_at ? iso(row.hand_raised_at) : null,
    onStage: row.on_stage,
    updatedAt: iso(row.updated_at),
  };
}
