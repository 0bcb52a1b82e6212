import type { ColumnType, Generated, Selectable } from 'kysely';
import type { AnswerMode, QaCitation, QuestionState } from '../../common/qa.ts';

/** Set by the database on insert. */
type DefaultNow = ColumnType<Date, Date | undefined, Date>;
/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** bigint: a string from node-postgres, a number from PGlite; written as a number. */
type BigintColumn = ColumnType<number | string, number | undefined, number>;

export interface QaRoomsTable {
  room_id: string;
  seq: BigintColumn;
  pre_moderation: boolean | null;
  ended_at: Date | null;
  ended_by: string | null;
}

export interface QaQuestionsTable {
  id: string;
  room_id: string;
  text: string;
  text_key: string;
  original_text: string | null;
  edited_by: string | null;
  author_identity: string;
  author_name: string;
  anonymous: boolean;
  state: QuestionState;
  flagged: boolean;
  starred: Defaulted<boolean>;
  votes: Defaulted<number>;
  merged_into: string | null;
  dismiss_reason: string | null;
  answer_mode: AnswerMode | null;
  answer_text: string | null;
  answer_citations: ColumnType<QaCitation[] | null, string | null, string | null>;
  answered_by: string | null;
  answered_at: Date | null;
  created_at: DefaultNow;
  updated_at: DefaultNow;
  seq: BigintColumn;
}

export interface QaVotesTable {
  question_id: string;
  voter_identity: string;
  created_at: DefaultNow;
}

export interface QaQuestionHistoryTable {
  id: Generated<number>;
  question_id: string;
  action: string;
  from_state: QuestionState | null;
  to_state: QuestionState;
  actor_identity: string | null;
  note: string | null;
  at: DefaultNow;
}

export interface QaStageTable {
  room_id: string;
  identity: string;
  name: string;
  hand_raised_at: Date | null;
  on_stage: Defaulted<boolean>;
  changed_by: string | null;
  updated_at: DefaultNow;
}

/** The Q&A tables, merged into the store's `Database` interface. */
export interface QaTables {
  qa_rooms: QaRoomsTable;
  qa_questions: QaQuestionsTable;
  qa_votes: QaVotesTable;
  qa_question_history: QaQuestionHistoryTable;
  qa_stage: QaStageTable;
}

export type QuestionRow = Selectable<QaQuestionsTable>;
export type QaRoomRow = Selectable<QaRoomsTable>;
export type HistoryRow = Selectable<QaQuestionHistoryTable>;
export type StageRow = Selectable<QaStageTable>;
